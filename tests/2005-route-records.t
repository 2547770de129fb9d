#!/bin/sh
# qk-route on unusual but legal records: extensions kept where they were,
# a foreign child of the root skipped with a warning, a tampered last h
# chained from as written.
. "$(dirname "$0")/lib.sh"
AT=--at=2026-11-24T18:00:00+08:00

test_ok 'extension attributes and elements are kept where they were found' '
	sed -e "s|<case id=\"XG-20261124-0001\"|<case id=\"XG-20261124-0001\" x-batch=\"7\"|" \
	    -e "s|^  </case>|    <x-note by=\"W01\">待复核</x-note>\n  </case>|" \
	    -e "s|<applicant kind|<x-extra a=\"1\"/>\n      <applicant kind|" $EX/cases.xml >in.xml &&
	qk-route $REF $AT in.xml >out.xml &&
	grep -F "due=\"2026-12-15\" x-batch=\"7\">" out.xml &&
	grep -F "      <x-extra a=\"1\"/>" out.xml &&
	tail -n 4 out.xml | head -n 2 >tail &&
	grep -F "type=\"routed\" item=\"CL-001\"" tail &&
	grep -F "    <x-note by=\"W01\">待复核</x-note>" tail
'

test_ok 'derived parts in the input are recomputed, not copied' '
	sed "s|state=\"waiting\"/>|state=\"decided\" outcome=\"approved\"/>|" $EX/cases.xml >in.xml &&
	qk-route $REF --no-dispatch $AT in.xml >out.xml &&
	same $EX/cases.xml out.xml
'

test_ok 'a child of the root that is not a case is skipped with a warning' '
	sed "s|^<cases version=\"1\">|<cases version=\"1\">\n  <note>hello</note>|" $EX/cases.xml >in.xml &&
	qk-route $REF $AT in.xml >out.xml 2>err &&
	same $EX/routed.xml out.xml &&
	grep -F "in.xml:3: skipping element '"'"'note'"'"': not a case" err
'

test_ok 'a child of <events> that is not an event is skipped with a warning' '
	sed "s|^<events version=\"1\">|<events version=\"1\">\n  <note>hello</note>|" $EX/events.xml >ev.xml &&
	qk-route $REF $AT --apply ev.xml $EX/routed.xml >out.xml 2>err &&
	grep -F "ev.xml:3: skipping element '"'"'note'"'"': not an event" err
'

# formats.md: data lives in attributes; elements hold no text except where
# it says so (a refusal notice, a catalog guide's text elements), and an
# extension element holds any content.
test_ok 'text in an event is a fatal input error at its line' '
	sed "17s|\"/>\$|\">a note</event>|" $EX/cases.xml >in.xml &&
	grep -F "\">a note</event>" in.xml &&
	must_fail 2 qk-route $REF $AT in.xml >out.xml 2>err &&
	grep -Fx "qk-route: in.xml:17: text in element '"'"'event'"'"': data lives in attributes" err
'

test_ok 'text beside the children of a case, or in the root, is a fatal input error' '
	sed "12s|^|    stray\n|" $EX/cases.xml >in.xml &&
	must_fail 2 qk-route $REF $AT in.xml >out.xml 2>err &&
	grep -F "text in element '"'"'case'"'"'" err &&
	sed "2s|\$|stray|" $EX/cases.xml >in2.xml &&
	must_fail 2 qk-route $REF $AT in2.xml >out.xml 2>err &&
	grep -F "text in element '"'"'cases'"'"'" err
'

test_ok 'an extension element keeps its text, and what is inside it may hold text' '
	sed "25s|^|    <memo by=\"W01\">call back<item>x</item></memo>\n    <remark>call back</remark>\n|" $EX/cases.xml >in.xml &&
	qk-route $REF $AT in.xml >out.xml &&
	grep -Fx "    <remark>call back</remark>" out.xml &&
	grep -Fx "      <item>x</item>" out.xml
'

# formats.md, Output bytes 5: an event is made by a tool, not copied: its
# attributes come out in formats.md's order (extensions after by, h last),
# its sealed facts too.
test_ok 'an event and its sealed facts are written in formats.md'"'"'s order' '
	sed -e "17s|<event seq=\"1\" type=\"received\" at=\"\([^\"]*\)\" by=\"W01\" h=\"\([^\"]*\)\"/>|<event h=\"\2\" x=\"1\" by=\"W01\" at=\"\1\" type=\"received\" seq=\"1\"/>|" \
	    -e "19s|<item code=\"CL-001\" dept=\"CL\" mode=\"promise\"|<item mode=\"promise\" y=\"2\" dept=\"CL\" code=\"CL-001\"|" \
	    $EX/routed.xml >in.xml &&
	grep -F "<event h=" in.xml && grep -F "<item mode=" in.xml &&
	qk-route $REF $AT --no-dispatch in.xml >out.xml &&
	sed -n 17p out.xml | grep -Fx "    <event seq=\"1\" type=\"received\" at=\"2026-11-24T09:13:05+08:00\" by=\"W01\" x=\"1\" h=\"da00e3d4b2a4f194d214b4bc7ae359e000489da92ce579e3fb6c517ccaf16c6f\"/>" &&
	sed -n 19p out.xml | grep -Fx "      <item code=\"CL-001\" dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"5\" window=\"no\" extend=\"10\" y=\"2\"/>" &&
	sed "s/ [xy]=\"[12]\"//" out.xml >back.xml &&
	same $EX/routed.xml back.xml
'

test_ok '-q silences that warning' '
	sed "s|^<cases version=\"1\">|<cases version=\"1\">\n  <note>hello</note>|" $EX/cases.xml >in.xml &&
	qk-route -q $REF $AT in.xml >out.xml 2>err &&
	test ! -s err
'

test_ok 'a last h that is not a hash is chained from as written' '
	long=$(printf "%0300d" 7) &&
	sed "s|h=\"0f9e5d[0-9a-f]*\"|h=\"$long\"|" $EX/cases.xml >in.xml &&
	qk-route $REF $AT in.xml >out.xml &&
	want=$(printf "%s\n<event\nat=2026-11-24T18:00:00+08:00\nby=qk-route\nitem=CL-001\nseq=3\nto=CL\ntype=routed\n>\n" "$long" | sha256sum | cut -c1-64) &&
	grep -F "h=\"$want\"" out.xml
'
test_ok 'an item sealed without dept stays waiting, no crash' '
	sed "s|<item code=\"CL-001\" dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"5\" window=\"no\"|<item code=\"CL-001\" mode=\"promise\" legal=\"20\" promised=\"5\" window=\"no\"|" $EX/cases.xml >in.xml &&
	grep -F "<item code=\"CL-001\" mode=\"promise\" legal=\"20\" promised=\"5\" window=\"no\"" in.xml &&
	qk-route $REF $AT in.xml >out.xml &&
	grep -F "<item code=\"CL-001\" mode=\"promise\" legal=\"20\" promised=\"5\" state=\"waiting\"/>" out.xml &&
	! grep -F "type=\"routed\"" out.xml
'
test_done
