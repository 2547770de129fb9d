#!/bin/sh
# qk-report -f partial and --merge: shards processed apart merge into
# exactly the report of the whole (tools.md, qk-report; formats.md,
# Partials).
. "$(dirname "$0")/lib.sh"
D=$DATA/report
RREF="--catalog $D/catalog.xml --roster $D/roster.xml --calendar $EX/calendar.xml"
ASOF=--as-of=2026-10-16
WHOLE="--from 2026-09-01 --to 2026-10-31"

# shard PERL-EXPR: splits cases.xml into shard-N.xml, N the value of the
# expression for each case record ($c holds it; srand is fixed).
shard() {
	perl -e '
		srand(20261016);
		local $/; my $doc = <STDIN>;
		my %out;
		while ($doc =~ m{(  <case .*?\n  </case>\n)}sg) {
			my $c = $1;
			my $n = eval $ARGV[0];
			$out{$n} .= $c;
		}
		for my $n (keys %out) {
			open my $f, ">", "shard-$n.xml" or die;
			print $f qq{<?xml version="1.0" encoding="UTF-8"?>\n<cases version="1">\n$out{$n}</cases>\n};
		}
	' "$1" <$D/cases.xml
}

# partials ARGS...: a partial of each shard-*.xml with ARGS.
partials() {
	for s in shard-*.xml; do
		qk-report $RREF $ASOF -f partial "$@" $s >p-$s 2>>err || return 1
		valid p-$s || return 1
	done
}

test_ok 'a partial is valid, every counter written, groups in order' '
	qk-report $RREF $ASOF $WHOLE -f partial $D/cases.xml >p.xml 2>err &&
	valid p.xml &&
	grep -o "<group kind=\"[a-z]*\"\( key=\"[^\"]*\"\)\?" p.xml >got &&
	cat >want <<-\X &&
	<group kind="all"
	<group kind="site" key="XG"
	<group kind="site" key="XG-HB"
	<group kind="dept" key="CL"
	<group kind="dept" key="MZ"
	<group kind="staff" key="W01"
	<group kind="staff" key="W02"
	<group kind="staff" key="W03"
	<group kind="agent" key="A01"
	X
	same want got &&
	test "$(grep -c "<counter " p.xml)" = $((25 + 2 * 24 + 2 * 8 + 3 * 24 + 24))
'

test_ok 'the all group holds skipped and the days-to-ready bins' '
	qk-report $RREF $ASOF -f partial $D/cases.xml >p.xml 2>err &&
	sed -n "/kind=\"all\"/,/<\/group>/p" p.xml | sed -n "/skipped/,/<\/histogram>/p" >got &&
	cat >want <<-\X &&
	    <counter name="skipped" value="2"/>
	    <histogram name="days-to-ready">
	      <bin days="0" count="2"/>
	      <bin days="6" count="1"/>
	      <bin days="9" count="1"/>
	    </histogram>
	X
	same want got &&
	grep -Fx "    <histogram name=\"days-to-ready\"/>" p.xml
'

test_ok 'merge of the whole partial equals the report' '
	qk-report $RREF $ASOF $WHOLE $D/cases.xml >whole.xml 2>err &&
	qk-report $RREF $ASOF $WHOLE -f partial $D/cases.xml >p.xml 2>err &&
	qk-report $RREF --merge p.xml >merged.xml &&
	cmp whole.xml merged.xml
'

test_ok 'shards by site merge into the report of the whole, byte for byte' '
	qk-report $RREF $ASOF $WHOLE $D/cases.xml >whole.xml 2>err &&
	shard "\$c =~ /site=\"XG-HB\"/ ? \"hb\" : \"xg\"" &&
	test -f shard-hb.xml && test -f shard-xg.xml &&
	partials $WHOLE &&
	qk-report $RREF --merge p-shard-*.xml >merged.xml &&
	cmp whole.xml merged.xml
'

test_ok 'shards by month (each with its --from and --to) merge into the whole' '
	qk-report $RREF $ASOF $WHOLE $D/cases.xml >whole.xml 2>err &&
	shard "\$c =~ /received=\"2026-10/ ? \"oct\" : \"sep\"" &&
	qk-report $RREF $ASOF -f partial --from 2026-09-01 --to 2026-09-30 shard-sep.xml >p1.xml 2>err &&
	qk-report $RREF $ASOF -f partial --from 2026-10-01 --to 2026-10-31 shard-oct.xml >p2.xml 2>err &&
	qk-report $RREF --merge p2.xml p1.xml >merged.xml &&
	cmp whole.xml merged.xml
'

test_ok 'random shards merge into the whole, in any order, and as a merged partial' '
	qk-report $RREF $ASOF $WHOLE $D/cases.xml >whole.xml 2>err &&
	qk-report $RREF $ASOF $WHOLE -f partial $D/cases.xml >whole-p.xml 2>err &&
	shard "int(rand(4))" &&
	partials $WHOLE &&
	ls p-shard-*.xml | sort -r >list &&
	qk-report $RREF --merge $(cat list) >merged.xml &&
	cmp whole.xml merged.xml &&
	qk-report $RREF --merge -f partial $(cat list) >merged-p.xml &&
	cmp whole-p.xml merged-p.xml
'

test_ok 'merged partials of partials equal the whole' '
	qk-report $RREF $ASOF -f partial $D/cases.xml >whole-p.xml 2>err &&
	shard "int(rand(3))" &&
	partials &&
	qk-report $RREF --merge -f partial p-shard-0.xml p-shard-1.xml >m01.xml &&
	qk-report $RREF --merge -f partial m01.xml p-shard-2.xml >m.xml &&
	cmp whole-p.xml m.xml
'

test_ok 'merged from is the earliest, to the latest; absent when one is absent' '
	qk-report $RREF $ASOF -f partial --from 2026-09-10 --to 2026-09-30 $D/cases.xml >a.xml 2>err &&
	qk-report $RREF $ASOF -f partial --from 2026-10-01 --to 2026-10-20 $D/cases.xml >b.xml 2>err &&
	qk-report $RREF $ASOF -f partial --from 2026-10-01 $D/cases.xml >c.xml 2>err &&
	qk-report $RREF --merge a.xml b.xml >m.xml &&
	sed -n 2p m.xml | grep -Fx "<report version=\"1\" from=\"2026-09-10\" to=\"2026-10-20\" as-of=\"2026-10-16\">" &&
	qk-report $RREF --merge a.xml c.xml >m.xml &&
	sed -n 2p m.xml | grep -Fx "<report version=\"1\" from=\"2026-09-10\" as-of=\"2026-10-16\">"
'

test_ok 'at --merge, --from and --to do not change the merged from and to' '
	qk-report $RREF $ASOF -f partial --from 2026-09-10 --to 2026-09-30 $D/cases.xml >a.xml 2>err &&
	qk-report $RREF $ASOF -f partial $D/cases.xml >d.xml 2>err &&
	qk-report $RREF --merge --from 2026-01-01 --to 2026-12-31 a.xml >m.xml &&
	sed -n 2p m.xml | grep -Fx "<report version=\"1\" from=\"2026-09-10\" to=\"2026-09-30\" as-of=\"2026-10-16\">" &&
	qk-report $RREF --merge --from 2026-01-01 -f partial d.xml >m.xml &&
	sed -n 2p m.xml | grep -Fx "<partial version=\"1\" as-of=\"2026-10-16\">"
'

test_ok 'partials with different as-of are a fatal input error' '
	qk-report $RREF --as-of 2026-10-16 -f partial $D/cases.xml >a.xml 2>err &&
	qk-report $RREF --as-of 2026-10-15 -f partial $D/cases.xml >b.xml 2>err &&
	must_fail 2 qk-report $RREF --merge a.xml b.xml >out 2>err &&
	grep -F "b.xml: partial as-of 2026-10-15 differs from 2026-10-16" err &&
	test ! -s out
'

test_ok 'a <cases> input to --merge is a fatal input error' '
	qk-report $RREF -f partial $ASOF $D/cases.xml >a.xml 2>err &&
	must_fail 2 qk-report $RREF --merge a.xml $D/cases.xml >out 2>err &&
	grep -F "cases.xml" err &&
	test ! -s out
'

test_ok 'a counter that is not an integer is a fatal input error at its group' '
	cat >bad.xml <<-\X &&
	<?xml version="1.0" encoding="UTF-8"?>
	<partial version="1" as-of="2026-10-16">
	  <group kind="all">
	    <counter name="received" value="-1"/>
	  </group>
	</partial>
	X
	must_fail 2 qk-report $RREF --merge bad.xml >out 2>err &&
	grep -F "bad.xml:3: counter '"'"'received'"'"' without an integer value" err
'

test_ok 'absent counters and bins read as 0' '
	cat >small.xml <<-\X &&
	<?xml version="1.0" encoding="UTF-8"?>
	<partial version="1" as-of="2026-10-16">
	  <group kind="all">
	    <counter name="received" value="3"/>
	    <counter name="online" value="1"/>
	  </group>
	</partial>
	X
	qk-report $RREF --merge -f csv small.xml >out.csv &&
	tr -d "\r" <out.csv >got &&
	grep -Fx "cases,,online-rate,0.3333,1,3,," got &&
	grep -Fx "cases,,accepted,0,,,," got
'

test_ok 'a group of no case (no item, for a department) gives no row' '
	cat >nocase.xml <<-\X &&
	<?xml version="1.0" encoding="UTF-8"?>
	<partial version="1" as-of="2026-10-16">
	  <group kind="all">
	    <counter name="received" value="2"/>
	  </group>
	  <group kind="site" key="AA">
	    <counter name="received" value="2"/>
	  </group>
	  <group kind="site" key="ZZ">
	    <counter name="received" value="0"/>
	  </group>
	  <group kind="dept" key="CL">
	    <counter name="items" value="0"/>
	  </group>
	  <group kind="staff" key="W01">
	    <counter name="received" value="2"/>
	  </group>
	</partial>
	X
	qk-report $RREF --merge -f csv --table sites nocase.xml >sites.csv &&
	tr -d "\r" <sites.csv >got &&
	grep -Fx "sites,AA,received,2,,,," got &&
	! grep -F "sites,ZZ," got &&
	qk-report $RREF --merge -f csv --table departments nocase.xml >dept.csv &&
	test "$(wc -l <dept.csv)" -eq 1 &&
	qk-report $RREF --merge -f partial nocase.xml >p.xml &&
	! grep -F "key=\"ZZ\"" p.xml &&
	! grep -F "kind=\"dept\"" p.xml &&
	grep -F "<group kind=\"staff\" key=\"W01\">" p.xml
'

test_done
