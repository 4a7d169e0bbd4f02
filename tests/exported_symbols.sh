#!/bin/bash
# libcapisim exports exactly the functions include/capisim/ marks CAPISIM_API:
# the dynamic symbol table equals the committed list, so a new export (or a
# lost one) shows in review. Update the list with:
#   nm -D --defined-only build/libcapisim.so | awk '{print $3}' | sort > tests/data/exported-symbols.txt
set -u
lib="$1" list="$2"
echo "1..1"
# Names starting with "__" are the toolchain's, not the library's: a
# sanitizer or fuzzer build adds its coverage sections (__start___sancov_*).
diff_out=$(diff <(nm -D --defined-only "$lib" | awk '$3 !~ /^__/ {print $3}' | sort) "$list")
if [ -z "$diff_out" ]; then
	echo "ok 1 - exported symbols equal tests/data/exported-symbols.txt"
else
	echo "not ok 1 - exported symbols differ from tests/data/exported-symbols.txt (< exported, > listed)"
	printf '%s\n' "$diff_out" | sed 's/^/# /'
	exit 1
fi
