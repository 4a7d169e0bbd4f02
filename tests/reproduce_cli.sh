#!/bin/bash
# `capisim reproduce`: a certutil paste plus the files it names -> the
# situation -> the model -> field by field. The pastes with files are the
# model's own certutil text for fixture chains (no published paste comes
# with its certificates); the real pastes of tests/data/real check what is
# read from a Windows paste and the refusals. Expected values: the fixture
# files themselves (openssl reads their dates), the trust bits of
# RULES.md 2 / docs/verify.md, the pastes' own lines.
set -u
capisim="$1"
root="$2"
B="$root/fixtures/data/basic"
real="$root/tests/data/real"
source "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AT=2025-01-01T00:00:00Z

# evidence DIR FILES...: a folder with the files and certutil's text of
# `capisim verify --urlfetch ARGS` in it (the last argument is the leaf)
evidence() {
	local dir="$tmp/$1"
	shift
	mkdir -p "$dir"
	"$capisim" verify --at "$AT" --revocation chain-exclude-root --urlfetch "$@" \
		>"$dir/paste.txt" 2>/dev/null
	[ -s "$dir/paste.txt" ] || { echo "no paste for $*"; return 1; }
}
crls=(--crl "$B/crl/intermediate.crl" --crl "$B/crl/intermediate+.crl" --crl "$B/crl/root.crl")

t_agree() {
	evidence good --root "$B/root.crt" --ca "$B/intermediate.crt" "${crls[@]}" "$B/leaf.crt" || return 1
	cp "$B/leaf.crt" "$B/intermediate.crt" "$B/root.crt" "$B"/crl/intermediate.crl \
		"$B"/crl/intermediate+.crl "$B"/crl/root.crl "$tmp/good/"
	local out
	out=$("$capisim" reproduce "$tmp/good/paste.txt")
	expect_eq exit "$?" 0 || return 1
	# every thumbprint found, the root trusted, the CRLs matched by their SHA-1
	[[ "$out" == *"root  457e23f80ba370dca46227eb68f0ab65a94becaa "*"(trusted: the Root store)"* ]] || { echo "$out"; return 1; }
	local sha
	sha=$(openssl crl -in "$B/crl/intermediate.crl" -inform DER -outform DER | sha1sum | cut -c1-40)
	[[ "$out" == *"CRL 0a $sha <- $tmp/good/intermediate.crl"* ]] || { echo "$out"; return 1; }
	# the time: the latest lastUpdate of the three CRLs (openssl: Dec 31 2024 for the delta)
	[[ "$out" == *"time 2024-12-31T00:00:00Z (the latest ThisUpdate of the CRLs given)"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"profile win10-22h2 (guessed: the Cert: lines"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"agree   policy.error "*"0x00000000"* ]] || { echo "$out"; return 1; }
	expect_eq summary "${out##*$'\n'}" "15 agree, 0 differ"
}

# The same paste without the CRLs: revocation offline in the model, named
# by the rules of the checks that failed; BASE reports 0x80092013 (H-cmp-1).
t_missing_crls() {
	evidence nocrl --root "$B/root.crt" --ca "$B/intermediate.crt" "${crls[@]}" "$B/leaf.crt" || return 1
	cp "$B/leaf.crt" "$B/intermediate.crt" "$B/root.crt" "$tmp/nocrl/"
	local out
	out=$("$capisim" reproduce --at "$AT" "$tmp/nocrl/paste.txt")
	expect_eq exit "$?" 1 || return 1
	[[ "$out" == *"CRL 0a "*" <- NOT GIVEN"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"differ  chain.elements[0].error_status"*"paste 0x00000000, model 0x01000040"*"only in the model: CERT_TRUST_REVOCATION_STATUS_UNKNOWN, CERT_TRUST_IS_OFFLINE_REVOCATION"*"rule revocation.offline.no_valid_info"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"Downloading http://pki.capisim.test/crl/intermediate.crl failed"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"differ  policy.error "*"paste 0x00000000, model 0x80092013"*"rule chain.policy"* ]] || { echo "$out"; return 1; }
	# the root is excluded (CHAIN_EXCLUDE_ROOT): its word agrees
	[[ "$out" == *"agree   chain.elements[2].error_status "* ]] || { echo "$out"; return 1; }
	expect_eq summary "${out##*$'\n'}" "11 agree, 4 differ"
}

# A root the paste shows as untrusted (0x20) goes to the CA store, not Root.
t_untrusted_root() {
	evidence untrusted --ca "$B/intermediate.crt" --ca "$B/root.crt" "${crls[@]}" "$B/leaf.crt" || return 1
	grep -q "CERT_TRUST_IS_UNTRUSTED_ROOT (0x20)" "$tmp/untrusted/paste.txt" || { echo "paste not untrusted"; return 1; }
	cp "$B/leaf.crt" "$B/intermediate.crt" "$B/root.crt" "$tmp/untrusted/"
	local out
	out=$("$capisim" reproduce --at "$AT" "$tmp/untrusted/paste.txt")
	[[ "$out" == *"(not trusted: the paste shows CERT_TRUST_IS_UNTRUSTED_ROOT)"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"agree   chain.error_status "*"0x00000020"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"agree   policy.error "*"0x800B0109"* ]] || { echo "$out"; return 1; }
}

# An expired leaf: without --at the time is just after its NotAfter
# (openssl: Jan 1 00:00:00 2024), so the model sees it expired too.
t_expired_time() {
	evidence expired --root "$B/root.crt" --ca "$B/intermediate.crt" "$B/leaf-expired.crt" || return 1
	cp "$B/leaf-expired.crt" "$B/intermediate.crt" "$B/root.crt" "$tmp/expired/"
	local out
	out=$("$capisim" reproduce "$tmp/expired/paste.txt")
	[[ "$out" == *"time 2024-01-01T00:00:01Z (just after the leaf's NotAfter"* ]] || { echo "$out"; return 1; }
	# NOT_TIME_VALID (0x1) plus offline revocation (no CRL given to either
	# side); BASE: CERT_E_EXPIRED 0x800B0101
	[[ "$out" == *"agree   chain.elements[0].error_status "*"0x01000041"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"agree   policy.error "*"0x800B0101"* ]] || { echo "$out"; return 1; }
}

# Real pastes: what is read, and the refusals.
t_real_needs_files() {
	local out err
	out=$("$capisim" reproduce --certs "$tmp" "$real/certutil_verify_success_3elem_cvilab_2026.txt" 2>"$tmp/err")
	expect_eq exit "$?" 2 || return 1
	err=$(cat "$tmp/err")
	# "Cert: ac13703970997b7325d96fda865ddd9c987c69a0", "CRL 15:" ... "CRL: 6d6e77ff...",
	# "ChainFlags = CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT (0x40000000)", "CERT_CHAIN_POLICY_BASE"
	[[ "$out" == *"leaf  ac13703970997b7325d96fda865ddd9c987c69a0 CN=PKI-SRV01.corp.cvilab.local <- NOT GIVEN"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"root  b805e6ab548f6e7c57d3989f61de7fe6a51031d1 "* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"CRL 15 6d6e77ff4cc1e1403be1af1adbd5025600cf95d6 <- NOT GIVEN"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"policy base, ChainFlags 0x40000000"* ]] || { echo "$out"; return 1; }
	[[ "$err" == *"the leaf certificate is not in $tmp"* ]] || { echo "$err"; return 1; }
	# the older layout (hex lines under Serial:) guesses a Windows 7 / 8.1 era profile
	out=$("$capisim" reproduce --certs "$tmp" "$real/certutil_scinfo_de-DE_old_layout_hex_thumbprints_2015.txt" 2>/dev/null)
	[[ "$out" == *"profile server-2012r2 (guessed: the hex-lines layout"* ]] || { echo "$out"; return 1; }
	# a tail without the dump: nothing to reproduce, at the file's first line
	err=$("$capisim" reproduce "$real/certutil_verify_tail_success_excerpt_cvilab_2026.txt" 2>&1 >/dev/null)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *"certutil_verify_tail_success_excerpt_cvilab_2026.txt:1:1: error: no chain dump"* ]] || { echo "$err"; return 1; }
	# a truncated paste: the importer's refusal, with its line
	err=$("$capisim" reproduce "$real/certutil_verify_untrusted_root_zscaler_en-GB_2019.txt" 2>&1 >/dev/null)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *"certutil_verify_untrusted_root_zscaler_en-GB_2019.txt:"*": error: "* ]] || { echo "$err"; return 1; }
}

tap_add t_agree "the model's own paste with its files: every field agrees, exit 0"
tap_add t_missing_crls "CRLs not given: revocation differs, named by its rules, exit 1"
tap_add t_untrusted_root "a root the paste shows untrusted is not put in Root"
tap_add t_expired_time "an expired leaf: the time after its NotAfter"
tap_add t_real_needs_files "real pastes: thumbprints, CRLs, flags, policy, layout read; refusals"
tap_run
