#!/bin/sh
# qk-audit: who may do what, staff, items, identity numbers and the
# whole-input rules (rules.md, Who may do what; Audit rules).
. "$(dirname "$0")/lib.sh"
. "$DATA/audit/lib.sh"
AT26=2026-11-26T18:00:00+08:00

decided_by() {
	apply r.xml $AT26 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-26T10:00:00+08:00\" by=\"$1\""
}

test_ok 'separation-of-duties: the acceptor decides an item of a department' '
	case1 && decided_by W01 &&
	audit --rule separation-of-duties r.xml &&
	line error separation-of-duties $C1 CL-001 "dept=CL site=XG staff=W01 decider=W01" "受审未分离" >want &&
	same want out
'

test_ok 'separation-of-duties: a department member deciding is fine' '
	case1 && decided_by CL02 &&
	audit --rule separation-of-duties --rule decider-not-in-dept r.xml &&
	expect_none
'

test_ok 'an item delegated to the window, decided by its acceptor, is fine' '
	sed "s/code=\"CL-001\" dept=\"CL\" \(.*\) window=\"no\"/code=\"CL-001\" dept=\"CL\" \1 window=\"yes\"/" $EX/catalog.xml >cat.xml &&
	grep -F "window=\"yes\"" cat.xml &&
	apps 2026-11-24T09:00:00+08:00 CL-001 "$ALL" >a.xml &&
	qk-intake $REF --catalog cat.xml --seq "$PWD/seq" a.xml >c.xml &&
	qk-route $REF --catalog cat.xml --at 2026-11-24T18:00:00+08:00 c.xml >r.xml &&
	grep -F "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-24T09:00:00+08:00\" by=\"W01\"" r.xml &&
	audit --catalog cat.xml --rule separation-of-duties --rule decider-not-in-dept r.xml &&
	expect_none
'

test_ok 'decider-not-in-dept: a window clerk decides a department item' '
	case1 && decided_by W02 &&
	audit --rule decider-not-in-dept r.xml &&
	line warning decider-not-in-dept $C1 CL-001 "dept=CL site=XG staff=W01 decider=W02" "审批人不属于本部门" >want &&
	same want out
'

test_ok 'decider-not-in-dept: a decided event without by has no decider' '
	case1 && decided_by CL02 &&
	sed "s/\(type=\"decided\".*\) by=\"CL02\"/\1/" r.xml >n.xml &&
	audit --rule decider-not-in-dept n.xml &&
	line warning decider-not-in-dept $C1 CL-001 "dept=CL site=XG staff=W01" "审批人不属于本部门" >want &&
	same want out
'

test_ok 'first-responsible-missing: event 2 by a member without a window row' '
	case1 &&
	sed "s/\(type=\"accepted\".*\) by=\"W01\"/\1 by=\"CL02\"/" r.xml >n.xml &&
	audit --rule first-responsible-missing n.xml &&
	line error first-responsible-missing $C1 - "site=XG staff=CL02" "首问责任人缺失" >want &&
	same want out &&
	audit --rule first-responsible-missing r.xml &&
	expect_none
'

test_ok 'first-responsible-missing: event 2 without by; staff falls back to the application' '
	case1 &&
	sed "s/\(type=\"accepted\".*\) by=\"W01\"/\1/" r.xml >n.xml &&
	audit --rule first-responsible-missing n.xml &&
	line error first-responsible-missing $C1 - "site=XG staff=W01" "首问责任人缺失" >want &&
	same want out
'

agent_case() {
	apps 2026-11-24T09:00:00+08:00 CL-001 "$ALL" >a0.xml &&
	sed "s/channel=\"window\"/channel=\"agent\" agent=\"A01\"/" a0.xml >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >c.xml
}

test_ok 'agent-unregistered: the agent registered after the day received' '
	agent_case &&
	sed "s/id=\"A01\" \(.*\) registered=\"2026-10-20\"/id=\"A01\" \1 registered=\"2026-11-25\"/" $EX/roster.xml >ros.xml &&
	grep -F "registered=\"2026-11-25\"" ros.xml &&
	audit --roster ros.xml --rule agent-unregistered c.xml &&
	line error agent-unregistered $C1 - "site=XG staff=W01" "代办员未登记" >want &&
	same want out
'

test_ok 'agent-unregistered: registered on the day received is fine' '
	agent_case &&
	sed "s/id=\"A01\" \(.*\) registered=\"2026-10-20\"/id=\"A01\" \1 registered=\"2026-11-24\"/" $EX/roster.xml >ros.xml &&
	audit --roster ros.xml --rule agent-unregistered c.xml &&
	expect_none
'

test_ok 'agent-unregistered: an agent with no agent row' '
	agent_case &&
	sed "s/agent=\"A01\"/agent=\"W02\"/" c.xml >n.xml &&
	audit --rule agent-unregistered n.xml &&
	grep -F "agent-unregistered" out
'

test_ok 'unknown-staff: by names nobody in the roster' '
	case1 && decided_by Z99 &&
	audit --rule unknown-staff r.xml &&
	line warning unknown-staff $C1 - "site=XG staff=Z99 seq=4" "人员未知" >want &&
	same want out
'

test_ok 'unknown-staff: by missing is staff=""; tool names and rated without by are fine' '
	case1 &&
	apply r.xml 2026-11-25T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-25T10:00:00+08:00\" by=\"CL02\"" &&
	apply r.xml $AT26 "type=\"issued\" method=\"window\" at=\"2026-11-26T11:00:00+08:00\" by=\"W01\"" \
	    "type=\"rated\" score=\"5\" at=\"2026-11-26T12:00:00+08:00\"" &&
	grep -F "by=\"qk-route\"" r.xml &&
	audit --rule unknown-staff r.xml &&
	expect_none &&
	sed "s/\(type=\"issued\".*\) by=\"W01\"/\1/" r.xml >n.xml &&
	audit --rule unknown-staff n.xml &&
	line warning unknown-staff $C1 - "site=XG staff= seq=6" "人员未知" >want &&
	same want out
'

test_ok 'unknown-item: the sealed facts know an item the catalog in use lacks' '
	case1 "CL-001 CL-002" &&
	sed "/<item code=\"CL-002\"/,/<\/item>/d" $EX/catalog.xml >cat.xml &&
	! grep -F "CL-002" cat.xml &&
	audit --catalog cat.xml --rule unknown-item r.xml &&
	expect_none
'

test_ok 'unknown-item: requests first, then events, one finding per code' '
	case1 &&
	sed "s|<request item=\"CL-001\"/>|<request item=\"XX-8\"/><request item=\"CL-001\"/>|" r.xml >n.xml &&
	insert_event n.xml "seq=\"4\" type=\"decided\" item=\"XX-9\" outcome=\"approved\" at=\"2026-11-26T10:00:00+08:00\" by=\"CL02\"" &&
	insert_event n.xml "seq=\"5\" type=\"decided\" item=\"XX-9\" outcome=\"approved\" at=\"2026-11-26T10:00:00+08:00\" by=\"CL02\"" &&
	insert_event n.xml "seq=\"6\" type=\"suspended\" item=\"XX-8\" reason=\"expert\" at=\"2026-11-26T10:00:00+08:00\" by=\"CL02\"" &&
	audit --rule unknown-item n.xml &&
	line error unknown-item $C1 XX-8 "site=XG staff=W01" "事项未知" >want &&
	line error unknown-item $C1 XX-9 "site=XG staff=W01" "事项未知" >>want &&
	same want out
'

test_ok 'unknown-item: a refused case is not judged on its requests' '
	apps 2026-11-24T09:00:00+08:00 XX-1 "$ALL" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >c.xml &&
	grep -F "state=\"refused\"" c.xml &&
	audit --rule unknown-item c.xml &&
	expect_none
'

test_ok 'idno-invalid: a wrong check digit' '
	case1 &&
	sed "s/idno=\"320703199001011231\"/idno=\"320703199001011232\"/" r.xml >n.xml &&
	audit --rule idno-invalid n.xml &&
	line error idno-invalid $C1 - "site=XG staff=W01" "证件号码无效" >want &&
	same want out &&
	audit --rule idno-invalid r.xml &&
	expect_none
'

test_ok 'duplicate-id: every copy after the first, and every rule runs on each' '
	case1 &&
	cases r.xml r.xml r.xml >d.xml &&
	audit --rule duplicate-id --rule overdue --as-of 2026-12-02 d.xml &&
	line error overdue $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=1" "逾期 1 个工作日" >want &&
	line error overdue $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=1" "逾期 1 个工作日" >>want &&
	line error duplicate-id $C1 - "site=XG staff=W01" "案件编号重复" >>want &&
	line error overdue $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=1" "逾期 1 个工作日" >>want &&
	line error duplicate-id $C1 - "site=XG staff=W01" "案件编号重复" >>want &&
	same want out
'

test_ok 'duplicate-application: same site, ref and instant written with another offset' '
	apps 2026-11-24T09:00:00+08:00 CL-001 "$ALL" >a1.xml &&
	apps 2026-11-24T01:00:00Z CL-001 "$ALL" >a2.xml &&
	apps 2026-11-24T09:00:00+08:00 CL-001 "$ALL" "" R-2 >a3.xml &&
	qk-intake $REF --seq "$PWD/seq" a1.xml a2.xml a3.xml >c.xml &&
	audit --rule duplicate-application c.xml &&
	line warning duplicate-application XG-20261124-0002 - "site=XG staff=W01" "重复申请" >want &&
	same want out
'

test_ok 'duplicate-application: cases without ref are not compared' '
	apps 2026-11-24T09:00:00+08:00 CL-001 "$ALL" >a1.xml &&
	sed "s/ ref=\"R-1\"//" a1.xml >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml a.xml >c.xml &&
	grep -c "<case " c.xml | grep -x 2 &&
	audit --rule duplicate-application c.xml &&
	expect_none
'

test_ok 'case-malformed: no application, no id; the run goes on' '
	case1 &&
	sed "/<application /,/<\/application>/d" r.xml >n1.xml &&
	sed "s/ id=\"$C1\"//" r.xml >n2.xml &&
	cases n1.xml n2.xml r.xml >m.xml &&
	qk-audit $REF -f text -v --rule case-malformed --rule overdue --as-of 2026-12-02 m.xml >out 2>err;
	test $? = 1 &&
	line error case-malformed $C1 - "staff=W01" "案件记录残缺" >want &&
	line error case-malformed - - "site=XG staff=W01" "案件记录残缺" >>want &&
	line error overdue $C1 CL-001 "dept=CL site=XG staff=W01 due=2026-12-01 days=1" "逾期 1 个工作日" >>want &&
	same want out &&
	grep -Fx "qk-audit: 3 read, 1 written, 2 rejected" err
'

test_ok 'case-malformed: an empty id is no id, and the finding has no case' '
	case1 &&
	sed "s/ id=\"$C1\"/ id=\"\"/" r.xml >m.xml &&
	must_fail 1 qk-audit $REF --rule case-malformed --as-of 2026-11-30 m.xml >out &&
	grep -F "<finding rule=\"case-malformed\" severity=\"error\" site=\"XG\" staff=\"W01\">" out &&
	must_fail 1 qk-audit $REF -j 2 --rule case-malformed --as-of 2026-11-30 m.xml m.xml >out2 &&
	test "$(grep -c "<finding " out2)" = 2 &&
	! grep -F "case=" out2
'

test_ok 'case-malformed: no other rule runs on it, and its id is not remembered' '
	case1 &&
	sed "/<application /,/<\/application>/d" r.xml >n1.xml &&
	cases n1.xml r.xml >m.xml &&
	audit --rule case-malformed --rule duplicate-id --rule overdue --as-of 2026-11-30 m.xml &&
	line error case-malformed $C1 - "staff=W01" "案件记录残缺" >want &&
	same want out
'

test_done
