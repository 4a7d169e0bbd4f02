#!/bin/bash
# The Schannel incident scenarios (B: seed 002) play with every expectation
# met and match their golden traces (capisim check), on 2008 R2 and 2012.
# usage: incidents_schannel.sh CAPISIM SOURCE_ROOT
set -u
capisim=$1
root=$2
. "$(dirname "$0")/tap.sh"
dir="$root/fixtures/incidents"

check_ok() {
	local out
	out=$("$capisim" check "$dir/$1" 2>&1) || { echo "$out" | tail -20; return 1; }
	[[ "$out" == *"1 passed, 0 failed"* ]] || { echo "$out" | tail -20; return 1; }
}
t_b_r2() { check_ok 2012-12-kb931125-issuer-list.scn; }
t_b_2012() { check_ok 2012-12-kb931125-issuer-list-2012.scn; }
# The observables of EVIDENCE.md B, read from the run itself: the System log
# holds 36885 (truncated list) and 36887 (fatal alert 47 received).
t_b_events() {
	local out
	out=$("$capisim" run "$dir/2012-12-kb931125-issuer-list.scn" 2>&1) || { echo "$out" | tail; return 1; }
	[[ "$out" == *"System Schannel 36885 Warning"* ]] || { echo "no 36885"; return 1; }
	[[ "$out" == *"System Schannel 36887 Error: The following fatal alert was received: 47"* ]] || { echo "no 36887/47"; return 1; }
}

tap_add t_b_r2 "incident B on 2008 R2: 16 KB, 36885, 403.7, alert 47 / 36887, AuthRoot\\Certificates deleted restores it"
tap_add t_b_2012 "incident B on 2012: ClientAuthIssuer is immune; without it 403.16 (KB 2880390)"
tap_add t_b_events "incident B: the System events of seed 002 (36885, 36887 fatal alert 47)"
tap_run
