#!/bin/sh
# qk-gen, the sample-data generator of the demo and the bench: seeded and
# deterministic, and what it writes is what the tools accept.
. "$(dirname "$0")/lib.sh"
GEN=${QK_BUILD:-$TOP/build}/tests/qk-gen
SET=$SCRATCH/set

# The working set of the event tests: 2000 applications over the 10
# working days from 2026-11-02, accepted, dispatched on the evening of
# 2026-11-13.  Event days: 2026-11-16 to 2026-11-20.
working_set() {
	mkdir -p "$SET" &&
	"$GEN" applications --seed 7 --count 2000 --from 2026-11-02 --days 10 -o "$SET/apps.xml" &&
	must_fail 1 qk-intake -v --seq "$SET/seq" --rejects "$SET/rejects.xml" \
		-o "$SET/new.xml" "$SET/apps.xml" 2>"$SET/intake.err" &&
	qk-route --at 2026-11-13T18:00:00+08:00 -o "$SET/open.xml" "$SET/new.xml"
}

# apply DAY: generates DAY's events for the working set and applies them:
# the only rejects are the deliberate ones, as many as qk-gen made.
apply() {
	"$GEN" events -v --seed 7 --day "$1" -o "$SET/ev-$1.xml" "$SET/open.xml" 2>gen.err &&
	invalid=$(sed -n "s/.*(\([0-9]*\) deliberately invalid).*/\1/p" gen.err) &&
	must_fail $((invalid > 0)) qk-route --apply "$SET/ev-$1.xml" --at "$1T18:00:00+08:00" \
		--rejects "$SET/rej-$1.xml" -o "$SET/open.xml" "$SET/open.xml" 2>route.err &&
	test "$(grep -c "<error " "$SET/rej-$1.xml")" -eq "$invalid" &&
	! grep "<error " "$SET/rej-$1.xml" | grep -v -e 'code="case-unknown"' -e 'code="item-unknown"'
}

test_ok '--help prints the usage of the three modes and exits 0' '
	"$GEN" --help >out &&
	grep -F "qk-gen applications [--seed S]" out &&
	grep -F "qk-gen events [--seed S] --day DATE" out &&
	grep -F "qk-gen workdays" out
'

test_ok 'an unknown mode, a missing --day or a bad number is a usage error' '
	must_fail 2 "$GEN" sample 2>err &&
	grep -F "qk-gen: unknown mode '\''sample'\''" err &&
	must_fail 2 "$GEN" events 2>err &&
	grep -F "qk-gen: events: --day is required" err &&
	must_fail 2 "$GEN" applications --count -3 2>err &&
	grep -F "qk-gen: invalid --count '\''-3'\''" err &&
	must_fail 2 "$GEN" applications --from 2026-02-30 2>err &&
	grep -F "invalid --from" err
'

test_ok 'workdays lists the working days of the calendar' '
	"$GEN" workdays --from 2026-09-26 --days 6 >out &&
	printf "%s\n" 2026-09-28 2026-09-29 2026-09-30 2026-10-08 2026-10-09 2026-10-10 >want &&
	same want out
'

test_ok 'applications: the same seed gives the same bytes, another seed others' '
	"$GEN" applications --seed 3 --count 300 >a &&
	"$GEN" applications --seed 3 --count 300 >b &&
	"$GEN" applications --seed 4 --count 300 >c &&
	cmp a b &&
	! cmp -s a c &&
	test "$(grep -c "<application " a)" -eq 300
'

test_ok 'applications: -o FILE holds what standard output gets' '
	"$GEN" applications --seed 3 --count 50 >a &&
	"$GEN" applications --seed 3 --count 50 -o b.xml &&
	cmp a b.xml
'

test_ok 'applications: valid against applications.rng' '
	"$GEN" applications --seed 5 --count 1000 -o a.xml &&
	valid a.xml
'

test_ok 'applications: in time order, at 08:30-17:30 on working days but online ones' '
	"$GEN" applications --seed 5 --count 1000 --from 2026-09-26 --days 5 -o a.xml &&
	sed -n "s/.*received=\"\([^\"]*\)\".*/\1/p" a.xml | cut -c1-19 >t &&
	sort -c t &&
	grep "<application " a.xml | grep -v "channel=\"online\"" |
		sed -n "s/.*received=\"\([^\"]*\)\".*/\1/p" | cut -c1-16 >offline &&
	test -s offline &&
	! grep -v -E "T(08:[3-5]|09|1[0-6]|17:[0-2]|17:30)" offline &&
	! grep -E "^2026-09-2[67]|^2026-10-0[1-7]" offline &&
	grep "channel=\"online\"" a.xml | grep -E "received=\"2026-10-0[1-7]" >/dev/null
'

test_ok 'applications: every channel, agents registered, valid id numbers' '
	"$GEN" applications --seed 5 --count 2000 -o a.xml &&
	for c in window online agent post selfservice; do
		grep -c "channel=\"$c\"" a.xml >n && test "$(cat n)" -gt 40 || exit 1
	done &&
	test "$(grep -c "channel=\"window\"" a.xml)" -gt 900 &&
	! grep "channel=\"agent\"" a.xml | grep -v " agent=\"A[0-9]*\"" &&
	grep -F "kind=\"org\"" a.xml >/dev/null &&
	grep -F "idtype=\"passport\"" a.xml >/dev/null &&
	must_fail 1 qk-intake --seq "$PWD/seq" --rejects r.xml -o c.xml a.xml 2>/dev/null &&
	grep -o "code=\"[a-z-]*\"" r.xml | sort -u >codes &&
	printf "code=\"%s\"\n" idno-invalid received-malformed staff-unknown >want &&
	same want codes
'

test_ok 'applications: qk-intake accepts most, with corrections, deferrals, refusals and rejects' '
	working_set &&
	grep -F "qk-intake: 2000 read" "$SET/intake.err" >summary &&
	set -- $(sed "s/[^0-9 ]//g" summary) &&
	echo "read $1 written $2 rejected $3 accepted $4 correction $5 refused $6" &&
	test "$3" -ge 5 && test "$3" -le 60 &&
	test "$4" -ge 1700 &&
	test "$5" -ge 60 && test "$5" -le 300 &&
	test "$6" -ge 5 && test "$6" -le 60 &&
	grep -F "status=\"deferred\"" "$SET/new.xml" >/dev/null &&
	grep -F "reason=\"item-unclaimed\"" "$SET/new.xml" >/dev/null &&
	grep -F "reason=\"item-unknown\"" "$SET/new.xml" >/dev/null &&
	grep -E "<request item=\"CL-001\"/>" -A1 "$SET/apps.xml" | grep -F "CL-00" | grep -v "CL-001" >/dev/null
'

test_ok 'events: the same seed gives the same bytes, another seed others' '
	"$GEN" events --seed 7 --day 2026-11-16 "$SET/open.xml" >a &&
	"$GEN" events --seed 7 --day 2026-11-16 "$SET/open.xml" >b &&
	"$GEN" events --seed 8 --day 2026-11-16 "$SET/open.xml" >c &&
	cmp a b &&
	! cmp -s a c &&
	test "$(grep -c "<event " a)" -gt 300
'

test_ok 'events: read from standard input and from a gzip copy alike' '
	"$GEN" events --seed 7 --day 2026-11-16 -o a.xml "$SET/open.xml" &&
	"$GEN" events --seed 7 --day 2026-11-16 -o b.xml <"$SET/open.xml" &&
	gzip -c "$SET/open.xml" >open.xml.gz &&
	"$GEN" events --seed 7 --day 2026-11-16 -o c.xml open.xml.gz &&
	cmp a.xml b.xml &&
	cmp a.xml c.xml
'

test_ok 'events: valid against events.rng, at 08:30-17:30 +08:00 on the day' '
	"$GEN" events --seed 7 --day 2026-11-16 -o e.xml "$SET/open.xml" &&
	valid e.xml &&
	! grep "<event " e.xml | grep -v -E " at=\"2026-11-16T(08:[3-5][0-9]|09|1[0-6]|17:[0-2][0-9]|17:30:00)[0-9:]*\+08:00\""
'

test_ok 'events: qk-route rejects only the deliberate case-unknown and item-unknown' '
	apply 2026-11-16 &&
	grep -F "code=\"case-unknown\"" "$SET/rej-2026-11-16.xml" >/dev/null
'

test_ok 'events: four more days, each applied without other rejects, every kind made' '
	for d in 2026-11-17 2026-11-18 2026-11-19 2026-11-20; do
		apply $d || exit 1
	done &&
	cat "$SET"/rej-*.xml >rejects &&
	grep -F "code=\"case-unknown\"" rejects >/dev/null &&
	grep -F "code=\"item-unknown\"" rejects >/dev/null &&
	cat "$SET"/ev-*.xml >all &&
	for t in supplied decided suspended resumed issued rated rectified withdrawn; do
		grep -F "type=\"$t\"" all >/dev/null || { echo "no $t event"; exit 1; }
	done &&
	for s in correction in-progress ready issued closed withdrawn; do
		grep -F "state=\"$s\"" "$SET/open.xml" >/dev/null || { echo "no $s case"; exit 1; }
	done &&
	valid "$SET/open.xml"
'

test_ok 'events: decisions by staff of the item department, most approved and on time' '
	cat "$SET"/ev-*.xml | grep "type=\"decided\"" >d &&
	test "$(grep -c "outcome=\"approved\"" d)" -gt "$(($(wc -l <d) * 85 / 100))" &&
	! grep -v -E "item=\"([A-Z]+)-[0-9]+\".* by=\"\1[0-9]+\"" d
'

test_done
