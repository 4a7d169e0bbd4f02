#!/usr/bin/env python3
"""capisim explain over every scenario of the repository, read as a student
would: every sentence must be a sentence (no raw rule id where words should
be, no placeholder left unfilled) and no two statements of one result may
contradict each other or what the run did before.

Fails on:
  - a raw rule id in a sentence (a word that is one of the run's rule ids,
    outside the [rule; source] line that names it);
  - a placeholder: a lone "?", "%s"/"%d", "{field}", "(null)";
  - in one result: a URL said to be both "no cached copy" and used from a
    cache; a cached chain "reused" and also "not used" or "built afresh";
  - "no cached copy" of a URL that the same account downloaded earlier in
    the run (a cached copy it still holds, unless it deleted its cache):
    the copy exists, it expired - the sentence must say so.

Scenarios: fixtures/incidents, tests/**, examples/** (*.scn), except the
deliberately bad inputs (folders named bad/). TAP output.
usage: explain_check.py CAPISIM SOURCE_ROOT
"""
import os
import re
import subprocess
import sys

capisim, root = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(root)

scenarios = []
for top in ("fixtures/incidents", "tests", "examples"):
    for d, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if x != "bad")
        scenarios += [os.path.join(d, f) for f in sorted(files) if f.endswith(".scn")]

PLACEHOLDER = re.compile(r"(^|[\s(])\?($|[\s.,;:)])|%[sdux]\b|\{[a-z_]+\}|\(null\)")
HEAD = re.compile(r"^line \d+(?: of \S+)?, \S+, as (\S+)$")
BRACKET = re.compile(r"^\s+\[([a-z0-9_.]+); ")
SENTENCE = re.compile(r"^\s+\d+\. (.*)$")
NO_COPY = re.compile(r"No cached copy of (\S+) ")
TAKEN = re.compile(r"^(\S+) was taken from the \w+ URL cache")
DOWNLOADED = re.compile(r"^(\S+) was downloaded")
CACHED_ITEM = re.compile(r"^\s+- (\S+): (disk URL cache|in-memory) copy")


def blocks(text):
    """The result blocks of an explanation: (account, lines)."""
    out, cur, acct = [], [], None
    for line in text.split("\n"):
        m = HEAD.match(line)
        if m:
            if cur:
                out.append((acct, cur))
            cur, acct = [line], m.group(1)
        elif cur:
            cur.append(line)
    if cur:
        out.append((acct, cur))
    return out


def check(path):
    p = subprocess.run([capisim, "explain", path], capture_output=True, text=True)
    if p.returncode != 0:
        return [f"capisim explain exited {p.returncode}: {p.stderr.strip()[:300]}"]
    problems = []
    ids = set(BRACKET.findall(p.stdout)) | set(re.findall(r"\[([a-z0-9_.]+); ", p.stdout))
    downloaded = {}  # (account, url) -> the head of the result that downloaded it
    for acct, lines in blocks(p.stdout):
        head = lines[0]
        absent, used, chain = set(), set(), set()
        for line in lines:
            text = line
            m = SENTENCE.match(line)
            is_sentence = bool(m)
            if m:
                text = m.group(1)
            if BRACKET.match(line):
                continue
            if is_sentence or line.startswith("    - ") or line.startswith("  result"):
                if PLACEHOLDER.search(text):
                    problems.append(f"{head}: placeholder in: {text.strip()}")
                for word in re.findall(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+", text):
                    if word in ids:
                        problems.append(f"{head}: raw rule id {word} in: {text.strip()}")
            if not is_sentence:
                c = CACHED_ITEM.match(line)
                if c:
                    used.add(c.group(1))
                continue
            n = NO_COPY.search(text)
            if n:
                absent.add(n.group(1))
                d = downloaded.get((acct, n.group(1)))
                if d:
                    problems.append(
                        f"{head}: 'no cached copy' of {n.group(1)}, which {acct} "
                        f"downloaded at {d} and did not delete: the copy expired")
            t = TAKEN.match(text)
            if t:
                used.add(t.group(1))
            d = DOWNLOADED.match(text)
            if d:
                downloaded[(acct, d.group(1))] = head.split(",")[0]
            if "certutil cleared only the URL cache" in text:
                for key in [k for k in downloaded if k[0] == acct]:
                    del downloaded[key]
            if "reused a chain" in text:
                chain.add("reused")
            if "built afresh" in text or "was not used" in text:
                chain.add("not used")
        for url in sorted(absent & used):
            problems.append(f"{head}: {url} is both 'no cached copy' and used from a cache")
        if len(chain) > 1:
            problems.append(f"{head}: the cached chain is both reused and not used")
    return problems


print(f"1..{len(scenarios)}")
failed = 0
for i, s in enumerate(scenarios, 1):
    problems = check(s)
    print(f"{'not ok' if problems else 'ok'} {i} - explain {s}")
    for pr in problems[:25]:
        print(f"# {pr}")
    if len(problems) > 25:
        print(f"# ... and {len(problems) - 25} more")
    failed += bool(problems)
sys.exit(1 if failed else 0)
