#!/bin/sh
# qk-intake: the outcome of an application (accepted, correction, refused),
# its due dates, and the common options.
. "$(dirname "$0")/lib.sh"

# app REF RECEIVED CHANNEL "ITEMS" "MATERIALS": one application of site XG,
# staff W01, wrapped in an <applications> document on standard output.
app() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<applications version="1">\n'
	printf '  <application ref="%s" received="%s" site="XG" staff="W01" channel="%s">\n' "$1" "$2" "$3"
	printf '    <applicant kind="person" name="张伟" idno="320703199001011231" phone="13800000000"/>\n'
	for i in $4; do printf '    <request item="%s"/>\n' "$i"; done
	for m in $5; do printf '    <material code="%s"/>\n' "$m"; done
	printf '  </application>\n</applications>\n'
}
T=2026-11-24T09:00:00+08:00

test_ok 'the spec example is reproduced byte for byte' '
	qk-intake $REF --seq "$PWD/seq" $EX/applications.xml >out &&
	same $EX/cases.xml out
'

if [ -f "$TOP/share/qk/schema/cases.rng" ]; then
	test_ok 'the output of the example is valid' '
		qk-intake $REF --seq "$PWD/seq" $EX/applications.xml >out.xml &&
		valid out.xml
	'
fi

test_ok 'a missing deferrable non-key material is deferred, the case accepted' '
	app R1 $T window CL-001 "M-IDCARD M-HUKOU" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	grep -F "state=\"accepted\" due=\"2026-12-01\">" out &&
	test $(grep -c "<material code=\"M-PHOTO\" status=\"deferred\" until=\"2026-12-01\"/>" out) -eq 2 &&
	! grep -F "<notice" out
'

test_ok 'a missing key material asks for correction' '
	app R1 $T window CL-001 "M-IDCARD M-PHOTO" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	grep -F "state=\"correction\">" out &&
	cat >expect <<-X &&
	    <notice kind="correction">
	      <missing material="M-HUKOU" name="居民户口簿"/>
	    </notice>
	X
	sed -n "/<notice/,/<\/notice>/p" out >notice &&
	same expect notice &&
	grep -F "<material code=\"M-HUKOU\" status=\"missing\" blocking=\"yes\"/>" out &&
	grep -F "<event seq=\"2\" type=\"correction\" at=\"$T\" by=\"W01\"" out &&
	! grep -F " due=" out
'

test_ok 'every missing material is listed once, a shared one asked once' '
	app R1 $T window "CL-001 CL-002" "M-HUKOU" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	cat >expect <<-X &&
	    <notice kind="correction">
	      <missing material="M-IDCARD" name="居民身份证"/>
	      <missing material="M-PHOTO" name="近期二寸免冠彩色照片"/>
	    </notice>
	X
	sed -n "/<notice/,/<\/notice>/p" out >notice &&
	same expect notice &&
	test $(grep -c "<missing material=\"M-IDCARD\"" out) -eq 1 &&
	grep -F "<material code=\"M-IDCARD\" status=\"missing\" blocking=\"yes\"/>" out &&
	grep -F "<material code=\"M-PHOTO\" status=\"missing\"/>" out
'

test_ok 'an unknown item is refused with item-unknown' '
	app R1 $T window "ZZ-001" "" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	grep -F "state=\"refused\">" out &&
	grep -F "<event seq=\"2\" type=\"refused\" reason=\"item-unknown\" note=\"ZZ-001：申请事项不在本中心事项目录中\" at=\"$T\" by=\"W01\"" out &&
	grep -F "<notice kind=\"refusal\" reason=\"item-unknown\">ZZ-001：申请事项不在本中心事项目录中</notice>" out &&
	! grep -F "<item " out &&
	! grep -F "<material code" out
'

test_ok 'a refusal names every unknown item, joined by ；' '
	app R1 $T window "ZZ-001 CL-001 ZZ-002" "M-IDCARD M-HUKOU M-PHOTO" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	grep -F "state=\"refused\">" out &&
	grep -F "note=\"ZZ-001：申请事项不在本中心事项目录中；ZZ-002：申请事项不在本中心事项目录中\"" out
'

test_ok 'an online application received on Saturday starts on Monday' '
	app R1 2026-11-28T09:00:00+08:00 online CL-001 "M-IDCARD M-HUKOU M-PHOTO" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	grep -F "<case id=\"XG-20261128-0001\"" out &&
	grep -F "state=\"accepted\" due=\"2026-12-07\">" out &&
	grep -F "type=\"accepted\" due=\"2026-12-07\"" out
'

test_ok 'a deferred material of a Saturday application counts from Monday' '
	app R1 2026-11-28T09:00:00+08:00 online CL-001 "M-IDCARD M-HUKOU" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out &&
	grep -F "<material code=\"M-PHOTO\" status=\"deferred\" until=\"2026-12-07\"/>" out
'

test_ok 'an application received before 1970 is accepted, Monday to Friday' '
	app R1 1969-12-01T09:00:00+08:00 window CL-001 "M-IDCARD M-HUKOU M-PHOTO" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >out 2>err &&
	grep -F "<case id=\"XG-19691201-0001\"" out &&
	grep -F "state=\"accepted\" due=\"1969-12-08\">" out &&
	grep -F "Monday to Friday assumed" err
'

test_ok '-v counts read, written, rejected and the outcomes' '
	{ app R1 $T window CL-001 "M-IDCARD M-HUKOU" | sed "\$d" &&
	  app R2 $T window CL-001 "M-IDCARD" | sed "1,2d;\$d" &&
	  app R3 $T window ZZ-001 "" | sed "1,2d;\$d" &&
	  app R4 $T window CL-001 "M-IDCARD M-HUKOU M-PHOTO" | sed "1,2d;\$d" &&
	  app R5 $T window "" "" | sed "1,2d"; } >a.xml &&
	must_fail 1 qk-intake -v $REF --seq "$PWD/seq" a.xml >out 2>err &&
	grep -Fx "qk-intake: 5 read, 4 written, 1 rejected (2 accepted, 1 correction, 1 refused)" err &&
	test $(grep -c "<case " out) -eq 4
'

test_ok '-o FILE writes the file and nothing to standard output' '
	qk-intake $REF --seq "$PWD/seq" -o cases.xml $EX/applications.xml >out &&
	test ! -s out &&
	same $EX/cases.xml cases.xml
'

test_ok '--help exits 0 and prints the usage' '
	qk-intake --help >out &&
	grep -F "usage: qk-intake" out
'

test_ok '--version exits 0 and prints the version' '
	qk-intake --version >out &&
	grep -E "^qk-intake .*[0-9]+\.[0-9]+" out
'

test_ok 'an unknown option exits 2' '
	must_fail 2 qk-intake --no-such-option $EX/applications.xml >out 2>err &&
	test -s err &&
	test ! -e seq
'

test_done
