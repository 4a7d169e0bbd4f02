#!/bin/bash
# `capisim import` on tests/data/real/: published Windows outputs collected
# for issue 18 (each file's header says where and when it was published).
# One test per file. Every expected value is read off the file's text: the
# comment beside it quotes the line it comes from. A file that is a truncated
# paste is expected to be refused with its line and the reason, exit 2, and
# nothing written.
set -u
capisim="$1"
data="$(dirname "$0")/data/real"
source "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# field N PATH: the value at PATH (python syntax) of output line N.
field() {
	python3 -c 'import json,sys
o=[json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2])]
v=eval("o"+sys.argv[3])
print(json.dumps(v) if not isinstance(v,str) else v)' "$tmp/out.jsonl" "$1" "$2"
}
imp() { "$capisim" import -o "$tmp/out.jsonl" "$1" "$data/$2"; }
lines() { wc -l <"$tmp/out.jsonl" | tr -d ' '; }
# refused FORMAT FILE LINE WORDS: exit 2, FILE:LINE: in the message with
# WORDS, no output file.
refused() {
	rm -f "$tmp/out.jsonl"
	local err
	err=$("$capisim" import -o "$tmp/out.jsonl" "$1" "$data/$2" 2>&1)
	expect_eq exit "$?" 2 || return 1
	[[ "$err" == *"$2:$3:"*"$4"* ]] || { echo "$err"; return 1; }
	[ ! -e "$tmp/out.jsonl" ] || { echo "output written despite the error"; return 1; }
}

t_scinfo_two_chains() {
	imp certutil certutil_scinfo_two_chains_certum_2024.txt || return 1
	# two "-------- CERT_CHAIN_CONTEXT --------" dumps, then
	# "CertUtil: -SCInfo command completed successfully."
	expect_eq n "$(lines)" 3 || return 1
	# each dump has its own "ChainFlags = ..._EXCLUDE_ROOT (0x40000000)"
	expect_eq f0 "$(field 0 '["chain_flags"]') $(field 1 '["chain_flags"]')" "0x40000000 0x40000000" || return 1
	# "CertContext[0][2]: dwInfoStatus=10c" in each; "Cert: d3dd48..."
	expect_eq e2 "$(field 1 '["chain"]["elements"][2]["info_status"]') $(field 1 '["chain"]["elements"][2]["thumbprint_sha1"]')" \
		"0x0000010c d3dd483e2bbf4c05e8af10f5fa7626cfd3dc3092" || return 1
	expect_eq cmd "$(field 2 '["command"]') $(field 2 '["completed"]')" "-SCInfo true"
}
t_dcinfo_nt_auth() {
	imp certutil certutil_dcinfo_verify_ntauth_notfound_2022.txt || return 1
	expect_eq n "$(lines)" 2 || return 1
	# "CERT_CHAIN_POLICY_NT_AUTH", no error line under "Full chain:"
	expect_eq policy "$(field 0 '["policy"]')" '{"name": "nt-auth", "error": "0x00000000"}' || return 1
	# "CertContext[0][2]: dwInfoStatus=109 dwErrorStatus=0"
	expect_eq root "$(field 0 '["chain"]["elements"][2]["info_status"]')" 0x00000109 || return 1
	# "CertUtil: -DCInfo command FAILED: 0x80092004 (-2146885628 CRYPT_E_NOT_FOUND)"
	expect_eq cmd "$(field 1 '["command"]') $(field 1 '["completed"]') $(field 1 '["command_error"]')" \
		"-DCInfo false 0x80092004"
}
t_verify_success_3elem() {
	imp certutil certutil_verify_success_3elem_cvilab_2026.txt || return 1
	# three CertContext lines; "Cert: ac137039..." first
	expect_eq n "$(field 0 '["chain"]["elements"].__len__()')" 3 || return 1
	expect_eq leaf "$(field 0 '["chain"]["elements"][0]["thumbprint_sha1"]')" ac13703970997b7325d96fda865ddd9c987c69a0 || return 1
	# "Leaf certificate revocation check passed", "completed successfully"
	expect_eq tail "$(field 0 '["leaf_revocation"]["error"]') $(field 0 '["completed"]')" "0x00000000 true" || return 1
	# the "CRL 15:" block's "CRL: 6d6e77..." is not the element's thumbprint
	expect_eq root "$(field 0 '["chain"]["elements"][2]["thumbprint_sha1"]')" b805e6ab548f6e7c57d3989f61de7fe6a51031d1
}
t_verify_revoked_tail() {
	imp certutil certutil_verify_revoked_tail_fullchain_cvilab_2026.txt || return 1
	# a paste starting at "Exclude leaf cert:" keeps its error line:
	# "The certificate is revoked. 0x80092010 (-2146885616 CRYPT_E_REVOKED)"
	expect_eq policy "$(field 0 '["policy"]["error"]')" 0x80092010 || return 1
	# "Leaf certificate is REVOKED (Reason=5)"
	expect_eq leaf "$(field 0 '["leaf_revocation"]')" '{"error": "0x80092010", "reason": 5}' || return 1
	expect_eq ok "$(field 0 '["completed"]')" true
}
t_verify_tail_success() {
	imp certutil certutil_verify_tail_success_excerpt_cvilab_2026.txt || return 1
	# no error line between "Full chain:" and the dashes: the policy passed
	expect_eq policy "$(field 0 '["policy"]["error"]')" 0x00000000 || return 1
	expect_eq leaf "$(field 0 '["leaf_revocation"]["error"]')" 0x00000000
}
t_verify_revoked_split() {
	imp certutil certutil_verify_revoked_reason4_split_excerpt_cvilab_2026.txt || return 1
	# "Leaf certificate is REVOKED (Reason=4)"
	expect_eq leaf "$(field 0 '["leaf_revocation"]')" '{"error": "0x80092010", "reason": 4}' || return 1
	# the bare "0x80092010 (...)" line is not under "Full chain:": no policy
	expect_eq nopolicy "$(field 0 '.get("policy")')" null
}
t_second_dc() {
	imp certutil certutil_v_urlfetch_verify_second_dc_delta_crl_2023.txt || return 1
	# "Cert: 2c881217dec461466be25257e19d6c0d32b1831b"
	expect_eq leaf "$(field 0 '["chain"]["elements"][0]["thumbprint_sha1"]')" 2c881217dec461466be25257e19d6c0d32b1831b || return 1
	# 'Verified "Delta CRL (067e)" Time: 0' / '[0.0.1] http://cert01.corp.example.local/Certs/ISSCA01+.crl'
	expect_eq delta "$(field 0 '["chain"]["elements"][0]["urls"][5]')" \
		'{"result": "Verified", "object": "Delta CRL (067e)", "url": "http://cert01.corp.example.local/Certs/ISSCA01+.crl"}' || return 1
	# 'OK "Delta CRL (0680)" Time: 0' in "Base CRL CDP"
	expect_eq ok "$(field 0 '["chain"]["elements"][0]["urls"][15]["result"]')" OK
}
t_amazontrust_excerpt() {
	imp certutil certutil_verify_urlfetch_element_excerpt_ocsp_amazontrust_2026.txt || return 1
	# four URL lines, the last 'Verified "OCSP" Time: 0 ...' and its [0.0] URL
	expect_eq ocsp "$(field 0 '["urls"][3]')" '{"result": "Verified", "object": "OCSP", "url": "http://ocsp.rootca1.amazontrust.com"}' || return 1
	# 'No URLs "None" Time: 0 (null)'
	expect_eq none "$(field 0 '["urls"][2]["result"]')" "No URLs" || return 1
	expect_eq excerpt "$(field 0 '["excerpt"]')" true
}
t_filtered_then_urlcache() {
	imp certutil certutil_verify_filtered_then_urlcache_crl_ws2025_2026.txt || return 1
	expect_eq n "$(lines)" 2 || return 1
	# 'Verified "Base CRL (0307)" Time: 0 ...' right after the CRL lines of
	# a 'Verified "OCSP"' check is kept
	expect_eq third "$(field 0 '["urls"][2]["object"]')" "Base CRL (0307)" || return 1
	# the two bare URLs after "> certutil -urlcache CRL" are that listing
	expect_eq cache "$(field 1 '["kind"]') $(field 1 '["op"]') $(field 1 '["entries"].__len__()')" "cache list 2" || return 1
	expect_eq url "$(field 1 '["entries"][1]["url"]')" http://crl3.digicert.com/DigiCertGlobalRootG2.crl
}
t_ca_file_check() {
	imp certutil certutil_verify_with_ca_file_no_chain_dump_2026.txt || return 1
	# "... verifies as issued by ... -- Revocation check skipped."
	expect_eq check "$(field 0 '["ca_file_check"]')" '{"result": "verified", "revocation": "skipped"}' || return 1
	# "Cert is an End Entity certificate"
	expect_eq ee "$(field 0 '["cert_is_ca"]') $(field 0 '["completed"]')" "false true"
}
t_fpki_tail() {
	imp certutil certutil_verify_tail_ca_cert_fpki_policies_2018.txt || return 1
	# "Cert is a CA certificate" / "Leaf certificate revocation check passed"
	expect_eq tail "$(field 0 '["cert_is_ca"]') $(field 0 '["leaf_revocation"]["error"]') $(field 0 '["completed"]')" \
		"true 0x00000000 true"
}
t_de_old_layout() {
	imp certutil certutil_scinfo_de-DE_old_layout_hex_thumbprints_2015.txt || return 1
	# the SHA-1 as spaced hex under "Serial:": "68 1f 75 01 ... 90 28 ac 88"
	expect_eq e0 "$(field 0 '["chain"]["elements"][0]["thumbprint_sha1"]')" 681f7501eb4e1e64bbac2685664674de9028ac88 || return 1
	expect_eq e2 "$(field 0 '["chain"]["elements"][2]["thumbprint_sha1"]')" 3e2bf7f2031b96f38ce6c4d8a85d3e2d58476a0f || return 1
	# "[... not stored ...]": kept as an excerpt, dashes then no error: passed
	expect_eq ex "$(field 0 '["excerpt"]') $(field 0 '["policy"]["error"]')" "true 0x00000000"
}
t_zscaler_truncated() {
	# the stored chunk stops inside the element lines under "Full chain:":
	# refused at the dump's first line (the ChainContext line, line 6)
	refused certutil certutil_verify_untrusted_root_zscaler_en-GB_2019.txt 6 "the output was cut" || return 1
	# --partial keeps it, marked: "CertContext[0][0]: dwInfoStatus=109 dwErrorStatus=20",
	# "Cert: d72f47d87420e3f0f9bdcac6f03a566743c481b9"
	"$capisim" import --partial certutil "$data/certutil_verify_untrusted_root_zscaler_en-GB_2019.txt" >"$tmp/out.jsonl" || return 1
	expect_eq partial "$(field 0 '["partial"]') $(field 0 '["chain"]["elements"][0]["error_status"]') $(field 0 '["chain"]["elements"][0]["thumbprint_sha1"]')" \
		"true 0x00000020 d72f47d87420e3f0f9bdcac6f03a566743c481b9"
}
t_scinfo_excerpts() {
	# -scinfo output cut before any chain dump: refused at its last line
	refused certutil certutil_scinfo_win81_spaced_cert_hash_excerpt_2015.txt 40 "certutil -scinfo" || return 1
	refused certutil certutil_scinfo_two_readers_en-GB_excerpt_2016.txt 40 "truncated paste" || return 1
	refused certutil certutil_scinfo_jpki_ja-JP_dates_excerpt_2023.txt 40 "truncated paste"
}
t_xca_cdp_excerpt() {
	imp certutil certutil_verify_urlfetch_cdp_section_excerpt_xca_2023.txt || return 1
	# 'Verified "Base CRL (01)" Time: 0 ...' / '[0.0] http://serv18.ad.domain.pl/crl/ca.crl'
	expect_eq u "$(field 0 '["urls"][0]')" '{"result": "Verified", "object": "Base CRL (01)", "url": "http://serv18.ad.domain.pl/crl/ca.crl"}'
}
t_generatesst() {
	imp certutil certutil_generatesstfromwu_revoked_then_ok_win7_2025.txt || return 1
	# "CertUtil: -generateSSTFromWU command FAILED: 0x80092010 (-2146885616)"
	expect_eq r1 "$(field 0 '["completed"]') $(field 0 '["command_error"]')" "false 0x80092010" || return 1
	expect_eq r2 "$(field 1 '["command"]') $(field 1 '["completed"]')" "-generateSSTFromWU true" || return 1
	imp certutil certutil_generatesstfromwu_invalid_data_ws2019_ci_2023.txt || return 1
	# "... FAILED: 0x8007000d (WIN32: 13 ERROR_INVALID_DATA)"
	expect_eq ws2019 "$(field 0 '["command_error"]')" 0x8007000D
}
t_events_viewer_text() {
	imp events schannel_36870_and_rdcm_1057_text_blog_2020.txt || return 1
	# "Event ID:      36870", "Source:        Schannel", "Level:         Error"
	expect_eq ev "$(field 0 '["id"]') $(field 0 '["source"]') $(field 0 '["level"]') $(field 0 '["log"]')" "36870 Schannel Error System" || return 1
	expect_eq text "$(field 0 '["text"]' | cut -c1-55)" "A fatal error occurred when attempting to access the SS" || return 1
	# "Keywords:      Classic" on the second event
	expect_eq kw "$(field 1 '["id"]') $(field 1 '["keywords"]')" "1057 Classic" || return 1
	imp events schannel_36882_text_sql_untrusted_ca_msdocs_2020.txt || return 1
	expect_eq e36882 "$(field 0 '["id"]') $(field 0 '["date"]')" "36882 10/13/2020 3:03:31 PM" || return 1
	imp events schannel_36884_text_ldaps_name_mismatch_msdocs.txt || return 1
	# the message's second line "The SSPI client process is ldp (PID: 5148)."
	expect_eq e36884 "$(field 0 '["text"]' | tail -1)" "The SSPI client process is ldp (PID: 5148)." || return 1
	imp events schannel_36888_36874_text_sql_tls12_msdocs.txt || return 1
	expect_eq two "$(field 0 '["id"]') $(field 1 '["id"]')" "36888 36874"
}
t_events_powershell() {
	imp events schannel_36871_powershell_formatlist_2022.txt || return 1
	# "Id               : 36871", "ProviderName     : Schannel", "LevelDisplayName : Error"
	expect_eq ev "$(field 0 '["id"]') $(field 0 '["source"]') $(field 0 '["level"]')" "36871 Schannel Error" || return 1
	# the Application Error message goes on for eleven indented lines
	expect_eq lines "$(field 1 '["text"]' | wc -l | tr -d ' ')" 11
}
t_events_xp_layout() {
	imp events crypt32_app_8_text_xp_layout_kb2253680.txt || return 1
	# "Event Source: Crypt32" "Event ID: 8" "Event Type: Error"
	expect_eq ev "$(field 0 '["source"]') $(field 0 '["id"]') $(field 0 '["level"]')" "Crypt32 8 Error" || return 1
	expect_eq err "$(field 1 '["text"]' | sed 's/.*with error: //')" "This network connection does not exist." || return 1
	imp events crypt32_app_8_text_xp_layout_kb317541.txt || return 1
	# the XP closing sentence is part of the message
	expect_eq last "$(field 0 '["text"]' | tail -1)" "For more information, see Help and Support Center at http://support.microsoft.com."
}
t_capi2_text_fragment() {
	imp events capi2_op_11_text_header_xml_fragment_explicit_distrust_msdocs_2022.txt || return 1
	# "Event ID:      11" "Task Category: Build Chain" then "[...]"
	expect_eq ev "$(field 0 '["id"]') $(field 0 '["task"]') $(field 0 '["excerpt"]')" "11 Build Chain true" || return 1
	# an XML fragment is no event for `import capi2`
	refused capi2 capi2_op_11_text_header_xml_fragment_explicit_distrust_msdocs_2022.txt 1 "no <Event> element"
}
t_capi2_truncated_xml() {
	# the "Event Xml:" part stops inside a <Certificate fileRef=...
	refused events capi2_op_11_text_and_xml_truncated_eventlogexpert_2023.txt 40 "truncated paste" || return 1
	refused capi2 capi2_op_11_text_and_xml_truncated_eventlogexpert_2023.txt 18 "not closed"
}
t_capi2_friendly_view() {
	# Event Viewer's Friendly View is no XML and no text layout
	refused capi2 capi2_op_11_friendlyview_offline_graph_2022.txt 1 "no <Event> element" || return 1
	refused events capi2_op_11_friendlyview_offline_graph_2022.txt 1 "no event found"
}
t_iis10_no_fields() {
	imp w3c iis_w3c_10_ndes_mscep_requests_2022.txt || return 1
	expect_eq n "$(lines)" 9 || return 1
	# no #Fields line; "#Software: ... Internet Information Services 10.0":
	# IIS 10's default list with cs(Referer) (15 fields)
	# "2022-04-03 00:01:45 10.40.87.82 POST   /certsrv/mscep/mscep.dll/pkiclient.exe operation=PKIOperation ... 200 0 0 565"
	expect_eq post "$(field 6 '["method"]') $(field 6 '["path"]') $(field 6 '["status"]')" \
		"POST /certsrv/mscep/mscep.dll/pkiclient.exe?operation=PKIOperation 200" || return 1
	# "... Wget/1.20.3+(linux-gnu) - 401 2 5   175": runs of blanks are one separator
	expect_eq first "$(field 0 '["user_agent"]') $(field 0 '["status"]')" "Wget/1.20.3 (linux-gnu) 401"
}

tap_add t_scinfo_two_chains "certutil -scinfo: two chain dumps without a banner between them"
tap_add t_dcinfo_nt_auth "certutil -dcinfo verify: NT_AUTH chain, then the FAILED closing line"
tap_add t_verify_success_3elem "certutil -verify: 3 elements, CRL blocks, success"
tap_add t_verify_revoked_tail "certutil -verify: a paste from 'Exclude leaf cert:', revoked (Reason=5)"
tap_add t_verify_tail_success "certutil -verify: a success tail without the dump"
tap_add t_verify_revoked_split "certutil -verify: revoked excerpt with a split error line"
tap_add t_second_dc "certutil -v -urlfetch -verify: delta CRL URLs, OK in Base CRL CDP"
tap_add t_amazontrust_excerpt "certutil -urlfetch: one element's URL sections, Verified OCSP"
tap_add t_filtered_then_urlcache "certutil -verify | Select-String, then certutil -urlcache CRL"
tap_add t_ca_file_check "certutil -verify CertFile CACertFile: no chain dump"
tap_add t_fpki_tail "certutil -verify tail: CA certificate, policies with tabs"
tap_add t_de_old_layout "certutil -scinfo de-DE, older layout: hex thumbprints, elided lines"
tap_add t_zscaler_truncated "certutil -verify untrusted root, cut at both ends: refused"
tap_add t_scinfo_excerpts "certutil -scinfo excerpts without a dump: refused"
tap_add t_xca_cdp_excerpt "certutil -urlfetch: a CDP section quoted alone"
tap_add t_generatesst "certutil -generateSSTFromWU: Windows 7 and 2019 closing lines"
tap_add t_events_viewer_text "events: Event Viewer text (Schannel 36870/36882/36884/36888/36874)"
tap_add t_events_powershell "events: PowerShell Format-List (Schannel 36871)"
tap_add t_events_xp_layout "events: the XP layout (crypt32 event 8)"
tap_add t_capi2_text_fragment "events/capi2: a CAPI2 11 header with an XML fragment"
tap_add t_capi2_truncated_xml "events/capi2: a CAPI2 11 whose Event Xml is cut"
tap_add t_capi2_friendly_view "events/capi2: Friendly View refused by both"
tap_add t_iis10_no_fields "w3c: IIS 10 lines without #Fields, runs of blanks"
tap_run
