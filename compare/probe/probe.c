/* capisim-probe.exe: runs a probe plan (plan.h) against the real CryptoAPI -
 * Windows 7 or later, or Wine - and writes one trace line per step in the
 * schema of `capisim verify --json` (docs/compare.md):
 *
 *   {"profile":..,"step":N,"at":..,"clock":..,"chain":{"error_status":..,
 *    "info_status":..,"elements":[{"subject":..,"thumbprint_sha1":..,
 *    "error_status":..,"info_status":..}]},"policy":{"name":..,"error":..,
 *    "chain_index":N,"element_index":N}}
 *
 * usage: capisim-probe.exe PLAN [TRACE.jsonl]   (stdout without TRACE)
 * Exit: 0 every step ran, 2 bad plan or unreadable file, 3 an API call the
 * probe depends on failed (the line says which).
 *
 * Under Wine the clock is libfaketime's: before each step with at=, the probe
 * rewrites the timestamp file named by the plan's `clock` line and reads
 * GetSystemTimeAsFileTime back into "clock", so the runner can check that the
 * process clock followed. On Windows leave `clock` out: the step runs at the
 * machine's time and "clock" says which. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <wincrypt.h>

#include <fcntl.h>
#include <io.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "probe.h"

#define TICKS_PER_SECOND 10000000LL

FILE *probe_out;

int die(int code, const char *fmt, ...)
{
	va_list ap;
	fputs("capisim-probe: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static wchar_t *widen(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
	wchar_t *w = n > 0 ? malloc((size_t)n * sizeof *w) : NULL;
	if (!w || !MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n))
		die(2, "'%s' is not valid UTF-8", s);
	return w;
}

static char *narrow(const wchar_t *w)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	char *s = n > 0 ? malloc((size_t)n) : NULL;
	if (!s || !WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL))
		die(3, "UTF-16 to UTF-8 conversion failed");
	return s;
}

BYTE *read_file(const char *path, DWORD *len)
{
	wchar_t *wpath = widen(path);
	HANDLE h = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ, NULL,
	                       OPEN_EXISTING, 0, NULL);
	free(wpath);
	if (h == INVALID_HANDLE_VALUE)
		die(2, "%s: cannot open (error %lu)", path, GetLastError());
	DWORD size = GetFileSize(h, NULL);
	BYTE *buf = malloc(size + 1u);
	DWORD got = 0;
	if (size == INVALID_FILE_SIZE || !buf ||
	    !ReadFile(h, buf, size, &got, NULL) || got != size)
		die(2, "%s: cannot read", path);
	CloseHandle(h);
	buf[size] = 0;
	*len = size;
	return buf;
}

/* DER as is; PEM ("-----BEGIN") decoded by CryptoAPI itself. */
static BYTE *read_der(const char *path, DWORD *len)
{
	BYTE *raw = read_file(path, len);
	if (*len < 10 || memcmp(raw, "-----BEGIN", 10) != 0)
		return raw;
	DWORD n = 0;
	if (!CryptStringToBinaryA((char *)raw, *len, CRYPT_STRING_BASE64HEADER,
	                          NULL, &n, NULL, NULL))
		die(2, "%s: bad PEM", path);
	BYTE *der = malloc(n);
	if (!der ||
	    !CryptStringToBinaryA((char *)raw, *len, CRYPT_STRING_BASE64HEADER,
	                          der, &n, NULL, NULL))
		die(2, "%s: bad PEM", path);
	free(raw);
	*len = n;
	return der;
}

static PCCERT_CONTEXT load_cert(const char *path)
{
	DWORD len;
	BYTE *der = read_der(path, &len);
	PCCERT_CONTEXT c =
	    CertCreateCertificateContext(X509_ASN_ENCODING, der, len);
	if (!c)
		die(2,
		    "%s: not a certificate CryptoAPI accepts (error 0x%08lX)",
		    path, GetLastError());
	free(der);
	return c;
}

static void add_crl(HCERTSTORE store, const char *path)
{
	DWORD len;
	BYTE *der = read_der(path, &len);
	if (!CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, der, len,
	                              CERT_STORE_ADD_ALWAYS, NULL))
		die(2, "%s: not a CRL CryptoAPI accepts (error 0x%08lX)", path,
		    GetLastError());
	free(der);
}

/* ---- JSON output (strings are UTF-8; escape what RFC 8259 requires) ---- */

void json_str(const char *s)
{
	fputc('"', probe_out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(probe_out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(probe_out, "\\u%04x", *p);
		else
			fputc(*p, probe_out);
	}
	fputc('"', probe_out);
}

void json_time(int64_t ticks)
{
	FILETIME ft = {(DWORD)ticks, (DWORD)((uint64_t)ticks >> 32)};
	SYSTEMTIME st;
	if (!FileTimeToSystemTime(&ft, &st))
		die(3, "FileTimeToSystemTime failed for %lld",
		    (long long)ticks);
	fprintf(probe_out, "\"%04u-%02u-%02uT%02u:%02u:%02u", st.wYear,
	        st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond);
	/* The sub-second part like capisim prints it: 7 digits, zeros trimmed.
	 */
	unsigned frac = (unsigned)(ticks % TICKS_PER_SECOND);
	if (frac) {
		char digits[8];
		snprintf(digits, sizeof digits, "%07u", frac);
		for (int i = 6; i > 0 && digits[i] == '0'; i--)
			digits[i] = 0;
		fprintf(probe_out, ".%s", digits);
	}
	fputs("Z\"", probe_out);
}

static int64_t now_ticks(void)
{
	FILETIME ft;
	GetSystemTimeAsFileTime(&ft);
	return (int64_t)(((uint64_t)ft.dwHighDateTime << 32) |
	                 ft.dwLowDateTime);
}

/* libfaketime's absolute form "YYYY-MM-DD hh:mm:ss" (a stopped clock). */
void probe_set_clock(const char *path, int64_t ticks)
{
	FILETIME ft = {(DWORD)ticks, (DWORD)((uint64_t)ticks >> 32)};
	SYSTEMTIME st;
	char line[64];
	if (!FileTimeToSystemTime(&ft, &st))
		die(2, "time %lld out of range", (long long)ticks);
	int n = snprintf(line, sizeof line, "%04u-%02u-%02u %02u:%02u:%02u\n",
	                 st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
	                 st.wSecond);
	wchar_t *wpath = widen(path);
	HANDLE h = CreateFileW(wpath, GENERIC_WRITE, FILE_SHARE_READ, NULL,
	                       CREATE_ALWAYS, 0, NULL);
	free(wpath);
	DWORD put = 0;
	if (h == INVALID_HANDLE_VALUE ||
	    !WriteFile(h, line, (DWORD)n, &put, NULL) || put != (DWORD)n)
		die(3, "%s: cannot write the clock file (error %lu)", path,
		    GetLastError());
	CloseHandle(h);
}

void print_thumbprint(PCCERT_CONTEXT c)
{
	BYTE hash[20];
	DWORD n = sizeof hash;
	if (!CertGetCertificateContextProperty(c, CERT_SHA1_HASH_PROP_ID, hash,
	                                       &n) ||
	    n != 20)
		die(3, "CertGetCertificateContextProperty(SHA1) failed");
	fputc('"', probe_out);
	for (int i = 0; i < 20; i++)
		fprintf(probe_out, "%02x", hash[i]);
	fputc('"', probe_out);
}

void print_subject(PCCERT_CONTEXT c)
{
	/* RFC 2253 order, as certutil prints element subjects. */
	DWORD flags = CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG;
	DWORD n = CertNameToStrW(X509_ASN_ENCODING, &c->pCertInfo->Subject,
	                         flags, NULL, 0);
	wchar_t *w = malloc(n * sizeof *w);
	if (!w || !CertNameToStrW(X509_ASN_ENCODING, &c->pCertInfo->Subject,
	                          flags, w, n))
		die(3, "CertNameToStrW failed");
	char *s = narrow(w);
	json_str(s);
	free(s);
	free(w);
}

void print_head(const plan *p, const plan_step *st)
{
	fputs("{\"profile\":", probe_out);
	json_str(p->profile ? p->profile : "windows");
	if (st->step)
		fprintf(probe_out, ",\"step\":%u", st->step);
	fputs(",\"at\":", probe_out);
	json_time(st->verify_at >= 0 ? st->verify_at
	          : st->at >= 0      ? st->at
	                             : now_ticks());
	fputs(",\"clock\":", probe_out);
	json_time(now_ticks());
}

/* The names `capisim verify --json` gives the policies (engine/chain
 * status.c), by CERT_CHAIN_POLICY_* value. */
static const char *policy_name(unsigned id)
{
	static const char *const names[] = {"?",
	                                    "base",
	                                    "authenticode",
	                                    "authenticode-ts",
	                                    "ssl",
	                                    "basic-constraints",
	                                    "nt-auth",
	                                    "microsoft-root",
	                                    "ev",
	                                    "ssl-f12",
	                                    "ssl-hpkp-header",
	                                    "third-party-root",
	                                    "ssl-key-pin"};
	return id < sizeof names / sizeof *names ? names[id] : "?";
}

static void run_policy(const plan_step *st, PCCERT_CHAIN_CONTEXT chain)
{
	SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl;
	CERT_CHAIN_POLICY_PARA para;
	CERT_CHAIN_POLICY_STATUS status;
	wchar_t *server = st->server ? widen(st->server) : NULL;
	memset(&para, 0, sizeof para);
	memset(&status, 0, sizeof status);
	para.cbSize = sizeof para;
	para.dwFlags = st->policy_flags;
	if (st->policy == 4 && !st->no_ssl_para) {
		memset(&ssl, 0, sizeof ssl);
		ssl.cbSize = sizeof ssl;
		ssl.dwAuthType = st->auth_type;
		ssl.fdwChecks = st->ssl_checks;
		ssl.pwszServerName = server;
		para.pvExtraPolicyPara = &ssl;
	}
	status.cbSize = sizeof status;
	fputs(",\"policy\":{\"name\":", probe_out);
	json_str(policy_name(st->policy));
	if (!CertVerifyCertificateChainPolicy((LPCSTR)(ULONG_PTR)st->policy,
	                                      chain, &para, &status))
		fprintf(probe_out, ",\"call_error\":\"0x%08lX\"}",
		        GetLastError());
	else
		fprintf(probe_out,
		        ",\"error\":\"0x%08lX\",\"chain_index\":%ld,\"element_"
		        "index\":%ld}",
		        status.dwError, status.lChainIndex,
		        status.lElementIndex);
	free(server);
}

static void run_verify(const plan *p, const plan_step *st,
                       HCERTCHAINENGINE engine, HCERTSTORE additional,
                       PCCERT_CONTEXT *certs)
{
	CERT_CHAIN_PARA para;
	memset(&para, 0, sizeof para);
	para.cbSize = sizeof para;
	para.RequestedUsage.dwType =
	    st->usage_match ? USAGE_MATCH_TYPE_OR : USAGE_MATCH_TYPE_AND;
	para.RequestedUsage.Usage.cUsageIdentifier = st->nusage;
	para.RequestedUsage.Usage.rgpszUsageIdentifier =
	    st->nusage ? (LPSTR *)st->usage : NULL;
	FILETIME pt, *ptime = NULL;
	if (st->verify_at >= 0) {
		pt.dwLowDateTime = (DWORD)st->verify_at;
		pt.dwHighDateTime = (DWORD)((uint64_t)st->verify_at >> 32);
		ptime = &pt;
	}
	PCCERT_CHAIN_CONTEXT chain = NULL;
	BOOL ok =
	    CertGetCertificateChain(engine, certs[st->cert], ptime, additional,
	                            &para, st->flags, NULL, &chain);
	print_head(p, st);
	if (!ok || !chain) {
		fprintf(probe_out,
		        ",\"call\":\"CertGetCertificateChain\",\"call_error\":"
		        "\"0x%08lX\"}\n",
		        GetLastError());
		return;
	}
	fprintf(probe_out,
	        ",\"chain\":{\"error_status\":\"0x%08lx\",\"info_status\":\"0x%"
	        "08lx\"",
	        chain->TrustStatus.dwErrorStatus,
	        chain->TrustStatus.dwInfoStatus);
	/* The first simple chain, as `capisim verify --json` has one; further
	 * simple chains (CTL-based trust) are counted so a diff notices them.
	 */
	if (chain->cChain > 1)
		fprintf(probe_out, ",\"simple_chains\":%lu", chain->cChain);
	fputs(",\"elements\":[", probe_out);
	const CERT_SIMPLE_CHAIN *sc = chain->cChain ? chain->rgpChain[0] : NULL;
	for (DWORD i = 0; sc && i < sc->cElement; i++) {
		const CERT_CHAIN_ELEMENT *e = sc->rgpElement[i];
		fputs(i ? ",{\"subject\":" : "{\"subject\":", probe_out);
		print_subject(e->pCertContext);
		fputs(",\"thumbprint_sha1\":", probe_out);
		print_thumbprint(e->pCertContext);
		fprintf(probe_out,
		        ",\"error_status\":\"0x%08lx\",\"info_status\":\"0x%"
		        "08lx\"}",
		        e->TrustStatus.dwErrorStatus,
		        e->TrustStatus.dwInfoStatus);
	}
	fputs("]}", probe_out);
	if (st->policy)
		run_policy(st, chain);
	fputs("}\n", probe_out);
	CertFreeCertificateChain(chain);
}

static void run_revocation(const plan *p, const plan_step *st, HCERTSTORE crls,
                           PCCERT_CONTEXT *certs)
{
	CERT_REVOCATION_PARA para;
	CERT_REVOCATION_STATUS status;
	memset(&para, 0, sizeof para);
	memset(&status, 0, sizeof status);
	para.cbSize = sizeof para;
	para.pIssuerCert = certs[st->issuer];
	para.cCertStore = 1;
	para.rgCertStore = &crls;
	status.cbSize = sizeof status;
	PVOID ctx = (PVOID)certs[st->cert];
	BOOL ok = CertVerifyRevocation(X509_ASN_ENCODING,
	                               CERT_CONTEXT_REVOCATION_TYPE, 1, &ctx,
	                               st->flags, &para, &status);
	print_head(p, st);
	fputs(",\"revocation\":{\"cert\":", probe_out);
	print_thumbprint(certs[st->cert]);
	fprintf(
	    probe_out,
	    ",\"ok\":%s,\"error\":\"0x%08lX\",\"index\":%lu,\"reason\":%lu}}\n",
	    ok ? "true" : "false", status.dwError, status.dwIndex,
	    status.dwReason);
}

static HCERTSTORE memory_store(void)
{
	HCERTSTORE s = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
	if (!s)
		die(3, "CertOpenStore(MEMORY) failed (error 0x%08lX)",
		    GetLastError());
	return s;
}

/* Certificates added to a system store for the run, removed at exit. */
typedef struct {
	HCERTSTORE store;
	PCCERT_CONTEXT added[PLAN_MAX_FILES];
	unsigned n;
} system_additions;

static void system_add(system_additions *sa, const wchar_t *name,
                       PCCERT_CONTEXT c)
{
	if (!sa->store)
		sa->store = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
		                          CERT_SYSTEM_STORE_CURRENT_USER, name);
	PCCERT_CONTEXT copy = NULL;
	if (!sa->store || !CertAddCertificateContextToStore(
	                      sa->store, c, CERT_STORE_ADD_USE_EXISTING, &copy))
		die(3,
		    "cannot add a certificate to the user's %ls store (error "
		    "0x%08lX)",
		    name, GetLastError());
	sa->added[sa->n++] = copy;
}

static void system_remove_all(system_additions *sa)
{
	for (unsigned i = 0; i < sa->n; i++)
		CertDeleteCertificateFromStore(
		    sa->added[i]); /* frees the context */
	if (sa->store)
		CertCloseStore(sa->store, 0);
}

/* The purposes lines: the EKU property of the store entries (stored[i],
 * the context the root or ca line's store holds) of their files. */
static void apply_purposes(const plan *p, PCCERT_CONTEXT *stored)
{
	for (unsigned k = 0; k < p->npurposes; k++) {
		const plan_purposes *u = &p->purposes[k];
		char list[512];
		if (strlen(u->usages) >= sizeof list)
			die(2, "purposes list too long");
		strcpy(list, u->usages);
		LPSTR oids[16];
		CERT_ENHKEY_USAGE eku = {0, oids};
		for (char *w = list, *end;
		     strcmp(list, "all") != 0 && strcmp(list, "none") != 0 && w;
		     w = end) {
			if ((end = strchr(w, ',')))
				*end++ = '\0';
			if (eku.cUsageIdentifier == 16)
				die(2, "more than 16 purposes");
			oids[eku.cUsageIdentifier++] = w;
		}
		BYTE enc[1024];
		CRYPT_DATA_BLOB blob = {sizeof enc, enc};
		if (strcmp(list, "all") != 0 &&
		    !CryptEncodeObject(X509_ASN_ENCODING,
		                       X509_ENHANCED_KEY_USAGE, &eku, enc,
		                       &blob.cbData))
			die(3, "CryptEncodeObject(EKU) failed (error 0x%08lX)",
			    GetLastError());
		for (unsigned i = 0; i < p->nfiles; i++)
			if (stored[i] &&
			    strcmp(p->files[i].path, u->path) == 0 &&
			    !CertSetCertificateContextProperty(
			        stored[i], CERT_ENHKEY_USAGE_PROP_ID, 0,
			        strcmp(list, "all") == 0 ? NULL : &blob))
				die(3,
				    "CertSetCertificateContextProperty(EKU) "
				    "failed (error 0x%08lX)",
				    GetLastError());
	}
}

/* A memory store of the step's own certificates (cert line indexes). */
static HCERTSTORE store_of(PCCERT_CONTEXT *certs, const int *idx, unsigned n)
{
	HCERTSTORE s = memory_store();
	for (unsigned i = 0; i < n; i++)
		if (!CertAddCertificateContextToStore(
		        s, certs[idx[i]], CERT_STORE_ADD_ALWAYS, NULL))
			die(3,
			    "CertAddCertificateContextToStore failed (error "
			    "0x%08lX)",
			    GetLastError());
	return s;
}

/* A verify step with the plan's engine and additional store, or with its
 * own (additional=, roots=): a fresh memory store as hAdditionalStore, a
 * fresh engine whose hExclusiveRoot holds the step's roots. */
static void run_verify_own(const plan *p, const plan_step *st,
                           HCERTCHAINENGINE engine, HCERTSTORE additional,
                           PCCERT_CONTEXT *certs)
{
	HCERTSTORE own_add = NULL, own_roots = NULL;
	HCERTCHAINENGINE own_engine = NULL;
	if (st->own_additional)
		additional = own_add =
		    st->nadditional
		        ? store_of(certs, st->additional, st->nadditional)
		        : NULL;
	if (st->own_roots) {
		union {
			CERT_CHAIN_ENGINE_CONFIG config;
			BYTE bytes[256];
		} cfg;
		memset(&cfg, 0, sizeof cfg);
		cfg.config.cbSize = p->engine_cbsize;
		cfg.config.hExclusiveRoot = own_roots =
		    store_of(certs, st->roots, st->nroots);
		if (!CertCreateCertificateChainEngine(&cfg.config, &own_engine))
			die(3,
			    "CertCreateCertificateChainEngine failed (error "
			    "0x%08lX)",
			    GetLastError());
		engine = own_engine;
	}
	run_verify(p, st, engine, additional, certs);
	if (own_engine)
		CertFreeCertificateChainEngine(own_engine);
	if (own_roots)
		CertCloseStore(own_roots, 0);
	if (own_add)
		CertCloseStore(own_add, 0);
}

int wmain(int argc, wchar_t **argv)
{
	if (argc < 2 || argc > 3) {
		fputs("usage: capisim-probe.exe PLAN [TRACE.jsonl]\n", stderr);
		return 2;
	}
	char *plan_path = narrow(argv[1]);
	DWORD len;
	char *text = (char *)read_file(plan_path, &len);
	if (strlen(text) != len)
		die(2, "%s: NUL byte in the plan", plan_path);
	if (strncmp(text, "capisim-probe-api ", 18) == 0) {
		if (argc == 3 && !(probe_out = _wfopen(argv[2], L"wb")))
			die(2, "cannot create %ls", argv[2]);
		if (argc != 3) {
			probe_out = stdout;
			_setmode(_fileno(stdout), _O_BINARY);
		}
		probe_api_run(plan_path, text);
		if (probe_out != stdout && fclose(probe_out) != 0)
			die(3, "cannot write the trace");
		return 0;
	}
	plan p;
	char err[512];
	if (plan_parse(text, &p, err, sizeof err) < 0)
		die(2, "%s:%s", plan_path, err);
	free(text);

	if (argc == 3) {
		probe_out = _wfopen(argv[2], L"wb");
		if (!probe_out)
			die(2, "cannot create %ls", argv[2]);
	} else {
		probe_out = stdout;
		_setmode(_fileno(stdout), _O_BINARY);
	}

	HCERTSTORE roots = memory_store(), additional = memory_store();
	PCCERT_CONTEXT certs[PLAN_MAX_FILES] = {0};
	PCCERT_CONTEXT stored[PLAN_MAX_FILES] = {0}; /* the stores' copies */
	system_additions user_root = {0}, user_disallowed = {0};
	for (unsigned i = 0; i < p.nfiles; i++) {
		const plan_file *f = &p.files[i];
		if (f->kind == PLAN_FILE_CRL) {
			add_crl(additional, f->path);
			continue;
		}
		if (f->kind == PLAN_FILE_CTL)
			continue; /* read by its ctl-check: a rejection is a
			           * result
			           */
		certs[i] = load_cert(f->path);
		if (f->kind == PLAN_FILE_ROOT) {
			CertAddCertificateContextToStore(
			    roots, certs[i], CERT_STORE_ADD_ALWAYS, &stored[i]);
			/* Wine 8 and Windows require a restricted root to be a
			 * subset of the Root store: put it there for the run.
			 */
			if (p.engine == PLAN_ENGINE_RESTRICTED)
				system_add(&user_root, L"Root", certs[i]);
		} else if (f->kind == PLAN_FILE_CA) {
			CertAddCertificateContextToStore(additional, certs[i],
			                                 CERT_STORE_ADD_ALWAYS,
			                                 &stored[i]);
		} else if (f->kind == PLAN_FILE_DISALLOWED) {
			system_add(&user_disallowed, L"Disallowed", certs[i]);
		}
	}

	apply_purposes(&p, stored);

	/* The engine config is built in a zeroed byte buffer because cbSize is
	 * a plan parameter: 80 is Windows 7's struct (up to
	 * hExclusiveTrustedPeople) and the size Wine 8 accepts; 88 adds
	 * dwExclusiveFlags (Windows 8+). */
	union {
		CERT_CHAIN_ENGINE_CONFIG config;
		BYTE bytes[256];
	} cfg;
	memset(&cfg, 0, sizeof cfg);
	if (p.engine_cbsize > sizeof cfg)
		die(2, "engine-cbsize %u is larger than %u", p.engine_cbsize,
		    (unsigned)sizeof cfg);
	cfg.config.cbSize = p.engine_cbsize;
	if (p.engine == PLAN_ENGINE_EXCLUSIVE)
		cfg.config.hExclusiveRoot = roots;
	else if (p.engine == PLAN_ENGINE_RESTRICTED)
		cfg.config.hRestrictedRoot = roots;
	HCERTCHAINENGINE engine = NULL;
	if (!CertCreateCertificateChainEngine(&cfg.config, &engine))
		die(3,
		    "CertCreateCertificateChainEngine(cbSize %u) failed (error "
		    "0x%08lX)",
		    p.engine_cbsize, GetLastError());

	for (unsigned i = 0; i < p.nsteps; i++) {
		const plan_step *st = &p.steps[i];
		if (st->at >= 0 && p.clock)
			probe_set_clock(p.clock, st->at);
		if (st->kind == PLAN_STEP_VERIFY)
			run_verify_own(&p, st, engine, additional, certs);
		else if (st->kind == PLAN_STEP_CTL)
			run_ctl_check(&p, st);
		else
			run_revocation(&p, st, additional, certs);
		fflush(probe_out);
	}

	CertFreeCertificateChainEngine(engine);
	system_remove_all(&user_root);
	system_remove_all(&user_disallowed);
	for (unsigned i = 0; i < p.nfiles; i++) {
		if (certs[i])
			CertFreeCertificateContext(certs[i]);
		if (stored[i])
			CertFreeCertificateContext(stored[i]);
	}
	CertCloseStore(roots, 0);
	CertCloseStore(additional, 0);
	plan_free(&p);
	free(plan_path);
	if (probe_out != stdout && fclose(probe_out) != 0)
		die(3, "cannot write the trace");
	return 0;
}
