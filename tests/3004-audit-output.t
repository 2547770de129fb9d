#!/bin/sh
# qk-audit: options, order of findings, formats, exit status and bad input
# (tools.md, qk-audit; formats.md, Findings).
. "$(dirname "$0")/lib.sh"
. "$DATA/audit/lib.sh"

test_ok '--list-rules: 36 rules in the order of the tables, exit 0' '
	qk-audit --list-rules >out &&
	test "$(wc -l <out)" = 36 &&
	head -n 1 out >first && line overdue error 逾期 | cut -f1-3 >want && same want first &&
	sed -n 26,27p out | cut -f1 >got && printf "case-malformed\ncalendar-ends\n" >want && same want got &&
	tail -n 1 out >last && printf "site-unknown\terror\t站点未知\n" >want && same want last &&
	awk -F "\t" "NF != 3" out >bad && test ! -s bad
'

test_ok 'an unknown --rule or --skip id is a usage error' '
	must_fail 2 qk-audit --rule nosuch </dev/null >out 2>err &&
	grep -F "qk-audit: unknown rule '"'"'nosuch'"'"'" err &&
	must_fail 2 qk-audit --skip overdu </dev/null >out 2>err &&
	grep -F "overdu" err
'

test_ok 'bad values of --warn, --rectify-days, --fail-on and -f are usage errors' '
	must_fail 2 qk-audit --warn -1 </dev/null 2>err && grep -F -- "--warn" err &&
	must_fail 2 qk-audit --warn 1x </dev/null 2>err &&
	must_fail 2 qk-audit --rectify-days "" </dev/null 2>err && grep -F -- "--rectify-days" err &&
	must_fail 2 qk-audit --fail-on fatal </dev/null 2>err && grep -F -- "--fail-on" err &&
	must_fail 2 qk-audit -f json </dev/null 2>err && grep -F -- "-f" err
'

# One overdue (error) case; due-soon (warning) on 12-01; decided-late
# (info) in another.
test_ok 'exit status: --fail-on error (default) and never' '
	case1 &&
	must_fail 1 qk-audit $REF --rule overdue --as-of 2026-12-02 r.xml >out &&
	qk-audit $REF --rule overdue --fail-on never --as-of 2026-12-02 r.xml >out &&
	grep -F "rule=\"overdue\"" out
'

test_ok 'exit status: a warning fails with --fail-on warning or info only' '
	case1 &&
	qk-audit $REF --rule due-soon --as-of 2026-12-01 r.xml >out &&
	grep -F "rule=\"due-soon\"" out &&
	must_fail 1 qk-audit $REF --rule due-soon --fail-on warning --as-of 2026-12-01 r.xml >out &&
	must_fail 1 qk-audit $REF --rule due-soon --fail-on info --as-of 2026-12-01 r.xml >out
'

test_ok 'exit status: an info fails with --fail-on info only' '
	case1 &&
	apply r.xml 2026-12-03T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-12-03T10:00:00+08:00\" by=\"CL02\"" &&
	qk-audit $REF --rule decided-late --fail-on warning --as-of 2026-12-04 r.xml >out &&
	grep -F "rule=\"decided-late\"" out &&
	must_fail 1 qk-audit $REF --rule decided-late --fail-on info --as-of 2026-12-04 r.xml >out &&
	qk-audit $REF --rule overdue --fail-on info --as-of 2026-12-04 r.xml >out
'

test_ok 'exit status: the calendar finding fails with --fail-on warning' '
	case1 &&
	qk-audit $REF --rule calendar-ends --as-of 2026-12-02 r.xml >out &&
	grep -F "rule=\"calendar-ends\"" out &&
	must_fail 1 qk-audit $REF --rule calendar-ends --fail-on warning --as-of 2026-12-02 r.xml >out
'

test_ok '--skip removes a rule --rule named' '
	case1 &&
	qk-audit $REF --rule overdue --rule due-soon --skip overdue --as-of 2026-12-02 r.xml >out &&
	! grep -F "<finding " out
'

# Two cases: A (CL-001 overdue, unknown decider of CL-002 after it) and B
# (decided late); a roster with too few agents at XG and window staff at
# XG-HB.
order_input() {
	case1 "CL-001 CL-002" &&
	apply r.xml 2026-11-25T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-25T10:00:00+08:00\" by=\"Z9\"" &&
	cp r.xml a.xml &&
	C1=XG-20261124-0002 &&
	apps 2026-11-24T10:00:00+08:00 CL-001 "$ALL" "" R-2 >ap.xml &&
	qk-intake $REF --seq "$PWD/seq" ap.xml >c.xml &&
	qk-route $REF --at 2026-11-24T18:00:00+08:00 c.xml >b.xml &&
	apply b.xml 2026-12-03T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-12-03T10:00:00+08:00\" by=\"CL02\"" &&
	cases a.xml b.xml >in.xml &&
	grep -v -e "id=\"A03\"" -e "id=\"W03\"" $EX/roster.xml >ros.xml
}

test_ok 'order: by severity; reference data, calendar, then cases in input order' '
	order_input &&
	audit --roster ros.xml --as-of 2026-12-14 in.xml &&
	cut -f1-4 out >got &&
	cat >want <<-EOF &&
	error	agents-too-few	-	-
	error	overdue	XG-20261124-0001	CL-002
	warning	window-staff-too-few	-	-
	warning	calendar-ends	-	-
	warning	decider-not-in-dept	XG-20261124-0001	CL-001
	warning	unknown-staff	XG-20261124-0001	-
	warning	ready-not-issued	XG-20261124-0002	-
	info	decided-late	XG-20261124-0002	CL-001
	EOF
	same want got
'

test_ok '-f text: six fields a line, parsed back with cut' '
	order_input &&
	audit --roster ros.xml --as-of 2026-12-14 in.xml &&
	awk -F "\t" "NF != 6" out >bad && test ! -s bad &&
	cut -f5 out | grep -x "dept=CL site=XG staff=W01 due=2026-12-09 days=3" &&
	cut -f5 out | grep -x "site=XG count=2" &&
	cut -f5 out | grep -x "site=XG-HB count=1" &&
	cut -f5 out | grep -x "to=2026-12-31" &&
	cut -f6 out | grep -x "逾期 3 个工作日" &&
	cut -f1,2 out | grep -x "info	decided-late"
'

test_ok '-f text: a TAB, CR or LF inside a value is written as a space' '
	case1 &&
	apply r.xml 2026-11-26T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-26T10:00:00+08:00\" by=\"Z&#9;9&#10;x&#13;y\"" &&
	audit --rule unknown-staff r.xml &&
	line warning unknown-staff $C1 - "site=XG staff=Z 9 x y seq=4" "人员未知" >want &&
	same want out
'

test_ok '-f xml: the findings document, valid against findings.rng' '
	order_input &&
	qk-audit $REF --roster ros.xml --as-of 2026-12-14 -o f.xml in.xml;
	test $? = 1 &&
	valid f.xml &&
	sed -n 2p f.xml | grep -x "<findings version=\"1\" as-of=\"2026-12-14\">" &&
	grep -F "  <finding rule=\"overdue\" severity=\"error\" case=\"XG-20261124-0001\" item=\"CL-002\" dept=\"CL\" site=\"XG\" staff=\"W01\" due=\"2026-12-09\" days=\"3\">逾期 3 个工作日</finding>" f.xml &&
	grep -F "  <finding rule=\"agents-too-few\" severity=\"error\" site=\"XG\" count=\"2\">代办员不足</finding>" f.xml &&
	grep -F "  <finding rule=\"calendar-ends\" severity=\"warning\" to=\"2026-12-31\">工作日历即将到期</finding>" f.xml &&
	tail -n 1 f.xml | grep -x "</findings>"
'

test_ok '-f xml: every case rule of a tampered input, valid against the schema' '
	case1 "CL-001 CL-002" &&
	sed -e "s/state=\"in-progress\"/state=\"ready\"/" -e "s/phone=\"13800000000\"/phone=\"1\"/" r.xml >t.xml &&
	insert_event t.xml "seq=\"9\" type=\"extended\" item=\"CL-001\" days=\"0\" at=\"2026-11-20T10:00:00+08:00\"" &&
	qk-audit $REF --as-of 2026-12-20 -f xml t.xml >f.xml;
	test $? = 1 &&
	valid f.xml &&
	grep -c "<finding " f.xml | grep -qv "^0$"
'

test_ok '-o FILE writes XML by default, -f text with -o writes text' '
	case1 &&
	qk-audit $REF --rule overdue --as-of 2026-12-02 -o f.xml r.xml;
	test $? = 1 &&
	valid f.xml &&
	qk-audit $REF --rule overdue --as-of 2026-12-02 -f text -o f.txt r.xml;
	test $? = 1 &&
	cut -f2 f.txt | grep -x overdue
'

test_ok 'the shipped catalog gives no finding: --catalog-only, exit 0, empty findings' '
	qk-audit --catalog-only --as-of 2026-11-24 no-such-input.xml >out &&
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<findings version=\"1\" as-of=\"2026-11-24\"/>\n" >want &&
	same want out
'

test_ok 'the shipped roster gives no finding: --roster-only, exit 0, empty findings' '
	qk-audit --roster-only --as-of 2026-11-24 >out </dev/null &&
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<findings version=\"1\" as-of=\"2026-11-24\"/>\n" >want &&
	same want out
'

test_ok '--catalog-only and --roster-only together are a usage error' '
	must_fail 2 qk-audit --catalog-only --roster-only >out 2>err &&
	test ! -s out &&
	grep -F "qk-audit: --catalog-only and --roster-only cannot be used together" err &&
	must_fail 2 qk-audit --roster-only --catalog-only >out 2>err
'

test_ok '--catalog-only reports a catalog fault, and no case rule' '
	sed "s|<basis>《残疾人证管理办法》</basis>|<basis>　</basis>|" $EX/catalog.xml >cat.xml &&
	must_fail 1 qk-audit --catalog-only --catalog cat.xml -f text >out &&
	line error guide-missing-field - CL-001 "field=basis" "办事指南要素缺失" >want &&
	same want out
'

test_ok 'catalog rules: a vague word of the site'"'"'s own list, order within an item' '
	mkdir data && cp -r "$QK_DATA"/* data/ &&
	printf "# local words\n 户籍 \n" >data/vague-words.local.txt &&
	sed "s|<conditions>本辖区户籍残疾人</conditions>|<conditions>本辖区户籍残疾人及其他</conditions>|" $EX/catalog.xml >cat.xml &&
	QK_DATA=$PWD/data qk-audit --catalog-only --catalog cat.xml -f text >out;
	test $? = 1 &&
	line error guide-vague - CL-001 "field=conditions word=其他" "办事指南用语模糊" >want &&
	line error guide-vague - CL-002 "field=conditions word=户籍" "办事指南用语模糊" >>want &&
	same want out
'

test_ok 'roster rules: --roster-only, rules in table order then rows' '
	sed -e "s|<staff id=\"W01\" name=\"李娜\" site=\"XG\"|<staff id=\"W01\" name=\"李娜\" site=\"XX\"|" \
	    -e "/id=\"A04\"/d" $EX/roster.xml >ros.xml &&
	must_fail 1 qk-audit --roster-only --roster ros.xml -f text >out &&
	line error agents-too-few - - "site=XG-HB count=0" "代办员不足" >want &&
	line error site-unknown - - "site=XX staff=W01" "站点未知" >>want &&
	same want out &&
	qk-audit --roster-only --roster ros.xml --skip agents-too-few --skip site-unknown -f text >out &&
	expect_none
'

bad_input() {
	printf "%s\n" "$1" >bad.xml &&
	must_fail 2 qk-audit $REF bad.xml >out 2>err &&
	grep -F "qk-audit: bad.xml:" err
}

test_ok 'a document that is not well-formed: exit 2 with its place' '
	bad_input "<cases version=\"1\"><case id=\"x\"></cases>"
'

test_ok 'a DOCTYPE: exit 2' '
	printf "<?xml version=\"1.0\"?>\n<!DOCTYPE cases [<!ENTITY x \"y\">]>\n<cases version=\"1\"/>\n" >bad.xml &&
	must_fail 2 qk-audit $REF bad.xml >out 2>err &&
	grep -F "qk-audit: bad.xml:" err
'

test_ok 'a namespace: exit 2' '
	bad_input "<cases version=\"1\" xmlns=\"urn:x\"/>"
'

test_ok 'a foreign root: exit 2' '
	must_fail 2 qk-audit $REF $EX/applications.xml >out 2>err &&
	grep -F "applications.xml" err
'

test_ok 'reference data that cannot be read: exit 2 naming the file' '
	must_fail 2 qk-audit --roster nosuch-r.xml --roster-only >out 2>err &&
	echo "qk-audit: nosuch-r.xml: No such file or directory" >want && same want err &&
	must_fail 2 qk-audit --catalog nosuch-c.xml --catalog-only >out 2>err &&
	echo "qk-audit: nosuch-c.xml: No such file or directory" >want && same want err &&
	must_fail 2 qk-audit --catalog $EX/catalog.xml --roster $EX/roster.xml \
	    --calendar nosuch-k.xml </dev/null >out 2>err &&
	echo "qk-audit: nosuch-k.xml: No such file or directory" >want && same want err
'

# streams THREADS: with QK_THREADS=THREADS ("" for the default), an error
# of the first case of a fifo reaches standard output (-f xml) before the
# input ends.
streams() {
	case1 &&
	sed "\$d" r.xml >head.xml &&
	rm -f in && mkfifo in &&
	{ QK_THREADS=$1 qk-audit $REF --rule overdue --as-of 2026-12-02 in >out.xml 2>err & } &&
	exec 3>in &&
	cat head.xml >&3 &&
	n=0 && while ! grep -q "<finding " out.xml && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done &&
	grep -c "<finding " out.xml >seen &&
	printf "</cases>\n" >&3 &&
	exec 3>&- &&
	{ wait $! ; test $? = 1; } &&
	echo 1 >want && same want seen &&
	tail -n 1 out.xml | grep -Fx "</findings>"
}

test_ok '-f xml on standard output: an error reaches it before the input ends' '
	streams ""
'

test_ok '-f xml on standard output streams its errors with QK_THREADS=2 too' '
	streams 2
'

test_ok 'errors already streamed stay on a fatal error later in the input' '
	case1 &&
	{ body r.xml | sed "1i <cases version=\"1\">" && echo "<case"; } >bad.xml &&
	must_fail 2 qk-audit $REF --rule overdue --as-of 2026-12-02 -f text bad.xml >out 2>err &&
	cut -f2 out | grep -x overdue &&
	grep -F "bad.xml:" err
'

test_done
