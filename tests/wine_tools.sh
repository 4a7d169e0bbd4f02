# Sourced by the Wine suites: finds Wine and libfaketime where
# compare/wine/runner.c does, so a suite skips exactly when the runner
# would answer "not found". Debian 12's wine64 package keeps the loader
# (and wineserver) in /usr/lib/wine, off PATH.

# The loader's path on stdout; status 1 when there is none.
wine_loader() {
	if [ -n "${CAPISIM_WINE:-}" ]; then
		[ -x "$CAPISIM_WINE" ] && echo "$CAPISIM_WINE"
		return
	fi
	command -v wine64 ||
		{ [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } ||
		command -v wine
}

have_faketime() {
	[ -n "${CAPISIM_LIBFAKETIME:-}" ] && return 0
	local f
	for f in /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 \
		/usr/lib/faketime/libfaketime.so.1 \
		/usr/local/lib/faketime/libfaketime.so.1; do
		[ -f "$f" ] && return 0
	done
	return 1
}

# have_wine_tools PROBE: the probe was built, Wine and libfaketime are there.
have_wine_tools() {
	[ -n "${1:-}" ] && [ -f "$1" ] && wine_loader >/dev/null && have_faketime
}
