# Helpers of the qk-audit tests (tests/3*-audit-*.t), sourced after lib.sh.

# apps RECEIVED "ITEMS" "MATERIALS" [EXTRA-ATTRS] [REF]: one application.
apps() {
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<applications version="1">'
	printf '  <application ref="%s" received="%s" site="XG" staff="W01" channel="window"%s>\n' \
	    "${5:-R-1}" "$1" "${4:-}"
	echo '    <applicant kind="person" name="张伟" idno="320703199001011231" phone="13800000000"/>'
	for i in $2; do echo "    <request item=\"$i\"/>"; done
	for m in $3; do echo "    <material code=\"$m\"/>"; done
	echo '  </application>'
	echo '</applications>'
}

# events CASE 'ATTRS'...: an <events> document, one event per argument.
events() {
	c=$1
	shift
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<events version="1">'
	for e in "$@"; do echo "  <event case=\"$c\" $e/>"; done
	echo '</events>'
}

ALL="M-IDCARD M-HUKOU M-PHOTO"
C1=XG-20261124-0001

# case1 [ITEMS] [MATERIALS]: one case received 2026-11-24 09:00, routed
# that evening (CL-001 due 2026-12-01), in r.xml.
case1() {
	apps 2026-11-24T09:00:00+08:00 "${1:-CL-001}" "${2:-$ALL}" >a.xml &&
	qk-intake $REF --seq "$PWD/seq" a.xml >c.xml &&
	qk-route $REF --at 2026-11-24T18:00:00+08:00 c.xml >r.xml
}

# apply FILE AT 'ATTRS'...: applies events of case C1 to FILE, in place.
apply() {
	f=$1
	at=$2
	shift 2
	events $C1 "$@" >ev.xml &&
	qk-route $REF --apply ev.xml --at "$at" "$f" >"$f.new" &&
	mv "$f.new" "$f"
}

# audit ARGS...: qk-audit -f text with the example's data into out; exit
# 0 or 1 (findings), anything else fails.
audit() {
	qk-audit $REF -f text "$@" >out 2>err
	s=$?
	cat err >&2
	[ $s -le 1 ]
}

# line SEVERITY RULE CASE ITEM ATTRS TEXT: one line of -f text.
line() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

# expect_none: out is empty.
expect_none() {
	: >none && same none out
}

# body FILE: the case records of a <cases> document, without its root.
body() {
	sed -e '1,2d' -e '$d' "$1"
}

# cases FILE...: one <cases> document of the case records of the files.
cases() {
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<cases version="1">'
	for f in "$@"; do body "$f"; done
	echo '</cases>'
}

# insert_event FILE 'ATTRS': appends a raw event (no valid h) after the
# last event of the one case of FILE, in place.
insert_event() {
	awk -v ev="    <event $2/>" '
		{ lines[NR] = $0 } /<event / { last = NR }
		/^    <event .*[^\/]>$/ { open = 1 } /^    <\/event>$/ { last = NR }
		END { for (i = 1; i <= NR; i++) { print lines[i]; if (i == last) print ev } }
	' "$1" >"$1.new" && mv "$1.new" "$1"
}
