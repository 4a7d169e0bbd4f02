#!/usr/bin/env python3
"""docs/rules.md from the rule registry (model/rules.def).

The registry is the one place a rule is defined: its id, area, the
sentence `capisim explain` renders and its source. This script writes the
list a reader browses; tests/rules_registry.py fails when docs/rules.md is
not what it would write.

usage: scripts/rules_doc.py            rewrite docs/rules.md
       scripts/rules_doc.py --stdout   print it instead
"""
import re
import sys
from pathlib import Path

ROW = re.compile(r'^RULE\((\w+), ("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*"), '
                 r'("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*")\)$')


def c_string(lit):
    """The value of a C string literal (only \\\\ and \\" occur here)."""
    return re.sub(r'\\(.)', r'\1', lit[1:-1])


def parse(path):
    """The rows of rules.def as dicts, with their line numbers; raises
    ValueError on a line that is neither a comment nor a row."""
    rows, in_comment = [], False
    for n, line in enumerate(Path(path).read_text(encoding="utf-8")
                             .split("\n"), 1):
        s = line.strip()
        if in_comment:
            in_comment = "*/" not in s
            continue
        if s.startswith("/*"):
            in_comment = "*/" not in s
            continue
        if not s:
            continue
        m = ROW.match(s)
        if not m:
            raise ValueError(f"{path}:{n}: not a RULE(...) row: {s[:60]}")
        sym, rid, area, sentence, source = m.groups()
        rows.append({"line": n, "symbol": sym, "id": c_string(rid),
                     "area": c_string(area),
                     "sentence": c_string(sentence),
                     "source": c_string(source)})
    return rows


def markdown(rows):
    out = ["# Rules",
           "",
           "Every rule id a trace can carry, with the sentence "
           "`capisim explain` renders",
           "for it and the source that says so. Generated from "
           "`model/rules.def` by",
           "`scripts/rules_doc.py`; edit the registry, not this file. "
           "In a sentence, `{field}`",
           "is the observation's field and `[...]` a part left out "
           "when a field in it is",
           "absent (docs/trace-format.md).",
           ""]
    area = None
    for i, r in enumerate(rows):
        if r["area"] != area:
            area = r["area"]
            out += [f"## {area}", "",
                    "| id | sentence | source |", "|---|---|---|"]
        cells = [f"`{r['id']}`", r["sentence"], r["source"]]
        cells = [c.replace("|", "\\|") for c in cells]
        out.append("| " + " | ".join(cells) + " |")
        if i + 1 == len(rows) or rows[i + 1]["area"] != area:
            out.append("")
    return "\n".join(out)


def main():
    root = Path(__file__).resolve().parent.parent
    text = markdown(parse(root / "model" / "rules.def"))
    if sys.argv[1:] == ["--stdout"]:
        sys.stdout.write(text)
    else:
        (root / "docs" / "rules.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
