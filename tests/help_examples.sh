#!/bin/bash
# Every `capisim help CMD` names only files that exist: each path with a
# folder in it (fixtures/..., tests/...) is looked up in the source tree:
# the examples are what a newcomer pastes.
#   help_examples.sh CAPISIM SRCROOT
set -u
capisim=$(realpath "$1") src="$2"
source "$src/tests/tap.sh"
cd "$src" || exit 2
commands=$("$capisim" --help | awk '/^  [a-z]/ { print $1 }' | sort -u)

t_paths_exist() {
	local c p bad=0
	for c in $commands; do
		while read -r p; do
			[[ "$p" == /* ]] && continue # the host's, e.g. /etc/ssl/certs
			[ -e "$p" ] || { echo "capisim help $c names $p, which does not exist"; bad=1; }
		done < <("$capisim" help "$c" | grep -oE '/?[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+\.(scn|inc|crt|cer|der|pem|crl|stl|cab|ocsp|jsonl|txt|xml|log)\b' | sort -u)
	done
	return $bad
}

tap_add t_paths_exist "every file a help text names exists in the source tree"
tap_run
