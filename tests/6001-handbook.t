#!/bin/sh
# qk-handbook: the citizens' handbook and the window notice board, rendered
# from the catalog by xsltproc (issue 21).  The marks come from hand-written
# findings (tests/data/handbook/findings.xml), from a stand-in qk-audit, and,
# when it is installed, from the real one.
. "$(dirname "$0")/lib.sh"

HB=$DATA/handbook
CAT=$TOP/share/qk/catalog.xml
SCRIPT=$TOP/scripts/qk-handbook
# What a catalog must show, and what a page shows (read back as HTML).
expect() {
	xsltproc --stringparam what "$1" "$HB/expect.xsl" "$2"
}
got() {
	xsltproc --html --stringparam what "$1" "$HB/got.xsl" "$2"
}

if ! command -v xsltproc >/dev/null 2>&1; then
	test_skip 'the handbook and the board' 'xsltproc is not installed'
	test_done
	exit
fi

test_ok 'every claimed item of the shipped catalog is in the handbook, with its materials' '
	$SCRIPT -o hb.html 2>err &&
	expect claimed "$CAT" | sort >expect &&
	got claimed hb.html | sort >actual &&
	test -s expect &&
	same expect actual
'

test_ok 'no unclaimed item is in the handbook, by code or by name' '
	$SCRIPT -o hb.html 2>err &&
	expect unclaimed "$CAT" >unclaimed &&
	test -s unclaimed &&
	while IFS="	" read -r code name; do
		! grep -F -e "$code" -e "$name" hb.html || exit 1
	done <unclaimed
'

test_ok 'items are grouped by department, in catalog order, each once' '
	$SCRIPT -o hb.html 2>err &&
	got claimed hb.html | cut -f1 | sed "s/-.*//" | uniq >actual &&
	sed -n "s/.*<dept code=\"\([^\"]*\)\".*/\1/p" "$CAT" >expect &&
	same expect actual
'

test_ok 'the handbook is well-formed HTML with a viewport and an A5 print style' '
	$SCRIPT -o hb.html 2>err &&
	xmllint --html --noout hb.html 2>lint &&
	same /dev/null lint &&
	grep -F "<!DOCTYPE html>" hb.html &&
	grep -F "name=\"viewport\" content=\"width=device-width, initial-scale=1\"" hb.html &&
	grep -F "@page { size: A5;" hb.html &&
	grep -F ".dept { break-before: page; }" hb.html &&
	grep -F "break-inside: avoid" hb.html
'

# no_outside FILE: no script and nothing fetched from outside the page.
no_outside() {
	! grep -i -e "<script" -e "<link" -e "<img" -e "<iframe" -e "<object" \
		-e "<embed" -e "@import" -e "url(" -e " src=" "$1" &&
	got outside "$1" >outside &&
	same /dev/null outside
}

test_ok 'handbook and board have no script and no outside resource' '
	$SCRIPT -o hb.html 2>err &&
	$SCRIPT --board -o board.html 2>err &&
	no_outside hb.html &&
	no_outside board.html
'

test_ok 'catalog text is escaped: markup in it stays text' '
	must_fail 1 $SCRIPT --findings "$HB/findings.xml" "$HB/catalog.xml" >hb.html 2>err &&
	! grep -i "<script" hb.html &&
	! grep "<b>" hb.html &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt; 证明" hb.html &&
	grep -F "转义&amp;&lt;b&gt;事项&lt;/b&gt;" hb.html &&
	xmllint --html --noout hb.html 2>lint &&
	same /dev/null lint
'

test_ok 'a vague word or a missing field marks the item; other findings do not' '
	must_fail 1 $SCRIPT --findings "$HB/findings.xml" -o hb.html "$HB/catalog.xml" 2>err &&
	grep -Fx "qk-handbook: 2 items marked as to be corrected (error findings of the catalog rules)" err &&
	got flagged hb.html >actual &&
	printf "%s\n" AA-002 AA-003 >expect &&
	same expect actual &&
	got alerts hb.html >actual &&
	cat >expect <<-EOF &&
	AA-002	办事指南用语模糊：申请条件中有“其他”
	AA-003	办事指南要素缺失：设定依据
	AA-003	办事指南用语模糊：申请材料“相关证明材料”中有“相关”
	EOF
	same expect actual &&
	test "$(grep -c "本事项办事指南待更正" hb.html)" -eq 2 &&
	grep -F "事项目录待更正" hb.html
'

test_ok 'a finding on a department or material code marks the cover, not an item' '
	must_fail 1 $SCRIPT --findings "$HB/findings-dept.xml" -o hb.html "$HB/catalog.xml" 2>err &&
	echo "qk-handbook: department or material rows marked as to be corrected on the cover (error findings of the catalog rules)" >expect &&
	same expect err &&
	got flagged hb.html >actual &&
	same /dev/null actual &&
	grep -A3 "事项目录待更正" hb.html | grep -F "编码重复：部门编码“BB”"
'

test_ok 'the stylesheet reads the findings passed as --stringparam findings' '
	xsltproc --nonet --novalid --stringparam findings "$HB/findings.xml" \
		"$TOP/share/qk/handbook.xsl" "$HB/catalog.xml" >hb.html &&
	got flagged hb.html >actual &&
	printf "%s\n" AA-002 AA-003 >expect &&
	same expect actual &&
	xsltproc --nonet --novalid "$TOP/share/qk/handbook.xsl" "$HB/catalog.xml" >plain.html &&
	got flagged plain.html >actual &&
	same /dev/null actual
'

test_ok 'findings are read from a path with a space, a "#", a "%" and CJK' '
	mkdir "a b#c%20 审核" &&
	cp "$HB/findings.xml" "a b#c%20 审核/f.xml" &&
	must_fail 1 $SCRIPT --findings "a b#c%20 审核/f.xml" -o hb.html "$HB/catalog.xml" 2>err &&
	got flagged hb.html >actual &&
	printf "%s\n" AA-002 AA-003 >expect &&
	same expect actual &&
	mkdir -p "t m#p%41" own &&
	cp "$SCRIPT" own/qk-handbook &&
	printf "#!/bin/sh\ncat \"%s\"\n" "$HB/findings.xml" >own/qk-audit &&
	chmod +x own/qk-audit &&
	must_fail 1 env TMPDIR="$PWD/t m#p%41" own/qk-handbook -o hb2.html "$HB/catalog.xml" 2>err &&
	same hb.html hb2.html &&
	ls -A "t m#p%41" >left &&
	same /dev/null left
'

test_ok 'a findings path without findings stops the stylesheet' '
	! xsltproc --nonet --novalid --stringparam findings "$PWD/none.xml" \
		"$TOP/share/qk/handbook.xsl" "$HB/catalog.xml" >hb.html 2>err &&
	grep -F "handbook.xsl: cannot read the findings" err
'

# A copy of the script in a folder of its own, with or without a stand-in
# qk-audit beside it that records its arguments and answers the
# hand-written findings.
copy_script() {
	mkdir -p own &&
	cp "$SCRIPT" own/qk-handbook
}

test_ok 'qk-audit beside the script gives the marks' '
	copy_script &&
	cat >own/qk-audit <<-EOF &&
	#!/bin/sh
	printf "%s\n" "\$@" >"$PWD/audit-args"
	cat "$HB/findings.xml"
	EOF
	chmod +x own/qk-audit &&
	must_fail 1 own/qk-handbook -o hb.html "$HB/catalog.xml" 2>err &&
	printf "%s\n" --catalog-only -f xml --fail-on never --catalog "$HB/catalog.xml" >expect &&
	same expect audit-args &&
	got flagged hb.html >actual &&
	printf "%s\n" AA-002 AA-003 >expect &&
	same expect actual
'

test_ok 'a failing qk-audit fails the run and writes nothing' '
	copy_script &&
	printf "#!/bin/sh\necho \"qk-audit: broken\" >&2\nexit 2\n" >own/qk-audit &&
	chmod +x own/qk-audit &&
	echo old >hb.html &&
	must_fail 2 own/qk-handbook -o hb.html "$HB/catalog.xml" 2>err &&
	grep -Fx "qk-handbook: qk-audit failed on $HB/catalog.xml (exit status 2)" err &&
	echo old >expect &&
	same expect hb.html
'

test_ok 'without qk-audit the handbook is unmarked and stderr says so' '
	copy_script &&
	PATH=/usr/bin:/bin own/qk-handbook -o hb.html "$HB/catalog.xml" 2>err &&
	grep -Fx "qk-handbook: qk-audit not found; items are not checked against the catalog rules, none is marked" err &&
	got flagged hb.html >actual &&
	same /dev/null actual &&
	PATH=/usr/bin:/bin own/qk-handbook -q -o hb.html "$HB/catalog.xml" 2>err &&
	same /dev/null err
'

if command -v qk-audit >/dev/null 2>&1; then
	test_ok 'the installed qk-audit marks the vague and the incomplete items' '
		must_fail 1 $SCRIPT -o hb.html "$HB/catalog.xml" 2>err &&
		got flagged hb.html >actual &&
		printf "%s\n" AA-002 AA-003 >expect &&
		same expect actual
	'
else
	test_skip 'the installed qk-audit marks the vague and the incomplete items' 'qk-audit is not built in this tree'
fi

test_ok '--site gives the community its name, from the roster' '
	$SCRIPT --site XG-HB -o hb.html 2>err &&
	grep -F "<title>海滨社区便民服务中心 便民服务手册（2026-11）</title>" hb.html &&
	grep -F "<p class=\"site-name\">海滨社区便民服务中心</p>" hb.html &&
	grep -F "事项目录：墟沟街道为民服务中心" hb.html &&
	$SCRIPT --site XG-HB --board -o board.html 2>err &&
	grep -F "<span class=\"site-name\">海滨社区便民服务中心</span>" board.html &&
	$SCRIPT --roster "$EX/roster.xml" --site XG -o hb.html 2>err &&
	grep -F "<p class=\"site-name\">墟沟街道为民服务中心</p>" hb.html
'

test_ok 'an unknown or malformed site is an error' '
	must_fail 2 $SCRIPT --site XG-NONE >out 2>err &&
	grep -F "qk-handbook: unknown site '\''XG-NONE'\''" err &&
	same /dev/null out &&
	must_fail 2 $SCRIPT --site "XG HB" >out 2>err &&
	grep -F "qk-handbook: invalid --site '\''XG HB'\'': expected a site code" err
'

test_ok 'the board lists every department, every claimed item and no other' '
	$SCRIPT --board -o board.html 2>err &&
	expect depts "$CAT" >expect &&
	got depts board.html >actual &&
	same expect actual &&
	expect names "$CAT" | sort >expect &&
	got names board.html | sort >actual &&
	same expect actual &&
	xmllint --html --noout board.html 2>lint &&
	same /dev/null lint &&
	grep -F "@page { size: A4;" board.html
'

test_ok 'a department without claimed items is on the board, not in the handbook' '
	$SCRIPT -q --board "$HB/catalog.xml" >board.html &&
	printf "%s\n" 甲部门 乙部门 丙部门 >expect &&
	got depts board.html >actual &&
	same expect actual &&
	grep -F "暂无认领事项" board.html &&
	must_fail 1 $SCRIPT -q --findings "$HB/findings.xml" "$HB/catalog.xml" >hb.html &&
	! grep -F "丙部门" hb.html
'

test_ok '-o writes atomically: a failed run leaves the target and no temporary file' '
	mkdir out &&
	umask 022 &&
	$SCRIPT -o out/hb.html 2>err &&
	test "$(stat -c %a out/hb.html)" = 644 &&
	cp out/hb.html expect &&
	printf "<?xml version=\"1.0\"?>\n<catalog version=\"1\">\n" >broken.xml &&
	must_fail 2 $SCRIPT -o out/hb.html broken.xml 2>err &&
	grep -e "qk-handbook: broken.xml: xsltproc failed" -e "qk-handbook: qk-audit failed on broken.xml" err &&
	same expect out/hb.html &&
	ls -A out >actual &&
	echo hb.html >expect &&
	same expect actual
'

test_ok 'a DOCTYPE, a wrong root or a wrong version is refused' '
	printf "<?xml version=\"1.0\"?>\n<!DOCTYPE catalog [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<catalog version=\"1\" name=\"&x;\"/>\n" >dtd.xml &&
	must_fail 2 $SCRIPT dtd.xml >out 2>err &&
	grep -Fx "qk-handbook: dtd.xml: a DOCTYPE declaration is not allowed" err &&
	same /dev/null out &&
	must_fail 2 $SCRIPT "$EX/roster.xml" >out 2>err &&
	grep -e "handbook.xsl: the input is not a catalog (root <roster>)" -e "qk-handbook: qk-audit failed on $EX/roster.xml" err &&
	printf "<catalog version=\"2\"/>\n" >v2.xml &&
	must_fail 2 $SCRIPT --board v2.xml >out 2>err &&
	grep -e "board.xsl: catalog version '\''2'\'' is not 1" -e "qk-handbook: qk-audit failed on v2.xml" err &&
	must_fail 2 $SCRIPT missing.xml >out 2>err &&
	grep -Fx "qk-handbook: missing.xml: cannot read the catalog" err
'

test_ok 'the catalog may come from standard input, --catalog or the operand' '
	F="--findings $HB/findings.xml" &&
	must_fail 1 $SCRIPT -q $F - <"$HB/catalog.xml" >a.html &&
	must_fail 1 $SCRIPT -q $F --catalog "$HB/catalog.xml" >b.html &&
	must_fail 1 $SCRIPT -q $F --catalog "$CAT" "$HB/catalog.xml" >c.html &&
	same a.html b.html &&
	same a.html c.html &&
	QK_DATA=$HB $SCRIPT -q --board >d.html &&
	$SCRIPT -q --board "$HB/catalog.xml" >e.html &&
	same d.html e.html &&
	$SCRIPT "$HB/catalog.xml" -q --board -o f.html &&
	same d.html f.html &&
	must_fail 1 $SCRIPT -q "$CAT" $F --catalog "$HB/catalog.xml" >g.html &&
	same a.html g.html
'

test_ok '--lang is accepted and changes nothing yet' '
	$SCRIPT -q --lang en -o a.html &&
	$SCRIPT -q -o b.html &&
	same a.html b.html
'

test_ok 'usage, --help and --version' '
	$SCRIPT --help >out &&
	grep -F "usage: qk-handbook [-o FILE] [--site CODE] [--board]" out &&
	$SCRIPT --version >out &&
	echo "qk-handbook (qk) $(sed -n "s/^VERSION = //p" "$TOP/Makefile")" >expect &&
	same expect out &&
	must_fail 2 $SCRIPT --frobnicate >out 2>err &&
	grep -Fx "qk-handbook: unknown option '\''--frobnicate'\''" err &&
	grep -F "usage: qk-handbook" err &&
	same /dev/null out &&
	must_fail 2 $SCRIPT a.xml b.xml 2>err &&
	grep -Fx "qk-handbook: more than one catalog" err &&
	must_fail 2 $SCRIPT -o 2>err &&
	grep -Fx "qk-handbook: option '\''-o'\'' requires an argument" err
'

# The PDF: headless Chromium prints the page, pdftotext reads it back.
CHROMIUM=
for c in chromium chromium-browser; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROMIUM=$c
		break
	fi
done

# to_pdf HTML PDF: prints HTML (a path in the current folder) to PDF.
to_pdf() {
	profile=$(mktemp -d "${TMPDIR:-/tmp}/qk-chromium.XXXXXX") &&
	timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --no-pdf-header-footer \
		--user-data-dir="$profile" --print-to-pdf="$PWD/$2" \
		"file://$PWD/$1" >chromium.log 2>&1
	status=$?
	rm -rf "$profile"
	[ "$status" -eq 0 ] && [ -s "$2" ]
}

why=
if [ -z "$CHROMIUM" ]; then
	why='chromium is not installed'
elif ! command -v pdftotext >/dev/null 2>&1; then
	why='pdftotext (poppler-utils) is not installed'
elif ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
	why='no CJK font is installed (fonts-wqy-microhei or fonts-noto-cjk)'
fi

if [ -n "$why" ]; then
	test_skip 'Chromium prints the handbook to A5 pages, every item name in them, none split' "$why"
	test_skip 'Chromium prints the board on one A4 page, every department on it' "$why"
else
	test_ok 'Chromium prints the handbook to A5 pages, every item name in them, none split' '
		$SCRIPT -q -o hb.html &&
		to_pdf hb.html hb.pdf &&
		pdfinfo hb.pdf >info &&
		grep -E "^Page size: .*\(A5\)$" info &&
		pdftotext -enc UTF-8 hb.pdf - | tr -d " \n" >text &&
		expect names "$CAT" >names &&
		while read -r name; do
			grep -qF "$name" text || { echo "not in the PDF: $name"; exit 1; }
		done <names &&
		pages=$(sed -n "s/^Pages: *//p" info) &&
		p=1 &&
		while [ "$p" -le "$pages" ]; do
			pdftotext -enc UTF-8 -f "$p" -l "$p" hb.pdf - | tr -d " \n" >page &&
			top=$(grep -o 实施部门 page | wc -l) &&
			bottom=$(grep -o 投诉电话 page | wc -l) &&
			if [ "$top" -ne "$bottom" ]; then
				echo "page $p: an item is split ($top tops, $bottom ends)"
				exit 1
			fi
			p=$((p + 1))
		done
	'
	test_ok 'Chromium prints the board on one A4 page, every department on it' '
		$SCRIPT -q --board -o board.html &&
		to_pdf board.html board.pdf &&
		pdfinfo board.pdf >info &&
		grep -E "^Pages: +1$" info &&
		grep -E "^Page size: .*\(A4\)$" info &&
		pdftotext -enc UTF-8 board.pdf - | tr -d " \n" >text &&
		expect depts "$CAT" >names &&
		expect names "$CAT" >>names &&
		while read -r name; do
			grep -qF "$name" text || { echo "not in the PDF: $name"; exit 1; }
		done <names
	'
fi

test_done
