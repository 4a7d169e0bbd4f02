# Minimal TAP helpers for the shell tests; source it, then call `tap_run`.
# A test function name and description per line; each test prints nothing on
# success and a reason on failure.
tap_n=0
tap_fail=0
declare -a tap_tests=()
tap_add() { tap_tests+=("$1|$2"); }
tap_run() {
	echo "1..${#tap_tests[@]}"
	for t in "${tap_tests[@]}"; do
		local fn="${t%%|*}" desc="${t#*|}" out
		tap_n=$((tap_n + 1))
		if out=$("$fn" 2>&1); then
			# A test that prints "# SKIP why" first was skipped.
			if [[ "$out" == "# SKIP"* ]]; then
				echo "ok $tap_n - $desc ${out%%$'\n'*}"
			else
				echo "ok $tap_n - $desc"
			fi
		else
			echo "not ok $tap_n - $desc"
			printf '%s\n' "$out" | sed 's/^/# /'
			tap_fail=$((tap_fail + 1))
		fi
	done
	[ "$tap_fail" -eq 0 ]
}
# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" != "$3" ]; then
		printf '%s:\n--- got\n%s\n--- want\n%s\n' "$1" "$2" "$3"
		return 1
	fi
}
