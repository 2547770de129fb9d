#!/bin/sh
# qk-route on the spec's example documents (tools.md qk-route; examples/README.md).
. "$(dirname "$0")/lib.sh"

test_ok 'route cases.xml at 18:00 reproduces routed.xml' '
	qk-route $REF --at 2026-11-24T18:00:00+08:00 $EX/cases.xml >out.xml &&
	same $EX/routed.xml out.xml
'

test_ok 'applying events.xml to routed.xml reproduces after.xml' '
	qk-route $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml &&
	same $EX/after.xml out.xml
'

test_ok 'routing with -o writes the same document as standard output' '
	qk-route $REF --at 2026-11-24T18:00:00+08:00 -o out.xml $EX/cases.xml >stdout &&
	same $EX/routed.xml out.xml &&
	test ! -s stdout
'

test_ok 'applying the same events again is idempotent' '
	qk-route $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 $EX/after.xml >out.xml &&
	same $EX/after.xml out.xml
'

test_ok '-v reports one duplicate event on the second run' '
	qk-route -v $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 $EX/after.xml >out.xml 2>err &&
	echo "qk-route: 1 read, 1 written, 0 rejected, 0 events applied, 1 duplicate events" >want &&
	same want err
'

test_ok '-v line after applying one event' '
	qk-route -v $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml 2>err &&
	echo "qk-route: 1 read, 1 written, 0 rejected, 1 events applied, 0 duplicate events" >want &&
	same want err
'

test_ok '-v line when routing without events' '
	qk-route -v $REF --at 2026-11-24T18:00:00+08:00 $EX/cases.xml >out.xml 2>err &&
	echo "qk-route: 1 read, 1 written, 0 rejected, 0 events applied, 0 duplicate events" >want &&
	same want err
'

test_ok 'the same events given twice in one run count one duplicate' '
	qk-route -v $REF --apply $EX/events.xml --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml 2>err &&
	same $EX/after.xml out.xml &&
	echo "qk-route: 1 read, 1 written, 0 rejected, 1 events applied, 1 duplicate events" >want &&
	same want err
'

test_ok 'reading and writing the same file with -o' '
	cp $EX/routed.xml open.xml &&
	qk-route $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 -o open.xml open.xml &&
	same $EX/after.xml open.xml &&
	test "$(ls -A | grep -v "^\.log$")" = open.xml
'

test_ok '--apply FOLDER reads its *.xml files only: a subfolder named *.xml is skipped' '
	mkdir -p ev/old.xml &&
	cp $EX/events.xml ev/e1.xml &&
	cp $EX/events.xml ev/old.xml/e2.xml &&
	qk-route -v $REF --apply ev --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml 2>err &&
	same $EX/after.xml out.xml &&
	grep -Fx "qk-route: ev/old.xml: skipping: a folder" err &&
	grep -Fx "qk-route: 1 read, 1 written, 0 rejected, 1 events applied, 0 duplicate events" err
'

# h(n) = SHA256(h(n-1) LF canon(event n)), formats.md Hash chain.
hof() { sed -n "s/.*<event seq=\"$1\" .* h=\"\([0-9a-f]*\)\".*/\1/p" "$2"; }

test_ok 'h3 of the routed event recomputed with the shell' '
	h2=$(hof 2 $EX/after.xml) &&
	printf "%s\n<event\nat=2026-11-24T18:00:00+08:00\nby=qk-route\nitem=CL-001\nseq=3\nto=CL\ntype=routed\n>\n" "$h2" | sha256sum | cut -c1-64 >want &&
	hof 3 $EX/after.xml >got &&
	test -s got && same want got
'

test_ok 'h4 of the applied decided event recomputed with the shell' '
	h3=$(hof 3 $EX/after.xml) &&
	printf "%s\n<event\nat=2026-11-27T10:02:00+08:00\nby=CL02\nitem=CL-001\noutcome=approved\nseq=4\ntype=decided\n>\n" "$h3" | sha256sum | cut -c1-64 >want &&
	qk-route $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml &&
	hof 4 out.xml >got &&
	test -s got && same want got
'

test_ok 'h5 of the second routed event recomputed with the shell' '
	qk-route $REF --apply $EX/events.xml --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml &&
	h4=$(hof 4 out.xml) &&
	printf "%s\n<event\nat=2026-11-27T18:00:00+08:00\nby=qk-route\nitem=CL-002\nseq=5\nto=CL\ntype=routed\n>\n" "$h4" | sha256sum | cut -c1-64 >want &&
	hof 5 out.xml >got &&
	test -s got && same want got
'

test_done
