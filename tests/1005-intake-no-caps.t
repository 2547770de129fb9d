#!/bin/sh
# qk-intake has no cap on the items or materials of one application: a
# large record is decided like a small one, never a fatal "out of memory".
. "$(dirname "$0")/lib.sh"

# big_catalog N: N claimed items, each needing four materials of its own.
big_catalog() {
	perl -e '
		my $n = shift;
		print qq(<?xml version="1.0" encoding="UTF-8"?>\n<catalog version="1" name="X" edition="1">\n);
		print qq(  <dept code="CL" name="残联"/>\n);
		for my $i (1 .. $n) { for my $k (1 .. 4) { print qq(  <material code="M-$i-$k" name="材料$i-$k"/>\n) } }
		for my $i (1 .. $n) {
			print qq(  <item code="I-$i" dept="CL" name="事项$i" mode="promise" legal="20" promised="5" claimed="yes">\n);
			print qq(    <need material="M-$i-$_" key="yes"/>\n) for 1 .. 4;
			print qq(  </item>\n);
		}
		print "</catalog>\n";' "$1"
}

# app CODES...: one application requesting each item code.
app() {
	printf '<applications version="1">\n  <application ref="BIG" received="2026-11-24T09:00:00+08:00" site="XG" staff="W01" channel="window">\n'
	printf '    <applicant kind="person" name="张伟" idno="320703199001011231"/>\n'
	for c in "$@"; do printf '    <request item="%s"/>\n' "$c"; done
	printf '  </application>\n</applications>\n'
}

test_ok '300 distinct unknown requests: one refused case naming all 300' '
	app $(seq -f "ZZ-%03g" 1 300) >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out.xml &&
	grep -F "type=\"refused\" reason=\"item-unknown\"" out.xml &&
	test $(grep -o "ZZ-[0-9]*：" out.xml | sort -u | wc -l) -eq 300
'

test_ok '300 requested items needing 1200 materials: a correction listing every one' '
	big_catalog 300 >cat.xml &&
	app $(seq -f "I-%g" 1 300) >a.xml &&
	qk-intake --catalog cat.xml --roster $EX/roster.xml --calendar $EX/calendar.xml \
	    --seq "$PWD/seq" a.xml >out.xml &&
	grep -F "state=\"correction\"" out.xml &&
	test $(grep -c "^    <item code=\"I-" out.xml) -eq 300 &&
	test $(grep -c "^      <missing material=\"M-" out.xml) -eq 1200 &&
	test $(grep -c "^      <material code=\"M-[0-9-]*\" status=\"missing\" blocking=\"yes\"/>" out.xml) -eq 1200 &&
	valid out.xml
'
test_ok 'absurd limits are integers: sealed as written, and the promise and the case due agree' '
	sed "s/legal=\"20\" promised=\"5\"/legal=\"99999999999\" promised=\"99999999\"/; s/extend=\"10\"/extend=\"999999999999\"/" \
	    $EX/catalog.xml >cat.xml &&
	grep -F "promised=\"99999999\"" cat.xml &&
	qk-intake --catalog cat.xml --roster $EX/roster.xml --calendar $EX/calendar.xml \
	    --seq "$PWD/seq" $EX/applications.xml >out.xml 2>err &&
	grep -F "<item code=\"CL-001\" dept=\"CL\" mode=\"promise\" legal=\"99999999999\" promised=\"99999999\" window=\"no\" extend=\"999999999999\"/>" out.xml &&
	due=$(sed -n "s/.*type=\"accepted\" due=\"\([^\"]*\)\".*/\1/p" out.xml) &&
	grep -F "<case id=\"XG-20261124-0001\" site=\"XG\" staff=\"W01\" channel=\"window\" received=\"2026-11-24T09:13:05+08:00\" state=\"accepted\" due=\"$due\">" out.xml &&
	valid out.xml
'
test_done
