#!/bin/sh
# qk-report -f html: one self-contained page, parsed by libxml2's HTML
# parser and rendered by headless Chromium (tools.md, qk-report).
. "$(dirname "$0")/lib.sh"
D=$DATA/report
RREF="--catalog $D/catalog.xml --roster $D/roster.xml --calendar $EX/calendar.xml"
ASOF=--as-of=2026-10-16

html() {
	qk-report $RREF $ASOF -f html "$@" $D/cases.xml >r.html 2>err
}

# A case whose site, staff and agent hold markup.
odd_case() {
	cat >odd.xml <<-\X
	<?xml version="1.0" encoding="UTF-8"?>
	<cases version="1">
	  <case id="X-1" site="&lt;b&gt;S&amp;1&quot;" staff="W01" channel="agent" received="2026-10-12T09:00:00+08:00">
	    <application received="2026-10-12T09:00:00+08:00" site="&lt;b&gt;S&amp;1&quot;" staff="&lt;script&gt;" channel="agent" agent="&apos;A"/>
	  </case>
	</cases>
	X
}

test_ok 'html: parsed by libxml2 with no error but the HTML5/SVG tags it does not know' '
	html &&
	xmllint --html --noout r.html 2>xerr;
	grep -F "HTML parser error" xerr >errors;
	grep -F "HTML parser error : Tag svg invalid" errors &&
	! grep -v "HTML parser error : Tag \(svg\|rect\|line\) invalid" errors &&
	head -1 r.html | grep -Fx "<!DOCTYPE html>" &&
	tail -1 r.html | grep -Fx "</html>"
'

test_ok 'html: self-contained, no script, link, import, src or url()' '
	html &&
	! grep -i "<script\|<link\|@import\|src=\|url(" r.html &&
	grep -F "<style>" r.html &&
	grep -F "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" r.html &&
	grep -F "@media print{@page{size:A4" r.html
'

test_ok 'html: every section and table, each target a bar against its line' '
	html &&
	grep -o "id=\"[a-z]*\"" r.html >got &&
	printf "id=\"%s\"\n" targets cases departments sites staff agents >want &&
	same want got &&
	test "$(grep -c "<svg " r.html)" = 7 &&
	grep -F "aria-label=\"claim-rate\"" r.html | grep -F "width=\"800\"" | grep -F "<line x1=\"997\"" &&
	grep -F "aria-label=\"immediate-items\"" r.html | grep -F "width=\"250\"" | grep -F "<line x1=\"450\""
'

test_ok 'html: the figures of the XML' '
	html &&
	grep -F "<td>on-time-rate</td><td class=\"n\">0.7500</td><td class=\"n\">3</td><td class=\"n\">4</td>" r.html &&
	grep -F "<td>W02</td><td>欧阳静怡</td><td class=\"n\">3</td>" r.html &&
	grep -F "0.5091 / 0.7500" r.html
'

test_ok 'html: every text is escaped' '
	odd_case &&
	qk-report $RREF $ASOF -f html odd.xml >r.html 2>err &&
	grep -F "<td>&lt;b&gt;S&amp;1&quot;</td>" r.html &&
	grep -F "<td>&lt;script&gt;</td>" r.html &&
	grep -F "<td>&#39;A</td>" r.html &&
	! grep -F "<script>" r.html
'

chromium_run() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$PWD/profile" "$@" 2>chromium.log
}

if command -v chromium >/dev/null 2>&1; then
	test_ok 'chromium renders the page to a PNG that is not blank' '
		html &&
		chromium_run --screenshot="$PWD/out.png" --window-size=1024,2000 "file://$PWD/r.html" &&
		test -s out.png &&
		perl "$TOP/tests/png-colours.pl" out.png >stats &&
		read w h colours ink <stats &&
		test "$w" = 1024 && test "$h" = 2000 &&
		test "$colours" -ge 8 &&
		test "$ink" -ge 20480
	'
	test_ok 'chromium: the rendered DOM shows every section with its figures' '
		html &&
		chromium_run --dump-dom "file://$PWD/r.html" >dom.html &&
		for id in targets cases departments sites staff agents; do
			grep -F "id=\"$id\"" dom.html || return 1
		done &&
		grep -F "欧阳静怡" dom.html &&
		grep -F "0.6667 / 1.0000" dom.html
	'
	test_ok 'chromium renders a phone-sized page' '
		html &&
		chromium_run --screenshot="$PWD/phone.png" --window-size=390,844 "file://$PWD/r.html" &&
		perl "$TOP/tests/png-colours.pl" phone.png >stats &&
		read w h colours ink <stats &&
		test "$w" = 390 && test "$colours" -ge 8
	'
else
	test_skip 'chromium renders the page to a PNG that is not blank' 'chromium is not installed'
	test_skip 'chromium: the rendered DOM shows every section with its figures' 'chromium is not installed'
	test_skip 'chromium renders a phone-sized page' 'chromium is not installed'
fi

test_done
