#!/bin/bash
# Round trip of the certutil-like text: the model's certutil output, read
# back by `capisim import certutil`, must give the same observations as the
# model's own record of the verification (issue 18).
#
#  - every fixture situation of tests/compare_basic_cases.txt (the basic/
#    chains, CRL and OCSP cases), with the base policy and with the SSL
#    policy, each with and without -urlfetch, and in zh-CN where the
#    situation's texts have a zh-CN sample: `capisim verify` text ->
#    import -> `capisim compare` against `capisim verify --json`: 0 different;
#  - a scenario's `certutil -verify -urlfetch` steps: the text the timeline
#    prints under each step -> import -> compare against the run's trace
#    (whose chain + policy observations compare folds into one verify).
set -u
capisim="$1"
root="$2"
B="$root/fixtures/data/basic"
cases="$(dirname "$0")/compare_basic_cases.txt"
source "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AT=2025-01-01T00:00:00Z

crls=()
for f in "$B"/crl/*.crl; do
	[ "$(basename "$f")" = intermediate-bad-signature.crl ] || crls+=(--crl "$f")
done

# one CASE-LINE POLICY-ARGS...: text -> import -> compare with --json
one() {
	local name="$1" server="$2" args=() w
	shift 2
	local policy=("$@")
	for w in $rest; do
		case $w in
		@CRLS) args+=("${crls[@]}") ;;
		--crl | --ca | --disallowed | --serve) args+=("$w") ;;
		*=*) args+=("${w%%=*}=$B/${w#*=}") ;;
		*) args+=("$B/$w") ;;
		esac
	done
	local base=(--at $AT --root "$B/root.crt" --revocation chain-exclude-root
		"${policy[@]}" "${args[@]}")
	"$capisim" verify --json "${base[@]}" >"$tmp/model.jsonl" 2>/dev/null
	local uf lang
	for uf in "" --urlfetch; do
		for lang in en-US zh-CN; do
			"$capisim" verify $uf --lang $lang "${base[@]}" >"$tmp/text" 2>"$tmp/err"
			if [ "$?" -eq 2 ]; then
				# a language without a sample of this situation's texts
				[ "$lang" = zh-CN ] && grep -q "zh-CN" "$tmp/err" && continue
				cat "$tmp/err"
				return 1
			fi
			"$capisim" import certutil "$tmp/text" >"$tmp/imp.jsonl" ||
				{ echo "$name $uf $lang: import failed"; return 1; }
			local out
			out=$("$capisim" compare "$tmp/imp.jsonl" "$tmp/model.jsonl")
			[ "$out" = "1 matched, 0 different" ] ||
				{ echo "$name ${policy[*]} $uf $lang:"; echo "$out"; return 1; }
		done
	done
}

t_fixture_situations() {
	local family name server rest n=0
	while read -r family name server rest; do
		case $family in '' | '#'*) continue ;; esac
		one "$name" "$server" || return 1
		one "$name" "$server" --policy ssl --server-name "$server" || return 1
		n=$((n + 1))
	done <"$cases"
	[ "$n" -ge 30 ] || { echo "only $n situations read"; return 1; }
}

# The timeline's certutil text of a scenario's steps, imported, against the
# run's trace.
t_scenario_step() {
	local scn="$root/fixtures/incidents/2014-04-ocsp-suppresses-crl.scn"
	"$capisim" run --trace "$tmp/run.jsonl" "$scn" >"$tmp/timeline" || return 1
	# the step line, then its certutil text indented by six blanks
	python3 - "$tmp/timeline" "$tmp" <<'EOF' || return 1
import re, sys
lines = open(sys.argv[1]).read().split('\n')
n = 0
for i, l in enumerate(lines):
    if 'certutil -verify -urlfetch' not in l or l.startswith(' '):
        continue
    block = []
    for m in lines[i + 1:]:
        if m and not m.startswith('      '):
            break
        block.append(m[6:])
    open('%s/step%d.txt' % (sys.argv[2], n), 'w').write('\n'.join(block) + '\n')
    n += 1
open('%s/steps' % sys.argv[2], 'w').write(str(n))
EOF
	local n
	n=$(cat "$tmp/steps")
	[ "$n" -ge 1 ] || { echo "no certutil step in the timeline"; return 1; }
	# the run's verifications made by certutil steps, one file per step
	for ((i = 0; i < n; i++)); do
		"$capisim" import certutil "$tmp/step$i.txt" >"$tmp/imp$i.jsonl" || return 1
	done
	# each import against the trace's observations of certutil steps
	python3 - "$tmp/run.jsonl" "$tmp" "$n" <<'EOF' || return 1
import json, sys
obs = [json.loads(l) for l in open(sys.argv[1])]
steps = [o['step'] for o in obs if o.get('kind') == 'step'
         and o.get('action', '').startswith('certutil -verify')]
for i, s in enumerate(steps[:int(sys.argv[3])]):
    with open('%s/model%d.jsonl' % (sys.argv[2], i), 'w') as f:
        for o in obs:
            if o.get('step') == s and o.get('kind') in ('chain', 'policy'):
                f.write(json.dumps(o) + '\n')
EOF
	for ((i = 0; i < n; i++)); do
		local out
		out=$("$capisim" compare "$tmp/imp$i.jsonl" "$tmp/model$i.jsonl")
		# the step's chain and policy were folded: one verification
		case $out in "1 matched, 0 different") ;;
		*) echo "step $i:"; echo "$out"; return 1 ;; esac
	done
}

tap_add t_fixture_situations "capisim verify text -> import -> same observations, every fixture situation"
tap_add t_scenario_step "certutil -verify -urlfetch step text -> import -> the run's trace"
tap_run
