#!/usr/bin/env python3
"""The rule registry (model/rules.def) is the one definition of each rule.

  1. rows: every line is a comment or a RULE(...) row; ids are unique, in
     order, dotted lower-case words; the symbol is the id in capitals
     (dots as underscores); the area is the id's first word; the sentence
     is one sentence (ends with '.', balanced {} and []); the source is
     not empty.
  2. used: every row's CS_RULE_<SYMBOL> is named by code outside the
     registry (a row nothing records is a dead text).
  3. goldens: every observation with a rule in every golden trace of the
     repository (*.trace.jsonl) carries an id with a row, and that row's
     source.
  4. runs: every scenario of the test suite (fixtures/incidents, tests/**,
     examples/**; bad/ folders excepted) played with `capisim run --json`
     records only ids with a row, and the runs record at least one id.
  5. docs/rules.md is what scripts/rules_doc.py writes from the registry.
Prints TAP. usage: rules_registry.py SRCDIR CAPISIM
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

src, capisim = Path(sys.argv[1]), os.path.abspath(sys.argv[2])
sys.path.insert(0, str(src / "scripts"))
import rules_doc  # noqa: E402

DEF = src / "model" / "rules.def"
ID = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)+$")
CODE_DIRS = ("model", "pki", "engine", "sim", "render", "compare", "cli",
             "trace", "bench")
SKIP_DIRS = {"build", ".git", "node_modules"}

results = []


def report(name, problems):
    results.append((name, problems))


def balanced(s, open_, close):
    depth = 0
    for ch in s:
        depth += (ch == open_) - (ch == close)
        if depth < 0 or depth > 1:
            return False
    return depth == 0


# 1. rows
try:
    rows = rules_doc.parse(DEF)
    bad = []
except ValueError as e:
    rows, bad = [], [str(e)]
by_id = {}
for r in rows:
    where = f"model/rules.def:{r['line']}"
    rid = r["id"]
    if not ID.match(rid):
        bad.append(f"{where}: {rid!r} is not a dotted lower-case id")
    if rid in by_id:
        bad.append(f"{where}: {rid} has a row already (line "
                   f"{by_id[rid]['line']})")
    by_id[rid] = r
    if r["symbol"] != rid.upper().replace(".", "_"):
        bad.append(f"{where}: symbol {r['symbol']} should be "
                   f"{rid.upper().replace('.', '_')}")
    if r["area"] != rid.split(".")[0]:
        bad.append(f"{where}: area {r['area']!r} is not the id's first "
                   f"word")
    s = r["sentence"]
    if not s.endswith(".") or not balanced(s, "{", "}") or \
            not balanced(s, "[", "]"):
        bad.append(f"{where}: the sentence must end with '.' and balance "
                   f"its {{}} and []")
    if not r["source"].strip():
        bad.append(f"{where}: no source")
ids = [r["id"] for r in rows]
if ids != sorted(ids):
    first = next(i for i in range(len(ids)) if ids[i] != sorted(ids)[i])
    bad.append(f"model/rules.def:{rows[first]['line']}: rows out of id "
               f"order at {ids[first]}")
if len(rows) < 10:
    bad.append(f"model/rules.def: only {len(rows)} rows read")
report(f"registry: {len(rows)} rows well formed", bad)

# 2. every row is recorded by some code
code = []
for top in CODE_DIRS:
    for p in sorted((src / top).rglob("*.[ch]")):
        rel = p.relative_to(src).as_posix()
        if rel.startswith("model/rules."):
            continue
        code.append(p.read_text(encoding="utf-8", errors="replace"))
named = set(re.findall(r"\bCS_RULE_(\w+)", "\n".join(code)))
report("registry: every row is recorded by code",
       [f"model/rules.def:{r['line']}: CS_RULE_{r['symbol']} is named "
        f"nowhere (a rule nothing records)"
        for r in rows if r["symbol"] not in named])


def walk(top, suffix):
    for p in sorted(top.rglob("*" + suffix)):
        parts = set(p.relative_to(src).parts)
        if not parts & SKIP_DIRS:
            yield p


def check_trace(text, name, want_source):
    """Problems of one trace (JSON Lines); the ids it carries."""
    problems, seen = [], set()
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            o = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{name}:{n}: not JSON: {e}")
            continue
        rid = o.get("rule") if isinstance(o, dict) else None
        if rid is None:
            continue
        seen.add(rid)
        row = by_id.get(rid)
        if row is None:
            problems.append(f"{name}:{n}: rule {rid} has no row in "
                            f"model/rules.def")
        elif want_source and o.get("source") != row["source"]:
            problems.append(f"{name}:{n}: rule {rid} carries source "
                            f"{o.get('source')!r}, its row says "
                            f"{row['source']!r}")
    return problems, seen


# 3. goldens
problems, seen, count = [], set(), 0
for p in walk(src, ".trace.jsonl"):
    count += 1
    pr, s = check_trace(p.read_text(encoding="utf-8"),
                        p.relative_to(src).as_posix(), True)
    problems += pr
    seen |= s
if count == 0 or not seen:
    problems.append("no golden trace with a rule id found")
report(f"goldens: {count} traces, {len(seen)} ids, each with a row",
       problems)

# 4. the test suite's scenarios, played
problems, seen, count = [], set(), 0
for top in ("fixtures/incidents", "tests", "examples"):
    for p in sorted((src / top).rglob("*.scn")):
        if "bad" in p.relative_to(src).parts:
            continue
        count += 1
        rel = p.relative_to(src).as_posix()
        run = subprocess.run([capisim, "run", "--json", str(p)],
                             capture_output=True, text=True, cwd=src)
        if run.returncode not in (0, 1):
            problems.append(f"{rel}: capisim run exited {run.returncode}: "
                            f"{run.stderr.strip()[:200]}")
            continue
        pr, s = check_trace(run.stdout, rel, True)
        problems += pr
        seen |= s
if count == 0 or not seen:
    problems.append("no scenario recorded a rule id")
report(f"runs: {count} scenarios, {len(seen)} ids, each with a row",
       problems)

# 5. the generated list
doc = src / "docs" / "rules.md"
want = rules_doc.markdown(rows)
have = doc.read_text(encoding="utf-8") if doc.exists() else ""
report("docs/rules.md is generated from the registry",
       [] if have == want else
       ["docs/rules.md differs from the registry: run scripts/rules_doc.py"])

print(f"1..{len(results)}")
for i, (name, pr) in enumerate(results, 1):
    print(("ok" if not pr else "not ok") + f" {i} - {name}")
    for line in pr[:40]:
        print(f"# {line}")
    if len(pr) > 40:
        print(f"# ... {len(pr) - 40} more")
sys.exit(0)
