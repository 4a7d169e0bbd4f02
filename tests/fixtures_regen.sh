#!/bin/bash
# The fixture catalogue is reproducible and parseable: regenerating it gives
# exactly the committed files and fixtures/MANIFEST.sha256, and every object
# opens with the tool a person would use on it (openssl x509/crl/ocsp/smime,
# gcab). usage: fixtures_regen.sh CAPISIM SOURCE_ROOT
set -u
capisim="$1"
src="$2"
data="$src/fixtures/data"
manifest="$src/fixtures/MANIFEST.sha256"
source "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gen_once() {
	[ -f "$tmp/gen.ok" ] && return 0
	"$capisim" fixtures generate --manifest "$tmp/MANIFEST.sha256" \
		"$tmp/data" || return 1
	touch "$tmp/gen.ok"
}
t_regen_matches_manifest() {
	gen_once || return 1
	diff -u "$manifest" "$tmp/MANIFEST.sha256"
}
t_regen_matches_committed_files() {
	gen_once || return 1
	diff -r "$data" "$tmp/data"
}
t_committed_files_match_manifest() {
	(cd "$data" && sha256sum --quiet -c "$manifest") || return 1
	# and nothing committed that the manifest does not list
	local listed have
	listed=$(awk '{print $2}' "$manifest" | sort)
	have=$(cd "$data" && find . -type f | sed 's|^\./||' | sort)
	expect_eq "files under fixtures/data" "$have" "$listed"
}
t_regen_is_tz_independent() {
	gen_once || return 1
	TZ=Asia/Tokyo LC_ALL=C "$capisim" fixtures generate \
		--manifest "$tmp/tz.sha256" "$tmp/tz" || return 1
	diff -u "$tmp/MANIFEST.sha256" "$tmp/tz.sha256"
}
files_with() { awk '{print $2}' "$manifest" | grep -E "$1" ; }
t_certs_parse() {
	local f bad=0
	for f in $(files_with '\.(crt|der)$'); do
		openssl x509 -inform DER -in "$data/$f" -noout 2>/dev/null ||
			{ echo "openssl x509 rejects $f"; bad=1; }
	done
	return $bad
}
t_crls_parse() {
	local f bad=0
	for f in $(files_with '\.crl$'); do
		openssl crl -inform DER -in "$data/$f" -noout 2>/dev/null ||
			{ echo "openssl crl rejects $f"; bad=1; }
	done
	return $bad
}
t_ocsp_parse() {
	local f bad=0
	for f in $(files_with '\.ocsp$'); do
		openssl ocsp -respin "$data/$f" -resp_text -noverify \
			>/dev/null 2>&1 || { echo "openssl ocsp rejects $f"; bad=1; }
	done
	return $bad
}
tap_add t_regen_matches_manifest "regenerated manifest == fixtures/MANIFEST.sha256"
tap_add t_regen_matches_committed_files "regenerated files == fixtures/data"
tap_add t_committed_files_match_manifest "fixtures/data == manifest, no extra files"
tap_add t_regen_is_tz_independent "generation does not depend on TZ"
tap_add t_certs_parse "openssl x509 -inform DER parses every certificate"
tap_add t_crls_parse "openssl crl -inform DER parses every CRL"
tap_add t_ocsp_parse "openssl ocsp -respin parses every OCSP response"
tap_run
