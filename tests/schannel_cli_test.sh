#!/bin/bash
# capisim schannel issuer-list on the incident-b-2012 fixtures. Expected
# sizes come from the fixture generator's roots.txt (its own running size of
# the TLS 1.2 certificate_authorities list per root: root-157 -> 16362,
# root-158 -> 16492 > 16384), not from this command; exit codes are the
# documented ones (0 ok, 2 input error).
set -u
capisim="$1"
data="$2/fixtures/data/incident-b-2012"
source "$(dirname "$0")/tap.sh"
# jget PYEXPR JSON: evaluate PYEXPR on the parsed object d (python3 is
# already a test dependency; JSON null prints "null", booleans "true"/"false").
jget() {
	python3 -c 'import json,sys; v=eval(sys.argv[1], {"d": json.load(sys.stdin)}); print(json.dumps(v) if not isinstance(v, str) else v)' "$1" <<<"$2"
}

t_truncated_at_root_158() {
	local out
	out=$("$capisim" schannel issuer-list --profile server-2008r2 --json \
		--authroot "$data/roots" --enterprise-root "$data/enterprise-root.crt") || return 1
	local want_bytes; want_bytes=$(awk '$1=="roots/root-157.crt"{print $3}' "$data/roots.txt")
	expect_eq "bytes" "$(jget "d['bytes']" "$out")" "$want_bytes" || return 1
	expect_eq "names" "$(jget "d['names_sent']" "$out")" 157 || return 1
	expect_eq "dropped" "$(jget "d['dropped_limit']" "$out")" 264 || return 1
	expect_eq "enterprise root" \
		"$(jget "d['entries'][-1]['store'] + ' ' + d['entries'][-1]['fate']" "$out")" \
		"EnterpriseRoot dropped-limit" || return 1
	expect_eq "event" "$(jget "d['event']['id']" "$out")" 36885
}
t_enterprise_root_first_survives() {
	local out
	out=$("$capisim" schannel issuer-list --profile server-2008r2 --json \
		--root "$data/enterprise-root.crt" --authroot "$data/roots") || return 1
	expect_eq "first" "$(jget "d['entries'][0]['fate']" "$out")" sent
}
t_2012_client_auth_issuer() {
	local out
	out=$("$capisim" schannel issuer-list --profile server-2012 --json \
		--authroot "$data/roots" --client-auth-issuer "$data/enterprise-root.crt") || return 1
	expect_eq "source" "$(jget "d['source']" "$out")" ClientAuthIssuer || return 1
	expect_eq "sent" "$(jget "d['sent']" "$out")" false || return 1
	expect_eq "event" "$(jget "d['event']" "$out")" null
}
t_text_mentions_event() {
	"$capisim" schannel issuer-list --authroot "$data/roots" |
		grep -q '^event: System  Schannel  36885  Warning$'
}
t_bad_file() {
	local err
	err=$("$capisim" schannel issuer-list --root "$data/roots.txt" 2>&1 >/dev/null)
	expect_eq "exit" "$?" 2 || return 1
	[[ "$err" == *"roots.txt"*"expected DER or PEM"* ]] || { echo "got: $err"; return 1; }
}
t_bad_option_value() {
	"$capisim" schannel issuer-list --trust-mode 3 2>/dev/null
	expect_eq "exit" "$?" 2
}

tap_add t_truncated_at_root_158 "2008 R2: 157 names, the 16384 mark passed at root-158 (roots.txt)"
tap_add t_enterprise_root_first_survives "order: the enterprise root enumerated first stays"
tap_add t_2012_client_auth_issuer "2012: ClientAuthIssuer is the source, not sent, no event"
tap_add t_text_mentions_event "text view prints event 36885"
tap_add t_bad_file "a non-certificate file: exit 2 naming the file"
tap_add t_bad_option_value "--trust-mode 3: exit 2"
tap_run
