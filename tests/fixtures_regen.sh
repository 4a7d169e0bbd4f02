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
# Regenerating into a folder that exists replaces the catalogue's files and
# leaves the others (a README a user keeps there) alone; the staging folder
# (fx_write_all: "<dir>.tmpXXXXXX" beside it) is gone afterwards.
t_regen_into_existing_folder() {
	gen_once || return 1
	mkdir -p "$tmp/ex/basic" || return 1
	echo keep >"$tmp/ex/README" && echo stale >"$tmp/ex/basic/leaf.crt"
	"$capisim" fixtures generate --manifest "$tmp/ex.sha256" "$tmp/ex/" ||
		return 1
	expect_eq "kept file" "$(cat "$tmp/ex/README")" "keep" || return 1
	rm "$tmp/ex/README"
	diff -r "$tmp/data" "$tmp/ex" && diff -u "$manifest" "$tmp/ex.sha256" ||
		return 1
	expect_eq "staging leftovers" "$(cd "$tmp" && echo ex.tmp* ex.sha256.tmp*)" \
		"ex.tmp* ex.sha256.tmp*"
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
# The contents octets of the CTL inside an STL: the SEQUENCE after the
# [0] that follows the szOID_CTL content type. Prints "offset length".
stl_content() {
	openssl asn1parse -inform DER -in "$1" | awk '
		/:1\.3\.6\.1\.4\.1\.311\.10\.1$/ { f = 1; next }
		f == 1 && /cont \[ 0 \]/ { f = 2; next }
		f == 2 {
			match($0, /hl=[0-9]+/); hl = substr($0, RSTART + 3, RLENGTH - 3)
			match($0, / l= *[0-9]+/); l = substr($0, RSTART + 3, RLENGTH - 3)
			print $1 + hl, l + 0; exit
		}'
}
# messageDigest and signature over the contents octets (RFC 2315 9.3); the
# deliberately broken *-bad-signature.stl must fail.
t_stl_signatures_verify() {
	local f s l bad=0 n=0
	for f in $(files_with '\.stl$'); do
		read -r s l < <(stl_content "$data/$f")
		[ -n "$l" ] || { echo "$f: no CTL content found"; bad=1; continue; }
		tail -c +$((s + 1)) "$data/$f" | head -c "$l" > "$tmp/content"
		if openssl smime -verify -inform DER -noverify -in "$data/$f" \
			-content "$tmp/content" -out /dev/null 2>/dev/null; then
			[[ "$f" == *bad-signature* ]] && { echo "$f verifies"; bad=1; }
		else
			[[ "$f" == *bad-signature* ]] || { echo "$f does not verify"; bad=1; }
		fi
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || { echo "no STL found"; return 1; }
	return $bad
}
t_cabs_list_their_member() {
	local f bad=0
	for f in $(files_with '\.cab$'); do
		gcab -t "$data/$f" | grep -qx '.*\.stl' ||
			{ echo "gcab -t $f: no .stl member"; bad=1; }
		gcab -x -C "$tmp" "$data/$f" >/dev/null || { echo "gcab -x $f"; bad=1; }
	done
	return $bad
}
tap_add t_regen_matches_manifest "regenerated manifest == fixtures/MANIFEST.sha256"
tap_add t_regen_matches_committed_files "regenerated files == fixtures/data"
tap_add t_committed_files_match_manifest "fixtures/data == manifest, no extra files"
tap_add t_regen_is_tz_independent "generation does not depend on TZ"
tap_add t_regen_into_existing_folder "regenerating into an existing folder keeps foreign files, leaves no staging folder"
tap_add t_certs_parse "openssl x509 -inform DER parses every certificate"
tap_add t_crls_parse "openssl crl -inform DER parses every CRL"
tap_add t_ocsp_parse "openssl ocsp -respin parses every OCSP response"
tap_add t_stl_signatures_verify "openssl smime -verify accepts every STL over its CTL contents"
tap_add t_cabs_list_their_member "gcab -t lists the STL in every CAB"
tap_run
