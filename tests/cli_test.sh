#!/bin/bash
# The capisim dispatcher and `capisim time`. Expected FILETIMEs were computed
# with Python's datetime (see tests/test_clock.c); exit codes are the
# documented ones (0 ok, 2 usage or input error).
set -u
capisim="$1"
source "$(dirname "$0")/tap.sh"

t_version() {
	local out; out=$("$capisim" --version) || return 1
	[[ "$out" =~ ^capisim\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "got: $out"; return 1; }
}
t_help_lists_only_working() {
	local out; out=$("$capisim" --help) || return 1
	# every listed command must answer `capisim help CMD` with exit 0
	local cmds; cmds=$(printf '%s\n' "$out" | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && NF {print $1}')
	[ -n "$cmds" ] || { echo "no commands listed"; return 1; }
	for c in $cmds; do "$capisim" help "$c" >/dev/null || { echo "help $c failed"; return 1; }; done
	# and nothing listed that is not implemented
	for c in $cmds; do
		[ "$c" = help ] && continue
		"$capisim" "$c" --help >/dev/null || { echo "$c --help failed"; return 1; }
	done
}
t_unknown_command() {
	"$capisim" frobnicate 2>/dev/null; expect_eq "exit" "$?" 2
}
t_unknown_option() {
	"$capisim" --frobnicate 2>/dev/null; expect_eq "exit" "$?" 2
}
t_time_iso() {
	local out; out=$("$capisim" time 2010-07-09T00:00:00Z) || return 1
	expect_eq "text" "$out" "2010-07-09T00:00:00Z
  utc         2010-07-09T00:00:00Z
  filetime    129231072000000000 (0x01CB1EF9AC80C000)
  reg_binary  00 c0 80 ac f9 1e cb 01
  unix        1278633600"
}
t_time_forms_agree() {
	local a b c d
	a=$("$capisim" time --json 2010-07-09 | sed 's/"input": *"[^"]*", *//') || return 1
	b=$("$capisim" time --json ft:129231072000000000 | sed 's/"input": *"[^"]*", *//') || return 1
	c=$("$capisim" time --json bin:00c080acf91ecb01 | sed 's/"input": *"[^"]*", *//') || return 1
	d=$("$capisim" time --json unix:1278633600 | sed 's/"input": *"[^"]*", *//') || return 1
	expect_eq "ft" "$b" "$a" && expect_eq "bin" "$c" "$a" && expect_eq "unix" "$d" "$a"
}
t_time_offset() {
	local out; out=$("$capisim" time --json 2010-07-02T00:00:00Z+7d) || return 1
	[[ "$out" == *'"utc":"2010-07-09T00:00:00Z"'* ]] || { echo "$out"; return 1; }
	out=$("$capisim" time --json unix:1278633600-1d) || return 1
	[[ "$out" == *'"utc":"2010-07-08T00:00:00Z"'* ]] || { echo "$out"; return 1; }
}
t_time_bad_input() {
	local err rc
	err=$("$capisim" time 2010-07-09 2010-02-30 2>&1 >/dev/null); rc=$?
	expect_eq "exit" "$rc" 2 || return 1
	expect_eq "message" "$err" "capisim: 9: error: argument 2: expected a day that exists in that month
  2010-02-30
          ^"
}
t_time_bad_input_no_partial_output() {
	local out; out=$("$capisim" time 2010-07-09 nonsense 2>/dev/null)
	expect_eq "stdout" "$out" ""
}
t_time_tz_locale_independent() {
	local a b
	a=$(TZ=UTC LC_ALL=C "$capisim" time 2038-01-19T03:14:08Z 1601-01-01 9999-12-31T23:59:59Z)
	b=$(TZ=Asia/Tokyo LC_ALL=ja_JP.UTF-8 "$capisim" time 2038-01-19T03:14:08Z 1601-01-01 9999-12-31T23:59:59Z 2>/dev/null)
	expect_eq "TZ/locale" "$b" "$a"
}

tap_add t_version "--version prints the version"
tap_add t_help_lists_only_working "--help lists only commands that answer --help"
tap_add t_unknown_command "unknown command exits 2"
tap_add t_unknown_option "unknown option exits 2"
tap_add t_time_iso "time: ISO to FILETIME, REG_BINARY, Unix"
tap_add t_time_forms_agree "time: every input form of one instant agrees"
tap_add t_time_offset "time: TIME+DURATION and TIME-DURATION"
tap_add t_time_bad_input "time: bad date gives column, message, caret, exit 2"
tap_add t_time_bad_input_no_partial_output "time: nothing printed when any argument is bad"
tap_add t_time_tz_locale_independent "time: output independent of TZ and LC_ALL"
tap_run
