#!/usr/bin/perl
# mkbomb.pl gz|tar.gz|zip OUT NAME HEADFILE MIB: a small file that inflates
# to HEADFILE's bytes followed by MIB MiB of the letter a (a document whose
# last record never ends): a gzip of concatenated members, a tar.gz whose
# one member NAME holds it, or a zip whose one deflated member NAME does.
# Only one MiB is ever compressed, so a bomb of gigabytes takes a moment.
use strict;
use warnings;
use Compress::Raw::Zlib;
use Compress::Zlib qw(memGzip);

my ($kind, $out, $name, $headfile, $mib) = @ARGV;
open my $fh, '<:raw', $headfile or die "$headfile: $!";
my $head = do { local $/; <$fh> };
my $chunk = 'a' x (1 << 20);
my $size = length($head) + $mib * length($chunk);
open my $o, '>:raw', $out or die "$out: $!";

# A raw deflate segment that ends on a byte boundary with no history:
# such segments follow one another in one stream.
sub segment {
	my ($d, $st) = Compress::Raw::Zlib::Deflate->new(-WindowBits => -MAX_WBITS,
	    -Level => 9, -AppendOutput => 1);
	my $z = '';
	$d->deflate($_[0], $z) == Z_OK or die;
	$d->flush($z, Z_FULL_FLUSH) == Z_OK or die;
	return $z;
}

sub tar_header {
	my $h = pack('a100 a8 a8 a8 a12 a12 A8 a1 a100 a6 a2 a32 a32 a8 a8 a155 a12',
	    $name, '0000644', '0000000', '0000000', sprintf('%011o', $size),
	    sprintf('%011o', 0), '', '0', '', 'ustar', '00', 'root', 'root',
	    '', '', '', '');
	my $sum = 0;
	$sum += ord for split //, $h;
	substr($h, 148, 8) = sprintf("%06o\0 ", $sum);
	return $h;
}

if ($kind eq 'gz' || $kind eq 'tar.gz') {
	my $first = $kind eq 'gz' ? $head : tar_header() . $head;
	my $member = memGzip($chunk);
	print $o memGzip($first), $member x $mib;
	print $o memGzip("\0" x ((512 - $size % 512) % 512 + 1024)) if $kind eq 'tar.gz';
} elsif ($kind eq 'zip') {
	my $data = segment($head) . segment($chunk) x $mib . "\x03\x00";
	my $crc = crc32($head);
	my $c1 = crc32($chunk);
	$crc = Compress::Raw::Zlib::crc32_combine($crc, $c1, length $chunk) for 1 .. $mib;
	my $fixed = pack('v v v v v V V V v v', 20, 0x0800, 8, 0, 0x21, $crc,
	    length $data, $size, length $name, 0);
	my $local = "PK\x03\x04" . $fixed . $name;
	my $central = "PK\x01\x02" . pack('v', 20) . $fixed . pack('v v v V V', 0, 0, 0, 0, 0) . $name;
	print $o $local, $data, $central;
	print $o "PK\x05\x06", pack('v v v v V V v', 0, 0, 1, 1, length $central,
	    length($local) + length($data), 0);
} else {
	die "usage: mkbomb.pl gz|tar.gz|zip OUT NAME HEADFILE MIB\n";
}
close $o or die "$out: $!";
