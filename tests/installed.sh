#!/bin/bash
# An installed capisim stands alone: `meson install` into a DESTDIR, the
# prefix moved elsewhere, and the source and build trees hidden (a private
# mount namespace lays an empty tmpfs over them, where unshare is allowed).
# The installed program must replay an installed incident with every
# expectation holding, regenerate the fixtures from the installed keys byte
# for byte (the installed MANIFEST.sha256), and show its man page.
#   installed.sh BUILDDIR SRCDIR
set -u
builddir=$(realpath "$1") srcdir=$(realpath "$2")
source "$srcdir/tests/tap.sh"
tmp=$(mktemp -d /tmp/capisim-installed.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$builddir" --destdir "$tmp/root" --quiet >/dev/null 2>&1 ||
	{ echo "1..0 # SKIP meson install failed"; exit 0; }
prefix=$(meson introspect "$builddir" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
mv "$tmp/root$prefix" "$tmp/moved"
inst="$tmp/moved"

# hidden CMD...: run CMD with the source and build trees out of sight.
hidden() {
	if unshare -m true 2>/dev/null; then
		unshare -m bash -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" 2>/dev/null; shift 2; cd / && exec "$@"' \
			_ "$srcdir" "$builddir" "$@"
	else
		(cd / && "$@")
	fi
}

t_incident() {
	local out
	out=$(hidden env -u CAPISIM_DATA_DIR "$inst/bin/capisim" run \
		"$inst/share/capisim/fixtures/incidents/2010-07-authroot-signer-expiry.scn" 2>&1) ||
		{ echo "$out" | tail -5; return 1; }
	[[ "$out" == *"expectations checked, 0 failed"* ]] || { echo "$out" | tail -3; return 1; }
}
t_generate() {
	hidden env -u CAPISIM_DATA_DIR "$inst/bin/capisim" fixtures generate \
		--manifest "$tmp/gen.sha256" "$tmp/gen" >/dev/null 2>&1 || { echo "generate failed"; return 1; }
	diff -u "$inst/share/capisim/fixtures/MANIFEST.sha256" "$tmp/gen.sha256"
}
t_man() {
	[ -f "$inst/share/man/man1/capisim.1" ] || { echo "no capisim.1 installed"; return 1; }
	local c
	for c in $("$inst/bin/capisim" --help | awk '/^  [a-z]/ && $1 != "help" { print $1 }'); do
		[ -f "$inst/share/man/man1/capisim-$c.1" ] || { echo "no capisim-$c.1 installed (cli/meson.build man_commands)"; return 1; }
	done
	command -v man >/dev/null || { echo "# SKIP man not installed"; return 0; }
	MANPATH="$inst/share/man" man -P cat capisim-run 2>/dev/null | grep -q "capisim run" ||
		{ echo "man capisim-run shows nothing"; return 1; }
}

tap_add t_incident "installed, moved, source hidden: an installed incident replays"
tap_add t_generate "installed: fixtures generate from the installed keys matches the installed manifest"
tap_add t_man "installed: capisim.1 and one page per command"
tap_run
