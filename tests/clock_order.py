#!/usr/bin/env python3
"""One writer of the world clock, and time never goes backwards.

  1. writer (source): no code outside model/world.c assigns the world's
     clock (`w.now`, `w->now`, `m->w.now`, ... followed by =, +=, -=, ++,
     --); cs_world_set_clock in model/world.c is the only setter.
  2. writer (symbols): among the build's object files (tests/ excepted: a
     unit test stands in for the runner when it drives a machine by hand),
     only sim/scenario/agenda.c's references cs_world_set_clock.
  3. goldens: in every golden trace of the repository (*.trace.jsonl) the
     observations' times never decrease.
  4. random runs: scenarios drawn by a seeded generator (CryptSvc syncs,
     reboots, service restarts, `advance`, `at` and `every` with chain
     builds that fetch CRLs) run with exit 0 or 1 and their traces' times
     never decrease; the draws must make the timers record something
     during `advance` and between steps, so the check is not vacuous.
Prints TAP. usage: clock_order.py SRCDIR BUILDDIR CAPISIM [COUNT] [SEED]
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

WRITE = re.compile(
    r"(?:\bw|->w|\.w)\s*(?:\.|->)\s*now\s*(?:=(?!=)|\+=|-=|\+\+|--)"
    r"|(?:\+\+|--)\s*[\w>.-]*\bw\s*(?:\.|->)\s*now\b")
LAYERS = ("model", "pki", "engine", "sim", "render", "compare", "cli",
          "bench", "fixtures", "trace", "fuzz")
SETTER = "cs_world_set_clock"


def check_source(src: Path):
    bad = []
    for top in LAYERS:
        for path in sorted((src / top).rglob("*.[ch]")):
            rel = path.relative_to(src).as_posix()
            if rel == "model/world.c":
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in WRITE.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                bad.append(f"{rel}:{line}: writes the world clock "
                           f"(only the agenda moves it: {SETTER})")
    return bad


def check_symbols(build: Path):
    callers = []
    for obj in sorted(build.rglob("*.o")):
        rel = obj.relative_to(build).as_posix()
        if "/tests_" in "/" + rel or rel.startswith("tests/"):
            continue
        out = subprocess.run(["nm", "-u", str(obj)], capture_output=True,
                             text=True).stdout
        if re.search(rf"\bU {SETTER}\b", out):
            callers.append(rel)
    allowed = [c for c in callers if c.endswith("sim_scenario_agenda.c.o")]
    bad = [f"{c}: calls {SETTER} (only sim/scenario/agenda.c may)"
           for c in callers if c not in allowed]
    if not allowed:
        bad.append(f"no object file of sim/scenario/agenda.c calls {SETTER}"
                   " (is BUILDDIR right?)")
    return bad


ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,7}))?Z$")


def ticks(s):
    m = ISO.match(s)
    if not m:
        raise ValueError(f"not a trace time: {s!r}")
    y, mo, d, h, mi, se = (int(x) for x in m.groups()[:6])
    # days since 1601-01-01 (proleptic Gregorian), as the trace's UTC
    import datetime
    days = (datetime.date(y, mo, d) - datetime.date(1601, 1, 1)).days
    frac = int((m.group(7) or "").ljust(7, "0"))
    return ((days * 24 + h) * 60 + mi) * 60 * 10**7 + se * 10**7 + frac


def backwards(lines, name):
    last = None
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        t = ticks(json.loads(line)["t"])
        if last is not None and t < last:
            return f"{name}:{i}: time goes backwards"
        last = t
    return None


def check_goldens(src: Path):
    bad, n = [], 0
    for path in sorted(src.rglob("*.trace.jsonl")):
        rel = path.relative_to(src).as_posix()
        if rel.startswith("build"):
            continue
        n += 1
        err = backwards(path.read_text().splitlines(), rel)
        if err:
            bad.append(err)
    if n == 0:
        bad.append("no golden trace found")
    return bad, n


D = "incident-d-2023"
CAB = ("http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/"
       "en/disallowedcertstl.cab")
KEY = r"HKLM\SOFTWARE\Microsoft\SystemCertificates\AuthRoot\AutoUpdate"
VERIFY = ("verify {f}/{d}/leaf.crt revocation=chain policy=ssl "
          "server=fe2cr.update.microsoft.com")


def fmt(t):
    """Minutes since the start -> scenario time text."""
    import datetime
    base = datetime.datetime(2023, 3, 15)
    return (base + datetime.timedelta(minutes=t)).strftime("%Y-%m-%dT%H:%M:%SZ")


def scenario(rng, fixtures):
    f, now = fixtures, 0
    lines = [
        "title random clock-order scenario",
        f"profile {rng.choice(['win10-22h2', 'win7-sp1-kb2666300', 'server-2008r2-kb2666300'])}",
        f"start {fmt(0)}",
        f"seed {rng.randrange(1, 1 << 32)}",
        f"store machine Root add {f}/{D}/product-root.crt",
        f"store machine CA add {f}/{D}/update-ca.crt",
        "serve http://www.microsoft.com/pkiops/crl/Microsoft%20ECC%20Product"
        f"%20Root%20Certificate%20Authority%202018.crl {f}/{D}/crl/product-root.crl",
        "serve http://www.microsoft.com/pkiops/crl/Microsoft%20ECC%20Update"
        f"%20Secure%20Server%20CA%202.1.crl {f}/{D}/crl/update-ca.crl",
        f"serve http://oneocsp.microsoft.com/ocsp {f}/{D}/ocsp/leaf-good.ocsp",
        f"serve {CAB} {f}/{D}/disallowedcertstl.cab",
        "service CryptSvc start",
    ]
    for _ in range(rng.randrange(8, 25)):
        k = rng.randrange(10)
        if k == 0:
            lines.append(f"advance {rng.randrange(1, 40)}h")
        elif k == 1:
            now += rng.randrange(1, 3000)
            lines.append(f"at {fmt(now)}")
        elif k == 2:
            lines.append("reboot")
        elif k == 3:
            lines.append(rng.choice(["restart service CryptSvc",
                                     "service CryptSvc stop",
                                     "service CryptSvc start",
                                     "service CryptSvc sync", "iisreset"]))
        elif k == 4:
            lines.append(f"reg {rng.choice(['deny', 'allow'])} CryptSvc {KEY}")
        elif k == 5:
            until = now + rng.randrange(30, 2000)
            lines.append(f"every {rng.randrange(5, 120)}m until {fmt(until)} "
                         + VERIFY.format(f=f, d=D))
            now = until
        elif k == 6:
            lines.append(f"as {rng.choice(['SYSTEM', 'Administrator'])}")
        else:
            lines.append(VERIFY.format(f=f, d=D))
        if lines[-1].startswith("advance"):
            now += int(lines[-1].split()[1][:-1]) * 60
    return "\n".join(lines) + "\n"


def check_random(src: Path, capisim: str, count: int, seed: int):
    rng = random.Random(seed)
    bad, timed = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            text = scenario(rng, (src / "fixtures" / "data").resolve())
            path = Path(tmp) / f"random-{seed}-{i}.scn"
            path.write_text(text)
            r = subprocess.run([capisim, "run", "--json", str(path)],
                               capture_output=True, text=True)
            if r.returncode not in (0, 1):
                bad.append(f"{path.name}: exit {r.returncode}: "
                           f"{r.stderr.strip()[:300]}\n{text}")
                continue
            lines = r.stdout.splitlines()
            err = backwards(lines, path.name)
            if err:
                bad.append(err + "\n" + text)
            steps = {}
            for line in lines:
                o = json.loads(line)
                if o["kind"] == "step":
                    steps[o["step"]] = o["t"]
                elif (o.get("account") == "NetworkService" and
                      o["kind"] == "autoupdate" and
                      steps.get(o.get("step")) not in (None, o["t"])):
                    timed += 1  # a sync at its own instant, not a step's
    if not bad and timed == 0:
        bad.append("the random scenarios never ran a timer between steps: "
                   "the check proves nothing")
    return bad, timed


def main():
    src, build, capisim = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1601
    results = []
    results.append(("one writer of the clock in the sources",
                    check_source(src)))
    results.append((f"only the agenda calls {SETTER}", check_symbols(build)))
    bad, n = check_goldens(src)
    results.append((f"time never goes backwards in the {n} golden traces",
                    bad))
    bad, timed = check_random(src, capisim, count, seed)
    results.append((f"time never goes backwards in {count} random scenarios "
                    f"(seed {seed}; {timed} timer observations)", bad))
    print(f"1..{len(results)}")
    failed = 0
    for i, (name, bad) in enumerate(results, 1):
        print(f"{'ok' if not bad else 'not ok'} {i} - {name}")
        for b in bad:
            print("# " + b.replace("\n", "\n# "))
        failed += bool(bad)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
