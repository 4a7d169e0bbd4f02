"""The revocation corpus (../shared/winetests/revocation/cases.json) as
capisim calls, and the corpus' own checks evaluated on a call's result.

A case is one crypt32 / cryptnet call of Wine's tests with its arguments
resolved; `call_line` writes it in the call language of `capisim call`
(docs/calls.md), whose `--batch` file the capisim-probe reads as well, so
the model and Wine answer the same line. `evaluate` runs the case's `ok()`
conditions (`checks[].terms`, disjunctive normal form) on the result
record; values accepted only through `broken()` count for the profiles that
model the older Windows the test means (BROKEN_PROFILES)."""

import json
import os

# CERT_STORE_ADD_* (wincrypt.h).
DISPOSITIONS = {
    "CERT_STORE_ADD_NEW": 1,
    "CERT_STORE_ADD_USE_EXISTING": 2,
    "CERT_STORE_ADD_REPLACE_EXISTING": 3,
    "CERT_STORE_ADD_ALWAYS": 4,
    "CERT_STORE_ADD_REPLACE_EXISTING_INHERIT_PROPERTIES": 5,
    "CERT_STORE_ADD_NEWER": 6,
    "CERT_STORE_ADD_NEWER_INHERIT_PROPERTIES": 7,
}

# What the tests call "now" when pftTimeToUse is NULL: any instant after
# every NextUpdate and notAfter of the corpus (the README: "after 2008").
NOW = "2024-01-15T12:00:00Z"

# The C variables a CertFindCRLInStore loop passes to
# CertFindCertificateInCRL that the case's inputs do not resolve
# (crl.c testFindCRL: endCert and rootCert are the chain the CRLs cover).
LOOP_VARIABLES = {"endCert": "crl/eeCert",
                  "rootCert": "crl/rootWithKeySignAndCRLSign"}

TICKS_PER_SECOND = 10_000_000
UNIX_EPOCH_TICKS = 116444736000000000


def ticks(iso):
    """FILETIME ticks of an ISO 8601 UTC time 'YYYY-MM-DDTHH:MM:SSZ'."""
    import calendar
    import time
    t = time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return calendar.timegm(t) * TICKS_PER_SECOND + UNIX_EPOCH_TICKS


def load(corpus_dir):
    with open(os.path.join(corpus_dir, "cases.json"), encoding="utf-8") as f:
        return json.load(f)


def object_kind(obj):
    form = obj["form"]
    if "CTL" in form:
        return "ctl"
    if "CRL" in form:
        return "crl"
    return "cert"


class NotExpressible(Exception):
    """The case cannot be written as a capisim call; str() says why."""


def _store(spec, used):
    if spec is None:
        return "null"
    if not spec["adds"]:
        return "empty"
    items = []
    for add in spec["adds"]:
        used.add(add["object"])
        items.append("%d:%s" % (DISPOSITIONS[add["disposition"]],
                                add["object"]))
    return ",".join(items)


def _obj(name, used):
    if name is None:
        return "null"
    used.add(name)
    return name


def _num(v):
    return str(v) if isinstance(v, int) else None


def _time(t):
    """{time, plus_ticks} or an ISO string -> ticks."""
    if isinstance(t, dict):
        base = NOW if t["time"] == "now" else t["time"]
        return ticks(base) + t.get("plus_ticks", 0)
    return ticks(t)


def _revocation(c, used):
    i = c["inputs"]
    words = ["encoding=%d" % i["encoding"], "type=%d" % i["rev_type"],
             "count=%d" % i["count"], "flags=%d" % i["flags"]]
    words.append("contexts=" + (",".join(_obj(x, used) for x in i["contexts"])
                                if i["contexts"] else "null"))
    para = i["para"]
    if para is None:
        words.append("para=null")
    else:
        words.append("para=sizeof")
        if para.get("pIssuerCert"):
            words.append("issuer=" + _obj(para["pIssuerCert"], used))
        if para.get("hCrlStore"):
            words.append("crlstore=" + _store(para["hCrlStore"], used))
        if para.get("pftTimeToUse"):
            words.append("time=%d" % _time(para["pftTimeToUse"]["time"]))
    st = i["status"]
    if st["cbSize"] != "sizeof(CERT_REVOCATION_STATUS)":
        words.append("status-size=%d" % st["cbSize"])
    fill = st.get("other_fields_preset")
    if isinstance(fill, str):
        words.append("status-fill=" + fill.split()[0])
    return words


def _find_crl(c, used):
    i = c["inputs"]
    words = ["store=" + _store(i["store"], used),
             "encoding=%d" % i["encoding"], "flags=%d" % i["flags"],
             "type=%d" % i["find_type"]]
    fp = i["find_para"]
    if isinstance(fp, dict):
        words += ["para-subject=" + _obj(fp["pSubjectCert"], used),
                  "para-issuer=" + _obj(fp["pIssuerCert"], used)]
    else:
        words.append("para=" + _obj(fp, used))
    if "enumeration" in i:
        var = c["call"].split("CertFindCertificateInCRL(")[1].split(",")[0]
        if var in LOOP_VARIABLES:
            of = LOOP_VARIABLES[var]
        elif isinstance(fp, dict):
            of = fp["pSubjectCert"]
        else:
            of = fp
        words += ["enumerate=1", "entries-of=" + _obj(of, used)]
    return words


def _add_encoded(c, used):
    i = c["inputs"]
    words = ["store=" + _store(i["store"], used),
             "encoding=%d" % i["encoding"],
             "data=" + _obj(i["data"], used), "size=%d" % i["size"],
             "disposition=%d" % i["disposition"]]
    if "&context)" in c["call"]:
        words.append("out=1")
    return words


def _object_url(c, used):
    i = c["inputs"]
    size = i["url_array_size"] != "NULL"
    array = ("buffer" if i["url_array"] == "buffer"
             else "size" if size else "null")
    return ["oid=" + (i["url_oid"] or "null"),
            "object=" + _obj(i["object"], used), "flags=%d" % i["flags"],
            "array=" + array,
            "info=" + ("size" if i["url_info_size"] != "NULL" else "null")]


def _retrieve(c, used):
    i = c["inputs"]
    url = i["url"]
    if url is None:
        u = "null"
    else:
        u = ("file:" if url["exists"] else "file-deleted:") + _obj(
            url["content"], used)
    aux = i["aux"]
    if aux is None:
        a = "null"
    elif aux["cbSize"] == 0:
        a = "zero"
    elif aux["pLastSyncTime"] == "set":
        a = "sync"
    else:
        a = "sizeof"
    return ["url=" + u, "oid=" + (i["object_oid"] or "null"),
            "flags=%d" % i["flags"], "timeout=%d" % i["timeout"], "aux=" + a]


def call_words(c):
    """(FUNCTION, [KEY=VALUE...], objects used) for case c, or raise
    NotExpressible."""
    if not c.get("offline", True):
        raise NotExpressible(
            "needs the live network: an OCSP responder's answer at the time "
            "of the run, which the corpus does not hold")
    api, i, used = c["api"], c["inputs"], set()
    if api in ("CertVerifyRevocation", "CertDllVerifyRevocation"):
        return api, _revocation(c, used), used
    if api == "CertGetIssuerCertificateFromStore":
        return api, ["store=" + _store(i["store"], used),
                     "subject=" + _obj(i["subject"], used),
                     "flags=%d" % i["flags"]], used
    if api == "CertVerifySubjectCertificateContext":
        return api, ["subject=" + _obj(i["subject"], used),
                     "issuer=" + _obj(i["issuer"], used),
                     "flags=%d" % i["flags"]], used
    if api in ("CertAddEncodedCRLToStore", "CertAddEncodedCTLToStore"):
        return api, _add_encoded(c, used), used
    if api == "CertAddCRLContextToStore":
        return api, ["store=" + _store(i["store"], used),
                     "crl=" + _obj(i["crl"], used),
                     "disposition=%d" % i["disposition"]], used
    if api.startswith("CertFindCRLInStore"):
        return "CertFindCRLInStore", _find_crl(c, used), used
    if api.startswith("CertEnumCTLsInStore"):
        return "CertEnumCTLsInStore", ["store=" + _store(i["store"], used)], \
            used
    if api == "CertGetCRLFromStore":
        return api, ["store=" + _store(i["store"], used),
                     "issuer=" + _obj(i["issuer"], used),
                     "flags=%d" % i["flags"]], used
    if api in ("CertIsValidCRLForCertificate", "CertFindCertificateInCRL"):
        return api, ["cert=" + _obj(i["cert"], used),
                     "crl=" + _obj(i["crl"], used),
                     "flags=%d" % i["flags"]], used
    if api == "CertVerifyCRLRevocation":
        return api, ["encoding=%d" % i["encoding"],
                     "cert=" + _obj(i["cert"], used),
                     "count=%d" % i["count"],
                     "crls=" + (",".join(_obj(x, used) for x in i["crls"])
                                if i["crls"] else "null")], used
    if api == "CryptGetObjectUrl":
        return api, _object_url(c, used), used
    if api == "CryptRetrieveObjectByUrlA":
        return "CryptRetrieveObjectByUrl", _retrieve(c, used), used
    if api == "CertVerifyTimeValidity":
        return api, ["time=%d" % _time(i["time"]),
                     "notbefore=%d" % _time(i["NotBefore"]),
                     "notafter=%d" % _time(i["NotAfter"])], used
    raise NotExpressible("no capisim call for " + api)


def batch(corpus, corpus_dir, cases):
    """The call batch for cases (a list of (case, function, words, used)):
    object lines, then one call line each."""
    used = sorted(set().union(*(u for _, _, _, u in cases)) if cases else [])
    lines = ["capisim-probe-api 1", "now %d" % ticks(NOW)]
    for name in used:
        obj = corpus["objects"][name]
        lines.append("object %s %s %s" % (
            name, object_kind(obj),
            os.path.abspath(os.path.join(corpus_dir, obj["file"]))))
    for c, fn, words, _ in cases:
        lines.append("call %s %s %s" % (c["id"], fn, " ".join(words)))
    return "\n".join(lines) + "\n"


# ---- the corpus' checks on a result record ----

# Profiles that stand for the older Windows `broken()` accepts: XP and
# Server 2003 (the tests' notes name w2k, XP, w2k3 and Vista's predecessors).
BROKEN_PROFILES = {"xp-sp3", "server-2003"}

# Objects: 1 when the call returned one, 0 when NULL; a pointer compared
# with 0xdeadbeef (the test's preset) is 1 when set.
_POINTERS = {"context", "parent", "entry"}
_RETRIEVED = {"pBlobArray", "cert", "crl"}
_COPY = {"context2", "context->pbCrlEncoded", "context->pCrlInfo"}


def _sha1_of(corpus_dir, corpus, name):
    import hashlib
    path = os.path.join(corpus_dir, corpus["objects"][name]["file"])
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


def _field(name, value, r, ctx):
    """The result's value for the atom's field, put in the form the atom's
    value has, or raise KeyError when the record lacks it."""
    if name == "ret":
        return r["ret"]
    if name == "last_error":
        return r["last_error"]
    if name.startswith("status."):
        return r[{"status.dwIndex": "index", "status.dwError": "error",
                  "status.dwReason": "reason"}[name]]
    if name in _POINTERS:
        return 0 if r[name] is None else 1
    if name in ("count", "numCTLs"):
        return r["count"]
    if name == "revoked_count":
        return r["revoked"]
    if name == "flags":
        return r["flags"]
    if name == "returned URLs":
        return [u.lower() for u in r["urls"]]
    if name in _RETRIEVED:
        return r["object"]
    if name == "pBlobArray->cBlob":
        return r["blobs"]
    if name == "pBlobArray->rgBlob[0].cbData":
        return r["blob0"]
    if name == "certs":
        return r["certs"]
    if name == "ft":
        return bool(r["sync"])
    if name in _COPY or (name == "context->cbCrlEncoded" and
                         isinstance(value, str)):
        return r["copy"]
    if name == "context->cbCrlEncoded":
        return r["size"]
    if name == "bytes at context->pbCrlEncoded":
        return r["context"]
    raise KeyError(name)


def _atom(atom, r, ctx):
    name, op, value = atom
    got = _field(name, value, r, ctx)
    if name in _RETRIEVED | _COPY or (
            name == "context->cbCrlEncoded" and isinstance(value, str)):
        # a pointer set / a copy made: compared with 0, the preset or the
        # original, "different" means it is there
        return bool(got) if op == "!=" and value != 0 or value != 0 \
            else (bool(got) if op == "!=" else not got)
    if name == "bytes at context->pbCrlEncoded":
        return got == _sha1_of(ctx["dir"], ctx["corpus"], value)
    if name == "returned URLs":
        value = [u.lower() for u in value]
    if op == "==":
        return got == value
    if op == "!=":
        return got != value
    if op == "set":
        return got == value
    raise ValueError(op)


def _only_if_holds(cond, r):
    """The enclosing `if` of a check (the forms the corpus has)."""
    if cond in ("cert", "urlArray"):
        return True  # the test's own setup succeeded
    if cond == "context":
        return r.get("context") is not None
    if cond == "ret":
        return r["ret"] != 0
    if cond.startswith("pBlobArray &&") or cond.startswith("store &&"):
        return bool(r.get("object"))
    if cond.startswith("!ret && GetLastError() != CRYPT_E_ASN1_BADTAG"):
        return r["ret"] == 0 and r["last_error"] not in (0x8009310B,
                                                         0x80093005)
    raise ValueError("unknown only_if: " + cond)


def evaluate(case, r, profile, corpus, corpus_dir):
    """[] when every check of the case holds on record r for profile, else
    the failing checks' lines and conditions."""
    ctx = {"corpus": corpus, "dir": corpus_dir}
    failed = []
    for ch in case["checks"]:
        if not all(_only_if_holds(o, r) for o in ch.get("only_if") or []):
            continue
        ok = False
        for term in ch["terms"]:
            if term["broken"] and profile not in BROKEN_PROFILES:
                continue
            try:
                if all(_atom(a, r, ctx) for a in term["atoms"]):
                    ok = True
                    break
            except KeyError:
                continue
        if not ok:
            failed.append("line %d: %s" % (ch["line"], ch["cond"]))
    return failed


def _evaluated_fields(case, r, ctx):
    """The fields the case's checks read on record r as C evaluates them:
    a condition's terms (||) until one holds, a term's atoms (&&) until
    one fails; a check whose enclosing `if` does not hold reads nothing."""
    names = []
    for ch in case["checks"]:
        if not all(_only_if_holds(o, r) for o in ch.get("only_if") or []):
            continue
        for term in ch["terms"]:
            holds = True
            for atom in term["atoms"]:
                if atom[0] not in names:
                    names.append(atom[0])
                try:
                    holds = _atom(atom, r, ctx)
                except KeyError:
                    holds = False
                if not holds:
                    break
            if holds:
                break
    return names


def differences(case, model, real, corpus, corpus_dir):
    """Where the model's record differs from the real one (Wine run
    through the probe) on what the case's checks read of the real one:
    [(field, model value, real value)]. Fields the test does not read
    (a last error after a success) are not compared."""
    ctx = {"corpus": corpus, "dir": corpus_dir}
    diff = []
    for name in _evaluated_fields(case, real, ctx):
        value = next((a[2] for ch in case["checks"] for t in ch["terms"]
                      for a in t["atoms"] if a[0] == name), None)
        try:
            vm = _field(name, value, model, ctx)
        except KeyError:
            vm = None
        try:
            vr = _field(name, value, real, ctx)
        except KeyError:
            vr = None
        if vm != vr:
            diff.append((name, vm, vr))
    return diff
