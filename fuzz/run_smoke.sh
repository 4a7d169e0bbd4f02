#!/bin/bash
# Bounded libFuzzer run: new inputs go to a temporary directory (listed first,
# so the committed corpus is only read), crashes to the build directory.
# CAPISIM_FUZZ_SECONDS, when set, overrides the time per target. An input
# that runs for a minute is a hang (inputs are at most 64 KiB and take
# milliseconds); a shorter limit could report a busy machine as a finding.
#   run_smoke.sh FUZZER CORPUS SECONDS [DICT]
set -euo pipefail
fuzzer="$1" corpus="$2" seconds="${CAPISIM_FUZZ_SECONDS:-$3}" dict="${4:-}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(-max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048
	-max_len=65536 -print_final_stats=1
	-artifact_prefix="$(dirname "$fuzzer")/crash-$(basename "$fuzzer")-")
[ -n "$dict" ] && [ -f "$dict" ] && args+=(-dict="$dict")
exec "$fuzzer" "${args[@]}" "$work" "$corpus"
