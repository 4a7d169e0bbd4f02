#!/bin/bash
# The determinism guard must catch a forbidden call: copy a clean source file,
# add one, and expect the scan to fail - for each kind of forbidden source.
set -u
scan="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int f(void);\nint f(void) { return 0; }\n' > "$tmp/clean.c"
echo "1..5"
if python3 "$scan" "$tmp" >/dev/null; then echo "ok 1 - clean file passes"; else echo "not ok 1 - clean file passes"; fi
n=2
for call in 'time(NULL)' 'localtime_r(&t, &tm)' 'getenv ("TZ")' 'rand()'; do
	mkdir -p "$tmp/$n"
	printf '#include <time.h>\nint g(void) { /* time() in a comment is fine */ return (int)%s; }\n' "$call" > "$tmp/$n/bad.c"
	if python3 "$scan" "$tmp/$n" >/dev/null; then
		echo "not ok $n - scan missed $call"
	else
		echo "ok $n - scan catches $call"
	fi
	n=$((n + 1))
done
