#!/usr/bin/env python3
"""Statuses propagate unchanged (docs/architecture.md, "Statuses").

Comments and strings aside:
  1. every allocation goes through model/alloc.h (cs_malloc, cs_calloc,
     cs_realloc, cs_strdup, cs_strndup): no malloc, calloc, realloc, strdup
     or strndup call outside model/alloc.c - over the library layers
     (model/ trace/ pki/ engine/ sim/), api/ and bench/;
  2. CS_ERR_NOMEM is born only in the allocator (model/alloc.c) and at the
     boundaries with code that allocates on its own: jansson
     (trace/jsonl.h), libc's memory streams and libxml2 (trace/nomem.h).
     Nowhere else is it returned, assigned or passed (comparing a status
     with it is reading, allowed);
  3. no failed status is rewritten: `if (X != CS_OK) return CS_ERR_...;`
     (or `st = CS_ERR_...;`) is rejected - forward X's status (CS_GUARD).
Rules 2 and 3 cover the whole library and program: the library layers and
render/ compare/ api/ fixtures/ bench/ cli/. compare/probe/ is left out of
all three: it is a Windows program (mingw-w64), not linked with the
library.
Prints TAP with file:line for each violation. usage: status_lint.py SRCDIR
"""
import re
import sys
from pathlib import Path
from c_source import strip

LIBRARY = ("model", "trace", "pki", "engine", "sim")
RAW_ALLOC_LAYERS = LIBRARY + ("api", "bench")
STATUS_LAYERS = LIBRARY + ("render", "compare", "api", "fixtures", "bench",
                           "cli")
EXCLUDED = ("compare/probe/",)
RAW_ALLOC = re.compile(r"(?<![\w.>])(malloc|calloc|realloc|strdup|strndup)\s*\(")
NOMEM = re.compile(r"\bCS_ERR_NOMEM\b")
REWRITE = re.compile(r"!=\s*CS_OK\s*\)\s*\{?\s*(?:return\s+|[\w>.\-\[\]]+\s*=\s*)"
                     r"CS_ERR_\w+")
NOMEM_BIRTH = {"model/alloc.c", "model/alloc.h", "trace/jsonl.h",
               "trace/nomem.h"}


def lineno(text, pos):
    return text.count("\n", 0, pos) + 1


def main():
    src = Path(sys.argv[1])
    raw, nomem, rewrite = [], [], []
    for layer in STATUS_LAYERS:
        for path in sorted((src / layer).rglob("*.[ch]")):
            rel = path.relative_to(src).as_posix()
            if rel.startswith(EXCLUDED):
                continue
            s = strip(path.read_text(encoding="utf-8", errors="replace"))
            if layer in RAW_ALLOC_LAYERS and rel != "model/alloc.c":
                for m in RAW_ALLOC.finditer(s):
                    raw.append(f"{rel}:{lineno(s, m.start())}: "
                               f"{m.group(1)}() outside model/alloc.c "
                               f"(use cs_{m.group(1)})")
            if rel not in NOMEM_BIRTH:
                for m in NOMEM.finditer(s):
                    before = s[max(0, m.start() - 4):m.start()]
                    after = s[m.end():m.end() + 4]
                    if "==" in before or "!=" in before or \
                            after.lstrip().startswith(("==", "!=")):
                        continue
                    nomem.append(f"{rel}:{lineno(s, m.start())}: writes "
                                 "CS_ERR_NOMEM (born only in the allocator: "
                                 "CS_GUARD_ALLOC / cs_alloc_failed)")
            for m in REWRITE.finditer(s):
                rewrite.append(f"{rel}:{lineno(s, m.start())}: rewrites a "
                               "failed status (forward it: CS_GUARD)")
    checks = [("allocations go through model/alloc.h", raw),
              ("CS_ERR_NOMEM is born only in the allocator", nomem),
              ("failed statuses are forwarded, never rewritten", rewrite)]
    print(f"1..{len(checks)}")
    for i, (name, bad) in enumerate(checks, 1):
        print(f"{'ok' if not bad else 'not ok'} {i} - {name}")
        for b in bad:
            print("# " + b)
    return 1 if any(bad for _, bad in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
