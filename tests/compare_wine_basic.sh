#!/bin/bash
# The Wine comparison over every fixture chain of fixtures/data/basic/: each
# line of tests/compare_basic_cases.txt under every policy and revocation mode,
# one `capisim compare wine --verify ...` (one probe process) per run. The bar is
# 100% matched: a difference between Wine 8 and the wine-8 profile is a bug in
# the model (docs/compare.md, "What the comparison found").
#
# usage: compare_wine_basic.sh CAPISIM FIXTURES_DIR CASES [PROBE]
# $CASE_FILTER (a regex on "FAMILY NAME") runs a subset. Prints TAP (one test per table
# line) and a per-family summary; skips (exit 77) without Wine or the probe.
set -u
capisim="$1" data="$2/basic" cases="$3" probe="${4:-}" filter="${CASE_FILTER:-}"
source "$(dirname "$0")/wine_tools.sh"
if ! have_wine_tools "$probe"; then
	echo "1..0 # SKIP Wine, libfaketime or the probe (-Dwine_compare) is missing"
	exit 77
fi
export CAPISIM_PROBE="$(realpath "$probe")"
capisim=$(realpath "$capisim") cases=$(realpath "$cases")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$data" || exit 2

at=2025-01-01T00:00:00Z # fixtures/README.md: basic/'s reference time
crls=()
for f in crl/*.crl; do
	[ "$f" = crl/intermediate-bad-signature.crl ] || crls+=(--crl "$f")
done
policies=(base ssl basic-constraints)
modes=(none end chain chain-exclude-root)

declare -A fam_match=() fam_diff=()
families=()
n=0 failed=0
lines=$(grep -v '^\s*\(#\|$\)' "$cases" | awk -v re="$filter" 're == "" || ($1 " " $2) ~ re')
echo "1..$(printf '%s\n' "$lines" | grep -c .)"
while read -r family name server rest; do
	[ -n "$family" ] || continue
	n=$((n + 1))
	[ -n "${fam_match[$family]+x}" ] || { families+=("$family"); fam_match[$family]=0 fam_diff[$family]=0; }
	read -ra words <<<"$rest"
	args=()
	for w in "${words[@]}"; do
		if [ "$w" = @CRLS ]; then args+=("${crls[@]}"); else args+=("$w"); fi
	done
	report=""
	for policy in "${policies[@]}"; do
		pol=(--policy "$policy")
		[ "$policy" = ssl ] && pol+=(--server-name "$server")
		for mode in "${modes[@]}"; do
			out=$("$capisim" compare wine --wine-trace "$tmp/wine.jsonl" \
				--verify --root root.crt --at "$at" --revocation "$mode" \
				"${pol[@]}" "${args[@]}" 2>&1)
			rc=$?
			# The probe's clock must have followed the plan (docs/compare.md).
			clock=$(grep -o '"clock":"[^"]*"' "$tmp/wine.jsonl" 2>/dev/null)
			if [ $rc -eq 0 ] && [ "$clock" = "\"clock\":\"$at\"" ]; then
				fam_match[$family]=$((fam_match[$family] + 1))
			else
				fam_diff[$family]=$((fam_diff[$family] + 1))
				report+="$policy/$mode (exit $rc, $clock):"$'\n'"$out"$'\n'
			fi
			rm -f "$tmp/wine.jsonl"
		done
	done
	if [ -z "$report" ]; then
		echo "ok $n - $family $name"
	else
		echo "not ok $n - $family $name"
		printf '%s' "$report" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
done <<<"$lines"
for f in "${families[@]}"; do
	echo "# $f: ${fam_match[$f]} matched, ${fam_diff[$f]} different"
done
[ "$failed" -eq 0 ]
