#!/bin/bash
# The auto-update incident scenarios (A: seeds 000/001, D: seed 004) play with
# every expectation met: capisim run exits 0 and reports 0 failed.
# usage: incidents_autoupdate.sh CAPISIM SOURCE_ROOT
set -u
capisim=$1
root=$2
. "$(dirname "$0")/tap.sh"

run_ok() {
	local out
	out=$("$capisim" run "$root/fixtures/incidents/$1" 2>&1) || { echo "$out" | tail -20; return 1; }
	[[ "$out" == *", 0 failed"* ]] || { echo "$out" | tail -20; return 1; }
}
t_a_win7() { run_ok 2010-07-authroot-signer-expiry.scn; }
t_a_wait() { run_ok 2010-07-authroot-signer-expiry-wait.scn; }
t_a_xp() { run_ok 2010-07-authroot-signer-expiry-xp.scn; }
t_d() { run_ok 2023-03-disallowed-sync-stale.scn; }

tap_add t_a_win7 "incident A on Windows 7: 4107, the user-only trap, certutil + resync recovery"
tap_add t_a_wait "incident A: the 7-day copy ages out at exactly 7 days"
tap_add t_a_xp "incident A on XP: crypt32 11, caches + reboot recovery"
tap_add t_d "incident D: ACL denied, 0x80092013 / 0x1000040, @now for 24 h, ACL restored"
tap_run
