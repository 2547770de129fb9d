#!/usr/bin/perl
# The shipped reference data of share/qk (catalog, roster, calendar,
# vague-word list) against formats.md and rules.md, as TAP.
#
# Core Perl only. The XML files are well-formedness-checked with xmllint and
# then read line by line: the shipped files are written one element per line
# (formats.md, Output bytes), and this test checks that they are.
# QK_TEST_DATA names another data folder (default: share/qk of the tree).
use strict;
use warnings;
use utf8;
use File::Basename qw(dirname);
use Cwd qw(abs_path);
use Time::Local qw(timegm);

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';

chdir(dirname(abs_path($0)) . '/..') or die "chdir: $!";
my $DATA = $ENV{QK_TEST_DATA} // 'share/qk';

my $n = 0;
my $failed = 0;

# ok(COND, NAME, PROBLEMS...): one test; problems are printed as diagnostics.
sub ok {
    my ($cond, $name, @why) = @_;
    $n++;
    print(($cond ? 'ok' : 'not ok') . " $n - $name\n");
    unless ($cond) {
        $failed++;
        my @show = @why > 20 ? (@why[0 .. 19], '... (' . (@why - 20) . ' more)') : @why;
        print "#   $_\n" for @show;
    }
    return $cond;
}

sub skip { $n++; print "ok $n # skip $_[0]\n"; }

# check(NAME, PROBLEMS...): passes when there is no problem.
sub check { my ($name, @p) = @_; ok(!@p, $name, @p) }

sub slurp {
    my ($f) = @_;
    open(my $fh, '<:raw', $f) or return undef;
    local $/;
    my $s = <$fh>;
    close $fh;
    return $s;
}

sub unent {
    my ($s) = @_;
    $s =~ s/&#x([0-9A-Fa-f]+);/chr(hex $1)/ge;
    $s =~ s/&#([0-9]+);/chr($1)/ge;
    $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&quot;/"/g; $s =~ s/&apos;/'/g;
    $s =~ s/&amp;/&/g;
    return $s;
}

# Reads a file written in the shipped style. Returns (root, problems): a tree
# of { name, attrs (hash), order (attribute names), text, kids, line, raw }.
sub load {
    my ($file) = @_;
    my $bytes = slurp($file);
    return (undef, "$file: cannot read") unless defined $bytes;
    my @p;
    my $s = $bytes;
    utf8::decode($s) or push @p, "$file: not UTF-8";
    push @p, "$file: contains CR" if $s =~ /\r/;
    push @p, "$file: contains TAB" if $s =~ /\t/;
    push @p, "$file: does not end with LF" unless $s =~ /\n\z/;
    push @p, "$file: blank line" if $s =~ /\n\n/;
    my @lines = split /\n/, $s;
    push @p, "$file: first line is not the XML declaration"
        unless @lines && $lines[0] eq '<?xml version="1.0" encoding="UTF-8"?>';
    my ($root, @stack);
    for my $i (1 .. $#lines) {
        my $l = $lines[$i];
        my $ln = $i + 1;
        my ($ind) = $l =~ /^( *)/;
        my $depth = length($ind) / 2;
        if (length($ind) % 2) { push @p, "$file:$ln: odd indentation"; next }
        if ($l =~ m{^ *</([A-Za-z][\w.-]*)>$}) {
            my $e = pop @stack;
            if (!$e || $e->{name} ne $1 || $depth != @stack) {
                push @p, "$file:$ln: unexpected end tag </$1>";
                push @stack, $e if $e;
            }
            next;
        }
        if ($l !~ m{^ *<([A-Za-z][\w.-]*)((?: [A-Za-z][\w.-]*="[^"<]*")*)(/?)>(?:([^<>]*)</\1>)?$}) {
            push @p, "$file:$ln: not one element per line in the shipped style: $l";
            next;
        }
        my ($name, $attrs, $empty, $text) = ($1, $2, $3, $4);
        if ($empty && defined $text) { push @p, "$file:$ln: bad element"; next }
        if ($depth != @stack) { push @p, "$file:$ln: indentation $depth, expected " . scalar(@stack) }
        if (!@stack && $root) { push @p, "$file:$ln: second root element"; next }
        my (%a, @order);
        while ($attrs =~ / ([A-Za-z][\w.-]*)="([^"]*)"/g) {
            push @p, "$file:$ln: attribute $1 repeated" if exists $a{$1};
            $a{$1} = unent($2);
            push @order, $1;
        }
        my $e = { name => $name, attrs => \%a, order => \@order,
                  text => defined $text ? unent($text) : undef,
                  kids => [], line => $ln, raw => $l };
        if (@stack) { push @{ $stack[-1]{kids} }, $e } else { $root = $e }
        push @stack, $e unless $empty || defined $text;
    }
    push @p, "$file: unclosed <$stack[-1]{name}>" if @stack;
    push @p, "$file: no root element" unless $root;
    return ($root, @p);
}

sub xpath_count {
    my ($file, $xp) = @_;
    my $out = `xmllint --xpath 'count($xp)' '$file' 2>/dev/null`;
    return defined $out && $out =~ /^\s*(\d+)\s*$/ ? $1 : -1;
}

sub is_int { defined $_[0] && $_[0] =~ /^[0-9]+$/ }
sub is_date {
    my ($d) = @_;
    return 0 unless defined $d && $d =~ /^(\d{4})-(\d\d)-(\d\d)$/;
    my ($y, $m, $dd) = ($1, $2, $3);
    return 0 if $m < 1 || $m > 12 || $dd < 1;
    my @ml = (31, ($y % 4 == 0 && ($y % 100 != 0 || $y % 400 == 0)) ? 29 : 28,
              31, 30, 31, 30, 31, 31, 30, 31, 30, 31);
    return $dd <= $ml[$m - 1];
}
sub wday { my ($y, $m, $d) = split /-/, $_[0]; (gmtime(timegm(0, 0, 12, $d, $m - 1, $y)))[6] }

# Attribute order of formats.md (extension attributes are not used in the
# shipped data, so every attribute must be one of these).
sub order_problems {
    my ($file, $e, @names) = @_;
    my %pos;
    @pos{@names} = 0 .. $#names;
    my @p;
    my $last = -1;
    for my $a (@{ $e->{order} }) {
        if (!exists $pos{$a}) { push @p, "$file:$e->{line}: <$e->{name}> attribute $a is not defined by formats.md"; next }
        push @p, "$file:$e->{line}: <$e->{name}> attribute $a out of order" if $pos{$a} < $last;
        $last = $pos{$a};
    }
    return @p;
}

my $xmllint_ok = system('xmllint --version >/dev/null 2>&1') == 0;

# ---------------------------------------------------------------- files
my %file = (catalog => "$DATA/catalog.xml", roster => "$DATA/roster.xml",
            calendar => "$DATA/calendar.xml");
for my $k (qw(catalog roster calendar)) {
    my $f = $file{$k};
    if (!$xmllint_ok) { skip("xmllint not installed"); next }
    ok(-f $f && system("xmllint --noout '$f' 2>/dev/null") == 0, "$k.xml is well-formed (xmllint --noout)",
       -f $f ? `xmllint --noout '$f' 2>&1` : "$f missing");
}
for my $k (qw(catalog roster calendar)) {
    my $rng = "$DATA/schema/$k.rng";
    if (!$xmllint_ok || !-f $rng) { skip("no $rng"); next }
    ok(system("xmllint --noout --relaxng '$rng' '$file{$k}' >/dev/null 2>&1") == 0,
       "$k.xml validates against schema/$k.rng",
       `xmllint --noout --relaxng '$rng' '$file{$k}' 2>&1`);
}
my %root;
for my $k (qw(catalog roster calendar)) {
    my ($r, @p) = load($file{$k});
    push @p, "root is <$r->{name}>, expected <$k>" if $r && $r->{name} ne $k;
    push @p, "root lacks version=\"1\"" if $r && ($r->{attrs}{version} // '') ne '1';
    check("$k.xml is written in the shipped style (declaration, LF, two-space indentation, one element per line, version 1)", @p);
    $root{$k} = $r && $r->{name} eq $k ? $r : { name => $k, attrs => {}, order => [], kids => [] };
}

# ---------------------------------------------------------------- catalog
my $cat = $root{catalog};
my $cf = $file{catalog};
my @depts = grep { $_->{name} eq 'dept' } @{ $cat->{kids} };
my @mats = grep { $_->{name} eq 'material' } @{ $cat->{kids} };
my @items = grep { $_->{name} eq 'item' } @{ $cat->{kids} };
my %dept = map { (($_->{attrs}{code} // '') => $_) } @depts;
my %mat = map { (($_->{attrs}{code} // '') => $_) } @mats;
my %item = map { (($_->{attrs}{code} // '') => $_) } @items;
sub A { $_[0]{attrs}{$_[1]} }
sub kids { my ($e, $name) = @_; grep { $_->{name} eq $name } @{ $e->{kids} } }

{
    my %want = (version => '1', org => '320703005', name => '墟沟街道为民服务中心', edition => '2026-11');
    my @p = map { "root $_=\"" . ($cat->{attrs}{$_} // '') . "\", expected \"$want{$_}\"" }
            grep { ($cat->{attrs}{$_} // '') ne $want{$_} } sort keys %want;
    push @p, order_problems($cf, $cat, qw(version org name edition));
    check('catalog root is 墟沟街道为民服务中心 320703005, edition 2026-11', @p);
}
{
    my @p;
    my $stage = 0;
    my %rank = (dept => 0, material => 1, item => 2);
    for my $e (@{ $cat->{kids} }) {
        if (!exists $rank{ $e->{name} }) { push @p, "$cf:$e->{line}: unexpected <$e->{name}>"; next }
        push @p, "$cf:$e->{line}: <$e->{name}> after a later kind" if $rank{ $e->{name} } < $stage;
        $stage = $rank{ $e->{name} };
    }
    check('catalog lists every dept, then every material, then the items', @p);
}
{
    my $x = $xmllint_ok ? xpath_count($cf, '/catalog/item') : scalar @items;
    ok(@items >= 40 && $x == @items, 'catalog has at least 40 items (' . scalar(@items) . ')',
       "items read: " . scalar(@items) . ", xmllint count: $x");
}
{
    my %want = (MZ => '民政', RS => '人社', WJ => '卫计', CL => '残联', CG => '城管',
                CJ => '城建', ZZ => '综治', XF => '信访', SF => '司法', DJ => '党建');
    my @p;
    for my $c (sort keys %want) {
        if (!$dept{$c}) { push @p, "dept $c ($want{$c}) missing"; next }
        push @p, "dept $c is named \"" . (A($dept{$c}, 'name') // '') . "\", expected $want{$c}"
            if (A($dept{$c}, 'name') // '') ne $want{$c};
        push @p, "dept $c has no item" unless grep { (A($_, 'dept') // '') eq $c } @items;
    }
    push @p, "dept " . (A($_, 'code') // '') . " is not one of the plan's ten" for grep { !$want{ A($_, 'code') // '' } } @depts;
    push @p, order_problems($cf, $_, qw(code name)) for @depts, @mats;
    check('catalog has the ten departments of the plan, each with items', @p);
}
{   # duplicate-code
    my @p;
    for my $kind ([dept => \@depts], [material => \@mats], [item => \@items]) {
        my %seen;
        for my $e (@{ $kind->[1] }) {
            my $c = A($e, 'code') // '';
            push @p, "$cf:$e->{line}: $kind->[0] code missing or not [A-Za-z0-9_-]+" unless $c =~ /^[A-Za-z0-9_-]+$/;
            push @p, "$cf:$e->{line}: $kind->[0] code $c used twice" if $seen{$c}++;
        }
    }
    check('catalog codes are well-formed and unique per kind (duplicate-code)', @p);
}
{   # item attributes
    my @p;
    my %enum = (level => [qw(district subdistrict community)], mode => [qw(immediate promise)],
                window => [qw(yes no)], defer => [qw(yes no)], delivery => [qw(window post electronic)],
                claimed => [qw(yes no)]);
    for my $e (@items) {
        my $c = A($e, 'code') // '';
        push @p, order_problems($cf, $e, qw(code dept name level mode legal promised window defer
                                           defer-days online delivery fee extend claimed after));
        push @p, "$c: code is not DEPT-NNN of its dept" unless $c =~ /^([A-Z]{2})-[0-9]{3}$/ && $1 eq (A($e, 'dept') // '');
        push @p, "$c: name missing" unless (A($e, 'name') // '') =~ /\S/;
        for my $k (sort keys %enum) {
            my $v = A($e, $k);
            next if !defined $v && $k =~ /^(window|defer|delivery|claimed)$/;
            push @p, "$c: $k=\"" . ($v // '') . "\" is not one of @{ $enum{$k} }"
                unless defined $v && grep { $_ eq $v } @{ $enum{$k} };
        }
        for my $k (qw(defer-days extend)) {
            push @p, "$c: $k is not an integer" if defined A($e, $k) && !is_int(A($e, $k));
        }
        push @p, "$c: defer-days without defer=\"yes\"" if defined A($e, 'defer-days') && (A($e, 'defer') // 'no') ne 'yes';
        push @p, "$c: online is not 0..4" if defined A($e, 'online') && A($e, 'online') !~ /^[0-4]$/;
        push @p, "$c: fee is not a decimal amount" if defined A($e, 'fee') && A($e, 'fee') !~ /^[0-9]+(\.[0-9]{1,2})?$/;
        my @kids = map { $_->{name} } @{ $e->{kids} };
        my $shape = join ' ', map { $_ eq 'need' ? 'need' : $_ } @kids;
        $shape =~ s/(need ?)+/need /g;
        $shape =~ s/ $//;
        push @p, "$c: children are \"$shape\", expected basis conditions need… place contact complaint result steps"
            unless $shape eq 'basis conditions need place contact complaint result steps';
        for my $nd (kids($e, 'need')) {
            push @p, order_problems($cf, $nd, qw(material key copies original));
            push @p, "$c: need key is not yes/no" if defined A($nd, 'key') && A($nd, 'key') !~ /^(yes|no)$/;
            push @p, "$c: need original is not yes/no" if defined A($nd, 'original') && A($nd, 'original') !~ /^(yes|no)$/;
            push @p, "$c: need copies is not an integer >= 1" if defined A($nd, 'copies') && A($nd, 'copies') !~ /^0*[1-9][0-9]*$/;
        }
        my %seen;
        push @p, "$c: material " . A($_, 'material') . " needed twice" for grep { $seen{ A($_, 'material') // '' }++ } kids($e, 'need');
    }
    check('catalog item attributes and children are those of formats.md, in its order', @p);
}
{   # guide-missing-field
    my @p;
    for my $e (@items) {
        my $c = A($e, 'code') // '';
        for my $f (qw(basis conditions place contact complaint result steps)) {
            my @t = kids($e, $f);
            push @p, "$c: $f absent or blank" unless @t && defined $t[0]{text} && $t[0]{text} =~ /\S/;
        }
        push @p, "$c: fee absent or empty" unless (A($e, 'fee') // '') ne '';
        push @p, "$c: $_ absent or not an integer" for grep { !is_int(A($e, $_)) } qw(legal promised);
        push @p, "$c: no need (field material)" unless kids($e, 'need');
        push @p, "$c: basis names no 《…》" unless grep { ($_->{text} // '') =~ /《[^《》]+》/ } kids($e, 'basis');
        push @p, "$c: complaint is not 0518-12345" unless grep { ($_->{text} // '') eq '0518-12345' } kids($e, 'complaint');
        push @p, "$c: contact is not a 0518 number" unless grep { ($_->{text} // '') =~ /^0518-[0-9]{8}$/ } kids($e, 'contact');
    }
    check('every guide has basis, conditions, place, contact, complaint, result, steps, fee, integer limits and a need (guide-missing-field)', @p);
}
# vague words: shipped list, then the local one (formats.md, Catalog)
sub phrases {
    my ($f) = @_;
    my $s = slurp($f);
    return () unless defined $s;
    utf8::decode($s);
    my @w;
    for my $l (split /\n/, $s) {
        $l =~ s/#.*//s;
        $l =~ s/^\s+|\s+$//g;
        push @w, $l if length $l;
    }
    return @w;
}
my @vague = (phrases("$DATA/vague-words.txt"), phrases("$DATA/vague-words.local.txt"));
{
    my @p;
    push @p, "vague-word list is empty" unless @vague;
    for my $e (@items) {
        my $c = A($e, 'code') // '';
        for my $t (kids($e, 'conditions')) {
            my ($w) = grep { index($t->{text} // '', $_) >= 0 } @vague;
            push @p, "$c: conditions contain \"$w\"" if defined $w;
        }
        for my $nd (kids($e, 'need')) {
            my $m = $mat{ A($nd, 'material') // '' } or next;
            my ($w) = grep { index(A($m, 'name') // '', $_) >= 0 } @vague;
            push @p, "$c: material " . A($m, 'code') . " name contains \"$w\"" if defined $w;
        }
    }
    check('no vague word in any conditions or needed material name (guide-vague)', @p);
}
{   # limit-inconsistent
    my @p;
    for my $e (@items) {
        my ($c, $m, $l, $pr) = map { A($e, $_) // '' } qw(code mode legal promised);
        next unless is_int($l) && is_int($pr);
        push @p, "$c: promised $pr > legal $l" if $pr > $l;
        push @p, "$c: immediate with promised $pr" if $m eq 'immediate' && $pr != 0;
        push @p, "$c: promise with promised 0" if $m eq 'promise' && $pr == 0;
    }
    check('promised <= legal, immediate <=> promised 0 (limit-inconsistent)', @p);
}
{   # ref-unknown
    my @p;
    for my $e (@items) {
        my $c = A($e, 'code') // '';
        push @p, "$c: dept \"" . (A($e, 'dept') // '') . "\" unknown" unless $dept{ A($e, 'dept') // '' };
        push @p, "$c: material \"" . (A($_, 'material') // '') . "\" unknown" for grep { !$mat{ A($_, 'material') // '' } } kids($e, 'need');
    }
    my %used = map { (A($_, 'material') // '') => 1 } map { kids($_, 'need') } @items;
    push @p, "material " . A($_, 'code') . " is needed by no item" for grep { !$used{ A($_, 'code') // '' } } @mats;
    check('every dept and material reference is defined, every material used (ref-unknown)', @p);
}
{   # prerequisite-invalid
    my @p;
    for my $e (@items) {
        my $c = A($e, 'code') // '';
        my $a = A($e, 'after');
        next unless defined $a;
        if (!$item{$a}) { push @p, "$c: after=\"$a\" names no item"; next }
        my ($x, %seen) = ($c);
        while (defined $x && $item{$x}) {
            if ($seen{$x}++) { push @p, "$c: on or behind a cycle of after"; last }
            $x = A($item{$x}, 'after');
        }
    }
    my %chain_depts = map { (A($_, 'dept') // '') => 1 } grep { defined A($_, 'after') } @items;
    push @p, "CL-002 does not come after CL-001" unless $item{'CL-002'} && (A($item{'CL-002'}, 'after') // '') eq 'CL-001';
    push @p, "after chains in fewer than two departments" if keys %chain_depts < 2;
    check('every after names an item, no cycle (prerequisite-invalid); chains in two departments or more', @p);
}
{   # the two items of the spec example, byte for byte
    my @want = (
'  <item code="CL-001" dept="CL" name="残疾人证新办" level="subdistrict" mode="promise" legal="20" promised="5" window="no" defer="yes" defer-days="5" online="4" delivery="window" fee="0" extend="10" claimed="yes">',
'    <basis>《残疾人证管理办法》</basis>',
'    <conditions>本辖区户籍残疾人</conditions>',
'    <need material="M-IDCARD" key="yes"/>',
'    <need material="M-HUKOU" key="yes"/>',
'    <need material="M-PHOTO" key="no"/>',
'    <place>墟沟街道为民服务中心全科窗口</place>',
'    <contact>0518-82310000</contact>',
'    <complaint>0518-12345</complaint>',
'    <result>中华人民共和国残疾人证</result>',
'    <steps>受理、审核、评定、发证</steps>',
'  </item>',
'  <item code="CL-002" dept="CL" name="困难残疾人生活补贴" level="subdistrict" mode="promise" legal="20" promised="10" window="no" defer="no" online="3" delivery="electronic" fee="0" claimed="yes" after="CL-001">',
'    <basis>《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》</basis>',
'    <conditions>本辖区户籍、持有第二代残疾人证的低保家庭残疾人</conditions>',
'    <need material="M-IDCARD" key="yes"/>',
'    <need material="M-HUKOU" key="yes"/>',
'    <place>墟沟街道为民服务中心全科窗口</place>',
'    <contact>0518-82310000</contact>',
'    <complaint>0518-12345</complaint>',
'    <result>补贴发放通知</result>',
'    <steps>受理、审核、公示、审批、发放</steps>',
'  </item>',
'  <dept code="CL" name="残联"/>',
'  <material code="M-IDCARD" name="居民身份证"/>',
'  <material code="M-HUKOU" name="居民户口簿"/>',
'  <material code="M-PHOTO" name="近期二寸免冠彩色照片"/>',
    );
    my $s = slurp($cf) // '';
    utf8::decode($s);
    my $block = join("\n", @want[0 .. 22]) . "\n";
    my @p;
    push @p, "CL-001 and CL-002 are not, consecutively, the lines of examples/catalog.xml" if index($s, $block) < 0;
    for my $l (@want[23 .. 26]) { push @p, "missing line: $l" unless index($s, "\n$l\n") >= 0 }
    check('CL-001 and CL-002 are exactly those of the spec example, with its dept and materials', @p);
}
{   # the plan's mix (rules.md, KPIs, targets)
    my @claimed = grep { (A($_, 'claimed') // 'yes') ne 'no' } @items;
    my $nc = @claimed || 1;
    my $imm = grep { (A($_, 'mode') // '') eq 'immediate' } @claimed;
    my $onl = grep { (A($_, 'online') // 0) >= 1 } @claimed;
    my $nff = grep { my $o = A($_, 'online') // 0; $o == 4 || ((A($_, 'delivery') // 'window') eq 'post' && $o >= 3) } @claimed;
    my $win = grep { (A($_, 'window') // 'no') eq 'yes' } @claimed;
    my $def = grep { (A($_, 'defer') // 'no') eq 'yes' } @claimed;
    my $ext = grep { (A($_, 'extend') // 0) > 0 } @claimed;
    my ($sl, $sd) = (0, 0);
    for (@claimed) {
        my ($l, $pr) = (A($_, 'legal'), A($_, 'promised'));
        next unless is_int($l) && is_int($pr) && $l > 0;
        $sl += $l; $sd += $l - $pr;
    }
    my @p;
    push @p, sprintf('immediate items %d/%d < 45%%', $imm, $nc) if $imm * 100 < 45 * $nc;
    push @p, sprintf('online service %d/%d < 95%%', $onl, $nc) if $onl * 100 < 95 * $nc;
    push @p, sprintf('non-face-to-face %d/%d < 90%%', $nff, $nc) if $nff * 100 < 90 * $nc;
    push @p, sprintf('time compression %d/%d < 75%%', $sd, $sl) if $sd * 100 < 75 * $sl;
    push @p, "fewer than 10 items delegated to the window ($win)" if $win < 10;
    push @p, "fewer than 5 items with deferred materials ($def)" if $def < 5;
    push @p, "fewer than 5 items with an extension ($ext)" if $ext < 5;
    my $unc = @items - @claimed;
    push @p, "$unc unclaimed items, expected 1 to 3" if $unc < 1 || $unc > 3;
    check(sprintf('catalog mix: %d/%d immediate, %d online, %d non-face-to-face, %d delegated, %d unclaimed',
                  $imm, scalar @claimed, $onl, $nff, $win, $unc), @p);
}

# ---------------------------------------------------------------- roster
my $ros = $root{roster};
my $rf = $file{roster};
my @sites = grep { $_->{name} eq 'site' } @{ $ros->{kids} };
my @staff = grep { $_->{name} eq 'staff' } @{ $ros->{kids} };
my %site = map { (A($_, 'code') // '') => $_ } @sites;
{
    my @p;
    push @p, "$rf:$_->{line}: unexpected <$_->{name}>" for grep { $_->{name} !~ /^(site|staff)$/ } @{ $ros->{kids} };
    my %seen;
    for my $s (@sites) {
        my $c = A($s, 'code') // '';
        push @p, order_problems($rf, $s, qw(code name level parent));
        push @p, "site code \"$c\" malformed or repeated" if $c !~ /^[A-Za-z0-9_-]+$/ || $seen{$c}++;
        push @p, "site $c has no name" unless (A($s, 'name') // '') =~ /\S/;
        push @p, "site $c level \"" . (A($s, 'level') // '') . "\"" unless (A($s, 'level') // '') =~ /^(subdistrict|community)$/;
        push @p, "site $c: parent \"" . A($s, 'parent') . "\" is no site (site-unknown)" if defined A($s, 'parent') && !$site{ A($s, 'parent') };
    }
    push @p, "XG is not the subdistrict 墟沟街道为民服务中心"
        unless $site{XG} && (A($site{XG}, 'level') // '') eq 'subdistrict' && (A($site{XG}, 'name') // '') eq '墟沟街道为民服务中心';
    my @comm = grep { (A($_, 'level') // '') eq 'community' } @sites;
    push @p, "only " . scalar(@comm) . " communities" if @comm < 4;
    push @p, "community " . A($_, 'code') . " is not under XG" for grep { (A($_, 'parent') // '') ne 'XG' } @comm;
    for my $r (@staff) {
        push @p, "staff " . (A($r, 'id') // '?') . ": site \"" . (A($r, 'site') // '') . "\" is no site (site-unknown)" unless $site{ A($r, 'site') // '' };
    }
    check('roster sites: XG and at least 4 communities under it; every site reference defined (site-unknown)', @p);
}
my %count;    # {site}{role}{id}
for my $r (@staff) { $count{ A($r, 'site') // '' }{ A($r, 'role') // '' }{ A($r, 'id') // '' } = 1 }
sub ids { scalar keys %{ $count{ $_[0] }{ $_[1] } // {} } }
{
    my @p;
    for my $s (@sites) {
        my $c = A($s, 'code') // '';
        my $k = ids($c, 'agent');
        push @p, "$c: $k agents" if (A($s, 'level') // '') eq 'subdistrict' ? $k < 3 : $k < 1;
    }
    check('agents: at least 3 at the subdistrict, at least 1 at every community (agents-too-few)', @p);
}
{
    my @p;
    for my $s (@sites) {
        my $c = A($s, 'code') // '';
        my $k = ids($c, 'window');
        push @p, "$c: $k window staff" if (A($s, 'level') // '') eq 'subdistrict' ? $k < 3 : $k < 2;
    }
    check('window staff: at least 2 at every community, at least 3 at the subdistrict (window-staff-too-few)', @p);
}
{
    my @p;
    my %d;
    for my $r (grep { (A($_, 'role') // '') eq 'dept' } @staff) {
        my $dc = A($r, 'dept') // '';
        push @p, "staff " . A($r, 'id') . ": dept \"$dc\" is no catalog dept" unless $dept{$dc};
        $d{$dc}{ A($r, 'id') // '' } = 1;
    }
    for my $c (map { A($_, 'code') } @depts) {
        my $k = keys %{ $d{$c} // {} };
        push @p, "dept $c: $k staff" if $k < ($c =~ /^(MZ|RS|CL)$/ ? 2 : 1);
    }
    push @p, "no lead" unless grep { (A($_, 'role') // '') eq 'lead' } @staff;
    check('department staff for every catalog department (two for MZ, RS, CL) and a lead', @p);
}
{
    my @p;
    my (%name, %row);
    for my $r (@staff) {
        my ($id, $role) = map { A($r, $_) // '' } qw(id role);
        push @p, order_problems($rf, $r, qw(id name site role dept registered));
        push @p, "$rf:$r->{line}: id \"$id\" malformed" unless $id =~ /^[A-Za-z0-9_-]+$/;
        push @p, "$id: no name" unless (A($r, 'name') // '') =~ /\S/;
        push @p, "$id: two names" if defined $name{$id} && $name{$id} ne (A($r, 'name') // '');
        $name{$id} //= A($r, 'name') // '';
        push @p, "$id: role \"$role\"" unless $role =~ /^(window|dept|agent|lead)$/;
        push @p, "$id: row repeated" if $row{"$id $role " . (A($r, 'site') // '') . ' ' . (A($r, 'dept') // '')}++;
        push @p, "$id: dept row without dept" if $role eq 'dept' && !defined A($r, 'dept');
        push @p, "$id: dept on a $role row" if $role ne 'dept' && defined A($r, 'dept');
        if ($role eq 'agent') {
            my $g = A($r, 'registered');
            push @p, "$id: registered \"" . ($g // '') . "\" not a date in 2021-2026"
                unless is_date($g) && $g ge '2021-01-01' && $g le '2026-12-31';
        } elsif (defined A($r, 'registered')) {
            push @p, "$id: registered on a $role row";
        }
    }
    check('staff rows: ids, one name per id, known roles, agents registered 2021-2026', @p);
}
{
    my @want = (
'  <site code="XG" name="墟沟街道为民服务中心" level="subdistrict"/>',
'  <site code="XG-HB" name="海滨社区便民服务中心" level="community" parent="XG"/>',
'  <staff id="W01" name="李娜" site="XG" role="window"/>',
'  <staff id="W02" name="陈静" site="XG-HB" role="window"/>',
'  <staff id="W03" name="刘洋" site="XG-HB" role="window"/>',
'  <staff id="CL02" name="王强" site="XG" role="dept" dept="CL"/>',
'  <staff id="A01" name="周敏" site="XG" role="agent" registered="2026-10-20"/>',
'  <staff id="A02" name="吴磊" site="XG" role="agent" registered="2026-10-20"/>',
'  <staff id="A03" name="郑芳" site="XG" role="agent" registered="2026-10-20"/>',
'  <staff id="A04" name="孙涛" site="XG-HB" role="agent" registered="2026-10-20"/>',
'  <staff id="L01" name="赵刚" site="XG" role="lead"/>',
    );
    my %have = map { $_->{raw} => 1 } @sites, @staff;
    check('roster holds every row of the spec example', map { "missing: $_" } grep { !$have{$_} } @want);
}

# ---------------------------------------------------------------- calendar
my $cal = $root{calendar};
my $kf = $file{calendar};
my @sources = grep { $_->{name} eq 'source' } @{ $cal->{kids} };
my @days = grep { $_->{name} =~ /^(holiday|workday)$/ } @{ $cal->{kids} };
{
    my @p;
    my ($from, $to) = map { $cal->{attrs}{$_} // '' } qw(from to);
    push @p, "region is not CN" unless ($cal->{attrs}{region} // '') eq 'CN';
    push @p, "from \"$from\" is not a date on or before 2021-01-01" unless is_date($from) && $from le '2021-01-01';
    push @p, "to \"$to\" is not a date on or after 2026-12-31" unless is_date($to) && $to ge '2026-12-31';
    push @p, order_problems($kf, $cal, qw(version region from to));
    my $stage = 0;
    for my $e (@{ $cal->{kids} }) {
        if ($e->{name} eq 'source') { push @p, "$kf:$e->{line}: source after a day" if $stage; next }
        if ($e->{name} =~ /^(holiday|workday)$/) { $stage = 1; next }
        push @p, "$kf:$e->{line}: unexpected <$e->{name}>";
    }
    check('calendar declares region CN, from and to covering 2021-01-01..2026-12-31; sources first', @p);
}
{
    my @p;
    my ($from, $to) = map { $cal->{attrs}{$_} // '' } qw(from to);
    my ($fy, $ty) = (substr($from, 0, 4) || 2021, substr($to, 0, 4) || 2026);
    my %src;
    for my $s (@sources) {
        my $y = A($s, 'year') // '';
        push @p, order_problems($kf, $s, qw(year notice));
        push @p, "source year \"$y\" repeated or malformed" if $y !~ /^[0-9]{4}$/ || $src{$y}++;
        for my $t (split /；/, A($s, 'notice') // '') {
            push @p, "source $y: notice \"$t\" is not a State Council notice title"
                unless $t =~ /^国务院办公厅关于([0-9]{4})年部分节假日安排的通知(（国办发明电〔[0-9]{4}〕[0-9]+号）)?$/;
        }
        push @p, "source $y does not name the notice for $y"
            unless (A($s, 'notice') // '') =~ /国务院办公厅关于${y}年部分节假日安排的通知/;
    }
    for my $y ($fy .. $ty, 2021 .. 2026) { push @p, "no source for $y" unless $src{$y} }
    check('calendar has one source per year, each naming its State Council notice', @p);
}
my %allowed_holiday = map { $_ => 1 } qw(元旦 春节 清明节 劳动节 端午节 中秋节 国庆节);
{
    my @p;
    my ($from, $to) = map { $cal->{attrs}{$_} // '' } qw(from to);
    my $prev = '';
    for my $e (@days) {
        my ($d, $nm) = (A($e, 'date') // '', A($e, 'name') // '');
        push @p, order_problems($kf, $e, qw(date name));
        if (!is_date($d)) { push @p, "$kf:$e->{line}: date \"$d\" malformed"; next }
        push @p, "$d: not after $prev (order, duplicates)" if $d le $prev;
        $prev = $d;
        push @p, "$d: outside from..to" if $d lt $from || $d gt $to;
        if ($e->{name} eq 'holiday') {
            push @p, "$d: holiday name \"$nm\"" unless $allowed_holiday{$nm};
        } else {
            push @p, "$d: workday on a weekday" unless wday($d) == 0 || wday($d) == 6;
            my $base = $nm;
            push @p, "$d: workday name \"$nm\"" unless $base =~ s/调休$// && !grep { !$allowed_holiday{$_} } split /、/, $base;
        }
    }
    check('calendar days: valid dates in order without repeats, adjusted workdays on weekends, names of the seven holidays', @p);
}
{   # holidays / adjusted workdays per year (the State Council notices 2021-2026)
    my %want = (2021 => [31, 7], 2022 => [32, 7], 2023 => [26, 7], 2024 => [28, 8], 2025 => [28, 5], 2026 => [33, 6]);
    my %have;
    $have{ substr(A($_, 'date') // '', 0, 4) }[ $_->{name} eq 'holiday' ? 0 : 1 ]++ for @days;
    my @p;
    for my $y (sort keys %want) {
        my ($h, $w) = map { $have{$y}[$_] // 0 } 0, 1;
        push @p, "$y: $h holidays and $w workdays, expected $want{$y}[0] and $want{$y}[1]"
            if $h != $want{$y}[0] || $w != $want{$y}[1];
    }
    check('calendar has the number of holidays and adjusted workdays of each year 2021-2026', @p);
}
{
    my @want = map { my ($k, $d, $nm) = split / /; qq{  <$k date="$d" name="$nm"/>} } (
        'holiday 2026-01-01 元旦', 'holiday 2026-01-02 元旦', 'holiday 2026-01-03 元旦', 'workday 2026-01-04 元旦调休',
        'workday 2026-02-14 春节调休', (map { "holiday 2026-02-$_ 春节" } 15 .. 23), 'workday 2026-02-28 春节调休',
        (map { "holiday 2026-04-0$_ 清明节" } 4 .. 6), (map { "holiday 2026-05-0$_ 劳动节" } 1 .. 5),
        'workday 2026-05-09 劳动节调休', (map { "holiday 2026-06-$_ 端午节" } 19 .. 21),
        'workday 2026-09-20 国庆节、中秋节调休', (map { "holiday 2026-09-$_ 中秋节" } 25 .. 27),
        (map { "holiday 2026-10-0$_ 国庆节" } 1 .. 7), 'workday 2026-10-10 国庆节调休');
    my @have = map { $_->{raw} } grep { (A($_, 'date') // '') =~ /^2026-/ } @days;
    my $src = grep { $_->{raw} eq '  <source year="2026" notice="国务院办公厅关于2026年部分节假日安排的通知"/>' } @sources;
    my @p;
    push @p, "2026 lines differ from examples/calendar.xml" unless "@have" eq "@want";
    push @p, "2026 source differs from examples/calendar.xml" unless $src;
    check('calendar 2026 is exactly the spec example', @p);
}

# ---------------------------------------------------------------- vague words
{
    my @want = qw(其他 其它 相关 有关 等材料 必要的 另行 视情况 根据需要);
    my @have = phrases("$DATA/vague-words.txt");
    my $s = slurp("$DATA/vague-words.txt") // '';
    utf8::decode($s);
    my @p;
    push @p, "phrases are (@have), expected (@want)" unless "@have" eq "@want";
    push @p, "no # comment header" unless $s =~ /^#/;
    push @p, "header does not mention vague-words.local.txt" unless $s =~ /^#.*vague-words\.local\.txt/m;
    push @p, "does not end with LF" unless $s =~ /\n\z/;
    check('vague-words.txt holds exactly the nine phrases of rules.md, with a comment header', @p);
}

print "1..$n\n";
exit($failed ? 1 : 0);
