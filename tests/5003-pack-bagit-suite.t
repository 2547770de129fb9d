#!/bin/sh
# qk-pack --verify against the kinds of invalid bag of the Library of
# Congress's bagit-conformance-suite (v1.0/invalid, v0.97/invalid and
# v0.97/linux-only), each made on a real qk package by the tampering it
# describes: every one is rejected, in the group that owns it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pack-lib.sh"

bagit() {
	printf "$1" >b/$TOPN/bagit.txt && retag
}

test_ok 'v1.0 bagit-with-invalid-whitespace: integrity bagit.txt' '
	bag && bagit "BagIt-Version : 1.0\nTag-File-Character-Encoding : UTF-8\n" &&
	only integrity bagit.txt
'

test_ok 'v1.0 notAllManifestsListAllFiles: integrity listed' '
	bag && echo "missing from the manifest" >b/$TOPN/data/missingFromManifest.txt && repack &&
	fails integrity listed && grep -F "data/missingFromManifest.txt: in no manifest" out
'

test_ok 'v1.0 same-filename-listed-twice-with-different-hashes: integrity manifest-unique' '
	bag && sed -i "1p" b/$TOPN/manifest-sha256.txt &&
	sed -i "2s/^......../deadbeef/" b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-unique
'

test_ok 'v1.0 same-filename-listed-twice-with-different-hashes (its "1.0 "): integrity bagit.txt' '
	bag && bagit "BagIt-Version: 1.0 \nTag-File-Character-Encoding: UTF-8\n" &&
	only integrity bagit.txt
'

test_ok 'v1.0 same-filename-listed-twice-with-the-same-hash: integrity manifest-unique' '
	bag && sed -i "\$p" b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-unique
'

test_ok 'v0.97 baginfo-missing-encoding: integrity bagit.txt' '
	bag && bagit "BagIt-Version: 1.0\n" && only integrity bagit.txt
'

test_ok 'v0.97 bom-in-bagit.txt: integrity bagit.txt' '
	bag && bagit "\357\273\277BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" &&
	only integrity bagit.txt && grep -F "byte order mark" out
'

test_ok 'v0.97 corrupt-data-file: integrity checksums' '
	printf "Fri Feb 26 14:26:03 EST 2016\n" >bare-filename && bag --add bare-filename &&
	printf "INVALID Fri Feb 26 14:26:03 EST 2016\n" >b/$TOPN/data/extra/bare-filename && repack &&
	fails integrity checksums && grep -F "data/extra/bare-filename" out
'

test_ok 'v0.97 corrupt-tag-file: integrity checksums' '
	bag && sed -i "s/^......../deadbeef/" b/$TOPN/tagmanifest-sha256.txt && repack &&
	only integrity checksums && grep -F "(tagmanifest-sha256.txt)" out
'

test_ok 'v0.97 extra-file-in-bag: integrity listed' '
	bag && echo bar >b/$TOPN/data/bar && repack &&
	fails integrity listed && grep -F "data/bar" out
'

test_ok 'v0.97 invalid-version-number: integrity bagit.txt' '
	bag && bagit "BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n" &&
	only integrity bagit.txt
'

test_ok 'v0.97 missing-baginfo: integrity payload-oxum, case-count, complete' '
	bag && rm b/$TOPN/bag-info.txt && repack &&
	fails integrity payload-oxum && grep -F "bag-info.txt is missing" out &&
	fails integrity case-count && fails integrity complete
'

test_ok 'v0.97 missing-bagit.txt: integrity bagit.txt' '
	bag && rm b/$TOPN/bagit.txt && repack &&
	fails integrity bagit.txt && grep -F "bagit.txt is missing" out
'

test_ok 'v0.97 out-of-scope-file-paths-using-dot-notation: integrity manifest-lines' '
	bag && h=$(head -c 64 b/$TOPN/manifest-sha256.txt) &&
	printf "%s  ../../../README.md\n%s  %s\n" $h $h "\\.\\./\\.\\./\\.\\./README.md" >>b/$TOPN/manifest-sha256.txt &&
	retag &&
	only integrity manifest-lines && grep -F "../../../README.md" out &&
	grep -F "(and 1 more)" out
'

test_ok 'v0.97 out-of-scope-file-paths-using-dot-notation-for-fetch: integrity complete' '
	bag &&
	printf "http://localhost:8989/bags/v0_96/holey-bag/data/dir1/test3.txt - ../../../README.md\r\n" >b/$TOPN/fetch.txt &&
	(cd b/$TOPN && sha256sum fetch.txt >>tagmanifest-sha256.txt) && repack &&
	only integrity complete && grep -F "fetch.txt:1:" out
'

test_ok 'v0.97 same-filename-listed-twice-with-different-hashes: integrity manifest-unique' '
	bag && sed -i "\$p" b/$TOPN/manifest-sha256.txt &&
	sed -i "\$s/^......../deadbeef/" b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-unique
'

test_ok 'v0.97 linux-only out-of-scope-file-paths-using-absolute-path: integrity manifest-lines' '
	bag && h=$(head -c 64 b/$TOPN/manifest-sha256.txt) &&
	printf "%s  /tmp/foo\n" $h >>b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-lines && grep -F "/tmp/foo" out
'

test_ok 'v0.97 linux-only out-of-scope-file-paths-using-shortcut(-username): integrity manifest-lines' '
	bag && h=$(head -c 64 b/$TOPN/manifest-sha256.txt) &&
	printf "%s  ~/foo\n%s  ~root/foo\n" $h $h >>b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-lines && grep -F "(and 1 more)" out
'

test_ok 'v0.97 linux-only out-of-scope-file-paths-using-absolute-path-for-fetch: integrity complete' '
	bag && printf "https://en.wikipedia.org - /tmp/test.txt\n" >b/$TOPN/fetch.txt &&
	(cd b/$TOPN && sha256sum fetch.txt >>tagmanifest-sha256.txt) && repack &&
	only integrity complete
'

test_ok 'v0.97 warning same-filename-listed-twice-with-the-same-hash: invalid here too' '
	bag && sed -i "1p" b/$TOPN/manifest-sha256.txt && retag &&
	only integrity manifest-unique
'

test_done
