#!/bin/sh
# A full disk (a small tmpfs): the run fails cleanly, naming its step,
# with the spool as before the step; after space is freed the next run
# finishes the work, and the spool equals that of a run with room.  Needs
# root (mount); skipped otherwise.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flow-lib.sh"

MNT=$SCRATCH/mnt
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=2m tmpfs "$MNT" 2>/dev/null; then
	test_skip 'a full disk' 'cannot mount a tmpfs (not root?)'
	test_done
	exit
fi
trap 'umount "$MNT" 2>/dev/null; rm -rf "$SCRATCH"' EXIT

# fill DIR KB: DIR's file system is full but for about KB kilobytes.
fill() {
	dd if=/dev/zero of="$1/fill" bs=1k 2>/dev/null
	truncate -s -"$2"k "$1/fill"
}

# full FREE CMD: CMD's run of the day on the full spool fails naming a
# step, then succeeds once the filler is removed, and the spool equals
# the one of the same run with room.
full() {
	rm -rf "$MNT/h" "$MNT/fill" ref &&
	days ref 2026-11-02 3 2>/dev/null &&
	cp -R ref "$MNT/h" &&
	case $2 in
	qk-daily) apps ref 2026-11-05 77 30 && apps "$MNT/h" 2026-11-05 77 30 && t=08:30 ;;
	qk-evening) events ref 2026-11-05 && events "$MNT/h" 2026-11-05 && t=18:00 ;;
	esac &&
	cp "$MNT/h/open.xml" before.xml &&
	fill "$MNT" "$1" &&
	must_fail 2 $2 -q --home "$MNT/h" --at 2026-11-05T$t:00+08:00 2>err &&
	grep "^$2: [a-z]*: failed: " err &&
	same before.xml "$MNT/h/open.xml" &&
	rm -f "$MNT/fill" &&
	{ $2 -q --home ref --at 2026-11-05T$t:00+08:00 2>/dev/null || return 1; } &&
	$2 -q --home "$MNT/h" --at 2026-11-05T$t:00+08:00 2>err2 &&
	spool_same ref "$MNT/h"
}

test_ok 'qk-daily on a full disk: the step fails cleanly, the next run recovers' '
	full 8 qk-daily &&
	full 60 qk-daily &&
	full 150 qk-daily
'

test_ok 'qk-evening on a full disk: the step fails cleanly, the next run recovers' '
	full 8 qk-evening &&
	full 120 qk-evening
'
umount "$MNT"
trap 'rm -rf "$SCRATCH"' EXIT
test_done
