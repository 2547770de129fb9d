#!/bin/bash
# The RELAX NG schemas of share/qk/schema/ (formats.md, Rules for every
# document: Schemas), as TAP:
#   * each ROOT.rng is a schema xmllint compiles (checked on the trivial
#     instance tests/data/schema/ROOT.valid-minimal.xml);
#   * every tests/data/schema/ROOT.valid-*.xml validates against ROOT.rng;
#   * every tests/data/schema/ROOT.invalid-*.xml is rejected by ROOT.rng as
#     invalid (xmllint status 3: well-formed, schema compiled, not valid);
#     its second line says why it is invalid;
#   * every document of the spec's examples (../shared/spec/examples beside
#     the source tree) validates against the schema named by its root
#     element; skipped when ../shared is absent.
set -u
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCHEMAS=$ROOT/share/qk/schema
DATA=$ROOT/tests/data/schema
SHARED=$ROOT/../shared
EXAMPLES=$SHARED/spec/examples
ROOTS="applications cases events rejects catalog roster calendar findings report partial"

if ! command -v xmllint >/dev/null 2>&1; then
	echo "1..0 # SKIP xmllint not installed"
	exit 0
fi

n=0
fails=0
OUT=$(mktemp "${TMPDIR:-/tmp}/qk-schemas.XXXXXX") || exit 2
trap 'rm -f "$OUT"' EXIT

# result STATUS DESCRIPTION: one TAP line; on failure, xmllint's messages.
result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		fails=$((fails + 1))
		echo "not ok $n - $2"
		sed -e 's/^/# /' "$OUT" | head -n 20
	fi
}

# validate SCHEMA DOC: xmllint's status, its messages in $OUT.
validate() {
	xmllint --noout --relaxng "$1" "$2" >"$OUT" 2>&1
}

for r in $ROOTS; do
	rng=$SCHEMAS/$r.rng
	if [ ! -f "$rng" ]; then
		echo "$rng: no such file" >"$OUT"
		result 1 "$r.rng is a valid RELAX NG schema"
		continue
	fi
	validate "$rng" "$DATA/$r.valid-minimal.xml"
	st=$?
	if grep -q 'failed to compile' "$OUT"; then st=5; fi
	result $st "$r.rng is a valid RELAX NG schema"
done

for f in "$DATA"/*.valid-*.xml; do
	[ -e "$f" ] || continue
	b=${f##*/}
	r=${b%%.*}
	validate "$SCHEMAS/$r.rng" "$f"
	result $? "$b validates against $r.rng"
done

for f in "$DATA"/*.invalid-*.xml; do
	[ -e "$f" ] || continue
	b=${f##*/}
	r=${b%%.*}
	why=$(sed -n '2s/^<!-- invalid: \(.*\) -->$/\1/p' "$f")
	validate "$SCHEMAS/$r.rng" "$f"
	st=$?
	if [ $st -eq 3 ]; then
		st=0
	else
		echo "xmllint exited $st, not 3 (document not valid)" >>"$OUT"
		st=1
	fi
	result $st "$b is rejected by $r.rng${why:+ ($why)}"
done

if [ ! -d "$SHARED" ]; then
	n=$((n + 1))
	echo "ok $n - # SKIP ../shared absent"
else
	found=0
	for f in "$EXAMPLES"/*.xml; do
		[ -e "$f" ] || continue
		found=1
		b=${f##*/}
		r=$(xmllint --xpath 'name(/*)' "$f" 2>/dev/null)
		validate "$SCHEMAS/${r:-unknown}.rng" "$f"
		result $? "example $b validates against ${r:-?}.rng"
	done
	if [ $found -eq 0 ]; then
		echo "no example document in $EXAMPLES" >"$OUT"
		result 1 "the spec's examples are present"
	fi
fi

echo "1..$n"
[ $fails -eq 0 ]
