#!/bin/sh
# qk-intake: applications the window must correct are rejected, each with its
# code, and the others still become cases.
. "$(dirname "$0")/lib.sh"

T=2026-11-24T09:00:00+08:00
OK_ATTRS="received=\"$T\" site=\"XG\" staff=\"W01\" channel=\"window\""
PERSON='<applicant kind="person" name="张伟" idno="320703199001011231" phone="13800000000"/>'
REQ='<request item="CL-001"/>'
MATS='<material code="M-IDCARD"/><material code="M-HUKOU"/><material code="M-PHOTO"/>'

# doc ATTRS BODY: a document whose application on line 3 has ATTRS and BODY
# (one line), followed by a good application on line 6.
doc() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<applications version="1">\n'
	printf '  <application ref="BAD" %s>\n    %s\n  </application>\n' "$1" "$2"
	printf '  <application ref="GOOD" %s>\n    %s%s%s\n  </application>\n' "$OK_ATTRS" "$PERSON" "$REQ" "$MATS"
	printf '</applications>\n'
}

# rejected NAME CODE MEANING ATTRS BODY: one test of one reject.
rejected() {
	test_ok "$1: $2" "
	doc '$4' '$5' >apps.xml &&
	must_fail 1 qk-intake -v \$REF --seq \"\$PWD/seq\" --rejects rj.xml apps.xml >out 2>err &&
	grep -F 'apps.xml:3: ' err &&
	grep -F '($2)' err &&
	grep -F '<error code=\"$2\">$3</error>' rj.xml &&
	test \$(grep -c '<application ' rj.xml) -eq 1 &&
	grep -F 'ref=\"BAD\"' rj.xml &&
	grep -F '<case id=\"XG-20261124-0001\"' out &&
	grep -F 'ref=\"GOOD\"' out &&
	! grep -F 'ref=\"BAD\"' out &&
	grep -F 'qk-intake: 2 read, 1 written, 1 rejected (1 accepted, 0 correction, 0 refused)' err
	"
}

B="$PERSON$REQ$MATS"
rejected 'no received' received-missing 'received is missing' \
	'site="XG" staff="W01" channel="window"' "$B"
rejected 'received without offset' received-malformed 'received is not a time with an offset' \
	'received="2026-11-24T09:00:00" site="XG" staff="W01" channel="window"' "$B"
rejected 'received with fractions' received-malformed 'received is not a time with an offset' \
	'received="2026-11-24T09:00:00.5+08:00" site="XG" staff="W01" channel="window"' "$B"
rejected 'received not a time' received-malformed 'received is not a time with an offset' \
	'received="yesterday" site="XG" staff="W01" channel="window"' "$B"
rejected 'no site' site-missing 'site is missing' \
	"received=\"$T\" staff=\"W01\" channel=\"window\"" "$B"
rejected 'site not in roster' site-unknown 'site is not in the roster' \
	"received=\"$T\" site=\"NOPE\" staff=\"W01\" channel=\"window\"" "$B"
rejected 'no staff' staff-missing 'staff is missing' \
	"received=\"$T\" site=\"XG\" channel=\"window\"" "$B"
rejected 'staff unknown' staff-unknown 'staff has no window row in the roster' \
	"received=\"$T\" site=\"XG\" staff=\"W99\" channel=\"window\"" "$B"
rejected 'staff without window row (dept staff)' staff-unknown 'staff has no window row in the roster' \
	"received=\"$T\" site=\"XG\" staff=\"CL02\" channel=\"window\"" "$B"
rejected 'no channel' channel-invalid 'channel is missing or not one of window, online, post, agent, selfservice' \
	"received=\"$T\" site=\"XG\" staff=\"W01\"" "$B"
rejected 'channel not in the list' channel-invalid 'channel is missing or not one of window, online, post, agent, selfservice' \
	"received=\"$T\" site=\"XG\" staff=\"W01\" channel=\"fax\"" "$B"
rejected 'agent channel without agent' agent-missing 'agent channel without agent' \
	"received=\"$T\" site=\"XG\" staff=\"W01\" channel=\"agent\"" "$B"
rejected 'agent not in roster' agent-unknown 'agent has no agent row in the roster' \
	"received=\"$T\" site=\"XG\" staff=\"W01\" channel=\"agent\" agent=\"A99\"" "$B"
rejected 'agent without agent row (window staff)' agent-unknown 'agent has no agent row in the roster' \
	"received=\"$T\" site=\"XG\" staff=\"W01\" channel=\"agent\" agent=\"W01\"" "$B"
rejected 'agent registered after the day received' agent-unregistered 'agent is not registered on the day received' \
	"received=\"2026-10-19T23:59:59+08:00\" site=\"XG\" staff=\"W01\" channel=\"agent\" agent=\"A01\"" "$B"
rejected 'no applicant' applicant-missing 'no applicant, or more than one' \
	"$OK_ATTRS" "$REQ$MATS"
rejected 'two applicants' applicant-missing 'no applicant, or more than one' \
	"$OK_ATTRS" "$PERSON$PERSON$REQ$MATS"
rejected 'applicant without kind' applicant-malformed 'applicant kind, or idtype for kind other, is missing or unknown' \
	"$OK_ATTRS" '<applicant name="张伟" idno="320703199001011231"/>'"$REQ$MATS"
rejected 'applicant of unknown kind' applicant-malformed 'applicant kind, or idtype for kind other, is missing or unknown' \
	"$OK_ATTRS" '<applicant kind="alien" name="张伟" idno="320703199001011231"/>'"$REQ$MATS"
rejected 'kind other without idtype' applicant-malformed 'applicant kind, or idtype for kind other, is missing or unknown' \
	"$OK_ATTRS" '<applicant kind="other" name="X" idno="E12345678"/>'"$REQ$MATS"
rejected 'person id with a bad check digit' idno-invalid 'applicant id number is missing or fails its check' \
	"$OK_ATTRS" '<applicant kind="person" name="张伟" idno="320703199001011232"/>'"$REQ$MATS"
rejected 'person id missing' idno-invalid 'applicant id number is missing or fails its check' \
	"$OK_ATTRS" '<applicant kind="person" name="张伟"/>'"$REQ$MATS"
rejected 'org code with a bad check character' idno-invalid 'applicant id number is missing or fails its check' \
	"$OK_ATTRS" '<applicant kind="org" name="某公司" idno="91350100M000100Y44"/>'"$REQ$MATS"
rejected 'no request' request-missing 'no request' \
	"$OK_ATTRS" "$PERSON$MATS"
rejected 'request without item' request-malformed 'a request without item' \
	"$OK_ATTRS" "$PERSON$REQ<request/>$MATS"
rejected 'item requested twice' request-duplicate 'an item requested twice' \
	"$OK_ATTRS" "$PERSON$REQ$REQ$MATS"

test_ok 'an agent registered on the day received is accepted' '
	doc "received=\"2026-10-20T08:00:00+08:00\" site=\"XG\" staff=\"W01\" channel=\"agent\" agent=\"A01\"" "$B" >apps.xml &&
	qk-intake $REF --seq "$PWD/seq" apps.xml >out &&
	grep -F "<case id=\"XG-20261020-0001\"" out
'

test_ok 'a valid org code passes' '
	doc "$OK_ATTRS" "<applicant kind=\"org\" name=\"某公司\" idno=\"91350100M000100Y43\"/>$REQ$MATS" >apps.xml &&
	qk-intake $REF --seq "$PWD/seq" apps.xml >out &&
	test $(grep -c "<case " out) -eq 2
'

test_ok 'a valid person number with a lowercase x passes' '
	doc "$OK_ATTRS" "<applicant kind=\"person\" name=\"X\" idno=\"11010519491231002x\"/>$REQ$MATS" >apps.xml &&
	qk-intake $REF --seq "$PWD/seq" apps.xml >out &&
	test $(grep -c "<case " out) -eq 2
'

test_ok 'the checks run in order: the first that applies decides' '
	doc "site=\"NOPE\" channel=\"fax\"" "$PERSON" >apps.xml &&
	must_fail 1 qk-intake $REF --seq "$PWD/seq" --rejects rj.xml apps.xml >out 2>err &&
	grep -F "<error code=\"received-missing\">" rj.xml &&
	test $(grep -c "<error" rj.xml) -eq 1
'

test_ok 'the rejects file: each application copied unchanged, error appended' '
	cat >apps.xml <<-X &&
	<?xml version="1.0" encoding="UTF-8"?>
	<applications version="1">
	  <application ref="A" received="2026-11-24T09:00:00+08:00" site="XG" staff="W01" channel="window" x-extra="kept">
	    <applicant kind="person" name="张伟" idno="320703199001011232" phone="13800000000"/>
	    <request item="CL-001"/>
	    <material code="M-IDCARD"/>
	  </application>
	  <application ref="B" received="2026-11-24T09:00:00+08:00" site="XG" staff="W01" channel="window">
	    <applicant kind="person" name="张伟" idno="320703199001011231" phone="13800000000"/>
	    <request item="CL-001"/>
	  </application>
	  <application ref="C" received="2026-11-24T09:00:00+08:00" site="XG" staff="W01" channel="window">
	    <applicant kind="person" name="张伟" idno="320703199001011231" phone="13800000000"/>
	  </application>
	</applications>
	X
	cat >expect <<-X &&
	<?xml version="1.0" encoding="UTF-8"?>
	<rejects version="1">
	  <application ref="A" received="2026-11-24T09:00:00+08:00" site="XG" staff="W01" channel="window" x-extra="kept">
	    <applicant kind="person" name="张伟" idno="320703199001011232" phone="13800000000"/>
	    <request item="CL-001"/>
	    <material code="M-IDCARD"/>
	    <error code="idno-invalid">applicant id number is missing or fails its check</error>
	  </application>
	  <application ref="C" received="2026-11-24T09:00:00+08:00" site="XG" staff="W01" channel="window">
	    <applicant kind="person" name="张伟" idno="320703199001011231" phone="13800000000"/>
	    <error code="request-missing">no request</error>
	  </application>
	</rejects>
	X
	must_fail 1 qk-intake $REF --seq "$PWD/seq" --rejects rj.xml apps.xml >out 2>err &&
	same expect rj.xml &&
	grep -F "apps.xml:3: " err &&
	grep -F "apps.xml:12: " err &&
	grep -F "<case id=\"XG-20261124-0001\"" out &&
	grep -F "ref=\"B\"" out
'

test_ok '--rejects is written with an empty root when nothing is rejected' '
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rejects version=\"1\"/>\n" >expect &&
	qk-intake $REF --seq "$PWD/seq" --rejects rj.xml $EX/applications.xml >out &&
	same expect rj.xml
'

test_ok 'without --rejects a reject is reported on standard error only' '
	doc "$OK_ATTRS" "$PERSON$MATS" >apps.xml &&
	must_fail 1 qk-intake $REF --seq "$PWD/seq" apps.xml >out 2>err &&
	grep -F "apps.xml:3: " err &&
	grep -F "request-missing" err &&
	! grep -F "<error" out &&
	test $(grep -c "<case " out) -eq 1
'

test_done
