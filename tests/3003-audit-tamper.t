#!/bin/sh
# qk-audit: tamper evidence (chain-broken, seq-gap, state-mismatch) and the
# rules on events (formats.md, Hash chain; rules.md, Audit rules).
. "$(dirname "$0")/lib.sh"
. "$DATA/audit/lib.sh"

# A real case through its life: CL-001 decided 11-25, CL-002 routed then
# and decided 11-26, ready; events 1 to 7, in w.xml.
whole() {
	case1 "CL-001 CL-002" "$ALL" "$@" &&
	apply r.xml 2026-11-25T18:00:00+08:00 "type=\"decided\" item=\"CL-001\" outcome=\"approved\" at=\"2026-11-25T10:00:00+08:00\" by=\"CL02\"" &&
	apply r.xml 2026-11-26T18:00:00+08:00 "type=\"decided\" item=\"CL-002\" outcome=\"approved\" at=\"2026-11-26T10:00:00+08:00\" by=\"CL02\"" &&
	grep -F "<event seq=\"7\" type=\"ready\"" r.xml &&
	mv r.xml w.xml
}

# tamper: audits t.xml for the chain and the seq numbers into out.
tamper() {
	audit --rule chain-broken --rule seq-gap --as-of 2026-11-27 t.xml
}

chain() {
	line error chain-broken $C1 - "site=XG staff=W01 seq=$1" "哈希链断裂"
}

gap() {
	line error seq-gap $C1 - "site=XG staff=W01 seq=$1" "序号不连续"
}

test_ok 'the real case gives no finding at all' '
	whole &&
	audit --as-of 2026-11-27 w.xml &&
	expect_none
'

test_ok 'an edited event breaks the chain at its seq' '
	whole &&
	sed "s/\(seq=\"4\" .*\)at=\"2026-11-25T10:00:00+08:00\"/\1at=\"2026-11-25T09:00:00+08:00\"/" w.xml >t.xml &&
	! cmp -s w.xml t.xml &&
	tamper && chain 4 >want && same want out
'

test_ok 'a removed event: chain broken at the next one, and a seq gap' '
	whole &&
	grep -v "<event seq=\"5\"" w.xml >t.xml &&
	tamper && { chain 6 && gap 6; } >want && same want out
'

test_ok 'an inserted event (a copy of event 3 after it)' '
	whole &&
	awk "{ print } /<event seq=\"3\"/ { print }" w.xml >t.xml &&
	tamper && { chain 3 && gap 3; } >want && same want out
'

test_ok 'reordered events: the first out of place is the bad one' '
	whole &&
	awk "/<event seq=\"4\"/ { held = \$0; next } { print } /<event seq=\"5\"/ { print held }" w.xml >t.xml &&
	grep -A1 "seq=\"5\"" t.xml | grep -F "seq=\"4\"" &&
	tamper && { chain 5 && gap 5; } >want && same want out
'

test_ok 'an event transplanted from another case' '
	whole &&
	cp w.xml w1.xml &&
	C1=XG-20261124-0002 &&
	whole "" R-2 &&
	grep -F "id=\"XG-20261124-0002\"" w.xml &&
	grep "<event seq=\"7\"" w.xml >ev7 &&
	C1=XG-20261124-0001 &&
	awk -v ev="$(cat ev7)" "/<event seq=\"7\"/ { print ev; next } { print }" w1.xml >t.xml &&
	! cmp -s w1.xml t.xml &&
	tamper && chain 7 >want && same want out
'

test_ok 'an edited application breaks the chain at event 1' '
	whole &&
	sed "s/phone=\"13800000000\"/phone=\"13800000001\"/" w.xml >t.xml &&
	tamper && chain 1 >want && same want out
'

test_ok 'an edited sealed fact breaks the chain at its event' '
	whole &&
	sed "s/\(<item code=\"CL-002\" .*\)promised=\"10\" window=\"no\"/\1promised=\"3\" window=\"no\"/" w.xml >t.xml &&
	! cmp -s w.xml t.xml &&
	tamper && chain 2 >want && same want out
'

test_ok 'seq-gap compares strings: seq="01" is a gap' '
	whole &&
	sed "s/<event seq=\"1\"/<event seq=\"01\"/" w.xml >t.xml &&
	audit --rule seq-gap t.xml &&
	gap 01 >want && same want out
'

test_ok 'seq-gap: an absent seq is written empty' '
	whole &&
	sed "s/<event seq=\"3\" /<event /" w.xml >t.xml &&
	audit --rule seq-gap t.xml &&
	gap "" >want && same want out
'

mismatch() {
	line error state-mismatch $C1 "$1" "$2" "派生状态不符"
}

test_ok 'state-mismatch: the case state and due, compared literally' '
	whole &&
	sed "s/state=\"ready\" due=\"2026-12-09\"/state=\"in-progress\"/" w.xml >t.xml &&
	audit --rule state-mismatch t.xml &&
	{ mismatch - "site=XG staff=W01 attr=state expected=ready found=in-progress" &&
	  mismatch - "site=XG staff=W01 attr=due expected=2026-12-09 found="; } >want &&
	same want out
'

test_ok 'state-mismatch: items, presence first then attributes in their order' '
	whole &&
	sed -e "s/^\(    <item code=\"CL-001\" .*\)outcome=\"approved\" due=\"2026-12-01\"/\1outcome=\"rejected\" due=\"2026-12-02\" suspended=\"no\"/" \
	    -e "/^    <item code=\"CL-002\" dept/d" \
	    -e "s|^    <material code=\"M-IDCARD\" status=\"provided\"/>|<item code=\"CL-009\" state=\"waiting\"/><material code=\"M-IDCARD\" status=\"provided\"/>|" w.xml >t.xml &&
	audit --rule state-mismatch t.xml &&
	{ mismatch CL-001 "site=XG staff=W01 attr=outcome expected=approved found=rejected" &&
	  mismatch CL-001 "site=XG staff=W01 attr=due expected=2026-12-01 found=2026-12-02" &&
	  mismatch CL-001 "site=XG staff=W01 attr=suspended expected= found=no" &&
	  mismatch CL-002 "site=XG staff=W01 attr=item expected=yes found=no" &&
	  mismatch CL-009 "site=XG staff=W01 attr=item expected=no found=yes"; } >want &&
	same want out
'

test_ok 'state-mismatch: materials, with material instead of item' '
	case1 CL-001 "M-IDCARD M-HUKOU" &&
	sed -e "s|^    <material code=\"M-PHOTO\" status=\"deferred\" until=\"2026-12-01\"/>|<material code=\"M-PHOTO\" status=\"supplied\"/>|" \
	    -e "/^    <material code=\"M-HUKOU\" status=\"provided\"\/>/d" r.xml >t.xml &&
	audit --rule state-mismatch t.xml &&
	{ line error state-mismatch $C1 - "material=M-HUKOU site=XG staff=W01 attr=material expected=yes found=no" "派生状态不符" &&
	  line error state-mismatch $C1 - "material=M-PHOTO site=XG staff=W01 attr=status expected=deferred found=supplied" "派生状态不符" &&
	  line error state-mismatch $C1 - "material=M-PHOTO site=XG staff=W01 attr=until expected=2026-12-01 found=" "派生状态不符"; } >want &&
	same want out
'

test_ok 'state-mismatch: notices, one finding per kind, names not compared' '
	case1 CL-001 "M-HUKOU M-PHOTO" &&
	grep -F "<missing material=\"M-IDCARD\" name=\"居民身份证\"/>" r.xml &&
	sed "s|name=\"居民身份证\"/>|name=\"身份证\"/>|" r.xml >t.xml &&
	audit --rule state-mismatch t.xml &&
	expect_none &&
	sed -e "s|<missing material=\"M-IDCARD\"|<missing material=\"M-OTHER\"|" \
	    -e "s|<event seq=\"1\"|<notice kind=\"refusal\" reason=\"other\"/><notice kind=\"x\"/><event seq=\"1\"|" r.xml >t0.xml &&
	awk "{ print }" t0.xml >t.xml &&
	audit --rule state-mismatch t.xml &&
	{ line error state-mismatch $C1 - "site=XG staff=W01 attr=notice" "派生状态不符" &&
	  line error state-mismatch $C1 - "site=XG staff=W01 attr=notice" "派生状态不符" &&
	  line error state-mismatch $C1 - "site=XG staff=W01 attr=notice" "派生状态不符"; } >want &&
	same want out
'

test_ok 'notice-incomplete: a material marked missing is not in the notice' '
	case1 CL-001 "M-HUKOU" &&
	grep -F "<missing material=\"M-PHOTO\"" r.xml &&
	audit --rule notice-incomplete r.xml &&
	expect_none &&
	grep -v "<missing material=\"M-IDCARD\"" r.xml >t.xml &&
	audit --rule notice-incomplete t.xml &&
	line error notice-incomplete $C1 - "material=M-IDCARD site=XG staff=W01" "一次性告知不全" >want &&
	same want out
'

test_ok 'notice-incomplete: in the case'"'"'s material order, not the correction'"'"'s' '
	case1 CL-001 "M-PHOTO" &&
	grep -F "type=\"correction\"" r.xml &&
	sed "/<need material=\"M-IDCARD\"/{h;d;}; /<need material=\"M-HUKOU\"/G" \
	    "$EX/catalog.xml" >cat2.xml &&
	events $C1 "type=\"supplied\" material=\"M-IDCARD\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\"" \
	    "type=\"supplied\" material=\"M-HUKOU\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\"" >ev.xml &&
	qk-route $REF --catalog cat2.xml --apply ev.xml --at 2026-11-25T18:00:00+08:00 r.xml >a2.xml &&
	grep -A3 "type=\"accepted\"" a2.xml | grep -A1 "material code=\"M-HUKOU\"" | grep -F "material code=\"M-IDCARD\"" &&
	grep -v "<missing material=" a2.xml >t.xml &&
	audit --rule notice-incomplete t.xml &&
	{ line error notice-incomplete $C1 - "material=M-HUKOU site=XG staff=W01" "一次性告知不全" &&
	  line error notice-incomplete $C1 - "material=M-IDCARD site=XG staff=W01" "一次性告知不全"; } >want &&
	same want out
'

test_ok 'time-backwards: an event earlier than the latest before it' '
	case1 &&
	insert_event r.xml "seq=\"4\" type=\"suspended\" item=\"CL-001\" reason=\"expert\" at=\"2026-11-24T10:00:00+08:00\" by=\"CL02\"" &&
	audit --rule time-backwards --rule illegal-transition r.xml &&
	line error time-backwards $C1 - "site=XG staff=W01 seq=4" "时间倒流" >want &&
	same want out
'

test_ok 'time-backwards: the same instant written with another offset is not earlier' '
	case1 &&
	insert_event r.xml "seq=\"4\" type=\"suspended\" item=\"CL-001\" reason=\"expert\" at=\"2026-11-24T10:00:00Z\" by=\"CL02\"" &&
	audit --rule time-backwards --rule illegal-transition r.xml &&
	expect_none
'

test_ok 'illegal-transition: issued while in progress, and an unknown type' '
	case1 &&
	insert_event r.xml "seq=\"4\" type=\"issued\" method=\"window\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\"" &&
	insert_event r.xml "seq=\"5\" type=\"bogus\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\"" &&
	audit --rule illegal-transition r.xml &&
	{ line error illegal-transition $C1 - "site=XG staff=W01 seq=4" "非法流转" &&
	  line error illegal-transition $C1 - "site=XG staff=W01 seq=5" "非法流转"; } >want &&
	same want out
'

test_ok 'illegal-transition: ordered by seq, not by position' '
	case1 &&
	insert_event r.xml "seq=\"5\" type=\"bogus\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\"" &&
	insert_event r.xml "seq=\"4\" type=\"issued\" method=\"window\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\"" &&
	audit --rule illegal-transition r.xml &&
	{ line error illegal-transition $C1 - "site=XG staff=W01 seq=4" "非法流转" &&
	  line error illegal-transition $C1 - "site=XG staff=W01 seq=5" "非法流转"; } >want &&
	same want out
'

refused() {
	apps 2026-11-24T09:00:00+08:00 XX-1 "$ALL" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >c.xml &&
	grep -F "type=\"refused\" reason=\"item-unknown\"" c.xml
}

test_ok 'refusal-without-reason: not also an illegal transition' '
	refused &&
	sed "s/type=\"refused\" reason=\"item-unknown\"/type=\"refused\"/" c.xml >t.xml &&
	audit --rule refusal-without-reason --rule illegal-transition t.xml &&
	line error refusal-without-reason $C1 - "site=XG staff=W01 seq=2" "不予受理无理由" >want &&
	same want out &&
	audit --rule refusal-without-reason --rule illegal-transition c.xml &&
	expect_none
'

test_ok 'refusal-without-reason: an empty reason' '
	refused &&
	sed "s/type=\"refused\" reason=\"item-unknown\"/type=\"refused\" reason=\"\"/" c.xml >t.xml &&
	audit --rule refusal-without-reason t.xml &&
	grep -F "seq=2" out
'

test_ok 'extension-invalid: above the sealed extend, applied anyway' '
	case1 &&
	insert_event r.xml "seq=\"4\" type=\"extended\" item=\"CL-001\" days=\"11\" at=\"2026-11-25T10:00:00+08:00\" by=\"CL02\"" &&
	audit --rule extension-invalid --rule illegal-transition --rule state-mismatch r.xml &&
	{ line error state-mismatch $C1 - "site=XG staff=W01 attr=due expected=2026-12-16 found=2026-12-01" "派生状态不符" &&
	  line error state-mismatch $C1 CL-001 "site=XG staff=W01 attr=due expected=2026-12-16 found=2026-12-01" "派生状态不符" &&
	  line error extension-invalid $C1 CL-001 "dept=CL site=XG staff=W01 seq=4" "延期不合规"; } >want &&
	same want out
'

test_ok 'extension-invalid: a second extension, and days 0, never illegal-transition' '
	case1 &&
	events $C1 "type=\"extended\" item=\"CL-001\" days=\"3\" at=\"2026-11-25T10:00:00+08:00\" by=\"CL02\"" >ev.xml &&
	qk-route $REF --apply ev.xml --at 2026-11-25T18:00:00+08:00 r.xml >e.xml &&
	audit --rule extension-invalid --rule illegal-transition e.xml &&
	expect_none &&
	insert_event e.xml "seq=\"5\" type=\"extended\" item=\"CL-001\" days=\"0\" at=\"2026-11-25T11:00:00+08:00\" by=\"CL02\"" &&
	insert_event e.xml "seq=\"6\" type=\"extended\" item=\"CL-001\" days=\"2\" at=\"2026-11-25T12:00:00+08:00\" by=\"CL02\"" &&
	audit --rule extension-invalid --rule illegal-transition e.xml &&
	line error extension-invalid $C1 CL-001 "dept=CL site=XG staff=W01 seq=5" "延期不合规" >want &&
	same want out
'

test_done
