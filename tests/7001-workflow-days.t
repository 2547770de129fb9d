#!/bin/sh
# qk-daily and qk-evening over simulated days: every application and event
# is accounted for, the working set is that of the tools run by hand, and
# the options and usage errors of the four commands.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flow-lib.sh"

# refs FILES...: received and ref of each application, one per line.
refs() {
	cat "$@" | sed -n 's/.*<application ref="\([^"]*\)" received="\([^"]*\)".*/\2 \1/p'
}

# evkeys: case, type, at and item of each event read on standard input;
# in a <cases> document, the case is the one around the event.
evkeys() {
	awk '
	function attr(s, n) {
		if (match(s, " " n "=\"[^\"]*\""))
			return substr(s, RSTART + length(n) + 3, RLENGTH - length(n) - 4)
		return ""
	}
	/<case / { id = attr($0, "id") }
	/<event / {
		c = attr($0, "case")
		if (c == "") c = id
		print c "|" attr($0, "type") "|" attr($0, "at") "|" attr($0, "item")
	}'
}

test_ok '--help, --version and usage errors of the four commands' '
	for c in qk-daily qk-evening qk-nightly qk-monthly; do
		$c --help >out && grep -F "usage: $c [--home DIR] [--at TIME]" out &&
		$c --version >out && grep -Fx "$c (qk) 0.1.0" out &&
		must_fail 2 $c --at 2026-11-24 --home h 2>err &&
		grep -F "$c: invalid --at '"'"'2026-11-24'"'"'" err &&
		must_fail 2 $c --frob 2>err && grep -F "unknown option '"'"'--frob'"'"'" err &&
		must_fail 2 env -u QK_HOME $c 2>err && grep -F "no spool: set QK_HOME or give --home DIR" err || return 1
	done &&
	qk-monthly --help | grep -F -- "--month YYYY-MM" &&
	must_fail 2 qk-daily --month 2026-11 --home h 2>err &&
	must_fail 2 qk-monthly --home h --month 11/2026 2>err && grep -F "invalid --month" err &&
	test ! -e h
'

test_ok 'a day or time that does not exist is a usage error, before the inbox is taken' '
	mkdir -p h/inbox/applications &&
	apps h 2026-11-24 41 3 &&
	must_fail 2 qk-daily --home h --at 2026-11-31T07:30:00+08:00 2>err &&
	grep -F "qk-daily: invalid --at '"'"'2026-11-31T07:30:00+08:00'"'"'" err &&
	must_fail 2 qk-evening --home h --at 2026-11-24T25:30:00+08:00 2>err &&
	grep -F "qk-evening: invalid --at" err &&
	must_fail 2 qk-monthly --home h --month 2026-13 --at 2026-12-01T02:00:00+08:00 2>err &&
	grep -F "qk-monthly: invalid --month '"'"'2026-13'"'"'" err &&
	test -f h/inbox/applications/win-2026-11-24.xml &&
	test ! -e h/processing
'

test_ok 'the version of the commands is the Makefile'"'"'s' '
	v=$(sed -n "s/^VERSION = //p" "$TOP/Makefile") &&
	qk-daily --version >out && grep -Fx "qk-daily (qk) $v" out
'

test_ok 'a first run makes the spool; a step per line on standard error, none with -q' '
	mkdir -p h/inbox/applications &&
	apps h 2026-11-24 7 &&
	qk-daily --home h --at 2026-11-24T08:30:00+08:00 2>err &&
	for d in inbox/applications inbox/events closed queues findings reports packages processing processed state; do
		test -d h/$d || return 1
	done &&
	grep -F "qk-daily: claim: 1 files of applications (20261124T083000-daily)" err &&
	grep "^qk-daily: intake: 12 cases (" err &&
	grep "^qk-daily: dispatch: 12 open cases" err &&
	grep "^qk-daily: commit: " err &&
	grep "^qk-daily: done: 20261124T083000-daily" err &&
	test -f h/state/seq && test -f h/queues/CL.xml &&
	test $(grep -c "<case " h/open.xml) -eq 12 && valid h/open.xml &&
	ls h/processed/20261124T083000-daily/in >files && echo win-2026-11-24.xml >want && same want files &&
	grep -Fx "at=2026-11-24T08:30:00+08:00" h/processed/20261124T083000-daily/run &&
	ls h/inbox/applications h/processing >left && printf "h/inbox/applications:\n\nh/processing:\n" >want && same want left &&
	apps h 2026-11-25 8 &&
	QK_HOME=$PWD/h qk-daily -q --at 2026-11-25T08:30:00+08:00 2>err &&
	same /dev/null err &&
	test $(grep -c "<case " h/open.xml) -eq 24
'

test_ok 'five days: every application is a case or a reject, every event in its case or a reject, every inbox file in processed/' '
	days h 2026-11-02 3 &&
	apps h 2026-11-05 31 &&
	sed "0,/idno=\"[^\"]*\"/s//idno=\"12345\"/" h/inbox/applications/win-2026-11-05.xml >h/inbox/applications/bad.xml &&
	sed -i "s/ref=\"/ref=\"B/" h/inbox/applications/bad.xml &&
	qk-daily --home h --at 2026-11-05T08:30:00+08:00 2>err &&
	grep -F "qk-daily: intake: 1 applications rejected, to be corrected and sent again: $PWD/h/processed/20261105T083000-daily/rejects.xml" err &&
	events h 2026-11-05 &&
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" "<events version=\"1\">" \
		"  <event case=\"XG-20261105-9999\" type=\"rated\" score=\"5\" channel=\"window\" at=\"2026-11-05T10:00:00+08:00\"/>" \
		"</events>" >h/inbox/events/stray.xml &&
	qk-evening --home h --at 2026-11-05T18:00:00+08:00 2>err &&
	grep -F "qk-evening: apply: 1 events rejected: $PWD/h/processed/20261105T180000-evening/rejects.xml" err &&
	days h 2026-11-06 2 &&
	ls h/inbox/applications h/inbox/events h/processing >left && printf "h/inbox/applications:\n\nh/inbox/events:\n\nh/processing:\n" >want && same want left &&
	test $(ls h/processed | wc -l) -eq 12 &&
	refs h/processed/*-daily/in/*.xml | sort >in-apps &&
	{ refs h/open.xml; refs h/processed/*-daily/rejects.xml; } | sort >out-apps &&
	test $(wc -l <in-apps) -eq 84 &&
	same in-apps out-apps &&
	cat h/processed/*-evening/in/*.xml | evkeys | sort >in-events &&
	test $(wc -l <in-events) -gt 50 &&
	{ evkeys <h/open.xml; cat h/processed/*-evening/rejects.xml | evkeys; } | sort >out-events &&
	comm -23 in-events out-events >lost &&
	same /dev/null lost
'

test_ok 'the working set and the queues are those of qk-intake and qk-route run by hand' '
	days h 2026-11-02 4 &&
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" "<cases version=\"1\"/>" >open.xml &&
	for r in h/processed/*; do
		at=$(sed -n "s/^at=//p" $r/run) &&
		case $r in
		*-daily)
			{ qk-intake -q --seq seq -o new.xml $r/in/*.xml 2>/dev/null || [ $? -eq 1 ]; } &&
			qk-route -q --at $at --split queues -o open.xml open.xml new.xml ;;
		*-evening)
			{ qk-route -q --at $at --apply $r/in --split queues -o open.xml open.xml 2>/dev/null || [ $? -eq 1 ]; } ;;
		esac || return 1
	done &&
	same open.xml h/open.xml &&
	same seq h/state/seq &&
	diff -r queues h/queues
'

test_ok 'a run without inbox files dispatches and leaves no record; the same run again changes nothing' '
	days h 2026-11-02 2 &&
	cp -R h h0 &&
	qk-evening --home h --at 2026-11-03T18:00:00+08:00 2>err &&
	grep -F "qk-evening: claim: 0 files of events (20261103T180000-evening.2)" err &&
	spool_same h0 h &&
	qk-daily -q --home h --at 2026-11-03T18:00:00+08:00 &&
	spool_same h0 h
'

test_ok 'the tools'"'"' warnings are kept in processed/RUN/*.err: a member the intake skipped' '
	mkdir -p h/inbox/applications x &&
	"$GEN" applications -q --seed 7 --count 3 --from 2026-11-03 --days 1 -o x/a.xml &&
	echo note >x/readme.txt &&
	tar -C x -cf h/inbox/applications/exports.xml a.xml readme.txt &&
	qk-daily -q --home h --at 2026-11-03T08:30:00+08:00 &&
	grep -F "exports.xml(readme.txt): skipping member" h/processed/20261103T083000-daily/intake.err
'

test_ok 'a malformed case in the working set is news with qk-route'"'"'s message, even from a run that keeps no record' '
	days h 2026-11-02 1 &&
	sed -i "0,/^  <case id=\"[^\"]*\"/s//  <case/" h/open.xml &&
	qk-daily -q --home h --at 2026-11-03T08:30:00+08:00 2>err &&
	grep -F "qk-daily: dispatch: qk-route reports malformed cases, copied unchanged:" err &&
	grep "^qk-daily: dispatch: qk-route: .*open.xml:[0-9]*: case record malformed" err &&
	! grep -F processing/ err &&
	qk-evening -q --home h --at 2026-11-03T18:00:00+08:00 2>err &&
	grep "^qk-evening: apply: qk-route: .*open.xml:[0-9]*: case record malformed" err
'

test_ok 'every command finishes a run a crash left, whatever command began it' '
	days h 2026-11-02 1 &&
	apps h 2026-11-03 41 &&
	cp -R h ref &&
	qk-daily -q --home ref --at 2026-11-03T08:30:00+08:00 &&
	{ QK_FLOW_KILL_AFTER=2 qk-daily -q --home h --at 2026-11-03T08:30:00+08:00; killed $?; } &&
	test -d h/processing/20261103T083000-daily &&
	events ref 2026-11-03 && qk-evening -q --home ref --at 2026-11-03T18:00:00+08:00 &&
	cp ref/processed/20261103T180000-evening/in/* h/inbox/events/ &&
	qk-evening --home h --at 2026-11-03T18:00:00+08:00 2>err &&
	grep -F "qk-evening: resume: daily run 20261103T083000-daily at 2026-11-03T08:30:00+08:00, after step 2" err &&
	spool_same ref h
'
test_done
