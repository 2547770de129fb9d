#!/bin/sh
# Attribute values are read as the tree builder would give them and written
# back with the escapes of formats.md: '&' in every spelling, '<', '>', '"',
# "'", TAB, LF and CR as character references, 4-byte UTF-8.  The chain is
# recomputed independently (tests/chain-verify.pl) and the values compared
# with xmllint's own reading.
. "$(dirname "$0")/lib.sh"
A=$DATA/attr
REFA="--catalog $A/catalog.xml --roster $EX/roster.xml --calendar $EX/calendar.xml"
AT25=--at=2026-11-25T18:00:00+08:00
NOTE='x-note="A&amp;B&amp;C&amp;D&lt;E&gt;F&quot;G'"'"'H&#9;I&#10;J&#13;K𝄞L'

# xval FILE XPATH: the value xmllint reads.
xval() {
	xmllint --xpath "string($2)" "$1"
}

test_ok 'an application is copied with every reference decoded once and escaped again' '
	qk-intake $REFA --seq "$PWD/seq" $A/applications.xml >cases.xml &&
	grep -F "<application ref=\"R&amp;1\" received=\"2026-11-24T09:13:05+08:00\" site=\"XG\" staff=\"W01\" channel=\"window\" $NOTE M\">" cases.xml &&
	grep -F "<applicant kind=\"person\" name=\"Anna O'"'"'Neil &amp; Co &lt;有限公司&gt;\" idno=\"320703199001011231\" phone=\"0518&#9;8000\"/>" cases.xml
'

test_ok 'xmllint reads the same application values in input and output' '
	qk-intake $REFA --seq "$PWD/seq" $A/applications.xml >cases.xml &&
	for x in //application/@x-note //application/@ref //applicant/@name //applicant/@phone; do
		xval $A/applications.xml $x >in && xval cases.xml $x >out && same in out || return 1
	done
'

test_ok 'h0 and h of the new case verify independently' '
	qk-intake $REFA --seq "$PWD/seq" $A/applications.xml >cases.xml &&
	perl "$TOP/tests/chain-verify.pl" cases.xml >v &&
	echo "ok XG-20261124-0001" >want && same want v
'

test_ok 'a case read and written again is the same bytes' '
	qk-intake $REFA --seq "$PWD/seq" $A/applications.xml >cases.xml &&
	sed "s/ state=\"correction\"/& x-case=\"1 \&amp; 2 \&#x26; \&lt;3\&gt;\"/" cases.xml >in.xml &&
	grep -F "x-case=\"1 &amp; 2 &#x26; &lt;3&gt;\"" in.xml &&
	qk-route $REFA --no-dispatch $AT25 in.xml >out.xml &&
	sed "s/&#x26;/\&amp;/" in.xml >want &&
	same want out.xml
'

test_ok 'an applied event keeps its values and chains verifiably' '
	qk-intake $REFA --seq "$PWD/seq" $A/applications.xml >cases.xml &&
	qk-route $REFA --apply $A/events.xml $AT25 cases.xml >out.xml &&
	grep -F "<event seq=\"3\" type=\"supplied\" material=\"M-HUKOU\" at=\"2026-11-25T10:00:00+08:00\" by=\"W01\" $NOTE\" h=" out.xml &&
	xval $A/events.xml "//event/@x-note" >in && xval out.xml "//event[@seq=3]/@x-note" >got && same in got &&
	perl "$TOP/tests/chain-verify.pl" out.xml >v &&
	echo "ok XG-20261124-0001" >want && same want v
'

test_ok 'a catalog name with references reaches the notice decoded once' '
	qk-intake $REFA --seq "$PWD/seq" $A/applications.xml >cases.xml &&
	grep -F "<missing material=\"M-HUKOU\" name=\"户口簿 &amp; 复印件 &amp; &lt;1&gt; &quot;A&quot;\"/>" cases.xml
'
test_done
