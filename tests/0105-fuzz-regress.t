#!/bin/sh
# The fuzz harnesses of tests/fuzz/, built without libFuzzer (driver.c):
# every seed of tests/fuzz/corpus/ and every input a fuzzer once crashed or
# hung on (tests/fuzz/regress/) goes through its harness with no crash, no
# sanitizer report and no broken property; and the tools give a clear
# error, exit 2, on the kept inputs that crashed them.
. "$(dirname "$0")/lib.sh"

FUZZ=$TOP/tests/fuzz
REPLAY=${QK_BUILD:-$TOP/build}/tests/fuzz

# replay NAME DIR: each file of DIR through harness NAME, counted.
replay() {
	n=$(find "$2" -type f | wc -l) &&
	timeout 300 "$REPLAY/replay-$1" "$2" >out 2>err &&
	! grep -q "AddressSanitizer\|runtime error\|qk fuzz" err &&
	grep -qx "$n inputs" out
}

for h in $(cd "$FUZZ/corpus" && ls); do
	test_ok "harness $h: its seed corpus" "replay $h '$FUZZ/corpus/$h'"
done
for h in $(cd "$FUZZ/regress" && ls); do
	test_ok "harness $h: every kept input" "replay $h '$FUZZ/regress/$h'"
done

if [ -d "$SPEC/examples" ]; then
	test_ok "harness reader: the spec's examples" "replay reader '$SPEC/examples'"
else
	test_skip "harness reader: the spec's examples" '../shared absent'
fi

# A declared encoding that fails inside the XML declaration.
test_ok 'an encoding error in the declaration: exit 2 and a message, every tool' '
	cp "$FUZZ/regress/apply/encoding-error-in-decl-72c304f7" ev.xml &&
	cp "$FUZZ/regress/intake/encoding-error-in-decl-edce92e5" app.xml &&
	cp "$FUZZ/regress/kpi/encoding-error-in-decl-1e17c0ce" cases.xml &&
	must_fail 2 qk-route $REF --apply ev.xml "$EX/cases.xml" >out 2>err &&
	grep -q "^qk-route: ev.xml: input conversion failed" err &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" app.xml >out 2>err &&
	grep -q "^qk-intake: app.xml:" err && ! test -s out &&
	must_fail 2 qk-audit $REF cases.xml >out 2>err && grep -q "^qk-audit: cases.xml:" err &&
	must_fail 2 qk-report $REF cases.xml >out 2>err && grep -q "^qk-report: cases.xml:" err &&
	must_fail 2 qk-route $REF cases.xml >out 2>err && grep -q "^qk-route: cases.xml:" err
'
# nest N ROOT REC FILE: FILE with N levels of <a> inside its first REC.
nest() {
	perl -0pe "s{</$3>}{'<a>' x $1 . '</a>' x $1 . '</$3>'}e" "$4"
}

# Nesting as deep as --max-record allows crashed the tools that copy a
# record; libxml2's limit, 256 levels below the root, applies to every reader.
test_ok 'nesting deeper than 256 levels: exit 2 and a message, every tool' '
	nest 255 cases case "$EX/cases.xml" >ok.xml &&
	qk-route $REF --at 2026-11-27T18:00:00+08:00 -q ok.xml >out &&
	nest 256 cases case "$EX/cases.xml" >deep.xml &&
	nest 100000 cases case "$EX/cases.xml" >deeper.xml &&
	nest 100000 applications application "$EX/applications.xml" >app.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" app.xml >out 2>err &&
	grep -q "^qk-intake: app.xml:[0-9]*: excessive depth in document" err &&
	for tool in qk-route qk-audit qk-report; do
		for f in deep.xml deeper.xml; do
			must_fail 2 $tool $REF $f >out 2>err &&
			grep -q "^$tool: $f:[0-9]*: excessive depth in document" err ||
			return 1
		done
	done &&
	must_fail 2 qk-pack $REF -o p.tar deeper.xml >out 2>err &&
	grep -q "^qk-pack: deeper.xml:[0-9]*: excessive depth in document" err &&
	! test -e p.tar
'
test_done
