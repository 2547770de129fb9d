#!/bin/sh
# qk-report: CSV (RFC 4180), aligned text, the morning briefing, --mask and
# the options (tools.md, qk-report).
. "$(dirname "$0")/lib.sh"
D=$DATA/report
RREF="--catalog $D/catalog.xml --roster $D/roster.xml --calendar $EX/calendar.xml"
ASOF=--as-of=2026-10-16

# A case whose site holds a comma and quotes, and whose agent holds a line
# feed: CSV must quote them.
odd_case() {
	cat >odd.xml <<-\X
	<?xml version="1.0" encoding="UTF-8"?>
	<cases version="1">
	  <case id="X-1" site="S,&quot;1&quot;" staff="W01" channel="agent" received="2026-10-12T09:00:00+08:00">
	    <application received="2026-10-12T09:00:00+08:00" site="S,&quot;1&quot;" staff="W01" channel="agent" agent="A&#10;2">
	      <applicant kind="person" name="张伟" idno="320703199001011231" phone="13800000000"/>
	      <request item="MZ-001"/>
	    </application>
	    <event seq="1" type="received" at="2026-10-12T09:00:00+08:00" by="W01"/>
	  </case>
	</cases>
	X
}

# Parses RFC 4180 from standard input: prints each record's fields joined
# by "|" (a line feed inside a field as "\n"); fails on a record that does
# not end in CRLF or has other than 8 fields.
csv_parse() {
	perl -e '
		local $/; my $in = <STDIN>;
		while (length $in) {
			my @f;
			while (1) {
				if ($in =~ s/^"((?:[^"]|"")*)"//) { (my $v = $1) =~ s/""/"/g; push @f, $v; }
				elsif ($in =~ s/^([^",\r\n]*)//) { push @f, $1; }
				if ($in =~ s/^,//) { next; }
				last;
			}
			$in =~ s/^\r\n// or die "record without CRLF\n";
			@f == 8 or die "record with " . scalar(@f) . " fields\n";
			print join("|", map { s/\n/\\n/gr } @f), "\n";
		}
	'
}

test_ok 'CSV: header, CRLF line ends, every record parses back to 8 fields' '
	qk-report $RREF $ASOF -f csv --table sites $D/cases.xml >out.csv 2>err &&
	head -c 57 out.csv | od -c | grep -F "\r  \n" &&
	test "$(grep -c "$(printf "\r")\$" out.csv)" = "$(wc -l <out.csv)" &&
	csv_parse <out.csv >got &&
	head -1 got | grep -Fx "place|key|metric|value|numerator|denominator|target|met" &&
	grep -Fx "sites|XG|online-rate|0.1429|1|7||" got
'

test_ok 'CSV: a key with comma, quotes or line feed is quoted and parses back' '
	odd_case &&
	qk-report $RREF $ASOF -f csv --table sites odd.xml >sites.csv 2>err &&
	grep -F "sites,\"S,\"\"1\"\"\",received,1,,,," sites.csv &&
	csv_parse <sites.csv >got &&
	grep -Fx "sites|S,\"1\"|received|1||||" got &&
	qk-report $RREF $ASOF -f csv --table agents odd.xml >agents.csv 2>err &&
	csv_parse <agents.csv >got &&
	grep -Fx "agents|A\\n2|received|1||||" got
'

test_ok 'CSV: --table summary is the cases section; targets carry target and met' '
	qk-report $RREF $ASOF -f csv --table summary $D/cases.xml >a.csv 2>err &&
	qk-report $RREF $ASOF -f csv $D/cases.xml >b.csv 2>err &&
	cmp a.csv b.csv &&
	grep -F "cases,,received,10,,,," a.csv &&
	qk-report $RREF $ASOF -f csv --table targets $D/cases.xml >t.csv 2>err &&
	grep -F "targets,,claim-rate,0.8000,4,5,1.0000,no" t.csv
'

test_ok 'CSV and XML show the same figures' '
	qk-report $RREF $ASOF $D/cases.xml >r.xml 2>err &&
	qk-report $RREF $ASOF -f csv --table staff $D/cases.xml >s.csv 2>err &&
	cat >x2csv.pl <<-\X &&
	my $key;
	while (<>) {
		$key = $1 if /<row key="([^"]*)"/;
		next unless /<metric name="([^"]*)"/;
		my ($n, %a) = ($1);
		$a{$1} = $2 while /(value|numerator|denominator)="([^"]*)"/g;
		print join(",", "staff", $key, $n, map({ $a{$_} // "" } qw(value numerator denominator)), "", ""), "\n";
	}
	X
	sed -n "/<table name=\"staff\">/,/<\/table>/p" r.xml | perl x2csv.pl >want &&
	tr -d "\r" <s.csv | tail -n +2 >got &&
	same want got
'

# width FILE: the display width of each line, East Asian Wide and
# Fullwidth characters counting two.
width() {
	perl -CSD -ne 'chomp; my $w = 0; $w += /\p{East_Asian_Width=Wide}|\p{East_Asian_Width=Fullwidth}/ ? 2 : 1 for split //; print "$w\n"' "$1"
}

test_ok 'text: tables aligned with Chinese names, whatever the locale' '
	LC_ALL=C qk-report $RREF $ASOF -f text --table staff $D/cases.xml >t.txt 2>err &&
	grep -F "欧阳静怡" t.txt &&
	grep -F "李娜" t.txt &&
	tail -n +2 t.txt >rows &&
	width rows | sort -u >w &&
	test "$(wc -l <w)" = 1 &&
	grep -c "^W0[123] " rows | grep -Fx 3
'

test_ok 'text: every section and table, with the figures of the XML' '
	qk-report $RREF $ASOF -f text $D/cases.xml >t.txt 2>err &&
	grep -o "^\[[a-z]* [a-z]*\]" t.txt >got &&
	printf "[section %s]\n" cases targets >want &&
	printf "[table %s]\n" departments sites staff agents >>want &&
	same want got &&
	grep -E "^on-time-rate +0\.7500 \(3/4\)$" t.txt &&
	grep -E "^time-compression +0\.5091 \(28/55\) +0\.7500 +no$" t.txt
'

test_ok 'briefing: last working day, items due, red and yellow cards, bad ratings' '
	qk-report $RREF $ASOF --briefing $D/cases.xml >b.txt 2>err &&
	grep -F "晨会 2026-10-16（星期五）" b.txt &&
	grep -F "上一工作日 2026-10-15：收件 1，办结 1，出件 0" b.txt &&
	grep -F "今日到期事项（0）" b.txt &&
	grep -F "下一工作日到期事项（1）" b.txt &&
	sed -n "/^红牌/,/^\$/p" b.txt >red &&
	grep -F "红牌：逾期事项（1）" red &&
	grep -E "^  XG-20260914-0001 +CL-001 +CL +2026-10-10 +W03 刘洋 +赵敏 +5 个工作日$" red &&
	sed -n "/^黄牌/,/^\$/p" b.txt >yellow &&
	grep -E "^  XG-HB-20261012-0001 +MZ-002 +MZ +2026-10-19 +W02 欧阳静怡 +钱多多 +1 个工作日$" yellow &&
	sed -n "/^差评/,\$p" b.txt >bad &&
	grep -F "差评待整改（1）" bad &&
	grep -E "^  XG-HB-20260928-0001 +2 +2026-10-14 +W02 欧阳静怡 +韩梅梅 +13800000003$" bad
'

test_ok 'briefing: a withdrawn case has no card; --from does not narrow it' '
	qk-report $RREF $ASOF --briefing --from 2026-10-01 $D/cases.xml >b.txt 2>err &&
	grep -F "XG-20260914-0001" b.txt &&
	! grep -F "XG-HB-20260923-0001" b.txt
'

test_ok 'briefing --mask: applicant name and phone masked, counting characters' '
	qk-report $RREF $ASOF --briefing --mask $D/cases.xml >b.txt 2>err &&
	grep -E "韩\*\* +138\*\*\*\*0003$" b.txt &&
	grep -E "赵\* " b.txt &&
	! grep -F "韩梅梅" b.txt &&
	! grep -F "13800000003" b.txt
'

test_ok 'briefing: its lists are spooled in $TMPDIR; an unusable one is fatal' '
	mkdir tmp &&
	TMPDIR=$PWD/tmp qk-report $RREF $ASOF --briefing $D/cases.xml >b.txt 2>err &&
	grep -F "红牌" b.txt &&
	test -z "$(ls tmp)" &&
	TMPDIR=$PWD/none must_fail 2 qk-report $RREF $ASOF --briefing $D/cases.xml >out 2>err &&
	grep -F "temporary files" err &&
	test ! -s out
'

test_ok 'the report and the partial hold no applicant data' '
	qk-report $RREF $ASOF $D/cases.xml >r.xml 2>err &&
	qk-report $RREF $ASOF -f partial $D/cases.xml >p.xml 2>err &&
	! grep -F "韩梅梅" r.xml p.xml &&
	! grep -F "1380000" r.xml p.xml
'

test_ok '-o writes the file atomically; text formats too' '
	qk-report $RREF $ASOF -o r.xml $D/cases.xml 2>err &&
	valid r.xml &&
	qk-report $RREF $ASOF -f csv -o r.csv $D/cases.xml 2>err &&
	head -1 r.csv | grep -F "place,key,metric" &&
	ls >list &&
	printf "%s\n" err list r.csv r.xml >want &&
	same want list
'

test_ok 'bad option values are usage errors' '
	must_fail 2 qk-report -f pdf $D/cases.xml >out 2>err &&
	grep -F "invalid -f '"'"'pdf'"'"'" err &&
	must_fail 2 qk-report --table nope $D/cases.xml >out 2>err &&
	grep -F "invalid --table '"'"'nope'"'"'" err &&
	must_fail 2 qk-report --from 2026-13-01 $D/cases.xml >out 2>err &&
	grep -F "invalid --from '"'"'2026-13-01'"'"'" err &&
	must_fail 2 qk-report --briefing --merge $D/cases.xml >out 2>err &&
	test ! -s out
'

test_ok 'a document that is not well-formed writes nothing, exit 2' '
	printf "<cases version=\"1\">\n<case id=\"x\">\n" >broken.xml &&
	must_fail 2 qk-report $RREF $ASOF broken.xml >out 2>err &&
	test ! -s out &&
	grep -F "broken.xml" err
'

test_ok 'reference data that cannot be read: exit 2, the file named, nothing written' '
	for i in 1 2 3 4 5; do
		must_fail 2 qk-report --catalog missing.xml --roster $D/roster.xml \
		    --calendar $EX/calendar.xml $ASOF $D/cases.xml >out 2>err &&
		test ! -s out &&
		grep -Fx "qk-report: missing.xml: No such file or directory" err &&
		must_fail 2 qk-report --catalog $D/catalog.xml --roster missing.xml \
		    --calendar $EX/calendar.xml $ASOF $D/cases.xml >out 2>err &&
		grep -Fx "qk-report: missing.xml: No such file or directory" err &&
		must_fail 2 qk-report --catalog $D/catalog.xml --roster $D/roster.xml \
		    --calendar missing.xml $ASOF $D/cases.xml >out 2>err &&
		grep -Fx "qk-report: missing.xml: No such file or directory" err || return 1
	done
'

test_ok '--help and --version exit 0' '
	qk-report --help >out &&
	grep -F "usage: qk-report" out &&
	qk-report --version >out &&
	grep -F "qk-report (qk)" out
'

test_done
