#!/bin/bash
# A long `every` runs in flat memory: `capisim run` streams the timeline and
# the trace step by step instead of holding them (a week of `every 1s`, 604800
# steps, took 1.6-3.4 GB before; two days about 1 GB). Run under a 512 MiB cap
# (`ulimit -v`), with the trace and fetch log written too. ASan reserves
# terabytes of address space: skipped under sanitizers.
#   every_memory.sh CAPISIM SRCROOT
set -u
capisim="$1" src="$2"
source "$src/tests/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t_two_days_of_seconds() {
	if [ "${CAPISIM_SANITIZE:-none}" != none ]; then
		echo "# SKIP no address-space cap under -fsanitize=$CAPISIM_SANITIZE"
		return 0
	fi
	cp "$src/fixtures/data/basic/leaf.crt" "$tmp/"
	printf 'start 2025-01-01T00:00:00Z\nevery 1s until now+2d verify leaf.crt revocation=none\n' >"$tmp/days.scn"
	local last rc
	last=$(ulimit -v 524288 && "$capisim" run --trace "$tmp/t.jsonl" \
		--fetch-log "$tmp/f.log" "$tmp/days.scn" | tail -n 1)
	rc=$?
	expect_eq "exit status" "$rc" 0 || return 1
	expect_eq "end line" "$last" "end: 2025-01-03T00:00:00Z; 172800 steps, 0 expectations checked, 0 failed" || return 1
	# every step has its "step" observation in the trace file
	expect_eq "step observations" "$(grep -c '"kind":"step"' "$tmp/t.jsonl")" 172800
}

tap_add t_two_days_of_seconds "run: two days of 'every 1s' (172800 steps) under a 512 MiB cap"
tap_run
