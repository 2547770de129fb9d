#!/bin/sh
# The Debian package (make deb, scripts/mkdeb): its fields and files, no
# lintian error, and a day run by the commands unpacked into a clean root.
# Skipped without dpkg-deb.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flow-lib.sh"

if ! command -v dpkg-deb >/dev/null 2>&1; then
	test_skip 'the Debian package' 'dpkg-deb is not installed'
	test_done
	exit
fi

# The package of the programs under test (the sanitized build's, under
# make check SANITIZE=1), staged and built as make deb does.
san=
case $BIN in
*/build-san/bin) san=SANITIZE=1 ;;
esac
VERSION=$(sed -n 's/^VERSION = //p' "$TOP/Makefile")
DEB=
if make -s -C "$TOP" $san install DESTDIR="$SCRATCH/stage" PREFIX=/usr >"$SCRATCH/make.log" 2>&1; then
	DEB=$("$TOP/scripts/mkdeb" "$SCRATCH/stage" "$SCRATCH/out" "$VERSION" 2>"$SCRATCH/mkdeb.err")
fi

test_ok 'make deb names the package qk_VERSION_ARCH.deb' '
	test -n "$DEB" && test -f "$DEB" &&
	test "$(basename "$DEB")" = "qk_${VERSION}_$(dpkg --print-architecture).deb"
'

test_ok 'its control: the libraries the programs link, util-linux, xsltproc and libxml2-utils' '
	dpkg-deb -f "$DEB" Package Version Depends >fields &&
	grep -Fx "Package: qk" fields &&
	grep -Fx "Version: $VERSION" fields &&
	for p in libxml2 libarchive13 libnettle8 libc6 "util-linux (>= 2.27)" xsltproc libxml2-utils; do
		grep -F "$p" fields || return 1
	done
'

test_ok 'its files: tools, commands, gzipped man pages, data, copyright, changelog, cron example' '
	dpkg-deb -c "$DEB" | sed "s/.* \.\///; s/ -> .*//" | sort >files &&
	for f in usr/bin/qk-intake usr/bin/qk-route usr/bin/qk-daily usr/bin/qk-evening \
		usr/bin/qk-nightly usr/bin/qk-monthly usr/share/man/man1/qk-workflow.1.gz \
		usr/share/man/man1/qk-daily.1.gz usr/share/man/man7/qk.7.gz \
		usr/share/man/man1/qk-route.1.gz usr/share/qk/catalog.xml usr/share/qk/schema/cases.rng \
		usr/share/doc/qk/copyright usr/share/doc/qk/changelog.gz \
		usr/share/doc/qk/examples/crontab.example; do
		grep -Fx "$f" files || { echo "missing $f" >&2; return 1; }
	done &&
	! grep "\.[0-9]$" files
'

if command -v lintian >/dev/null 2>&1; then
	test_ok 'lintian reports no error' '
		lintian --fail-on error "$DEB" >out 2>&1 &&
		! grep "^E: " out
	'
else
	test_skip 'lintian reports no error' 'lintian is not installed'
fi

test_ok 'unpacked into a clean root, the installed commands run a day with its tools' '
	dpkg-deb -x "$DEB" root &&
	mkdir -p h/inbox/applications &&
	apps h 2026-11-24 9 &&
	env PATH=/usr/bin:/bin QK_DATA=$PWD/root/usr/share/qk QK_HOME=$PWD/h \
		root/usr/bin/qk-daily --at 2026-11-24T08:30:00+08:00 2>err &&
	grep "^qk-daily: intake: " err &&
	grep -F "qk-daily: done: 20261124T083000-daily" err &&
	"$GEN" events -q --seed 30 --day 2026-11-24 -o h/inbox/events/ev.xml h/open.xml &&
	env PATH=/usr/bin:/bin QK_DATA=$PWD/root/usr/share/qk QK_HOME=$PWD/h \
		root/usr/bin/qk-evening -q --at 2026-11-24T18:00:00+08:00 &&
	test -f h/processed/20261124T180000-evening/in/ev.xml &&
	valid h/open.xml &&
	root/usr/bin/qk-monthly --version >v && grep -Fx "qk-monthly (qk) $VERSION" v
'

test_ok 'the crontab example has the four jobs, MAILTO, TZ and QK_HOME' '
	dpkg-deb -x "$DEB" root &&
	c=root/usr/share/doc/qk/examples/crontab.example &&
	grep "^MAILTO=" $c && grep -Fx "TZ=Asia/Shanghai" $c && grep "^QK_HOME=/" $c &&
	for j in qk-daily qk-evening qk-nightly qk-monthly; do
		grep -E "^[0-9]+ +[0-9]+ +[0-9*]+ +\* +\* +$j -q$" $c || return 1
	done &&
	grep -E "^0 +2 +1 +\* +\* +qk-monthly -q$" $c
'
test_done
