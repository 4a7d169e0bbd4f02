#!/usr/bin/env python3
"""The layers check must catch what it is for: a tree of small sources in a
temporary folder, each breaking (or keeping) one rule, through the include
check of tests/layers.py. Prints TAP.

usage: layers_selftest.py LAYERS.py
"""
import importlib.util
import sys
import tempfile
from pathlib import Path


def load(path):
    spec = importlib.util.spec_from_file_location("layers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def tree(files):
    d = tempfile.TemporaryDirectory()
    for rel, text in files.items():
        p = Path(d.name) / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return d


CASES = [
    # (name, files, pending, expected number of complaints)
    ("cli/ including the public API and its own headers is clean",
     {"cli/a.c": '#include "capisim/run.h"\n#include "cli.h"\n'
                 '#include "cli/cli.h"\n#include <stdio.h>\n'}, {}, 0),
    ("cli/ including an engine header fails",
     {"cli/a.c": '#include "engine/machine.h"\n'}, {}, 1),
    ("cli/ including a render header fails",
     {"cli/a.c": '#include "capisim/run.h"\n#include "render/timeline.h"\n'},
     {}, 1),
    ("cli/ including jansson fails",
     {"cli/a.c": '#include <jansson.h>\n'}, {}, 1),
    ("cli/ including OpenSSL fails",
     {"cli/a.c": '#include <openssl/x509.h>\n'}, {}, 1),
    ("a cli/ header including sim/ fails",
     {"cli/a.h": '#include "sim/scenario/scenario.h"\n'}, {}, 1),
    ("api/ may include every layer below it",
     {"api/a.c": '#include "engine/machine.h"\n#include "render/timeline.h"\n'
                 '#include "compare/diff.h"\n#include <jansson.h>\n'}, {}, 0),
    ("engine/ including sim/ fails",
     {"engine/a.c": '#include "sim/scenario/scenario.h"\n'}, {}, 1),
    ("a PENDING file may include internals",
     {"cli/a.c": '#include "engine/machine.h"\n'}, {"cli/a.c": "why"}, 0),
    ("a PENDING file that no longer needs it fails",
     {"cli/a.c": '#include "capisim/run.h"\n'}, {"cli/a.c": "why"}, 1),
    ("a PENDING file that does not exist fails",
     {"cli/a.c": '#include "capisim/run.h"\n'}, {"cli/gone.c": "why"}, 1),
]


def main(argv):
    layers = load(argv[1])
    print(f"1..{len(CASES)}")
    rc = 0
    for i, (name, files, pending, want) in enumerate(CASES, 1):
        layers.PENDING = pending
        with tree(files) as d:
            bad = layers.check_includes(Path(d))
        ok = len(bad) == want
        rc |= not ok
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok:
            print(f"# expected {want} complaint(s), got {len(bad)}:")
            for line in bad:
                print(f"#   {line}")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
