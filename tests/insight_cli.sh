#!/bin/bash
# capisim explain, report and fleet: the CLI contract.
# Expected values: RULES.md 2 (BASE policy: an untrusted root gives
# CERT_E_UNTRUSTEDROOT 0x800B0109; SSL policy: revocation unknown gives
# CRYPT_E_REVOCATION_OFFLINE 0x80092013), RULES.md 3 (the chain cache is
# per process memory, cleared by reboot or ChainCacheResyncFiletime),
# RULES.md 4 (a cached CRL is reused until its NextUpdate) and the basic
# fixtures' dates (fixtures/README.md: intermediate+.crl NextUpdate
# 2025-01-02T00:00:00Z).
# usage: insight_cli_test.sh CAPISIM SOURCE_ROOT
set -u
capisim=$(realpath "$1")
src=$2
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2
scn=tests/scenario/verify-basic.scn
outage=tests/fleet/crl-outage.scn
VARY=(--vary 'start=uniform(0,1d)' --vary 'reboot=every(1d..3d)'
	--vary 'profile=mix(win7-sp1:60,win10-22h2:40)')

# The golden text: the whole explanation of the small scenario. Reviewed
# by hand against the facts checked in t_explain_facts.
t_explain_golden() {
	"$capisim" explain "$scn" >"$tmp/x" || return 1
	diff -u tests/insight/verify-basic.explain "$tmp/x"
}

# The facts the text must carry, whatever its wording.
t_explain_facts() {
	local out
	out=$("$capisim" explain --step 11 "$scn") || return 1
	grep -q 'result: error 0x800B0109 CERT_E_UNTRUSTEDROOT' <<<"$out" || return 1
	grep -q '\[chain.policy; DOC CertVerifyCertificateChainPolicy' <<<"$out" || return 1
	grep -q "Root store" <<<"$out" || { echo "no counterfactual"; return 1; }
	out=$("$capisim" explain --step 16 "$scn") || return 1
	# line 16 reuses the chain built at line 11 (same leaf, same process)
	grep -q 'chain.cache.path_hit' <<<"$out" || return 1
	grep -q 'ChainCacheResyncFiletime @now' <<<"$out" || return 1
}

# Explaining a trace file gives the same text as explaining the scenario.
t_explain_trace_file() {
	"$capisim" run --trace "$tmp/t.jsonl" "$scn" >/dev/null || return 1
	"$capisim" explain "$tmp/t.jsonl" >"$tmp/a" || return 1
	"$capisim" explain "$scn" >"$tmp/b" || return 1
	cmp "$tmp/a" "$tmp/b"
}

# A repeated step is explained once per outcome, with its count; the
# cached CRL is named with the line that downloaded it.
t_explain_repeats() {
	local out
	out=$("$capisim" explain --step 22 "$outage") || return 1
	grep -q 'the same result' <<<"$out" || return 1
	grep -q 'CRYPT_E_REVOCATION_OFFLINE' <<<"$out" || return 1
	grep -q 'intermediate.crl: in-memory copy' <<<"$out" || return 1
}

t_explain_bad_step() {
	"$capisim" explain --step 9999 "$scn" >/dev/null 2>"$tmp/e"
	expect_eq rc $? 2 || return 1
	grep -q 'line 9999 has no result' "$tmp/e"
}

t_report_selfcontained() {
	"$capisim" report -o "$tmp/r.html" "$outage" || return 1
	grep -q '<svg' "$tmp/r.html" || return 1
	grep -q 'URL cache: user:Administrator' "$tmp/r.html" || return 1
	grep -q 'CRYPT_E_REVOCATION_OFFLINE' "$tmp/r.html" || return 1
	# no scripts, nothing fetched: no src=, href= or url( anywhere
	! grep -qiE '<script|src=|href=|url\(' "$tmp/r.html"
}

t_report_no_partial() {
	"$capisim" report -o "$tmp/bad.html" tests/does-not-exist.scn 2>/dev/null
	expect_eq rc $? 2 || return 1
	[ ! -e "$tmp/bad.html" ]
}

fleet() { "$capisim" fleet "$outage" --machines 3000 "${VARY[@]}" "$@" 2>/dev/null; }

# Same seed, same CSV (also with another thread count); another seed
# draws another fleet.
t_fleet_deterministic() {
	fleet --seed 7 --csv "$tmp/a.csv" || return 1
	fleet --seed 7 --jobs 1 --csv "$tmp/b.csv" || return 1
	cmp "$tmp/a.csv" "$tmp/b.csv" || return 1
	fleet --seed 8 --csv "$tmp/c.csv" || return 1
	! cmp -s "$tmp/a.csv" "$tmp/c.csv"
}

# Shards merged in any order are byte for byte the unsharded run.
t_fleet_merge_exact() {
	fleet --seed 7 --csv "$tmp/all.csv" || return 1
	for i in 0 1 2; do
		fleet --seed 7 --shard $i/3 --csv "$tmp/s$i.csv" || return 1
	done
	"$capisim" fleet merge --csv "$tmp/m.csv" "$tmp/s2.csv" "$tmp/s0.csv" \
		"$tmp/s1.csv" || return 1
	cmp "$tmp/m.csv" "$tmp/all.csv"
}

t_fleet_merge_rejects() {
	fleet --seed 7 --shard 0/3 --csv "$tmp/s0.csv" || return 1
	fleet --seed 7 --shard 1/3 --csv "$tmp/s1.csv" || return 1
	"$capisim" fleet merge --csv "$tmp/bad-merge.csv" "$tmp/s0.csv" "$tmp/s1.csv" \
		2>/dev/null
	expect_eq "missing shard" $? 2 || return 1
	fleet --seed 9 --shard 2/3 --csv "$tmp/s2.csv" || return 1
	"$capisim" fleet merge --csv "$tmp/bad-merge.csv" "$tmp/s0.csv" "$tmp/s1.csv" \
		"$tmp/s2.csv" 2>/dev/null
	expect_eq "other seed" $? 2 || return 1
	[ ! -e "$tmp/bad-merge.csv" ]
}

# The shares follow the rules: nobody fails before the outage (12:00);
# a machine that starts in the outage fails at once; once the cached
# delta CRL passes its NextUpdate (2025-01-02) every started machine
# fails.
t_fleet_shares() {
	"$capisim" fleet "$outage" --machines 1000 --seed 3 \
		--vary 'start=uniform(0,1d)' --csv "$tmp/f.csv" 2>/dev/null || return 1
	local col
	col=$(grep '^bucket_start' "$tmp/f.csv" | tr ',' '\n' |
		grep -n '^share failed:line 22 verify$' | cut -d: -f1)
	[ -n "$col" ] || { echo "no share column"; return 1; }
	share() { grep "^$1," "$tmp/f.csv" | cut -d, -f"$col"; }
	expect_eq "11:00" "$(share 2024-12-31T11:00:00Z)" 0.000000 || return 1
	expect_eq "2025-01-02 01:00" "$(share 2025-01-02T01:00:00Z)" 1.000000 || return 1
	# between: the machines that started after 12:00 (about half)
	local mid
	mid=$(share 2025-01-01T06:00:00Z)
	[[ "$mid" > 0.400000 && "$mid" < 0.600000 ]] || { echo "mid $mid"; return 1; }
}

t_fleet_bad_vary() {
	"$capisim" fleet "$outage" --machines 10 --seed 1 \
		--vary 'start=uniform(7d,1d)' --csv "$tmp/x.csv" 2>"$tmp/e"
	expect_eq rc $? 2 || return 1
	grep -q 'MIN < MAX' "$tmp/e" || return 1
	"$capisim" fleet "$outage" --machines 10 --seed 1 \
		--vary 'profile=mix(win99:1)' --csv "$tmp/x.csv" 2>"$tmp/e"
	expect_eq rc $? 2 || return 1
	grep -q 'unknown profile' "$tmp/e" || return 1
	[ ! -e "$tmp/x.csv" ]
}

t_fleet_svg() {
	fleet --seed 7 --csv "$tmp/a.csv" --svg "$tmp/a.svg" || return 1
	grep -q '<polyline' "$tmp/a.svg"
}

tap_add t_explain_golden "explain: golden text of verify-basic.scn"
tap_add t_explain_facts "explain: rule, source and counterfactual facts"
tap_add t_explain_trace_file "explain: a trace file explains like its scenario"
tap_add t_explain_repeats "explain: repeated steps grouped, cached CRL traced"
tap_add t_explain_bad_step "explain: --step without a result exits 2"
tap_add t_report_selfcontained "report: self-contained HTML with lanes"
tap_add t_report_no_partial "report: bad input leaves no file"
tap_add t_fleet_deterministic "fleet: same seed same CSV, any thread count"
tap_add t_fleet_merge_exact "fleet: shards merge exactly"
tap_add t_fleet_merge_rejects "fleet: merge rejects missing or foreign shards"
tap_add t_fleet_shares "fleet: shares follow the cache rules"
tap_add t_fleet_bad_vary "fleet: bad --vary exits 2, no file"
tap_add t_fleet_svg "fleet: SVG chart"
tap_run
