#!/bin/sh
# The one output layer (tools.md, Output): atomic -o, compression by the
# name's ending, devices written in place, signals, standard output.
. "$(dirname "$0")/lib.sh"
AT=--at=2026-11-24T18:00:00+08:00

# gzip is in every Debian; bsdcat (libarchive-tools) reads the others.
test_ok '-o with .gz, .xz, .bz2, .zst endings compresses; gzip has no time stamp' '
	qk-route $REF $AT $EX/cases.xml >plain.xml &&
	qk-route $REF $AT -o out.xml.gz $EX/cases.xml && gzip -dc out.xml.gz >a && same plain.xml a &&
	qk-route $REF $AT -o out.xml.xz $EX/cases.xml && bsdcat out.xml.xz >b && same plain.xml b &&
	qk-route $REF $AT -o out.xml.bz2 $EX/cases.xml && bsdcat out.xml.bz2 >c && same plain.xml c &&
	qk-route $REF $AT -o out.xml.zst $EX/cases.xml && bsdcat out.xml.zst >d && same plain.xml d &&
	test "$(od -An -tx1 -N3 out.xml.xz | tr -d " ")" = fd377a &&
	test "$(od -An -tx1 -N3 out.xml.bz2 | tr -d " ")" = 425a68 &&
	test "$(od -An -tx1 -N4 out.xml.zst | tr -d " ")" = 28b52ffd &&
	test "$(od -An -tx1 -j4 -N4 out.xml.gz | tr -d " ")" = 00000000
'

test_ok '-o .tar and .zip are plain documents (one document, by ending)' '
	qk-route $REF $AT -o out.tar $EX/cases.xml && same $EX/routed.xml out.tar &&
	qk-route $REF $AT -o out.zip $EX/cases.xml && same $EX/routed.xml out.zip
'

test_ok '-o gives the file mode 0666 less the umask' '
	(umask 027 && qk-route $REF $AT -o out.xml $EX/cases.xml) &&
	test "$(stat -c %a out.xml)" = 640 &&
	(umask 022 && qk-route $REF $AT -o out2.xml $EX/cases.xml) &&
	test "$(stat -c %a out2.xml)" = 644
'

test_ok '-o /dev/null writes to the device, leaves no temporary file beside it' '
	ls -a /dev >before &&
	qk-route $REF $AT -o /dev/null $EX/cases.xml &&
	ls -a /dev >after &&
	! grep -q "^\.qk-tmp-" after &&
	test -c /dev/null
'

# A device of our own, so that writing through a rename would show: the
# folder would then hold a regular file (or a temporary one) in its place.
if [ "$(id -u)" -eq 0 ] && mknod "$SCRATCH/null" c 1 3 2>/dev/null; then
	test_ok '-o a character device writes into it: the device stays, nothing beside it' '
		qk-route $REF $AT -o "$SCRATCH/null" $EX/cases.xml &&
		test -c "$SCRATCH/null" &&
		test "$(stat -c %t:%T "$SCRATCH/null")" = 1:3 &&
		test "$(ls -A "$SCRATCH" | grep -v "^[0-9]*\$" | grep -v "^null\$")" = ""
	'
else
	test_skip '-o a character device writes into it' 'needs root to make a device'
fi

test_ok '-o a named pipe writes into the pipe' '
	mkfifo pipe &&
	{ cat pipe >got & } &&
	qk-route $REF $AT -o pipe $EX/cases.xml &&
	wait &&
	same $EX/routed.xml got
'

# N copies of the example case, with distinct ids.
many() {
	awk -v n="$1" 'NR <= 2 { print; next } /<case / { c = 1 } c { b = b $0 "\n" }
	    /<\/case>/ { c = 0 }
	    END { for (i = 0; i < n; i++) { x = b; gsub("0001\"", sprintf("%05d\"", i), x);
	    printf "%s", x } print "</cases>" }' $EX/cases.xml
}

test_ok 'an empty input, from a file or a pipe, has no document: exit 2' '
	: >empty.xml &&
	must_fail 2 qk-route $REF $AT empty.xml >out 2>err &&
	grep -F "qk-route: empty.xml: no document in input (it is empty)" err &&
	: | must_fail 2 qk-route $REF $AT >out 2>err &&
	grep -F "qk-route: -: no document in input (it is empty)" err
'

test_ok 'plain, gzip, tar and zip documents read from a pipe' '
	qk-route $REF $AT $EX/cases.xml >want &&
	cat $EX/cases.xml | qk-route $REF $AT >a && same want a &&
	gzip -c $EX/cases.xml | qk-route $REF $AT - >b && same want b &&
	(cd $EX && bsdtar -cf - cases.xml) | qk-route $REF $AT >c && same want c &&
	(cd $EX && bsdtar --format zip -cf - cases.xml) | qk-route $REF $AT >d && same want d
'

test_ok 'SIGTERM during a run leaves the target untouched and no temporary file' '
	many 3000 >big.xml &&
	echo old >out.xml &&
	{ cat big.xml; sleep 3; } |
	must_fail 143 timeout --preserve-status -s TERM 1 qk-route $REF $AT -o out.xml - &&
	echo old >want && same want out.xml &&
	test -z "$(ls -A | grep qk-tmp)"
'

test_ok 'a full disk (/dev/full) is a write error: exit 2 with a message' '
	must_fail 2 qk-route $REF $AT -o /dev/full $EX/cases.xml 2>err &&
	grep -F "qk-route: /dev/full: write error: No space left on device" err
'

test_ok '--help, --version and --list-rules on a full disk: exit 2 with a message' '
	for t in qk-intake qk-route qk-audit qk-report qk-pack; do
		for o in --help --version; do
			must_fail 2 $t $o >/dev/full 2>err &&
			grep -Fx "$t: standard output: write error: No space left on device" err || return 1
		done
	done &&
	must_fail 2 qk-audit --list-rules >/dev/full 2>err &&
	grep -Fx "qk-audit: standard output: write error: No space left on device" err
'

test_ok 'a closed pipe with SIGPIPE ignored: exit 2 and no message' '
	many 2000 >big.xml &&
	sh -c "trap \"\" PIPE; { qk-route $REF $AT big.xml 2>err; echo \$? >status; } | head -c 10 >/dev/null" &&
	test "$(cat status)" = 2 &&
	test ! -s err
'

test_ok 'standard output that fails midway keeps its records and is left unclosed' '
	printf "<cases version=\"1\">\n<case" >bad.xml &&
	must_fail 2 qk-route $REF $AT $EX/cases.xml bad.xml >out.xml 2>err &&
	qk-route $REF $AT $EX/cases.xml >whole.xml &&
	head -n -1 whole.xml >want &&
	same want out.xml &&
	! xmllint --noout out.xml 2>/dev/null &&
	grep -F "bad.xml:2:" err
'

test_ok 'a fatal error with -o leaves the target and the side outputs untouched' '
	printf "<cases version=\"1\">\n<case" >bad.xml &&
	echo old >out.xml && echo old >rj.xml &&
	must_fail 2 qk-route $REF $AT --rejects rj.xml -o out.xml $EX/cases.xml bad.xml 2>err &&
	echo old >want && same want out.xml && same want rj.xml &&
	test -z "$(ls -A | grep qk-tmp)"
'
test_done
