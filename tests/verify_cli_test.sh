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

# The time used is printed (docs/verify.md), on stderr: --at's, or the host
# clock's when --at is absent; wine-8 without --root names the host bundle it
# read.
t_verified_at() {
	local out before after t
	# stdout is certutil's text; what the model assumed goes to stderr
	out=$("$capisim" verify --at $AT --root "$B/root.crt" \
		--ca "$B/intermediate.crt" "$B/leaf.crt" 2>&1 >/dev/null) || return 1
	grep -q "verified at $AT (--at)" <<<"$out" || { echo "$out"; return 1; }
	before=$(date -u +%s)
	out=$("$capisim" verify --root "$B/root.crt" --ca "$B/intermediate.crt" \
		"$B/leaf.crt" 2>&1 >/dev/null)
	after=$(date -u +%s)
	t=$(sed -n 's/^capisim: profile .*, verified at \(.*Z\) (the host.s clock; --at TIME for a reproducible result)$/\1/p' <<<"$out")
	[ -n "$t" ] || { echo "$out"; return 1; }
	t=$(date -u -d "$t" +%s)
	[ "$t" -ge "$before" ] && [ "$t" -le "$after" ] || { echo "$t not in [$before, $after]"; return 1; }
	local bundle=/etc/ssl/certs/ca-certificates.crt n=0
	[ -r $bundle ] && n=$(grep -c 'BEGIN CERTIFICATE' $bundle)
	out=$("$capisim" verify --profile wine-8 --at $AT --ca "$B/intermediate.crt" "$B/leaf.crt" 2>&1 >/dev/null)
	grep -qx "capisim: roots: $n from the host's $bundle (as Wine reads them; the result depends on the host)" <<<"$out" ||
		{ echo "$out"; return 1; }
	out=$("$capisim" verify --profile wine-8 --at $AT --root "$B/root.crt" "$B/leaf.crt" 2>&1)
	! grep -q 'roots:' <<<"$out" || { echo "$out"; return 1; }
}

tap_add t_good_json "good chain: JSON contract, exit 0"
tap_add t_not_after "notAfter inclusive, +1 s expired (exit 1)"
tap_add t_text "certutil-like text"
tap_add t_verified_at "the verify time and the host root bundle are printed"
# json_field OUT EXPR: a Python expression over the JSON object d.
json_is() {
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); v=eval(sys.argv[2]); print(v)' "$1" "$2"
}
good=(--json --at $AT --root "$B/root.crt")
# The SSL policy's parameters (WINE verify_ssl_policy, WINETEST chain.c
# check_ssl_policy): a wrong name fails a server only, not a client, not
# without SSL_EXTRA_CERT_CHAIN_POLICY_PARA; "" is a name; fdwChecks by word
# or number; the policy by name, wincrypt.h name or number.
t_ssl_parameters() {
	local v=("$capisim" verify "${good[@]}" --ca "$B/intermediate.crt")
	local out
	out=$("${v[@]}" --server-name wrong.capisim.test "$B/leaf.crt")
	expect_eq "wrong name" "$(json_is "$out" 'd["policy"]["error"]')" 0x800B010F || return 1
	"${v[@]}" --server-name wrong.capisim.test --auth client "$B/leaf.crt" >/dev/null ||
		{ echo "a client's name is not checked"; return 1; }
	"${v[@]}" --server-name wrong.capisim.test --auth 0 "$B/leaf.crt" >/dev/null ||
		{ echo "dwAuthType 0: no name check"; return 1; }
	"${v[@]}" --policy ssl --no-ssl-para "$B/leaf.crt" >/dev/null ||
		{ echo "no SSL parameters: no name check"; return 1; }
	out=$("${v[@]}" --server-name "" "$B/leaf.crt")
	expect_eq "empty name" "$(json_is "$out" 'd["policy"]["error"]')" 0x800B010F || return 1
	"${v[@]}" --policy CERT_CHAIN_POLICY_SSL --server-name wrong.capisim.test \
		--ssl-checks ignore-cert-cn-invalid "$B/leaf.crt" >/dev/null &&
	"${v[@]}" --policy 4 --server-name wrong.capisim.test --ssl-checks 0x1000 \
		"$B/leaf.crt" >/dev/null || { echo "fdwChecks"; return 1; }
}
# An untrusted root passes with ALLOW_UNKNOWN_CA (word or number) and with
# SECURITY_FLAG_IGNORE_UNKNOWN_CA; requested usages with OR.
t_flags_and_usages() {
	local v=("$capisim" verify --json --at $AT --ca "$B/root.crt" --ca "$B/intermediate.crt")
	"${v[@]}" "$B/leaf.crt" >/dev/null; expect_eq "untrusted" $? 1 || return 1
	"${v[@]}" --policy-flags allow-unknown-ca "$B/leaf.crt" >/dev/null &&
	"${v[@]}" --policy-flags 16 "$B/leaf.crt" >/dev/null &&
	"${v[@]}" --ssl-checks SECURITY_FLAG_IGNORE_UNKNOWN_CA "$B/leaf.crt" >/dev/null ||
		{ echo "ignore flags"; return 1; }
	local out
	out=$("$capisim" verify "${good[@]}" --ca "$B/intermediate.crt" --usage 1.2.3 \
		--usage serverAuth --usage-match or "$B/leaf.crt")
	expect_eq "OR" "$(json_is "$out" 'd["chain"]["error_status"]')" 0x00000000 || return 1
	out=$("$capisim" verify "${good[@]}" --ca "$B/intermediate.crt" --usage 1.2.3 \
		--usage serverAuth "$B/leaf.crt")
	expect_eq "AND" "$(json_is "$out" 'd["chain"]["error_status"]')" 0x00000010
}
# --additional is the call's hAdditionalStore, not the machine's CA store:
# its issuer is no preferred one (H-chain-1; WINETEST chain.c chainCheck[30]).
t_additional() {
	local out
	out=$("$capisim" verify "${good[@]}" --additional "$B/intermediate.crt" "$B/leaf.crt") ||
		{ echo "$out"; return 1; }
	expect_eq "leaf info" "$(json_is "$out" 'd["chain"]["elements"][0]["info_status"]')" 0x00000002 &&
	expect_eq "chain info" "$(json_is "$out" 'd["chain"]["info_status"]')" 0x00000000
}
# NT_AUTH needs the issuing CA in NTAuth; wine-8 has no provider (the call
# fails: exit 1, call_error); MICROSOFT_ROOT names the root; EV is not
# modelled (exit 2).
t_policies() {
	local v=("$capisim" verify "${good[@]}" --ca "$B/intermediate.crt")
	local out
	out=$("${v[@]}" --policy nt-auth "$B/leaf.crt")
	expect_eq "nt-auth" "$(json_is "$out" '(d["policy"]["error"], d["policy"]["element_index"])')" "('0x800B0112', 1)" || return 1
	"${v[@]}" --policy 6 --ntauth "$B/intermediate.crt" "$B/leaf.crt" >/dev/null ||
		{ echo "NTAuth holds the CA"; return 1; }
	out=$("${v[@]}" --profile wine-8 --policy nt-auth "$B/leaf.crt")
	expect_eq "wine-8 rc" $? 1 || return 1
	expect_eq "wine-8" "$(json_is "$out" 'd["policy"]')" "{'name': 'nt-auth', 'call_error': '0x00000002'}" || return 1
	out=$("${v[@]}" --policy microsoft-root "$B/leaf.crt")
	expect_eq "msroot" "$(json_is "$out" '(d["policy"]["error"], d["policy"]["element_index"])')" "('0x800B0109', 2)" || return 1
	"${v[@]}" --policy ev "$B/leaf.crt" 2>"$tmp/e"
	expect_eq "ev" $? 2 || return 1
	grep -q "CERT_CHAIN_POLICY_EV (8) is not modelled" "$tmp/e" || { cat "$tmp/e"; return 1; }
}
t_input_errors() {
	local v=("$capisim" verify --at $AT)
	"${v[@]}" --auth peer "$B/leaf.crt" 2>"$tmp/e"; expect_eq "auth" $? 2 || return 1
	grep -q "unknown authentication type 'peer'" "$tmp/e" || { cat "$tmp/e"; return 1; }
	"${v[@]}" --policy-flags allow-everything "$B/leaf.crt" 2>"$tmp/e"
	expect_eq "flags" $? 2 || return 1
	"${v[@]}" --policy 13 "$B/leaf.crt" 2>"$tmp/e"; expect_eq "policy" $? 2 || return 1
	"${v[@]}" --usage-match xor "$B/leaf.crt" 2>"$tmp/e"; expect_eq "match" $? 2 || return 1
	"${v[@]}" --no-ssl-para --server-name x "$B/leaf.crt" 2>"$tmp/e"
	expect_eq "no para and a name" $? 2 || return 1
	"${v[@]}" --policy base --auth client "$B/leaf.crt" 2>"$tmp/e"
	expect_eq "auth without ssl" $? 2 || return 1
	"${v[@]}" --usage serverauth "$B/leaf.crt" 2>"$tmp/e"; expect_eq "usage" $? 2
}
tap_add t_untrusted "untrusted root exits 1"
tap_add t_errors "usage and input errors exit 2"
tap_add t_help "help text"
tap_add t_revocation_delta "--crl serves a delta at the base CRL's Freshest CRL URL"
tap_add t_ssl_parameters "SSL parameters: auth type, no parameters, empty name, fdwChecks"
tap_add t_flags_and_usages "policy flags, SECURITY_FLAG_IGNORE_UNKNOWN_CA, usages with OR"
tap_add t_additional "--additional is the call's own store"
tap_add t_policies "NT_AUTH, wine-8's missing providers, MICROSOFT_ROOT, EV not modelled"
tap_add t_input_errors "the new options' errors exit 2"
# A PEM bundle given to --root, --ca or a scenario's `store ... add` adds
# every certificate in it (only the first was kept: the intermediate of a
# root+intermediate bundle was lost and the good chain ended
# CERT_E_CHAINING 0x800B010A). The chain is basic/'s, good at its reference
# time (fixtures/README.md).
t_pem_bundle() {
	for f in root intermediate; do openssl x509 -inform DER -in "$B/$f.crt"; done >"$tmp/bundle.pem"
	"$capisim" verify --at 2025-01-01T00:00:00Z --root "$tmp/bundle.pem" \
		--revocation none "$B/leaf.crt" >"$tmp/o" || { cat "$tmp/o"; return 1; }
	cp "$B/leaf.crt" "$tmp/leaf.crt"
	printf 'start 2025-01-01T00:00:00Z\nstore Root add bundle.pem\nverify leaf.crt revocation=none expect ok\n' >"$tmp/b.scn"
	"$capisim" run "$tmp/b.scn" >"$tmp/o" || { cat "$tmp/o"; return 1; }
}
tap_add t_pem_bundle "a PEM bundle in --root and store add: every certificate is added"
# --usage reads the names of the scenario language (usage=): serverAuth is
# 1.3.6.1.5.5.7.3.1 (RFC 5280 4.2.1.12), which basic/leaf.crt has in its EKU
# (fixtures/README.md); the name was taken as an OID and gave
# CERT_E_WRONG_USAGE 0x800B0110.
t_usage_names() {
	local by_name by_oid
	by_name=$("$capisim" verify --at 2025-01-01T00:00:00Z --root "$B/root.crt" --ca "$B/intermediate.crt" \
		--revocation none --usage serverAuth "$B/leaf.crt") || { echo "$by_name"; return 1; }
	by_oid=$("$capisim" verify --at 2025-01-01T00:00:00Z --root "$B/root.crt" --ca "$B/intermediate.crt" \
		--revocation none --usage 1.3.6.1.5.5.7.3.1 "$B/leaf.crt") || { echo "$by_oid"; return 1; }
	expect_eq "serverAuth = 1.3.6.1.5.5.7.3.1" "$by_name" "$by_oid"
}
tap_add t_usage_names "verify --usage serverAuth is the OID 1.3.6.1.5.5.7.3.1"
# --crl-store puts a CRL in the machine's CA store: the store step of the CRL
# lookup order (RULES.md 4: memory, disk cache, store, network;
# docs/revocation.md). Nothing is on the network but what --crl serves.
# leaf-revoked (3A08) is listed by intermediate.crl (fixtures/README.md):
# offline without the store CRL (0x01000040), revoked with it (0x4). The good
# leaf: its base CRL from the store and the delta the base names
# (intermediate+.crl) from the wire - no error bits; without the store CRL
# the base is not found (offline). A file that is not a CRL exits 2.
t_crl_store() {
	local args=(--json --profile win10-22h2 --at $AT --root "$B/root.crt"
		--ca "$B/intermediate.crt" --revocation end) out
	out=$("$capisim" verify "${args[@]}" "$B/leaf-revoked.crt")
	[ "$(json_is "$out" 'd["chain"]["error_status"]')" = 0x01000040 ] || { echo "no store: $out"; return 1; }
	out=$("$capisim" verify "${args[@]}" --crl-store "$B/crl/intermediate.crl" "$B/leaf-revoked.crt")
	[ "$(json_is "$out" 'd["chain"]["error_status"]')" = 0x00000004 ] || { echo "store: $out"; return 1; }
	out=$("$capisim" verify "${args[@]}" --crl "$B/crl/intermediate+.crl" "$B/leaf.crt")
	[ "$(json_is "$out" 'd["chain"]["error_status"]')" = 0x01000040 ] || { echo "delta only: $out"; return 1; }
	out=$("$capisim" verify "${args[@]}" --crl-store "$B/crl/intermediate.crl" \
		--crl "$B/crl/intermediate+.crl" "$B/leaf.crt") || { echo "store + delta: $out"; return 1; }
	[ "$(json_is "$out" 'd["chain"]["error_status"]')" = 0x00000000 ] || { echo "store + delta: $out"; return 1; }
	"$capisim" verify "${args[@]}" --crl-store "$B/leaf.crt" "$B/leaf.crt" >"$tmp/o" 2>"$tmp/e"
	expect_eq "not a CRL" $? 2 || return 1
	[ ! -s "$tmp/o" ] && grep -q 'leaf.crt: error: not a CRL' "$tmp/e" || { cat "$tmp/o" "$tmp/e"; return 1; }
}
tap_add t_crl_store "--crl-store: a CRL in the CA store answers before the network"
tap_run
