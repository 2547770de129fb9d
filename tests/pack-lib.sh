# tests/pack-lib.sh — helpers of the qk-pack tests, sourced after lib.sh:
# a small package of two cases, and deliberate tampering with it.
D=$DATA/route
AT=--at=2026-11-24T18:00:00+08:00
TOPN=qk-2026-12-01

# Two cases of site XG (0001, 0002), received 2026-11-24, in r.xml.
cases() {
	qk-intake --seq "$PWD/seq" $D/multi.xml >c.xml &&
	qk-route $AT c.xml >r.xml
}

# A package p.tar of r.xml (plus the --add files given), unpacked in b/.
bag() {
	cases &&
	qk-pack --date 2026-12-01 "$@" -o p.tar r.xml &&
	mkdir b && bsdtar -xf p.tar -C b
}

# Recomputes Payload-Oxum and both manifests after a deliberate edit, so
# that only the check under test fails, and repacks b/ as t.tar.
rebag() {
	(cd b/$TOPN &&
	bytes=$(find data -type f -exec cat {} + | wc -c) &&
	n=$(find data -type f | wc -l) &&
	sed -i "s/^Payload-Oxum: .*/Payload-Oxum: $bytes.$n/" bag-info.txt &&
	find data -type f | LC_ALL=C sort | xargs sha256sum >manifest-sha256.txt &&
	sha256sum bag-info.txt bagit.txt manifest-sha256.txt >tagmanifest-sha256.txt) &&
	repack
}

# The tag manifest only (an edited manifest under test).
retag() {
	(cd b/$TOPN &&
	sha256sum bag-info.txt bagit.txt manifest-sha256.txt >tagmanifest-sha256.txt) &&
	repack
}

repack() {
	bsdtar -cf t.tar -C b $TOPN
}

# fails GROUP CHECK [PACKAGE]: --verify exits 1 and fails that check.
fails() {
	must_fail 1 qk-pack --verify "${3:-t.tar}" >out &&
	grep "^FAIL $1: $2: " out
}

# only GROUP CHECK: ... and it is the only failing check.
only() {
	fails "$@" && test "$(grep -c "^FAIL " out)" = 1
}

# The edit of an event that breaks the chain of case 0002.
edit_event() {
	sed -i "/XG-20261124-0002/,/<\/case>/s/type=\"received\" at=\"\([^\"]*\)\" by=\"W01\"/type=\"received\" at=\"\1\" by=\"W02\"/" "$1"
}

