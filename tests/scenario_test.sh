#!/bin/bash
# capisim run / check end to end on tests/scenario: goldens, exit codes,
# failure lists, no partial output on bad input, and byte-identical traces
# across runs, time zones and locales (the determinism promise of DESIGN.md).
set -u
capisim="$1"
src="$2" # the source tree's tests/scenario
source "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t_check_goldens() {
	local out rc
	out=$("$capisim" check "$src" 2>&1); rc=$?
	expect_eq "exit" "$rc" 0 || { echo "$out"; return 1; }
	[[ "$out" == *"passed, 0 failed" ]] || { echo "$out"; return 1; }
}
t_check_detects_difference() {
	cp "$src/verify-basic.scn" "$tmp/v.scn"
	sed -i 's#\.\./\.\./fixtures#'"$src"'/../../fixtures#g' "$tmp/v.scn"
	"$capisim" check --update "$tmp/v.scn" >/dev/null || return 1
	# change one expected status in the golden: check must fail, name it
	sed -i '0,/"hresult":"0x800B0109"/s//"hresult":"0x800B010A"/' "$tmp/v.trace.jsonl"
	local out rc
	out=$("$capisim" check "$tmp/v.scn"); rc=$?
	expect_eq "exit" "$rc" 1 || return 1
	[[ "$out" == *'differs: "hresult": golden "0x800B010A", run "0x800B0109"'* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"0 passed, 1 failed" ]] || { echo "$out"; return 1; }
}
t_run_failed_expectation() {
	cat > "$tmp/f.scn" <<SCN
start 2025-01-01T00:00:00Z
store CA add $src/../../fixtures/data/basic/intermediate.crt $src/../../fixtures/data/basic/root.crt
verify $src/../../fixtures/data/basic/leaf.crt revocation=none expect ok
SCN
	local err rc
	err=$("$capisim" run "$tmp/f.scn" 2>&1 >/dev/null); rc=$?
	expect_eq "exit" "$rc" 1 || return 1
	# RULES.md 2: untrusted root -> 0x800B0109
	expect_eq "stderr" "$err" "$tmp/f.scn:3:$(( $(sed -n 3p "$tmp/f.scn" | grep -bo 'ok$' | cut -d: -f1) + 1 )): expectation failed: expect ok: got error=0x800B0109 (at 2025-01-01T00:00:00Z)"
}
t_bad_input_writes_nothing() {
	printf 'start 2025-01-01\nverify missing.crt\n' > "$tmp/b.scn"
	local err rc
	err=$("$capisim" run --trace "$tmp/b.jsonl" --fetch-log "$tmp/b.log" "$tmp/b.scn" 2>&1); rc=$?
	expect_eq "exit" "$rc" 2 || return 1
	[ ! -e "$tmp/b.jsonl" ] && [ ! -e "$tmp/b.log" ] || { echo "partial output written"; return 1; }
	expect_eq "message" "$(printf '%s\n' "$err" | head -1)" "$tmp/b.scn:2:8: error: missing fixture 'missing.crt': cannot open: No such file or directory"
	[ -z "$(ls "$tmp" | grep tmp)" ] || { echo "temp files left"; return 1; }
}
t_include_loop() {
	cp "$src/bad/loop-a.inc" "$src/bad/loop-b.inc" "$tmp/"
	cp "$src/bad/include-loop.scn.txt" "$tmp/loop.scn"
	local err rc
	err=$("$capisim" run "$tmp/loop.scn" 2>&1); rc=$?
	expect_eq "exit" "$rc" 2 || return 1
	expect_eq "message" "$err" "$tmp/loop-b.inc:2:9: error: include loop: 'loop-a.inc' is already being read
  include loop-a.inc
          ^"
}
t_deterministic() {
	local s
	for s in "$src"/*.scn; do
		"$capisim" run --trace "$tmp/a.jsonl" --fetch-log "$tmp/a.log" "$s" > "$tmp/a.txt" 2>&1
		"$capisim" run --trace "$tmp/b.jsonl" --fetch-log "$tmp/b.log" "$s" > "$tmp/b.txt" 2>&1
		TZ=Asia/Tokyo LC_ALL=ja_JP.UTF-8 "$capisim" run --trace "$tmp/c.jsonl" --fetch-log "$tmp/c.log" "$s" > "$tmp/c.txt" 2>/dev/null
		for k in jsonl log txt; do
			cmp -s "$tmp/a.$k" "$tmp/b.$k" || { echo "$s: .$k differs between runs"; return 1; }
			cmp -s "$tmp/a.$k" "$tmp/c.$k" || { echo "$s: .$k differs under TZ/LC_ALL"; return 1; }
		done
		[ -s "$tmp/a.jsonl" ] || { echo "$s: empty trace"; return 1; }
	done
}
t_until_stops() {
	local out
	out=$("$capisim" run --until 2025-01-01T10:50:00Z "$src/timeline.scn") || return 1
	# every 15m from 10:30: 10:30 and 10:45 run, 11:00 does not
	expect_eq "verifies" "$(printf '%s\n' "$out" | grep -c ' verify ')" 2 || return 1
	[[ "$out" == *"end: 2025-01-01T10:50:00Z;"* ]] || { echo "$out"; return 1; }
}
t_fetch_log_header() {
	"$capisim" run --fetch-log "$tmp/f.log" "$src/timeline.scn" >/dev/null || return 1
	# samples/iis_w3c_headers_and_cryptoapi_requests.txt: IIS header lines
	expect_eq "header" "$(head -4 "$tmp/f.log")" "#Software: Microsoft Internet Information Services 7.5
#Version: 1.0
#Date: 2025-01-01 10:00:00
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs-host sc-status sc-substatus sc-win32-status sc-bytes time-taken"
}

t_urlcache_listing() {
	local out
	out=$("$capisim" run "$src/urlcache-list.scn") || { echo "$out"; return 1; }
	# certutil's listing: the URLs, a blank line, "WinHttp Cache entries:
	# N", a blank line, the closing line (samples/certutil_urlcache_url_
	# lookup_online_offline.txt (b)); only the acting account's entries,
	# the CRL filter keeps CRLs, a delete leaves the rest (RULES.md 6).
	expect_eq "first listing" "$(printf '%s\n' "$out" | grep -A6 'certutil -urlcache \*  -> ok: 2 entries' | tail -6)" "      http://pki.capisim.test/intermediate.crt
      http://pki.capisim.test/crl/intermediate.crl

      WinHttp Cache entries: 2

      CertUtil: -URLCache command completed successfully." || return 1
	expect_eq "after CRL delete" "$(printf '%s\n' "$out" | grep -A3 'certutil -urlcache \*  -> ok: 1 entry' | tail -3)" "      http://pki.capisim.test/intermediate.crt

      WinHttp Cache entries: 1" || return 1
	expect_eq "CRL delete" "$(printf '%s\n' "$out" | grep -A1 'certutil -urlcache CRL delete' | tail -1)" "      WinHttp Cache entries deleted: 1" || return 1
	[[ "$out" == *"SYSTEM             certutil -urlcache *  -> ok: 0 entries"* ]] || { echo "$out"; return 1; }
}

# Notepad saves UTF-8 with a byte-order mark (and CRLF): the same scenario
# as without them (the BOM made the first line an invisible 'unknown
# command'), also in an included file.
t_utf8_bom() {
	local crt="$src/../../fixtures/data/basic/leaf.crt"
	printf 'start 2025-01-01T00:00:00Z\nverify %s revocation=none\n' "$crt" >"$tmp/plain.scn"
	printf '\xef\xbb\xbfstart 2025-01-01T00:00:00Z\r\nverify %s revocation=none\r\n' "$crt" >"$tmp/bom.scn"
	printf '\xef\xbb\xbfstart 2025-01-01T00:00:00Z\r\n' >"$tmp/bom.inc"
	printf 'include bom.inc\nverify %s revocation=none\n' "$crt" >"$tmp/inc.scn"
	local want got
	want=$("$capisim" run --json "$tmp/plain.scn") || return 1
	got=$("$capisim" run --json "$tmp/bom.scn") || { echo "$got"; return 1; }
	expect_eq "trace with a BOM" "$got" "$want" || return 1
	"$capisim" run "$tmp/inc.scn" >/dev/null
}

# One time syntax everywhere (model/time_expr.h): the forms `capisim time`
# reads name the same instant in --at, --until, `start`, `at` and at=.
# 2010-07-09T00:00:00Z is FILETIME (1278633600 + 11644473600) * 10^7 =
# 129231072000000000 = 0x01cb1ef9ac80c000, Unix 1278633600,
# REG_BINARY 00 c0 80 ac f9 1e cb 01 (README's DisallowedCertLastSyncTime).
t_one_time_syntax() {
	local crt="$src/../../fixtures/data/basic/leaf.crt" want f got
	want=$("$capisim" verify --at 2010-07-09T00:00:00Z --revocation none "$crt")
	for f in ft:129231072000000000 ft:0x01cb1ef9ac80c000 unix:1278633600 \
		bin:00c080acf91ecb01 2010-07-08T00:00:00Z+1d 2010-07-09 unix:1278633600+0s; do
		got=$("$capisim" verify --at "$f" --revocation none "$crt") || true
		expect_eq "verify --at $f" "$got" "$want" || return 1
		printf 'start %s\nverify %s revocation=none at=%s\nat %s\nverify %s revocation=none\n' \
			"$f" "$crt" "$f" "$f" "$crt" >"$tmp/t.scn"
		"$capisim" run --until "$f" --json "$tmp/t.scn" >"$tmp/$f.jsonl" 2>&1 || { cat "$tmp/$f.jsonl"; return 1; }
	done
	for f in ft:0x01cb1ef9ac80c000 unix:1278633600 bin:00c080acf91ecb01 2010-07-09 unix:1278633600+0s; do
		# the same instants and outcomes (the actions differ as written)
		expect_eq "scenario with $f" "$(grep -o '"t":"[^"]*"\|"hresult":"[^"]*"' "$tmp/$f.jsonl")" \
			"$(grep -o '"t":"[^"]*"\|"hresult":"[^"]*"' "$tmp/ft:129231072000000000.jsonl")" || return 1
	done
}

# A scenario without a golden fails check (it passed, so a CI that lost
# its goldens stayed green); --expectations-only checks the expect items
# alone; --update makes the golden, after which check passes.
t_check_needs_golden() {
	printf 'start 2025-01-01T00:00:00Z\nverify %s revocation=none expect status=0x00010000\n' \
		"$src/../../fixtures/data/basic/leaf.crt" >"$tmp/ng.scn"
	local out rc
	out=$("$capisim" check "$tmp/ng.scn"); rc=$?
	expect_eq "exit without golden" "$rc" 1 || { echo "$out"; return 1; }
	[[ "$out" == *"FAIL $tmp/ng.scn: no golden $tmp/ng.trace.jsonl"* ]] || { echo "$out"; return 1; }
	"$capisim" check --expectations-only "$tmp/ng.scn" >/dev/null || return 1
	"$capisim" check --update "$tmp/ng.scn" >/dev/null || return 1
	"$capisim" check "$tmp/ng.scn" >/dev/null
}

tap_add t_check_needs_golden "check: a scenario without a golden fails unless --expectations-only"
tap_add t_one_time_syntax "one time syntax: ft:, unix:, bin:, ISO, offsets in --at, --until, start, at, at="
tap_add t_utf8_bom "run: a UTF-8 byte-order mark (Notepad) is accepted, in includes too"
tap_add t_check_goldens "check: every scenario in tests/scenario matches its golden"
tap_add t_check_detects_difference "check: a changed golden fails, naming the key"
tap_add t_run_failed_expectation "run: a failed expectation exits 1 and is listed as FILE:LINE:COL"
tap_add t_bad_input_writes_nothing "run: bad input exits 2 and writes no output file"
tap_add t_include_loop "run: an include loop is an error at the including line"
tap_add t_deterministic "run: traces, fetch logs, timelines byte-identical across runs, TZ and locale"
tap_add t_until_stops "run --until: stops before later steps"
tap_add t_fetch_log_header "run --fetch-log: the W3C header IIS writes"
tap_add t_urlcache_listing "run: certutil -urlcache listings in the timeline, per account"
tap_run
