#!/usr/bin/env python3
"""Bad-input corpus runner (TAP): every tests/bad/cases/*.case is one command
line run on one or more bad input files. Each case must fail with exit code 2,
print exactly the expected text on stderr and nothing on stdout, finish within
the time limit, and leave the working directory exactly as it found it (no
output file, no temporary file left behind).

Case file format (one key per line, `#` comments; stderr runs to the end):

    # why the input is bad, and where the expected message comes from
    run: fixtures show leaf.der           (arguments after `capisim`)
    input: leaf.der = inputs/FILE         (committed under tests/bad/inputs/)
    input: leaf.der = fixture:basic/leaf.crt
    input: big.bin = gen:zeros:104857600  (made at test time, sparse)
    input: junk.bin = gen:random:SEED:SIZE (made at test time, seeded)
    input: a.scn = text:LINE\\nLINE         (backslash escapes, \\xNN bytes)
    input: x.der = gen:head:600:basic/leaf.crt   (also append, replace1,
                                         setbyte, pem, pems, repeat: see
                                         below)
    requires: verify                      (skip unless `capisim help verify`)
    memory: 1024                          (MiB of address space, as
                                           `ulimit -v`; not under sanitizers)
    exit: 2                               (default 2)
    stderr:
    leaf.der: error: ...

stderr is compared after decoding it as UTF-8, an invalid byte shown as
\\xNN (so a case can expect the raw byte a message echoes).

Usage: run_bad.py CAPISIM SRCROOT [CASE...]
CAPISIM_WRAPPER (e.g. "valgrind -q --error-exitcode=99 ...") runs each
command under a wrapper; tests/valgrind.sh uses it for the error paths.
"""
import base64
import os
import resource
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

# Seconds; longer is a hang. Under a wrapper (valgrind: 20-100x slower, on
# a busy machine) ten times that: a limit must not fail a slow machine.
TIME_LIMIT = 120 * (10 if os.environ.get("CAPISIM_WRAPPER") else 1)


def parse_case(path):
    case = {"inputs": [], "requires": [], "exit": 2, "stderr": None,
            "run": None, "memory": None}
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("stderr:"):
            rest = "\n".join(lines[i + 1:])
            case["stderr"] = rest.rstrip("\n") + "\n" if rest.strip() else ""
            break
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "run":
            case["run"] = [unescape(a) for a in value.split()]
        elif key == "input":
            name, _, source = value.partition("=")
            case["inputs"].append((name.strip(), source.strip()))
        elif key == "requires":
            case["requires"].append(value)
        elif key == "exit":
            case["exit"] = int(value)
        elif key == "memory":
            case["memory"] = int(value)
        else:
            raise ValueError(f"{path}:{i + 1}: unknown key {key!r}")
    if case["run"] is None or case["stderr"] is None:
        raise ValueError(f"{path}: needs run: and stderr:")
    return case


def unescape(text):
    return text.encode("latin-1").decode("unicode_escape").encode("latin-1")


def fixture(srcroot, rel):
    return open(os.path.join(srcroot, "fixtures", "data", rel), "rb").read()


def make_input(dest, source, srcroot):
    kind, _, arg = source.partition(":")
    if kind == "inputs" or source.startswith("inputs/"):
        shutil.copyfile(os.path.join(srcroot, "tests", "bad", source), dest)
    elif kind == "fixture":
        shutil.copyfile(os.path.join(srcroot, "fixtures", "data", arg), dest)
    elif kind == "gen":
        what, *params = arg.split(":")
        if what == "zeros":  # sparse: no disk space, no time
            with open(dest, "wb") as f:
                f.truncate(int(params[0]))
        elif what == "random":
            rng = random.Random(int(params[0]))
            with open(dest, "wb") as f:
                f.write(bytes(rng.getrandbits(8)
                              for _ in range(int(params[1]))))
        elif what == "head":  # gen:head:N:FIXTURE - the first N bytes
            data = fixture(srcroot, params[1])[:int(params[0])]
            open(dest, "wb").write(data)
        elif what == "append":  # gen:append:FIXTURE:HEX
            data = fixture(srcroot, params[0]) + bytes.fromhex(params[1])
            open(dest, "wb").write(data)
        elif what == "replace1":  # gen:replace1:FIXTURE:HEXOLD:HEXNEW
            data = fixture(srcroot, params[0])
            old, new = bytes.fromhex(params[1]), bytes.fromhex(params[2])
            if old not in data:
                raise ValueError(f"{params[1]} not in {params[0]}")
            open(dest, "wb").write(data.replace(old, new, 1))
        elif what == "setbyte":  # gen:setbyte:FIXTURE:OFFSET:HEX
            data = bytearray(fixture(srcroot, params[0]))
            data[int(params[1])] = int(params[2], 16)
            open(dest, "wb").write(data)
        elif what == "pem":  # gen:pem:LABEL:FIXTURE - DER in PEM armour
            body = base64.encodebytes(fixture(srcroot, params[1]))
            open(dest, "wb").write(b"-----BEGIN " + params[0].encode() +
                                   b"-----\n" + body + b"-----END " +
                                   params[0].encode() + b"-----\n")
        elif what == "pems":  # gen:pems:LABEL:FIXTURE:FIXTURE... a bundle
            with open(dest, "wb") as f:
                for rel in params[1:]:
                    body = base64.encodebytes(fixture(srcroot, rel))
                    f.write(b"-----BEGIN " + params[0].encode() +
                            b"-----\n" + body + b"-----END " +
                            params[0].encode() + b"-----\n")
        elif what == "repeat":  # gen:repeat:COUNT:TEXT
            with open(dest, "wb") as f:
                f.write(unescape(":".join(params[1:])) * int(params[0]))
        else:
            raise ValueError(f"unknown generator {what}")
    elif kind == "text":
        with open(dest, "wb") as f:
            f.write(unescape(arg))
    else:
        raise ValueError(f"unknown input source {source}")


def snapshot(top):
    found = set()
    for dirpath, dirnames, filenames in os.walk(top):
        for n in dirnames + filenames:
            found.add(os.path.relpath(os.path.join(dirpath, n), top))
    return found


def available(capisim, command):
    return subprocess.run([capisim, "help", command],
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def run_case(capisim, srcroot, case):
    """Returns None on success, else the reasons."""
    with tempfile.TemporaryDirectory(prefix="capisim-bad-") as work:
        for name, source in case["inputs"]:
            dest = os.path.join(work, name)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            make_input(dest, source, srcroot)
        before = snapshot(work)
        env = dict(os.environ, LC_ALL="C", TZ="UTC")
        limit = None
        # ASan reserves terabytes of address space and valgrind needs its
        # own: no cap under either.
        if case["memory"] and os.environ.get("CAPISIM_SANITIZE",
                                             "none") == "none" and \
                not os.environ.get("CAPISIM_WRAPPER"):
            cap = case["memory"] << 20
            limit = lambda: resource.setrlimit(resource.RLIMIT_AS,
                                               (cap, cap))
        try:
            wrapper = shlex.split(os.environ.get("CAPISIM_WRAPPER", ""))
            p = subprocess.run(wrapper + [capisim] + case["run"], cwd=work,
                               env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=TIME_LIMIT, preexec_fn=limit)
        except subprocess.TimeoutExpired:
            return [f"no answer within {TIME_LIMIT} s (a hang)"]
        problems = []
        if p.returncode != case["exit"]:
            problems.append(f"exit {p.returncode}, want {case['exit']}")
        err = p.stderr.decode("utf-8", "backslashreplace")
        if err != case["stderr"]:
            problems.append("stderr:\n--- got\n" + err +
                            "--- want\n" + case["stderr"] + "---")
        if p.stdout:
            problems.append("stdout not empty: " +
                            p.stdout[:200].decode("utf-8", "backslashreplace"))
        after = snapshot(work)
        if after != before:
            problems.append("left behind: " +
                            ", ".join(sorted(after - before)) +
                            " removed: " + ", ".join(sorted(before - after)))
        return problems or None


def main():
    capisim, srcroot = os.path.abspath(sys.argv[1]), sys.argv[2]
    names = sys.argv[3:]
    casedir = os.path.join(srcroot, "tests", "bad", "cases")
    if not names:
        names = sorted(n[:-5] for n in os.listdir(casedir)
                       if n.endswith(".case"))
    print(f"1..{len(names)}")
    failed = 0
    for i, name in enumerate(names, 1):
        case = parse_case(os.path.join(casedir, name + ".case"))
        missing = [c for c in case["requires"] if not available(capisim, c)]
        if missing:
            print(f"ok {i} - {name} # SKIP capisim {missing[0]} not built")
            continue
        problems = run_case(capisim, srcroot, case)
        if problems:
            failed += 1
            print(f"not ok {i} - {name}")
            for line in "\n".join(problems).split("\n"):
                print("# " + line)
        else:
            print(f"ok {i} - {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
