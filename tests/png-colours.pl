#!/usr/bin/perl
# png-colours.pl FILE: prints "WIDTH HEIGHT DISTINCT NONWHITE" for an 8-bit
# RGB or RGBA, non-interlaced PNG (what Chromium's --screenshot writes):
# its size, the number of distinct colours and of pixels that are not
# white.  Core Perl only (Compress::Zlib).
use strict;
use warnings;
use Compress::Zlib;

open my $f, '<:raw', $ARGV[0] or die "$ARGV[0]: $!\n";
local $/;
my $png = <$f>;
substr($png, 0, 8) eq "\x89PNG\r\n\x1a\n" or die "not a PNG\n";
my ($pos, $idat, $w, $h, $depth, $ctype, $interlace) = (8, '');
while ($pos < length $png) {
	my ($len, $type) = unpack 'Na4', substr($png, $pos, 8);
	my $data = substr($png, $pos + 8, $len);
	($w, $h, $depth, $ctype, undef, undef, $interlace) = unpack 'NNCCCCC', $data if $type eq 'IHDR';
	$idat .= $data if $type eq 'IDAT';
	$pos += 12 + $len;
}
$depth == 8 && ($ctype == 2 || $ctype == 6) && !$interlace or die "unsupported PNG\n";
my $bpp = $ctype == 6 ? 4 : 3;
my $raw = uncompress($idat) // die "bad image data\n";
my $stride = $w * $bpp;
my ($prev, $nonwhite, %seen) = ("\0" x $stride, 0);
for my $y (0 .. $h - 1) {
	my $filter = ord substr($raw, $y * ($stride + 1), 1);
	my @cur = unpack 'C*', substr($raw, $y * ($stride + 1) + 1, $stride);
	my @up = unpack 'C*', $prev;
	for my $i (0 .. $stride - 1) {
		my $a = $i >= $bpp ? $cur[$i - $bpp] : 0;
		my $b = $up[$i];
		my $c = $i >= $bpp ? $up[$i - $bpp] : 0;
		my $p = $a + $b - $c;
		my ($pa, $pb, $pc) = (abs($p - $a), abs($p - $b), abs($p - $c));
		my $pred = $filter == 0 ? 0 : $filter == 1 ? $a : $filter == 2 ? $b :
		    $filter == 3 ? int(($a + $b) / 2) :
		    ($pa <= $pb && $pa <= $pc ? $a : $pb <= $pc ? $b : $c);
		$cur[$i] = ($cur[$i] + $pred) & 255;
	}
	for (my $i = 0; $i < $stride; $i += $bpp) {
		my $rgb = ($cur[$i] << 16) | ($cur[$i + 1] << 8) | $cur[$i + 2];
		$seen{$rgb} = 1;
		$nonwhite++ if $rgb != 0xFFFFFF;
	}
	$prev = pack 'C*', @cur;
}
print "$w $h ", scalar(keys %seen), " $nonwhite\n";
