#!/bin/bash
# `capisim profiles`: every profile, every column of the table. The column
# list is checked against the fields of the four area structs in
# model/profile_*.h (a new column must show), and a few values against
# what the documentation says: cryptnet's per-URL timeout is 15 s (RULES.md
# 4, DOC), XP has no OCSP client (OCSP arrived with Vista, RULES.md 4),
# wine-8 is the Wine row.
#   profiles_test.sh CAPISIM SRCROOT
set -u
capisim="$1" src="$2"
source "$src/tests/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t_every_column() {
	"$capisim" profiles --json >"$tmp/p.json" || return 1
	python3 - "$tmp/p.json" "$src" <<'PY'
import json, re, sys
rows = json.load(open(sys.argv[1]))
src = sys.argv[2]
want = {}
for area, hdr, st in [("chain", "profile_chain.h", "cs_chain_profile"),
                      ("revocation", "profile_revocation.h", "cs_revocation_profile"),
                      ("autoupdate", "profile_autoupdate.h", "cs_autoupdate_profile"),
                      ("schannel", "profile_schannel.h", "cs_schannel_profile")]:
    s = open(f"{src}/model/{hdr}").read()
    end = s.index("} " + st + ";")
    # the struct may carry its tag (typedef struct cs_revocation_profile {)
    start = [m.end() for m in re.finditer(r"typedef struct(?: \w+)? \{", s[:end])][-1]
    body = re.sub(r"/\*.*?\*/", "", s[start:end], flags=re.S)
    names = []
    for decl in body.split(";")[:-1]:
        for part in decl.split(","):
            m = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*$", part.strip())
            if m:
                names.append(f"{area}.{m.group(1)}")
    want[area] = names
profiles = re.findall(r'X\(\w+, "([^"]+)"', open(f"{src}/model/profile.h").read())
bad = 0
if [r["name"] for r in rows] != profiles:
    print("profiles:", [r["name"] for r in rows], "want", profiles); bad = 1
for r in rows:
    for area, names in want.items():
        got = [k for k in r if k.startswith(area + ".")]
        if got != names:
            print(r["name"], area, "columns differ:", sorted(set(names) ^ set(got))); bad = 1
sys.exit(bad)
PY
}
t_values() {
	local j="$tmp/p.json"
	[ -s "$j" ] || "$capisim" profiles --json >"$j" || return 1
	expect_eq "win7 url timeout" "$(python3 -c 'import json,sys; print([r for r in json.load(open(sys.argv[1])) if r["name"]=="win7-sp1"][0]["revocation.url_timeout"])' "$j")" 15s || return 1
	expect_eq "xp ocsp" "$(python3 -c 'import json,sys; print([r for r in json.load(open(sys.argv[1])) if r["name"]=="xp-sp3"][0]["revocation.has_ocsp"])' "$j")" False || return 1
	expect_eq "wine row" "$(python3 -c 'import json,sys; print([r for r in json.load(open(sys.argv[1])) if r["name"]=="wine-8"][0]["is_wine"])' "$j")" True || return 1
	"$capisim" profiles win7-sp1 | grep -q '^  revocation.url_timeout  *15s$' || { echo "text form"; return 1; }
}
t_unknown() {
	local err rc
	err=$("$capisim" profiles winxp 2>&1); rc=$?
	expect_eq exit "$rc" 2 || return 1
	[[ "$err" == *"unknown profile 'winxp' (known: xp-sp3, "* ]] || { echo "$err"; return 1; }
}

tap_add t_every_column "profiles --json: every profile, every field of model/profile_*.h"
tap_add t_values "profiles: documented values (15 s URL timeout, no OCSP on XP, the Wine row)"
tap_add t_unknown "profiles NAME: an unknown name lists the known ones"
tap_run
