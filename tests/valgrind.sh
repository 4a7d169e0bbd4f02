#!/bin/bash
# Valgrind memcheck over the capisim program: zero errors and zero leaks
# (definitely or indirectly lost; "still reachable" is OpenSSL's and GLib's
# process-lifetime state). Runs the scenario goldens once `capisim run`
# exists, one object of each kind through `fixtures show`, `capisim time`,
# and every bad-input case (the error paths are where leaks hide).
#   valgrind.sh CAPISIM SRCROOT
set -u
capisim="$1" src="$2"
source "$(dirname "$0")/tap.sh"
data="$src/fixtures/data"
if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..1"
	echo "ok 1 - valgrind # SKIP valgrind not installed (scripts/bootstrap)"
	exit 0
fi
vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99
	--track-origins=yes)

# memcheck ARGS...: capisim ARGS under valgrind; any exit but 99 is fine
# here (the other suites check exit codes), 99 is a memcheck error.
memcheck() {
	local log rc
	log=$("${vg[@]}" "$capisim" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 99 ]; then
		printf '%s\n' "$log"
		return 1
	fi
}
add() { # NAME ARGS...
	local name="$1"
	shift
	eval "t_$name() { memcheck $(printf '%q ' "$@"); }"
	tap_add "t_$name" "memcheck clean: capisim $*"
}

add time time 2010-07-09T00:00:00Z bin:00c080acf91ecb01+24h --json
add time_bad time 2010-02-30
add show_cert fixtures show "$data/basic/int-nc-permitted.crt"
add show_crl fixtures show "$data/basic/crl/intermediate+.crl"
add show_ocsp fixtures show "$data/basic/ocsp/revoked-by-responder.ocsp"
add show_stl fixtures show "$data/incident-a-2010/authroot-2010-06.stl"
add show_cab fixtures show "$data/incident-a-2010/authrootstl-2010-06.cab"

t_bad_inputs() {
	CAPISIM_WRAPPER="${vg[*]}" python3 "$src/tests/bad/run_bad.py" \
		"$capisim" "$src" | grep -v '^ok\|^1\.\.' && return 1
	return 0
}
tap_add t_bad_inputs "memcheck clean: every bad-input case (tests/bad)"

# Scenario goldens, once the runner exists.
if "$capisim" help run >/dev/null 2>&1; then
	i=0
	while IFS= read -r scn; do
		i=$((i + 1))
		add "scenario_$i" run "$scn"
	done < <(find "$src/fixtures/incidents" "$src/tests/scenario" -name '*.scn' 2>/dev/null | sort)
else
	tap_add true "scenario goldens # SKIP capisim run not built yet"
fi
tap_run
