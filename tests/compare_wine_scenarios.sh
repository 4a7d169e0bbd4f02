#!/bin/bash
# `capisim compare wine SCENARIO` over tests/compare/*.scn: Wine's crypt32
# (one probe process per scenario) against the wine-8 profile, step by step;
# 100% matched is the bar. Wine's own results are also checked against the
# rules the scenarios are about (expected values cited beside them), through
# the same diff, and the model against each scenario's cited expectations.
# Without Wine only the model and input checks run.
set -u
capisim="$1"
dir="$2"
probe="${3:-}"
windows_scn="$(dirname "$0")/scenario/base-policy-revocation.scn"
source "$(dirname "$0")/tap.sh"
source "$(dirname "$0")/wine_tools.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

have_wine() { have_wine_tools "$probe"; }

# compare_scenario NAME MATCHED: run it, keep Wine's trace in $tmp/NAME.wine.
compare_scenario() {
	local out rc
	out=$(CAPISIM_PROBE="$probe" "$capisim" compare wine --wine-trace "$tmp/$1.wine" \
		"$dir/$1.scn" 2>&1)
	rc=$?
	printf '%s\n' "$out" >"$tmp/$1.out"
	expect_eq "exit status of compare wine $1" "$rc" 0 || { echo "$out"; return 1; }
	expect_eq "summary" "$(grep -E '^[0-9]+ matched' <<<"$out")" "$2 matched, 0 different"
}

t_crl_replaced() {
	compare_scenario crl-replaced 5 || return 1
	# RULES.md 4 (DOC): a cached CRL is reused until its NextUpdate. base-1200
	# (NextUpdate 13:16:00) does not list client02, base-1300 does (revoked
	# 12:05; fixtures/README.md): not revoked up to and at 13:16:00, revoked
	# (IS_REVOKED 0x4, RULES.md 2) at 13:16:01. BASE reports no revocation
	# error on Wine (RULES.md 2). client01 was never revoked.
	cat >"$tmp/want" <<'EOF'
{"step":21,"chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":24,"chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":26,"chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":27,"chain":{"error_status":"0x00000004","elements":[{"error_status":"0x00000004"},{"error_status":"0x00000000"}]},"policy":{"error":"0x00000000"}}
{"step":29,"chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
EOF
	"$capisim" compare "$tmp/crl-replaced.wine" "$tmp/want"
}

t_expiry_boundary() {
	compare_scenario expiry-boundary 8 || return 1
	# RULES.md 1: valid on [notBefore, notAfter], both ends included;
	# outside: IS_NOT_TIME_VALID 0x1 and CERT_E_EXPIRED 0x800B0101 (RULES.md 2).
	cat >"$tmp/want" <<'EOF'
{"step":16,"at":"2025-05-31T23:59:59Z","chain":{"error_status":"0x00000001"},"policy":{"error":"0x800B0101"}}
{"step":17,"at":"2025-06-01T00:00:00Z","chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":19,"at":"2025-06-30T23:59:59Z","chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":20,"at":"2025-07-01T00:00:00Z","chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":21,"at":"2025-07-01T00:00:01Z","chain":{"error_status":"0x00000001"},"policy":{"error":"0x800B0101"}}
{"step":23,"at":"2025-07-01T00:00:00Z","chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":24,"at":"2025-07-01T00:00:01Z","chain":{"error_status":"0x00000001"},"policy":{"error":"0x800B0101"}}
{"step":25,"at":"2025-05-31T23:59:59Z","chain":{"error_status":"0x00000001"},"policy":{"error":"0x800B0101"}}
EOF
	"$capisim" compare "$tmp/expiry-boundary.wine" "$tmp/want"
}

t_ocsp_cached() {
	compare_scenario ocsp-cached 4 || return 1
	# RULES.md 4: a cached OCSP response is reused until its NextUpdate
	# (2025-01-07T12:00:00Z, fixtures/README.md), the responder being down;
	# after it, responder and CRL failing: IS_OFFLINE_REVOCATION only (Wine 8).
	cat >"$tmp/want" <<'EOF'
{"step":17,"chain":{"error_status":"0x00000000"}}
{"step":20,"chain":{"error_status":"0x00000000"}}
{"step":21,"chain":{"error_status":"0x00000000"}}
{"step":22,"chain":{"error_status":"0x01000000"},"policy":{"error":"0x00000000"}}
EOF
	"$capisim" compare "$tmp/ocsp-cached.wine" "$tmp/want"
}

t_base_offline() {
	compare_scenario base-policy-offline 2 || return 1
	# RULES.md 4: Wine 8 sets only IS_OFFLINE_REVOCATION when a URL fails;
	# RULES.md 2: its BASE reports no revocation error, its SSL policy
	# CERT_E_REVOCATION_FAILURE 0x800B010E, at the leaf.
	cat >"$tmp/want" <<'EOF'
{"step":18,"chain":{"error_status":"0x01000000"},"policy":{"error":"0x00000000"}}
{"step":19,"chain":{"error_status":"0x01000000"},"policy":{"error":"0x800B010E","chain_index":0,"element_index":0}}
EOF
	"$capisim" compare "$tmp/base-policy-offline.wine" "$tmp/want"
}

t_eku_property() {
	compare_scenario eku-property 2 || return 1
	# Seen with Wine 8.0 (docs/compare.md, Findings): the EKU property on
	# the root (codeSigning) and the intermediate (none) does not restrict
	# the chain; the leaf's extension (serverAuth) decides. The control:
	# codeSigning requested, IS_NOT_VALID_FOR_USAGE 0x10 at the leaf and
	# CERT_E_WRONG_USAGE 0x800B0110 from BASE (RULES.md 2).
	cat >"$tmp/want" <<'EOF'
{"step":20,"chain":{"error_status":"0x00000000","elements":[{"error_status":"0x00000000"},{"error_status":"0x00000000"},{"error_status":"0x00000000"}]},"policy":{"error":"0x00000000"}}
{"step":21,"chain":{"error_status":"0x00000010","elements":[{"error_status":"0x00000010"},{"error_status":"0x00000000"},{"error_status":"0x00000000"}]},"policy":{"error":"0x800B0110","chain_index":0,"element_index":0}}
EOF
	"$capisim" compare "$tmp/eku-property.wine" "$tmp/want"
}

# The model alone (no Wine needed): every scenario's own expectations, whose
# values are cited in the scenario files.
t_model_expectations() {
	local f
	for f in "$dir"/*.scn; do
		"$capisim" run "$f" >"$tmp/run.out" 2>&1 || { cat "$tmp/run.out"; return 1; }
	done
}

# H-cmp-1, the Windows side: BASE reports CRYPT_E_REVOCATION_OFFLINE
# 0x80092013 at (0, 0) for a chain whose leaf alone carries 0x01000040, as
# the zh-CN certutil sample shows for CertContext[0][0] (run 1 of
# /work/shared/samples/certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt:
# "dwErrorStatus=1000040", then "0x80092013 (-2146885613
# CRYPT_E_REVOCATION_OFFLINE)"); IGNORE_END_REV_UNKNOWN 0x100 clears it
# (DOC CERT_CHAIN_POLICY_PARA).
t_base_windows() {
	local got
	got=$("$capisim" run --json "$windows_scn" | grep '"kind":"policy"' |
		sed 's/.*"policy":"base",//')
	expect_eq "BASE on win10-22h2" "$got" '"error":"0x80092013","chain_index":0,"element_index":0}
"error":"0x00000000","chain_index":-1,"element_index":-1}'
}

t_skipped_listed() {
	expect_eq "skipped steps" "$(grep -E 'skipped' "$tmp/expiry-boundary.out")" \
		"- line 18: skipped: certutil -urlcache * delete (Wine has no certutil)
1 step skipped (Wine cannot play them; the model did not either)"
}

# A scenario with nothing Wine can verify is an error (exit 2), before Wine
# starts: no probe is needed for it.
t_nothing_playable() {
	cat >"$tmp/none.scn" <<'EOF'
profile wine-8
start 2025-01-01T00:00:00Z
reg add HKLM\SOFTWARE\Test /v X /t REG_DWORD /d 1 /f
reboot
EOF
	local out rc
	out=$("$capisim" compare wine "$tmp/none.scn" 2>&1)
	rc=$?
	expect_eq "exit status" "$rc" 2 || return 1
	expect_eq "message" "$out" "$tmp/none.scn: error: nothing Wine can play: the scenario has no verify step the probe can run"
}

tap_add t_nothing_playable "a scenario with nothing Wine can play is an error"
tap_add t_model_expectations "the wine-8 model meets each scenario's cited expectations"
tap_add t_base_windows "BASE reports 0x80092013 at (0,0) on Windows rows (H-cmp-1)"
if have_wine; then
	tap_add t_crl_replaced "crl-replaced: cached CRL until NextUpdate, then revoked (Wine = wine-8)"
	tap_add t_expiry_boundary "expiry-boundary: notBefore/notAfter inclusive (Wine = wine-8)"
	tap_add t_ocsp_cached "ocsp-cached: a good OCSP answer cached until NextUpdate (Wine = wine-8)"
	tap_add t_base_offline "base-policy-offline: no revocation error from Wine's BASE (Wine = wine-8)"
	tap_add t_eku_property "eku-property: a store entry's EKU property does not restrict the chain (Wine = wine-8)"
	tap_add t_skipped_listed "steps Wine cannot play are listed as skipped"
fi
tap_run
