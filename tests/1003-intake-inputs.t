#!/bin/sh
# qk-intake: inputs recognised by content (compressed, archives, standard
# input, several files) and the fatal input errors.
. "$(dirname "$0")/lib.sh"

D=$DATA/intake
# The cases of a.xml then b.xml, made from the plain files.
expected() {
	qk-intake $REF --seq "$PWD/seq0" $D/a.xml $D/b.xml >expect
}

test_ok 'several plain files give their cases in order' '
	qk-intake $REF --seq "$PWD/seq" $D/a.xml $D/b.xml >out &&
	test $(grep -c "<case " out) -eq 3 &&
	grep -F "<case id=\"XG-20261124-0003\"" out &&
	test "$(grep -o "ref=\"[AB][0-9]\"" out | uniq | tr "\n" " ")" = "ref=\"A1\" ref=\"B1\" ref=\"B2\" "
'

for z in gzip xz bzip2 zstd; do
	if command -v $z >/dev/null 2>&1; then
		test_ok "$z input gives the same cases" "
			expected &&
			$z -c \$D/a.xml >a.z && $z -c \$D/b.xml >b.z &&
			qk-intake \$REF --seq \"\$PWD/seq\" a.z b.z >out &&
			same expect out
		"
	else
		test_skip "$z input gives the same cases" "no $z"
	fi
done

test_ok 'a tar gives the same cases' '
	expected &&
	bsdtar -cf x.tar -C $D a.xml b.xml &&
	qk-intake $REF --seq "$PWD/seq" x.tar >out &&
	same expect out
'

test_ok 'a gzip-compressed tar gives the same cases' '
	expected &&
	bsdtar -czf x.tgz -C $D a.xml b.xml &&
	qk-intake $REF --seq "$PWD/seq" x.tgz >out &&
	same expect out
'

test_ok 'a zip gives the same cases' '
	expected &&
	bsdtar --format zip -cf x.zip -C $D a.xml b.xml &&
	qk-intake $REF --seq "$PWD/seq" x.zip >out &&
	same expect out
'

test_ok 'a cpio gives the same cases' '
	expected &&
	cp $D/a.xml $D/b.xml . &&
	bsdtar --format cpio -cf x.cpio a.xml b.xml &&
	qk-intake $REF --seq "$PWD/seq" x.cpio >out &&
	same expect out
'

test_ok 'standard input without a file name' '
	qk-intake $REF --seq "$PWD/seq0" $D/b.xml >expect &&
	qk-intake $REF --seq "$PWD/seq" <$D/b.xml >out &&
	same expect out
'

test_ok 'standard input named -, between files' '
	expected &&
	qk-intake $REF --seq "$PWD/seq" $D/a.xml - <$D/b.xml >out &&
	same expect out
'

test_ok 'a compressed standard input' '
	qk-intake $REF --seq "$PWD/seq0" $D/b.xml >expect &&
	gzip -c $D/b.xml | qk-intake $REF --seq "$PWD/seq" >out &&
	same expect out
'

test_ok 'a non-.xml member of a tar is skipped with a warning' '
	expected &&
	cp $D/a.xml $D/b.xml . && echo hello >notes.txt &&
	bsdtar -cf x.tar a.xml notes.txt b.xml &&
	qk-intake $REF --seq "$PWD/seq" x.tar >out 2>err &&
	same expect out &&
	grep -F "notes.txt" err
'

test_ok 'an .XML member in capitals is read' '
	cp $D/a.xml A.XML &&
	bsdtar -cf x.tar A.XML &&
	qk-intake $REF --seq "$PWD/seq" x.tar >out &&
	grep -F "ref=\"A1\"" out
'

test_ok 'an empty file is a fatal error' '
	: >empty.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" empty.xml >out 2>err &&
	grep -F "empty.xml" err &&
	test ! -e seq
'

test_ok 'an archive without .xml member is a fatal error' '
	echo hello >notes.txt && bsdtar -cf x.tar notes.txt &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" x.tar >out 2>err &&
	grep -F "x.tar" err
'

test_ok 'a document that is not well-formed: exit 2 with FILE:LINE:COL' '
	sed "5s|<request item=\"CL-001\"/>|<request item=\"CL-001\">|" $D/a.xml >bad.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" bad.xml >out 2>err &&
	grep -E "^qk-intake: bad\.xml:[0-9]+:[0-9]+: " err
'

test_ok 'a DOCTYPE is a fatal error' '
	sed "1a<!DOCTYPE applications>" $D/a.xml >bad.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" bad.xml >out 2>err &&
	grep -F "bad.xml" err &&
	! grep -F "<case " out
'

test_ok 'the wrong root is a fatal error' '
	must_fail 2 qk-intake $REF --seq "$PWD/seq" $EX/cases.xml >out 2>err &&
	grep -F "cases.xml" err
'

test_ok 'version 2 is a fatal error' '
	sed "s/<applications version=\"1\">/<applications version=\"2\">/" $D/a.xml >bad.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" bad.xml >out 2>err &&
	grep -F "bad.xml" err
'

test_ok 'a namespace declaration is a fatal error' '
	sed "s/<applications version=\"1\">/<applications version=\"1\" xmlns=\"urn:x\">/" $D/a.xml >bad.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" bad.xml >out 2>err &&
	grep -F "bad.xml" err
'

test_ok 'a record over --max-record is a fatal error' '
	must_fail 2 qk-intake $REF --seq "$PWD/seq" --max-record 100 $D/a.xml >out 2>err &&
	grep -F "a.xml:" err &&
	grep -F "max-record" err
'

# The record of a.xml is 298 bytes from "<application" to the end of
# "</application>": its end tag counts.
test_ok '--max-record counts the record up to the end of its end tag' '
	qk-intake $REF --seq "$PWD/seq" --max-record 298 $D/a.xml >out &&
	grep -F "<case " out &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq2" --max-record 297 $D/a.xml >out 2>err &&
	grep -F "a.xml:3: record larger than --max-record (297 bytes)" err
'

test_ok 'a start tag alone over --max-record is reported at its line' '
	must_fail 2 qk-intake $REF --seq "$PWD/seq" --max-record 10 $D/a.xml >out 2>err &&
	grep -F "a.xml:3: record larger than --max-record (10 bytes)" err
'

test_ok 'reference data that cannot be read, or has the wrong root or version, is fatal, named in the message' '
	sed "s/<catalog version=\"1\"/<catalog version=\"2\"/" $EX/catalog.xml >cat2.xml &&
	must_fail 2 qk-intake --catalog cat2.xml --roster $EX/roster.xml --calendar $EX/calendar.xml \
	    --seq "$PWD/seq" $D/a.xml >out 2>err &&
	grep -Fx "qk-intake: cat2.xml:2: catalog version is '\''2'\'', expected '\''1'\''" err &&
	for opt in --catalog --roster --calendar; do
		must_fail 2 qk-intake $REF $opt no-such.xml --seq "$PWD/seq" $D/a.xml >out 2>err &&
		grep -Fx "qk-intake: no-such.xml: No such file or directory" err || return 1
	done &&
	must_fail 2 qk-intake $REF --calendar $EX/roster.xml --seq "$PWD/seq" $D/a.xml >out 2>err &&
	grep -Fx "qk-intake: $EX/roster.xml:2: root element is '\''roster'\'', expected '\''calendar'\''" err &&
	test ! -s out &&
	test ! -e seq
'

test_ok 'text in a request is a fatal input error (formats.md: data lives in attributes)' '
	sed "s|<request item=\"CL-001\"/>|<request item=\"CL-001\">two copies</request>|" $D/a.xml >t.xml &&
	grep -F "two copies" t.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" t.xml >out 2>err &&
	grep -Fx "qk-intake: t.xml:5: text in element '"'"'request'"'"': data lives in attributes" err &&
	test ! -e seq
'

test_ok 'a calendar.local.xml present but unreadable is fatal; a missing one is not' '
	mkdir data && cp -r "$QK_DATA"/* data/ &&
	ln -s loop data/calendar.local.xml && ln -s calendar.local.xml data/loop &&
	must_fail 2 env QK_DATA=$PWD/data qk-intake --catalog $EX/catalog.xml \
	    --roster $EX/roster.xml --seq "$PWD/seq" $D/a.xml >out 2>err &&
	grep -F "calendar.local.xml: Too many levels of symbolic links" err &&
	test ! -s out &&
	rm data/calendar.local.xml data/loop &&
	QK_DATA=$PWD/data qk-intake --catalog $EX/catalog.xml \
	    --roster $EX/roster.xml --seq "$PWD/seq" $D/a.xml >out &&
	grep -F "<case " out
'

test_ok 'with -o a fatal error leaves the target untouched and no temporary file' '
	echo "old content" >cases.xml && cp cases.xml before &&
	: >empty.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" -o cases.xml $D/a.xml empty.xml >out 2>err &&
	same before cases.xml &&
	test ! -s out &&
	test -z "$(ls -A | grep "^\.qk-tmp-")"
'

test_ok 'with -o a fatal error leaves --rejects untouched' '
	echo "old rejects" >rj.xml && cp rj.xml before &&
	sed "s/version=\"1\"/version=\"2\"/" $D/a.xml >bad.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" -o cases.xml --rejects rj.xml $D/b.xml bad.xml >out 2>err &&
	same before rj.xml &&
	test ! -e cases.xml
'

test_ok 'without -o a fatal error after some records leaves them unclosed' '
	printf "<applications version=\"1\">\n  <application\n" >broken.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" $D/b.xml broken.xml >out 2>err &&
	grep -F "broken.xml:" err &&
	sed -n 2p out | grep -Fx "<cases version=\"1\">" &&
	test $(grep -c "<case " out) -eq 2 &&
	tail -n 1 out | grep -Fx "  </case>" &&
	! xmllint --noout out 2>/dev/null
'

test_done
