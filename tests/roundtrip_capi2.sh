#!/bin/bash
# Round trip of the CAPI2 Operational XML writer (issue 18): the events a
# run logs, written by `capisim run --capi2`, read back by `capisim import
# capi2`, must give the run's own observations - every event (log, id,
# level, keywords, URL, policy, result, time) and every verification (the
# chain of event 11 with its flags, status words and elements, the policy of
# event 30 with its indexes) - and the XML must have the shape of the real
# exports (tests/data/windows/capi2_*).
set -u
capisim="$1"
root="$2"
samples="$root/tests/data/windows" # the project's copies of the samples
source "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LOG=Microsoft-Windows-CAPI2/Operational

# run SCENARIO: trace + XML + import, then compare; prints the summary line
roundtrip() {
	"$capisim" run --trace "$tmp/run.jsonl" --capi2 "$tmp/run.xml" "$1" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err"; return 1; }
	"$capisim" import capi2 "$tmp/run.xml" >"$tmp/imp.jsonl" || return 1
	# one <Event> per CAPI2 Operational event the run logged
	local want got
	want=$(grep -c "\"log\":\"$LOG\"" "$tmp/run.jsonl")
	got=$(grep -c '^<Event ' "$tmp/run.xml")
	expect_eq events "$got" "$want" || return 1
	[ "$want" -gt 0 ] || { echo "no CAPI2 event in $1"; return 1; }
	# every event, and every chain + policy, compared
	local chains
	chains=$(grep -c '"kind":"chain"' "$tmp/run.jsonl")
	expect_eq compare "$("$capisim" compare --only verify,event --log "$LOG" "$tmp/run.jsonl" "$tmp/imp.jsonl")" \
		"$((want + chains)) matched, 0 different"
}

t_events_scenario() {
	roundtrip "$root/tests/scenario/capi2-events.scn" || return 1
	# every event ID the writer knows occurs in this run
	local ids
	ids=$(grep -o '<EventID>[0-9]*</EventID>' "$tmp/run.xml" | sort -u | tr -dc '0-9\n' | sort -n | tr '\n' ' ')
	expect_eq ids "$ids" "10 11 30 40 41 42 50 51 52 53 90 "
}
t_incident_c() {
	local f
	for f in "$root"/fixtures/incidents/2014-04-ocsp-suppresses-crl*.scn; do
		roundtrip "$f" || { echo "in $f"; return 1; }
	done
}

# Replayed results (the runner's reuse, docs/architecture.md "Horizons")
# give the same events as playing every step, and the trace is the one a
# run without --capi2 writes.
t_reuse_same() {
	local f="$root/fixtures/incidents/2014-04-ocsp-suppresses-crl.scn"
	"$capisim" run --capi2 "$tmp/on.xml" --trace "$tmp/on.jsonl" "$f" >/dev/null 2>&1 || return 1
	"$capisim" run --reuse off --capi2 "$tmp/off.xml" "$f" >/dev/null 2>&1 || return 1
	"$capisim" run --trace "$tmp/plain.jsonl" "$f" >/dev/null 2>&1 || return 1
	cmp -s "$tmp/on.xml" "$tmp/off.xml" || { echo "XML differs with --reuse off"; return 1; }
	cmp -s "$tmp/on.jsonl" "$tmp/plain.jsonl" || { echo "--capi2 changed the trace"; return 1; }
}

# The diff sees a change: one event's Result and one chain element's status
# altered in the XML are reported, by field.
t_changes_seen() {
	roundtrip "$root/tests/scenario/capi2-events.scn" || return 1
	python3 - "$tmp/run.xml" "$tmp/bad.xml" <<'EOF' || return 1
import sys
t = open(sys.argv[1]).read()
i = t.index('<EventID>53</EventID>')
j = t.index('<Result value="', i) + len('<Result value="')
k = t.index('"', j)
t = t[:j] + '80092004' + t[k:]
i = t.index('<ChainElement>')
j = t.index('<ErrorStatus value="', i) + len('<ErrorStatus value="')
k = t.index('"', j)
t = t[:j] + '4' + t[k:]
open(sys.argv[2], 'w').write(t)
EOF
	"$capisim" import capi2 "$tmp/bad.xml" >"$tmp/bad.jsonl" || return 1
	local out
	out=$("$capisim" compare --only verify,event --log "$LOG" "$tmp/run.jsonl" "$tmp/bad.jsonl")
	expect_eq exit "$?" 1 || return 1
	[[ "$out" == *"result: "*"=80092004"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"chain.elements[0].error_status: "*"=0x00000004"* ]] || { echo "$out"; return 1; }
	[[ "$out" == *"2 different" ]] || { echo "$out"; return 1; }
}

# The element names of the samples, in their order: each of the writer's
# events has the System block of the 2023 export, and its UserData children
# are an ordered subset of the real event's (the writer leaves out what the
# model does not know, and adds nothing).
t_sample_shape() {
	roundtrip "$root/tests/scenario/capi2-events.scn" || return 1
	python3 - "$tmp/run.xml" "$samples" <<'EOF'
import re, sys, xml.etree.ElementTree as ET
ns = '{http://schemas.microsoft.com/win/2004/08/events/event}'
def events(text):
    return [ET.fromstring(m) for m in re.findall(r'<Event[ >].*?</Event>', text, re.S)]
def local(e):
    return e.tag.replace(ns, '')
def children(e):
    return [local(c) for c in e]
def subseq(a, b):
    it = iter(b)
    return all(x in it for x in a)
mine = events(open(sys.argv[1]).read())
s41 = events(open(sys.argv[2] + '/capi2_op_41_xml_revocation_offline_2023.txt').read())[0]
s30 = events(open(sys.argv[2] + '/capi2_op_30_xml_ssl_policy_untrusted_root_msdocs.txt').read())[0]
system = children(s41.find(ns + 'System'))
real = {41: s41, 30: s30}
bad = 0
for e in mine:
    sysb = e.find(ns + 'System')
    if children(sysb) != system:
        print('System block:', children(sysb), '!=', system); bad += 1; break
    eid = int(sysb.find(ns + 'EventID').text)
    if sysb.find(ns + 'Task').text != str(eid):
        print('Task != EventID'); bad += 1
    prov = sysb.find(ns + 'Provider').attrib
    if prov != s41.find(ns + 'System').find(ns + 'Provider').attrib:
        print('Provider', prov); bad += 1
    if eid in real:
        ud = list(e.find(ns + 'UserData'))[0]
        rd = list(real[eid].find(ns + 'UserData'))[0]
        if local(ud) != local(rd) or not subseq(children(ud), children(rd)):
            print(eid, local(ud), children(ud), 'not within', children(rd)); bad += 1
        for c in ud:
            r = rd.find(c.tag)
            if r is not None and not set(c.attrib) <= set(r.attrib) | {
                    n for n in c.attrib if n.startswith('CERT_')}:
                print(eid, local(c), sorted(c.attrib), 'vs', sorted(r.attrib)); bad += 1
sys.exit(1 if bad else 0)
EOF
}

# No channel, no events: an empty file and a note on stderr, exit 0.
t_channel_off() {
	local err
	err=$("$capisim" run --capi2 "$tmp/off.xml" "$root/tests/scenario/verify-basic.scn" 2>&1 >/dev/null)
	expect_eq exit "$?" 0 || return 1
	[ -f "$tmp/off.xml" ] && [ ! -s "$tmp/off.xml" ] || { echo "not an empty file"; return 1; }
	[[ "$err" == *"no CAPI2 Operational event"*"wevtutil sl"* ]] || { echo "$err"; return 1; }
}

tap_add t_events_scenario "every event ID: run --capi2 -> import capi2 -> the run's events and verifications"
tap_add t_incident_c "incident C (three variants): the same round trip"
tap_add t_reuse_same "replayed steps: the same XML as --reuse off, the same trace as without --capi2"
tap_add t_changes_seen "an altered Result and element status are reported by field"
tap_add t_sample_shape "System block and UserData elements as the samples have them"
tap_add t_channel_off "channel off: an empty file and a note"
tap_run
