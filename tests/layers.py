#!/usr/bin/env python3
"""Layering guard (docs/architecture.md): each layer uses only the layers
below it.

    model <- trace
    model <- pki <- engine <- sim (+ trace) <- render <- compare <- cli

Two independent checks, both must pass:
  1. includes: every `#include "DIR/..."` of a layer's sources names a layer it
     may use, and third-party headers appear only where the layer owns them
     (model/ includes no OpenSSL, jansson or libgcab header at all);
  2. calls: every undefined symbol of a layer's static library (`nm -u`) that
     some layer defines is defined by that layer or one it may use - so a call
     up a layer fails even when it is declared locally or hidden in a macro.
Prints TAP. Exit 0 when clean, 1 when a rule is broken.

usage: layers.py SRCDIR LAYER=LIB.a...
"""
import re
import subprocess
import sys
from pathlib import Path

# What each layer may include or call, besides itself and include/capisim/.
USES = {
    "model": set(),
    "trace": {"model"},
    "pki": {"model"},
    "engine": {"model", "pki"},
    "sim": {"model", "pki", "engine", "trace"},
    "render": {"model", "pki", "engine", "sim", "trace"},
    "compare": {"model", "pki", "engine", "sim", "trace", "render"},
    "fixtures": {"model", "pki"},
    "bench": {"model", "pki", "engine", "sim", "trace", "fixtures"},
    "cli": {"model", "pki", "engine", "sim", "trace", "render", "compare",
            "fixtures", "bench"},
}
# Third-party headers, by the layers allowed to include them.
THIRD_PARTY = {
    "openssl/": {"pki", "engine", "render", "compare", "fixtures", "bench", "cli"},
    "jansson.h": {"trace", "render", "compare", "cli"},
    "libgcab.h": {"pki", "fixtures"},
    "libxml/": {"render", "compare"},  # render: the CAPI2 XML writer
}
# Sources that are not part of their folder's layer: the Windows probe is
# built with mingw-w64 against crypt32 alone.
EXEMPT = ("compare/probe/",)

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def layer_of(rel: str):
    top = rel.split("/", 1)[0]
    return top if top in USES else None


def check_includes(src: Path):
    bad = []
    for path in sorted(src.rglob("*.[ch]")):
        rel = path.relative_to(src).as_posix()
        layer = layer_of(rel)
        if layer is None or rel.startswith(EXEMPT):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in INCLUDE.finditer(text):
            kind, name = m.group(1), m.group(2)
            lineno = text.count("\n", 0, m.start()) + 1
            if kind == '"':
                target = name.split("/", 1)[0]
                if "/" not in name or target == "capisim" or target == layer:
                    continue
                if target in USES and target not in USES[layer]:
                    bad.append(f"{rel}:{lineno}: {layer}/ includes {name} "
                               f"({target}/ is not below {layer}/)")
            else:
                for prefix, owners in THIRD_PARTY.items():
                    if name.startswith(prefix) and layer not in owners:
                        bad.append(f"{rel}:{lineno}: {layer}/ includes <{name}>")
    return bad


def nm(lib: str, *flags):
    out = subprocess.run(["nm", "--format=posix", *flags, lib],
                         capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def check_calls(libs):
    defined = {}  # symbol -> layer
    undefined = {}  # layer -> set of symbols
    for layer, lib in libs.items():
        undefined[layer] = set()
        for line in nm(lib):
            parts = line.split()
            if len(parts) < 2 or parts[0].endswith(":"):
                continue
            sym, kind = parts[0], parts[1]
            if kind == "U":
                undefined[layer].add(sym)
            elif kind in "TDBRCW":
                defined.setdefault(sym, layer)
    bad = []
    for layer, syms in undefined.items():
        for sym in sorted(syms):
            owner = defined.get(sym)
            if owner and owner != layer and owner not in USES[layer]:
                bad.append(f"{layer}/ calls {sym}, defined in {owner}/")
    return bad


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[1])
    libs = dict(a.split("=", 1) for a in argv[2:])
    unknown = set(libs) - set(USES)
    if unknown:
        print(f"layers.py: unknown layer(s) {sorted(unknown)}", file=sys.stderr)
        return 2
    checks = [("includes go down the layers only", check_includes(src)),
              ("calls go down the layers only", check_calls(libs))]
    print(f"1..{len(checks)}")
    rc = 0
    for i, (name, bad) in enumerate(checks, 1):
        print(f"{'ok' if not bad else 'not ok'} {i} - {name}")
        for line in bad:
            print(f"# {line}")
        rc |= bool(bad)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
