# tests/flow-lib.sh — helpers of the workflow tests (tests/7001-workflow-*.t),
# sourced after lib.sh: simulated days of generated data (tests/qk-gen) run
# through qk-daily and qk-evening, each test with its own spool.
GEN=${QK_BUILD:-$TOP/build}/tests/qk-gen
PATH=$TOP/scripts:$PATH
export PATH
unset QK_HOME QK_FLOW_KILL_AFTER

# apps HOME DATE SEED [COUNT]: the windows' applications of DATE, dropped
# into the inbox.
apps() {
	"$GEN" applications -q --seed "$3" --count "${4:-12}" --from "$2" --days 1 \
		-o "$1/inbox/applications/win-$2.xml"
}

# events HOME DATE: the departments' events of DATE for the open cases.
events() {
	"$GEN" events -q --seed 30 --day "$2" -o "$1/inbox/events/ev-$2.xml" "$1/open.xml"
}

# days HOME FROM N: N working days from FROM, each a morning and an evening.
days() {
	dh=$1
	mkdir -p "$dh/inbox/applications" "$dh/inbox/events"
	ds=0
	for dd in $("$GEN" workdays --from "$2" --days "$3"); do
		ds=$((ds + 1))
		apps "$dh" "$dd" "$((200 + ds))" &&
		qk-daily -q --home "$dh" --at "${dd}T08:30:00+08:00" &&
		events "$dh" "$dd" &&
		qk-evening -q --home "$dh" --at "${dd}T18:00:00+08:00" || return 1
	done
}

# spool_same A B: two spools hold the same files, byte for byte (the lock
# files aside).
spool_same() {
	diff -r -x lock -x seq.lock "$1" "$2"
}

# killed STATUS: the status of a shell ended by SIGKILL.
killed() {
	[ "$1" -eq 137 ] || { echo "exit status $1, expected 137 (SIGKILL)" >&2; return 1; }
}

# have TOOL: the tool is built.
have() {
	[ -x "$BIN/$1" ]
}
