#!/bin/sh
# qk-pack --verify: the four groups of checks, each tampering caught in its
# group and check; broken and malformed cases (tools.md qk-pack).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pack-lib.sh"

test_ok 'a package verifies: 20 checks, each ok, in group order, exit 0' '
	bag &&
	qk-pack --verify p.tar >out &&
	cut -d: -f1 out | uniq -c | awk "{print \$1, \$2, \$3}" >groups &&
	printf "%s\n" "2 ok authenticity" "10 ok integrity" "2 ok usability" "6 ok security" >want &&
	same want groups
'

test_ok 'a package is recognised by content, whatever its name' '
	bag && cp p.tar package.bin && qk-pack --date 2026-12-01 -o p.zip r.xml && cp p.zip z.dat &&
	qk-pack --verify package.bin >out && qk-pack --verify z.dat >out &&
	qk-pack --verify - <package.bin >out && ! grep -v "^ok " out
'

test_ok 'a package repacked from its folder with tar -C DIR . (a ./ entry) verifies' '
	bag && bsdtar -cf t.tar -C b . && bsdtar -tf t.tar | grep -x "\./" &&
	qk-pack --verify t.tar >out && ! grep -v "^ok " out
'

test_ok 'a case id of 600 bytes: its chain-heads.txt line is read whole, the package verifies' '
	id=$(printf "X%.0s" $(seq 600)) &&
	printf "%s\n" "<cases version=\"1\">" \
		"<case id=\"$id\" site=\"XG\" staff=\"W01\" channel=\"window\" received=\"2026-11-24T09:00:00+08:00\" state=\"received\">" \
		"<application received=\"2026-11-24T09:00:00+08:00\" site=\"XG\" staff=\"W01\" channel=\"window\">" \
		"<applicant kind=\"person\" name=\"张伟\" idno=\"320703199001011231\" phone=\"13800000000\"/>" \
		"<request item=\"CL-001\"/></application></case></cases>" >long.xml &&
	for m in "" --mask; do
		qk-pack $m --date 2026-12-01 -o p.tar long.xml &&
		bsdtar -xOf p.tar $TOPN/data/chain-heads.txt | grep "^$id " &&
		qk-pack --verify p.tar >out && ! grep -v "^ok " out || exit 1
	done
'

test_ok 'a case id with a space: its chain-heads.txt line is read from its end, the package verifies' '
	printf "%s\n" "<cases version=\"1\">" \
		"<case id=\"XG 0001\" site=\"XG\" staff=\"W01\" channel=\"window\" received=\"2026-11-24T09:00:00+08:00\" state=\"received\">" \
		"<application received=\"2026-11-24T09:00:00+08:00\" site=\"XG\" staff=\"W01\" channel=\"window\">" \
		"<applicant kind=\"person\" name=\"张伟\" idno=\"320703199001011231\" phone=\"13800000000\"/>" \
		"<request item=\"CL-001\"/></application></case></cases>" >sp.xml &&
	for m in "" --mask; do
		qk-pack $m --date 2026-12-01 -o p.tar sp.xml &&
		bsdtar -xOf p.tar $TOPN/data/chain-heads.txt | grep "^XG 0001 " &&
		qk-pack --verify p.tar >out && ! grep -v "^ok " out || exit 1
	done
'

test_ok 'a flipped byte in a payload file: integrity checksums' '
	printf "notes\n" >notes.txt && bag --add notes.txt &&
	printf "motes\n" >b/$TOPN/data/extra/notes.txt && repack &&
	only integrity checksums && grep -F "data/extra/notes.txt" out
'

test_ok 'a flipped byte in a case file: integrity checksums' '
	bag &&
	sed -i "s/state=\"in-progress\"/state=\"in-progresS\"/" b/$TOPN/data/cases/XG/2026-11.xml && repack &&
	fails integrity checksums
'

test_ok 'an extra file: integrity listed and payload-oxum' '
	bag && echo x >b/$TOPN/data/extra.txt && repack &&
	fails integrity listed && grep -F "data/extra.txt: in no manifest" out &&
	fails integrity payload-oxum
'

test_ok 'a missing file: integrity complete' '
	bag && rm b/$TOPN/data/chain-heads.txt && repack &&
	fails integrity complete && grep -F "data/chain-heads.txt" out
'

test_ok 'an edited chain-heads.txt line: authenticity chain-heads only' '
	bag &&
	sed -i "1s/ ./ 0/" b/$TOPN/data/chain-heads.txt && rebag &&
	only authenticity chain-heads && grep -F "XG-20261124-0001" out
'

test_ok 'a case missing from chain-heads.txt: authenticity chain-heads' '
	bag && sed -i 1d b/$TOPN/data/chain-heads.txt && rebag &&
	only authenticity chain-heads && grep -F "XG-20261124-0001: not in chain-heads.txt" out
'

test_ok 'a chain-heads.txt line for no packed case: authenticity chain-heads' '
	bag && sed -i "\$p" b/$TOPN/data/chain-heads.txt &&
	sed -i "\$s/^XG-20261124-0002/XG-20261124-0009/" b/$TOPN/data/chain-heads.txt && rebag &&
	only authenticity chain-heads && grep -F "XG-20261124-0009: named in chain-heads.txt, not packed" out
'

test_ok 'an edited event in a packed case: authenticity chain only' '
	bag &&
	edit_event b/$TOPN/data/cases/XG/2026-11.xml && rebag &&
	only authenticity chain && grep -F "XG-20261124-0002: event 1 does not match its h" out
'

test_ok 'a seq gap: integrity seq (and the chain)' '
	bag &&
	sed -i "/XG-20261124-0002/,/<\/case>/s/<event seq=\"3\"/<event seq=\"4\"/" b/$TOPN/data/cases/XG/2026-11.xml && rebag &&
	fails integrity seq && fails authenticity chain
'

test_ok 'a wrong QK-Case-Count: integrity case-count' '
	bag && sed -i "s/^QK-Case-Count: 2/QK-Case-Count: 3/" b/$TOPN/bag-info.txt && rebag &&
	only integrity case-count
'

test_ok 'a case file that breaks cases.rng: usability cases-schema only' '
	bag && sed -i "0,/state=\"in-progress\"/s//state=\"bogus\"/" b/$TOPN/data/cases/XG/2026-11.xml && rebag &&
	only usability cases-schema
'

test_ok 'a foreign element among the cases, or a root of another version: cases-schema' '
	bag && sed -i "s,^</cases>,  <bogus/>\n</cases>," b/$TOPN/data/cases/XG/2026-11.xml && rebag &&
	fails usability cases-schema && grep -F "data/cases/XG/2026-11.xml" out &&
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" "<cases version=\"2\"/>" \
		>b/$TOPN/data/cases/XG/2026-11.xml && rebag &&
	fails usability cases-schema
'

# Text where formats.md allows none is a fatal input error for every reader:
# the chain cannot be read either.
test_ok 'text beside the cases, which cases.rng does not allow: cases-schema, and the chain unread' '
	bag && sed -i "s,^</cases>,  stray text\n</cases>," b/$TOPN/data/cases/XG/2026-11.xml && rebag &&
	! xmllint --noout --relaxng $QK_DATA/schema/cases.rng b/$TOPN/data/cases/XG/2026-11.xml 2>/dev/null &&
	fails usability cases-schema && grep -F "data/cases/XG/2026-11.xml:59: text in element" out &&
	grep -Fx "FAIL authenticity: chain: data/cases/XG/2026-11.xml:59: cannot be read: text in element '"'"'cases'"'"': data lives in attributes" out &&
	test "$(grep -c "^FAIL " out)" = 2
'

test_ok 'an --add .xml that is not well-formed: usability xml-well-formed only' '
	printf "<a><b></a>\n" >bad.xml && bag --add bad.xml &&
	only usability xml-well-formed p.tar && grep -F "data/extra/bad.xml" out
'

test_ok 'a manifest line that does not parse: integrity manifest-lines' '
	bag && echo "not a line" >>b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-lines && grep -F "manifest-sha256.txt:3:" out
'

test_ok 'a manifest path outside the payload: integrity manifest-lines' '
	bag && sed -i "1p" b/$TOPN/manifest-sha256.txt && sed -i "1s,  data/.*,  ../../README.md," b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-lines
'

test_ok 'a manifest path listed twice (same checksum): integrity manifest-unique' '
	bag && sed -i "1p" b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-unique
'

test_ok 'a .. path: security dot-dot, nothing written outside' '
	bag && mkdir tmp && echo evil >b/evil &&
	bsdtar -cf t.tar -P -C b -s ",^evil,$TOPN/../../evil-dd," $TOPN evil &&
	bsdtar -tf t.tar | grep -F "../../evil-dd" &&
	TMPDIR=$PWD/tmp fails security dot-dot &&
	test ! -e evil-dd && test ! -e ../evil-dd && test -z "$(ls -A tmp)"
'

test_ok 'an absolute path: security absolute-paths, nothing written there' '
	bag && echo evil >b/evil &&
	bsdtar -cf t.tar -P -C b -s ",^evil,$PWD/evil-abs," $TOPN evil &&
	fails security absolute-paths && test ! -e evil-abs
'

test_ok 'a symlink: security links' '
	bag && ln -s /etc/passwd b/$TOPN/data/link && repack &&
	fails security links && grep -F "data/link: symbolic link" out
'

test_ok 'a hard link: security links' '
	bag && ln b/$TOPN/data/chain-heads.txt b/$TOPN/data/again.txt && repack &&
	fails security links && grep -F "hard link" out
'

test_ok 'a FIFO: security special-files' '
	bag && mkfifo b/$TOPN/data/fifo && repack &&
	fails security special-files
'

test_ok 'a name with %: security names' '
	bag && echo x >"b/$TOPN/data/a%41.txt" && repack &&
	fails security names && grep -F "a%41.txt" out
'

test_ok 'a name with CR: security names, still one line per check' '
	bag && echo x >"b/$TOPN/data/$(printf "a\rb")" && repack &&
	fails security names && test "$(wc -l <out)" = 20 && grep -F "a\\x0Db" out
'

test_ok 'an encrypted zip member: security encryption' '
	bag &&
	if bsdtar --format zip --options zip:encryption=zipcrypt --passphrase secret \
		-cf e.zip -C b $TOPN 2>err; then
		fails security encryption e.zip
	else
		grep -i "encrypt" err
	fi
'

test_ok 'not an archive, an empty file, a truncated one: exit 2, nothing on stdout' '
	bag &&
	cp r.xml plain.xml && : >empty &&
	gzip -c p.tar >p.tar.gz && head -c 1000 p.tar.gz >cut.tar.gz && head -c 3000 p.tar >cut.tar &&
	for f in plain.xml empty cut.tar.gz cut.tar missing; do
		must_fail 2 qk-pack --verify $f >out 2>err && test ! -s out &&
		grep -F "qk-pack: $f" err || exit 1
	done
'

test_ok 'a broken case stops the run: exit 1, named, nothing written' '
	cases && edit_event r.xml &&
	must_fail 1 qk-pack -o p.tar r.xml 2>err &&
	grep -F "r.xml:" err && grep -F "case XG-20261124-0002: chain does not verify" err &&
	test ! -e p.tar && ls -A >files && ! grep qk-tmp files
'

test_ok '--allow-broken packs it, lists it as QK-Broken-Case; --verify fails chain' '
	cases && edit_event r.xml &&
	qk-pack --allow-broken --date 2026-12-01 -o p.tar r.xml 2>err &&
	bsdtar -xOf p.tar $TOPN/bag-info.txt >info &&
	grep -x "QK-Broken-Case: XG-20261124-0002" info &&
	only authenticity chain p.tar
'

test_ok 'a case listed as QK-Broken-Case fails the chain check even when it verifies' '
	bag && printf "QK-Broken-Case: XG-20261124-0001\n" >>b/$TOPN/bag-info.txt && rebag &&
	only authenticity chain && grep -F "XG-20261124-0001: listed as QK-Broken-Case" out
'

test_ok 'a malformed case is refused even with --allow-broken' '
	must_fail 1 qk-pack --allow-broken -o p.tar $D/no-id.xml 2>err &&
	grep -F "no-id.xml:3: case cannot be packed: case record malformed" err &&
	test ! -e p.tar
'

test_ok 'a case id twice in the input is refused' '
	cases &&
	must_fail 1 qk-pack -o p.tar r.xml r.xml 2>err &&
	grep -F "appears twice" err && test ! -e p.tar
'

test_ok 'a masked package that was tampered with still fails' '
	cases && qk-pack --mask --date 2026-12-01 -o p.tar r.xml &&
	mkdir b && bsdtar -xf p.tar -C b &&
	edit_event b/$TOPN/data/cases/XG/2026-11.xml && rebag &&
	only authenticity chain
'

test_done
