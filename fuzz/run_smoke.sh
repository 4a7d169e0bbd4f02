#!/bin/bash
# Bounded libFuzzer run: new inputs go to a temporary directory (listed first,
# so the committed corpus is only read), crashes to the build directory.
set -euo pipefail
fuzzer="$1" corpus="$2" seconds="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$(dirname "$fuzzer")/crash-" "$work" "$corpus"
