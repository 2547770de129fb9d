# tests/jobs-lib.sh — the inputs of the -j N tests (3006, 4005), sourced
# after lib.sh: three daily working sets made with qk-gen, and the check
# that a run gives the same bytes, messages and status at every -j.
GEN=${QK_BUILD:-$TOP/build}/tests/qk-gen
SET=$SCRATCH/set

# daily_sets: $SET/day16.xml … day18.xml (300 applications a day), once
# per test file; $SET/month.tar.gz holds them with day16.xml again (the
# same cases twice: duplicates across inputs) and a README (skipped);
# $SET/bad.xml is day17.xml with a case record without id (malformed).
daily_sets() {
	[ -f "$SET/month.tar.gz" ] && return 0
	mkdir -p "$SET" &&
	for d in 16 17 18; do
		"$GEN" applications --seed $d --count 300 --from 2026-11-$d --days 1 \
			-o "$SET/apps$d.xml" &&
		{ qk-intake --seq "$SET/seq" -o "$SET/new$d.xml" "$SET/apps$d.xml" 2>/dev/null
		  test $? -le 1; } &&
		qk-route --at 2026-11-${d}T18:00:00+08:00 -o "$SET/day$d.xml" "$SET/new$d.xml" ||
		return 1
	done &&
	sed '0,/<case id="[^"]*"/s//<case/' "$SET/day17.xml" >"$SET/bad.xml" &&
	printf '<?xml version="1.0"?>\n<cases version="1"/>\n' >"$SET/none.xml" &&
	: >"$SET/zero.xml" &&
	echo "daily working sets" >"$SET/README" &&
	(cd "$SET" && cp day16.xml again16.xml &&
	 tar czf month.tar.gz day16.xml README day17.xml day18.xml again16.xml)
}

# same_at_every_j CMD...: CMD with -j 1 (the one-core path), 2, 4, 16 and
# the default writes the same standard output and error and exits with the
# same status; its -j 1 output is left in out.1, err.1 and status.1.
same_at_every_j() {
	for j in 1 2 4 16 default; do
		if [ $j = default ]; then
			"$@" >out.$j 2>err.$j
		else
			"$@" -j $j >out.$j 2>err.$j
		fi
		echo $? >status.$j
	done
	for j in 2 4 16 default; do
		cmp out.1 out.$j && cmp err.1 err.$j && cmp status.1 status.$j || return 1
	done
}

# cases FILE...: how many case records the files hold.
cases() {
	cat "$@" | grep -c '<case[ >]'
}

# peak_kb CMD...: CMD's peak resident memory in KiB (its status ignored).
peak_kb() {
	/usr/bin/time -v "$@" 2>time.err >/dev/null
	sed -n 's/.*Maximum resident set size (kbytes): //p' time.err
}
