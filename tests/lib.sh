# tests/lib.sh — a small TAP harness for the command-line tests, sourced by
# each tests/NNNN-*.t.  Each test is a named block of commands joined by &&
# and run in a fresh scratch folder; test_done prints the plan.
#
#   test_ok 'what it checks' '
#   	must_fail 2 qk-route bad.xml >out 2>err &&
#   	grep -F "bad.xml:3:" err
#   '

set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${QK_BIN:-$TOP/bin}
DATA=$TOP/tests/data
SPEC=$TOP/../shared/spec
CORPUS=$TOP/../shared/corpus
export TZ=Asia/Shanghai
export QK_DATA=$TOP/share/qk
export QK_STATE=
export HOME=${HOME:-/tmp}
PATH=$BIN:$PATH
export PATH
unset QK_THREADS

test_count=0
test_failed=0
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/qk-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# The example's reference data, as the examples were made with them.
EX=$DATA/example
REF="--catalog $EX/catalog.xml --roster $EX/roster.xml --calendar $EX/calendar.xml"

# make check VALGRIND=1: every tool runs under valgrind's memcheck through
# a wrapper first in PATH.  Its reports go to files, not to the standard
# error the tests read; a memory error or a definite leak makes the tool
# exit 99 and fails the test that ran it, with the report.
VGLOG=
if [ "${QK_VALGRIND:-}" = 1 ]; then
	VGLOG=$SCRATCH/valgrind
	mkdir -p "$SCRATCH/valgrind-bin" "$VGLOG"
	for tool in qk-audit qk-intake qk-pack qk-report qk-route; do
		cat >"$SCRATCH/valgrind-bin/$tool" <<-EOF
		#!/bin/sh
		exec valgrind -q --error-exitcode=99 --leak-check=full \\
		    --errors-for-leak-kinds=definite --show-leak-kinds=definite \\
		    --log-file="$VGLOG/$tool.%p" "$BIN/$tool" "\$@"
		EOF
		chmod +x "$SCRATCH/valgrind-bin/$tool"
	done
	PATH=$SCRATCH/valgrind-bin:$PATH
fi

# Fails (with the reports) when valgrind reported anything since the last
# call; always passes without VALGRIND=1.
valgrind_clean() {
	[ -n "$VGLOG" ] || return 0
	bad=$(find "$VGLOG" -type f -size +0 | head -n 5)
	if [ -n "$bad" ]; then
		cat $bad
		rm -f "$VGLOG"/*
		return 1
	fi
	rm -f "$VGLOG"/*
}

# bounded FILE KIB: the peak memory /usr/bin/time -f %M wrote to FILE is
# under KIB (not checked under a sanitizer or valgrind, which add their
# own memory).
bounded() {
	case $BIN in
	*build-san*) return 0 ;;
	esac
	[ -z "$VGLOG" ] || return 0
	test "$(tail -n 1 "$1")" -lt "$2" || { echo "peak memory $(tail -n 1 "$1") KiB" >&2; return 1; }
}

test_ok() {
	test_count=$((test_count + 1))
	dir=$SCRATCH/$test_count
	mkdir -p "$dir"
	if (cd "$dir" && eval "$2") >"$dir/.log" 2>&1 && valgrind_clean >>"$dir/.log" 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		sed 's/^/# /' "$dir/.log"
		test_failed=$((test_failed + 1))
	fi
}

test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# must_fail STATUS CMD...: CMD exits with STATUS (not a crash or signal).
must_fail() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "exit status $got, expected $want: $*" >&2
		return 1
	fi
	return 0
}

# Compares expected and actual files, showing the difference.
same() {
	diff -u "$1" "$2"
}

# Validates an XML file against the shipped schema of its root.
valid() {
	root=$(sed -n '2s/^<\([a-z]*\).*/\1/p' "$1")
	xmllint --noout --relaxng "$TOP/share/qk/schema/$root.rng" "$1"
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}
