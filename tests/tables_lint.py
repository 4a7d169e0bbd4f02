#!/usr/bin/env python3
"""Names and values come from one table each (docs/architecture.md,
"Tables").

  1. no HRESULT literal (0x800B...., 0x8009...., 0x8007....) in code outside
     model/hresult.h: code names CS_CERT_E_EXPIRED etc. Comments and strings
     (texts quoting a code) are not code. tests/, fixtures/ and fuzz/ are
     exempt (their expected values come from Windows, not the table), and
     so is compare/probe/ (the Windows program reads winerror.h itself).
  2. no registry path literal ("HKLM\\SOFTWARE...", "HKLM\\SYSTEM...",
     "HKCU\\SOFTWARE...") in model/, engine/ or sim/ code outside
     model/registry_names.h: code names CS_REG_KEY(AU) etc.
Prints TAP with file:line. usage: tables_lint.py SRCDIR
"""
import re
import sys
from pathlib import Path
from c_source import strip

HRESULT = re.compile(r"\b0[xX]80(?:0[bB]|09|07)[0-9A-Fa-f]{4}[uU]?\b")
REGPATH = re.compile(r'"HK(?:LM|CU)\\\\(?:SOFTWARE|SYSTEM)')
CODE_DIRS = ("model", "trace", "pki", "engine", "sim", "render", "compare",
             "cli", "bench")
EXEMPT = ("compare/probe/",)


def main():
    src = Path(sys.argv[1])
    hres, regs = [], []
    for top in CODE_DIRS:
        for path in sorted((src / top).rglob("*.[ch]")):
            rel = path.relative_to(src).as_posix()
            if rel.startswith(EXEMPT):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if rel != "model/hresult.h":
                code = strip(text)
                for m in HRESULT.finditer(code):
                    line = code.count("\n", 0, m.start()) + 1
                    hres.append(f"{rel}:{line}: HRESULT literal {m.group(0)}"
                                " (name it from model/hresult.h)")
            if top in ("model", "engine", "sim") and \
                    rel != "model/registry_names.h":
                code = strip(text, keep_strings=True)
                for m in REGPATH.finditer(code):
                    line = code.count("\n", 0, m.start()) + 1
                    regs.append(f"{rel}:{line}: registry path literal "
                                "(name it from model/registry_names.h)")
    checks = [("HRESULTs come from model/hresult.h", hres),
              ("registry paths come from model/registry_names.h", regs)]
    print(f"1..{len(checks)}")
    for i, (name, bad) in enumerate(checks, 1):
        print(f"{'ok' if not bad else 'not ok'} {i} - {name}")
        for b in bad:
            print("# " + b)
    return 1 if any(bad for _, bad in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
