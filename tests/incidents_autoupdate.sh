#!/bin/bash
# The auto-update incident scenarios (A: seeds 000/001, D: seed 004) and the
# area's own scenarios (tests/autoupdate): every expectation met AND the
# trace byte-for-byte equal to the golden beside each scenario
# (FILE.trace.jsonl, written by `capisim check --update`), so any change of
# behaviour fails here loudly; plus the fetch log and bad input.
# usage: incidents_autoupdate.sh CAPISIM SOURCE_ROOT
set -u
capisim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
inc=$root/fixtures/incidents
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check_one() {
	local out
	[ -f "${1%.scn}.trace.jsonl" ] || { echo "no golden beside $1"; return 1; }
	out=$("$capisim" check "$1" 2>&1) || { echo "$out" | tail -20; return 1; }
	[[ "$out" == *"1 passed, 0 failed"* ]] || { echo "$out" | tail -20; return 1; }
}
t_a_win7() { check_one "$inc/2010-07-authroot-signer-expiry.scn"; }
t_a_wait() { check_one "$inc/2010-07-authroot-signer-expiry-wait.scn"; }
t_a_xp() { check_one "$inc/2010-07-authroot-signer-expiry-xp.scn"; }
t_a_vista() { check_one "$inc/2010-07-authroot-signer-expiry-vista.scn"; }
t_a_recovery() { check_one "$inc/2010-07-authroot-signer-expiry-recovery.scn"; }
t_d() { check_one "$inc/2023-03-disallowed-sync-stale.scn"; }
t_d_recipe() { check_one "$inc/2023-03-disallowed-sync-stale-recipe.scn"; }
t_service() { check_one "$root/tests/autoupdate/service-cryptsvc.scn"; }
t_account() {
	check_one "$root/tests/autoupdate/cryptsvc-account.scn" &&
		check_one "$root/tests/autoupdate/cryptsvc-account-xp.scn"
}
t_distrust() { check_one "$root/tests/autoupdate/disallowed-ctl-distrust.scn"; }
t_wu_data() { check_one "$root/tests/autoupdate/windows-update-service-data.scn"; }

# The CAB and root downloads reach the server with cryptnet's user agent
# (SEED 003: Microsoft-CryptoAPI/6.1 on Windows 7; RULES.md 4).
t_fetch_log() {
	"$capisim" run --fetch-log "$tmp/f.log" "$inc/2010-07-authroot-signer-expiry.scn" >/dev/null || return 1
	local want="2010-07-03 09:00:00 192.0.2.1 GET /msdownload/update/v3/static/trustedr/en/authrootstl.cab - 80 - 192.0.2.10 Microsoft-CryptoAPI/6.1 www.download.windowsupdate.com 200"
	grep -qF "$want" "$tmp/f.log" || { cat "$tmp/f.log"; return 1; }
	grep -q "GET /msdownload/update/v3/static/trustedr/en/[0-9A-F]\{40\}\.crt - 80 - 192.0.2.10 Microsoft-CryptoAPI/6.1 " "$tmp/f.log" || { cat "$tmp/f.log"; return 1; }
}
# A golden that differs makes check fail, naming the key.
t_golden_detects() {
	mkdir -p "$tmp/incidents"
	ln -s "$inc/../data" "$tmp/data"
	cp "$inc/2010-07-authroot-signer-expiry-xp.scn" "$tmp/incidents/a.scn"
	sed 's/"id":11,/"id":4107,/' "$inc/2010-07-authroot-signer-expiry-xp.trace.jsonl" > "$tmp/incidents/a.trace.jsonl"
	local out rc
	out=$(cd "$tmp/incidents" && "$capisim" check a.scn); rc=$?
	expect_eq "exit" "$rc" 1 || return 1
	[[ "$out" == *'differs: "id": golden 4107, run 11'* ]] || { echo "$out"; return 1; }
}
# Bad input: a service capisim does not model, a verb CryptSvc lacks.
t_service_bad() {
	local err rc
	printf 'start 2023-03-15T00:00:00Z\nservice W3SVC start\n' > "$tmp/b.scn"
	err=$("$capisim" run "$tmp/b.scn" 2>&1); rc=$?
	expect_eq "exit" "$rc" 2 || return 1
	expect_eq "message" "$(printf '%s\n' "$err" | head -1)" "$tmp/b.scn:2:9: error: unknown service 'W3SVC' (known: CryptSvc)" || return 1
	printf 'start 2023-03-15T00:00:00Z\nservice CryptSvc pause\n' > "$tmp/c.scn"
	err=$("$capisim" run "$tmp/c.scn" 2>&1); rc=$?
	expect_eq "exit" "$rc" 2 || return 1
	expect_eq "message" "$(printf '%s\n' "$err" | head -1)" "$tmp/c.scn:2:18: error: expected start, stop, restart or sync, got 'pause'"
}

tap_add t_a_win7 "incident A on Windows 7: 4107, the user-only trap, certutil + resync recovery (golden)"
tap_add t_a_wait "incident A: the 7-day copy ages out at exactly 7 days (golden)"
tap_add t_a_vista "incident A on Vista: CAPI2 11, www.download (golden)"
tap_add t_a_recovery "incident A: seed 001's recovery steps in order (golden)"
tap_add t_a_xp "incident A on XP: crypt32 11, caches + reboot recovery (golden)"
tap_add t_d "incident D: ACL denied, 0x80092013 / 0x1000040, @now for 24 h, ACL restored (golden)"
tap_add t_d_recipe "incident D: the recipe warm (hidden) and cold (0x80072F8F); deleting the key fixes it (golden)"
tap_add t_service "service CryptSvc start|stop|restart|sync and the 16-hour schedule (golden)"
tap_add t_account "CryptSvc's account comes from the profile: NetworkService on 10, SYSTEM on XP (golden)"
tap_add t_distrust "a certificate listed in the synced disallowedcert.stl is explicitly distrusted (golden)"
tap_add t_wu_data "windows-update: service data used for a day (edges -1 / 0 / +1 tick), moved away (golden)"
tap_add t_fetch_log "run --fetch-log: authrootstl.cab and the root's .crt with Microsoft-CryptoAPI/6.1"
tap_add t_golden_detects "check: a changed event ID in a golden fails, naming the key"
tap_add t_service_bad "service: unknown service or verb is an error at its column, exit 2"
tap_run
