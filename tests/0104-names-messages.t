#!/bin/sh
# Archive member names in every spelling, temporary files on every exit
# path, and messages that say what is wrong (tools.md, Inputs, Output,
# Messages).
. "$(dirname "$0")/lib.sh"
AT="--at 2026-11-24T18:00:00+08:00"

two_apps() {
	cp $EX/applications.xml a1.xml &&
	sed "s/WIN07-0031/WIN07-0032/" a1.xml >a2.xml
}

# cases ZIP LOCALE: the cases qk-intake makes of ZIP, as a file and piped.
cases() {
	LC_ALL=$2 qk-intake $REF --seq "$PWD/s1" "$1" >f.xml 2>ferr &&
	LC_ALL=$2 qk-intake $REF --seq "$PWD/s2" - <"$1" >p.xml 2>perr &&
	test $(grep -c "<case " f.xml) -eq 2 &&
	test $(grep -c "<case " p.xml) -eq 2
}

for loc in C C.UTF-8; do
	test_ok "a zip with UTF-8 names (flagged) loses no member, LC_ALL=$loc" "
		two_apps &&
		perl \$TOP/tests/mkzip.pl --utf8 u.zip a1.xml=a1.xml 申请二.xml=a2.xml &&
		cases u.zip $loc &&
		test ! -s ferr && test ! -s perr
	"
	test_ok "a zip with GBK names (unflagged) loses no member, LC_ALL=$loc" "
		two_apps &&
		perl \$TOP/tests/mkzip.pl --gbk g.zip a1.xml=a1.xml 申请二.xml=a2.xml &&
		cases g.zip $loc
	"
	test_ok "a pax tar with UTF-8 names loses no member, LC_ALL=$loc" "
		two_apps && mkdir t && cp a1.xml t/申请一.xml && cp a2.xml t/申请二.xml &&
		(cd t && LC_ALL=C.UTF-8 bsdtar --format pax -cf ../t.tar 申请一.xml 申请二.xml) &&
		cases t.tar $loc
	"
done

test_ok 'a skipped member with a GBK name is named with \xHH escapes' '
	two_apps &&
	perl $TOP/tests/mkzip.pl --gbk g.zip a1.xml=a1.xml 说明.txt=a2.xml &&
	LC_ALL=C qk-intake $REF --seq "$PWD/seq" g.zip >out.xml 2>err &&
	grep -F "qk-intake: g.zip(" err | grep -F "\xC3\xF7.txt): skipping member: not an .xml file"
'

test_ok 'a side output that cannot be made leaves no temporary file beside -o' '
	must_fail 2 qk-intake $REF --seq "$PWD/seq" $EX/applications.xml --rejects nodir/r.xml -o ok.xml 2>err &&
	grep -F "nodir/r.xml" err &&
	test -z "$(ls -A | grep -e qk-tmp -e ok.xml)"
'

test_ok '--split into a path that cannot be a folder leaves no temporary file' '
	touch file &&
	must_fail 2 qk-route $REF $AT $EX/cases.xml --split file/q -o ok.xml 2>err &&
	grep -F "file/q" err &&
	test -z "$(ls -A | grep -e qk-tmp -e ok.xml)"
'

test_ok 'a missing input says why' '
	must_fail 2 qk-intake $REF nosuch.xml 2>err &&
	echo "qk-intake: nosuch.xml: No such file or directory" >want && same want err
'

test_ok 'a folder as input says why' '
	mkdir d &&
	must_fail 2 qk-route $REF d 2>err &&
	echo "qk-route: d: Is a directory" >want && same want err
'

test_ok 'a gzip of an empty file: no document, not an unknown format' '
	: >empty && gzip empty &&
	must_fail 2 qk-intake $REF empty.gz 2>err &&
	echo "qk-intake: empty.gz: no document in input (it decompresses to nothing)" >want && same want err
'

test_ok 'an undeclared non-UTF-8 document: one line, with the tool name' '
	printf "<applications version=\"1\">\n  <application ref=\"\272\272\"/>\n</applications>\n" >gbk.xml &&
	must_fail 2 qk-intake $REF gbk.xml 2>err &&
	test $(wc -l <err) -eq 1 &&
	grep "^qk-intake: gbk.xml:2:[0-9]*: document is not UTF-8" err
'

test_ok 'a cut-off document says so' '
	head -n 20 $EX/cases.xml >cut.xml &&
	must_fail 2 qk-route $REF $AT cut.xml 2>err &&
	grep "^qk-route: cut.xml:[0-9:]* document ends before the end tag of <cases>" err
'

# tools.md, Messages: a record's message gives the line of its start tag,
# where the tag begins, also when its attributes run over several lines.
test_ok 'a start tag over several lines: messages name the line where it begins' '
	printf "<applications version=\"1\">\n<application\n received=\"x\"\n site=\"XG\">\n</application>\n<bogus\n a=\"1\"/>\n</applications>\n" >a.xml &&
	must_fail 1 qk-intake $REF --seq "$PWD/seq" a.xml >out 2>err &&
	grep -F "qk-intake: a.xml:2: application rejected" err &&
	grep -Fx "qk-intake: a.xml:6: skipping element '"'"'bogus'"'"': not an application" err &&
	printf "<events version=\"1\">\n<event\n case=\"XG-NONE\" type=\"closed\"\n by=\"W01\" at=\"2026-11-27T10:00:00+08:00\"/>\n</events>\n" >e.xml &&
	must_fail 1 qk-route $REF --apply e.xml $AT $EX/routed.xml >out 2>err &&
	grep -F "qk-route: e.xml:2: event '"'"'closed'"'"' of case '"'"'XG-NONE'"'"' rejected" err
'

test_ok 'an event reject names the case and the event type' '
	must_fail 1 qk-route $REF $AT --apply $DATA/route/unknown-case.xml $EX/routed.xml >out 2>err &&
	grep -F "unknown-case.xml:3: event '"'"'decided'"'"' of case '"'"'XG-20261124-0099'"'"' rejected: no case with this id" err
'

test_ok 'an application reject names its ref' '
	sed "s/idno=\"320703199001011231\"/idno=\"320703199001011232\"/" $EX/applications.xml >bad.xml &&
	must_fail 1 qk-intake $REF --seq "$PWD/seq" bad.xml >out 2>err &&
	grep -F "bad.xml:3: application '"'"'WIN07-0031'"'"' rejected: applicant id number is missing or fails its check (idno-invalid)" err
'

test_ok '--apply DIR warns of what it does not read' '
	mkdir ev && cp $DATA/route/issued.xml ev/e1.xml && gzip -c ev/e1.xml >ev/e2.xml.gz &&
	must_fail 1 qk-route $REF $AT --apply ev $EX/routed.xml >out 2>err &&
	grep -Fx "qk-route: ev/e2.xml.gz: skipping: not an .xml file" err
'

for t in qk-intake qk-route; do
	test_ok "$t --help: purpose, standard input, exit codes, the man page" "
		$t --help >out &&
		grep -F 'usage: $t' out && grep -F \"'-' or none is standard input\" out &&
		grep -F 'Exit status:' out && grep -F '  2  usage error' out &&
		grep -F 'See $t(1).' out
	"
	test_ok "$t with an unknown option: exit 2, the synopsis on standard error" "
		must_fail 2 $t --bogus >out 2>err &&
		test ! -s out && grep -F 'usage: $t' err && grep -F \"Try '$t --help'\" err
	"
done

test_ok 'a folder member of an archive is skipped with a warning' '
	mkdir -p dd/sub && cp $EX/cases.xml dd/sub/c.xml &&
	bsdtar -cf dd.tar dd && bsdtar --format zip -cf dd.zip dd &&
	for a in dd.tar dd.zip; do
		qk-route $REF $AT $a >out 2>err &&
		same $EX/routed.xml out &&
		grep -Fx "qk-route: $a(dd/): skipping member: not an .xml file" err &&
		grep -Fx "qk-route: $a(dd/sub/): skipping member: not an .xml file" err || return 1
	done
'

test_ok 'a parser error in reference data names FILE:LINE:COL, as in an input' '
	printf "<catalog version=\"1\">\n  <item code=\"x\">\n</catalog>\n" >cat.xml &&
	for t in "qk-intake --seq $PWD/seq" qk-route qk-audit qk-report "qk-pack -o p.tar"; do
		must_fail 2 $t --catalog cat.xml $EX/cases.xml >out 2>err &&
		grep -Fx "${t%% *}: cat.xml:3:11: Opening and ending tag mismatch: item line 2 and catalog" err &&
		test ! -e p.tar || return 1
	done
'

# qk-route reads no roster, qk-pack neither roster nor calendar: what the
# command line names is read all the same (tools.md, Reference data).
test_ok 'reference data named but unused by the tool: unreadable or wrong root is fatal' '
	for t in "qk-intake --seq $PWD/seq" qk-route qk-audit qk-report "qk-pack -o p.tar"; do
		for o in --catalog --roster --calendar; do
			must_fail 2 $t $o missing.xml $EX/cases.xml >out 2>err &&
			grep -Fx "${t%% *}: missing.xml: No such file or directory" err &&
			test ! -e p.tar || return 1
		done
		must_fail 2 $t --roster $EX/catalog.xml $EX/cases.xml >out 2>err &&
		grep -F "root element is '"'"'catalog'"'"', expected '"'"'roster'"'"'" err || return 1
	done
'

for t in qk-intake qk-route qk-audit qk-report qk-pack; do
	test_ok "$t run by its path names itself PROG in an option error" "
		must_fail 2 \$BIN/../bin/$t --bogus >out 2>err &&
		grep -Fx \"$t: unrecognized option '--bogus'\" err &&
		must_fail 2 \$BIN/../bin/$t --as-of >out 2>err &&
		grep -Fx \"$t: option '--as-of' requires an argument\" err
	"
done
test_done
