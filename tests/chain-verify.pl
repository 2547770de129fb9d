#!/usr/bin/perl
# An independent check of the hash chain of formats.md, written from the
# definition alone: reads a <cases> document in qk's output layout (one
# element per line) and prints "ok ID" or "FAIL ID seq N" for each case.
use strict;
use warnings;
use Digest::SHA qw(sha256_hex);

sub unescape {
	my ($v) = @_;
	$v =~ s/&#(\d+);/chr($1)/ge;
	$v =~ s/&lt;/</g; $v =~ s/&gt;/>/g; $v =~ s/&quot;/"/g; $v =~ s/&amp;/&/g;
	return $v;
}

# Parses the lines of one element (and its children) into a tree.
sub element {
	my ($lines) = @_;
	my $line = shift @$lines;
	$line =~ /^\s*<([^\s\/>]+)(.*?)(\/?)>(.*)$/ or die "bad line: $line";
	my ($name, $attrs, $empty, $rest) = ($1, $2, $3, $4);
	my @attrs;
	push @attrs, [$1, unescape($2)] while $attrs =~ /\s([^\s=]+)="([^"]*)"/g;
	my $el = { name => $name, attrs => \@attrs, kids => [] };
	return $el if $empty || $rest =~ /<\//;
	while ($lines->[0] !~ /^\s*<\//) {
		push @{$el->{kids}}, element($lines);
	}
	shift @$lines;
	return $el;
}

sub canon {
	my ($el) = @_;
	my $s = "<$el->{name}\n";
	for my $a (sort { $a->[0] cmp $b->[0] } grep { $_->[0] ne 'h' } @{$el->{attrs}}) {
		my $v = $a->[1];
		$v =~ s/\\/\\\\/g;
		$v =~ s/\n/\\n/g;
		$s .= "$a->[0]=$v\n";
	}
	$s .= canon($_) for @{$el->{kids}};
	return $s . ">\n";
}

sub attr {
	my ($el, $name) = @_;
	for (@{$el->{attrs}}) { return $_->[1] if $_->[0] eq $name }
	return undef;
}

binmode STDOUT;
my @lines = grep { !/^<\?xml/ } map { s/\n$//r } <>;
shift @lines;	# <cases …>
my $bad = 0;
while (@lines && $lines[0] =~ /^\s*<case[\s>]/) {
	my $case = element(\@lines);
	my ($app) = grep { $_->{name} eq 'application' } @{$case->{kids}};
	my $id = attr($case, 'id');
	my $h = sha256_hex("qk-case/1\n$id\n" . canon($app));
	my $fail;
	for my $ev (grep { $_->{name} eq 'event' } @{$case->{kids}}) {
		$h = sha256_hex("$h\n" . canon($ev));
		if ($h ne (attr($ev, 'h') // '')) { $fail = attr($ev, 'seq'); last }
	}
	if (defined $fail) { print "FAIL $id seq $fail\n"; $bad = 1 } else { print "ok $id\n" }
}
exit $bad;
