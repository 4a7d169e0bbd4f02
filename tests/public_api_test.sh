#!/bin/bash
# The public surface: each installed header compiles alone under strict
# C11; `meson install` puts headers, libraries and capisim.pc where
# pkg-config finds them; examples/run_scenario.c builds against the install
# and replays an incident with every expectation holding.
set -u
builddir="$1" srcdir="$2"
source "$srcdir/tests/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}
# A sanitizer build installs an instrumented library: the example needs the
# same runtime (meson passes CC and b_sanitize).
san=()
case "${CAPISIM_SANITIZE:-none}" in
none | "") ;;
*) san=(-fsanitize="$CAPISIM_SANITIZE") ;;
esac

t_headers_alone() {
	local h
	for h in "$srcdir"/include/capisim/*.h; do
		printf '#include <capisim/%s>\n' "$(basename "$h")" > "$tmp/h.c"
		"$cc" -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only \
			-I"$srcdir/include" -I"$builddir/include" "$tmp/h.c" ||
			{ echo "$(basename "$h") does not compile alone"; return 1; }
	done
}
t_install_and_link() {
	meson install -C "$builddir" --destdir "$tmp/root" --quiet >/dev/null 2>&1 ||
		{ echo "meson install failed"; return 1; }
	local pc; pc=$(find "$tmp/root" -name capisim.pc | head -1)
	[ -n "$pc" ] || { echo "no capisim.pc installed"; return 1; }
	local flags
	flags=$(PKG_CONFIG_SYSROOT_DIR="$tmp/root" PKG_CONFIG_PATH="$(dirname "$pc")" \
		pkg-config --cflags --libs capisim) || return 1
	# shellcheck disable=SC2086
	"$cc" -std=c11 -Wall -Wextra -Werror "${san[@]}" "$srcdir/examples/run_scenario.c" \
		-o "$tmp/run_scenario" $flags || { echo "example does not build: $flags"; return 1; }
	local libdir; libdir=$(dirname "$(find "$tmp/root" -name 'libcapisim.so*' | head -1)")
	(cd "$srcdir" && LD_LIBRARY_PATH="$libdir" "$tmp/run_scenario" \
		fixtures/incidents/2010-07-authroot-signer-expiry.scn > "$tmp/trace.jsonl") ||
		{ echo "example run failed"; return 1; }
	[ -s "$tmp/trace.jsonl" ] || { echo "empty trace"; return 1; }
}
t_example_bad_input() {
	[ -x "$tmp/run_scenario" ] || { echo "example not built"; return 1; }
	printf 'profile win7-sp1\nfrobnicate\n' > "$tmp/bad.scn"
	local libdir; libdir=$(dirname "$(find "$tmp/root" -name 'libcapisim.so*' | head -1)")
	local err rc
	err=$(LD_LIBRARY_PATH="$libdir" "$tmp/run_scenario" "$tmp/bad.scn" 2>&1 >/dev/null); rc=$?
	expect_eq "exit" "$rc" 2 || return 1
	[[ "$err" == *"bad.scn:2:1: error:"* ]] || { echo "message: $err"; return 1; }
}

# capisim.pc's paths hang off its own folder: right in a DESTDIR without
# PKG_CONFIG_SYSROOT_DIR, and with --define-prefix (which assumes
# ${prefix}/lib/pkgconfig) on Debian's multiarch lib/x86_64-linux-gnu.
t_pkgconfig_relocated() {
	local pc; pc=$(find "$tmp/root" -name capisim.pc | head -1)
	[ -n "$pc" ] || { echo "not installed (t_install_and_link)"; return 1; }
	local mode flags inc lib
	for mode in plain --define-prefix; do
		flags=$(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config \
			$([ $mode = plain ] || echo $mode) --cflags --libs capisim) || return 1
		inc=$(printf '%s\n' $flags | sed -n 's/^-I//p' | head -1)
		lib=$(printf '%s\n' $flags | sed -n 's/^-L//p' | head -1)
		[ -f "$inc/capisim/capisim.h" ] || { echo "$mode: -I$inc has no capisim/capisim.h"; return 1; }
		ls "$lib"/libcapisim.so >/dev/null 2>&1 || { echo "$mode: -L$lib has no libcapisim.so"; return 1; }
		# shellcheck disable=SC2086
		"$cc" -std=c11 -Wall -Wextra -Werror "${san[@]}" "$srcdir/examples/run_scenario.c" \
			-o "$tmp/run_$mode" $flags || { echo "$mode: example does not build: $flags"; return 1; }
	done
}

tap_add t_headers_alone "every public header compiles alone (-std=c11 -pedantic)"
tap_add t_install_and_link "install + pkg-config: the example builds and replays incident A"
tap_add t_example_bad_input "the example reports bad scenarios with file:line:col"
tap_add t_pkgconfig_relocated "capisim.pc: right in a DESTDIR and with --define-prefix on a multiarch libdir"
tap_run
