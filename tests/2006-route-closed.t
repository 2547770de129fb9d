#!/bin/sh
# qk-route --closed FILE: cases closed at the end of the run leave the
# working set for FILE, in input order (tools.md, qk-route).
. "$(dirname "$0")/lib.sh"
D=$DATA/route

# two cases: the example's, made ready, and a refused one (XG-…-0002).
setup() {
	qk-route $REF --apply $D/decide-second.xml --at 2026-11-30T18:00:00+08:00 $EX/after.xml >ready.xml &&
	sed "s/WIN07-0031/WIN07-0099/; s/CL-001/XX-001/; s/CL-002/XX-002/" $EX/applications.xml >r.xml &&
	qk-intake $REF --seq "$PWD/seq" r.xml >refused0.xml &&
	sed "s/XG-20261124-0001/XG-20261124-0002/" refused0.xml >refused.xml &&
	qk-route $REF --no-dispatch --at 2026-11-30T18:00:00+08:00 -o set.xml ready.xml refused.xml
}

test_ok 'a closed case moves to --closed; the open one stays' '
	setup &&
	qk-route $REF --apply $D/issued-rated5.xml --at 2026-12-01T18:00:00+08:00 \
	    --closed closed.xml -o open.xml set.xml &&
	test $(grep -c "<case " closed.xml) -eq 1 &&
	grep -F "<case id=\"XG-20261124-0001\"" closed.xml &&
	grep -F "state=\"closed\"" closed.xml &&
	test $(grep -c "<case " open.xml) -eq 1 &&
	grep -F "<case id=\"XG-20261124-0002\"" open.xml &&
	valid closed.xml && valid open.xml
'

test_ok 'the two files hold exactly the cases of a run without --closed' '
	setup &&
	qk-route $REF --apply $D/issued-rated5.xml --at 2026-12-01T18:00:00+08:00 -o all.xml set.xml &&
	qk-route $REF --apply $D/issued-rated5.xml --at 2026-12-01T18:00:00+08:00 \
	    --closed closed.xml -o open.xml set.xml &&
	sed -n "/<case id=\"XG-20261124-0001\"/,/^  <\/case>/p" all.xml >want1 &&
	sed -n "/<case id=\"XG-20261124-0001\"/,/^  <\/case>/p" closed.xml >got1 &&
	same want1 got1 &&
	sed -n "/<case id=\"XG-20261124-0002\"/,/^  <\/case>/p" all.xml >want2 &&
	sed -n "/<case id=\"XG-20261124-0002\"/,/^  <\/case>/p" open.xml >got2 &&
	same want2 got2
'

test_ok 'nothing closed: --closed is written with an empty root' '
	qk-route $REF --at 2026-11-24T18:00:00+08:00 --closed closed.xml $EX/cases.xml >out.xml &&
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" "<cases version=\"1\"/>" >want &&
	same want closed.xml
'

test_ok 'an event for a moved case is case-unknown in the next run' '
	setup &&
	qk-route $REF --apply $D/issued-rated5.xml --at 2026-12-01T18:00:00+08:00 \
	    --closed closed.xml -o open.xml set.xml &&
	must_fail 1 qk-route $REF --apply $D/issued-rated5.xml --at 2026-12-02T18:00:00+08:00 open.xml >o2 2>err &&
	grep -F "(case-unknown)" err
'

test_ok 'on exit 2 --closed is untouched' '
	setup && echo old >closed.xml &&
	printf "<cases version=\"1\">\n<case" >bad.xml &&
	must_fail 2 qk-route $REF --apply $D/issued-rated5.xml --at 2026-12-01T18:00:00+08:00 \
	    --closed closed.xml -o open.xml set.xml bad.xml 2>err &&
	echo old >want && same want closed.xml && test ! -e open.xml
'
test_done
