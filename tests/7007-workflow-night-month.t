#!/bin/sh
# qk-nightly (qk-audit, qk-report) and qk-monthly (qk-route --closed,
# qk-pack) over simulated days: their files, the audit's news, the closed
# cases out of the working set, the package verifying.  Each test skips
# until the tools it needs are built.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flow-lib.sh"

ids() {
	sed -n 's/^  <case id="\([^"]*\)".*/\1/p' "$@"
}
refs() {
	cat "$@" | sed -n 's/.*<application ref="\([^"]*\)" received="\([^"]*\)".*/\2 \1/p'
}

if have qk-pack; then
	test_ok 'qk-monthly: the working set keeps exactly the cases not closed, the closed file the others' '
		days h 2026-11-02 12 2>/dev/null &&
		ids h/open.xml | sort >before &&
		qk-monthly --home h --at 2026-12-01T02:00:00+08:00 2>err &&
		grep "^qk-monthly: close: [0-9]* closed cases leave the working set for closed/2026-11.xml" err &&
		grep -F "qk-monthly: done: 20261201T020000-monthly" err &&
		test $(grep -c "^  <case " h/closed/2026-11.xml) -gt 0 &&
		! grep "^  <case .* state=\"closed\"" h/open.xml &&
		! grep "^  <case " h/closed/2026-11.xml | grep -v " state=\"closed\"" &&
		{ ids h/open.xml; ids h/closed/2026-11.xml; } | sort >after &&
		same before after &&
		valid h/open.xml && valid h/closed/2026-11.xml &&
		refs h/processed/*-daily/in/*.xml | sort >in-apps &&
		{ refs h/open.xml h/closed/2026-11.xml; refs h/processed/*-daily/rejects.xml; } | sort >out-apps &&
		same in-apps out-apps
	'

	test_ok 'qk-monthly: the month'"'"'s package verifies; a second run appends nothing' '
		days h 2026-11-02 12 2>/dev/null &&
		qk-monthly -q --home h --at 2026-12-01T02:00:00+08:00 &&
		qk-pack --verify h/packages/2026-11.tar.gz >v &&
		! grep "^FAIL" v &&
		same v h/processed/20261201T020000-monthly/verify.txt &&
		cp h/closed/2026-11.xml c1 && cp h/packages/2026-11.tar.gz p1 &&
		qk-monthly -q --home h --at 2026-12-01T02:00:00+08:00 &&
		same c1 h/closed/2026-11.xml && cmp p1 h/packages/2026-11.tar.gz &&
		test -d h/processed/20261201T020000-monthly.2
	'

	test_ok 'qk-monthly: a malformed case of the working set is news and stays there' '
		days h 2026-11-02 2 2>/dev/null &&
		sed -i "0,/^  <case id=\"[^\"]*\"/s//  <case/" h/open.xml &&
		qk-monthly -q --home h --at 2026-12-01T02:00:00+08:00 2>err &&
		grep -F "qk-monthly: close: qk-route reports malformed cases, copied unchanged:" err &&
		grep "^qk-monthly: close: qk-route: .*open.xml:[0-9]*: case record malformed" err &&
		grep "^  <case site=" h/open.xml
	'

	test_ok 'qk-monthly --month: the closed cases go to the month named' '
		days h 2026-11-02 12 2>/dev/null &&
		qk-monthly -q --home h --month 2026-10 --at 2026-12-01T02:00:00+08:00 &&
		test -f h/closed/2026-10.xml && test ! -e h/closed/2026-11.xml &&
		test -f h/packages/2026-10.tar.gz &&
		grep -Fx "month=2026-10" h/processed/20261201T020000-monthly/run
	'

	test_ok 'qk-monthly: a package that cannot be made stops the month, not the day' '
		days h 2026-11-02 12 2>/dev/null &&
		{ QK_FLOW_KILL_AFTER=3 qk-monthly -q --home h --at 2026-12-01T02:00:00+08:00; killed $?; } &&
		cp h/closed/2026-11.xml good.xml &&
		sed -i "0,/ by=\"qk-route\"/s// by=\"W99\"/" h/closed/2026-11.xml &&
		! cmp -s good.xml h/closed/2026-11.xml &&
		must_fail 2 qk-monthly -q --home h --at 2026-12-01T02:00:00+08:00 2>err &&
		grep "^qk-monthly: pack: failed: " err &&
		test ! -e h/packages/2026-11.tar.gz &&
		apps h 2026-12-01 61 &&
		qk-daily --home h --at 2026-12-01T08:30:00+08:00 2>err &&
		grep -F "qk-daily: resume: the monthly run 20261201T020000-monthly is unfinished after its commit; qk-monthly finishes it" err &&
		test -d h/processed/20261201T083000-daily &&
		cp good.xml h/closed/2026-11.xml &&
		qk-monthly --home h --at 2026-12-01T09:00:00+08:00 2>err &&
		grep -F "qk-monthly: resume: monthly run 20261201T020000-monthly at 2026-12-01T02:00:00+08:00, after step 3" err &&
		qk-pack --verify h/packages/2026-11.tar.gz >v &&
		test -d h/processed/20261201T020000-monthly
	'
else
	test_skip 'qk-monthly: closed cases, the package' 'qk-pack is not built'
fi

if have qk-audit && have qk-report; then
	test_ok 'qk-nightly: findings, report, dashboard, tables, briefing and partial of the day' '
		days h 2026-11-02 3 2>/dev/null &&
		{ qk-nightly --home h --at 2026-11-04T22:30:00+08:00 2>err || [ $? -eq 1 ]; } &&
		for s in audit findings report dashboard tables briefing partial; do
			grep "^qk-nightly: $s: " err || return 1
		done &&
		grep -F "for the meeting of 2026-11-05" err &&
		valid h/findings/2026-11-04.xml &&
		test -f h/findings/2026-11-04.txt &&
		valid h/reports/2026-11-04/report.xml &&
		valid h/reports/2026-11-04/partial.xml &&
		grep -i "<html" h/reports/2026-11-04/dashboard.html &&
		for t in cases targets departments sites staff agents; do
			head -1 h/reports/2026-11-04/$t.csv | grep -F "place,key,metric,value,numerator,denominator,target,met" || return 1
		done &&
		test -s h/reports/2026-11-04/briefing.txt
	'

	test_ok 'qk-nightly: the meeting day follows calendar.local.xml, whose listing of a date decides' '
		mkdir h data &&
		cp "$QK_DATA"/*.xml data/ &&
		printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
			"<calendar version=\"1\" region=\"CN\">" \
			"  <holiday date=\"2026-10-10\" name=\"closed\"/>" \
			"</calendar>" >data/calendar.local.xml &&
		QK_DATA=$PWD/data qk-nightly --home h --at 2026-10-09T22:30:00+08:00 2>err &&
		grep -F "for the meeting of 2026-10-12" err &&
		head -1 h/reports/2026-10-09/briefing.txt | grep -F 2026-10-12
	'

	test_ok 'qk-nightly: red cards are news, exit status 1 and a line even with -q' '
		days h 2026-11-02 3 2>/dev/null &&
		must_fail 1 qk-nightly -q --home h --at 2026-12-18T22:30:00+08:00 2>err &&
		grep "^qk-nightly: audit: [1-9][0-9]* errors, [1-9][0-9]* of them red cards (overdue items): $PWD/h/findings/2026-12-18.txt" err &&
		test $(wc -l <err) -eq 1 &&
		grep "^error	overdue	" h/findings/2026-12-18.txt &&
		test -s h/reports/2026-12-18/briefing.txt
	'
else
	test_skip 'qk-nightly: findings and reports' 'qk-audit or qk-report is not built'
fi
test_done
