#!/bin/sh
# A command killed (SIGKILL) after each of its steps in turn, or before a
# step is recorded, or at a random moment with the tool it runs, then run
# again: the spool equals that of a run never interrupted (working set,
# closed files, processed/, the sequence file, queues, findings, reports).
# The kill points come from the test hook QK_FLOW_KILL_AFTER.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flow-lib.sh"

BASE=$SCRATCH/base
mkdir -p "$BASE"
days "$BASE" 2026-11-02 3 2>"$SCRATCH/base.err" || echo "# the base spool failed" >&2

# prepare CMD DIR: a copy of the base spool with CMD's inputs of the day.
prepare() {
	cp -R "$BASE" "$2" &&
	case $1 in
	qk-daily) apps "$2" 2026-11-05 77 20 ;;
	qk-evening) events "$2" 2026-11-05 ;;
	*) : ;;
	esac
}

# at CMD: the time of CMD's run.
at() {
	case $1 in
	qk-daily) echo 2026-11-05T08:30:00+08:00 ;;
	qk-evening) echo 2026-11-05T18:00:00+08:00 ;;
	qk-nightly) echo 2026-11-05T22:30:00+08:00 ;;
	qk-monthly) echo 2026-12-01T02:00:00+08:00 ;;
	esac
}

# kill_points CMD POINTS...: for each point, a killed run then a normal
# one equal an uninterrupted run; the working set in between is the one
# before or the one after.
kill_points() {
	cmd=$1
	shift
	prepare $cmd ref &&
	{ $cmd -q --home ref --at $(at $cmd) || [ $? -eq 1 ]; } || return 1
	for p in "$@"; do
		rm -rf k &&
		prepare $cmd k &&
		{ QK_FLOW_KILL_AFTER=$p $cmd -q --home k --at $(at $cmd); killed $?; } &&
		{ cmp -s k/open.xml "$BASE/open.xml" || cmp -s k/open.xml ref/open.xml; } &&
		{ $cmd -q --home k --at $(at $cmd) || [ $? -eq 1 ]; } &&
		spool_same ref k || { echo "kill point $p of $cmd" >&2; return 1; }
	done
}

test_ok 'qk-daily killed before and after each of its 4 steps, and as it finishes' '
	kill_points qk-daily 1- 1 2- 2 3- 3 4- 4 finish
'

test_ok 'qk-evening killed before and after each of its 3 steps, and as it finishes' '
	kill_points qk-evening 1- 1 2- 2 3- 3 finish
'

if have qk-pack; then
	test_ok 'qk-monthly killed before and after each of its 5 steps, and as it finishes' '
		kill_points qk-monthly 1- 1 2- 2 3- 3 4- 4 5- 5 finish
	'
else
	test_skip 'qk-monthly killed before and after each of its 5 steps' 'qk-pack is not built'
fi

if have qk-audit && have qk-report; then
	test_ok 'qk-nightly killed after each of its 7 steps' '
		kill_points qk-nightly 1 2 3 4 5 6 7
	'
else
	test_skip 'qk-nightly killed after each of its 7 steps' 'qk-audit or qk-report is not built'
fi

test_ok 'qk-daily and its tools killed together at moments along the run' '
	prepare qk-daily ref &&
	qk-daily -q --home ref --at $(at qk-daily) &&
	for t in 0.05 0.1 0.15 0.2 0.25 0.3 0.4 0.5; do
		rm -rf k && prepare qk-daily k &&
		setsid qk-daily -q --home k --at $(at qk-daily) &
		pid=$! &&
		sleep $t && kill -KILL -- -$pid 2>/dev/null; wait $pid;
		{ cmp -s k/open.xml "$BASE/open.xml" || cmp -s k/open.xml ref/open.xml; } &&
		qk-daily -q --home k --at $(at qk-daily) &&
		spool_same ref k || { echo "killed after ${t}s" >&2; return 1; }
	done
'

test_ok 'a file dropped under the name of one a killed run took is not lost: it waits for the next run' '
	mkdir -p h/inbox/applications &&
	apps h 2026-11-05 77 5 &&
	{ QK_FLOW_KILL_AFTER=1- qk-daily -q --home h --at 2026-11-05T08:30:00+08:00; killed $?; } &&
	apps h 2026-11-05 78 5 &&
	qk-daily -q --home h --at 2026-11-05T08:30:00+08:00 &&
	n=$(grep -c "^  <case " h/open.xml) &&
	r=$(cat h/processed/*/rejects.xml | grep -c "<error ") &&
	test $((n + r)) -eq 10 &&
	test -f h/processed/20261105T083000-daily/in/win-2026-11-05.xml &&
	test -f h/processed/20261105T083000-daily.2/in/win-2026-11-05.xml
'

test_ok 'the kill point is named by the hook only: a run without it is not killed' '
	prepare qk-daily h &&
	QK_FLOW_KILL_AFTER=9 qk-daily -q --home h --at $(at qk-daily) &&
	ls h/processing >left && same /dev/null left
'
test_done
