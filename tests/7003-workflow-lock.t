#!/bin/sh
# Two runs at once: the second waits for the lock (flock) or, with
# --no-wait or when --wait runs out, stops with a message and status 3.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flow-lib.sh"

if ! command -v flock >/dev/null 2>&1; then
	test_skip 'overlapping runs' 'flock (util-linux) is not installed'
	test_done
	exit
fi

test_ok '--no-wait: a run stops at once while another holds the lock' '
	mkdir -p h/inbox/applications && apps h 2026-11-24 5 &&
	: >h/lock &&
	flock h/lock sleep 3 &
	sleep 0.5 &&
	must_fail 3 qk-daily --no-wait --home h --at 2026-11-24T08:30:00+08:00 2>err &&
	grep -F "qk-daily: lock: another run holds $PWD/h/lock; stopped (--no-wait)" err &&
	test -f h/inbox/applications/win-2026-11-24.xml &&
	wait
'

test_ok '--wait N: a run gives up after N seconds, with status 3' '
	mkdir -p h &&
	: >h/lock &&
	flock h/lock sleep 4 &
	sleep 0.5 &&
	must_fail 3 qk-evening --wait 1 --home h --at 2026-11-24T18:00:00+08:00 2>err &&
	grep -F "qk-evening: lock: another run holds $PWD/h/lock; waiting up to 1s" err &&
	grep -F "qk-evening: lock: another run still holds $PWD/h/lock after 1s; stopped" err &&
	wait
'

test_ok 'a run waits for the lock, then runs' '
	mkdir -p h/inbox/applications && apps h 2026-11-24 5 &&
	: >h/lock &&
	flock h/lock sleep 2 &
	sleep 0.5 &&
	qk-daily --home h --at 2026-11-24T08:30:00+08:00 2>err &&
	grep -F "waiting up to 1800s" err &&
	grep -F "qk-daily: done: 20261124T083000-daily" err &&
	test -f h/processed/20261124T083000-daily/in/win-2026-11-24.xml &&
	wait
'

test_ok 'two mornings and two evenings started together: each file processed once' '
	days h 2026-11-02 2 2>/dev/null &&
	cp -R h ref &&
	apps h 2026-11-04 51 && apps ref 2026-11-04 51 &&
	qk-daily -q --home ref --at 2026-11-04T08:30:00+08:00 2>/dev/null &&
	{ qk-daily -q --home h --at 2026-11-04T08:30:00+08:00 2>err1 & } &&
	{ qk-daily -q --home h --at 2026-11-04T08:30:00+08:00 2>err2 & } &&
	wait &&
	spool_same ref h &&
	events ref 2026-11-04 && cp ref/inbox/events/* h/inbox/events/ &&
	qk-evening -q --home ref --at 2026-11-04T18:00:00+08:00 2>/dev/null &&
	{ qk-evening -q --home h --at 2026-11-04T18:00:00+08:00 2>err1 & } &&
	{ qk-evening -q --home h --at 2026-11-04T18:00:00+08:00 2>err2 & } &&
	wait &&
	spool_same ref h
'
test_done
