#!/bin/bash
# RULES.md 6's proof of the fixture STLs with Wine's real crypt32: every
# signed CTL of fixtures/data through `capisim compare wine --ctl` (the
# probe's ctl-check: CertCreateCTLContext, CMSG_CTRL_VERIFY_SIGNATURE,
# CryptMsgGetAndVerifySigner; one probe process) against the engine's CTL
# parser, plus the wrong-content-type CTL of tests/bad and an STL with a
# tampered entry made here. Wine's own values are checked from its trace;
# expected values cite RULES.md 6, fixtures/README.md, the fixture's DER
# (`openssl asn1parse`), OpenSSL's SHA-1 of the listed certificates, or
# Wine 8.0 as actually run (docs/compare.md, "Checking STLs").
#
# usage: compare_wine_ctl.sh CAPISIM SRCROOT WINEPREFIX [PROBE]
# Skips (exit 77) without Wine, libfaketime or the probe. KEEP_TMP=1 keeps
# the work directory (both traces, the comparison, the STLs made here).
set -u
capisim="$1" src="$2" prefix="${CAPISIM_WINEPREFIX:-$3}" probe="${4:-}"
source "$(dirname "$0")/tap.sh"
source "$(dirname "$0")/wine_tools.sh"
if ! have_wine_tools "$probe"; then
	echo "1..0 # SKIP Wine, libfaketime or the probe (-Dwine_compare) is missing"
	exit 77
fi
export CAPISIM_PROBE="$(realpath "$probe")"
wine=$(wine_loader)
capisim=$(realpath "$capisim") src=$(realpath "$src") prefix=$(realpath -m "$prefix")
tmp=$(mktemp -d)
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
a="$src/fixtures/data/incident-a-2010" d="$src/fixtures/data/incident-d-2023"

# tests/bad/cases/show-stl-wrong-content-type.case's input: szOID_CTL's
# DER replaced by id-data's in authroot-2010-06.stl. And authroot-2010-07.stl
# with the first byte of its second entry (P2's SHA-1) changed: the
# signed attributes are untouched, only the messageDigest no longer fits.
sha1() { openssl x509 -inform DER -in "$1" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g' | tr A-F a-f; }
p1=$(sha1 "$a/program-p1.crt") p2=$(sha1 "$a/program-p2.crt") dca=$(sha1 "$d/distrusted-ca.crt")
tampered_p2="ff${p2:2}"
python3 - "$a" "$tmp" "$p2" "$tampered_p2" <<'PY'
import sys
a, tmp, p2, t = sys.argv[1:]
d = open(a + "/authroot-2010-06.stl", "rb").read()
open(tmp + "/wrong-content-type.stl", "wb").write(d.replace(
    bytes.fromhex("06092b0601040182370a01"), bytes.fromhex("06092a864886f70d010701"), 1))
d = open(a + "/authroot-2010-07.stl", "rb").read()
assert d.count(bytes.fromhex(p2)) == 1
open(tmp + "/tampered-entry.stl", "wb").write(d.replace(bytes.fromhex(p2), bytes.fromhex(t)))
PY
# The fixtures carry no CERT_SUBJECT_NAME_MD5_HASH_PROP_ID (fixtures/README.md:
# properties 20, 11 and 9), so entry-properties.stl is authroot-2010-07.stl
# with one added to each entry: attribute 1.3.6.1.4.1.311.10.11.29 (RULES.md
# 6), encoded by `openssl asn1parse -genconf`, holding the MD5 of the root's
# subject Name as the certificate encodes it (what Wine's crypt32 computes
# for that property: MD5 over CERT_INFO.Subject). P1's EKU property becomes
# an empty SEQUENCE (no usage), P2's gets a SET tag where its SEQUENCE was
# (not an EKU). The enclosing lengths are rewritten from `openssl
# asn1parse`'s offsets; the signed attributes are untouched, so only the
# messageDigest no longer fits - which Wine does not check (RULES.md 6).
python3 - "$a" "$tmp" "$p1" "$p2" <<'PY'
import hashlib, re, subprocess, sys
a, tmp, p1, p2 = sys.argv[1:]
def elems(der):
    open(tmp + "/parse.der", "wb").write(der)
    out = subprocess.run(["openssl", "asn1parse", "-inform", "DER", "-in", tmp + "/parse.der"],
                         capture_output=True, text=True, check=True).stdout
    r = r"\s*(\d+):d=\s*(\d+)\s+hl=\s*(\d+)\s+l=\s*(\d+)\s+(cons|prim):\s*(.*)"
    return [(int(m[1]), int(m[2]), int(m[3]), int(m[4]), m[5] == "cons", m[6].strip())
            for m in (re.match(r, l) for l in out.splitlines())]
def splice(der, at, n, new):
    """der with n bytes at offset at replaced by new, enclosing lengths fixed."""
    der, delta = bytearray(der), len(new) - n
    for off, _, hl, l, cons, _ in elems(bytes(der)):
        if cons and off < at and off + hl + l >= at + n:
            if hl == 2:
                assert l + delta < 0x80
                der[off + 1] = l + delta
            else:
                assert der[off + 1] == 0x80 | (hl - 2)
                der[off + 2:off + hl] = (l + delta).to_bytes(hl - 2, "big")
    return bytes(der[:at]) + new + bytes(der[at + n:])
def subject_md5(cert):
    der = open(cert, "rb").read()
    tbs = [e for e in elems(der) if e[1] == 2]
    assert tbs[0][5].startswith("cont [ 0 ]")  # version: subject is the 6th
    off, _, hl, l = tbs[5][:4]
    return hashlib.md5(der[off:off + hl + l]).hexdigest()
def attr29(md5):
    open(tmp + "/attr.cnf", "w").write("asn1=SEQUENCE:attr\n[attr]\n"
        "oid=OID:1.3.6.1.4.1.311.10.11.29\nv=SETWRAP,FORMAT:HEX,OCTETSTRING:" + md5 + "\n")
    subprocess.run(["openssl", "asn1parse", "-genconf", tmp + "/attr.cnf", "-noout",
                    "-out", tmp + "/attr.der"], check=True, capture_output=True)
    return open(tmp + "/attr.der", "rb").read()
def entry(der, sha1):
    """(the entry's attribute SET, its EKU property's OCTET STRING)"""
    es = elems(der)
    i = next(i for i, e in enumerate(es) if e[5].endswith("[HEX DUMP]:" + sha1.upper()))
    eku = next(j for j in range(i, len(es)) if es[j][5].endswith(":1.3.6.1.4.1.311.10.11.9"))
    return es[i + 1], es[eku + 2]
der = open(a + "/authroot-2010-07.stl", "rb").read()
for sha1, cert, eku in ((p1, "program-p1.crt", b"\x04\x02\x30\x00"), (p2, "program-p2.crt", None)):
    _, os_ = entry(der, sha1)
    if eku:
        der = splice(der, os_[0], os_[2] + os_[3], eku)
    else:
        assert der[os_[0] + os_[2]] == 0x30
        der = der[:os_[0] + os_[2]] + b"\x31" + der[os_[0] + os_[2] + 1:]
    md5 = subject_md5(a + "/" + cert)
    open(tmp + "/" + cert + ".md5", "w").write(md5)
    set_, _ = entry(der, sha1)
    der = splice(der, set_[0] + set_[2], 0, attr29(md5))
open(tmp + "/entry-properties.stl", "wb").write(der)
elems(der)  # still DER openssl can walk
PY
[ -s "$tmp/entry-properties.stl" ] || { echo "Bail out! cannot make entry-properties.stl"; exit 1; }
files=("$a/authroot-2010-06.stl" "$a/authroot-2010-07.stl" "$a/authroot-bad-signature.stl"
	"$a/authroot-nextupdate.stl" "$a/authroot-wrong-usage.stl" "$d/disallowedcert.stl"
	"$tmp/wrong-content-type.stl" "$tmp/tampered-entry.stl" "$tmp/entry-properties.stl")
args=()
for f in "${files[@]}"; do args+=(--ctl "$f"); done

# wine STEP KEY: a value of Wine's record for the STEP-th file ("" when
# absent; arrays joined by commas).
wine() {
	python3 - "$tmp/wine.jsonl" "$1" "$2" <<'PY'
import json, sys
path, step, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for line in open(path):
    o = json.loads(line)
    if o.get("step") == step:
        v = o["ctl"].get(key, "")
        print(",".join(v) if isinstance(v, list) else v)
PY
}
# wprop STEP I KEY: the I-th entry's property KEY in Wine's record ("" when
# absent).
wprop() {
	python3 - "$tmp/wine.jsonl" "$1" "$2" "$3" <<'PY'
import json, sys
path, step, i, key = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
for line in open(path):
    o = json.loads(line)
    if o.get("step") == step:
        print(o["ctl"]["entry_properties"][i].get(key, ""))
PY
}
# line FILE FIELD: the comparison's line for FILE's FIELD, after "FIELD: ".
line() {
	local l
	grep -F "$1: $2: " "$tmp/out.txt" | while IFS= read -r l; do printf '%s\n' "${l#*"$1: $2: "}"; done
}

t_run() {
	"$capisim" compare wine "${args[@]}" --wine-trace "$tmp/wine.jsonl" \
		--model-trace "$tmp/model.jsonl" >"$tmp/out.txt" 2>"$tmp/err.txt"
	local rc=$?
	cat "$tmp/out.txt" "$tmp/err.txt"
	[ $rc -eq 0 ] || { echo "exit $rc"; return 1; }
	grep -q ': different: ' "$tmp/out.txt" && return 1
	tail -n1 "$tmp/out.txt" | grep -qE '^9 files: [0-9]+ fields same, 0 different, [0-9]+ seen by one side only$'
}
t_good() {
	# RULES.md 6: Wine 8 accepted the fixtures' encoding and signature.
	local s
	for s in 1 2 4 5 6; do
		expect_eq "step $s create" "$(wine $s create)" ok &&
			expect_eq "step $s verify_signature" "$(wine $s verify_signature)" ok &&
			expect_eq "step $s get_and_verify_signer" "$(wine $s get_and_verify_signer)" ok || return 1
	done
}
t_usage() {
	# RULES.md 6: szOID_ROOT_LIST_SIGNER for authroot, 1.3.6.1.4.1.311.10.3.30
	# for the disallowed list (and the wrong-usage fixture, fixtures/README.md).
	local s
	for s in 1 2 3 4; do
		expect_eq "step $s" "$(wine $s subject_usage)" 1.3.6.1.4.1.311.10.3.9 || return 1
	done
	expect_eq "wrong-usage" "$(wine 5 subject_usage)" 1.3.6.1.4.1.311.10.3.30 &&
		expect_eq "disallowed" "$(wine 6 subject_usage)" 1.3.6.1.4.1.311.10.3.30
}
t_entries() {
	# fixtures/README.md: #1 lists P1, #2 P1 and P2, the disallowed list
	# distrusted-ca.crt; identifiers are SHA-1 thumbprints (RULES.md 6).
	expect_eq "2010-06" "$(wine 1 entries)" "$p1" &&
		expect_eq "2010-07" "$(wine 2 entries)" "$p1,$p2" &&
		expect_eq "disallowed" "$(wine 6 entries)" "$dca" || return 1
	# and the engine read the same entries: every entries line is "same"
	local f n
	for f in "${files[@]:0:6}"; do
		n=$(grep -F "$f: entries" "$tmp/out.txt" | grep -vc ': same: ')
		[ -n "$(line "$f" 'entries#')" ] && [ "$n" -eq 0 ] || { echo "$f: entries differ or missing"; return 1; }
	done
}
t_fields() {
	# fixtures/README.md: ThisUpdate 2010-06-01 (#1), 2023-03-07 (disallowed),
	# NextUpdate 2010-07-15 (nextupdate); `openssl asn1parse` of
	# disallowedcert.stl: sequenceNumber INTEGER 0131 (two bytes, so the
	# CRYPT_INTEGER_BLOB's little-endian order shows); subjectAlgorithm SHA-1.
	expect_eq "this_update #1" "$(wine 1 this_update)" 2010-06-01T00:00:00Z &&
		expect_eq "this_update disallowed" "$(wine 6 this_update)" 2023-03-07T00:00:00Z &&
		expect_eq "next_update" "$(wine 4 next_update)" 2010-07-15T00:00:00Z &&
		expect_eq "no next_update" "$(wine 2 next_update)" "" &&
		expect_eq "sequence" "$(wine 6 sequence_number)" 0131 &&
		expect_eq "algorithm" "$(wine 6 subject_algorithm)" 1.3.14.3.2.26 &&
		expect_eq "signer" "$(wine 6 signer_sha1)" "$(sha1 "$d/ctl-signer.crt")"
}
t_bad_signature() {
	# The signature's last byte flipped (fixtures/README.md). Wine 8.0, run:
	# CertCreateCTLContext succeeds (it never verifies), both checks return
	# NTE_BAD_SIGNATURE 0x80090006 - the code the engine reports too.
	local f="$a/authroot-bad-signature.stl"
	expect_eq create "$(wine 3 create)" ok &&
		expect_eq verify_signature "$(wine 3 verify_signature)" 0x80090006 &&
		expect_eq get_and_verify_signer "$(wine 3 get_and_verify_signer)" 0x80090006 &&
		expect_eq "engine" "$(line "$f" verify_signature)" "same: 0x80090006"
}
t_wrong_content_type() {
	# Wine 8.0, run: CertCreateCTLContext fails with ERROR_INVALID_DATA
	# (0x0000000D); the engine rejects the file too.
	expect_eq create "$(wine 7 create)" 0x0000000D &&
		expect_eq "no fields" "$(wine 7 entries)" "" &&
		line "$tmp/wrong-content-type.stl" create | grep -q '^same: rejected (wine 0x0000000D; model rejected: '
}
t_digest() {
	# RULES.md 6: Wine never compares messageDigest with the content, so it
	# accepts a tampered entry; the engine sees the mismatch.
	local f="$tmp/tampered-entry.stl"
	expect_eq create "$(wine 8 create)" ok &&
		expect_eq verify_signature "$(wine 8 verify_signature)" ok &&
		expect_eq entries "$(wine 8 entries)" "$p1,$tampered_p2" &&
		expect_eq "engine" "$(line "$f" message_digest)" \
			"model only: mismatch (Wine never compares it with the content, RULES.md 6)"
}
t_cab() {
	# RULES.md 6: Wine's extrac32 extracts the CABs byte-identical. The
	# prefix's lock keeps other runs out (compare/wine/runner.c).
	local cab stl out
	for cab in "$a/authrootstl-2010-07.cab:$a/authroot-2010-07.stl:authroot.stl" \
		"$d/disallowedcertstl.cab:$d/disallowedcert.stl:disallowedcert.stl"; do
		IFS=: read -r cab stl out <<<"$cab"
		rm -rf "$tmp/x" && mkdir "$tmp/x"
		flock "$prefix.lock" env -u DISPLAY WINEPREFIX="$prefix" WINEDEBUG=-all \
			WINEDLLOVERRIDES=mscoree,mshtml= "$wine" extrac32 /Y /E /L \
			"Z:$(echo "$tmp/x" | tr / '\\')" "Z:$(echo "$cab" | tr / '\\')" >/dev/null 2>&1
		cmp "$tmp/x/$out" "$stl" || return 1
	done
}
# ski CERT: the subjectKeyIdentifier as `openssl x509 -ext` prints it, as hex.
ski() { openssl x509 -inform DER -in "$1" -noout -ext subjectKeyIdentifier | sed -n 2p | tr -d ' :' | tr A-F a-f; }
t_properties() {
	# fixtures/README.md: each root-list entry carries property 20, the
	# root's key identifier, and 9, serverAuth and clientAuth; no 29.
	local i c f="$a/authroot-2010-07.stl"
	for i in 0 1; do
		c="$a/program-p$((i + 1)).crt"
		expect_eq "key_id $i" "$(wprop 2 $i key_id)" "$(ski "$c")" &&
			expect_eq "eku $i" "$(wprop 2 $i eku)" 1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2 &&
			expect_eq "name_md5 $i" "$(wprop 2 $i name_md5)" "" &&
			expect_eq "row key_id $i" "$(line "$f" "entries[$i].key_id")" "same: $(ski "$c")" &&
			expect_eq "row eku $i" "$(line "$f" "entries[$i].eku")" \
				"same: 1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2" || return 1
	done
	# the disallowed list's entry: a key identifier, no EKU (fixtures/README.md:
	# 9 for the root list only)
	expect_eq "disallowed key_id" "$(wprop 6 0 key_id)" "$(ski "$d/distrusted-ca.crt")" &&
		expect_eq "disallowed eku" "$(wprop 6 0 eku)" "" || return 1
	# and the engine read the same: every entries[i].P row of the fixtures
	# is "same", three per entry (1 + 2 + 2 + 2 + 2 entries, 1 disallowed)
	local rows
	rows=$(grep -E ': entries\[[0-9]+\]\.(key_id|name_md5|eku): ' "$tmp/out.txt" | grep -F "$src/fixtures/")
	expect_eq "property rows" "$(grep -c . <<<"$rows")" $((3 * 10)) &&
		expect_eq "rows not same" "$(grep -v ': same: ' <<<"$rows")" ""
}
t_name_md5() {
	# entry-properties.stl: 29 holds the MD5 of the root's DER subject
	# (hashlib over the bytes `openssl asn1parse` locates), which
	# `openssl x509 -subject_hash_old` (the first four bytes of that MD5,
	# little-endian) confirms; Wine and the engine read it the same.
	local i c m f="$tmp/entry-properties.stl"
	for i in 0 1; do
		c="$a/program-p$((i + 1)).crt" m=$(cat "$tmp/program-p$((i + 1)).crt.md5")
		expect_eq "hash_old $i" "$(openssl x509 -inform DER -in "$c" -noout -subject_hash_old)" \
			"${m:6:2}${m:4:2}${m:2:2}${m:0:2}" &&
			expect_eq "name_md5 $i" "$(wprop 9 $i name_md5)" "$m" &&
			expect_eq "key_id $i" "$(wprop 9 $i key_id)" "$(ski "$c")" &&
			expect_eq "row $i" "$(line "$f" "entries[$i].name_md5")" "same: $m" || return 1
	done
	expect_eq create "$(wine 9 create)" ok && expect_eq signature "$(wine 9 verify_signature)" ok
}
t_eku_edge() {
	# entry-properties.stl: an empty SEQUENCE is no usage, "none" on both
	# sides (CERT_ENHKEY_USAGE with cUsageIdentifier 0; cs_usage_text). A SET
	# is not an EKU: Wine 8.0, run: CryptDecodeObject(X509_ENHANCED_KEY_USAGE)
	# fails with CRYPT_E_ASN1_BADTAG 0x8009310B; the engine rejects it too.
	local f="$tmp/entry-properties.stl"
	expect_eq "empty" "$(wprop 9 0 eku)" none &&
		expect_eq "empty row" "$(line "$f" 'entries[0].eku')" "same: none" &&
		expect_eq "not an EKU" "$(wprop 9 1 eku)" 0x8009310B &&
		line "$f" 'entries[1].eku' | grep -q '^same: 0x8009310B$' ||
		{ grep -F "$f: entries" "$tmp/out.txt"; return 1; }
}
t_bad_input() {
	local out rc
	out=$("$capisim" compare wine --ctl "$tmp/missing.stl" 2>&1 >"$tmp/o2")
	rc=$?
	expect_eq exit "$rc" 2 && expect_eq stdout "$(cat "$tmp/o2")" "" &&
		{ grep -q "missing.stl.*cannot open" <<<"$out" || { echo "$out"; return 1; }; } || return 1
	"$capisim" compare wine --ctl "$a/authroot-2010-07.stl" --verify x >/dev/null 2>&1
	expect_eq "--ctl with --verify" $? 2
}

tap_add t_run "compare wine --ctl over every fixture STL: 0 different"
tap_add t_good "Wine creates a context for each good STL and its signature verifies"
tap_add t_usage "subject usage: root list signer for authroot, .10.3.30 for disallowed and wrong-usage"
tap_add t_entries "entries are the listed roots' SHA-1, and the engine reads the same"
tap_add t_fields "ThisUpdate, NextUpdate, sequence number, algorithm, signer"
tap_add t_bad_signature "authroot-bad-signature.stl: context created, signature 0x80090006"
tap_add t_wrong_content_type "wrong content type: CertCreateCTLContext fails 0x0000000D"
tap_add t_digest "a tampered entry passes Wine's signature check, not the engine's digest"
tap_add t_properties "entry properties: key_id = the root's SKI, eku serverAuth+clientAuth, engine the same"
tap_add t_name_md5 "CERT_SUBJECT_NAME_MD5_HASH_PROP_ID: MD5 of the root's DER subject, Wine and engine"
tap_add t_eku_edge "EKU property: empty list 'none', a SET is no EKU, on both sides"
tap_add t_cab "Wine's extrac32 extracts both CABs byte-identical"
tap_add t_bad_input "bad input: exit 2, nothing on stdout"
tap_run
