#!/bin/bash
# Refresh the seed corpora of the fuzz targets from the fixtures (and, for
# text formats, from the docs' examples). Seeds are named by the SHA-1 of
# their content, as libFuzzer names what it finds, so re-running adds
# nothing twice. Crash reproducers (crash-*) are never touched.
#   fuzz/seed_corpus.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
data=fixtures/data

# seed TARGET FILE...: copy each file into fuzz/corpus/TARGET
seed() {
	local target="$1" f sum
	shift
	mkdir -p "fuzz/corpus/$target"
	for f in "$@"; do
		[ -f "$f" ] || continue
		sum=$(sha1sum "$f" | cut -c1-40)
		cp "$f" "fuzz/corpus/$target/$sum"
	done
}
# seed_text TARGET TEXT: one seed from a string
seed_text() {
	local tmp
	tmp=$(mktemp)
	printf '%s' "$2" >"$tmp"
	seed "$1" "$tmp"
	rm -f "$tmp"
}

# One of each kind of object `capisim fixtures show` reads: certificates
# with the extensions the chain rules look at, base and delta CRLs, OCSP
# responses signed by the CA and by a responder, STLs and CABs.
seed render \
	$data/basic/root.crt $data/basic/leaf.crt \
	$data/basic/int-nc-permitted.crt $data/basic/leaf-unknown-critical.crt \
	$data/basic/int-pathlen0.crt $data/basic/leaf-revoked-delta.crt \
	$data/basic/crl/intermediate.crl $data/basic/crl/intermediate+.crl \
	$data/basic/ocsp/good-by-ca.ocsp $data/basic/ocsp/revoked-by-responder.ocsp \
	$data/incident-a-2010/authroot-2010-06.stl \
	$data/incident-a-2010/authrootstl-2010-06.cab \
	$data/incident-d-2023/disallowedcert.stl \
	$data/incident-d-2023/disallowedcertstl.cab

# The chain engine's loader: certificates in DER and in PEM (the loader
# detects "-----BEGIN"), one with a CRL's armour around it.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl x509 -inform DER -in $data/basic/leaf.crt -out "$tmp/leaf.pem"
sed 's/CERTIFICATE/X509 CRL/' "$tmp/leaf.pem" >"$tmp/leaf-crl-armour.pem"
seed cert $data/basic/root.crt $data/basic/leaf.crt \
	$data/basic/int-nc-permitted.crt $data/basic/int-nc-excluded.crt \
	$data/basic/leaf-unknown-critical.crt $data/basic/int-sha1.crt \
	$data/basic/ocsp-responder.crt $data/incident-a-2010/ctl-signer-2010.crt \
	"$tmp/leaf.pem" "$tmp/leaf-crl-armour.pem"

# Revocation: byte 0 even = CRL, odd = OCSP response (fuzz_crl.c).
i=0
for f in $data/basic/crl/intermediate.crl $data/basic/crl/intermediate+.crl \
	$data/basic/crl/intermediate-bad-signature.crl \
	$(ls $data/incident-c-2014/crl-1h/* | head -2); do
	{ printf '\0'; cat "$f"; } >"$tmp/crl$i"
	i=$((i + 1))
done
for f in $data/basic/ocsp/*.ocsp; do
	{ printf '\1'; cat "$f"; } >"$tmp/ocsp$i"
	i=$((i + 1))
done
seed crl "$tmp"/crl* "$tmp"/ocsp*

seed ctl $data/incident-a-2010/*.stl $data/incident-d-2023/*.stl
seed cab $data/incident-a-2010/*.cab $data/incident-d-2023/*.cab

# Scenarios: the goldens and the incidents, their fixture paths rewritten
# for the fuzz target's base folder (tests/scenario).
for f in tests/scenario/*.scn tests/scenario/*.inc tests/scenario/bad/* \
	fixtures/incidents/*.scn; do
	sed 's|\.\./data/|../../fixtures/data/|g' "$f" >"$tmp/scn-$(basename "$f")"
done
seed scenario "$tmp"/scn-*

# Importers: the published Windows samples (tests/data/windows).
seed import_certutil tests/data/windows/certutil_* tests/data/real/certutil_*
seed import_capi2 tests/data/windows/capi2_* tests/data/windows/app_capi2_* \
	tests/data/real/capi2_*
seed import_events tests/data/real/schannel_* tests/data/real/crypt32_* \
	tests/data/real/capi2_op_11_text*
seed import_w3c tests/data/windows/iis_* tests/data/real/iis_*
# Traces: the golden traces.
seed trace tests/scenario/*.trace.jsonl
