#!/bin/bash
# The Wine comparison end to end: the probe under Wine 8, the libfaketime
# clock and the loopback proxy. The chain is made here with `openssl ca`
# (dates relative to now, so it needs no fixture). Expected values are
# RULES.md's Wine 8 facts, cited beside each; Wine's side is checked with
# `capisim compare wine --plan ... --expect`, i.e. through the diff.
# Skips (exit 77) when Wine or the probe is not available.
set -u
capisim="$1"
probe="${2:-}"
source "$(dirname "$0")/tap.sh"
source "$(dirname "$0")/wine_tools.sh"
if ! have_wine_tools "$probe"; then
	echo "1..0 # SKIP Wine, libfaketime or the probe (-Dwine_compare) is missing"
	exit 77
fi
export CAPISIM_PROBE="$probe"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A root and a TLS leaf with a CDP; a CRL without and one with the leaf.
make_pki() (
	cd "$tmp" && mkdir -p newcerts && : >index.txt && echo 1000 >serial && echo 1000 >crlnumber
	cat >ca.cnf <<'EOF'
[ca]
default_ca = CA_default
[CA_default]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
crlnumber = ./crlnumber
default_md = sha256
policy = pol
unique_subject = no
[pol]
commonName = supplied
[req]
distinguished_name = dn
[dn]
[v3ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:FALSE
subjectAltName = DNS:www.example.test
extendedKeyUsage = serverAuth
crlDistributionPoints = URI:http://crl.example.invalid/root.crl
authorityKeyIdentifier = keyid
EOF
	openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -subj /CN=Compare-Root \
		-days 3650 -extensions v3ca -config ca.cnf -out root.pem
	openssl req -newkey rsa:2048 -nodes -keyout leaf.key -subj /CN=www.example.test \
		-config ca.cnf -out leaf.csr
	openssl ca -batch -config ca.cnf -cert root.pem -keyfile root.key -extensions leaf \
		-startdate "$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)" -days 365 -in leaf.csr -out leaf.pem -notext
	openssl x509 -in root.pem -outform DER -out root.der
	openssl x509 -in leaf.pem -outform DER -out leaf.der
	openssl ca -config ca.cnf -cert root.pem -keyfile root.key -gencrl -crldays 30 -out good.pem
	openssl crl -in good.pem -outform DER -out good.crl
	openssl ca -config ca.cnf -cert root.pem -keyfile root.key -revoke leaf.pem
	openssl ca -config ca.cnf -cert root.pem -keyfile root.key -gencrl -crldays 90 -out revoked.pem
	openssl crl -in revoked.pem -outform DER -out revoked.crl
) >/dev/null 2>&1

now=$((($(date +%s) / 60 + 2) * 60)) # whole seconds, after the root's notBefore
ft() { echo $((($1 + 11644473600) * 10000000)); }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
H=3600 D=86400

t_verify_offline() {
	make_pki || { echo "openssl failed"; return 1; }
	local out
	out=$("$capisim" compare wine --wine-only --verify --root "$tmp/root.der" \
		--revocation chain --policy ssl --server-name www.example.test \
		--at "$(iso $now)" "$tmp/leaf.der") || return 1
	# RULES.md 4: Wine 8.0 sets only IS_OFFLINE_REVOCATION (0x01000000) when a URL
	# fails; RULES.md 2: its SSL policy returns CERT_E_REVOCATION_FAILURE 0x800B010E
	cat >"$tmp/want" <<EOF
{"at":"$(iso $now)","clock":"$(iso $now)","chain":{"error_status":"0x01000000","elements":[{"error_status":"0x01000000"},{"error_status":"0x00000000"}]},"policy":{"name":"ssl","error":"0x800B010E","chain_index":0,"element_index":0}}
EOF
	printf '%s\n' "$out" >"$tmp/got"
	"$capisim" compare "$tmp/got" "$tmp/want"
}

t_plan_clock_cache_revocation() {
	[ -f "$tmp/root.der" ] || make_pki || return 1
	cat >"$tmp/plan.txt" <<EOF
capisim-probe 1
profile wine-8
engine exclusive
root root.der
cert leaf leaf.der
cert root root.der
serve until=$(ft $((now + 2 * H))) http://crl.example.invalid/root.crl good.crl
serve from=$(ft $((now + 2 * H))) http://crl.example.invalid/root.crl revoked.crl
verify step=1 at=$(ft $now) cert=leaf flags=0x20000000 policy=ssl server=www.example.test
verify step=2 at=$(ft $((now + 3 * H))) cert=leaf flags=0x20000000 policy=ssl server=www.example.test
verify step=3 at=$(ft $((now + 31 * D))) cert=leaf flags=0x20000000 policy=ssl server=www.example.test
verify step=4 at=$(ft $((now + 31 * D))) cert=leaf policy=ssl server=other.example.test
verify step=5 at=$(ft $((now + 400 * D))) cert=leaf policy=base
EOF
	# step 1: the CRL is fetched, the leaf is good.
	# step 2: the revoking CRL is served now, but the cached one is reused until its
	#   NextUpdate (RULES.md 4) - still good.
	# step 3: past the cached CRL's NextUpdate (30 days): fetched again, revoked;
	#   Wine 8's SSL policy returns CERT_E_REVOKED 0x800B010C (RULES.md 2).
	# step 4: name mismatch -> CERT_E_CN_NO_MATCH 0x800B010F (RULES.md 2, SSL).
	# step 5: leaf expired (365 days) -> IS_NOT_TIME_VALID 0x1, CERT_E_EXPIRED.
	# "clock" proves GetSystemTimeAsFileTime followed the timestamp file.
	cat >"$tmp/want.jsonl" <<EOF
{"step":1,"clock":"$(iso $now)","chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":2,"clock":"$(iso $((now + 3 * H)))","chain":{"error_status":"0x00000000"},"policy":{"error":"0x00000000"}}
{"step":3,"clock":"$(iso $((now + 31 * D)))","chain":{"error_status":"0x00000004","elements":[{"error_status":"0x00000004"},{"error_status":"0x00000000"}]},"policy":{"error":"0x800B010C","chain_index":0,"element_index":0}}
{"step":4,"policy":{"error":"0x800B010F"}}
{"step":5,"chain":{"error_status":"0x00000001","elements":[{"error_status":"0x00000001"},{"error_status":"0x00000000"}]},"policy":{"error":"0x800B0101","chain_index":0,"element_index":0}}
EOF
	# "clock" is never compared by the diff: check it separately below.
	"$capisim" compare wine --plan "$tmp/plan.txt" --expect "$tmp/want.jsonl" \
		--wine-trace "$tmp/wine.jsonl" --fetch-log "$tmp/fetch.jsonl" || return 1
	local clocks
	clocks=$(python3 -c 'import json,sys
for l in open(sys.argv[1]): o=json.loads(l); print(o["at"]==o["clock"])' "$tmp/wine.jsonl" | sort -u)
	expect_eq "clock followed at" "$clocks" True || return 1
	# RULES.md 3: cryptnet honours http_proxy and keeps the host name; two fetches
	local fetches
	fetches=$(python3 -c 'import json,sys
for l in open(sys.argv[1]): o=json.loads(l); print(o["method"], o["url"], o["status"], o["clock"])' "$tmp/fetch.jsonl")
	expect_eq fetches "$fetches" "GET http://crl.example.invalid/root.crl 200 $(iso $now)
GET http://crl.example.invalid/root.crl 200 $(iso $((now + 31 * D)))"
}

t_plan_bad() {
	printf 'capisim-probe 1\ncert leaf /nonexistent.der\nverify cert=leaf policy=sl\n' >"$tmp/bad.txt"
	local err
	err=$("$capisim" compare wine --plan "$tmp/bad.txt" 2>&1)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *"bad.txt:3:25: error: expected a CERT_CHAIN_POLICY_* value 1..12, base, ssl or basic-constraints"* ]] || { echo "$err"; return 1; }
}

# libfaketime names a semaphore and a shared-memory object after each process
# it starts in (/dev/shm/sem.faketime_sem_PID, faketime_shm_PID) and removes
# them at exit - unless the process execs, as Wine's first process does. The
# runner removes the pair of its child; nothing of ours may stay in /dev/shm.
# A wrapper stands in for wine: it is the child and notes its PID when
# libfaketime made a pair for it (FAKETIME_SHARED names its own PID; when a
# stale pair of that name exists libfaketime makes none, and the run proves
# nothing), then execs the real Wine.
t_no_faketime_leftovers() {
	[ -f "$tmp/root.der" ] || make_pki || return 1
	local wine
	wine=$(wine_loader)
	printf '#!/bin/bash\n[ "$FAKETIME_SHARED" = "/faketime_sem_$$ /faketime_shm_$$" ] &&\n\techo $$ >>"%s"\nexec "%s" "$@"\n' \
		"$tmp/wrapped.pids" "$wine" >"$tmp/wine-wrap"
	chmod +x "$tmp/wine-wrap"
	: >"$tmp/wrapped.pids"
	# Stale pairs of other runs (PID-named, pid_max 32768 here) make a
	# collision likely: run until one run made its own pair.
	local try
	for try in 1 2 3 4 5 6 7 8; do
		CAPISIM_WINE="$tmp/wine-wrap" "$capisim" compare wine --wine-only \
			--verify --root "$tmp/root.der" --revocation none \
			--at "$(iso $now)" "$tmp/leaf.der" >/dev/null || return 1
		[ -s "$tmp/wrapped.pids" ] && break
	done
	local pid f n=0 bad=0
	while read -r pid; do
		n=$((n + 1))
		for f in /dev/shm/faketime_shm_$pid /dev/shm/sem.faketime_sem_$pid; do
			[ ! -e "$f" ] || { echo "left behind: $f"; bad=1; }
		done
	done <"$tmp/wrapped.pids"
	expect_eq "runs under libfaketime" "$n" 1 && return $bad
}

# A new WINEPREFIX is complete only when wineserver has written system.reg
# at its exit. Debian 12's wine64 package puts no wineserver on PATH (it is
# /usr/lib/wine/wineserver): the runner must still find it and wait.
t_fresh_prefix() {
	[ -f "$tmp/root.der" ] || make_pki || return 1
	local out
	out=$(env -u WINESERVER PATH=/usr/bin:/bin CAPISIM_WINEPREFIX="$tmp/fresh-prefix" \
		"$capisim" compare wine --wine-only --verify --root "$tmp/root.der" \
		--revocation none --at "$(iso $now)" "$tmp/leaf.der" 2>&1) || { echo "$out"; return 1; }
	[ -f "$tmp/fresh-prefix/system.reg" ] || { echo "no system.reg in the new prefix"; return 1; }
	# RULES.md 2: a good chain under the base policy, no error.
	[[ "$out" == *'"policy":{"name":"base","error":"0x00000000"'* ]] || { echo "$out"; return 1; }
}

tap_add t_fresh_prefix "wine: a new WINEPREFIX is created with wineserver off PATH (Debian 12 wine64)"
tap_add t_verify_offline "wine --verify: offline revocation bits and SSL error of Wine 8"
tap_add t_plan_clock_cache_revocation "wine --plan: faked clock, CRL over the proxy, cache, revoked, expired"
tap_add t_plan_bad "wine --plan: a bad plan line -> exit 2 with line:col"
tap_add t_no_faketime_leftovers "wine: no libfaketime semaphore or shared memory left in /dev/shm"
tap_run
