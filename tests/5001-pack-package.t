#!/bin/sh
# qk-pack: the layout, bytes and determinism of a package (tools.md qk-pack).
. "$(dirname "$0")/lib.sh"
D=$DATA/route
AT=--at=2026-11-24T18:00:00+08:00
TOPN=qk-2026-12-01

# Two cases of site XG (0001, 0002), received 2026-11-24, in r.xml.
cases() {
	qk-intake --seq "$PWD/seq" $D/multi.xml >c.xml &&
	qk-route $AT c.xml >r.xml
}

# A larger set over two months and six sites, in open.xml.
many() {
	"${QK_BUILD:-$TOP/build}"/tests/qk-gen applications --seed 7 --count 120 \
		--from 2026-10-26 --days 10 -o apps.xml &&
	{ qk-intake --seq "$PWD/seq" -o new.xml apps.xml 2>/dev/null; test $? -le 1; } &&
	qk-route --at 2026-11-13T18:00:00+08:00 -o open.xml new.xml
}

test_ok 'bagit.txt and bag-info.txt, exact bytes' '
	cases &&
	qk-pack --date 2026-12-01 -o p.tar r.xml &&
	bsdtar -xf p.tar &&
	printf "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" >want &&
	same want $TOPN/bagit.txt &&
	size=$(cat $TOPN/data/cases/XG/2026-11.xml $TOPN/data/chain-heads.txt | wc -c) &&
	printf "%s\n" "Source-Organization: 墟沟街道为民服务中心" "Bagging-Date: 2026-12-01" \
		"Payload-Oxum: $size.2" "QK-Case-Count: 2" \
		"QK-First-Received: 2026-11-24T09:00:00+08:00" \
		"QK-Last-Received: 2026-11-24T10:00:00+08:00" >want &&
	same want $TOPN/bag-info.txt
'

test_ok 'entries in byte order of their paths, folders first, modes and owner fixed' '
	many &&
	qk-pack --date 2026-12-01 --add apps.xml -o p.tar open.xml &&
	bsdtar -tf p.tar >got &&
	LC_ALL=C sort got >sorted && same sorted got &&
	grep -x "$TOPN/" got && grep -x "$TOPN/data/" got && grep -x "$TOPN/data/cases/" got &&
	grep -x "$TOPN/data/cases/XG-HB/" got && grep -x "$TOPN/data/extra/" got &&
	grep -x "$TOPN/data/cases/XG-HB/2026-10.xml" got &&
	grep -x "$TOPN/data/extra/apps.xml" got &&
	bsdtar -tvf p.tar | awk "{print \$1, \$3, \$4}" | sort -u >modes &&
	printf "%s\n" "-rw-r--r-- 0 0" "drwxr-xr-x 0 0" >want &&
	same want modes
'

test_ok 'cases sorted by id in data/cases/SITE/YYYY-MM.xml, valid, each as read' '
	many &&
	qk-pack --date 2026-12-01 -o p.tar open.xml &&
	bsdtar -xf p.tar &&
	for f in $TOPN/data/cases/*/*.xml; do
		valid $f &&
		grep -o "<case id=\"[^\"]*\"" $f >ids && LC_ALL=C sort ids >s && same s ids || exit 1
		site=$(basename $(dirname $f)) && month=$(basename $f .xml) &&
		! grep "<case " $f | grep -v "site=\"$site\" .*received=\"$month" || exit 1
	done &&
	cat $TOPN/data/cases/*/*.xml | grep -c "<case " >n && test "$(cat n)" = "$(grep -c "<case " open.xml)" &&
	one="/<case id=\"XG-20261026-0001\"/,/<\/case>/p" &&
	sed -n "$one" open.xml >want && sed -n "$one" $TOPN/data/cases/XG/2026-10.xml >got &&
	test -s want && same want got
'

test_ok 'sha256sum -c passes on both manifests inside the unpacked bag' '
	many &&
	qk-pack --date 2026-12-01 --add apps.xml -o p.tar.gz open.xml &&
	bsdtar -xf p.tar.gz && cd $TOPN &&
	sha256sum -c --quiet manifest-sha256.txt && sha256sum -c --quiet tagmanifest-sha256.txt &&
	test "$(wc -l <manifest-sha256.txt)" = 14 &&
	cut -c67- manifest-sha256.txt >paths && LC_ALL=C sort paths >s && same s paths
'

test_ok 'chain-heads.txt: one line per case, sorted by id, its last h' '
	cases &&
	qk-pack --date 2026-12-01 -o p.tar r.xml &&
	bsdtar -xOf p.tar $TOPN/data/chain-heads.txt >got &&
	for id in XG-20261124-0001 XG-20261124-0002; do
		h=$(awk "/<case id=\"$id\"/{c=1} c&&/<event /{l=\$0} c&&/<\/case>/{print l; exit}" r.xml |
			sed "s/.* h=\"\([0-9a-f]*\)\".*/\1/") && echo "$id $h" || exit 1
	done >want &&
	same want got
'

for f in p.tar p.tar.gz p.tgz p.tar.xz p.tar.zst p.zip; do
	test_ok "$f: the same bytes twice, under another TZ and with SOURCE_DATE_EPOCH" '
		many &&
		qk-pack --date 2026-12-01 --add apps.xml -o 1-'$f' open.xml &&
		qk-pack --date 2026-12-01 --add apps.xml -o 2-'$f' open.xml &&
		TZ=America/New_York qk-pack --date 2026-12-01 --add apps.xml -o 3-'$f' open.xml &&
		SOURCE_DATE_EPOCH=1796090000 TZ=UTC qk-pack --add apps.xml -o 4-'$f' open.xml &&
		cmp 1-'$f' 2-'$f' && cmp 1-'$f' 3-'$f' && cmp 1-'$f' 4-'$f' &&
		qk-pack --verify 1-'$f' >out && ! grep -v "^ok " out
	'
done

test_ok 'bsdtar -tf and unzip -l list a package' '
	cases &&
	qk-pack --date 2026-12-01 -o p.tar.zst r.xml && qk-pack --date 2026-12-01 -o p.zip r.xml &&
	bsdtar -tf p.tar.zst >t && unzip -Z1 p.zip >z && same t z &&
	unzip -l p.zip >l && grep -F "$TOPN/data/chain-heads.txt" l &&
	test "$(wc -l <t)" = 10
'

test_ok 'gzip has no time stamp; zip times read DATE 00:00 and files are deflated' '
	cases &&
	qk-pack --date 2026-12-01 -o p.tgz r.xml && qk-pack --date 2026-12-01 -o p.zip r.xml &&
	test "$(od -An -tx1 -j4 -N4 p.tgz | tr -d " ")" = 00000000 &&
	TZ=UTC unzip -Z -l p.zip >z && grep -F "defN 26-Dec-01 00:00 $TOPN/bagit.txt" z &&
	grep -F "stor 26-Dec-01 00:00 $TOPN/data/" z
'

test_ok 'a path too long for ustar gets a pax header, the others none' '
	cases &&
	n=$(printf "%064d" 0 | tr 0 n) &&
	qk-pack --date 2026-12-01 --name $n -o p.tar r.xml &&
	bsdtar -tf p.tar | grep -x "$n/bagit.txt" &&
	! grep -a "path=" p.tar &&
	qk-pack --date 2026-12-01 --add $(mkdir -p d && f=d/$(printf "%0116d" 0).xml && cp r.xml $f && echo $f) -o q.tar r.xml &&
	grep -ac "path=" q.tar >n && test "$(cat n)" = 1
'

test_ok 'no case: no data/cases/, an empty chain-heads.txt, empty received bounds' '
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" "<cases version=\"1\"/>" >e.xml &&
	qk-pack --date 2026-12-01 -o p.tar e.xml &&
	bsdtar -tf p.tar >got &&
	printf "%s\n" $TOPN/ $TOPN/bag-info.txt $TOPN/bagit.txt $TOPN/data/ \
		$TOPN/data/chain-heads.txt $TOPN/manifest-sha256.txt $TOPN/tagmanifest-sha256.txt >want &&
	same want got &&
	bsdtar -xOf p.tar $TOPN/bag-info.txt >info &&
	grep -x "QK-First-Received: " info && grep -x "Payload-Oxum: 0.1" info &&
	qk-pack --verify p.tar >out && ! grep -v "^ok " out
'

test_ok 'a site code of 250 and one of 600 characters: one file per site and month all the same' '
	for n in 250 600; do
		s=$(printf "S%.0s" $(seq $n)) &&
		for r in 2026-10-24T09:00:00+08:00 2026-11-24T09:00:00+08:00; do
			printf "%s\n" "<case id=\"A-$r\" site=\"$s\" staff=\"W01\" channel=\"window\" received=\"$r\" state=\"received\">" \
				"<application received=\"$r\" site=\"$s\" staff=\"W01\" channel=\"window\"/></case>"
		done >body &&
		{ echo "<cases version=\"1\">" && cat body && echo "</cases>"; } >s.xml &&
		qk-pack --date 2026-12-01 -o p.tar s.xml &&
		bsdtar -tf p.tar | grep "/data/cases/" >got &&
		printf "%s\n" "$TOPN/data/cases/" "$TOPN/data/cases/$s/" "$TOPN/data/cases/$s/2026-10.xml" \
			"$TOPN/data/cases/$s/2026-11.xml" >want &&
		same want got || exit 1
	done
'

test_ok '--name and --add: the top folder and data/extra/BASENAME byte for byte' '
	cases &&
	printf "x\r\ny" >notes.txt &&
	qk-pack --date 2026-12-01 --name inspect_2026.11 --add notes.txt -o p.zip r.xml &&
	bsdtar -xOf p.zip inspect_2026.11/data/extra/notes.txt >got && cmp notes.txt got
'

for f in p.tar p.zip; do
	test_ok "$f: an --add file with a UTF-8 name, whatever the locale" '
		cases && cp r.xml 申请.xml &&
		LC_ALL=C qk-pack --date 2026-12-01 --add 申请.xml -o '$f' r.xml &&
		bsdtar -tf '$f' | grep -x "$TOPN/data/extra/申请.xml" &&
		qk-pack --verify '$f' >out && ! grep -v "^ok " out
	'
done

test_ok '--mask: idno 4+4, phone 3+4, name 1, h0 recorded, and it verifies' '
	cases &&
	qk-pack --date 2026-12-01 --mask -o p.tar r.xml &&
	bsdtar -xf p.tar &&
	grep -c "<applicant kind=\"person\" name=\"张\*\" idno=\"3207\*\*\*\*\*\*\*\*\*\*1231\" phone=\"138\*\*\*\*0000\"/>" \
		$TOPN/data/cases/XG/2026-11.xml >n && test "$(cat n)" = 2 &&
	grep -x "QK-Masked: yes" $TOPN/bag-info.txt &&
	awk "NF != 3" $TOPN/data/chain-heads.txt >bad && test ! -s bad &&
	qk-pack --verify p.tar >out && ! grep -v "^ok " out
'

test_ok '--mask counts characters: short values all stars, a one-character name *' '
	cases &&
	sed -e "s/name=\"张伟\" idno=\"320703199001011231\" phone=\"13800000000\"/name=\"欧阳娜娜\" idno=\"A1234567\" phone=\"5551234\"/" r.xml >s.xml &&
	sed -i "0,/name=\"欧阳娜娜\"/s//name=\"伟\"/" s.xml &&
	qk-pack --allow-broken --date 2026-12-01 --mask -o p.tar s.xml 2>err &&
	bsdtar -xOf p.tar $TOPN/data/cases/XG/2026-11.xml >got &&
	grep -F "name=\"*\" idno=\"********\" phone=\"*******\"" got &&
	grep -F "name=\"欧***\" idno=\"********\" phone=\"*******\"" got
'

test_ok 'usage errors: two --add with one base name, bad --name, --date, -o ending, no -o' '
	cases && mkdir a b && touch a/x.txt b/x.txt &&
	must_fail 2 qk-pack --add a/x.txt --add b/x.txt -o p.tar r.xml 2>err &&
	grep -F "one base name" err &&
	must_fail 2 qk-pack --name "a/b" -o p.tar r.xml 2>err && grep -F "invalid --name" err &&
	must_fail 2 qk-pack --name .. -o p.tar r.xml 2>/dev/null &&
	must_fail 2 qk-pack --date 2026-13-01 -o p.tar r.xml 2>err && grep -F "invalid --date" err &&
	must_fail 2 qk-pack -o p.rar r.xml 2>err && grep -F "invalid -o" err &&
	must_fail 2 qk-pack r.xml 2>err && grep -F "required" err &&
	must_fail 2 qk-pack --verify p.tar r.xml 2>/dev/null &&
	test ! -e p.tar && test ! -e p.rar
'

test_ok '-o into a missing folder, or a bad --add, leaves nothing behind' '
	cases &&
	must_fail 2 qk-pack -o nowhere/p.tar r.xml 2>err && grep -F "nowhere/p.tar" err &&
	test ! -e nowhere &&
	must_fail 2 qk-pack --add missing.txt -o p.tar r.xml 2>err && grep -F "missing.txt" err &&
	ls -A >files && ! grep -e "^p.tar" -e "qk-tmp" files
'

test_ok 'a catalog that cannot be read: status 2, named, nothing written' '
	cases &&
	must_fail 2 qk-pack --catalog missing.xml -o p.tar r.xml 2>err &&
	grep -Fx "qk-pack: missing.xml: No such file or directory" err && test ! -e p.tar
'

test_ok 'a write error (ENOSPC) is reported with status 2' '
	cases &&
	ln -s /dev/full p.tar &&
	must_fail 2 qk-pack -o p.tar r.xml 2>err && grep -F "No space left on device" err
'

test_ok 'a spool folder that cannot be written stops the run, nothing left behind' '
	cases &&
	TMPDIR=$PWD/none must_fail 2 qk-pack -o p.tar r.xml 2>err && grep -F "none/qk-pack-" err &&
	ls -A >files && ! grep -e "^p.tar" -e "qk-tmp" files
'

test_ok 'an input error stops the run with status 2 and writes nothing' '
	cases && head -c 300 r.xml >cut.xml &&
	must_fail 2 qk-pack -o p.tar r.xml cut.xml 2>err && grep -F "cut.xml" err &&
	test ! -e p.tar
'

test_ok '-v counts cases read, written and refused' '
	cases &&
	qk-pack -v --date 2026-12-01 -o p.tar r.xml 2>err &&
	grep -Fx "qk-pack: 2 read, 2 written, 0 rejected" err
'

test_done
