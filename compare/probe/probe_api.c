/* The API plan: single crypt32 / cryptnet calls with the arguments written
 * out, one trace line per call - the Windows side of `capisim call`
 * (docs/calls.md). Used by the revocation conformance suite to ask Wine 8
 * what it answers for each case of ../shared/winetests/revocation.
 *
 *   capisim-probe-api 1             first line, the format version
 *   clock PATH                      libfaketime timestamp file (the runner)
 *   now TICKS                       the process clock for every call
 *   object NAME cert|crl|ctl PATH   the bytes an argument names
 *   call ID FUNCTION KEY=VALUE...   one call
 *
 * Values: numbers in decimal or 0x hex; `null` for a NULL pointer or
 * handle; an object NAME; lists joined by ','; a store `null`, `empty` or
 * DISP:NAME,... (the memory store after CertAdd*ContextToStore of each
 * object with disposition DISP, a number). Keys per function are the ones
 * docs/calls.md lists; the probe takes only numbers where the host also
 * takes words (dispositions, flags, find types).
 *
 * Output, one line per call: {"id":ID,"function":NAME,"ret":N,
 * "last_error":N, ...} with the out-values of the function (numbers, SHA-1
 * thumbprints of returned objects as lower-case hex, or null). */
#include <stdlib.h>
#include <string.h>

#include "probe_api.h"

static api_object objects[MAX_OBJECTS];
static unsigned nobjects;
const char *plan_name;

const char *plan_arg(const api_call *c, const char *key)
{
	for (unsigned i = 0; i < c->nargs; i++)
		if (strcmp(c->args[i].key, key) == 0)
			return c->args[i].value;
	return NULL;
}

DWORD plan_number(const api_call *c, const char *key, DWORD dflt)
{
	const char *v = plan_arg(c, key);
	if (!v)
		return dflt;
	char *end;
	unsigned long long n = strtoull(v, &end, 0);
	if (*end || n > 0xffffffffull)
		die(2, "%s:%u: %s=%s is not a number", plan_name, c->line, key,
		    v);
	return (DWORD)n;
}

api_object *plan_object(const api_call *c, const char *name)
{
	for (unsigned i = 0; i < nobjects; i++)
		if (strcmp(objects[i].name, name) == 0)
			return &objects[i];
	die(2, "%s:%u: no object named '%s'", plan_name, c->line, name);
	return NULL;
}

/* The object an argument names, NULL for `null` or an absent key. */
static api_object *object_arg(const api_call *c, const char *key)
{
	const char *v = plan_arg(c, key);
	return !v || strcmp(v, "null") == 0 ? NULL : plan_object(c, v);
}

PCCERT_CONTEXT plan_cert(const api_call *c, const char *key)
{
	api_object *o = object_arg(c, key);
	if (o && o->kind != OBJ_CERT)
		die(2, "%s:%u: %s names no certificate", plan_name, c->line,
		    key);
	return o ? o->cert : NULL;
}

static PCCRL_CONTEXT crl_arg(const api_call *c, const char *key)
{
	api_object *o = object_arg(c, key);
	if (o && o->kind != OBJ_CRL)
		die(2, "%s:%u: %s names no CRL", plan_name, c->line, key);
	return o ? o->crl : NULL;
}

/* Split a ',' list into (borrowed, modified) words; returns the count. */
static unsigned split_list(char *s, char **out)
{
	unsigned n = 0;
	for (char *w = s, *end; w && *w; w = end) {
		if ((end = strchr(w, ',')))
			*end++ = 0;
		if (n == MAX_LIST)
			die(2, "%s: more than %d list items", plan_name,
			    MAX_LIST);
		out[n++] = w;
	}
	return n;
}

/* A memory store after the adds DISP:NAME,...; NULL for `null`. The adds'
 * own results are not reported: a case's setup may make one fail on
 * purpose (a second CERT_STORE_ADD_NEW). */
static HCERTSTORE store_arg(const api_call *c, const char *key)
{
	const char *v = plan_arg(c, key);
	if (!v || strcmp(v, "null") == 0)
		return NULL;
	HCERTSTORE s = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
	if (!s)
		die(3, "CertOpenStore(MEMORY) failed (0x%08lX)",
		    GetLastError());
	if (strcmp(v, "empty") == 0)
		return s;
	char buf[1024], *items[MAX_LIST];
	snprintf(buf, sizeof buf, "%s", v);
	unsigned n = split_list(buf, items);
	for (unsigned i = 0; i < n; i++) {
		char *colon = strchr(items[i], ':');
		if (!colon)
			die(2, "%s:%u: store item '%s' is not DISP:NAME",
			    plan_name, c->line, items[i]);
		*colon = 0;
		DWORD disp = (DWORD)strtoul(items[i], NULL, 0);
		api_object *o = plan_object(c, colon + 1);
		if (o->kind == OBJ_CERT)
			CertAddCertificateContextToStore(s, o->cert, disp,
			                                 NULL);
		else if (o->kind == OBJ_CRL)
			CertAddCRLContextToStore(s, o->crl, disp, NULL);
		else
			CertAddCTLContextToStore(s, o->ctl, disp, NULL);
	}
	return s;
}

static void close_store(HCERTSTORE s)
{
	if (s)
		CertCloseStore(s, 0);
}

static void print_sha1(const BYTE *der, DWORD len)
{
	BYTE hash[20];
	DWORD n = sizeof hash;
	if (!CryptHashCertificate(0, CALG_SHA1, 0, der, len, hash, &n))
		die(3, "CryptHashCertificate failed (0x%08lX)", GetLastError());
	fputc('"', probe_out);
	for (DWORD i = 0; i < n; i++)
		fprintf(probe_out, "%02x", hash[i]);
	fputc('"', probe_out);
}

void call_out_begin(const api_call *c, long ret, DWORD err)
{
	fputs("{\"id\":", probe_out);
	json_str(c->id);
	fputs(",\"function\":", probe_out);
	json_str(c->function);
	fprintf(probe_out, ",\"ret\":%ld,\"last_error\":%lu", ret, err);
}

void call_out_end(void)
{
	fputs("}\n", probe_out);
}

static FILETIME filetime(int64_t t)
{
	FILETIME ft = {(DWORD)t, (DWORD)((uint64_t)t >> 32)};
	return ft;
}

static int64_t ticks_arg(const api_call *c, const char *key, int *present)
{
	const char *v = plan_arg(c, key);
	*present = v && strcmp(v, "null") != 0;
	if (!*present)
		return 0;
	char *end;
	long long t = strtoll(v, &end, 10);
	if (*end)
		die(2, "%s:%u: %s=%s is not FILETIME ticks", plan_name, c->line,
		    key, v);
	return t;
}

/* ---- revocation ---- */

typedef BOOL(WINAPI *verify_fn)(DWORD, DWORD, DWORD, void **, DWORD,
                                PCERT_REVOCATION_PARA, PCERT_REVOCATION_STATUS);

static void call_revocation(const api_call *c, verify_fn fn)
{
	char buf[1024], *names[MAX_LIST];
	void *ctx[MAX_LIST];
	unsigned n = 0;
	const char *cv = plan_arg(c, "contexts");
	if (cv && strcmp(cv, "null") != 0) {
		snprintf(buf, sizeof buf, "%s", cv);
		n = split_list(buf, names);
		for (unsigned i = 0; i < n; i++) {
			api_object *o = plan_object(c, names[i]);
			ctx[i] = (void *)o->cert;
		}
	}
	HCERTSTORE crls = store_arg(c, "crlstore");
	int has_time;
	FILETIME ft = filetime(ticks_arg(c, "time", &has_time));
	PCCERT_CONTEXT issuer = plan_cert(c, "issuer");
	const char *pv = plan_arg(c, "para");
	int has_para =
	    pv ? strcmp(pv, "null") != 0 : (issuer || crls || has_time);
	CERT_REVOCATION_PARA para;
	memset(&para, 0, sizeof para);
	para.cbSize = sizeof para;
	para.pIssuerCert = issuer;
	para.hCrlStore = crls;
	para.pftTimeToUse = has_time ? &ft : NULL;
	union {
		CERT_REVOCATION_STATUS s;
		BYTE b[sizeof(CERT_REVOCATION_STATUS)];
	} status;
	memset(&status, (int)plan_number(c, "status-fill", 0), sizeof status);
	status.s.cbSize = plan_number(c, "status-size", sizeof status.s);
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok = fn(
	    plan_number(c, "encoding", X509_ASN_ENCODING),
	    plan_number(c, "type", CERT_CONTEXT_REVOCATION_TYPE),
	    plan_number(c, "count", n), cv && strcmp(cv, "null") ? ctx : NULL,
	    plan_number(c, "flags", 0), has_para ? &para : NULL, &status.s);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	fprintf(probe_out, ",\"index\":%lu,\"error\":%lu,\"reason\":%lu",
	        status.s.dwIndex, status.s.dwError, status.s.dwReason);
	call_out_end();
	close_store(crls);
}

/* ---- certificates against issuers ---- */

static void call_get_issuer(const api_call *c)
{
	HCERTSTORE s = store_arg(c, "store");
	DWORD flags = plan_number(c, "flags", 0);
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	PCCERT_CONTEXT parent = CertGetIssuerCertificateFromStore(
	    s, plan_cert(c, "subject"), NULL, &flags);
	DWORD err = GetLastError();
	call_out_begin(c, parent != NULL, err);
	fputs(",\"parent\":", probe_out);
	if (parent)
		print_sha1(parent->pbCertEncoded, parent->cbCertEncoded);
	else
		fputs("null", probe_out);
	fprintf(probe_out, ",\"flags\":%lu", flags);
	call_out_end();
	if (parent)
		CertFreeCertificateContext(parent);
	close_store(s);
}

static void call_verify_subject(const api_call *c)
{
	DWORD flags = plan_number(c, "flags", 0);
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok = CertVerifySubjectCertificateContext(
	    plan_cert(c, "subject"), plan_cert(c, "issuer"), &flags);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	fprintf(probe_out, ",\"flags\":%lu", flags);
	call_out_end();
}

/* ---- adds ---- */

static void call_add_encoded(const api_call *c, int ctl)
{
	HCERTSTORE s = store_arg(c, "store");
	api_object *o = object_arg(c, "data");
	DWORD size = plan_number(c, "size", o ? o->len : 0);
	int want_out = (int)plan_number(c, "out", 0);
	PCCRL_CONTEXT crl_out = NULL;
	PCCTL_CONTEXT ctl_out = NULL;
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok;
	if (ctl)
		ok = CertAddEncodedCTLToStore(
		    s, plan_number(c, "encoding", X509_ASN_ENCODING),
		    o ? o->der : NULL, size, plan_number(c, "disposition", 0),
		    want_out ? &ctl_out : NULL);
	else
		ok = CertAddEncodedCRLToStore(
		    s, plan_number(c, "encoding", X509_ASN_ENCODING),
		    o ? o->der : NULL, size, plan_number(c, "disposition", 0),
		    want_out ? &crl_out : NULL);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	call_out_end();
	if (crl_out)
		CertFreeCRLContext(crl_out);
	if (ctl_out)
		CertFreeCTLContext(ctl_out);
	close_store(s);
}

static void call_add_crl_context(const api_call *c)
{
	HCERTSTORE s = store_arg(c, "store");
	PCCRL_CONTEXT crl = crl_arg(c, "crl"), added = NULL;
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok = CertAddCRLContextToStore(
	    s, crl, plan_number(c, "disposition", 0), &added);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	/* The store keeps its own copy: a new context, encoded bytes and
	 * CRL_INFO of its own, the same size (crl.c testAddCRL). */
	int copy = added && crl && added != crl &&
	           added->pbCrlEncoded != crl->pbCrlEncoded &&
	           added->cbCrlEncoded == crl->cbCrlEncoded &&
	           added->pCrlInfo != crl->pCrlInfo;
	fprintf(probe_out, ",\"copy\":%d", copy);
	call_out_end();
	if (added)
		CertFreeCRLContext(added);
	close_store(s);
}

/* ---- finding CRLs and CTLs ---- */

static void call_find_crl(const api_call *c)
{
	HCERTSTORE s = store_arg(c, "store");
	DWORD type = plan_number(c, "type", CRL_FIND_ANY);
	const void *para = NULL;
	CRL_FIND_ISSUED_FOR_PARA for_para;
	if (plan_arg(c, "para-subject") || plan_arg(c, "para-issuer")) {
		for_para.pSubjectCert = plan_cert(c, "para-subject");
		for_para.pIssuerCert = plan_cert(c, "para-issuer");
		para = &for_para;
	} else {
		api_object *o = object_arg(c, "para");
		para = !o                   ? NULL
		       : o->kind == OBJ_CRL ? (const void *)o->crl
		                            : (const void *)o->cert;
	}
	DWORD enc = plan_number(c, "encoding", 0),
	      flags = plan_number(c, "flags", 0);
	if (plan_number(c, "enumerate", 0)) {
		PCCERT_CONTEXT of = plan_cert(c, "entries-of");
		unsigned count = 0, revoked = 0;
		PCCRL_CONTEXT ctx = NULL;
		while ((
		    ctx = CertFindCRLInStore(s, enc, flags, type, para, ctx))) {
			PCRL_ENTRY entry = NULL;
			count++;
			if (of &&
			    CertFindCertificateInCRL(of, ctx, 0, NULL,
			                             &entry) &&
			    entry)
				revoked++;
		}
		call_out_begin(c, 0, GetLastError());
		fprintf(probe_out, ",\"count\":%u,\"revoked\":%u", count,
		        revoked);
		call_out_end();
		close_store(s);
		return;
	}
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	PCCRL_CONTEXT ctx = CertFindCRLInStore(s, enc, flags, type, para, NULL);
	DWORD err = GetLastError();
	call_out_begin(c, ctx != NULL, err);
	fputs(",\"context\":", probe_out);
	if (ctx) {
		print_sha1(ctx->pbCrlEncoded, ctx->cbCrlEncoded);
		fprintf(probe_out, ",\"size\":%lu", ctx->cbCrlEncoded);
		CertFreeCRLContext(ctx);
	} else {
		fputs("null", probe_out);
	}
	call_out_end();
	close_store(s);
}

static void call_enum_ctls(const api_call *c)
{
	HCERTSTORE s = store_arg(c, "store");
	unsigned count = 0;
	PCCTL_CONTEXT ctx = NULL;
	while ((ctx = CertEnumCTLsInStore(s, ctx)))
		count++;
	call_out_begin(c, 0, GetLastError());
	fprintf(probe_out, ",\"count\":%u", count);
	call_out_end();
	close_store(s);
}

static void call_get_crl(const api_call *c)
{
	HCERTSTORE s = store_arg(c, "store");
	DWORD flags = plan_number(c, "flags", 0);
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	PCCRL_CONTEXT ctx =
	    CertGetCRLFromStore(s, plan_cert(c, "issuer"), NULL, &flags);
	DWORD err = GetLastError();
	call_out_begin(c, ctx != NULL, err);
	fputs(",\"context\":", probe_out);
	if (ctx) {
		print_sha1(ctx->pbCrlEncoded, ctx->cbCrlEncoded);
		CertFreeCRLContext(ctx);
	} else {
		fputs("null", probe_out);
	}
	fprintf(probe_out, ",\"flags\":%lu", flags);
	call_out_end();
	close_store(s);
}

/* ---- one CRL and one certificate ---- */

static void call_is_valid_crl(const api_call *c)
{
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok = CertIsValidCRLForCertificate(
	    plan_cert(c, "cert"), crl_arg(c, "crl"), plan_number(c, "flags", 0),
	    NULL);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	call_out_end();
}

static void call_find_cert_in_crl(const api_call *c)
{
	PCRL_ENTRY entry = NULL;
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok =
	    CertFindCertificateInCRL(plan_cert(c, "cert"), crl_arg(c, "crl"),
	                             plan_number(c, "flags", 0), NULL, &entry);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	fputs(",\"entry\":", probe_out);
	if (entry) {
		/* The serial as it is written: big-endian hex (CryptoAPI
		 * keeps integers little-endian). */
		fputc('"', probe_out);
		for (DWORD i = entry->SerialNumber.cbData; i > 0; i--)
			fprintf(probe_out, "%02x",
			        entry->SerialNumber.pbData[i - 1]);
		fputc('"', probe_out);
	} else {
		fputs("null", probe_out);
	}
	call_out_end();
}

static void call_verify_crl_revocation(const api_call *c)
{
	char buf[1024], *names[MAX_LIST];
	PCRL_INFO infos[MAX_LIST];
	unsigned n = 0;
	const char *v = plan_arg(c, "crls");
	if (v && strcmp(v, "null") != 0) {
		snprintf(buf, sizeof buf, "%s", v);
		n = split_list(buf, names);
		for (unsigned i = 0; i < n; i++) {
			api_object *o = plan_object(c, names[i]);
			if (o->kind != OBJ_CRL)
				die(2, "%s:%u: %s is no CRL", plan_name,
				    c->line, names[i]);
			infos[i] = o->crl->pCrlInfo;
		}
	}
	PCCERT_CONTEXT cert = plan_cert(c, "cert");
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok = CertVerifyCRLRevocation(
	    plan_number(c, "encoding", X509_ASN_ENCODING),
	    cert ? cert->pCertInfo : NULL, plan_number(c, "count", n),
	    n ? infos : NULL);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	call_out_end();
}

static void call_time_validity(const api_call *c)
{
	int p1, p2, p3;
	FILETIME t = filetime(ticks_arg(c, "time", &p1));
	CERT_INFO info;
	memset(&info, 0, sizeof info);
	info.NotBefore = filetime(ticks_arg(c, "notbefore", &p2));
	info.NotAfter = filetime(ticks_arg(c, "notafter", &p3));
	LONG r = CertVerifyTimeValidity(p1 ? &t : NULL, &info);
	call_out_begin(c, r, GetLastError());
	call_out_end();
}

static void call_crl_time_validity(const api_call *c)
{
	int present;
	FILETIME t = filetime(ticks_arg(c, "time", &present));
	PCCRL_CONTEXT crl = crl_arg(c, "crl");
	if (!crl)
		die(2, "%s:%u: crl= names no CRL", plan_name, c->line);
	LONG r = CertVerifyCRLTimeValidity(present ? &t : NULL, crl->pCrlInfo);
	call_out_begin(c, r, GetLastError());
	call_out_end();
}

/* ---- the plan ---- */

static char *next_word(char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (!**p)
		return NULL;
	char *w = *p;
	while (**p && **p != ' ' && **p != '\t')
		(*p)++;
	if (**p)
		*(*p)++ = 0;
	return w;
}

static void load_object(char *rest, unsigned line)
{
	char *name = next_word(&rest), *kind = next_word(&rest);
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (!name || !kind || !*rest)
		die(2, "%s:%u:1: expected 'object NAME cert|crl|ctl PATH'",
		    plan_name, line);
	if (nobjects == MAX_OBJECTS)
		die(2, "%s:%u:1: more than %d objects", plan_name, line,
		    MAX_OBJECTS);
	api_object *o = &objects[nobjects++];
	o->name = name;
	o->der = read_file(rest, &o->len);
	if (strcmp(kind, "cert") == 0) {
		o->kind = OBJ_CERT;
		o->cert = CertCreateCertificateContext(X509_ASN_ENCODING,
		                                       o->der, o->len);
	} else if (strcmp(kind, "crl") == 0) {
		o->kind = OBJ_CRL;
		o->crl =
		    CertCreateCRLContext(X509_ASN_ENCODING, o->der, o->len);
	} else if (strcmp(kind, "ctl") == 0) {
		o->kind = OBJ_CTL;
		o->ctl = CertCreateCTLContext(
		    X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, o->der, o->len);
	} else {
		die(2, "%s:%u: unknown object kind '%s'", plan_name, line,
		    kind);
	}
	if (!o->cert && !o->crl && !o->ctl)
		die(3, "%s: CryptoAPI does not accept it as a %s (0x%08lX)",
		    rest, kind, GetLastError());
}

static void run_call(char *rest, unsigned line)
{
	api_call c;
	memset(&c, 0, sizeof c);
	c.line = line;
	c.id = next_word(&rest);
	c.function = next_word(&rest);
	if (!c.id || !c.function)
		die(2, "%s:%u:1: expected 'call ID FUNCTION KEY=VALUE...'",
		    plan_name, line);
	for (char *w; (w = next_word(&rest));) {
		char *eq = strchr(w, '=');
		if (!eq || c.nargs == MAX_ARGS)
			die(2, "%s:%u: '%s' is not KEY=VALUE", plan_name, line,
			    w);
		*eq = 0;
		c.args[c.nargs].key = w;
		c.args[c.nargs++].value = eq + 1;
	}
	const char *f = c.function;
	if (strcmp(f, "CertVerifyRevocation") == 0) {
		call_revocation(&c, CertVerifyRevocation);
	} else if (strcmp(f, "CertDllVerifyRevocation") == 0) {
		HMODULE dll = LoadLibraryA("cryptnet.dll");
		verify_fn fn = dll ? (verify_fn)(void (*)(void))GetProcAddress(
		                         dll, "CertDllVerifyRevocation")
		                   : NULL;
		if (!fn)
			die(3, "cryptnet.dll has no CertDllVerifyRevocation");
		call_revocation(&c, fn);
	} else if (strcmp(f, "CertGetIssuerCertificateFromStore") == 0) {
		call_get_issuer(&c);
	} else if (strcmp(f, "CertVerifySubjectCertificateContext") == 0) {
		call_verify_subject(&c);
	} else if (strcmp(f, "CertAddEncodedCRLToStore") == 0) {
		call_add_encoded(&c, 0);
	} else if (strcmp(f, "CertAddEncodedCTLToStore") == 0) {
		call_add_encoded(&c, 1);
	} else if (strcmp(f, "CertAddCRLContextToStore") == 0) {
		call_add_crl_context(&c);
	} else if (strcmp(f, "CertFindCRLInStore") == 0) {
		call_find_crl(&c);
	} else if (strcmp(f, "CertEnumCTLsInStore") == 0) {
		call_enum_ctls(&c);
	} else if (strcmp(f, "CertGetCRLFromStore") == 0) {
		call_get_crl(&c);
	} else if (strcmp(f, "CertIsValidCRLForCertificate") == 0) {
		call_is_valid_crl(&c);
	} else if (strcmp(f, "CertFindCertificateInCRL") == 0) {
		call_find_cert_in_crl(&c);
	} else if (strcmp(f, "CertVerifyCRLRevocation") == 0) {
		call_verify_crl_revocation(&c);
	} else if (strcmp(f, "CertVerifyTimeValidity") == 0) {
		call_time_validity(&c);
	} else if (strcmp(f, "CertVerifyCRLTimeValidity") == 0) {
		call_crl_time_validity(&c);
	} else if (strcmp(f, "CryptGetObjectUrl") == 0) {
		call_get_object_url(&c);
	} else if (strcmp(f, "CryptRetrieveObjectByUrl") == 0) {
		call_retrieve(&c);
	} else {
		die(2, "%s:%u: unknown function '%s'", plan_name, line, f);
	}
	fflush(probe_out);
}

/* The clock and now lines, wherever they are (the runner appends clock). */
static void set_process_clock(const char *text)
{
	char *copy = _strdup(text), *clock = NULL, *now = NULL;
	if (!copy)
		die(3, "out of memory");
	for (char *p = copy, *next; p && *p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = 0;
		p[strcspn(p, "\r")] = 0;
		char *rest = p, *kw = next_word(&rest);
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (kw && strcmp(kw, "clock") == 0)
			clock = rest;
		else if (kw && strcmp(kw, "now") == 0)
			now = rest;
	}
	if (clock && now)
		probe_set_clock(clock, strtoll(now, NULL, 10));
	free(copy);
}

int probe_api_run(const char *path, char *text)
{
	plan_name = path;
	set_process_clock(text);
	unsigned line = 0;
	for (char *p = text, *next; p && *p; p = next) {
		line++;
		next = strchr(p, '\n');
		if (next)
			*next++ = 0;
		p[strcspn(p, "\r")] = 0;
		char *rest = p, *kw = next_word(&rest);
		if (!kw || kw[0] == '#' || line == 1 ||
		    strcmp(kw, "clock") == 0 || strcmp(kw, "now") == 0)
			continue;
		if (strcmp(kw, "object") == 0)
			load_object(rest, line);
		else if (strcmp(kw, "call") == 0)
			run_call(rest, line);
		else
			die(2, "%s:%u:1: unknown line '%s'", path, line, kw);
	}
	return 0;
}
