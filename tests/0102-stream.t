#!/bin/sh
# Standard output streams record by record (tools.md, Output and Exit
# status): pipelines work alongside, and a run that fails leaves its
# document unclosed so that the next tool fails in turn.
. "$(dirname "$0")/lib.sh"

AT="--at 2026-11-24T18:00:00+08:00"

# apps N: N applications of XG on 2026-11-24.
apps() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<applications version="1">\n'
	i=1
	while [ $i -le $1 ]; do
		printf '  <application ref="R-%d" received="2026-11-24T09:00:00+08:00" site="XG" staff="W01" channel="window">\n' $i
		printf '    <applicant kind="person" name="张伟" idno="320703199001011231"/>\n'
		printf '    <request item="CL-001"/>\n    <material code="M-IDCARD"/>\n'
		printf '    <material code="M-HUKOU"/>\n  </application>\n'
		i=$((i + 1))
	done
	printf '</applications>\n'
}

test_ok 'qk-intake | qk-route - gives the bytes of the two runs one after the other' '
	apps 300 >a.xml &&
	qk-intake $REF --seq "$PWD/s1" a.xml >cases.xml &&
	qk-route $REF $AT cases.xml >want.xml &&
	qk-intake $REF --seq "$PWD/s2" a.xml | qk-route $REF $AT - >got.xml &&
	same want.xml got.xml
'

test_ok 'a fatal input in the first tool makes the second exit 2, and pipefail sees it' '
	apps 50 >a.xml &&
	printf "<applications version=\"1\">\n  <application\n" >broken.xml &&
	cat >pipe.sh <<-\EOS &&
	set -o pipefail
	qk-intake $REF --seq "$PWD/seq" a.xml broken.xml 2>err1 | qk-route $REF $AT - >out.xml 2>err2
	echo "${PIPESTATUS[*]}" >statuses
	if qk-intake $REF --seq "$PWD/seq" a.xml broken.xml | qk-route $REF $AT - >/dev/null; then
		echo succeeded
	else
		echo failed
	fi >pipeline 2>/dev/null
	EOS
	REF="$REF" AT="$AT" bash pipe.sh &&
	test "$(cat statuses)" = "2 2" &&
	test "$(cat pipeline)" = failed &&
	grep -F "broken.xml:" err1 &&
	grep -F "qk-route: -:" err2 &&
	test $(grep -c "<case " out.xml) -eq 50 &&
	! xmllint --noout out.xml 2>/dev/null
'

# streams THREADS: with QK_THREADS=THREADS ("" for the default), qk-intake
# writes the cases of a fifo's applications before the input ends.  (An
# input must first give the 512 bytes libarchive needs to tell a tar from a
# plain document.)
streams() {
	apps 3 | sed '$d' >head.xml &&
	rm -f in && mkfifo in &&
	{ QK_THREADS=$1 qk-intake $REF --seq "$PWD/seq$1" in >out.xml 2>err & } &&
	exec 3>in &&
	cat head.xml >&3 &&
	n=0 && while [ $(grep -c "</case>" out.xml) -lt 3 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done &&
	grep -c "<case " out.xml >seen &&
	printf "</applications>\n" >&3 &&
	exec 3>&- &&
	wait &&
	echo 3 >want && same want seen &&
	tail -n 1 out.xml | grep -Fx "</cases>"
}

test_ok 'the cases reach standard output before the input ends' '
	streams ""
'

test_ok 'with QK_THREADS=2 (a parse thread) the cases still reach standard output before the input ends' '
	streams 2
'

test_ok 'QK_THREADS=0, 1 and 2 give the same bytes, messages and status' '
	apps 400 >a.xml &&
	printf "<applications version=\"1\">\n  <application\n" >broken.xml &&
	for t in 0 1 2; do
		QK_THREADS=$t qk-intake $REF --seq "$PWD/s$t" a.xml >c$t.xml 2>e$t &&
		QK_THREADS=$t qk-route $REF $AT c0.xml >r$t.xml 2>>e$t &&
		QK_THREADS=$t qk-audit $REF --as-of 2026-11-24 --fail-on never -j 2 r0.xml >f$t.xml 2>>e$t &&
		QK_THREADS=$t qk-report $REF --as-of 2026-11-24 -j 2 r0.xml >p$t.xml 2>>e$t &&
		{ QK_THREADS=$t qk-intake $REF --seq "$PWD/b$t" a.xml broken.xml >x$t.xml 2>>e$t; echo $? >>e$t; } ||
		return 1
	done &&
	grep -Fx 2 e2 &&
	test $(grep -c "<case " x2.xml) -eq 400 &&
	for f in c r f p x e; do same ${f}0.xml ${f}1.xml 2>/dev/null || same ${f}0 ${f}1 || return 1; done &&
	for f in c r f p x; do same ${f}0.xml ${f}2.xml || return 1; done &&
	sed "s/s2/s0/; s/b2/b0/" e2 >e2n && sed "s/s1/s0/; s/b1/b0/" e1 >e1n && same e0 e1n && same e0 e2n
'

test_ok 'after a failed streamed run the ids it wrote stay used' '
	apps 3 >a.xml &&
	printf "<applications version=\"1\">\n  <application\n" >broken.xml &&
	must_fail 2 qk-intake $REF --seq "$PWD/seq" a.xml broken.xml >out 2>err &&
	test $(grep -c "<case id=\"XG-20261124-000[123]\"" out) -eq 3 &&
	printf "XG 20261124 3\n" >want && same want seq &&
	apps 1 >b.xml &&
	qk-intake $REF --seq "$PWD/seq" b.xml >next &&
	grep -F "<case id=\"XG-20261124-0004\"" next
'

test_ok 'an empty input still gives a whole document on standard output' '
	printf "<?xml version=\"1.0\"?>\n<cases version=\"1\"/>\n" >empty.xml &&
	qk-route $REF $AT empty.xml >out.xml &&
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" "<cases version=\"1\"/>" >want &&
	same want out.xml
'
test_done
