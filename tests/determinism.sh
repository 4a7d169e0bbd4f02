#!/bin/bash
# Determinism suite: the same input gives byte-identical output however often
# it runs, whatever the time zone, the locale or the wall clock says
# (docs/robustness.md, DESIGN principle 1). Each subject is one command line;
# its stdout (plus, for `capisim run`, the trace) is run
#   - 20 times in the reference environment (TZ=UTC, LC_ALL=C),
#   - under TZ = UTC, Asia/Tokyo, America/Los_Angeles  x  LC_ALL = C,
#     ja_JP.UTF-8 (generated into the build directory with localedef when
#     the system lacks it; that variant is skipped, saying so, when it
#     cannot be made),
#   - under faketime at three wall-clock dates (skipped without faketime),
# and every output must equal the reference byte for byte.
#   determinism.sh CAPISIM SRCROOT BUILDDIR
set -u
capisim="$1" src="$2" builddir="$3"
source "$(dirname "$0")/tap.sh"
data="$src/fixtures/data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall-clock dates far apart: the day of incident A, one past 2038, one
# before 2000 (the clock starts there and runs).
fake_dates=("2010-07-09 12:00:00" "2041-03-01 00:00:00" "1995-06-15 08:30:00")
zones=(UTC Asia/Tokyo America/Los_Angeles)
repeats=20

# The Japanese locale: the system's if present, else compiled for this
# build (no root needed: glibc reads LOCPATH).
ja_locale() {
	if locale -a 2>/dev/null | grep -qix 'ja_JP.utf8'; then
		return 0
	fi
	local dir="$builddir/locale"
	if [ ! -d "$dir/ja_JP.UTF-8" ]; then
		mkdir -p "$dir"
		localedef -i ja_JP -f UTF-8 "$dir/ja_JP.UTF-8" >/dev/null 2>&1 ||
			{ rm -rf "$dir/ja_JP.UTF-8"; return 1; }
	fi
	export LOCPATH="$dir"
}
locales=(C)
if ja_locale; then
	locales+=(ja_JP.UTF-8)
else
	ja_skip="ja_JP.UTF-8 cannot be made here (localedef or the locales package missing)"
fi
# libfaketime preloaded directly: the `faketime` wrapper names a semaphore
# after its PID and fails ("sem_open: File exists") when an earlier run left
# one behind; without FAKETIME_SHARED the library needs no shared memory.
have_faketime=false
libfaketime=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$libfaketime" ] && have_faketime=true
faketime_skip="libfaketime not installed (scripts/bootstrap)"
# libfaketime's clock_gettime and ASan's interceptors wait on each other at
# start-up (the program hangs): the wall-clock variants run in the plain
# build only. meson passes the build's b_sanitize in CAPISIM_SANITIZE.
if [ "${CAPISIM_SANITIZE:-none}" != none ]; then
	have_faketime=false
	faketime_skip="libfaketime hangs under -fsanitize=${CAPISIM_SANITIZE} (run in the plain build)"
fi

# run_subject OUT ENV... -- ARGS...: stdout and stderr of `capisim ARGS`
# under ENV (and the wrapper in $wrap, e.g. faketime), with its exit code,
# into OUT.
wrap=()
run_subject() {
	local out="$1"
	shift
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	# A hang shows as "exit 124" and differs from the reference.
	timeout 120 env "${envs[@]}" "${wrap[@]}" "$capisim" "$@" >"$out" 2>&1
	echo "exit $?" >>"$out"
}

# same REF OUT WHAT: compare, showing the first differences
same() {
	cmp -s "$1" "$2" && return 0
	echo "$3 differs from the reference (TZ=UTC LC_ALL=C); its output:"
	head -c 2000 "$2"
	echo "--- diff:"
	diff "$1" "$2" | head -40
	return 1
}

reference() { # NAME ARGS...
	local ref="$work/$1.ref"
	shift
	[ -f "$ref" ] || run_subject "$ref" TZ=UTC LC_ALL=C -- "$@"
}
check_repeats() { # NAME N ARGS...
	local name="$1" n="$2"
	shift 2
	reference "$name" "$@"
	for i in $(seq 2 "$n"); do
		run_subject "$work/$name.run" TZ=UTC LC_ALL=C -- "$@"
		same "$work/$name.ref" "$work/$name.run" "run $i" || return 1
	done
}
check_env() { # NAME ARGS...
	local name="$1"
	shift
	reference "$name" "$@"
	for tz in "${zones[@]}"; do
		for lc in "${locales[@]}"; do
			run_subject "$work/$name.env" TZ="$tz" LC_ALL="$lc" LANG="$lc" -- "$@"
			same "$work/$name.ref" "$work/$name.env" "TZ=$tz LC_ALL=$lc" || return 1
		done
	done
}
check_faketime() { # NAME ARGS...
	local name="$1"
	shift
	reference "$name" "$@"
	for d in "${fake_dates[@]}"; do
		wrap=(env LD_PRELOAD="$libfaketime" FAKETIME="@$d")
		run_subject "$work/$name.fake" TZ=UTC LC_ALL=C -- "$@"
		wrap=()
		same "$work/$name.ref" "$work/$name.fake" "faketime '$d'" || return 1
	done
}

# add_subject NAME REPEATS ARGS...: the TAP tests of one command line.
add_subject() {
	local name="$1" n="$2"
	shift 2
	local q
	q=$(printf '%q ' "$@")
	if [ "$n" -gt 1 ]; then
		eval "t_rep_$name() { check_repeats $name $n $q; }"
		tap_add "t_rep_$name" "$name: $n runs byte-identical"
	fi
	eval "t_env_$name() { check_env $name $q; }"
	tap_add "t_env_$name" "$name: TZ (${zones[*]}) x LC_ALL (${locales[*]}) byte-identical"
	if $have_faketime; then
		eval "t_fake_$name() { check_faketime $name $q; }"
		tap_add "t_fake_$name" "$name: faketime at ${#fake_dates[@]} wall-clock dates byte-identical"
	else
		tap_add true "$name: faketime # SKIP $faketime_skip"
	fi
}

# The variants must really take effect, or the comparisons prove nothing.
t_env_active() {
	local got
	got=$(TZ=Asia/Tokyo date -d @0 +%H) || return 1
	expect_eq "TZ=Asia/Tokyo hour at the Unix epoch" "$got" 09 || return 1
	if [ "${#locales[@]}" -gt 1 ]; then
		got=$(LC_ALL=ja_JP.UTF-8 locale charmap 2>&1) || return 1
		expect_eq "LC_ALL=ja_JP.UTF-8 charmap" "$got" UTF-8 || return 1
	fi
	if $have_faketime; then
		got=$(LD_PRELOAD="$libfaketime" FAKETIME="@${fake_dates[1]}" date -u +%Y) || return 1
		expect_eq "faketime year" "$got" 2041
	fi
}
tap_add t_env_active "the time zone, locale and faketime variants take effect"

# Subjects: every command whose output must not depend on where or when it
# runs. Cheap ones run 20 times; `fixtures list` (it builds the whole
# catalogue, ~3 s) runs once per environment.
add_subject time "$repeats" time 2010-07-09T00:00:00Z bin:00c080acf91ecb01+24h \
	unix:1278633600-1d ft:0x01CB1EF9AC80C000
add_subject time_json "$repeats" time --json 2010-07-09 1601-01-01 9999-12-31T23:59:59Z
add_subject show_cert "$repeats" fixtures show "$data/basic/int-nc-permitted.crt"
add_subject show_crl "$repeats" fixtures show "$data/basic/crl/intermediate+.crl"
add_subject show_ocsp "$repeats" fixtures show "$data/basic/ocsp/revoked-by-responder.ocsp"
add_subject show_stl "$repeats" fixtures show "$data/incident-a-2010/authroot-2010-06.stl"
add_subject show_cab "$repeats" fixtures show "$data/incident-a-2010/authrootstl-2010-06.cab"
add_subject fixtures_list 1 fixtures list --markdown

# The generated fixture files themselves (CAB headers carry dates, signing
# could read the clock): once, at the date past 2038, against the committed
# manifest (fixtures_regen.sh covers the plain and TZ runs).
t_fake_generate() {
	timeout 300 env LD_PRELOAD="$libfaketime" FAKETIME="@${fake_dates[1]}" \
		"$capisim" fixtures generate \
		--manifest "$work/gen.sha256" "$work/gen" || return 1
	diff -u "$src/fixtures/MANIFEST.sha256" "$work/gen.sha256"
}
if $have_faketime; then
	tap_add t_fake_generate "fixtures generate under faketime ${fake_dates[1]} matches fixtures/MANIFEST.sha256"
fi

# Scenarios, once the runner exists: every shipped scenario, its trace.
if "$capisim" help run >/dev/null 2>&1; then
	i=0
	while IFS= read -r scn; do
		i=$((i + 1))
		add_subject "scenario_$i" "$repeats" run --json "$scn"
	done < <(find "$src/fixtures/incidents" "$src/tests/scenario" -name '*.scn' 2>/dev/null | sort)
else
	tap_add true "scenarios # SKIP capisim run not built yet"
fi
[ -n "${ja_skip:-}" ] && tap_add true "LC_ALL=ja_JP.UTF-8 # SKIP $ja_skip"

tap_run
