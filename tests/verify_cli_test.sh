#!/bin/bash
# capisim verify: the CLI contract (options, JSON shape, exit codes, errors).
# Expected values: RULES.md 1-2 and the fixture catalogue (fixtures/README.md).
# usage: verify_cli_test.sh CAPISIM FIXTURES_DIR
set -u
capisim=$1
B=$2/basic
. "$(dirname "$0")/tap.sh"
AT=2025-01-01T00:00:00Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The good chain passes SSL for its name: exit 0 and the exact JSON keys.
t_good_json() {
	local out rc
	out=$("$capisim" verify --json --at $AT --root "$B/root.crt" \
		--ca "$B/intermediate.crt" --policy ssl \
		--server-name www.capisim.test "$B/leaf.crt")
	rc=$?
	expect_eq rc "$rc" 0 || return 1
	python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert list(d) == ["profile", "at", "chain", "policy"], list(d)
assert d["at"] == "2025-01-01T00:00:00Z"
c = d["chain"]
assert c["error_status"] == "0x00000000", c
els = c["elements"]
assert len(els) == 3
assert list(els[0]) == ["subject", "thumbprint_sha1", "error_status", "info_status"]
assert els[0]["subject"].startswith("CN=www.capisim.test")   # end cert first
assert len(els[0]["thumbprint_sha1"]) == 40
p = d["policy"]
assert p == {"name": "ssl", "error": "0x00000000", "chain_index": -1, "element_index": -1}, p
PY
}
# RULES.md 1: notAfter (2025-07-01T00:00:00Z) is valid, one second later not.
t_not_after() {
	"$capisim" verify --json --at 2025-07-01T00:00:00Z --root "$B/root.crt" \
		--ca "$B/intermediate.crt" "$B/leaf.crt" >/dev/null ||
		{ echo "notAfter should be valid"; return 1; }
	local out
	out=$("$capisim" verify --json --at 2025-07-01T00:00:01Z \
		--root "$B/root.crt" --ca "$B/intermediate.crt" "$B/leaf.crt")
	expect_eq rc $? 1 || return 1
	case $out in
	*'"error":"0x800B0101"'*) ;;
	*) echo "want CERT_E_EXPIRED: $out"; return 1 ;;
	esac
}
# Text output reads like certutil -verify (SAMPLE certutil_*.txt lines).
t_text() {
	local out
	out=$("$capisim" verify --at $AT --root "$B/root.crt" \
		--ca "$B/intermediate.crt" "$B/leaf.crt") || return 1
	grep -q '^CertContext\[0\]\[0\]: dwInfoStatus=102 dwErrorStatus=0$' <<<"$out" &&
	grep -q '^  Element.dwInfoStatus = CERT_TRUST_HAS_KEY_MATCH_ISSUER (0x2)$' <<<"$out" &&
	grep -q '^CertUtil: -verify command completed successfully.$' <<<"$out" ||
		{ echo "$out"; return 1; }
}
# A failing policy exits 1 (untrusted root: no --root on a Windows profile).
t_untrusted() {
	"$capisim" verify --at $AT --ca "$B/intermediate.crt" "$B/selfsigned-leaf.crt" >"$tmp/o"
	expect_eq rc $? 1 || return 1
	grep -q 'CERT_E_UNTRUSTEDROOT' "$tmp/o" || { cat "$tmp/o"; return 1; }
}
# Usage and input errors exit 2 with a message naming the problem.
t_errors() {
	"$capisim" verify --at $AT 2>"$tmp/e"; expect_eq "no leaf" $? 2 || return 1
	"$capisim" verify --profile nosuch "$B/leaf.crt" 2>"$tmp/e"
	expect_eq "bad profile" $? 2 || return 1
	grep -q "unknown profile 'nosuch'" "$tmp/e" || { cat "$tmp/e"; return 1; }
	"$capisim" verify --revocation sometimes "$B/leaf.crt" 2>"$tmp/e"
	expect_eq "bad revocation" $? 2 || return 1
	"$capisim" verify --at 2025-13-01T00:00:00Z "$B/leaf.crt" 2>"$tmp/e"
	expect_eq "bad time" $? 2 || return 1
	printf 'not a certificate' >"$tmp/junk.der"
	"$capisim" verify --at $AT "$tmp/junk.der" 2>"$tmp/e"
	expect_eq "junk leaf" $? 2 || return 1
	grep -q "junk.der" "$tmp/e" || { cat "$tmp/e"; return 1; }
	"$capisim" verify --at $AT "$tmp/missing.der" 2>"$tmp/e"
	expect_eq "missing leaf" $? 2 || return 1
}
# --help works and shows the pasteable example.
t_help() {
	"$capisim" help verify | grep -q 'capisim verify --profile' || return 1
	"$capisim" --help | grep -q '^  verify ' || return 1
}
# --revocation chain with the base CRL, its delta and the root CRL: the base
# CRL's Freshest CRL names intermediate+.crl, which is served from the delta
# given with --crl. Good leaf: no error bits; leaf-revoked-delta (3A09, in the
# delta only): CERT_TRUST_IS_REVOKED 0x4 (RULES.md 2, 4; fixtures/README.md).
# Without the delta the good leaf is 0x01000040 (offline: the delta named by
# the base is not on the network).
t_revocation_delta() {
	local crls=(--crl "$B/crl/intermediate.crl" --crl "$B/crl/root.crl")
	local args=(--json --profile win7-sp1-kb2666300 --at $AT --root "$B/root.crt"
		--ca "$B/intermediate.crt" --revocation chain)
	local out
	out=$("$capisim" verify "${args[@]}" "${crls[@]}" 		--crl "$B/crl/intermediate+.crl" "$B/leaf.crt") || { echo "$out"; return 1; }
	case $out in *'"chain":{"error_status":"0x00000000"'*) ;;
	*) echo "good leaf: $out"; return 1 ;; esac
	out=$("$capisim" verify "${args[@]}" "${crls[@]}" 		--crl "$B/crl/intermediate+.crl" "$B/leaf-revoked-delta.crt")
	case $out in *'"chain":{"error_status":"0x00000004"'*) ;;
	*) echo "delta-revoked leaf: $out"; return 1 ;; esac
	# no delta served: the base answers alone (docs/hypotheses.md H-rev-8),
	# so the delta-revoked leaf passes
	out=$("$capisim" verify "${args[@]}" "${crls[@]}" "$B/leaf-revoked-delta.crt")
	case $out in *'"chain":{"error_status":"0x00000000"'*) ;;
	*) echo "no delta: $out"; return 1 ;; esac
}

# The time used is printed (docs/verify.md): --at's, or the host clock's
# when --at is absent; wine-8 without --root names the host bundle it read.
t_verified_at() {
	local out before after t
	out=$("$capisim" verify --at $AT --root "$B/root.crt" \
		--ca "$B/intermediate.crt" "$B/leaf.crt") || return 1
	grep -qx "Verified at: $AT (--at)" <<<"$out" || { echo "$out"; return 1; }
	before=$(date -u +%s)
	out=$("$capisim" verify --root "$B/root.crt" --ca "$B/intermediate.crt" \
		"$B/leaf.crt")
	after=$(date -u +%s)
	t=$(sed -n 's/^Verified at: \(.*Z\) (the host.s clock; --at TIME for a reproducible result)$/\1/p' <<<"$out")
	[ -n "$t" ] || { echo "$out"; return 1; }
	t=$(date -u -d "$t" +%s)
	[ "$t" -ge "$before" ] && [ "$t" -le "$after" ] || { echo "$t not in [$before, $after]"; return 1; }
	local bundle=/etc/ssl/certs/ca-certificates.crt n=0
	[ -r $bundle ] && n=$(grep -c 'BEGIN CERTIFICATE' $bundle)
	out=$("$capisim" verify --profile wine-8 --at $AT --ca "$B/intermediate.crt" "$B/leaf.crt")
	grep -qx "Roots: $n from the host's $bundle (as Wine reads them; the result depends on the host)" <<<"$out" ||
		{ echo "$out"; return 1; }
	out=$("$capisim" verify --profile wine-8 --at $AT --root "$B/root.crt" "$B/leaf.crt")
	! grep -q '^Roots:' <<<"$out" || { echo "$out"; return 1; }
}

tap_add t_good_json "good chain: JSON contract, exit 0"
tap_add t_not_after "notAfter inclusive, +1 s expired (exit 1)"
tap_add t_text "certutil-like text"
tap_add t_verified_at "the verify time and the host root bundle are printed"
tap_add t_untrusted "untrusted root exits 1"
tap_add t_errors "usage and input errors exit 2"
tap_add t_help "help text"
tap_add t_revocation_delta "--crl serves a delta at the base CRL's Freshest CRL URL"
tap_run
