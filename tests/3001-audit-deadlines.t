#!/bin/sh
# qk-audit: the deadline rules, in working days (rules.md, Audit rules;
# Working-day arithmetic).
. "$(dirname "$0")/lib.sh"
. "$DATA/audit/lib.sh"
D=$DATA/route

test_ok 'overdue: due yesterday is a red card of 1 working day' '
	case1 &&
	audit --rule overdue --as-of 2026-12-02 r.xml &&
	line error overdue $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=1" "逾期 1 个工作日" >want &&
	same want out
'

test_ok 'overdue: due today is no red card' '
	case1 &&
	audit --rule overdue --as-of 2026-12-01 r.xml &&
	expect_none
'

test_ok 'due-soon: due today is a yellow card of 0 days' '
	case1 &&
	audit --rule due-soon --as-of 2026-12-01 r.xml &&
	line warning due-soon $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=0" "临近到期 0 个工作日" >want &&
	same want out
'

test_ok 'due-soon: one working day left is yellow with --warn 1' '
	case1 &&
	audit --rule due-soon --as-of 2026-11-30 r.xml &&
	line warning due-soon $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=1" "临近到期 1 个工作日" >want &&
	same want out
'

test_ok 'due-soon: two working days left is not yellow, but is with --warn 2' '
	case1 &&
	audit --rule due-soon --as-of 2026-11-27 r.xml &&
	expect_none &&
	audit --rule due-soon --warn 2 --as-of 2026-11-27 r.xml &&
	grep -F "due=2026-12-01 days=2" out
'

test_ok 'due-soon: an overdue item is red, not yellow' '
	case1 &&
	audit --rule due-soon --as-of 2026-12-02 r.xml &&
	expect_none
'

test_ok 'a suspended item is never red nor yellow' '
	case1 &&
	apply r.xml 2026-11-26T18:00:00+08:00 "type=\"suspended\" item=\"CL-001\" reason=\"expert\" at=\"2026-11-26T10:00:00+08:00\" by=\"CL02\"" &&
	audit --rule overdue --rule due-soon --as-of 2026-12-10 r.xml &&
	expect_none
'

test_ok 'a withdrawn case has no red card' '
	case1 &&
	apply r.xml 2026-11-26T18:00:00+08:00 "type=\"withdrawn\" at=\"2026-11-26T10:00:00+08:00\" by=\"W01\"" &&
	audit --rule overdue --rule due-soon --rule decided-late --as-of 2026-12-10 r.xml &&
	expect_none
'

# National Day: CL-001 routed Tue 2026-09-22 is due 09-30 (中秋节 09-25..27);
# 10-01..07 are holidays, Saturday 10-10 is a 调休 working day.
nd_case() {
	qk-intake $REF --seq "$PWD/seq" $D/national-day.xml >c.xml &&
	qk-route $REF --at 2026-09-22T18:00:00+08:00 c.xml >r.xml
}

test_ok 'a holiday inside the deadline: not overdue on 10-07, 1 day on 10-08' '
	nd_case &&
	audit --rule overdue --as-of 2026-10-07 r.xml &&
	expect_none &&
	audit --rule overdue --as-of 2026-10-08 r.xml &&
	line error overdue XG-20260922-0001 CL-001 "dept=CL site=XG staff=W01 due=2026-09-30 days=1" "逾期 1 个工作日" >want &&
	same want out
'

test_ok 'a 调休 Saturday counts: 3 working days late on Saturday 10-10' '
	nd_case &&
	audit --rule overdue --as-of 2026-10-10 r.xml &&
	grep -F "due=2026-09-30 days=3" out &&
	audit --rule overdue --as-of 2026-10-11 r.xml &&
	grep -F "due=2026-09-30 days=3" out
'

test_ok 'decided-late: decided 2 working days after its due' '
	case1 &&
	apply r.xml 2026-12-03T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-12-03T10:00:00+08:00\" by=\"CL02\"" &&
	audit --rule decided-late --as-of 2026-12-10 r.xml &&
	line info decided-late $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=2" "超期办结 2 个工作日" >want &&
	same want out
'

test_ok 'decided-late: decided on its due day is on time' '
	case1 &&
	apply r.xml 2026-12-01T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-12-01T17:59:00+08:00\" by=\"CL02\"" &&
	audit --rule decided-late --as-of 2026-12-10 r.xml &&
	expect_none
'

test_ok 'decided-late: decided on the Saturday after a Friday due is 0 days late' '
	apps 2026-11-20T09:00:00+08:00 CL-001 "$ALL" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >c.xml &&
	qk-route $REF --at 2026-11-20T18:00:00+08:00 c.xml >r.xml &&
	grep -F "due=\"2026-11-27\"/>" r.xml &&
	events XG-20261120-0001 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-28T10:00:00+08:00\" by=\"CL02\"" >ev.xml &&
	qk-route $REF --apply ev.xml --at 2026-11-28T18:00:00+08:00 r.xml >d.xml &&
	audit --rule decided-late --as-of 2026-12-10 d.xml &&
	line info decided-late XG-20261120-0001 CL-001 "dept=CL site=XG staff=W01 due=2026-11-27 days=0" "超期办结 0 个工作日" >want &&
	same want out
'

# CL-001 accepted without M-PHOTO (key="no", defer="yes"): deferred until
# add(S(11-24), 5) = 2026-12-01.
test_ok 'deferred-overdue: a deferred material past its date' '
	case1 CL-001 "M-IDCARD M-HUKOU" &&
	grep -F "<material code=\"M-PHOTO\" status=\"deferred\" until=\"2026-12-01\"/>" r.xml &&
	audit --rule deferred-overdue --as-of 2026-12-02 r.xml &&
	line warning deferred-overdue $C1 - "material=M-PHOTO site=XG staff=W01 until=2026-12-01" "容缺材料逾期未补" >want &&
	same want out
'

test_ok 'deferred-overdue: not on its date, not once supplied, not when withdrawn' '
	case1 CL-001 "M-IDCARD M-HUKOU" &&
	audit --rule deferred-overdue --as-of 2026-12-01 r.xml &&
	expect_none &&
	cp r.xml w.xml &&
	apply r.xml 2026-11-26T18:00:00+08:00 "type=\"supplied\" material=\"M-PHOTO\" at=\"2026-11-26T10:00:00+08:00\" by=\"W01\"" &&
	audit --rule deferred-overdue --as-of 2026-12-20 r.xml &&
	expect_none &&
	apply w.xml 2026-11-26T18:00:00+08:00 "type=\"withdrawn\" at=\"2026-11-26T10:00:00+08:00\" by=\"W01\"" &&
	audit --rule deferred-overdue --as-of 2026-12-20 w.xml &&
	expect_none
'

# Without M-IDCARD (key) the case waits in correction from 11-24: the 20th
# working day after it is 2026-12-22.
test_ok 'correction-stale: 20 working days in correction' '
	case1 CL-001 "M-HUKOU M-PHOTO" &&
	grep -F "state=\"correction\"" r.xml &&
	audit --rule correction-stale --as-of 2026-12-22 r.xml &&
	line info correction-stale $C1 - "site=XG staff=W01 days=20" "补正久未办结 20 个工作日" >want &&
	same want out &&
	audit --rule correction-stale --as-of 2026-12-21 r.xml &&
	expect_none
'

# Decided 11-25, ready that evening.
ready_case() {
	case1 &&
	apply r.xml 2026-11-25T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-25T10:00:00+08:00\" by=\"CL02\"" &&
	grep -F "state=\"ready\"" r.xml
}

test_ok 'ready-not-issued: more than 5 working days at the window' '
	ready_case &&
	audit --rule ready-not-issued --as-of 2026-12-03 r.xml &&
	line warning ready-not-issued $C1 - "site=XG staff=W01 days=6" "办结未出件 6 个工作日" >want &&
	same want out &&
	audit --rule ready-not-issued --as-of 2026-12-02 r.xml &&
	expect_none
'

# rated SCORE: issued and rated on 11-26; the rating is event 7.
rated_case() {
	ready_case &&
	apply r.xml 2026-11-26T18:00:00+08:00 "type=\"issued\" method=\"window\" at=\"2026-11-26T10:00:00+08:00\" by=\"W01\"" \
	    "type=\"rated\" score=\"$1\" at=\"2026-11-26T11:00:00+08:00\"" &&
	grep -F "<event seq=\"7\" type=\"rated\"" r.xml
}

test_ok 'bad-rating-open: score 2 without rectified after 16 working days' '
	rated_case 2 &&
	audit --rule bad-rating-open --as-of 2026-12-18 r.xml &&
	line warning bad-rating-open $C1 - "site=XG staff=W01 days=16 seq=7 score=2" "差评未整改 16 个工作日" >want &&
	same want out &&
	audit --rule bad-rating-open --as-of 2026-12-17 r.xml &&
	expect_none
'

test_ok 'bad-rating-open: --rectify-days 5' '
	rated_case 1 &&
	audit --rule bad-rating-open --rectify-days 5 --as-of 2026-12-04 r.xml &&
	grep -F "days=6 seq=7 score=1" out
'

test_ok 'bad-rating-open: score 3 is not a bad rating' '
	rated_case 3 &&
	audit --rule bad-rating-open --as-of 2026-12-30 r.xml &&
	expect_none
'

test_ok 'bad-rating-open: a rectified rating is closed' '
	rated_case 2 &&
	apply r.xml 2026-11-27T18:00:00+08:00 "type=\"rectified\" note=\"回访\" at=\"2026-11-27T10:00:00+08:00\" by=\"W01\"" &&
	audit --rule bad-rating-open --as-of 2026-12-30 r.xml &&
	expect_none
'

test_ok 'suspension-long: suspended more than 30 working days' '
	nd_case &&
	qk-route $REF --apply $D/national-day-suspend.xml --at 2026-09-30T18:00:00+08:00 r.xml >s.xml &&
	audit --rule suspension-long --as-of 2026-11-16 s.xml &&
	expect_none &&
	audit --rule suspension-long --as-of 2026-11-17 s.xml &&
	line warning suspension-long XG-20260922-0001 CL-001 "dept=CL site=XG staff=W01 days=31" "中止时间过长 31 个工作日" >want &&
	same want out
'

test_ok 'calendar-ends: coverage ends within 30 days' '
	case1 &&
	audit --rule calendar-ends --as-of 2026-12-01 r.xml &&
	line warning calendar-ends - - "to=2026-12-31" "工作日历即将到期" >want &&
	same want out &&
	audit --rule calendar-ends --as-of 2026-11-30 r.xml &&
	expect_none
'

test_ok 'calendar-ends: an open item due after the coverage' '
	apps 2026-12-29T09:00:00+08:00 CL-001 "$ALL" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >c.xml 2>/dev/null &&
	qk-route $REF --at 2026-12-29T18:00:00+08:00 c.xml >r.xml 2>/dev/null &&
	audit --rule calendar-ends --as-of 2026-11-01 r.xml &&
	line warning calendar-ends - - "due=2027-01-05 to=2026-12-31" "工作日历即将到期" >want &&
	same want out
'

test_done
