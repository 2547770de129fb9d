#!/bin/sh
# qk-audit -j N: the documents of the inputs are audited in parallel and
# the output, the messages and the exit status are those of -j 1, byte for
# byte: findings in input order, duplicates found across inputs, errors
# where one core stops.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/jobs-lib.sh"
AUDIT="qk-audit --as-of 2026-11-30"

test_ok 'files: the same findings at every -j, duplicates across inputs found' '
	daily_sets &&
	same_at_every_j $AUDIT -f text $SET/day16.xml $SET/day17.xml $SET/day18.xml \
		$SET/none.xml $SET/day16.xml &&
	test "$(cat status.1)" = 1 &&
	test "$(grep -c "	duplicate-id	" out.1)" = "$(cases $SET/day16.xml)" &&
	grep -q "	duplicate-application	" out.1 &&
	grep -q "^warning	" out.1 && grep -q "^error	" out.1
'

test_ok 'XML output, -o FILE and --fail-on never are the same at every -j' '
	daily_sets &&
	same_at_every_j $AUDIT -f xml $SET/day16.xml $SET/day17.xml $SET/day16.xml &&
	valid out.1 &&
	for j in 1 3; do
		$AUDIT --fail-on never -j $j -o f$j.xml $SET/day18.xml $SET/day16.xml $SET/day18.xml || return 1
	done &&
	cmp f1.xml f3.xml
'

test_ok 'a tar.gz of daily files: the same, members in archive order, README skipped' '
	daily_sets &&
	same_at_every_j $AUDIT -f text $SET/month.tar.gz &&
	grep -F "month.tar.gz(README): skipping member: not an .xml file" err.1 &&
	test "$(grep -c "	duplicate-id	" out.1)" = "$(cases $SET/day16.xml)" &&
	$AUDIT -f text -j 1 $SET/day16.xml $SET/day17.xml $SET/day18.xml $SET/day16.xml >files.out;
	cmp out.1 files.out
'

test_ok 'every record is audited once: -v counts add up at every -j' '
	daily_sets &&
	same_at_every_j $AUDIT -v -f text $SET/month.tar.gz $SET/bad.xml &&
	n=$(($(cases $SET/day16.xml $SET/day17.xml $SET/day18.xml $SET/day16.xml) + $(cases $SET/bad.xml))) &&
	grep -Fx "qk-audit: $n read, $((n - 1)) written, 1 rejected" err.1 &&
	test "$(grep -c "	case-malformed	" out.1)" = 1
'

test_ok 'a missing, an empty or a broken input among others: the same stop' '
	daily_sets &&
	same_at_every_j $AUDIT -f text $SET/day16.xml $SET/missing.xml $SET/day17.xml &&
	test "$(cat status.1)" = 2 &&
	grep -F "missing.xml: No such file or directory" err.1 &&
	test -s out.1 &&
	same_at_every_j $AUDIT -f text $SET/day16.xml $SET/zero.xml $SET/day17.xml &&
	test "$(cat status.1)" = 2 &&
	grep -F "zero.xml: no document in input (it is empty)" err.1 &&
	head -c 200000 $SET/day18.xml >cut.xml &&
	same_at_every_j $AUDIT -f text $SET/day16.xml cut.xml $SET/day17.xml &&
	test "$(cat status.1)" = 2 &&
	grep -F "cut.xml:" err.1 &&
	same_at_every_j $AUDIT -f xml $SET/day17.xml cut.xml &&
	test "$(cat status.1)" = 2
'

test_ok 'a truncated archive and standard input: the same at every -j' '
	daily_sets &&
	head -c 300000 $SET/month.tar.gz >cut.tar.gz &&
	same_at_every_j $AUDIT -f text $SET/day18.xml cut.tar.gz &&
	test "$(cat status.1)" = 2 &&
	for j in 1 2 4; do
		$AUDIT -f text -j $j - <$SET/month.tar.gz >in.$j 2>ein.$j
		echo $? >>ein.$j
	done &&
	cmp in.1 in.2 && cmp in.1 in.4 && cmp ein.1 ein.2 && cmp ein.1 ein.4
'

test_ok 'a fifo operand among others: read once, the same at every -j' '
	daily_sets &&
	$AUDIT -f text -j 1 $SET/day16.xml $SET/day17.xml >want 2>ewant;
	echo $? >>ewant &&
	for j in 2 4; do
		rm -f in.fifo && mkfifo in.fifo &&
		{ cat $SET/day17.xml >in.fifo & } &&
		timeout 60 $AUDIT -f text -j $j $SET/day16.xml in.fifo >got.$j 2>egot.$j
		echo $? >>egot.$j
		wait &&
		same want got.$j && same ewant egot.$j || return 1
	done
'

test_ok '-f xml on standard output: the errors of a file reach it while a fifo waits' '
	daily_sets &&
	rm -f in.fifo && mkfifo in.fifo &&
	{ $AUDIT -f xml -j 2 $SET/day16.xml in.fifo >out.xml 2>err & } &&
	exec 3>in.fifo &&
	n=0 && while ! grep -q "<finding " out.xml && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done &&
	grep -q "<finding " out.xml &&
	cat $SET/day17.xml >&3 &&
	exec 3>&- &&
	{ wait $!; test $? = 1; } &&
	must_fail 1 $AUDIT -f xml -j 1 $SET/day16.xml $SET/day17.xml >want.xml &&
	same want.xml out.xml
'

test_ok '-j takes an integer from 1; --help and the man page say so' '
	must_fail 2 qk-audit -j 0 2>err &&
	grep -F "invalid -j '\''0'\''" err &&
	must_fail 2 qk-audit --jobs x 2>err &&
	qk-audit --help >out &&
	grep -F "[-j N]" out &&
	grep -F "\\-\\-jobs" "$TOP/share/man/man1/qk-audit.1"
'

test_ok 'memory stays bounded at -j 4: records in flight, not inputs' '
	daily_sets &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cp $SET/day17.xml big$i.xml || return 1; done &&
	one=$(peak_kb $AUDIT --fail-on never -j 1 -o /dev/null big*.xml) &&
	four=$(peak_kb $AUDIT --fail-on never -j 4 -o /dev/null big*.xml) &&
	echo "peak RSS: -j 1 ${one} KiB, -j 4 ${four} KiB" &&
	test "$four" -lt $((one + 24 * 1024)) &&
	case ${QK_BUILD:-} in
	*san) ;;	# the sanitizers add their own
	*) test "$four" -lt $((32 * 1024)) ;;
	esac
'

test_done
