#!/bin/bash
# `capisim import certutil|capi2|w3c` on the published Windows samples
# (tests/data/windows/, copied from the project's samples folder) and the
# diff rules of `capisim compare`. Every expected value is read off the
# sample text: the comment beside it quotes the line it comes from.
set -u
capisim="$1"
data="$(dirname "$0")/data/windows"
source "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# field FILE.jsonl N PATH: the value at PATH (python syntax) of line N.
field() {
	python3 -c 'import json,sys
o=[json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2])]
v=eval("o"+sys.argv[3])
print(json.dumps(v) if not isinstance(v,str) else v)' "$1" "$2" "$3"
}
imp() { "$capisim" import "$1" "$data/$2" >"$tmp/out.jsonl"; }
lines() { wc -l <"$tmp/out.jsonl" | tr -d ' '; }

t_certutil_partial_chain() {
	imp certutil certutil_verify_offline_partialchain_dc_2021.txt || return 1
	expect_eq count "$(lines)" 1 || return 1
	# "ChainContext.dwErrorStatus = ..." lines: 0x40 + 0x1000000 + 0x10000
	expect_eq chain "$(field $tmp/out.jsonl 0 '["chain"]["error_status"]')" 0x01010040 || return 1
	# "SimpleChain.dwErrorStatus" lines: the same three bits
	expect_eq simple "$(field $tmp/out.jsonl 0 '["simple_chain"]["error_status"]')" 0x01010040 || return 1
	# "CertContext[0][0]: dwInfoStatus=2 dwErrorStatus=1000040"
	expect_eq el0 "$(field $tmp/out.jsonl 0 '["chain"]["elements"][0]["error_status"]')" 0x01000040 || return 1
	expect_eq el0i "$(field $tmp/out.jsonl 0 '["chain"]["elements"][0]["info_status"]')" 0x00000002 || return 1
	# "Cert: 092eb7929b8eac83c44c3ae8e71b0034e176c23b"
	expect_eq thumb "$(field $tmp/out.jsonl 0 '["chain"]["elements"][0]["thumbprint_sha1"]')" 092eb7929b8eac83c44c3ae8e71b0034e176c23b || return 1
	# "... 0x800b010a (-2146762486 CERT_E_CHAINING)" after "Full chain:"
	expect_eq policy "$(field $tmp/out.jsonl 0 '["policy"]["error"]')" 0x800B010A || return 1
	# "ERROR: Verifying leaf certificate revocation status returned ... 0x80092013"
	expect_eq leafrev "$(field $tmp/out.jsonl 0 '["leaf_revocation"]["error"]')" 0x80092013 || return 1
	# "ChainFlags = CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT (0x40000000)"
	expect_eq flags "$(field $tmp/out.jsonl 0 '["chain_flags"]')" 0x40000000
}
t_certutil_success_subca() {
	imp certutil certutil_verify_urlfetch_success_subca_ws2022.txt || return 1
	# two CertContext lines: dwInfoStatus=102 and dwInfoStatus=10c, errors 0
	expect_eq n "$(field $tmp/out.jsonl 0 '["chain"]["elements"].__len__()')" 2 || return 1
	expect_eq i1 "$(field $tmp/out.jsonl 0 '["chain"]["elements"][1]["info_status"]')" 0x0000010c || return 1
	expect_eq e0 "$(field $tmp/out.jsonl 0 '["chain"]["error_status"]')" 0x00000000 || return 1
	# no error line between "Full chain:" and the dashes: the policy passed
	expect_eq policy "$(field $tmp/out.jsonl 0 '["policy"]')" '{"name": "base", "error": "0x00000000"}' || return 1
	# 'Verified "Base CRL (04)" Time: 0 7203...' then '[0.0] http://pki. #########/pki/rootca.crl'
	expect_eq crl "$(field $tmp/out.jsonl 0 '["chain"]["elements"][0]["urls"][1]')" \
		'{"result": "Verified", "object": "Base CRL (04)", "url": "http://pki. #########/pki/rootca.crl"}' || return 1
	expect_eq leafrev "$(field $tmp/out.jsonl 0 '["leaf_revocation"]["error"]')" 0x00000000
}
t_certutil_v_three_elements() {
	imp certutil certutil_v_urlfetch_verify_ldap_delta_crl_2023.txt || return 1
	# CertContext[0][2]: dwInfoStatus=10c; "ChainContext.dwInfoStatus = ...(0x100)"
	expect_eq n "$(field $tmp/out.jsonl 0 '["chain"]["elements"].__len__()')" 3 || return 1
	expect_eq i2 "$(field $tmp/out.jsonl 0 '["chain"]["elements"][2]["info_status"]')" 0x0000010c || return 1
	expect_eq ci "$(field $tmp/out.jsonl 0 '["chain"]["info_status"]')" 0x00000100 || return 1
	# 'Expired "Base CRL (03)" Time: 0' for http://Cert01.CORP.Example.Local/Certs/ROOTCA.crl
	expect_eq exp "$(field $tmp/out.jsonl 0 '["chain"]["elements"][1]["urls"][4]["result"]')" Expired
}
t_certutil_localized_status() {
	# zh-CN: headers translated, CERT_TRUST_* lines not (the sample's notes)
	imp certutil certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt || return 1
	# two -verify runs, then "$ certutil -urlcache CRL": its own observation
	expect_eq count "$(lines)" 3 || return 1
	# "http://e6.c.lencr.org/43.crl" / "WinHttp 缓存项目: 1" / "命令成功完成。"
	expect_eq cache "$(field $tmp/out.jsonl 2 '["entries"][0]["url"]') $(field $tmp/out.jsonl 2 '["count"]') $(field $tmp/out.jsonl 2 '["completed"]')" \
		"http://e6.c.lencr.org/43.crl 1 true" || return 1
	# run 1: "SimpleChain.dwErrorStatus = ...(0x40)" and "(0x1000000)"
	expect_eq s1 "$(field $tmp/out.jsonl 0 '["simple_chain"]["error_status"]')" 0x01000040 || return 1
	# "CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=1000040"
	expect_eq e1 "$(field $tmp/out.jsonl 0 '["chain"]["elements"][0]["error_status"]')" 0x01000040 || return 1
	# "... 0x80092013 (-2146885613 CRYPT_E_REVOCATION_OFFLINE)" after "Full chain:"
	expect_eq p1 "$(field $tmp/out.jsonl 0 '["policy"]["error"]')" 0x80092013 || return 1
	# run 2: "CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=0"
	expect_eq e2 "$(field $tmp/out.jsonl 1 '["chain"]["elements"][0]["error_status"]')" 0x00000000
}
t_certutil_tails() {
	imp certutil certutil_verify_urlfetch_tail_offline_gradenegger.txt || return 1
	expect_eq gradenegger "$(field $tmp/out.jsonl 0 '["leaf_revocation"]["error"]')" 0x80092013 || return 1
	imp certutil certutil_verify_urlfetch_aia_cdp_failed_msdocs_adfs.txt || return 1
	# 'Failed "AIA" Time: 0' / 'Error retrieving URL: ... 0x80072ee7 (WIN32: 12007)'
	expect_eq adfs "$(field $tmp/out.jsonl 1 '["urls"][1]')" \
		'{"result": "Failed", "object": "AIA", "error": "0x80072EE7", "url": "http://corppki/aia/mswww(6).crt"}'
}
t_certutil_bad_input() {
	local err
	# not certutil output at all: refused at 1:1
	err=$("$capisim" import certutil "$data/iis_seed003.log" 2>&1 >"$tmp/none")
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *iis_seed003.log:1:1:\ error:\ no\ certutil\ output* ]] || { echo "$err"; return 1; }
	[ ! -s "$tmp/none" ] || { echo "partial output"; return 1; }
	# a damaged transcript: the CertContext word no longer adds up
	sed 's/dwInfoStatus=2 dwErrorStatus=1000040/dwInfoStatus=2 dwErrorStatus=1000041/' \
		"$data/certutil_verify_offline_partialchain_dc_2021.txt" >"$tmp/bad.txt"
	err=$("$capisim" import certutil "$tmp/bad.txt" 2>&1)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *bad.txt:31:1:\ error:\ the\ Element.dwErrorStatus\ lines* ]] || { echo "$err"; return 1; }
	# a symbol whose value was altered
	sed 's/CERT_TRUST_IS_PARTIAL_CHAIN (0x10000)/CERT_TRUST_IS_PARTIAL_CHAIN (0x20000)/' \
		"$data/certutil_verify_offline_partialchain_dc_2021.txt" >"$tmp/bad2.txt"
	err=$("$capisim" import certutil -o "$tmp/o.jsonl" "$tmp/bad2.txt" 2>&1)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *bad2.txt:26:*value\ does\ not\ match\ CERT_TRUST_IS_PARTIAL_CHAIN* ]] || { echo "$err"; return 1; }
	[ ! -e "$tmp/o.jsonl" ] || { echo "output written despite the error"; return 1; }
}
t_certutil_urlcache_delete() {
	imp certutil certutil_urlcache_delete_tail_2026.txt || return 1
	# "WinHttp Cache entries deleted: 7"
	expect_eq deleted "$(field $tmp/out.jsonl 0 '["op"]') $(field $tmp/out.jsonl 0 '["deleted"]')" "delete 7" || return 1
	# "CertUtil: -URLCache command FAILED: 0x80070103 (WIN32/HTTP: 259 ERROR_NO_MORE_ITEMS)"
	expect_eq failed "$(field $tmp/out.jsonl 0 '["completed"]') $(field $tmp/out.jsonl 0 '["command_error"]')" "false 0x80070103"
}
t_capi2_policy_events() {
	imp capi2 capi2_op_30_xml_ssl_policy_untrusted_root_msdocs.txt || return 1
	# <Policy type="CERT_CHAIN_POLICY_SSL"/>, <Status chainIndex="0" elementIndex="-1"/>,
	# <Result value="800B0109">
	expect_eq p "$(field $tmp/out.jsonl 0 '["policy"]')" \
		'{"name": "ssl", "error": "0x800B0109", "chain_index": 0, "element_index": -1}' || return 1
	# <EventID>30</EventID>, <Channel>Microsoft-Windows-CAPI2/Operational</Channel>
	expect_eq id "$(field $tmp/out.jsonl 0 '["event_id"]')" 30 || return 1
	expect_eq log "$(field $tmp/out.jsonl 0 '["log"]')" Microsoft-Windows-CAPI2/Operational || return 1
	# the event: <Level>2</Level> Error, policy type SSL, Result 800B0109
	expect_eq event "$(field $tmp/out.jsonl 1 '["kind"],o["level"],o["policy"],o["result"]')" \
		'["event", "Error", "ssl", "800B0109"]' || return 1
	imp capi2 capi2_op_30_userdata_base_policy_msdocs_vs.txt || return 1
	# CERT_CHAIN_POLICY_BASE, Result 800B010A (wrapped onto its own lines)
	expect_eq base "$(field $tmp/out.jsonl 0 '["policy"]["error"]')" 0x800B010A || return 1
	expect_eq cert "$(field $tmp/out.jsonl 0 '["cert"]')" 8d68c42c0e1487e33afcd85b764e514afc2f8772
}
t_capi2_revocation_events() {
	imp capi2 capi2_op_41_xml_revocation_offline_2023.txt || return 1
	# <RevocationStatus index="0" error="80092013" reason="0" .../>
	expect_eq r "$(field $tmp/out.jsonl 0 '["revocation"]')" \
		'{"cert": "4c0d178cf1307c3a6f9b8eb4830e5cbded173e95", "error": "0x80092013", "index": 0, "reason": 0}' || return 1
	expect_eq t "$(field $tmp/out.jsonl 0 '["t"]')" 2023-11-27T02:07:57.5609376Z || return 1
	# and the event itself, as the model records events: <EventID>41, <Level>2 (Error),
	# <Keywords>0x4000000000000005, <Result value="80092013">
	expect_eq count "$(lines)" 2 || return 1
	expect_eq event "$(field $tmp/out.jsonl 1 '["kind"],o["id"],o["level"],o["keywords"],o["result"],o["log"]')" \
		'["event", 41, "Error", "0x4000000000000005", "80092013", "Microsoft-Windows-CAPI2/Operational"]' || return 1
	imp capi2 capi2_op_41_eventviewer_excerpt_revoked_msdocs_vpn.txt || return 1
	# <Result value="80092010">The certificate is revoked.</Result>
	expect_eq revoked "$(field $tmp/out.jsonl 0 '["revocation"]["error"]')" 0x80092010
}
t_capi2_bad_input() {
	local err
	# part (B) of this sample is an excerpt: its second <Event> (line 31) never closes
	err=$("$capisim" import capi2 "$data/app_capi2_4107_xml_and_41_system_2010.txt" 2>&1 >/dev/null)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *app_capi2_4107_xml_and_41_system_2010.txt:31:1:\ error:* ]] || { echo "$err"; return 1; }
	# Event Viewer's "Friendly View" is not XML
	err=$("$capisim" import capi2 "$data/capi2_op_53_friendlyview_wire_fail_2020.txt" 2>&1 >/dev/null)
	expect_eq exit "$?" 2 || return 1
	# XML broken inside an event: the line is the event's line in the file
	sed 's|<Level>2</Level>|<Level>2</Levl>|' "$data/capi2_op_30_xml_ssl_policy_untrusted_root_msdocs.txt" >"$tmp/bad.xml"
	err=$("$capisim" import capi2 "$tmp/bad.xml" 2>&1 >/dev/null)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *bad.xml:10:1:\ error:\ bad\ XML* ]] || { echo "$err"; return 1; }
}
t_w3c_seed003() {
	imp w3c iis_seed003.log || return 1
	expect_eq count "$(lines)" 5 || return 1
	# "2014-04-16 11:52:05 ... GET /CertEnroll/XXX-CA(1)+.crl ... Microsoft-CryptoAPI/6.1 200"
	expect_eq third "$(field $tmp/out.jsonl 2 '["t"]') $(field $tmp/out.jsonl 2 '["path"]')" \
		"2014-04-16T11:52:05Z /CertEnroll/XXX-CA(1)+.crl" || return 1
	expect_eq ua "$(field $tmp/out.jsonl 2 '["user_agent"]') $(field $tmp/out.jsonl 2 '["status"]')" \
		"Microsoft-CryptoAPI/6.1 200"
}
t_w3c_fields_header() {
	sed -n 18,23p "$data/iis_w3c_headers_and_cryptoapi_requests.txt" >"$tmp/b.log"
	"$capisim" import w3c "$tmp/b.log" >"$tmp/out.jsonl" || return 1
	# "#Fields: ... cs(User-Agent) cs(Referer) ..." (15 fields); "GET /iisstart.png"
	expect_eq path "$(field $tmp/out.jsonl 1 '["path"]')" /iisstart.png || return 1
	expect_eq ua "$(field $tmp/out.jsonl 1 '["user_agent"]' | cut -c1-40)" "Mozilla/5.0 (Windows NT 10.0; Win64; x64" || return 1
	# the whole sample also holds raw HTTP requests (part C): line 26 is no log line
	local err
	err=$("$capisim" import w3c "$data/iis_w3c_headers_and_cryptoapi_requests.txt" 2>&1 >/dev/null)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *iis_w3c_headers_and_cryptoapi_requests.txt:26:*expected\ 15\ space-separated\ fields* ]] || { echo "$err"; return 1; }
}

# ---- compare A B ----
V1='{"profile":"wine-8","at":"2024-01-01T00:00:00Z","chain":{"error_status":"0x01000040","info_status":"0x00000000","elements":[{"subject":"CN=a","thumbprint_sha1":"AB12","error_status":"0x01000040","info_status":"0x00000002"}]},"policy":{"name":"ssl","error":"0x80092013","chain_index":0,"element_index":0}}'
t_diff_same() {
	echo "$V1" >"$tmp/a"
	# other profile, other subject spelling, hex without padding, digest case
	echo "$V1" | sed 's/wine-8/win10-22h2/; s/CN=a/CN = a/; s/"0x01000040","info_status":"0x00000000"/"0x1000040","info_status":"0x0"/; s/AB12/ab12/' >"$tmp/b"
	local out; out=$("$capisim" compare "$tmp/a" "$tmp/b")
	expect_eq exit "$?" 0 || return 1
	expect_eq out "$out" "1 matched, 0 different"
}
t_diff_different() {
	echo "$V1" >"$tmp/a"
	echo "$V1" | sed 's/0x80092013/0x800B010E/' >"$tmp/b"
	local out; out=$("$capisim" compare "$tmp/a" "$tmp/b")
	expect_eq exit "$?" 1 || return 1
	expect_eq out "$out" "! verify #1: different
    policy.error: $tmp/a=0x80092013 $tmp/b=0x800B010E
0 matched, 1 different"
}
t_diff_only_in_one_and_steps() {
	printf '%s\n' "${V1/\"profile\"/\"step\":3,\"profile\"}" "${V1/\"profile\"/\"step\":5,\"profile\"}" >"$tmp/a"
	printf '%s\n' "${V1/\"profile\"/\"step\":5,\"profile\"}" >"$tmp/b"
	local out; out=$("$capisim" compare "$tmp/a" "$tmp/b")
	expect_eq exit "$?" 1 || return 1
	# paired by step: step 5 matches although it is line 2 in A and line 1 in B
	expect_eq out "$out" "< verify #1 (step 3): only in $tmp/a (line 1)
1 matched, 1 different (1 only in $tmp/a, 0 only in $tmp/b)"
}
t_diff_nothing_in_common() {
	echo '{"kind":"fetch","url":"http://x/a.crl"}' >"$tmp/a"
	echo '{"kind":"fetch","path":"/a.crl"}' >"$tmp/b"
	"$capisim" compare "$tmp/a" "$tmp/b" >/dev/null
	expect_eq exit "$?" 1
}
t_diff_bad_json() {
	echo "$V1" >"$tmp/a"
	printf '%s\n{"chain": 1,\n' "$V1" >"$tmp/b"
	local err; err=$("$capisim" compare "$tmp/a" "$tmp/b" 2>&1)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *"$tmp/b:2:"*error:* ]] || { echo "$err"; return 1; }
}
t_diff_import_vs_trace() {
	# certutil's view of the partial chain against a trace saying the same
	"$capisim" import certutil "$data/certutil_verify_offline_partialchain_dc_2021.txt" >"$tmp/a" || return 1
	echo '{"profile":"win10-22h2","chain":{"error_status":"0x01010040","info_status":"0x00000000","elements":[{"subject":"CN=DC1.corp.example","thumbprint_sha1":"092eb7929b8eac83c44c3ae8e71b0034e176c23b","error_status":"0x01000040","info_status":"0x00000002"}]},"policy":{"name":"base","error":"0x800B010A","chain_index":0,"element_index":-1}}' >"$tmp/b"
	local out; out=$("$capisim" compare "$tmp/a" "$tmp/b")
	expect_eq exit "$?" 0 || return 1
	expect_eq out "$out" "1 matched, 0 different"
}

tap_add t_certutil_partial_chain "certutil: partial chain, offline revocation (Q&A 2021)"
tap_add t_certutil_success_subca "certutil: 2-element success, URL checks (WS2022)"
tap_add t_certutil_v_three_elements "certutil -v: 3 elements, Expired base CRL"
tap_add t_certutil_localized_status "certutil zh-CN: status lines import, two runs"
tap_add t_certutil_tails "certutil: result tails and failed URL retrievals"
tap_add t_certutil_urlcache_delete "certutil -urlcache * delete: the count and the FAILED ending"
tap_add t_certutil_bad_input "certutil: bad input -> file:line:col, exit 2, no output"
tap_add t_capi2_policy_events "capi2: event 30, SSL and BASE policies"
tap_add t_capi2_revocation_events "capi2: event 41, offline and revoked"
tap_add t_capi2_bad_input "capi2: truncated event, not XML, broken XML"
tap_add t_w3c_seed003 "w3c: seed 003's IIS lines with the default fields"
tap_add t_w3c_fields_header "w3c: #Fields header; raw HTTP lines rejected"
tap_add t_diff_same "compare: normalised values and ignored fields match"
tap_add t_diff_different "compare: a differing field, exit 1"
tap_add t_diff_only_in_one_and_steps "compare: pairing by step, only-in-one"
tap_add t_diff_nothing_in_common "compare: nothing to compare is a difference"
tap_add t_diff_only_log "compare: --only KINDS and --log NAME select what is compared"
tap_add t_diff_bad_json "compare: bad JSON line -> file:line, exit 2"
tap_add t_diff_import_vs_trace "compare: certutil import against a trace"
t_diff_only_log() {
	cat >"$tmp/a.jsonl" <<'EOF'
{"kind":"event","log":"Application","id":4107,"level":"Error"}
{"kind":"event","log":"Microsoft-Windows-CAPI2/Operational","id":11,"result":"0"}
{"kind":"fetch","url":"http://x/a.crl","error":"0x00000000"}
EOF
	cat >"$tmp/b.jsonl" <<'EOF'
{"kind":"event","log":"Microsoft-Windows-CAPI2/Operational","id":11,"result":"80092013"}
EOF
	local out
	out=$("$capisim" compare "$tmp/a.jsonl" "$tmp/b.jsonl")
	expect_eq all "${out##*$'\n'}" "0 matched, 3 different (2 only in $tmp/a.jsonl, 0 only in $tmp/b.jsonl)" || return 1
	out=$("$capisim" compare --only event --log Microsoft-Windows-CAPI2/Operational "$tmp/a.jsonl" "$tmp/b.jsonl")
	expect_eq exit "$?" 1 || return 1
	[[ "$out" == *"result: $tmp/a.jsonl=0 $tmp/b.jsonl=80092013"* ]] || { echo "$out"; return 1; }
	expect_eq selected "${out##*$'\n'}" "0 matched, 1 different" || return 1
	out=$("$capisim" compare --only fetch "$tmp/a.jsonl" "$tmp/a.jsonl")
	expect_eq fetch-only "$out" "1 matched, 0 different"
}
tap_run
