#!/bin/sh
# Hostile archives, for every tool that reads them: a tar with .., absolute
# paths, symbolic and hard links; bombs (gzip, tar.gz and zip of gigabytes)
# stopped by --max-record in bounded memory; gzip nested 24 and 30 deep; a
# truncated tar and a tar member larger than the archive holds; an encrypted
# zip member; member names that are not UTF-8.  Each ends in the exit status
# and the message format of tools.md, without a crash, and the records are
# counted: every input record is in the output or in the rejects (exit 0
# and 1), or the output holds the records before the place named (exit 2).
. "$(dirname "$0")/lib.sh"

R=$DATA/route
limit=60
[ -z "$VGLOG" ] || limit=600
TOOLS="qk-intake qk-route qk-audit qk-report qk-pack"

# Two documents of each kind, made fresh: a1.xml (2 applications) and
# a2.xml (1), and their cases c1.xml and c2.xml.
docs() {
	cp $R/multi.xml a1.xml && cp $R/three-depts.xml a2.xml &&
	qk-intake $REF --seq "$PWD/seq0" a1.xml >c1.xml &&
	qk-intake $REF --seq "$PWD/seq0" a2.xml >c2.xml
}

# The documents a tool reads: applications for qk-intake, cases for the rest.
doc() {
	if [ "$1" = qk-intake ]; then echo "a$2.xml"; else echo "c$2.xml"; fi
}

# run TOOL STATUS INPUT...: TOOL with -v exits STATUS, stdout in out (qk-pack:
# p.tar), stderr in err, rejects in rj.xml, no sanitizer report.
run() {
	tool=$1 status=$2
	shift 2
	case $tool in
	qk-intake) set -- --seq "$PWD/seq" --rejects rj.xml "$@" ;;
	qk-pack) rm -f p.tar && set -- -o p.tar "$@" ;;
	esac
	must_fail "$status" /usr/bin/time -f %M -o mem timeout $limit $tool -v $REF "$@" >out 2>err &&
	! grep -q "AddressSanitizer\|runtime error" err &&
	bounded mem 49152
}

# counted TOOL N: N records read, and each of them in the output or the
# rejects, counted in the output itself and in what -v says.
counted() {
	set -- "$1" "$2" $(sed -n "s/^$1: \([0-9]*\) read, \([0-9]*\) [a-z]*, \([0-9]*\) .*/\1 \2 \3/p" err)
	[ "$3" = "$2" ] || { echo "$1 read '$3', expected $2" >&2; return 1; }
	case $1 in
	qk-intake) test $(($(grep -c "<case " out) + $(grep -c "<application " rj.xml))) -eq "$2" &&
		test $(($4 + $5)) -eq "$2" ;;
	qk-route) test "$(grep -c "<case " out)" -eq "$2" && test "$4" -eq "$2" ;;
	qk-pack) test "$(bsdtar -xOf p.tar "*/data/chain-heads.txt" | wc -l)" -eq "$2" ;;
	*) test "$4" -eq "$2" ;;
	esac || { echo "$1: not every record is in the output" >&2; return 1; }
}

# partial TOOL N: exit 2 left N complete records on standard output, the
# document unclosed (qk-intake, qk-route); nothing from the others.
partial() {
	case $1 in
	qk-intake|qk-route) test "$(grep -c "<case " out)" -eq "$2" &&
		! grep -q "</cases>" out ;;
	qk-pack) test ! -e p.tar ;;
	qk-report) test ! -s out ;;
	esac || { echo "$1: unexpected output after exit 2" >&2; cat out >&2; return 1; }
}

for tool in $TOOLS; do
	test_ok "$tool: a tar with .., an absolute path, a symlink and a hard link" "
		docs && mkdir -p in/sub && cd in/sub && cp ../../$(doc $tool 1) one.xml &&
		cp ../../$(doc $tool 2) two.xml && ln -s one.xml link.xml && ln two.xml hard.xml &&
		bsdtar -cf ../../t.tar -P -s ',^one.xml,../../up.xml,' \
			-s ',^two.xml,/qk-test-abs/two.xml,' one.xml two.xml link.xml hard.xml &&
		cd ../.. && bsdtar -tvf t.tar | grep -F ../../up.xml &&
		run $tool 0 t.tar && counted $tool 3 &&
		grep -Fx '$tool: t.tar(link.xml): skipping member: a symbolic link, not a document' err &&
		grep -Fx '$tool: t.tar(hard.xml): skipping member: a hard link, not a document' err &&
		test ! -e ../up.xml && test ! -e ../../up.xml && test ! -e /qk-test-abs
	"
done

# bomb FILE KIND ROOT RECORD: one complete record (the first of c1.xml or
# a1.xml), then a record of 2 GiB.
bomb() {
	sed -n "1,/<\/$4>/p" "$(doc $tool 1)" >head.txt &&
	printf '  <%s><note>' "$4" >>head.txt &&
	perl "$TOP/tests/mkbomb.pl" "$2" "$1" "$3.xml" head.txt 2048
}

for tool in $TOOLS; do
	if [ $tool = qk-intake ]; then root=applications rec=application; else root=cases rec=case; fi
	for kind in gz tar.gz zip; do
		case $kind in gz) name=bomb.$kind ;; *) name="bomb.$kind($root.xml)" ;; esac
		test_ok "$tool: a $kind bomb of 2 GiB is stopped by --max-record, memory bounded" "
			docs && bomb bomb.$kind $kind $root $rec && test \$(wc -c <bomb.$kind) -lt 3000000 &&
			run $tool 2 bomb.$kind &&
			grep -F '$tool: $name:' err | grep -F ': record larger than --max-record (1048576 bytes)' &&
			partial $tool 1
		"
	done
done

test_ok 'qk-route --apply: an events bomb is stopped by --max-record, memory bounded' '
	docs && cp $R/three-depts-day1.xml ev.xml && tool=qk-route &&
	sed -n "1,/<\/events>/{/<\/events>/d;p}" ev.xml | sed -n "1,/<event /p" >head.txt &&
	printf "  <event><note>" >>head.txt &&
	perl "$TOP/tests/mkbomb.pl" zip ev.zip events.xml head.txt 2048 &&
	run qk-route 2 --apply ev.zip c1.xml &&
	grep -E "^qk-route: ev\.zip\(events\.xml\):[0-9]+: record larger than --max-record" err &&
	test ! -s out
'

# qk-pack --verify spools each member to disk first (tools.md, Memory): a
# smaller bomb under valgrind.
if [ -n "$VGLOG" ]; then mib=16; else mib=256; fi
test_ok "qk-pack --verify: a cases file of $mib MiB fails on --max-record, memory bounded, no temporary file left" '
	docs && mkdir tmp && printf "<cases version=\"1\">\n  <case><note>" >head.txt &&
	perl "$TOP/tests/mkbomb.pl" tar.gz pkg qk-2026-12-01/data/cases/XG/2026-11.xml head.txt $mib &&
	TMPDIR=$PWD/tmp must_fail 1 /usr/bin/time -f %M -o mem timeout $limit qk-pack --verify pkg >out 2>err &&
	bounded mem 49152 && test "$(wc -l <out)" = 20 &&
	grep -F "FAIL authenticity: chain: data/cases/XG/2026-11.xml:2: cannot be read: record larger than --max-record" out &&
	grep -F "FAIL usability: cases-schema: data/cases/XG/2026-11.xml:2: record larger than --max-record" out &&
	test -z "$(ls -A tmp)"
'

# nest FILE N: FILE gzipped N times over, into FILE.N.
nest() {
	cp "$1" n && i=0 &&
	while [ $i -lt "$2" ]; do gzip -c n >n.gz && mv n.gz n && i=$((i + 1)); done &&
	mv n "$1.$2"
}

for tool in $TOOLS; do
	test_ok "$tool: gzip nested 24 deep is read, 30 deep is an error" "
		docs && cp $(doc $tool 1) one.xml && nest one.xml 24 && nest one.xml 30 &&
		run $tool 0 one.xml.24 && counted $tool 2 &&
		run $tool 2 one.xml.30 &&
		grep -Fx '$tool: one.xml.30: Input requires too many filters for decoding' err &&
		partial $tool 0
	"
done

test_ok 'qk-pack --verify: a package nested 24 deep verifies, 30 deep is exit 2' '
	docs && qk-pack $REF --date 2026-12-01 -o p.tar c1.xml c2.xml &&
	nest p.tar 24 && nest p.tar 30 &&
	qk-pack --verify p.tar.24 >out && test "$(grep -c "^ok " out)" = 20 &&
	must_fail 2 qk-pack --verify p.tar.30 >out 2>err && test ! -s out &&
	grep -F "qk-pack: p.tar.30: " err
'

# sized TAR MEMBER BYTES: the size MEMBER's header claims, checksum redone.
sized() {
	perl -e '
		my ($tar, $member, $size) = @ARGV;
		open my $f, "+<:raw", $tar or die; local $/; my $d = <$f>;
		for (my $o = 0; $o < length $d; ) {
			my $h = substr($d, $o, 512); (my $n = substr($h, 0, 100)) =~ s/\0.*//s;
			last if $n eq "";
			my $was = oct(substr($h, 124, 11));
			if ($n eq $member) {
				substr($h, 124, 12) = sprintf("%011o\0", $size);
				substr($h, 148, 8) = " " x 8; my $s = 0; $s += ord for split //, $h;
				substr($h, 148, 8) = sprintf("%06o\0 ", $s);
				substr($d, $o, 512) = $h; last;
			}
			$o += 512 + int(($was + 511) / 512) * 512;
		}
		seek $f, 0, 0; print $f $d; close $f or die;' "$@"
}

for tool in $TOOLS; do
	test_ok "$tool: a tar cut short, and a member larger than the tar holds: exit 2, the member named" "
		docs && cp $(doc $tool 1) one.xml && cp $(doc $tool 2) two.xml &&
		bsdtar -cf t.tar one.xml two.xml && size=\$(wc -c <one.xml) &&
		head -c \$((512 + (size + 511) / 512 * 512 + 600)) t.tar >cut.tar &&
		run $tool 2 cut.tar &&
		grep -Fx '$tool: cut.tar(two.xml): Truncated tar archive' err && partial $tool 2 &&
		sized t.tar two.xml 1000000 && bsdtar -tvf t.tar | grep -F 1000000 &&
		run $tool 2 t.tar && grep '^$tool: t\.tar(two\.xml)' err && partial $tool 3
	"
done

for tool in $TOOLS; do
	test_ok "$tool: an encrypted zip member: exit 2, the member named" "
		docs && cp $(doc $tool 1) one.xml &&
		bsdtar --format zip --options zip:encryption=zipcrypt --passphrase secret \
			-cf e.zip one.xml &&
		run $tool 2 e.zip && grep -Fx '$tool: e.zip(one.xml): Passphrase required for this entry' err &&
		run $tool 2 - <e.zip && grep -Fx '$tool: -(one.xml): Passphrase required for this entry' err &&
		partial $tool 0
	"
done

for tool in $TOOLS; do
	test_ok "$tool: member names that are not UTF-8: read, skipped and named with \\xHH" "
		docs && cp $(doc $tool 1) \"\$(printf 'x\\377\\376.xml')\" &&
		cp $(doc $tool 2) \"\$(printf 'y\\351.xml')\" && echo hello >\"\$(printf 'n\\377.txt')\" &&
		bsdtar -cf nu.tar \"\$(printf 'x\\377\\376.xml')\" \"\$(printf 'n\\377.txt')\" \
			\"\$(printf 'y\\351.xml')\" 2>/dev/null &&
		run $tool 0 nu.tar && counted $tool 3 &&
		grep -Fx '$tool: nu.tar(n\\xFF.txt): skipping member: not an .xml file' err
	"
done

test_ok 'qk-intake: a rejected application in a member whose name is not UTF-8 is named with \xHH' '
	sed "s/site=\"XG\"/site=\"ZZ\"/" $R/three-depts.xml >"$(printf "y\351.xml")" &&
	bsdtar -cf nu.tar "$(printf "y\351.xml")" 2>/dev/null &&
	tool=qk-intake && run qk-intake 1 nu.tar && counted qk-intake 1 &&
	grep "^qk-intake: nu\.tar(y\\\\xE9\.xml):[0-9]*: application .* rejected" err
'

test_done
