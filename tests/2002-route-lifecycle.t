#!/bin/sh
# qk-route: applying events, rejects, dispatch and closing
# (tools.md qk-route; rules.md Case lifecycle, Due dates).
. "$(dirname "$0")/lib.sh"
D=$DATA/route
AT27=--at=2026-11-27T18:00:00+08:00

# reject CODE FIXTURE: applying FIXTURE to routed.xml rejects its one event
# (line 3) with CODE, exit 1, case unchanged.
reject() {
	must_fail 1 qk-route $REF --apply $D/$2.xml --rejects rj.xml --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml 2>err &&
	same $EX/routed.xml out.xml &&
	grep -F "$D/$2.xml:3:" err &&
	grep -F "($1)" err &&
	test "$(grep -c "<error code=\"$1\">" rj.xml)" = 1
}

test_ok 'event for an unknown case: case-unknown, copied to --rejects' '
	reject case-unknown unknown-case &&
	cat >want <<-X &&
	<?xml version="1.0" encoding="UTF-8"?>
	<rejects version="1">
	  <event case="XG-20261124-0099" type="decided" item="CL-001" outcome="approved" at="2026-11-27T10:02:00+08:00" by="CL02">
	    <error code="case-unknown">no case with this id in the input, or no case attribute</error>
	  </event>
	</rejects>
	X
	same want rj.xml
'
test_ok 'event with seq present: attribute-invalid' 'reject attribute-invalid seq-present'
test_ok 'event without by: attribute-invalid' 'reject attribute-invalid by-missing'
test_ok 'seq and h empty count as missing: the event is applied' '
	qk-route $REF --apply $D/seq-empty.xml $AT27 $EX/routed.xml >out.xml &&
	same $EX/after.xml out.xml
'
test_ok 'decided for an item not in the case: item-unknown' 'reject item-unknown item-unknown'
test_ok 'decided for a waiting item (before routed): transition-illegal' 'reject transition-illegal decided-waiting'
test_ok 'event earlier than the case'"'"'s last event: time-backwards' 'reject time-backwards backwards'
test_ok 'extension of 11 days beyond sealed extend 10: extension-invalid' 'reject extension-invalid extend-11'
test_ok 'an input accepted event: transition-illegal, not attribute-invalid' 'reject transition-illegal input-accepted'
test_ok 'an input correction event with sealed facts: transition-illegal' '
	must_fail 1 qk-route $REF --apply $D/input-correction.xml --at 2026-11-27T18:00:00+08:00 $EX/routed.xml >out.xml 2>err &&
	same $EX/routed.xml out.xml &&
	grep -F "(transition-illegal)" err
'
test_ok 'an input received event with seq and no at: still transition-illegal' 'reject transition-illegal input-received'

test_ok 'a refused case keeps its refusal notice once rated and closed' '
	qk-intake $REF --seq "$PWD/seq" $D/refused-app.xml >cases.xml &&
	grep -F "<notice kind=\"refusal\" reason=\"item-unknown\">" cases.xml &&
	qk-route $REF --apply $D/refused-rated.xml --at 2026-11-25T18:00:00+08:00 cases.xml >out.xml &&
	grep -F "state=\"closed\"" out.xml &&
	grep -F "<notice kind=\"refusal\" reason=\"item-unknown\">XX-999：申请事项不在本中心事项目录中</notice>" out.xml &&
	qk-route $REF --no-dispatch --at 2026-11-26T18:00:00+08:00 out.xml >again.xml &&
	same out.xml again.xml
'

test_ok 'a refusal note of white space only: the notice is written without text' '
	qk-intake $REF --seq "$PWD/seq" $D/refused-app.xml >cases.xml &&
	sed "s/ note=\"[^\"]*\"/ note=\" \&#10; \"/" cases.xml >blank.xml &&
	grep -F "note=\" &#10; \"" blank.xml &&
	qk-route $REF --no-dispatch --at 2026-11-25T18:00:00+08:00 blank.xml >out.xml &&
	grep -F "<notice kind=\"refusal\" reason=\"item-unknown\"/>" out.xml
'

test_ok 'extension of 3 days accepted, item due moves 3 working days' '
	qk-route $REF --apply $D/extend-3.xml --at 2026-11-25T18:00:00+08:00 $EX/routed.xml >out.xml &&
	grep -F "<item code=\"CL-001\" dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"5\" state=\"routed\" due=\"2026-12-04\"/>" out.xml &&
	grep -F "<event seq=\"4\" type=\"extended\" item=\"CL-001\" days=\"3\" at=\"2026-11-25T10:00:00+08:00\" by=\"CL02\" h=" out.xml
'

# CL-001 received Tue 2026-09-22, routed that evening: due 09-30 (09-25..27
# are 中秋节). Suspended 09-29, resumed 10-09: W = 3 (09-30, 10-08, 10-09),
# so due = add(09-30, 3) = 10-10 (a 国庆节调休 Saturday).
nd_case() {
	qk-intake $REF --seq "$PWD/seq" $D/national-day.xml >cases.xml &&
	qk-route $REF --at 2026-09-22T18:00:00+08:00 cases.xml >routed.xml &&
	grep -F "state=\"routed\" due=\"2026-09-30\"/>" routed.xml
}

test_ok 'while suspended over National Day the item keeps its due' '
	nd_case &&
	qk-route $REF --apply $D/national-day-suspend.xml --at 2026-09-30T18:00:00+08:00 routed.xml >out.xml &&
	grep -F "<item code=\"CL-001\" dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"5\" state=\"routed\" due=\"2026-09-30\" suspended=\"yes\"/>" out.xml
'

test_ok 'resumed after National Day moves the item due to 2026-10-10' '
	nd_case &&
	qk-route $REF --apply $D/national-day-events.xml --at 2026-10-09T18:00:00+08:00 routed.xml >out.xml &&
	grep -F "<item code=\"CL-001\" dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"5\" state=\"routed\" due=\"2026-10-10\"/>" out.xml &&
	grep -F "state=\"in-progress\" due=\"2026-10-10\">" out.xml
'

test_ok 'prerequisite rejected: dependent item cancelled (prerequisite-rejected)' '
	qk-route $REF --apply $D/reject-first.xml $AT27 $EX/routed.xml >out.xml &&
	grep -F "<event seq=\"5\" type=\"cancelled\" item=\"CL-002\" reason=\"prerequisite-rejected\" at=\"2026-11-27T18:00:00+08:00\" by=\"qk-route\" h=" out.xml &&
	grep -F "<item code=\"CL-002\" dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"10\" state=\"cancelled\" after=\"CL-001\"/>" out.xml
'

test_ok 'both items decided: qk-route adds ready' '
	qk-route $REF --apply $D/decide-second.xml --at 2026-11-30T18:00:00+08:00 $EX/after.xml >out.xml &&
	grep -F "<event seq=\"7\" type=\"ready\" at=\"2026-11-30T18:00:00+08:00\" by=\"qk-route\" h=" out.xml &&
	grep -F "state=\"ready\" due=\"2026-12-11\">" out.xml
'

ready_case() {
	qk-route $REF --apply $D/decide-second.xml --at 2026-11-30T18:00:00+08:00 $EX/after.xml >ready.xml
}

test_ok 'issued then rated 5: closed' '
	ready_case &&
	qk-route $REF --apply $D/issued-rated5.xml --at 2026-12-01T18:00:00+08:00 ready.xml >out.xml &&
	grep -F "<event seq=\"10\" type=\"closed\" at=\"2026-12-01T18:00:00+08:00\" by=\"qk-route\" h=" out.xml &&
	grep -F "state=\"closed\" due=\"2026-12-11\">" out.xml
'

test_ok 'issued then rated 1 without rectified: not closed, even long after' '
	ready_case &&
	qk-route $REF --apply $D/issued-rated1.xml --close-after 0 --at 2026-12-31T18:00:00+08:00 ready.xml >out.xml &&
	! grep -F "type=\"closed\"" out.xml &&
	grep -F "state=\"issued\" due=\"2026-12-11\">" out.xml
'

test_ok '--close-after 3: issued without rating closed after 4 working days' '
	ready_case &&
	qk-route $REF --apply $D/issued.xml --close-after 3 --at 2026-12-07T18:00:00+08:00 ready.xml >out.xml &&
	grep -F "<event seq=\"9\" type=\"closed\" at=\"2026-12-07T18:00:00+08:00\" by=\"qk-route\" h=" out.xml &&
	grep -F "state=\"closed\" due=\"2026-12-11\">" out.xml
'

test_ok '--close-after 3: issued without rating still open after 3 working days' '
	ready_case &&
	qk-route $REF --apply $D/issued.xml --close-after 3 --at 2026-12-04T18:00:00+08:00 ready.xml >out.xml &&
	! grep -F "type=\"closed\"" out.xml &&
	grep -F "state=\"issued\" due=\"2026-12-11\">" out.xml
'

test_ok '--no-dispatch leaves an accepted case accepted, items waiting' '
	qk-route $REF --no-dispatch --at 2026-11-24T18:00:00+08:00 $EX/cases.xml >out.xml &&
	same $EX/cases.xml out.xml
'

test_ok 'a case id twice in the input: exit 2' '
	must_fail 2 qk-route $REF --at 2026-11-24T18:00:00+08:00 -o out.xml $D/twice.xml 2>err &&
	test ! -e out.xml &&
	grep -F "$D/twice.xml:" err
'

test_ok 'a case without id is copied through unchanged, exit 1' '
	must_fail 1 qk-route $REF --at 2026-11-24T18:00:00+08:00 $D/no-id.xml >out.xml 2>err &&
	same $D/no-id.xml out.xml &&
	grep -F "$D/no-id.xml:3:" err
'

test_ok 'accepted after correction: by is the correction event'"'"'s by' '
	qk-intake $REF --seq "$PWD/seq" $D/correction-app.xml >cases.xml &&
	qk-route $REF --apply $D/correction-supplied.xml --at 2026-11-25T18:00:00+08:00 cases.xml >out.xml &&
	grep -F "<event seq=\"4\" type=\"accepted\" due=\"2026-12-02\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\" h=" out.xml
'

test_ok 'accepted after a correction event without by: no by, no crash' '
	qk-intake $REF --seq "$PWD/seq" $D/correction-app.xml >cases.xml &&
	sed "s|\(type=\"correction\" at=\"[^\"]*\"\) by=\"W01\"|\1|" cases.xml >in.xml &&
	! grep -F "type=\"correction\" at=\"2026-11-24T09:40:00+08:00\" by=" in.xml &&
	qk-route $REF --apply $D/correction-supplied.xml --at 2026-11-25T18:00:00+08:00 in.xml >out.xml &&
	grep -F "<event seq=\"4\" type=\"accepted\" due=\"2026-12-02\" at=\"2026-11-25T10:00:00+08:00\" h=" out.xml &&
	grep -F "state=\"in-progress\"" out.xml
'

test_ok 'a correction case without requests stays in correction: no accepted, exit 0' '
	qk-intake $REF --seq "$PWD/seq" $D/correction-app.xml >cases.xml &&
	grep -v "<request " cases.xml >in.xml &&
	qk-route $REF --apply $D/correction-supplied.xml --at 2026-11-25T18:00:00+08:00 in.xml >out.xml 2>err &&
	test ! -s err &&
	grep -F "type=\"supplied\"" out.xml &&
	! grep -F "type=\"accepted\"" out.xml &&
	grep -F "state=\"correction\"" out.xml
'

test_ok 'supplied after withdrawal from correction: transition-illegal, the material is missing' '
	qk-intake $REF --seq "$PWD/seq" $D/correction-app.xml >cases.xml &&
	must_fail 1 qk-route $REF --apply $D/withdrawn-supplied.xml --rejects rj.xml --at 2026-11-25T18:00:00+08:00 cases.xml >out.xml 2>err &&
	grep -F "state=\"withdrawn\"" out.xml &&
	grep -F "<material code=\"M-IDCARD\" status=\"missing\"/>" out.xml &&
	grep -F "$D/withdrawn-supplied.xml:4:" err &&
	test "$(grep -c "<error code=\"transition-illegal\">" rj.xml)" = 1
'

test_done
