#!/usr/bin/env python3
"""Determinism guard: model/, pki/, engine/, sim/ and trace/ must not read the wall clock,
the time zone, the locale, the environment or an unseeded random source.

Two independent checks, both must pass:
  1. source scan: identifiers called in the C sources (comments and string
     literals removed first);
  2. link scan: undefined symbols of the library's object files (`nm -u`), which
     also catches calls hidden behind macros.
Prints TAP. Exit 0 when clean, 1 when a forbidden call is found.

usage: forbidden_calls.py [--lib LIB.a]... DIR...
"""
import re
import subprocess
import sys
from pathlib import Path

FORBIDDEN = {
    # wall clock and host time zone
    "time", "gettimeofday", "clock_gettime", "clock", "ftime", "timespec_get",
    "localtime", "localtime_r", "mktime", "timelocal", "tzset", "strftime",
    # OpenSSL calls that read the current time when given none
    "X509_cmp_current_time", "X509_gmtime_adj", "X509_time_adj", "X509_time_adj_ex",
    # locale and environment
    "setlocale", "uselocale", "newlocale", "getenv", "secure_getenv",
    # unseeded randomness
    "rand", "srand", "rand_r", "random", "srandom", "drand48", "lrand48",
    "arc4random", "getrandom", "getentropy", "RAND_bytes", "RAND_priv_bytes",
    "RAND_pseudo_bytes",
}

COMMENT_OR_STRING = re.compile(
    r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
CALL = re.compile(r'\b([A-Za-z_][A-Za-z0-9_]*)\s*\(')


def strip(src: str) -> str:
    # Keep newlines so line numbers stay right.
    return COMMENT_OR_STRING.sub(lambda m: "\n" * m.group(0).count("\n"), src)


def scan_sources(dirs):
    hits = []
    for d in dirs:
        for path in sorted(Path(d).rglob("*.[ch]")):
            text = strip(path.read_text(encoding="utf-8", errors="replace"))
            for lineno, line in enumerate(text.splitlines(), 1):
                for m in CALL.finditer(line):
                    if m.group(1) in FORBIDDEN:
                        hits.append(f"{path}:{lineno}: calls {m.group(1)}()")
    return hits


def scan_library(lib):
    out = subprocess.run(["nm", "-u", "-A", lib], capture_output=True,
                         text=True, check=True).stdout
    hits = []
    for line in out.splitlines():
        parts = line.split()
        sym = parts[-1].split("@")[0]
        if sym in FORBIDDEN:
            hits.append(f"{parts[0]} references {sym}")
    return hits


def main(argv):
    libs = []
    while len(argv) > 1 and argv[0] == "--lib":
        libs.append(argv[1])
        argv = argv[2:]
    checks = [("source scan of " + " ".join(argv), scan_sources(argv))]
    for lib in libs:
        checks.append(("link scan of " + Path(lib).name, scan_library(lib)))
    print(f"1..{len(checks)}")
    failed = 0
    for i, (name, hits) in enumerate(checks, 1):
        print(f"{'not ok' if hits else 'ok'} {i} - {name}")
        for h in hits:
            print(f"# {h}")
        failed += bool(hits)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
