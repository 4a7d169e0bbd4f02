#!/bin/bash
# `capisim fixtures list` and `capisim fixtures show`. Expected values are the
# catalogue's (fixtures/gen/cat_*.c, fixtures/README.md), not the tool's own
# earlier output. usage: fixtures_cli.sh CAPISIM SOURCE_ROOT
set -u
capisim="$1"
data="$2/fixtures/data"
manifest="$2/fixtures/MANIFEST.sha256"
source "$(dirname "$0")/tap.sh"

# expect_lines OUTPUT LINE...: every LINE appears as a whole line
expect_lines() {
	local out="$1" l bad=0
	shift
	for l in "$@"; do
		grep -qxF -- "$l" <<<"$out" || { echo "missing line: $l"; bad=1; }
	done
	[ $bad -eq 0 ] || printf -- '--- output\n%s\n' "$out"
	return $bad
}
t_list_prints_every_file() {
	local out f bad=0
	out=$("$capisim" fixtures list) || return 1
	for f in $(awk '{print $2}' "$manifest"); do
		grep -qxF -- "$f" <<<"$out" || { echo "not listed: $f"; bad=1; }
	done
	return $bad
}
t_show_certificate() {
	local out
	out=$("$capisim" fixtures show "$data/basic/leaf.crt") || return 1
	expect_lines "$out" "X509 Certificate:" "Serial Number: 3A01" \
		"Issuer: CN=capisim Test Issuing CA 1,O=capisim Test PKI,C=US" \
		"Subject: CN=www.capisim.test,O=capisim Test PKI,C=US" \
		"NotBefore: 2024-07-01T00:00:00Z" "NotAfter: 2025-07-01T00:00:00Z" \
		"        DNS:www.capisim.test" "        TLS Web Server Authentication" \
		"          URI:http://pki.capisim.test/crl/intermediate.crl" \
		"        OCSP - URI:http://ocsp.capisim.test/" || return 1
	# the thumbprint is OpenSSL's SHA-1 of the DER
	local sha1
	sha1=$(sha1sum "$data/basic/leaf.crt" | cut -c1-40)
	expect_lines "$out" "Cert Hash(sha1): $sha1"
}
t_show_crl() {
	local out
	out=$("$capisim" fixtures show "$data/basic/crl/intermediate.crl") || return 1
	expect_lines "$out" "X509 Certificate Revocation List:" \
		"ThisUpdate: 2024-12-30T00:00:00Z" "NextUpdate: 2025-01-06T00:00:00Z" \
		"CRL Entries: 1" "  Serial Number: 3A08" \
		"  Revocation Date: 2024-10-01T00:00:00Z" "  Reason: 1" \
		"          URI:http://pki.capisim.test/crl/intermediate+.crl"
}
t_show_delta_crl_adcs() {
	local out
	# published 2014-04-10T12:30Z: ThisUpdate -10 min, NextUpdate +30+3+10 min
	out=$("$capisim" fixtures show \
		"$data/incident-c-2014/crl-1h/delta-20140410T1230Z.crl") || return 1
	expect_lines "$out" "ThisUpdate: 2014-04-10T12:20:00Z" \
		"NextUpdate: 2014-04-10T13:13:00Z" \
		"    X509v3 Delta CRL Indicator (2.5.29.27) critical:" \
		"    Microsoft Next CRL Publish (1.3.6.1.4.1.311.21.4):" \
		"  Serial Number: 1C02"
}
t_show_ocsp() {
	local out
	out=$("$capisim" fixtures show "$data/basic/ocsp/good-by-ca.ocsp") || return 1
	expect_lines "$out" "OCSP Response:" "Response Status: 0 (successful)" \
		"Responder Id (name): CN=capisim Test Issuing CA 1,O=capisim Test PKI,C=US" \
		"ProducedAt: 2024-12-31T12:00:00Z" "  Serial Number: 3A01" \
		"  Cert Status: good" "  NextUpdate: 2025-01-07T12:00:00Z" \
		"Certificates: 0"
}
t_show_stl() {
	local out p1 p2
	out=$("$capisim" fixtures show "$data/incident-a-2010/authroot-2010-07.stl") || return 1
	p1=$(sha1sum "$data/incident-a-2010/program-p1.crt" | cut -c1-40)
	p2=$(sha1sum "$data/incident-a-2010/program-p2.crt" | cut -c1-40)
	expect_lines "$out" "Signed Certificate Trust List:" "PKCS #7 Version: 1" \
		"Content Type: 1.3.6.1.4.1.311.10.1" \
		"Subject Usage: 1.3.6.1.4.1.311.10.3.9" "Sequence Number: 02" \
		"ThisUpdate: 2010-07-08T00:00:00Z" "NextUpdate: (none)" \
		"CTL Entries: 2" "  Subject Identifier: $p1" "  Subject Identifier: $p2" \
		"    Friendly Name (prop 11): capisim Program Root P2" \
		"  Serial Number: 0A03"
}
t_show_cab() {
	local out
	out=$("$capisim" fixtures show "$data/incident-d-2023/disallowedcertstl.cab") || return 1
	local size
	size=$(stat -c %s "$data/incident-d-2023/disallowedcert.stl")
	expect_lines "$out" "Cabinet:" \
		"  disallowedcert.stl  $size bytes  2023-03-07T00:00:00  attributes 0x20"
}
t_show_garbage() {
	local err rc tmp
	tmp=$(mktemp)
	printf 'not a certificate' > "$tmp"
	err=$("$capisim" fixtures show "$tmp" 2>&1 >/dev/null); rc=$?
	rm -f "$tmp"
	expect_eq "exit" "$rc" 2 || return 1
	[[ "$err" == *": byte 0: error: expected 0x30"* ]] || { echo "$err"; return 1; }
}
t_show_truncated() {
	local err rc out tmp
	tmp=$(mktemp)
	head -c 300 "$data/basic/leaf.crt" > "$tmp"
	out=$("$capisim" fixtures show "$tmp" 2>/dev/null); rc=$?
	err=$("$capisim" fixtures show "$tmp" 2>&1 >/dev/null)
	rm -f "$tmp"
	expect_eq "exit" "$rc" 2 && expect_eq "stdout" "$out" "" || return 1
	# leaf.crt's header 30 82 04 4a: 1098 content bytes after 4; cut at 300
	[[ "$err" == *": byte 300: error: truncated DER: the SEQUENCE at byte 0 declares 1098 content bytes after its 4-byte header, 296 present" ]] ||
		{ echo "$err"; return 1; }
}
tap_add t_list_prints_every_file "fixtures list names every file of the manifest"
tap_add t_show_certificate "show: certificate fields, extensions, thumbprint"
tap_add t_show_crl "show: base CRL entries and Freshest CRL"
tap_add t_show_delta_crl_adcs "show: AD CS delta CRL times and extensions"
tap_add t_show_ocsp "show: OCSP response"
tap_add t_show_stl "show: STL entries and signer"
tap_add t_show_cab "show: CAB member, size, date"
tap_add t_show_garbage "show: garbage -> byte offset, exit 2"
tap_add t_show_truncated "show: truncated DER -> byte offset, exit 2, no output"
tap_run
