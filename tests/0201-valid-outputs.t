#!/bin/sh
# Every XML document the tools write validates against the shipped RELAX NG
# schema of its root (formats.md, Schemas): cases, rejects and department
# queues, over a generated working set with every outcome in it.
. "$(dirname "$0")/lib.sh"
GEN=${QK_BUILD:-$TOP/build}/tests/qk-gen

if ! [ -f "$TOP/share/qk/schema/cases.rng" ]; then
	test_skip 'outputs validate' 'no schemas'
	test_done
	exit
fi

# status STATUS REJECTS ERR: a run that rejected something exits 1, one
# that did not exits 0, and it said "… rejected: …" once per reject and
# nothing else.
status() {
	n=$(grep -c "<error " "$2")
	want=0
	[ "$n" -gt 0 ] && want=1
	test "$1" -eq "$want" &&
	test "$(grep -c " rejected: " "$3")" -eq "$n" &&
	! grep -v " rejected: " "$3"
}

# A week at the centre: intake, dispatch, and three days of events.
week() {
	"$GEN" applications --seed 11 --count 600 --from 2026-11-16 --days 5 -o apps.xml &&
	{ qk-intake --seq "$PWD/seq" --rejects rej-intake.xml -o new.xml apps.xml 2>err-intake
	  status $? rej-intake.xml err-intake; } &&
	grep -q "<error " rej-intake.xml &&
	qk-route --at 2026-11-20T18:00:00+08:00 --split q -o open.xml new.xml &&
	for d in 2026-11-23 2026-11-24 2026-11-25; do
		"$GEN" events --seed 11 --day $d -o ev-$d.xml open.xml &&
		{ qk-route --apply ev-$d.xml --at ${d}T18:00:00+08:00 --rejects rej-$d.xml \
			--split q-$d.tar.gz -o open.xml open.xml 2>err-$d
		  status $? rej-$d.xml err-$d; } || return 1
	done
}

test_ok 'cases, rejects and queues of a week all validate' '
	week &&
	valid new.xml && valid open.xml && valid rej-intake.xml &&
	for d in 2026-11-23 2026-11-24 2026-11-25; do valid rej-$d.xml || return 1; done &&
	for f in q/*.xml; do valid "$f" || return 1; done &&
	mkdir x && bsdtar -xf q-2026-11-25.tar.gz -C x &&
	for f in x/*.xml; do valid "$f" || return 1; done
'

test_ok 'the week has cases in correction, in progress, ready, issued, closed and refused, and rejects of both tools' '
	week &&
	for s in correction in-progress ready issued closed refused; do
		grep -q "<case .* state=\"$s\"" open.xml || { echo "no $s case" >&2; return 1; }
	done &&
	grep -q "<error " rej-intake.xml &&
	cat rej-2026-11-2*.xml | grep -q "<error "
'

test_ok 'the examples reproduced by the tools validate' '
	qk-intake $REF --seq "$PWD/seq" $EX/applications.xml >c.xml && valid c.xml &&
	qk-route $REF --at 2026-11-24T18:00:00+08:00 c.xml >r.xml && valid r.xml &&
	qk-route $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 r.xml >a.xml && valid a.xml
'
test_done
