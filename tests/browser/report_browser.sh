#!/bin/bash
# capisim report in a real browser: every incident's report (and a few
# scenarios', and one made from a trace file) opened in Debian's Chromium
# by puppeteer-core (tests/browser/report_check.js: no console error, no
# request, a tooltip on every mark, a legend that covers every colour
# drawn, no overlapping labels, axe-core's scan clean, printable width).
# The npm packages come from tests/browser/package-lock.json through
# `npm ci` into the build folder (never a browser download). Skipped (exit
# 77) only when chromium is not installed; scripts/bootstrap installs it,
# and Node.js with npm.
# usage: report_browser.sh CAPISIM SOURCE_ROOT WORK_DIR
set -u
capisim=$(realpath "$1")
src=$(realpath "$2")
work=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "1..0 # SKIP chromium not installed"
	exit 77
fi
fail() {
	echo "not ok 1 - $1"
	shift
	printf '# %s\n' "$@"
	echo "1..1"
	exit 1
}
command -v node >/dev/null && command -v npm >/dev/null ||
	fail "node and npm are needed (scripts/bootstrap installs them)"
mkdir -p "$work"
work=$(realpath "$work")
# npm ci again only when the lock file changed
if ! cmp -s "$src/tests/browser/package-lock.json" "$work/package-lock.json" ||
	[ ! -d "$work/node_modules/puppeteer-core" ]; then
	cp "$src/tests/browser/package.json" "$src/tests/browser/package-lock.json" "$work/"
	out=$(cd "$work" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund \
		--ignore-scripts 2>&1) || fail "npm ci failed" "$out"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2
for f in fixtures/incidents/*.scn tests/scenario/verify-basic.scn \
	tests/scenario/store-purposes.scn tests/fleet/crl-outage.scn; do
	name=$(basename "$f" .scn)
	"$capisim" report -o "$tmp/$name.html" "$f" >"$tmp/err" 2>&1 ||
		fail "capisim report $f" "$(cat "$tmp/err")"
done
"$capisim" run --trace "$tmp/t.jsonl" tests/scenario/verify-basic.scn >/dev/null
"$capisim" report -o "$tmp/verify-basic-from-trace.html" "$tmp/t.jsonl" ||
	fail "capisim report of a trace file"
NODE_PATH="$work/node_modules" timeout 900 node "$src/tests/browser/report_check.js" \
	"$browser" "$tmp"/*.html
