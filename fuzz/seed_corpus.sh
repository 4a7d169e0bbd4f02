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
