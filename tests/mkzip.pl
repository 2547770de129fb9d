#!/usr/bin/perl
# mkzip.pl [--utf8|--gbk] ZIP NAME=FILE...: a zip whose member names are
# written as UTF-8 with the language-encoding flag (--utf8, as bsdtar,
# Python and 7-Zip write them) or as GBK bytes without it (--gbk, as
# Chinese Windows tools do).  NAME is UTF-8 on the command line.
use strict;
use warnings;
use Encode qw(decode encode);
use IO::Compress::Zip qw(zip $ZipError);

my $mode = shift @ARGV;
my $out = shift @ARGV;
my $z;
for my $pair (@ARGV) {
	my ($name, $file) = split /=/, $pair, 2;
	my $bytes = $mode eq '--gbk' ? encode('gbk', decode('UTF-8', $name)) : $name;
	open my $fh, '<:raw', $file or die "$file: $!";
	local $/;
	my $data = <$fh>;
	my %opt = (Name => $bytes, Efs => $mode eq '--utf8' ? 1 : 0, Minimal => 1);
	if ($z) { $z->newStream(%opt) } else { $z = IO::Compress::Zip->new($out, %opt) or die $ZipError }
	$z->print($data);
}
$z->close;
