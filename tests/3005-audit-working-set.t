#!/bin/sh
# qk-audit over a generated working set: the tools' own cases are sound
# (no tamper or lifecycle finding), the findings validate, the counts add
# up, and the warnings spooled come back in input order.
. "$(dirname "$0")/lib.sh"
GEN=${QK_BUILD:-$TOP/build}/tests/qk-gen

week() {
	"$GEN" applications --seed 11 --count 400 --from 2026-11-16 --days 5 -o apps.xml &&
	{ qk-intake --seq "$PWD/seq" -o new.xml apps.xml 2>/dev/null; test $? -le 1; } &&
	qk-route --at 2026-11-20T18:00:00+08:00 -o open.xml new.xml &&
	for d in 2026-11-23 2026-11-24 2026-11-25; do
		"$GEN" events --seed 11 --day $d -o ev-$d.xml open.xml &&
		{ qk-route --apply ev-$d.xml --at ${d}T18:00:00+08:00 -o open.xml open.xml 2>/dev/null; test $? -le 1; } || return 1
	done
}

test_ok 'the tools'"'"' own cases give no tamper, lifecycle or derived-state finding' '
	week &&
	qk-audit -f text --as-of 2026-11-26 --fail-on never open.xml >out &&
	test -s out &&
	! cut -f2 out | grep -x -e chain-broken -e seq-gap -e state-mismatch -e illegal-transition -e time-backwards
'

test_ok 'the findings of a working set validate, and -v counts the cases' '
	week &&
	qk-audit -v --as-of 2026-12-20 -o f.xml open.xml 2>err;
	test $? -le 1 &&
	valid f.xml &&
	n=$(grep -c "<case " open.xml) &&
	grep -Fx "qk-audit: $n read, $n written, 0 rejected" err
'

test_ok 'warnings and infos come after the errors, each in input order of the cases' '
	week &&
	qk-audit -f text --as-of 2026-12-20 --fail-on never open.xml >out &&
	cut -f1 out | uniq >sev &&
	printf "error\nwarning\ninfo\n" >want0 &&
	grep -x -f sev want0 >want &&
	same want sev &&
	grep "<case " open.xml | sed "s/.* id=\"\([^\"]*\)\".*/\1/" >ids &&
	for s in error warning info; do
		awk -F "\t" -v s=$s "\$1 == s && \$3 != \"-\" { print \$3 }" out | uniq >got-$s &&
		grep -x -F -f got-$s ids >want-$s &&
		same want-$s got-$s || return 1
	done
'

test_ok 'recomputing the derived parts changes no finding' '
	week &&
	qk-route --no-dispatch --at 2026-11-25T18:00:00+08:00 -o again.xml open.xml &&
	qk-audit -f text --as-of 2026-12-20 --fail-on never open.xml >a &&
	qk-audit -f text --as-of 2026-12-20 --fail-on never again.xml >b &&
	same a b
'

test_done
