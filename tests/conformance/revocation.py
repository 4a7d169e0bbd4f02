#!/usr/bin/env python3
"""conformance-revocation: Wine's revocation, CRL, CTL, URL and time-validity
tests (../shared/winetests/revocation, read at run time, never copied here)
on every profile of the model and, through the probe, in Wine 8
(docs/conformance.md, "Revocation").

Each case is one call line (revocation_cases.call_words); the model plays
the whole batch per profile (`capisim call --profile P --batch`), Wine 8
plays it in one probe process (`capisim compare wine --plan --wine-only`).
The Windows rows are judged by the case's own ok() conditions (its answers
are real Windows'); the wine-8 row must give what Wine 8 gave, on every
value the conditions read of Wine's answer.

A case the test reaches only behind a gate (a win_skip when an earlier call
fails: file:// URLs before Vista) is "not reached" on a row where the gate
call fails; its recorded answers are the older Windows' (windows_truth), so
on the newer rows Windows' own behaviour is that the test stops there, and
a row that stops there matches it.

TAP on stdout: the expressible count, win7-sp1, win10-22h2, win11, wine-8
against Wine 8; every profile's counts and mismatching ids as comments.
A skip ("1..0 # SKIP") when the corpus folder is absent. As the chain suite
(tests/conformance/main.c): WINETESTS is the winetests folder
($CAPISIM_WINETESTS overrides it; the cases are its revocation/), the Wine
part is skipped under a sanitizer build ($CAPISIM_SANITIZE other than none)
and with $CAPISIM_CONFORMANCE_WINE=0.

usage: revocation.py --capisim PATH [--corpus DIR] [--verbose] [WINETESTS]"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import revocation_cases as rc  # noqa: E402

WINDOWS_ROWS = ["xp-sp3", "server-2003", "vista", "win7-rtm", "win7-sp1",
                "win7-sp1-kb2666300", "server-2008r2",
                "server-2008r2-kb2666300", "server-2012", "server-2012r2",
                "win10-22h2", "win11"]
REQUIRED = ["win7-sp1", "win10-22h2", "win11"]
# The rows the corpus' "versions before Vista / Server 2008 only" answers
# are recorded on (their windows_truth).
PRE_VISTA = {"xp-sp3", "server-2003"}


def corpus_dir(args):
    if args.corpus:
        return args.corpus
    env = os.environ.get("CAPISIM_WINETESTS")
    if env:
        return os.path.join(env, "revocation")
    if args.winetests:
        return os.path.join(args.winetests, "revocation")
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "shared",
                                         "winetests", "revocation"))


def run_batch(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd),
                                                 out.returncode, out.stderr))
    records = {}
    for line in out.stdout.splitlines():
        if line.strip():
            r = json.loads(line)
            records[r["id"]] = r
    return records


def gate_of(case, by_function):
    """The call whose failure stops the test before case (the latest call
    of its function written before the gate's `if`), for each gate."""
    gates = []
    for g in case.get("reached_only_if") or []:
        if g.get("condition_not_met") != "!ret":
            continue
        earlier = [c for c in by_function[case["function"]]
                   if c["line"] < g["line"]]
        if earlier:
            gates.append(max(earlier, key=lambda c: c["line"]))
    return gates


def reached(case, records, by_function):
    """False when a gate call failed (ret 0), so the test stopped."""
    for g in gate_of(case, by_function):
        r = records.get(g["id"])
        if r is not None and r["ret"] == 0:
            return False
    return True


def old_windows_only(case):
    return case.get("windows_truth", "").startswith(
        "recorded Windows result of versions before Vista")


class Tally:
    def __init__(self):
        self.matched = self.mismatched = self.stopped = 0
        self.ids = []

    def line(self, name, inexpressible):
        s = "# %-24s %3d matched (%d of them not reached, as on Windows), " \
            "%3d mismatched, %3d not expressible" % (
                name, self.matched, self.stopped, self.mismatched,
                inexpressible)
        if self.ids:
            s += "\n#   mismatched: " + " ".join(self.ids)
        return s


def judge_windows(cases, records, profile, corpus, cdir, by_function,
                  verbose):
    t = Tally()
    for c, _, _, _ in cases:
        r = records[c["id"]]
        is_reached = reached(c, records, by_function)
        if old_windows_only(c) and profile not in PRE_VISTA:
            # Windows of this row stops before the call (the README:
            # newer Windows fail the file:// retrieval and skip the rest).
            if is_reached:
                t.mismatched += 1
                t.ids.append(c["id"])
            else:
                t.matched += 1
                t.stopped += 1
            continue
        if not is_reached:
            t.mismatched += 1
            t.ids.append(c["id"])
            continue
        failed = rc.evaluate(c, r, profile, corpus, cdir)
        if failed:
            t.mismatched += 1
            t.ids.append(c["id"])
            if verbose:
                print("#   %s %s: %s; got %s" % (profile, c["id"],
                                               "; ".join(failed),
                                               json.dumps(r)))
        else:
            t.matched += 1
    return t


def judge_wine(cases, model, wine, corpus, cdir, by_function, verbose):
    t = Tally()
    for c, _, _, _ in cases:
        m_reached = reached(c, model, by_function)
        w_reached = reached(c, wine, by_function)
        if not w_reached or not m_reached:
            if m_reached == w_reached:
                t.matched += 1
                t.stopped += 1
            else:
                t.mismatched += 1
                t.ids.append(c["id"])
            continue
        diff = rc.differences(c, model[c["id"]], wine[c["id"]], corpus,
                              cdir)
        if diff:
            t.mismatched += 1
            t.ids.append(c["id"])
            if verbose:
                print("#   wine-8 %s: (field, model, Wine) %s" % (c["id"],
                                                                 diff))
        else:
            t.matched += 1
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--capisim", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("winetests", nargs="?")
    args = ap.parse_args()
    cdir = corpus_dir(args)
    if not os.path.isfile(os.path.join(cdir, "cases.json")):
        print("1..0 # SKIP %s/cases.json is absent (third-party data, read "
              "at run time)" % cdir)
        return 0
    corpus = rc.load(cdir)
    cases, inexpressible = [], []
    for c in corpus["cases"]:
        try:
            fn, words, used = rc.call_words(c)
            cases.append((c, fn, words, used))
        except rc.NotExpressible as e:
            inexpressible.append((c["id"], str(e)))
    by_function = {}
    for c in corpus["cases"]:
        by_function.setdefault(c["function"], []).append(c)

    sanitize = os.environ.get("CAPISIM_SANITIZE", "none")
    wine_wanted = sanitize in ("", "none") and \
        os.environ.get("CAPISIM_CONFORMANCE_WINE", "1") != "0"
    tests = []
    with tempfile.TemporaryDirectory(prefix="capisim-conformance-") as tmp:
        plan = os.path.join(tmp, "plan.txt")
        with open(plan, "w", encoding="utf-8") as f:
            f.write(rc.batch(corpus, cdir, cases))
        results = {}
        for p in WINDOWS_ROWS + ["wine-8"]:
            results[p] = run_batch([args.capisim, "call", "--profile", p,
                                    "--batch", plan])
        wine, wine_why = None, "Wine skipped under a sanitizer build"
        if wine_wanted:
            out = subprocess.run([args.capisim, "compare", "wine", "--plan",
                                  plan, "--wine-only"],
                                 capture_output=True, text=True)
            if out.returncode == 0:
                wine = {}
                for line in out.stdout.splitlines():
                    if line.strip():
                        r = json.loads(line)
                        wine[r["id"]] = r
            elif "not found" in out.stderr:
                wine_why = "Wine, the probe or libfaketime is missing: " + \
                    out.stderr.strip().splitlines()[-1]
            else:
                print(out.stderr, file=sys.stderr)
                wine_why = "FAILED"
        elif os.environ.get("CAPISIM_CONFORMANCE_WINE") == "0":
            wine_why = "Wine skipped ($CAPISIM_CONFORMANCE_WINE=0)"

    n_all = len(corpus["cases"])
    tests.append((len(cases) >= 154, "%d of %d cases expressible" % (
        len(cases), n_all), ""))
    comments = []
    for cid, why in inexpressible:
        comments.append("# not expressible: %s: %s" % (cid, why))
    tallies = {}
    for p in WINDOWS_ROWS:
        tallies[p] = judge_windows(cases, results[p], p, corpus, cdir,
                                   by_function, args.verbose)
        comments.append(tallies[p].line(p, len(inexpressible)))
    for p in REQUIRED:
        t = tallies[p]
        tests.append((t.mismatched == 0,
                      "%s: %d of %d expressible cases match Windows" % (
                          p, t.matched, len(cases)), ""))
    if wine is not None:
        t = judge_wine(cases, results["wine-8"], wine, corpus, cdir,
                       by_function, args.verbose)
        comments.append(t.line("wine-8 vs Wine 8", len(inexpressible)))
        tests.append((t.mismatched == 0,
                      "wine-8 equals Wine 8 on %d of %d cases" % (
                          t.matched, len(cases)), ""))
    elif wine_why == "FAILED":
        tests.append((False, "wine-8 vs Wine 8: the probe run failed", ""))
    else:
        tests.append((True, "wine-8 vs Wine 8", " # SKIP " + wine_why))

    print("1..%d" % len(tests))
    for line in comments:
        print(line)
    for i, (ok, what, directive) in enumerate(tests, 1):
        print("%s %d - %s%s" % ("ok" if ok else "not ok", i, what,
                                directive))
    return 0 if all(ok for ok, _, _ in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
