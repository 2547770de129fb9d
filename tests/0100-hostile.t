#!/bin/sh
# Every document of the hostile-input corpus (libxml2's malformed and
# entity-attack files) gives exit 2 with a message, for every tool, as a
# file, on standard input, gzip-compressed and inside a tar archive, within
# 20 seconds and 32 MiB.
. "$(dirname "$0")/lib.sh"

if [ ! -d "$CORPUS" ]; then
	test_skip 'hostile corpus' '../shared absent'
	test_done
	exit
fi

# hostile TOOL ARGS...: exit 2, a message in the tool's format, bounded memory.
hostile() {
	tool=$1
	shift
	if [ "$tool" = qk-intake ]; then set -- --seq "$PWD/seq" "$@"; fi &&
	must_fail 2 /usr/bin/time -f %M -o mem timeout 20 "$tool" $REF "$@" >out 2>err &&
	grep -q "^$tool: " err &&
	! grep -q "AddressSanitizer\|runtime error" err &&
	bounded mem 32768
}

for tool in qk-intake qk-route; do
	for f in "$CORPUS"/libxml2-errors/*.xml "$CORPUS"/libxml2-recurse/*.xml; do
		name=$(basename "$f")
		test_ok "$tool rejects $name as a file, on stdin, gzipped and in a tar" "
			cp '$f' doc.xml && gzip -c doc.xml >doc.xml.gz &&
			bsdtar -cf doc.tar doc.xml &&
			hostile $tool doc.xml && hostile $tool - <doc.xml &&
			hostile $tool doc.xml.gz && hostile $tool doc.tar
		"
	done
done
test_done
