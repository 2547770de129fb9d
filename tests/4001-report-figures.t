#!/bin/sh
# qk-report: every figure of a small hand-built set of cases, worked out by
# hand (rules.md, KPIs of qk-report).  The cases are in
# tests/data/report/cases.xml (C1 … C13, described there); the calendar is
# the example's (2026: 09-20 a Sunday workday, 09-25..27 中秋节, 10-01..07
# 国庆节, 10-10 a Saturday workday).  T = --as-of 2026-10-16 (a Friday).
. "$(dirname "$0")/lib.sh"
D=$DATA/report
RREF="--catalog $D/catalog.xml --roster $D/roster.xml --calendar $EX/calendar.xml"
ASOF=--as-of=2026-10-16

# table NAME: the CSV of one section or table, LF line ends.
table() {
	qk-report $RREF $ASOF -f csv --table "$1" $D/cases.xml >out.csv 2>err &&
	tr -d '\r' <out.csv >got
}

# In the report: C1-C9, C11 (10 cases).  C10 was received after T.  C12
# (no application) and C13 (received not a time) are skipped.
# event 2: accepted C1 C2 C3 C4 C5 C6 C9 C11 = 8; correction C7; refused C8.
# on-time: decided items C1 (10-12 <= due 10-13), C2 (09-24 <= 09-24), C11
# (10-15 <= 10-15) on time, C3 (10-12 > due 10-10) late: 3/4.
# immediate: of the 9 cases with an accepted event (8 + C7), C2 and C11
# decided on S(accepted@at); C9's only item is cancelled by withdrawn: 2/9.
# non-face-to-face: issued C1 (window, method window), C2 (online,
# electronic), C3 (post, post); C11's issued is after T: 2/3.
# online: C2 and C9 of 10.  ready: C1 C2 C3 C11.
# days-to-ready: C1 W(09-22, 10-12) = 9 (09-23 09-24 09-28 09-29 09-30
# 10-08 10-09 10-10 10-12: the holidays left out, the 10-10 workday in),
# C2 0, C3 W(09-28, 10-12) = 6, C11 0; mean 15/4, median (2nd of 0 0 6 9)
# 0, p90 (4th) 9.
# overdue-now: C5, due add(09-28, 5) = 10-10 after its extension, W(10-10,
# T) = 5; C9's item would be late but the case is withdrawn.
# ratings: C1 5, C2 4, C3 2, C9 1 (C11's is after T); rectified C9;
# satisfaction 2/4.
test_ok 'section cases: every metric, worked out by hand' '
	table cases &&
	cat >want <<-\X &&
	place,key,metric,value,numerator,denominator,target,met
	cases,,received,10,,,,
	cases,,accepted,8,,,,
	cases,,deferred,1,,,,
	cases,,correction,1,,,,
	cases,,refused,1,,,,
	cases,,withdrawn,1,,,,
	cases,,accepted-after-correction,1,,,,
	cases,,on-time-rate,0.7500,3,4,,
	cases,,immediate-rate,0.2222,2,9,,
	cases,,non-face-to-face-rate,0.6667,2,3,,
	cases,,online-rate,0.2000,2,10,,
	cases,,ready,4,,,,
	cases,,days-to-ready-mean,3.7500,15,4,,
	cases,,days-to-ready-median,0,,,,
	cases,,days-to-ready-p90,9,,,,
	cases,,overdue-now,1,,,,
	cases,,ratings,4,,,,
	cases,,rating-1,1,,,,
	cases,,rating-2,1,,,,
	cases,,rating-3,0,,,,
	cases,,rating-4,1,,,,
	cases,,rating-5,1,,,,
	cases,,bad-ratings,2,,,,
	cases,,rectified,1,,,,
	cases,,satisfaction,0.5000,2,4,,
	cases,,skipped,2,,,,
	X
	same want got
'

# Catalog: MZ-001 immediate (legal 5, online 4), MZ-002 (20/5, online 3,
# delivery post), CL-001 (20/10, online 1), CL-002 (10/12: promised above
# legal, limit-inconsistent), RS-001 not claimed.  Roster: XG has 3 agents,
# XG-HB 1, XG-LY none.
# claimed 4 of 5; non-face-to-face MZ-001 (online 4) and MZ-002 (post,
# online 3): 2/4; online >= 1: 3/4; compression (5-0)+(20-5)+(20-10)+(10-12)
# = 28 over 5+20+20+10 = 55: 0.50909; immediate 1/4; guide-correctness:
# CL-002 is named by limit-inconsistent: 3/4; agents: XG-LY misses its
# minimum: 2/3.
test_ok 'section targets: every target with its line and met' '
	table targets &&
	cat >want <<-\X &&
	place,key,metric,value,numerator,denominator,target,met
	targets,,claim-rate,0.8000,4,5,1.0000,no
	targets,,non-face-to-face-items,0.5000,2,4,0.9000,no
	targets,,online-service,0.7500,3,4,0.9500,no
	targets,,time-compression,0.5091,28,55,0.7500,no
	targets,,immediate-items,0.2500,1,4,0.4500,no
	targets,,guide-correctness,0.7500,3,4,1.0000,no
	targets,,agents,0.6667,2,3,1.0000,no
	X
	same want got
'

# Items of cases with an accepted event: CL: C1 (approved, on time), C4,
# C5 (overdue), C7; MZ: C2 and C11 (approved, on time), C3 (rejected,
# late), C6, C9 (cancelled by withdrawn).
test_ok 'table departments: items, outcomes, on-time rate, overdue now' '
	table departments &&
	cat >want <<-\X &&
	place,key,metric,value,numerator,denominator,target,met
	departments,CL,items,4,,,,
	departments,CL,decided,1,,,,
	departments,CL,approved,1,,,,
	departments,CL,rejected,0,,,,
	departments,CL,cancelled,0,,,,
	departments,CL,on-time-rate,1.0000,1,1,,
	departments,CL,overdue-now,1,,,,
	departments,MZ,items,5,,,,
	departments,MZ,decided,3,,,,
	departments,MZ,approved,2,,,,
	departments,MZ,rejected,1,,,,
	departments,MZ,cancelled,1,,,,
	departments,MZ,on-time-rate,0.6667,2,3,,
	departments,MZ,overdue-now,0,,,,
	X
	same want got
'

# XG: C1 C2 C4 C5 C7 C8 C11; XG-HB: C3 C6 C9.
test_ok 'table sites: every metric per site' '
	table sites &&
	cat >want <<-\X &&
	place,key,metric,value,numerator,denominator,target,met
	sites,XG,received,7,,,,
	sites,XG,accepted,5,,,,
	sites,XG,deferred,1,,,,
	sites,XG,correction,1,,,,
	sites,XG,refused,1,,,,
	sites,XG,withdrawn,0,,,,
	sites,XG,accepted-after-correction,1,,,,
	sites,XG,on-time-rate,1.0000,3,3,,
	sites,XG,immediate-rate,0.3333,2,6,,
	sites,XG,non-face-to-face-rate,0.5000,1,2,,
	sites,XG,online-rate,0.1429,1,7,,
	sites,XG,ready,3,,,,
	sites,XG,days-to-ready-mean,3.0000,9,3,,
	sites,XG,days-to-ready-median,0,,,,
	sites,XG,days-to-ready-p90,9,,,,
	sites,XG,overdue-now,1,,,,
	sites,XG,ratings,2,,,,
	sites,XG,rating-1,0,,,,
	sites,XG,rating-2,0,,,,
	sites,XG,rating-3,0,,,,
	sites,XG,rating-4,1,,,,
	sites,XG,rating-5,1,,,,
	sites,XG,bad-ratings,0,,,,
	sites,XG,rectified,0,,,,
	sites,XG,satisfaction,1.0000,2,2,,
	sites,XG-HB,received,3,,,,
	sites,XG-HB,accepted,3,,,,
	sites,XG-HB,deferred,0,,,,
	sites,XG-HB,correction,0,,,,
	sites,XG-HB,refused,0,,,,
	sites,XG-HB,withdrawn,1,,,,
	sites,XG-HB,accepted-after-correction,0,,,,
	sites,XG-HB,on-time-rate,0.0000,0,1,,
	sites,XG-HB,immediate-rate,0.0000,0,3,,
	sites,XG-HB,non-face-to-face-rate,1.0000,1,1,,
	sites,XG-HB,online-rate,0.3333,1,3,,
	sites,XG-HB,ready,1,,,,
	sites,XG-HB,days-to-ready-mean,6.0000,6,1,,
	sites,XG-HB,days-to-ready-median,6,,,,
	sites,XG-HB,days-to-ready-p90,6,,,,
	sites,XG-HB,overdue-now,0,,,,
	sites,XG-HB,ratings,2,,,,
	sites,XG-HB,rating-1,1,,,,
	sites,XG-HB,rating-2,1,,,,
	sites,XG-HB,rating-3,0,,,,
	sites,XG-HB,rating-4,0,,,,
	sites,XG-HB,rating-5,0,,,,
	sites,XG-HB,bad-ratings,2,,,,
	sites,XG-HB,rectified,1,,,,
	sites,XG-HB,satisfaction,0.0000,0,2,,
	X
	same want got
'

# The first responsible is by of event 2: C5 was accepted by W03 (its
# application says W01); C8's refused event has no by, so the
# application's W03.  W01: C1 C2 C4 C7 C11; W02: C3 C6 C9; W03: C5 C8,
# no rating: satisfaction 0/0, no value.
test_ok 'table staff: the first responsible, a 0 denominator without value' '
	table staff &&
	cat >want <<-\X &&
	place,key,metric,value,numerator,denominator,target,met
	staff,W01,received,5,,,,
	staff,W01,accepted,4,,,,
	staff,W01,deferred,1,,,,
	staff,W01,correction,1,,,,
	staff,W01,refused,0,,,,
	staff,W01,withdrawn,0,,,,
	staff,W01,accepted-after-correction,1,,,,
	staff,W01,immediate-rate,0.4000,2,5,,
	staff,W01,ratings,2,,,,
	staff,W01,bad-ratings,0,,,,
	staff,W01,rectified,0,,,,
	staff,W01,satisfaction,1.0000,2,2,,
	staff,W02,received,3,,,,
	staff,W02,accepted,3,,,,
	staff,W02,deferred,0,,,,
	staff,W02,correction,0,,,,
	staff,W02,refused,0,,,,
	staff,W02,withdrawn,1,,,,
	staff,W02,accepted-after-correction,0,,,,
	staff,W02,immediate-rate,0.0000,0,3,,
	staff,W02,ratings,2,,,,
	staff,W02,bad-ratings,2,,,,
	staff,W02,rectified,1,,,,
	staff,W02,satisfaction,0.0000,0,2,,
	staff,W03,received,2,,,,
	staff,W03,accepted,1,,,,
	staff,W03,deferred,0,,,,
	staff,W03,correction,0,,,,
	staff,W03,refused,1,,,,
	staff,W03,withdrawn,0,,,,
	staff,W03,accepted-after-correction,0,,,,
	staff,W03,immediate-rate,0.0000,0,1,,
	staff,W03,ratings,0,,,,
	staff,W03,bad-ratings,0,,,,
	staff,W03,rectified,0,,,,
	staff,W03,satisfaction,,0,0,,
	X
	same want got
'

test_ok 'table agents: only the agent channel case, keyed by its agent' '
	table agents &&
	cat >want <<-\X &&
	place,key,metric,value,numerator,denominator,target,met
	agents,A01,received,1,,,,
	agents,A01,accepted,1,,,,
	agents,A01,deferred,1,,,,
	agents,A01,correction,0,,,,
	agents,A01,refused,0,,,,
	agents,A01,withdrawn,0,,,,
	agents,A01,accepted-after-correction,0,,,,
	agents,A01,immediate-rate,0.0000,0,1,,
	agents,A01,ratings,0,,,,
	agents,A01,bad-ratings,0,,,,
	agents,A01,rectified,0,,,,
	agents,A01,satisfaction,,0,0,,
	X
	same want got
'

test_ok 'the XML report is valid, root with from, to and as-of, every place' '
	qk-report $RREF $ASOF --from 2026-09-01 --to 2026-10-31 $D/cases.xml >r.xml 2>err &&
	valid r.xml &&
	sed -n 2p r.xml >got &&
	echo "<report version=\"1\" from=\"2026-09-01\" to=\"2026-10-31\" as-of=\"2026-10-16\">" >want &&
	same want got &&
	grep -o "^  <[a-z]* name=\"[a-z]*\"" r.xml >got &&
	printf "  <section name=\"%s\"\n" cases targets >want &&
	printf "  <table name=\"%s\"\n" departments sites staff agents >>want &&
	same want got
'

# Up to 09-21: C5 and C8, neither ready.
test_ok 'an absent median is written with its name only; a 0 denominator has no value' '
	qk-report $RREF $ASOF --to 2026-09-21 $D/cases.xml >r.xml 2>err &&
	valid r.xml &&
	grep -Fx "    <metric name=\"days-to-ready-median\"/>" r.xml &&
	grep -Fx "    <metric name=\"days-to-ready-mean\" numerator=\"0\" denominator=\"0\"/>" r.xml &&
	grep -Fx "    <metric name=\"received\" value=\"2\"/>" r.xml &&
	grep -Fx "    <metric name=\"refused\" value=\"1\"/>" r.xml
'

# 09-22 to 09-24: C1, C2, C9; the skipped records whatever their dates.
test_ok '--from and --to select by date(received), both ends included' '
	qk-report $RREF $ASOF -f csv --from 2026-09-22 --to 2026-09-24 $D/cases.xml >out.csv 2>err &&
	tr -d "\r" <out.csv | grep -Fx "cases,,received,3,,,," &&
	tr -d "\r" <out.csv | grep -Fx "cases,,skipped,2,,,,"
'

# On 10-12: C10 and C11 not yet received; C1 and C3 ready that day, C2
# before; C1 and C3 rated later.
test_ok 'events after --as-of are not replayed' '
	qk-report $RREF --as-of 2026-10-12 -f csv $D/cases.xml >out.csv 2>err &&
	tr -d "\r" <out.csv >got &&
	grep -Fx "cases,,ready,3,,,," got &&
	grep -Fx "cases,,received,9,,,," got &&
	grep -Fx "cases,,ratings,2,,,," got
'

# C8 with its refused event stripped of its reason: illegal, so skipped by
# the replay; the case stays received and is not refused (rules.md,
# Reading the rules exactly), though event 2 is of type refused.
test_ok 'refused counts a legal refused event only' '
	sed "s/ type=\"refused\" reason=\"item-unclaimed\"/ type=\"refused\"/" \
	    $D/cases.xml >c.xml &&
	! cmp -s $D/cases.xml c.xml &&
	qk-report $RREF $ASOF -f csv c.xml >out.csv 2>err &&
	tr -d "\r" <out.csv >got &&
	grep -Fx "cases,,refused,0,,,," got &&
	grep -Fx "cases,,received,10,,,," got &&
	qk-report $RREF $ASOF -f csv --table staff c.xml >out.csv 2>err &&
	tr -d "\r" <out.csv >got &&
	grep -Fx "staff,W03,received,2,,,," got &&
	grep -Fx "staff,W03,refused,0,,,," got
'

test_ok 'skipped records are reported as warnings with their line; -q silences them' '
	qk-report $RREF $ASOF $D/cases.xml >r.xml 2>err &&
	grep -F "cases.xml:183: case record malformed" err &&
	grep -F "cases.xml:187: case without a valid received time" err &&
	qk-report -q $RREF $ASOF $D/cases.xml >r.xml 2>err &&
	test ! -s err
'

# A catalog whose only claimed item promises more than its legal limit:
# time-compression (10 - 12) / 10 = -0.2; the exact quotient, rounded half
# up, written with its sign (rules.md, Numbers).
test_ok 'time-compression below zero is written with its sign' '
	sed -e "/<item code=\"MZ-001\"/,/<\/item>/d" -e "/<item code=\"MZ-002\"/,/<\/item>/d" \
	    -e "/<item code=\"CL-001\"/,/<\/item>/d" $D/catalog.xml >cat.xml &&
	test "$(grep -c "<item " cat.xml)" = 2 &&
	qk-report --catalog cat.xml --roster $D/roster.xml --calendar $EX/calendar.xml $ASOF \
	    -f csv --table targets $D/cases.xml >out.csv 2>err &&
	tr -d "\r" <out.csv | grep -Fx "targets,,time-compression,-0.2000,-2,10,0.7500,no" &&
	qk-report --catalog cat.xml --roster $D/roster.xml --calendar $EX/calendar.xml $ASOF \
	    $D/cases.xml >out.xml 2>err &&
	grep -F "<metric name=\"time-compression\" value=\"-0.2000\" numerator=\"-2\"" out.xml &&
	valid out.xml
'

test_ok 'an input without cases: every section, tables without rows' '
	printf "<cases version=\"1\"/>\n" >empty.xml &&
	qk-report $RREF $ASOF empty.xml >r.xml 2>err &&
	valid r.xml &&
	grep -Fx "    <metric name=\"received\" value=\"0\"/>" r.xml &&
	grep -Fx "    <metric name=\"on-time-rate\" numerator=\"0\" denominator=\"0\"/>" r.xml &&
	grep -Fx "  <table name=\"agents\"/>" r.xml &&
	! grep -F "<row " r.xml
'

test_done
