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
	# computed: the root (held in the CA store since line 10) in Root
	# would have made it trusted (RULES.md 2)
	grep -q "CN=capisim Test Root CA.* in the machine's Root store before line 11: ok" <<<"$out" ||
		{ echo "no counterfactual"; return 1; }
	out=$("$capisim" explain --step 16 "$scn") || return 1
	# line 16 reuses the chain built at line 11 (same leaf, same process)
	grep -q 'chain.cache.path_hit' <<<"$out" || return 1
	# the root was removed from Root at line 15: a fresh build (reboot,
	# ChainCacheResyncFiletime) is untrusted too, so neither is offered
	! grep -q 'reboot\|ChainCacheResyncFiletime' <<<"$out" || return 1
	grep -q "in the machine's Root store before line 16: ok" <<<"$out"
}

# Counterfactuals are computed by replaying: incident A's first 4107
# (line 45, SYSTEM's in-memory and disk copies of the 2010-07-03 list,
# signer expired 2010-07-09) is cured by neither cache delete alone nor a
# reboot alone (SEED 000: both copies must go), by the pair, and by
# waiting until the 7-day copy ages out (downloaded 07-03 09:00: 1 h).
t_explain_counterfactuals_computed() {
	local out
	out=$("$capisim" explain --step 45 fixtures/incidents/2010-07-authroot-signer-expiry.scn) || return 1
	grep -q '^    - `reboot` then `as SYSTEM` then `certutil -urlcache \* delete` before line 45: ok$' <<<"$out" ||
		{ echo "$out" | tail -6; return 1; }
	! grep -q '^    - `reboot` before line 45' <<<"$out" || return 1
	! grep -q '^    - `as SYSTEM` then `certutil -urlcache \* delete` before line 45' <<<"$out" || return 1
	grep -q '^    - line 45 run 1h later (at 2010-07-10T09:00:00Z): ok$' <<<"$out" || return 1
	# from a trace file nothing can be replayed, and the text says so
	"$capisim" run --trace "$tmp/a.jsonl" fixtures/incidents/2010-07-authroot-signer-expiry.scn >/dev/null
	out=$("$capisim" explain --step 45 "$tmp/a.jsonl") || return 1
	grep -q 'computed only from the scenario' <<<"$out"
}

# A root left out of the issuer list for its usages: the explanation names
# it and says which of the two (extension or store property) excluded it
# (docs/hypotheses.md H-sch-2; tests/scenario/store-purposes.scn restricts
# the enterprise root's property to serverAuth,codeSigning at line 21).
t_explain_dropped_usage() {
	local out
	out=$("$capisim" explain --step 22 tests/scenario/store-purposes.scn) || return 1
	grep -q 'it left out CN=contoso-ENTROOT-CA, DC=contoso, DC=local: client authentication is not among its usages (eku-property, H-sch-2)' <<<"$out" ||
		{ echo "$out"; return 1; }
	# before the property is set, nothing is left out
	out=$("$capisim" explain --step 17 tests/scenario/store-purposes.scn) || return 1
	! grep -q 'left out' <<<"$out"
}

# Explaining a trace file gives the same text as explaining the scenario,
# but for the alternatives, which only the scenario can replay.
t_explain_trace_file() {
	"$capisim" run --trace "$tmp/t.jsonl" "$scn" >/dev/null || return 1
	"$capisim" explain "$tmp/t.jsonl" | grep -v '^  what would\|^    - ' >"$tmp/a" || return 1
	"$capisim" explain "$scn" | grep -v '^  what would\|^    - ' >"$tmp/b" || return 1
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

# A cached copy is named with the download that filled it: its own
# account's (RULES.md 3: caches are per account and process). Incident A's
# SYSTEM downloads authroot.stl with leaf-p1 (2010-07-03), the user with
# leaf-p2 the same minute; on 07-10 SYSTEM's verify uses SYSTEM's copy.
t_explain_cached_copy_download() {
	local a=fixtures/incidents/2010-07-authroot-signer-expiry.scn out sys usr
	sys=$(grep -n '^verify ../data/incident-a-2010/leaf-p1.crt' "$a" | head -1 | cut -d: -f1)
	usr=$(grep -n '^verify ../data/incident-a-2010/leaf-p2.crt' "$a" | head -1 | cut -d: -f1)
	out=$("$capisim" explain --step 45 "$a") || return 1
	grep -q "authrootstl.cab: in-memory copy of lsass (SYSTEM), filled 2010-07-03T09:00:00Z (download at line $sys)\$" <<<"$out" ||
		{ grep 'copy of' <<<"$out"; return 1; }
	! grep -q "(download at line $usr)" <<<"$out"
}

# Incident C: the pinned base CRL is named with its own NextUpdate and the
# delta's BaseCRLNumber, read from the fixture CRLs (seed 003's test CA);
# at 11:52 the base of 10:51 is still valid, so the text must not say it
# expired.
t_explain_pinned_base_crl() {
	local c=fixtures/incidents/2014-04-ocsp-suppresses-crl.scn out
	local d=fixtures/data/incident-c-2014/crl-1h-seed
	local held=$d/base-20140410T105120Z.crl next num newer step
	step=$(grep -n '^at 2014-04-10T11:52:14Z verify' "$c" | head -1 | cut -d: -f1)
	next=$(date -u -d "$(openssl crl -inform DER -in "$held" -noout -nextupdate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ) || return 1
	num=$((16#$(openssl crl -inform DER -in "$held" -noout -crlnumber | cut -d= -f2 | sed 's/^0x//')))
	newer=$((16#$(openssl crl -inform DER -in "$d/base-20140410T115120Z.crl" -noout -crlnumber | cut -d= -f2 | sed 's/^0x//')))
	out=$("$capisim" explain --step "$step" "$c") || return 1
	grep -q "base CRL number $newer, newer than the base CRL in use (number $num)" <<<"$out" ||
		{ echo "$out" | grep -i 'base'; return 1; }
	grep -q "The pinned base CRL http://win-msprl0t325o/CertEnroll/XXX-CA(1).crl is still within its validity (until $next), but the delta CRL names a newer base (number $newer)" <<<"$out" ||
		{ echo "$out" | grep -i 'pinned'; return 1; }
	! grep -q 'pinned base CRL.*expired' <<<"$out"
}

t_explain_bad_step() {
	"$capisim" explain --step 9999 "$scn" >/dev/null 2>"$tmp/e"
	expect_eq rc $? 2 || return 1
	grep -q 'line 9999 has no result' "$tmp/e"
}

t_report_selfcontained() {
	"$capisim" report -o "$tmp/r.html" "$outage" || return 1
	grep -q '<svg' "$tmp/r.html" || return 1
	# a lane for the user's disk cache, with the CRL that it held
	grep -q '>Administrator disk cache</text>' "$tmp/r.html" || return 1
	grep -q 'CRYPT_E_REVOCATION_OFFLINE' "$tmp/r.html" || return 1
	# no scripts, nothing fetched: no src=, and links and url() only to
	# the page itself (#...)
	! grep -qiE '<script|src=' "$tmp/r.html" || return 1
	! grep -oiE 'href="[^"]*"|url\([^)]*\)' "$tmp/r.html" | grep -vE '^href="#|^url\(#'
}

t_report_no_partial() {
	"$capisim" report -o "$tmp/bad.html" tests/does-not-exist.scn 2>/dev/null
	expect_eq rc $? 2 || return 1
	[ ! -e "$tmp/bad.html" ]
}

fleet() { "$capisim" fleet "$outage" --machines 1000 "${VARY[@]}" "$@" 2>/dev/null; }

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
# a machine that starts in the outage fails at once; the cached delta
# CRL's NextUpdate (2025-01-02) changes nothing (the base answers alone,
# H-rev-8); once the cached base passes its NextUpdate (2025-01-06) every
# started machine fails.
t_fleet_shares() {
	"$capisim" fleet "$outage" --machines 1000 --seed 3 \
		--vary 'start=uniform(0,1d)' --csv "$tmp/f.csv" 2>/dev/null || return 1
	local col
	col=$(grep '^bucket_start' "$tmp/f.csv" | tr ',' '\n' |
		grep -n '^share failed:line 22 verify$' | cut -d: -f1)
	[ -n "$col" ] || { echo "no share column"; return 1; }
	share() { grep "^$1," "$tmp/f.csv" | cut -d, -f"$col"; }
	expect_eq "11:00" "$(share 2024-12-31T11:00:00Z)" 0.000000 || return 1
	expect_eq "2025-01-06 01:00" "$(share 2025-01-06T01:00:00Z)" 1.000000 || return 1
	expect_eq "2025-01-02 01:00" "$(share 2025-01-02T01:00:00Z)" \
		"$(share 2025-01-01T06:00:00Z)" || return 1
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

# The chart reads on its own: a title (the scenario's), both axes named,
# the legend in words, and lines told apart without colour (each its own
# dash pattern and width).
t_fleet_svg() {
	fleet --seed 7 --csv "$tmp/a.csv" --svg "$tmp/a.svg" || return 1
	local texts
	texts=$(grep -o '<text[^>]*>[^<]*</text>' "$tmp/a.svg" | sed 's/<[^>]*>//g')
	grep -qx 'CRL outage hidden by the URL cache' <<<"$texts" || { echo "no title"; return 1; }
	grep -qx 'share of machines' <<<"$texts" || return 1
	grep -q '^time (UTC)' <<<"$texts" || return 1
	grep -qx 'line 22: verify leaf.crt fails' <<<"$texts" || { echo "$texts"; return 1; }
	! grep -q '^failed:\|^event:' <<<"$texts" || return 1
	# incident A: the failing verify and its 4107 event, distinct styles
	"$capisim" fleet fixtures/incidents/2010-07-authroot-signer-expiry-fleet.scn \
		--machines 200 --seed 1 --vary 'start=uniform(0,7d)' \
		--csv "$tmp/fa.csv" --svg "$tmp/fa.svg" 2>/dev/null || return 1
	grep -q '>event 4107 logged (Microsoft-Windows-CAPI2, Application log)<' "$tmp/fa.svg" || return 1
	local styles
	styles=$(grep -o '<polyline[^>]*stroke-width="[^"]*"[^>]*' "$tmp/fa.svg" |
		sed -E 's/.*stroke-width="([^"]*)".*/\1/;t;d' | sort | uniq -d)
	[ -z "$styles" ] || { echo "two lines share a width: $styles"; return 1; }
	[ "$(grep -o 'stroke-dasharray="[^"]*"' "$tmp/fa.svg" | sort -u | wc -l)" -ge 4 ]
}

# Incident A over 10^4 machines (fixtures/incidents/
# 2010-07-authroot-signer-expiry-fleet.scn; the expected shape is argued
# there and in docs/fleet.md). Every machine's first verify downloads list
# #1 during [07-01, 07-08) (start=uniform(0,7d), list #1 served until
# 07-08). RULES.md 6: the STL's signer must be valid now; RULES.md 1: a
# certificate is valid on [notBefore, notAfter], notAfter included -> no
# 4107 up to and including the old signer's notAfter 2010-07-09T00:00Z
# (fixtures/README.md), where the machines' whole-hour verifies still
# pass. EVIDENCE.md A: the copy is kept 7 days after download and not
# fetched again while present -> machines that downloaded after 07-02
# still hold list #1 through the next day and log 4107 at each hourly
# verify (share > 0 in each of the 24 hours after the expiry); each copy
# ages out at download + 7 days < 07-15, and the
# refetch gets list #2 (renewed signer) -> exactly 0 from 2010-07-15T00:00Z,
# 7 days after the fix; a recovered machine keeps list #2, so the share
# never rises once the event has started.
t_fleet_incident_a_decay() {
	"$capisim" fleet fixtures/incidents/2010-07-authroot-signer-expiry-fleet.scn \
		--machines 10000 --seed 2010 --vary 'start=uniform(0,7d)' \
		--quantum 1h --csv "$tmp/a.csv" 2>/dev/null || return 1
	awk -F, '
		/^#/ { next }
		/^bucket_start/ {
			for (i = 1; i <= NF; i++)
				if ($i == "share event:Application:Microsoft-Windows-CAPI2:4107") col = i
			if (!col) { print "no 4107 column"; bad = 1; exit }
			next
		}
		{
			t = $1; s = $col + 0
			if (t <= "2010-07-09T00:00:00Z" && s != 0) { print t " before expiry: " s; bad = 1 }
			if (t > "2010-07-09T00:00:00Z" && t <= "2010-07-10T00:00:00Z") {
				day1++
				if (s <= 0) { print t " first day after expiry: " s; bad = 1 }
			}
			if (t >= "2010-07-15T00:00:00Z") {
				after++
				if (s != 0) { print t " 7 days after the fix: " s; bad = 1 }
			}
			if (started && s > prev) { print t " rises: " prev " -> " s; bad = 1 }
			if (t > "2010-07-09T00:00:00Z") { started = 1; prev = s }
		}
		END {
			if (day1 != 24) { print "the day after the expiry has " day1 " buckets"; bad = 1 }
			if (after < 24) { print "only " after " buckets after 07-15"; bad = 1 }
			exit bad
		}' "$tmp/a.csv"
}

# capisim bench --quick: the shape of its output only (it is not a timed
# test: the figures depend on the machine). Sizes from `capisim help
# bench` / docs/performance.md: 1 day of a verify every minute is 1,440
# verifications; the quick fleet has 10^4 machines on the grid; without
# a grid every machine is a run. Targets: issue 10 and issue 21; quick
# sizes judge none of the size-bound ones (null).
t_bench_quick_shape() {
	"$capisim" bench --quick --json >"$tmp/b.json" || return 1
	python3 - "$tmp/b.json" <<'PY' || return 1
import json, sys
b = json.load(open(sys.argv[1]))
def pos(x, what):
    assert isinstance(x, (int, float)) and x > 0, f"{what}: {x!r}"
assert b["capisim_bench"] == 1 and b["quick"] is True
c = b["chain"]
for k in ("openssl_x509_verify_cert", "raw_signatures", "cold", "warm"):
    pos(c["per_second"][k], k)
for k in ("warm_vs_openssl", "cold_vs_raw_signatures"):
    pos(c[k], k)
assert c["warm_target"] == 20 and c["cold_target"] == 1.2
assert isinstance(c["warm_met"], bool) and isinstance(c["cold_met"], bool)
r = b["replay"]
assert r["verifications"] == 1440, r["verifications"]
assert r["trace_off"]["observations"] == 0
for k in ("trace_off", "trace_written"):
    pos(r[k]["seconds"], k); pos(r[k]["verifications_per_second"], k)
    assert len(r[k]["load_average"]) == 2
w = r["trace_written"]
pos(w["observations"], "observations")
assert w["target_seconds"] == 0.04 and w["target_met"] is None
pos(w["cpu_seconds"], "replay cpu")
rt = r["run_trace"]
pos(rt["peak_rss_bytes"], "run --trace peak")
assert rt["target_peak_rss_bytes"] == 20e6 and rt["target_met"] is None
f = b["fleet"]
assert len(f["vary_grid"]) == 3 and len(f["vary_exact"]) == 4
fast, slow = f["classes"], f["per_machine"]
assert fast["machines"] == 10000 and 0 < fast["classes"] <= 10000
assert fast["runs"] == fast["classes"] and fast["target_met"] is None
assert slow["runs"] == slow["machines"] > 0 and slow["classes"] == 0
assert slow["target_met"] is None and slow["seconds_target_met"] is None
assert slow["target_seconds_for_1e6_x_30_days"] == 5
for p in (fast, slow):
    for k in ("seconds", "cpu_seconds", "machine_days_per_second",
              "peak_rss_growth_bytes"):
        pos(p[k], k)
    assert p["target_machine_days_per_second"] == 1e7
    assert len(p["load_average"]) == 2
pos(fast["bytes_per_machine"], "bytes_per_machine")
pos(slow["bytes_per_machine_in_flight"], "in flight")
assert len(c["load_average"]) == 2
pos(b["peak_rss_bytes"], "peak_rss_bytes")
PY
	"$capisim" bench --quick >"$tmp/b.txt" || return 1
	for s in 'OpenSSL X509_verify_cert' 'warm / OpenSSL throughput' \
		'cold cost / raw signatures' 'trace off' 'trace written' \
		'capisim run --trace: peak memory' 'no grid, every machine played' \
		'on a 1 h grid, once per class' '10^6 machines x 30 days' \
		'bytes per simulated machine' 'load average'; do
		grep -qF "$s" "$tmp/b.txt" || { echo "no '$s'"; return 1; }
	done
	"$capisim" help bench | grep -q '^  capisim bench' || return 1
	"$capisim" bench --quick --fixtures "$tmp/none" >/dev/null 2>&1
	expect_eq "missing fixtures" $? 2
}

# The fast path is exact: every machine played on the full engine gives
# the same CSV, byte for byte (docs/fleet.md).
t_fleet_per_machine_same() {
	# 400 machines in about 100 classes: most classes hold several
	"$capisim" fleet "$outage" --machines 400 "${VARY[@]}" --seed 7 \
		--quantum 1h --csv "$tmp/a.csv" 2>"$tmp/e" || return 1
	grep -q '400 machines in [0-9]* classes, [0-9]* runs' "$tmp/e" || return 1
	"$capisim" fleet "$outage" --machines 400 "${VARY[@]}" --seed 7 \
		--quantum 1h --per-machine --csv "$tmp/p.csv" 2>"$tmp/e" || return 1
	grep -q '400 runs on the full engine' "$tmp/e" || return 1
	cmp "$tmp/a.csv" "$tmp/p.csv"
}

# Output files get the mode a plain fopen(path, "w") gives (POSIX open(2)
# with O_CREAT: 0666 & ~umask for a new file; an existing file keeps its
# mode), not mkstemp's 0600.
t_output_file_mode() {
	local m
	(umask 022 && "$capisim" run --trace "$tmp/m1.jsonl" "$scn" >/dev/null) || return 1
	expect_eq "umask 022" "$(stat -c %a "$tmp/m1.jsonl")" 644 || return 1
	(umask 002 && "$capisim" fleet "$outage" --machines 10 --seed 1 \
		--csv "$tmp/m2.csv" --svg "$tmp/m2.svg" 2>/dev/null) || return 1
	expect_eq "umask 002 csv" "$(stat -c %a "$tmp/m2.csv")" 664 || return 1
	expect_eq "umask 002 svg" "$(stat -c %a "$tmp/m2.svg")" 664 || return 1
	(umask 077 && "$capisim" report -o "$tmp/m3.html" "$scn") || return 1
	expect_eq "umask 077" "$(stat -c %a "$tmp/m3.html")" 600 || return 1
	chmod 640 "$tmp/m1.jsonl"
	(umask 000 && "$capisim" run --trace "$tmp/m1.jsonl" "$scn" >/dev/null) || return 1
	expect_eq "existing file" "$(stat -c %a "$tmp/m1.jsonl")" 640
}

# An output path that is not a regular file (a FIFO here; /dev/null in
# capisim bench) or is a symbolic link (/dev/stdout) is written in place:
# a temporary file renamed over it would replace the device or the link.
t_output_special_file() {
	mkfifo "$tmp/fifo" || return 1
	cat "$tmp/fifo" >"$tmp/from-fifo" &
	local reader=$!
	"$capisim" run --trace "$tmp/fifo" "$scn" >/dev/null
	local rc=$?
	wait "$reader"
	expect_eq rc $rc 0 || return 1
	[ -p "$tmp/fifo" ] || { echo "the FIFO was replaced"; return 1; }
	"$capisim" run --trace "$tmp/direct.jsonl" "$scn" >/dev/null || return 1
	cmp "$tmp/from-fifo" "$tmp/direct.jsonl" || return 1
	# a symbolic link stays a link (as /dev/stdout must)
	ln -s direct.jsonl "$tmp/link.jsonl" || return 1
	"$capisim" run --trace "$tmp/link.jsonl" "$scn" >/dev/null || return 1
	[ -L "$tmp/link.jsonl" ] || { echo "the link was replaced"; return 1; }
	cmp "$tmp/from-fifo" "$tmp/direct.jsonl"
}

tap_add t_explain_golden "explain: golden text of verify-basic.scn"
tap_add t_explain_facts "explain: rule, source and counterfactual facts"
tap_add t_explain_counterfactuals_computed "explain: alternatives computed by replay, minimal, only those that change the result"
tap_add t_explain_dropped_usage "explain: a root left out for its EKU property says so"
tap_add t_explain_trace_file "explain: a trace file explains like its scenario"
tap_add t_explain_repeats "explain: repeated steps grouped, cached CRL traced"
tap_add t_explain_bad_step "explain: --step without a result exits 2"
tap_add t_explain_cached_copy_download "explain: a cached copy names its own account's download line (incident A)"
tap_add t_explain_pinned_base_crl "explain: the pinned base CRL with its NextUpdate and the newer base's number, from the fixture CRLs (incident C)"
tap_add t_report_selfcontained "report: self-contained HTML with lanes"
tap_add t_report_no_partial "report: bad input leaves no file"
tap_add t_fleet_deterministic "fleet: same seed same CSV, any thread count"
tap_add t_fleet_merge_exact "fleet: shards merge exactly"
tap_add t_fleet_merge_rejects "fleet: merge rejects missing or foreign shards"
tap_add t_fleet_shares "fleet: shares follow the cache rules"
tap_add t_fleet_bad_vary "fleet: bad --vary exits 2, no file"
tap_add t_fleet_svg "fleet: SVG chart"
tap_add t_output_file_mode "output files: 0666 & ~umask, or the existing mode"
tap_add t_output_special_file "output to a FIFO or device: written in place, never replaced"
tap_add t_fleet_per_machine_same "fleet: --per-machine gives the same CSV"
tap_add t_bench_quick_shape "bench --quick: output shape, help example, bad fixtures"
tap_add t_fleet_incident_a_decay "fleet: incident A's 4107 curve is 0 from 7 days after the fix"
# `report -o -` writes the page to stdout (it made a file named "-").
t_report_stdout() {
	(cd "$tmp" && "$capisim" report -o - "$src/tests/scenario/timeline.scn" >"$tmp/stdout.html") || return 1
	[ ! -e "$tmp/-" ] || { echo "a file named - was written"; return 1; }
	head -c 15 "$tmp/stdout.html" | grep -q '<!DOCTYPE html>' || { head -c 200 "$tmp/stdout.html"; return 1; }
	grep -q '</html>' "$tmp/stdout.html"
}
tap_add t_report_stdout "report -o - writes the page to stdout"
tap_run
