#!/bin/sh
# qk-intake: case ids and the sequence file.
. "$(dirname "$0")/lib.sh"

# apps N SITE STAFF [BAD]: N applications of SITE on 2026-11-24.
apps() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<applications version="1">\n'
	i=1
	while [ $i -le $1 ]; do
		printf '  <application ref="%s-%d" received="2026-11-24T09:00:00+08:00" site="%s" staff="%s" channel="window">\n' "$2" $i "$2" "$3"
		printf '    <applicant kind="person" name="张伟" idno="320703199001011231"/>\n'
		printf '    <request item="CL-001"/>\n  </application>\n'
		i=$((i + 1))
	done
	printf '</applications>\n'
}
ids() { grep -o '<case id="[^"]*"' "$1" | sed 's/<case id="//; s/"$//'; }

test_ok 'three applications of one site and day get 0001, 0002, 0003' '
	apps 3 XG W01 >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	printf "XG-20261124-0001\nXG-20261124-0002\nXG-20261124-0003\n" >expect &&
	ids out >got &&
	same expect got &&
	printf "XG 20261124 3\n" >expect &&
	same expect seq
'

test_ok 'two sites in one run get their own numbers' '
	{ apps 2 XG W01 | sed "\$d"; apps 2 XG-HB W02 | sed "1,2d"; } >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	printf "XG-20261124-0001\nXG-20261124-0002\nXG-HB-20261124-0001\nXG-HB-20261124-0002\n" >expect &&
	ids out >got &&
	same expect got &&
	printf "XG 20261124 2\nXG-HB 20261124 2\n" >expect &&
	same expect seq
'

test_ok 'a second run continues from the sequence file' '
	apps 3 XG W01 >a.xml && apps 1 XG W01 >b.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out1 &&
	qk-intake $REF --seq "$PWD/seq" b.xml >out2 &&
	echo XG-20261124-0004 >expect &&
	ids out2 >got &&
	same expect got &&
	printf "XG 20261124 4\n" >expect &&
	same expect seq
'

test_ok 'an existing unsorted sequence file is continued per site and day' '
	printf "XG-HB 20261124 7\nXG 20261123 50\nXG 20261124 12\n" >seq &&
	apps 1 XG W01 >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	echo XG-20261124-0013 >expect &&
	ids out >got &&
	same expect got &&
	printf "XG 20261123 50\nXG 20261124 13\nXG-HB 20261124 7\n" >expect &&
	same expect seq
'

test_ok 'numbers above 9999 take five digits' '
	printf "XG 20261124 9999\n" >seq &&
	apps 1 XG W01 >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	echo XG-20261124-10000 >expect &&
	ids out >got &&
	same expect got
'

test_ok 'a last number with leading zeros, however many, is read as its value' '
	printf "XG 20261124 0000000000000000000000041\n" >seq &&
	apps 1 XG W01 >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	echo XG-20261124-0042 >expect &&
	ids out >got &&
	same expect got &&
	printf "XG 20261124 42\n" >expect &&
	same expect seq
'

test_ok 'a malformed line in the sequence file: exit 2, file unchanged' '
	printf "XG 2026 1\n" >seq && cp seq before &&
	apps 1 XG W01 >a.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" a.xml >out 2>err &&
	test -s err &&
	same before seq &&
	! grep -F "<case " out
'

test_ok 'a sequence file without final line feed: exit 2, file unchanged' '
	printf "XG 20261124 1" >seq && cp seq before &&
	apps 1 XG W01 >a.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" a.xml >out 2>err &&
	test -s err &&
	same before seq
'

test_ok 'a repeated site and day in the sequence file: exit 2, file unchanged' '
	printf "XG 20261124 1\nXG 20261124 2\n" >seq && cp seq before &&
	apps 1 XG W01 >a.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" a.xml >out 2>err &&
	same before seq
'

test_ok 'a rejected application takes no number' '
	apps 3 XG W01 | sed "s/ref=\"XG-2\" received=\"[^\"]*\"/ref=\"XG-2\"/" >a.xml &&
	must_fail 1 qk-intake $REF --seq "$PWD/seq" a.xml >out 2>err &&
	printf "XG-20261124-0001\nXG-20261124-0002\n" >expect &&
	ids out >got &&
	same expect got &&
	grep -F "ref=\"XG-3\"" out &&
	printf "XG 20261124 2\n" >expect &&
	same expect seq
'

test_ok 'the sequence file is not touched when no case id is needed' '
	printf "<?xml version=\"1.0\"?>\n<applications version=\"1\"/>\n" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	test ! -e seq
'

test_ok 'two processes at once on one sequence file never give an id twice' '
	apps 200 XG W01 >a.xml && apps 200 XG W01 >b.xml &&
	{ qk-intake $REF --seq "$PWD/seq" a.xml >o1 2>e1 & } &&
	qk-intake $REF --seq "$PWD/seq" b.xml >o2 2>e2 &&
	wait &&
	test $(grep -c "<case " o1) -eq 200 &&
	test $(grep -c "<case " o2) -eq 200 &&
	cat o1 o2 | grep -o "id=\"[^\"]*\"" | sort | uniq -d >dups &&
	test ! -s dups &&
	grep -Ex "XG 20261124 [0-9]+" seq
'

test_done
