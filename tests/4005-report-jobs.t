#!/bin/sh
# qk-report -j N: the cases of the inputs' documents are counted in
# parallel and the report, in every format, the messages and the exit
# status are those of -j 1, byte for byte.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/jobs-lib.sh"
REPORT="qk-report --as-of 2026-11-30"

test_ok 'files: every format is the same at every -j' '
	daily_sets &&
	for f in xml csv text html partial; do
		same_at_every_j $REPORT -f $f $SET/day16.xml $SET/day17.xml $SET/none.xml \
			$SET/day18.xml || return 1
	done &&
	same_at_every_j $REPORT -f csv --table staff $SET/day16.xml $SET/day18.xml &&
	same_at_every_j $REPORT -f text --from 2026-11-17 --to 2026-11-17 \
		$SET/day16.xml $SET/day17.xml $SET/day18.xml
'

test_ok 'a tar.gz of daily files: the same, every case counted once' '
	daily_sets &&
	same_at_every_j $REPORT -v -f xml $SET/month.tar.gz $SET/bad.xml &&
	valid out.1 &&
	grep -F "month.tar.gz(README): skipping member: not an .xml file" err.1 &&
	grep -F "bad.xml:3: case record malformed" err.1 &&
	n=$(($(cases $SET/day16.xml $SET/day17.xml $SET/day18.xml $SET/day16.xml) + $(cases $SET/bad.xml))) &&
	grep -F "qk-report: $n read, $((n - 1)) written, 1 rejected" err.1 &&
	grep -F "<metric name=\"received\" value=\"$((n - 1))\"/>" out.1
'

test_ok 'the partials of -j 4 merge into the report of -j 1' '
	daily_sets &&
	$REPORT -j 4 -f partial -o a.xml $SET/day16.xml $SET/day17.xml &&
	$REPORT -j 4 -f partial -o b.xml $SET/month.tar.gz &&
	$REPORT -j 1 -f xml -o whole.xml $SET/day16.xml $SET/day17.xml $SET/month.tar.gz &&
	same_at_every_j $REPORT --merge -f xml a.xml b.xml &&
	cmp out.1 whole.xml
'

test_ok 'a missing, an empty or a broken input among others: the same stop' '
	daily_sets &&
	same_at_every_j $REPORT -f xml $SET/day16.xml $SET/missing.xml $SET/day17.xml &&
	test "$(cat status.1)" = 2 && ! test -s out.1 &&
	grep -F "missing.xml: No such file or directory" err.1 &&
	same_at_every_j $REPORT -f xml $SET/bad.xml $SET/zero.xml $SET/day17.xml &&
	test "$(cat status.1)" = 2 &&
	grep -F "bad.xml:3: case record malformed" err.1 &&
	head -c 200000 $SET/day18.xml >cut.xml &&
	same_at_every_j $REPORT -f text $SET/day16.xml cut.xml $SET/day17.xml &&
	test "$(cat status.1)" = 2 &&
	head -c 300000 $SET/month.tar.gz >cut.tar.gz &&
	same_at_every_j $REPORT -f csv cut.tar.gz &&
	test "$(cat status.1)" = 2
'

test_ok '--briefing and standard input give the same at every -j' '
	daily_sets &&
	same_at_every_j $REPORT --briefing $SET/day16.xml $SET/day17.xml &&
	for j in 1 2 4; do
		$REPORT -f xml -j $j - <$SET/month.tar.gz >in.$j 2>ein.$j
		echo $? >>ein.$j
	done &&
	cmp in.1 in.2 && cmp in.1 in.4 && cmp ein.1 ein.2 && cmp ein.1 ein.4
'

test_ok '-j takes an integer from 1; --help and the man page say so' '
	must_fail 2 qk-report -j 0 2>err &&
	grep -F "invalid -j '\''0'\''" err &&
	qk-report --help >out &&
	grep -F "[-j N]" out &&
	grep -F "\\-\\-jobs" "$TOP/share/man/man1/qk-report.1"
'

test_ok 'memory stays bounded at -j 4: records and counters in flight' '
	daily_sets &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cp $SET/day17.xml big$i.xml || return 1; done &&
	one=$(peak_kb $REPORT -j 1 -o /dev/null big*.xml) &&
	four=$(peak_kb $REPORT -j 4 -o /dev/null big*.xml) &&
	echo "peak RSS: -j 1 ${one} KiB, -j 4 ${four} KiB" &&
	test "$four" -lt $((one + 24 * 1024)) &&
	case ${QK_BUILD:-} in
	*san) ;;	# the sanitizers add their own
	*) test "$four" -lt $((32 * 1024)) ;;
	esac
'

test_done
