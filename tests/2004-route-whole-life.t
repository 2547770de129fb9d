#!/bin/sh
# qk-route: a one-form application of items of three departments (并联办理)
# through its whole life, on the shipped reference data; the chain it ends
# with is verified by an independent script (tests/chain-verify.pl).
. "$(dirname "$0")/lib.sh"
D=$DATA/route

life() {
	qk-intake --seq "$PWD/seq" $D/three-depts.xml >c0.xml &&
	qk-route --at 2026-11-24T18:00:00+08:00 --split q c0.xml >c1.xml
}

test_ok 'the three items are routed at once, each to its department' '
	life &&
	grep -F "type=\"routed\" item=\"MZ-003\" to=\"MZ\"" c1.xml &&
	grep -F "type=\"routed\" item=\"RS-007\" to=\"RS\"" c1.xml &&
	grep -F "type=\"routed\" item=\"SF-002\" to=\"SF\"" c1.xml &&
	test "$(grep -c "state=\"routed\"" c1.xml)" = 3 &&
	grep -q "<case " q/MZ.xml && grep -q "<case " q/RS.xml && grep -q "<case " q/SF.xml &&
	! grep -q "<case " q/CL.xml
'

test_ok 'two of three decided: not ready, still in progress' '
	life &&
	qk-route --apply $D/three-depts-day1.xml --at 2026-11-26T18:00:00+08:00 c1.xml >c2.xml &&
	grep -q "<case .* state=\"in-progress\"" c2.xml &&
	! grep -q "type=\"ready\"" c2.xml
'

test_ok 'the third decided after a suspension: ready, due moved by the suspension' '
	life &&
	qk-route --apply $D/three-depts-day1.xml --at 2026-11-26T18:00:00+08:00 c1.xml >c2.xml &&
	qk-route --apply $D/three-depts-day2.xml --at 2026-11-30T18:00:00+08:00 c2.xml >c3.xml &&
	grep -q "<case .* state=\"ready\"" c3.xml &&
	grep -F "type=\"ready\" at=\"2026-11-30T18:00:00+08:00\" by=\"qk-route\"" c3.xml &&
	grep -F "<item code=\"SF-002\" dept=\"SF\" mode=\"promise\" legal=\"7\" promised=\"3\" state=\"decided\" outcome=\"approved\" due=\"2026-12-01\"/>" c3.xml
'

test_ok 'issued, rated 2, rectified: closed, and the whole chain verifies' '
	life &&
	qk-route --apply $D/three-depts-day1.xml --at 2026-11-26T18:00:00+08:00 c1.xml >c2.xml &&
	qk-route --apply $D/three-depts-day2.xml --at 2026-11-30T18:00:00+08:00 c2.xml >c3.xml &&
	qk-route --apply $D/three-depts-day3.xml --at 2026-12-03T18:00:00+08:00 c3.xml >c4.xml &&
	grep -q "<case .* state=\"closed\"" c4.xml &&
	grep -F "type=\"closed\" at=\"2026-12-03T18:00:00+08:00\" by=\"qk-route\"" c4.xml &&
	perl "$TOP/tests/chain-verify.pl" c4.xml >v &&
	echo "ok XG-20261124-0001" >want && same want v
'

test_ok 'an edited event breaks the chain at that event' '
	life &&
	qk-route --apply $D/three-depts-day1.xml --at 2026-11-26T18:00:00+08:00 c1.xml >c2.xml &&
	sed "s/by=\"RS01\"/by=\"RS02\"/" c2.xml >bad.xml &&
	! perl "$TOP/tests/chain-verify.pl" bad.xml >v &&
	grep -F "FAIL XG-20261124-0001 seq" v
'
test_done
