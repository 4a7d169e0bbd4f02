#!/usr/bin/env python3
"""Differential test of replayed results (model/horizon.h, docs/architecture.md
"Horizons"): randomized scenarios, played three ways - every occurrence on the
engine (--reuse off), replaying recorded results (--reuse on), and on the
engine with every would-be replay compared (--reuse check) - must give the
same trace and timeline byte for byte; randomized fleets must give the same
CSV. A seeded generator (Python's random.Random: the same seed, the same
scenarios) writes scenarios over the fixtures of three worlds - the basic PKI
(CRLs, delta CRL, OCSP, AIA), incident A's root auto-update (2010, the 7-day
copy of authroot.stl) and incident D's disallowed list (2023, the 24-hour
window) - with every command of the language, repeated verifies at random
periods, and network rules whose windows open and close while they run.

usage: reuse_diff.py CAPISIM SOURCE_ROOT [--scenarios N] [--fleets N] [--seed S]
Prints TAP; a failure keeps its scenario under $TMPDIR for a look.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

PROFILES = ["xp-sp3", "server-2003", "vista", "win7-rtm", "win7-sp1",
            "win7-sp1-kb2666300", "server-2008r2", "server-2008r2-kb2666300",
            "server-2012", "server-2012r2", "win10-22h2", "win11", "wine-8"]
ACCOUNTS = ["SYSTEM", "LocalService", "NetworkService", "Administrator",
            "user alice"]
PERIODS = ["90s", "7m", "15m", "1h", "3h", "6h", "1d"]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class World:
    """Fixtures, URLs and the time span one family of scenarios uses."""

    def __init__(self, name, start, span_days, setup, leaves, urls, bodies,
                 verify_opts):
        self.name, self.start, self.span = name, start, span_days
        self.setup, self.leaves, self.urls = setup, leaves, urls
        self.bodies, self.verify_opts = bodies, verify_opts


def worlds(fx):
    b = f"{fx}/basic"
    pki = "http://pki.capisim.test"
    basic = World(
        "basic", datetime(2024, 12, 30, tzinfo=timezone.utc), 9,
        [f"store machine Root add {b}/root.crt",
         f"store machine CA add {b}/intermediate.crt"],
        [f"{b}/leaf.crt", f"{b}/leaf-revoked.crt", f"{b}/leaf-revoked-delta.crt",
         f"{b}/leaf-expired.crt", f"{b}/leaf-not-yet-valid.crt",
         f"{b}/leaf-clientauth.crt", f"{b}/leaf-int-expired.crt",
         f"{b}/leaf-disallowed.crt", f"{b}/intermediate.crt"],
        [f"{pki}/crl/intermediate.crl", f'"{pki}/crl/intermediate+.crl"',
         f"{pki}/intermediate.crt", "http://ocsp.capisim.test/",
         f"{pki}/crl/root.crl"],
        {f"{pki}/crl/intermediate.crl": [f"{b}/crl/intermediate.crl",
                                         f"{b}/crl/intermediate-bad-signature.crl"],
         f'"{pki}/crl/intermediate+.crl"': [f'"{b}/crl/intermediate+.crl"'],
         f"{pki}/intermediate.crt": [f"{b}/intermediate.crt"],
         "http://ocsp.capisim.test/": [f"{b}/ocsp/good-by-ca.ocsp",
                                       f"{b}/ocsp/revoked-by-responder.ocsp",
                                       f"{b}/ocsp/unknown-by-ca.ocsp",
                                       f"{b}/ocsp/not-ocsp-ca-cert.crt"],
         f"{pki}/crl/root.crl": [f"{b}/crl/root.crl"]},
        ["revocation=none", "revocation=end", "revocation=chain",
         "revocation=chain-exclude-root", "revocation=end,cache-only",
         "revocation=chain,accumulative", "policy=ssl", "policy=base",
         "server=www.capisim.test", "usage=clientAuth",
         "at=2025-01-03T00:00:00Z"])
    a = f"{fx}/incident-a-2010"
    wu = "http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en"
    cab = f"{wu}/authrootstl.cab"
    auto = World(
        "autoupdate", datetime(2010, 7, 1, tzinfo=timezone.utc), 16,
        [f"store machine Root add {a}/root-agency.crt",
         f"serve {wu}/EAC3DD8F750AED565612858D6CDF1850BCEE7314.crt "
         f"{a}/trustedr/EAC3DD8F750AED565612858D6CDF1850BCEE7314.crt",
         f"serve {wu}/852D4A18760B00C3C8DAB8C5C8E4F62A2140B0DA.crt "
         f"{a}/trustedr/852D4A18760B00C3C8DAB8C5C8E4F62A2140B0DA.crt"],
        [f"{a}/leaf-p1.crt", f"{a}/leaf-p2.crt", f"{a}/program-p1.crt"],
        [cab],
        {cab: [f"{a}/authrootstl-2010-06.cab", f"{a}/authrootstl-2010-07.cab"]},
        ["revocation=none", "policy=ssl", "revocation=none,no-auto-update",
         "server=www.p2.example"])
    d = f"{fx}/incident-d-2023"
    ms = "http://www.microsoft.com/pkiops/crl"
    dis = f"{wu}/disallowedcertstl.cab"
    disallowed = World(
        "disallowed", datetime(2023, 3, 14, tzinfo=timezone.utc), 4,
        [f"store machine Root add {d}/product-root.crt",
         f"store machine CA add {d}/update-ca.crt",
         f"serve {ms}/Microsoft%20ECC%20Product%20Root%20Certificate%20"
         f"Authority%202018.crl {d}/crl/product-root.crl",
         f"serve {ms}/Microsoft%20ECC%20Update%20Secure%20Server%20CA%20"
         f"2.1.crl {d}/crl/update-ca.crl",
         f"serve http://oneocsp.microsoft.com/ocsp {d}/ocsp/leaf-good.ocsp"],
        [f"{d}/leaf.crt", f"{d}/update-ca.crt"],
        [dis],
        {dis: [f"{d}/disallowedcertstl.cab"]},
        ["revocation=chain", "revocation=chain,cache-only", "policy=ssl",
         "server=fe2cr.update.microsoft.com", "revocation=end"])
    return [basic, auto, disallowed]


def rel_time(rng, w, t):
    """A time word for a rule window, absolute or relative to now."""
    if rng.random() < 0.5:
        return iso(t)
    return "now+%dh" % rng.randint(1, 48)


def line(rng, w, fx, t):
    """One command line (without a time prefix)."""
    k = rng.choice(["verify", "verify", "verify", "serve", "fail", "latency",
                    "store", "reboot", "as", "restart", "iisreset", "service",
                    "reg", "certutil", "wevtutil", "schannel",
                    "tls-client-auth", "advance"])
    if k == "verify":
        opts = rng.sample(w.verify_opts, rng.randint(0, 2))
        for key in ("revocation=", "policy="):
            same = [o for o in opts if o.startswith(key)]
            for o in same[1:]:
                opts.remove(o)
        if "server=" in " ".join(opts) and "policy=ssl" not in opts:
            opts = [o for o in opts if not o.startswith("policy=")]
            opts.append("policy=ssl")
        if "usage=clientAuth" in opts and "policy=base" in opts:
            opts.remove("policy=base")
        return " ".join(["verify", rng.choice(w.leaves)] + opts)
    if k == "serve":
        url = rng.choice(list(w.bodies))
        s = f"serve {url} {rng.choice(w.bodies[url])}"
        if rng.random() < 0.4:
            s += " from " + rel_time(rng, w, t + timedelta(hours=rng.randint(1, 72)))
        if rng.random() < 0.4:
            s += " until " + iso(t + timedelta(hours=rng.randint(73, 200)))
        return s
    if k == "fail":
        s = "fail %s %s" % (rng.choice(w.urls),
                            rng.choice(["timeout", "refused", "dns", "http=404"]))
        if rng.random() < 0.5:
            s += " from " + rel_time(rng, w, t + timedelta(hours=rng.randint(1, 72)))
        if rng.random() < 0.5:
            s += " until " + iso(t + timedelta(hours=rng.randint(73, 150)))
        return s
    if k == "latency":
        return "latency %s %s" % (rng.choice(w.urls),
                                  rng.choice(["250ms", "5s", "20s"]))
    if k == "store":
        b = f"{fx}/basic"
        cert = rng.choice(w.leaves + [f"{b}/intermediate.crt", f"{b}/root.crt"])
        store = rng.choice(["Root", "CA", "Disallowed", "My", "AuthRoot"])
        scope = rng.choice(["machine", "user", ""])
        op = rng.choice(["add", "add", "remove", "purposes serverAuth",
                         "purposes none"])
        return " ".join(x for x in ["store", scope, store, op, cert] if x)
    if k == "reboot":
        return "reboot"
    if k == "as":
        return "as " + rng.choice(ACCOUNTS)
    if k == "restart":
        return "restart service " + rng.choice(["CryptSvc", "W3SVC", "WAS",
                                                "wuauserv", "BITS"])
    if k == "iisreset":
        return "iisreset"
    if k == "service":
        return "service CryptSvc " + rng.choice(["start", "stop", "restart",
                                                 "sync"])
    if k == "reg":
        key = rng.choice([
            "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate",
            "HKCU\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate"])
        return rng.choice([
            f"reg add {key} /v DisallowedCertLastSyncTime /t REG_BINARY "
            f"/d @now-{rng.randint(0, 3)}d /f",
            f"reg deny CryptSvc {key}", f"reg allow CryptSvc {key}",
            "reg delete HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\"
            "AuthRoot\\Certificates /f"])
    if k == "certutil":
        return rng.choice([
            "certutil -urlcache *", "certutil -urlcache * delete",
            "certutil -urlcache CRL delete",
            "certutil -setreg chain\\ChainCacheResyncFiletime @now",
            "certutil -setreg chain\\ChainCacheResyncFiletime @now+%dh"
            % rng.randint(1, 30),
            "certutil -verify -urlfetch " + rng.choice(w.leaves)])
    if k == "wevtutil":
        return "wevtutil sl Microsoft-Windows-CAPI2/Operational /e:%s" % \
            rng.choice(["true", "false"])
    if k == "schannel":
        return "schannel issuer-list"
    if k == "tls-client-auth":
        ib = f"{fx}/incident-b-2012"
        return (f"tls-client-auth iis {ib}/client.crt "
                f"client-ca={ib}/enterprise-ca.crt revocation=none")
    return "advance " + rng.choice(["10m", "3h", "1d"])


def scenario(rng, fx):
    w = rng.choice(worlds(fx))
    t0 = w.start + timedelta(hours=rng.randint(0, 24), seconds=rng.randint(0, 3599))
    out = [f"title   generated ({w.name})",
           "profile " + rng.choice(PROFILES),
           "start   " + iso(t0)]
    out += [s for s in w.setup if rng.random() < 0.9]
    t = t0
    end = w.start + timedelta(days=w.span)
    for _ in range(rng.randint(8, 24)):
        t += timedelta(seconds=rng.randint(0, 12 * 3600))
        if t >= end:
            break
        cmd = line(rng, w, fx, t)
        if cmd.startswith("verify") and rng.random() < 0.7:
            # the clock is at `until` after an every line
            until = min(end, t + timedelta(hours=rng.randint(2, 96)))
            if until > t:
                cmd = "every %s until %s %s" % (rng.choice(PERIODS),
                                                iso(until), cmd)
                if rng.random() < 0.3:
                    cmd += " expect ok"
                out.append(f"at {iso(t)}")
                out.append(cmd)
                t = until
                continue
        out.append(f"at {iso(t)} {cmd}")
        if cmd.startswith("advance "):
            t += {"10m": timedelta(minutes=10), "3h": timedelta(hours=3),
                  "1d": timedelta(days=1)}[cmd.split()[1]]
    return w, "\n".join(out) + "\n"


def run(capisim, args):
    return subprocess.run([capisim] + args, capture_output=True, text=True)


REPLAYED = [0, 0]  # occurrences replayed, steps run (--reuse on)


def check_scenario(capisim, path, tmp):
    outs = {}
    for mode in ("off", "on", "check"):
        tr = os.path.join(tmp, f"{mode}.jsonl")
        r = run(capisim, ["run", "--reuse", mode, "--trace", tr, path])
        if r.returncode not in (0, 1):
            return f"--reuse {mode}: exit {r.returncode}: {r.stderr.strip()}"
        for ln in r.stderr.splitlines():
            if mode == "on" and ln.startswith("reuse: "):
                w = ln.split()
                REPLAYED[0] += int(w[1])
                REPLAYED[1] += int(w[3])
        with open(tr, "rb") as f:
            outs[mode] = (f.read(), r.stdout, r.returncode)
    if outs["on"] != outs["off"]:
        return "--reuse on differs from --reuse off"
    if outs["check"] != outs["off"]:
        return "--reuse check differs from --reuse off"
    return None


def check_fleet(capisim, path, rng, tmp):
    vary = ["--vary", "start=uniform(0,%dh)" % rng.randint(1, 48)]
    if rng.random() < 0.7:
        vary += ["--vary", "reboot=%s(%dh..%dh)" % (
            rng.choice(["every", "random"]), rng.randint(1, 6), rng.randint(7, 48))]
    if rng.random() < 0.5:
        vary += ["--vary", "profile=mix(win7-sp1:3,win10-22h2:2,xp-sp3:1)"]
    if rng.random() < 0.5:
        vary += ["--vary",
                 "patch=win7-sp1>win7-sp1-kb2666300@uniform(0,%dh)" % rng.randint(1, 72)]
    csvs = {}
    machines = str(rng.randint(20, 60))
    for mode in ("off", "on", "check"):
        out = os.path.join(tmp, f"fleet-{mode}.csv")
        r = run(capisim, ["fleet", path, "--machines", machines,
                          "--seed", "5", "--jobs", "2", "--reuse", mode,
                          "--csv", out] + vary)
        if r.returncode != 0:
            return f"fleet --reuse {mode}: exit {r.returncode}: {r.stderr.strip()}"
        with open(out, "rb") as f:
            csvs[mode] = f.read()
    if csvs["on"] != csvs["off"] or csvs["check"] != csvs["off"]:
        return "fleet CSVs differ between --reuse off, on and check"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capisim")
    ap.add_argument("source_root")
    ap.add_argument("--scenarios", type=int, default=60)
    ap.add_argument("--fleets", type=int, default=12)
    ap.add_argument("--seed", type=int, default=21)
    a = ap.parse_args()
    capisim = os.path.abspath(a.capisim)
    fx = os.path.join(os.path.abspath(a.source_root), "fixtures", "data")
    rng = random.Random(a.seed)
    n = a.scenarios + a.fleets
    print(f"1..{n}")
    failed = 0
    for i in range(n):
        tmp = tempfile.mkdtemp(prefix="capisim-reuse-")
        w, text = scenario(rng, fx)
        path = os.path.join(tmp, "generated.scn")
        with open(path, "w") as f:
            f.write(text)
        fleet = i >= a.scenarios
        why = (check_fleet(capisim, path, rng, tmp) if fleet
               else check_scenario(capisim, path, tmp))
        what = "fleet" if fleet else "scenario"
        if why:
            failed += 1
            print(f"not ok {i + 1} - {what} {i} ({w.name}): {why}")
            print(f"# kept in {tmp}")
        else:
            print(f"ok {i + 1} - {what} {i} ({w.name}): same output")
            shutil.rmtree(tmp)
    # the test means something only if results were replayed
    print(f"# --reuse on replayed {REPLAYED[0]} of {REPLAYED[1]} steps")
    if a.scenarios and REPLAYED[0] * 4 < REPLAYED[1]:
        print("# fewer than a quarter of the steps were replayed")
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
