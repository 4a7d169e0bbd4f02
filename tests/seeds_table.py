#!/usr/bin/env python3
"""docs/seeds.md against the scenarios it cites.

Fails on:
  - a row whose status is not reproduced / hypothesis / not modelled, or a
    reproduced / hypothesis row without a scenario reference;
  - a reference `FILE.scn:N` (fixtures/incidents/ unless FILE has a path)
    that names a missing file or line, a comment or blank line, or whose
    code span after it is not on that line;
  - an observable declared in fixtures/incidents/*.scn (`observable ID
    TEXT`) without its row, or whose row cites no line tagged obs=ID /
    given=ID;
  - a declared observable marked reproduced / hypothesis that the profiles
    as shipped do not explain (`capisim hypotheses --json`), or one marked
    not modelled that they do explain;
  - the counts table between the seeds-table markers differing from the
    rows.

usage: seeds_table.py CAPISIM SOURCE_ROOT
"""
import glob
import json
import os
import re
import subprocess
import sys

capisim, root = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(root)

doc = open("docs/seeds.md", encoding="utf-8").read().split("\n")
STATUSES = ("reproduced", "hypothesis", "not modelled")
REF = re.compile(r"`([\w./-]+\.(?:scn|inc)):(\d+)`(?:\s*`([^`]+)`)?")
ROW = re.compile(r"^\| ([A-D]\d+) \|")
problems = []
rows = {}  # id -> (incident, status, refs)

incident = None
for n, line in enumerate(doc, 1):
    m = re.match(r"^## ([A-D])\. ", line)
    if m:
        incident = m.group(1)
        continue
    m = ROW.match(line)
    if not m:
        continue
    cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
    if len(cells) != 4:
        problems.append(f"seeds.md:{n}: {len(cells)} cells, want 4")
        continue
    rid, _, ref_cell, status_cell = cells
    if rid[0] != incident:
        problems.append(f"seeds.md:{n}: {rid} under incident {incident}")
    status = next((s for s in STATUSES if status_cell.startswith(s)), None)
    if not status:
        problems.append(f"seeds.md:{n}: {rid}: status '{status_cell[:30]}'")
        continue
    if rid in rows:
        problems.append(f"seeds.md:{n}: {rid} twice")
    refs = REF.findall(ref_cell)
    if status != "not modelled" and not refs:
        problems.append(f"seeds.md:{n}: {rid} is {status} but cites no line")
    if status == "not modelled" and status_cell == status:
        problems.append(f"seeds.md:{n}: {rid} is not modelled without a why")
    for f, ln, snippet in refs:
        path = f if "/" in f else os.path.join("fixtures/incidents", f)
        if not os.path.exists(path):
            problems.append(f"seeds.md:{n}: {rid}: no file {path}")
            continue
        lines = open(path, encoding="utf-8").read().split("\n")
        k = int(ln)
        if not 1 <= k <= len(lines):
            problems.append(f"seeds.md:{n}: {rid}: {f} has no line {k}")
            continue
        text = lines[k - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            problems.append(f"seeds.md:{n}: {rid}: {f}:{k} is not a step")
        if snippet and snippet not in text:
            problems.append(f"seeds.md:{n}: {rid}: {f}:{k} lacks '{snippet}'")
    rows[rid] = (incident, status, refs)

# Declared observables: each has a row citing a tagged line.
declared = {}  # id -> scenario
tagged = {}  # (file, line) -> set of ids
for path in sorted(glob.glob("fixtures/incidents/*.scn")):
    for k, text in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        m = re.match(r"^observable (\S+) ", text)
        if m:
            declared.setdefault(m.group(1), path)
        for t in re.findall(r"\b(?:obs|given)=([\w.,-]+)", text):
            tagged.setdefault((os.path.basename(path), k), set()).update(t.split(","))
for oid, path in declared.items():
    if oid not in rows:
        problems.append(f"{path}: observable {oid} has no row in seeds.md")
        continue
    refs = rows[oid][2]
    if not any(oid in tagged.get((os.path.basename(f), int(ln)), ()) for f, ln, _ in refs):
        problems.append(f"seeds.md: {oid}: no cited line is tagged obs={oid} or given={oid}")

# The profiles as shipped, scored on every declared observable.
scns = sorted({p for p in declared.values()})
p = subprocess.run([capisim, "hypotheses", "--json", *scns], capture_output=True, text=True)
if p.returncode not in (0, 1):
    problems.append(f"capisim hypotheses exited {p.returncode}: {p.stderr.strip()[:300]}")
else:
    d = json.loads(p.stdout)
    shipped = d["alternatives"][0]["id"]
    for o in d["observables"]:
        v = o["verdicts"][shipped]
        st = rows.get(o["id"], (None, None, None))[1]
        if st in ("reproduced", "hypothesis") and v != "explains":
            problems.append(f"{o['id']}: marked {st}, the shipped profiles say {v}")
        if st == "not modelled" and v == "explains":
            problems.append(f"{o['id']}: marked not modelled, yet explained")

# The counts table.
want = {}
for rid, (inc, st, _) in rows.items():
    want.setdefault(inc, {s: 0 for s in STATUSES})[st] += 1
text = "\n".join(doc)
m = re.search(r"<!-- seeds-table counts begin -->\n(.*?)<!-- seeds-table counts end -->", text, re.S)
if not m:
    problems.append("seeds.md: no counts table")
else:
    got = {}
    for line in m.group(1).split("\n"):
        c = re.match(r"^\| ([A-D]) \(.*?\) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", line)
        if c:
            got[c.group(1)] = tuple(int(x) for x in c.group(2, 3, 4, 5))
        c = re.match(r"^\| \*\*all\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|", line)
        if c:
            got["all"] = tuple(int(x) for x in c.groups())
    total = [0, 0, 0, 0]
    for inc in sorted(want):
        w = want[inc]
        t = (w["reproduced"], w["hypothesis"], w["not modelled"], sum(w.values()))
        total = [a + b for a, b in zip(total, t)]
        if got.get(inc) != t:
            problems.append(f"seeds.md counts {inc}: table {got.get(inc)}, rows {t}")
    if got.get("all") != tuple(total):
        problems.append(f"seeds.md counts all: table {got.get('all')}, rows {tuple(total)}")

print("1..1")
if problems:
    print("not ok 1 - docs/seeds.md against the scenarios")
    for x in problems:
        print("# " + x)
    sys.exit(1)
print(f"ok 1 - docs/seeds.md: {len(rows)} rows, {len(declared)} declared observables")
