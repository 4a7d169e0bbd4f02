#!/usr/bin/env python3
"""Layering guard (docs/architecture.md): each layer uses only the layers
below it.

    model <- trace
    model <- pki <- engine <- sim (+ trace) <- render <- compare
    pki <- fixtures;  sim <- bench
    all of them <- api (include/capisim/) <- cli

Three independent checks, all must pass:
  1. includes: every `#include "DIR/..."` of a layer's sources names a layer it
     may use, and third-party headers appear only where the layer owns them
     (model/ includes no OpenSSL, jansson or libgcab header at all); cli/
     includes nothing but include/capisim/ and its own headers;
  2. calls: every undefined symbol of a layer's static library (`nm -u`) that
     some layer defines is defined by that layer or one it may use - so a call
     up a layer fails even when it is declared locally or hidden in a macro;
     cli/ calls only what libcapisim exports (--exported LIST); and a layer
     calls a third-party library (OpenSSL, jansson, libgcab, libxml2) only
     where it owns the header (engine/ calls no OpenSSL);
  3. engine areas: inside engine/'s library, an area calls only the areas
     ENGINE_AREAS lists (the chain orchestrator calls revocation and
     auto-update; they call cryptnet; nothing calls back).
Prints TAP. Exit 0 when clean, 1 when a rule is broken.

usage: layers.py SRCDIR [--exported LIST] LAYER=LIB.a...
"""
import re
import signal
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
    "bench": {"model", "pki", "engine", "sim", "trace"},
    "api": {"model", "pki", "engine", "sim", "trace", "render", "compare",
            "fixtures", "bench"},
    # The program is a client of the public API: include/capisim/ only,
    # and of the library only what it exports.
    "cli": set(),
}
# Layers that see the library only through its exports (check 2).
PUBLIC_ONLY = {"cli"}
# Third-party headers, by the layers allowed to include them.
THIRD_PARTY = {
    "openssl/": {"pki", "render", "compare", "fixtures", "bench", "api"},
    "jansson.h": {"trace", "render", "compare", "bench", "api"},
    "libgcab.h": {"pki", "fixtures"},
    "libxml/": {"render", "compare"},  # render: the CAPI2 XML writer
    "microhttpd.h": {"compare"},  # the Wine runs' loopback proxy
}
# The same libraries' symbols (check 2): a layer that does not own the
# header calls none of them either.
THIRD_PARTY_SYMBOLS = {
    "openssl/": re.compile(r"^(?:X509|EVP|ASN1|OCSP|PKCS7|PEM|BIO|OBJ|ERR|"
                           r"CRYPTO|OPENSSL|BN|RSA|EC|SSL|d2i|i2d)_"),
    "jansson.h": re.compile(r"^json_"),
    "libgcab.h": re.compile(r"^gcab_"),
    "libxml/": re.compile(r"^xml[A-Z]"),
    "microhttpd.h": re.compile(r"^MHD_"),
}
# Sources that are not part of their folder's layer: the Windows probe is
# built with mingw-w64 against crypt32 alone.
EXEMPT = ("compare/probe/",)
# Commands not yet behind the public API (each with what it waits for).
# An entry here is a debt: the test prints it, and an entry whose file no
# longer breaks the rule fails the test, so the list only shrinks.
PENDING = {
    # "cli/cmd_x.c": "what it waits for",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def layer_of(rel: str):
    top = rel.split("/", 1)[0]
    return top if top in USES else None


def check_includes(src: Path):
    bad = []
    seen_pending = set()
    for path in sorted(src.rglob("*.[ch]")):
        rel = path.relative_to(src).as_posix()
        layer = layer_of(rel)
        if layer is None or rel.startswith(EXEMPT):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = []
        for m in INCLUDE.finditer(text):
            kind, name = m.group(1), m.group(2)
            lineno = text.count("\n", 0, m.start()) + 1
            if kind == '"':
                target = name.split("/", 1)[0]
                if "/" not in name or target == "capisim" or target == layer:
                    continue
                if layer in PUBLIC_ONLY or (target in USES and
                                            target not in USES[layer]):
                    found.append(f"{rel}:{lineno}: {layer}/ includes {name} "
                                 f"({target}/ is not below {layer}/)")
            else:
                for prefix, owners in THIRD_PARTY.items():
                    if name.startswith(prefix) and layer not in owners:
                        found.append(f"{rel}:{lineno}: {layer}/ includes "
                                     f"<{name}>")
        if rel in PENDING:
            seen_pending.add(rel)
            if not found:
                bad.append(f"{rel}: listed in PENDING but clean: remove it")
            continue
        bad += found
    for rel in sorted(set(PENDING) - seen_pending):
        bad.append(f"{rel}: listed in PENDING but not found")
    return bad


def nm(lib: str, *flags):
    out = subprocess.run(["nm", "--format=posix", *flags, lib],
                         capture_output=True, text=True, check=True).stdout
    return out.splitlines()


# Inside engine/ (check 3): the areas each may call, besides itself and the
# machine (engine/*.c). The chain orchestrator calls auto-update and
# revocation directly (docs/architecture.md, "Inside engine/"); nothing
# calls up into the chain but Schannel, and nothing calls back into it.
ENGINE_AREAS = {
    "cryptnet": set(),
    "revocation": {"cryptnet"},
    "autoupdate": {"cryptnet"},
    "chain": {"cryptnet", "revocation", "autoupdate"},
    "schannel": {"chain"},
}


def engine_area(member: str):
    """The area of an object of engine/'s archive (engine_chain_check.c.o),
    None for the machine's own files."""
    name = member.rsplit("/", 1)[-1]
    for area in ENGINE_AREAS:
        if name.startswith(f"engine_{area}_"):
            return area
    return None


def check_engine_areas(lib):
    if not lib:
        return ["no engine= library given"]
    defined, undefined, member = {}, [], ""
    for line in nm(lib):
        parts = line.split()
        if len(parts) == 1 and parts[0].endswith(":"):
            member = parts[0].rstrip(":]").split("[")[-1]
            continue
        if len(parts) < 2:
            continue
        sym, kind = parts[0], parts[1]
        if kind == "U":
            undefined.append((member, sym))
        elif kind in "TDBRCW":
            defined.setdefault(sym, member)
    bad = set()
    for member, sym in undefined:
        caller = engine_area(member)
        callee = engine_area(defined.get(sym, ""))
        if caller and callee and callee != caller and \
                callee not in ENGINE_AREAS[caller]:
            bad.add(f"engine/{caller}/ calls {sym} of engine/{callee}/")
    return sorted(bad)


def check_calls(libs, exported):
    defined = {}  # symbol -> layer
    undefined = {}  # layer -> set of symbols
    pending_objs = tuple(Path(p).name + ".o" for p in PENDING)
    for layer, lib in libs.items():
        undefined[layer] = set()
        member = ""
        for line in nm(lib):
            parts = line.split()
            if len(parts) == 1 and parts[0].endswith(":"):
                member = parts[0].rstrip(":]")  # lib.a[obj.o]:
                continue
            if len(parts) < 2:
                continue
            sym, kind = parts[0], parts[1]
            if kind == "U":
                if not (layer in PUBLIC_ONLY and
                        member.endswith(pending_objs)):
                    undefined[layer].add(sym)
            elif kind in "TDBRCW":
                defined.setdefault(sym, layer)
    bad = []
    for layer, syms in undefined.items():
        for sym in sorted(syms):
            owner = defined.get(sym)
            for header, pattern in THIRD_PARTY_SYMBOLS.items():
                if (not owner and pattern.match(sym) and
                        layer not in THIRD_PARTY[header]):
                    bad.append(f"{layer}/ calls {sym} ({header} is not "
                               f"{layer}/'s)")
            if not owner or owner == layer:
                continue
            if layer in PUBLIC_ONLY:
                if exported is not None and sym not in exported:
                    bad.append(f"{layer}/ calls {sym}, which libcapisim "
                               f"does not export ({owner}/)")
            elif owner not in USES[layer]:
                bad.append(f"{layer}/ calls {sym}, defined in {owner}/")
    return bad


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[1])
    rest = argv[2:]
    exported = None
    if rest[:1] == ["--exported"]:
        exported = set(Path(rest[1]).read_text().split())
        rest = rest[2:]
    libs = dict(a.split("=", 1) for a in rest)
    unknown = set(libs) - set(USES)
    if unknown:
        print(f"layers.py: unknown layer(s) {sorted(unknown)}", file=sys.stderr)
        return 2
    checks = [("includes go down the layers only", check_includes(src)),
              ("calls go down the layers only",
               check_calls(libs, exported)),
              ("engine areas call as docs/architecture.md draws",
               check_engine_areas(libs.get("engine")))]
    print(f"1..{len(checks)}")
    rc = 0
    for i, (name, bad) in enumerate(checks, 1):
        print(f"{'ok' if not bad else 'not ok'} {i} - {name}")
        for line in bad:
            print(f"# {line}")
        rc |= bool(bad)
    for rel, why in sorted(PENDING.items()):
        print(f"# pending: {rel}: {why}")
    return rc


if __name__ == "__main__":
    # piped into head: stop quietly, as a Unix filter does
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv))
