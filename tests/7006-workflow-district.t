#!/bin/sh
# A district's figures beyond one machine (qk(7)): shards processed apart
# by GNU parallel (-S : runs them on this machine; --sshlogin spreads them
# over machines) into partials, merged by qk-report --merge, equal the
# report of the whole.  Needs qk-report and parallel.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flow-lib.sh"

if ! have qk-report; then
	test_skip 'the district merge with GNU parallel' 'qk-report is not built'
	test_done
	exit
fi
if ! command -v parallel >/dev/null 2>&1; then
	test_skip 'the district merge with GNU parallel' 'GNU parallel is not installed'
	test_done
	exit
fi

# by_site CASES DIR: one <cases> document per site of CASES in DIR.
by_site() {
	mkdir -p "$2" &&
	awk -v dir="$2" '
	NR <= 2 && !/^  / { if (NR == 1) decl = $0; next }
	/^  <case / {
		match($0, / site="[^"]*"/)
		f = dir "/" substr($0, RSTART + 7, RLENGTH - 8) ".xml"
		if (!(f in seen)) { seen[f] = 1; print decl > f; print "<cases version=\"1\">" > f }
	}
	/^<\/cases>/ { next }
	{ if (f != "") print > f }
	END { for (f in seen) print "</cases>" > f }
	' "$1"
}

AT=2026-11-20T22:00:00+08:00
OPT="--at $AT --as-of 2026-11-20"

test_ok 'shards per site and per month, partials by parallel -S :, merged: the report of the whole' '
	days h 2026-11-02 14 2>/dev/null &&
	by_site h/open.xml shards &&
	test $(ls shards | wc -l) -gt 1 &&
	parallel -S : --halt now,fail=1 \
		qk-report $OPT -f partial -o {.}.partial {} ::: shards/*.xml &&
	test $(ls shards/*.partial | wc -l) -eq $(ls shards/*.xml | wc -l) &&
	qk-report $OPT --merge -f xml -o merged.xml shards/*.partial &&
	qk-report $OPT -f xml -o whole.xml h/open.xml &&
	same whole.xml merged.xml &&
	qk-report $OPT --merge -f csv --table departments shards/*.partial >merged.csv &&
	qk-report $OPT -f csv --table departments h/open.xml >whole.csv &&
	same whole.csv merged.csv
'

test_done
