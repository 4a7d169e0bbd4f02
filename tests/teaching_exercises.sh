#!/bin/bash
# docs/teaching.md's exercises, each answered by playing the changed
# scenario: a copy of the incident with the lesson's change, run, and its
# result compared with the answer the lesson gives. The expected answers
# come from the seeds (EVIDENCE.md A-D) as the lessons cite them.
# usage: teaching_exercises.sh CAPISIM SOURCE_ROOT
set -u
capisim=$(realpath "$1")
src=$(realpath "$2")
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The incidents' folder as the scenarios see it: ../data and the includes.
mkdir -p "$tmp/incidents"
ln -s "$src/fixtures/data" "$tmp/data"
for f in "$src"/fixtures/incidents/*.inc; do ln -s "$f" "$tmp/incidents/"; done

# change NAME.scn OUT.scn AFTER-REGEX TEXT: a copy of the incident with
# TEXT (lines, \n-separated) inserted after the first line matching
# AFTER-REGEX (or, with AFTER-REGEX "s/A/B/", that substitution on every
# line). Prints the number of the first line after the change (the first
# changed line for a substitution).
change() {
	python3 - "$src/fixtures/incidents/$1" "$tmp/incidents/$2" "$3" "${4:-}" <<'PY'
import re, sys
src, out, where, text = sys.argv[1:5]
lines = open(src).read().split('\n')
if where.startswith('s/'):
    a, b = where[2:].rstrip('/').split('/', 1)
    i = next(k for k, l in enumerate(lines) if a in l)
    lines = [l.replace(a, b) for l in lines]
    print(i + 1)
else:
    i = next(k for k, l in enumerate(lines) if re.search(where, l))
    new = text.split('\\n')
    lines[i + 1:i + 1] = new
    print(i + 2 + len(new))
open(out, 'w').write('\n'.join(lines))
PY
}

# the result line of `capisim explain --step N` for the first result at
# line N of the changed copy
result_at() {
	"$capisim" explain --step "$2" "$tmp/incidents/$1" | grep -m1 '^  result:'
}

# first line at or after N whose text matches REGEX, in the changed copy
# (or, for the incident's own name, in the incident)
line_from() {
	local f="$tmp/incidents/$1"
	[ -e "$f" ] || f="$src/fixtures/incidents/$1"
	awk -v n="$2" -v re="$3" 'NR >= n && $0 ~ re { print NR; exit }' "$f"
}

A=2010-07-authroot-signer-expiry.scn

# Lesson A, question 2: SYSTEM's disk copy deleted too (PsExec -s certutil
# -urlcache * delete) before the next service check: still 0x800B010A -
# the service's process keeps the list in memory (SEED 000: the cache
# delete alone did not stop the events).
t_a_disk_delete_not_enough() {
	local at n
	at=$(change $A a1.scn '^certutil -urlcache \* delete' 'as SYSTEM\ncertutil -urlcache * delete') || return 1
	n=$(line_from a1.scn "$at" '^verify ') || return 1
	result_at a1.scn "$n" | grep -q 'error 0x800B010A' || { result_at a1.scn "$n"; return 1; }
}

# ... and with ChainCacheResyncFiletime as well (SEED 000's recovery): the
# renewed list is downloaded and P2 trusted.
t_a_delete_and_resync() {
	local at n
	at=$(change $A a2.scn '^certutil -urlcache \* delete' \
		'as SYSTEM\ncertutil -urlcache * delete\ncertutil -setreg chain\ChainCacheResyncFiletime @now') || return 1
	n=$(line_from a2.scn "$at" '^verify ') || return 1
	result_at a2.scn "$n" | grep -qx '  result: ok, trust status 0x00000000' || { result_at a2.scn "$n"; return 1; }
}

# Lesson A, question 3: an hour later (09:00, seven days after SYSTEM's
# 09:00 download) the copy has aged out and the first check passes
# (EVIDENCE.md A: the list is cached 7 days).
t_a_wait_an_hour() {
	local at n
	at=$(change $A a3.scn 's/at 2010-07-10T08:0/at 2010-07-10T09:0/') || return 1
	n=$(line_from a3.scn "$at" '^verify ') || return 1
	result_at a3.scn "$n" | grep -q '^  result: ok' || { result_at a3.scn "$n"; return 1; }
	# and at 08:00 (the incident as written) it fails
	n=$(line_from $A "$at" '^verify ') 2>/dev/null
	"$capisim" explain --step "$n" "$src/fixtures/incidents/$A" | grep -q 'result: error 0x800B010A'
}

B=2012-12-kb931125-issuer-list.scn

# Lesson B: AuthRoot\Certificates deleted right after the root package
# (KB 2801679's fix) - the list fits again and IIS accepts the client
# certificate at 03:00.
t_b_delete_authroot() {
	local at n
	at=$(change $B b1.scn '^include kb931125-root-package.inc' \
		'reg delete HKLM\SOFTWARE\Microsoft\SystemCertificates\AuthRoot\Certificates /f') || return 1
	n=$(line_from b1.scn "$at" '^tls-client-auth iis') || return 1
	result_at b1.scn "$n" | grep -qx '  result: ok' || { result_at b1.scn "$n"; return 1; }
	n=$(line_from $B "$at" '^tls-client-auth iis') 2>/dev/null
	"$capisim" explain --step "$n" "$src/fixtures/incidents/$B" | grep -q 'result: no-client-certificate 403.7'
}

C=2014-04-ocsp-suppresses-crl.scn

# Lesson C: the same day with KB 2666300 (the hotfix): no offline error
# at all; without it, some (SEED 003).
t_c_hotfix() {
	change $C c1.scn 's/profile server-2008r2/profile server-2008r2-kb2666300/' >/dev/null || return 1
	"$capisim" explain "$tmp/incidents/c1.scn" >"$tmp/c1.txt" || return 1
	! grep -q 'CRYPT_E_REVOCATION_OFFLINE' "$tmp/c1.txt" || return 1
	"$capisim" explain "$src/fixtures/incidents/$C" | grep -q 'result: error 0x80092013 CRYPT_E_REVOCATION_OFFLINE'
}

D=2023-03-disallowed-sync-stale.scn

# Lesson D: CryptSvc's write access given back right after its restart:
# the next check syncs, records the time and passes (SEED 004: the fix is
# the key's permissions).
t_d_allow_cryptsvc() {
	local at n
	at=$(change $D d1.scn '^restart service CryptSvc' \
		'reg allow CryptSvc HKLM\SOFTWARE\Microsoft\SystemCertificates\AuthRoot\AutoUpdate') || return 1
	n=$(line_from d1.scn "$at" '^verify ') || return 1
	result_at d1.scn "$n" | grep -q '^  result: ok' || { result_at d1.scn "$n"; return 1; }
	n=$(line_from $D "$at" '^verify ') 2>/dev/null
	"$capisim" explain --step "$n" "$src/fixtures/incidents/$D" | grep -q 'result: error 0x80092013'
}

tap_add t_a_disk_delete_not_enough "lesson A: deleting SYSTEM's disk cache alone does not help"
tap_add t_a_delete_and_resync "lesson A: disk cache deleted and ChainCacheResyncFiletime: ok"
tap_add t_a_wait_an_hour "lesson A: an hour later the 7-day copy has aged out"
tap_add t_b_delete_authroot "lesson B: AuthRoot\\Certificates deleted after the package: 200"
tap_add t_c_hotfix "lesson C: with KB 2666300 no offline error"
tap_add t_d_allow_cryptsvc "lesson D: CryptSvc's write access back: the next check passes"
tap_run
