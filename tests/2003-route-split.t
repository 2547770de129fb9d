#!/bin/sh
# qk-route --split DEST: work queues per catalog department (tools.md qk-route).
. "$(dirname "$0")/lib.sh"
D=$DATA/route
AT=--at=2026-11-24T18:00:00+08:00

printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<cases version="1"/>' >"$SCRATCH/empty.xml"
EMPTY=$SCRATCH/empty.xml

# Two cases from the shipped data: 0001 has CL-001 and MZ-003, 0002 only CL-001.
multi() {
	qk-intake --seq "$PWD/seq" $D/multi.xml >cases.xml &&
	qk-route $AT cases.xml >routed.xml &&
	awk '/<case id="XG-20261124-0002"/{skip=1} !skip{print} /<\/case>/{skip=0}' routed.xml >mz.want &&
	test "$(grep -c "<case " mz.want)" = 1
}

test_ok 'example: --split DIR writes CL.xml equal to the output' '
	qk-route $REF --at 2026-11-24T18:00:00+08:00 --split q $EX/cases.xml >out.xml &&
	same $EX/routed.xml out.xml &&
	test "$(ls q)" = CL.xml &&
	same $EX/routed.xml q/CL.xml
'

test_ok 'example: no routed item leaves an empty CL.xml' '
	qk-route $REF --no-dispatch --at 2026-11-24T18:00:00+08:00 --split q $EX/cases.xml >out.xml &&
	same $EMPTY q/CL.xml
'

test_ok 'a catalog department that is not a code names no file: exit 2, nothing written' '
	sed "s|<dept code=\"CL\"|<dept code=\"../CL\"|" $EX/catalog.xml >cat.xml &&
	must_fail 2 qk-route --catalog cat.xml --roster $EX/roster.xml --calendar $EX/calendar.xml \
	    $AT --split q $EX/cases.xml >out.xml 2>err &&
	grep -Fx "qk-route: catalog department '\''../CL'\'' is not a code: no work queue can be named after it" err &&
	test ! -e CL.xml && test ! -e q/CL.xml
'

test_ok 'shipped catalog: one file per dept, in a folder created when missing' '
	multi &&
	qk-route $AT --split q routed.xml >out.xml &&
	ls q >got &&
	printf "%s.xml\n" CG CJ CL DJ MZ RS SF WJ XF ZZ >want &&
	same want got
'

test_ok 'shipped catalog: CL.xml holds both cases, MZ.xml only the first' '
	multi &&
	qk-route $AT --split q routed.xml >out.xml &&
	same routed.xml out.xml &&
	same routed.xml q/CL.xml &&
	same mz.want q/MZ.xml
'

test_ok 'shipped catalog: departments without routed items get <cases version="1"/>' '
	multi &&
	qk-route $AT --split q routed.xml >out.xml &&
	for d in CG CJ DJ RS SF WJ XF ZZ; do same $EMPTY q/$d.xml || exit 1; done
'

for a in q.tar q.tar.gz q.zip; do
	test_ok "--split $a: members are DEPT.xml" '
		multi &&
		qk-route $AT --split '$a' routed.xml >out.xml &&
		bsdtar -tf '$a' | sort >got &&
		printf "%s.xml\n" CG CJ CL DJ MZ RS SF WJ XF ZZ >want &&
		same want got
	'
	test_ok "--split $a: contents equal the folder variant" '
		multi &&
		qk-route $AT --split dir routed.xml >out1.xml &&
		qk-route $AT --split '$a' routed.xml >out2.xml &&
		same out1.xml out2.xml &&
		for d in CG CJ CL DJ MZ RS SF WJ XF ZZ; do
			bsdtar -xOf '$a' $d.xml >m.xml && same dir/$d.xml m.xml || exit 1
		done
	'
done

test_ok '--split q.tar.gz is gzip, q.tar and q.zip are not' '
	multi &&
	qk-route $AT --split q.tar.gz routed.xml >/dev/null &&
	qk-route $AT --split q.tar routed.xml >/dev/null &&
	qk-route $AT --split q.zip routed.xml >/dev/null &&
	gzip -t q.tar.gz &&
	! gzip -t q.tar 2>/dev/null &&
	test "$(head -c 2 q.zip)" = PK
'

test_done
