/* capisim_reproduce (capisim/reproduce.h, `capisim reproduce`): rebuild the
 * situation of a real `certutil -verify [-urlfetch]` paste and
 * run it in the model (docs/reproduce.md).
 *
 * From the paste (imported by compare/import/certutil.c): the chain's
 * certificates by thumbprint, the CRLs under its elements by thumbprint,
 * ChainFlags, the policy, whether -urlfetch was given (URL sections: certutil
 * then runs as a process of its own), the layout (which guesses the
 * profile). From DIR: the certificate and CRL files, matched by SHA-1. The
 * root goes to the Root store unless the paste says it was untrusted; the
 * other certificates to the CA store; the CRLs are served at the CDP URLs
 * of the certificates (as `capisim verify --crl`). Then the model verifies
 * the leaf and reproduce_report.c lists what agrees and what differs. */
#include <dirent.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api.h"
#include "api/reproduce.h"
#include "api/verify_build.h"
#include "capisim/reproduce.h"
#include "model/alloc.h"
#include "compare/diff.h"
#include "compare/import/import.h"
#include "pki/cert.h"
#include "pki/crl.h"
#include "pki/file_read.h"
#include "render/explain.h"

#define MAX_GIVEN 256

typedef struct {
	char sha1[41];
	char *path;
	const struct cs_cert *cert; /* NULL for a CRL */
	const cs_crl *crl;
} given;

typedef struct {
	given v[MAX_GIVEN];
	size_t n;
} given_set;

static void given_free(given_set *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i].path);
}

static const given *find(const given_set *g, const char *sha1)
{
	for (size_t i = 0; sha1 && i < g->n; i++)
		if (strcasecmp(g->v[i].sha1, sha1) == 0)
			return &g->v[i];
	return NULL;
}

static void sha1_hex(const unsigned char *p, size_t n, char out[41])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	out[0] = 0;
	if (!EVP_Digest(p, n, md, &len, EVP_sha1(), NULL))
		return;
	for (unsigned i = 0; i < len && i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* A CRL file, DER or PEM, interned as DER (its SHA-1 is certutil's "CRL:"
 * line). */
static const cs_crl *load_crl(cs_pool *pool, const char *path, char sha1[41])
{
	cs_bytes b;
	const char *name;
	cs_diag d = {0};
	if (cs_pool_file(pool, path, &b, &name, &d) != CS_OK)
		return NULL;
	X509_CRL *x = api_read_crl(b);
	unsigned char *der = NULL;
	int n = x ? i2d_X509_CRL(x, &der) : -1;
	X509_CRL_free(x);
	const cs_crl *crl = NULL;
	if (n > 0) {
		sha1_hex(der, (size_t)n, sha1);
		if (cs_crl_get(pool, (cs_bytes){der, (size_t)n}, &crl) != CS_OK)
			crl = NULL;
	}
	OPENSSL_free(der);
	return crl;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Every certificate and CRL file in dir (others are skipped). */
static cs_status read_dir(cs_pool *pool, const char *dir, given_set *g,
                          cs_diag *d)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		cs_diag_set(d, dir, 0, 0, "cannot open the directory");
		return CS_ERR_NOT_FOUND;
	}
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0;
	bool oom = false;
	while (!oom && (de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		char **nv = cs_realloc(names, (nn + 1) * sizeof *names);
		char *name = nv ? cs_strdup(de->d_name) : NULL;
		if (nv)
			names = nv;
		if (name)
			names[nn++] = name;
		else
			oom = true;
	}
	closedir(dp);
	if (oom) {
		free_names(names, nn);
		return cs_alloc_failed();
	}
	/* name order: the same listing on every file system */
	if (nn > 1)
		qsort(names, nn, sizeof *names, by_name);
	for (size_t i = 0; i < nn; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = cs_malloc(len);
		struct stat st;
		if (!path) {
			free_names(names, nn);
			return cs_alloc_failed();
		}
		snprintf(path, len, "%s/%s", dir, names[i]);
		given x = {.path = path};
		cs_diag probe = {0}; /* not a certificate: a CRL, or skipped */
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    g->n == MAX_GIVEN) {
			free(path);
			continue;
		}
		if (cs_cert_load(pool, path, &x.cert, &probe) == CS_OK)
			snprintf(x.sha1, sizeof x.sha1, "%s",
			         cs_cert_sha1_hex(x.cert));
		else
			x.crl = load_crl(pool, path, x.sha1);
		if (x.cert || x.crl)
			g->v[g->n++] = x;
		else
			free(path);
	}
	free_names(names, nn);
	return CS_OK;
}

/* The first chain dump of the paste. */
static json_t *pick(json_t *found, size_t *ndumps)
{
	json_t *first = NULL, *o;
	size_t i;
	*ndumps = 0;
	json_array_foreach(found, i, o)
	{
		json_t *els =
		    json_object_get(json_object_get(o, "chain"), "elements");
		if (json_array_size(els) == 0)
			continue;
		if (!first)
			first = o;
		(*ndumps)++;
	}
	return first;
}

static uint32_t hex32(json_t *v)
{
	const char *s = json_string_value(v);
	return s ? (uint32_t)strtoul(s, NULL, 16) : 0;
}

static bool has_urls(json_t *o)
{
	json_t *els = json_object_get(json_object_get(o, "chain"), "elements");
	json_t *e;
	size_t i;
	if (json_array_size(json_object_get(o, "urls")))
		return true;
	json_array_foreach(els, i, e) if (json_array_size(json_object_get(
	                                      e, "urls"))) return true;
	return false;
}

/* The certificates the paste names, each found in DIR or reported. False
 * when the leaf is missing: nothing to verify then. */
static bool place_certs(FILE *out, json_t *obs, const given_set *g,
                        verify_opts *vo)
{
	json_t *chain = json_object_get(obs, "chain");
	json_t *els = json_object_get(chain, "elements");
	bool untrusted = hex32(json_object_get(chain, "error_status")) & 0x20;
	size_t n = json_array_size(els);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(els, i);
		const char *t =
		    json_string_value(json_object_get(e, "thumbprint_sha1"));
		const char *s =
		    json_string_value(json_object_get(e, "subject"));
		const given *x = find(g, t);
		/* the paste's CERT_TRUST_IS_SELF_SIGNED (0x8) marks the root */
		bool top = i + 1 == n &&
		           (hex32(json_object_get(e, "info_status")) & 0x8);
		const char *role = i == 0 ? "leaf" : top ? "root" : "CA";
		fprintf(out, "  %-5s %s %s <- %s%s\n", role, t ? t : "?",
		        s ? s : "", x && x->cert ? x->path : "NOT GIVEN",
		        top ? (untrusted ? " (not trusted: the paste shows "
		                           "CERT_TRUST_IS_UNTRUSTED_ROOT)"
		                         : " (trusted: the Root store)")
		            : "");
		if (!x || !x->cert) {
			ok &= i != 0;
			continue;
		}
		file_list *to = top && !untrusted ? &vo->roots : &vo->cas;
		if (i == 0)
			vo->leaf = x->path;
		else if (to->n < MAX_FILES) /* a chain is at most 32 long */
			to->files[to->n++] = x->path;
	}
	return ok;
}

static void place_crls(FILE *out, json_t *obs, const given_set *g,
                       verify_opts *vo, cs_filetime *latest)
{
	json_t *crls = json_object_get(obs, "crls"), *c;
	size_t i;
	json_array_foreach(crls, i, c)
	{
		const char *t =
		    json_string_value(json_object_get(c, "thumbprint_sha1"));
		const given *x = find(g, t);
		fprintf(out, "  %s %s %s <- %s\n",
		        json_is_true(json_object_get(c, "delta")) ? "Delta CRL"
		                                                  : "CRL",
		        json_string_value(json_object_get(c, "number")),
		        t ? t : "?", x && x->crl ? x->path : "NOT GIVEN");
	}
	/* every CRL given is served; the latest ThisUpdate dates the run */
	for (size_t k = 0; k < g->n; k++) {
		if (!g->v[k].crl || vo->crls.n == MAX_FILES)
			continue;
		vo->crls.files[vo->crls.n++] = g->v[k].path;
		if (g->v[k].crl->this_update > *latest)
			*latest = g->v[k].crl->this_update;
	}
}

/* The time: --at, else the latest ThisUpdate of the CRLs given, else the
 * latest NotBefore of the chain; after the leaf's NotAfter when the paste
 * says the leaf was not time valid. */
static cs_filetime pick_time(json_t *obs, const given_set *g,
                             cs_filetime crl_latest, const char **why)
{
	json_t *els =
	    json_object_get(json_object_get(obs, "chain"), "elements");
	cs_filetime t = crl_latest;
	*why = "the latest ThisUpdate of the CRLs given";
	json_t *e;
	size_t i;
	json_array_foreach(els, i, e)
	{
		const given *x = find(g, json_string_value(json_object_get(
		                             e, "thumbprint_sha1")));
		if (!crl_latest && x && x->cert &&
		    cs_cert_not_before(x->cert) > t) {
			t = cs_cert_not_before(x->cert);
			*why =
			    "the latest NotBefore of the chain (no CRL given)";
		}
		if (i == 0 && x && x->cert &&
		    (hex32(json_object_get(e, "error_status")) & 1) &&
		    cs_cert_not_after(x->cert) >= t) {
			t = cs_cert_not_after(x->cert) + CS_TICKS_PER_SEC;
			*why = "just after the leaf's NotAfter (the paste says "
			       "CERT_TRUST_IS_NOT_TIME_VALID)";
		}
	}
	return t;
}

static cs_status run_model(FILE *out, json_t *obs, verify_opts *vo,
                           bool *differ, cs_diag *d)
{
	cs_pool *pool = NULL;
	cs_machine m;
	cs_status st = cs_pool_new(&pool, ".");
	if (st != CS_OK)
		return st;
	if ((st = cs_machine_init(&m, pool, vo->profile, vo->at, true)) !=
	    CS_OK) {
		cs_pool_free(pool);
		return st;
	}
	cs_chain_context ctx;
	cs_policy_status ps;
	bool call_failed;
	st = api_verify_build(vo, &m, &ctx, &ps, &call_failed, d);
	if (st == CS_OK) {
		cs_chain_context_free(&ctx);
		json_t *trace = cs_trace_to_json_array(&m.w.trace), *o;
		json_t *chain = NULL, *policy = NULL;
		size_t i;
		json_array_foreach(trace, i, o)
		{
			const char *k =
			    json_string_value(json_object_get(o, "kind"));
			if (k && strcmp(k, "chain") == 0)
				chain = o;
			else if (k && strcmp(k, "policy") == 0)
				policy = o;
		}
		json_t *model = chain ? cmp_fold_verify(chain, policy) : NULL;
		unsigned agreed = 0, nd = 0;
		if (model)
			nd = repro_report(out, obs, model, trace, &agreed);
		fprintf(out, "%u agree, %u differ\n", agreed, nd);
		*differ = nd != 0 || !model;
		json_decref(model);
		json_decref(trace);
	}
	cs_machine_free(&m);
	cs_pool_free(pool);
	return st == CS_OK && ferror(out) ? CS_ERR_IO : st;
}

static cs_status reproduce(const char *paste,
                           const capisim_reproduce_options *ro, json_t *obs,
                           size_t ndumps, cs_pool *pool, FILE *out,
                           bool *differ, cs_diag *d)
{
	verify_opts vo;
	memset(&vo, 0, sizeof vo);
	const char *layout = json_string_value(json_object_get(obs, "layout"));
	bool old = layout && strcmp(layout, "hex-lines") == 0;
	cs_status st = api_profile(ro->profile ? ro->profile
	                           : old       ? "server-2012r2"
	                                       : "win10-22h2",
	                           &vo.profile, d);
	if (st != CS_OK)
		return st;
	json_t *pol = json_object_get(obs, "policy");
	const char *pname = json_string_value(json_object_get(pol, "name"));
	vo.policy = CS_POLICY_BASE;
	vo.auth_type = CS_AUTHTYPE_SERVER; /* certutil checks no SSL name */
	vo.usage_match = CS_USAGE_MATCH_AND;
	if (pname && !cs_policy_from_name(pname, &vo.policy)) {
		cs_diag_set(d, "", 0, 0,
		            "the paste checks the %s policy, which the model "
		            "does not have",
		            pname);
		return CS_ERR_RANGE;
	}
	vo.rev_flags = hex32(json_object_get(obs, "chain_flags"));
	vo.urlfetch = has_urls(obs);
	given_set g = {.n = 0};
	if ((st = read_dir(pool, ro->certs, &g, d)) != CS_OK)
		return st;
	fprintf(out, "%s line %lld: a chain of %zu elements (%s%s)%s\n", paste,
	        (long long)json_integer_value(json_object_get(obs, "line")),
	        json_array_size(
	            json_object_get(json_object_get(obs, "chain"), "elements")),
	        vo.urlfetch ? "certutil, with -urlfetch sections" : "certutil",
	        json_is_true(json_object_get(obs, "excerpt")) ? ", an excerpt"
	                                                      : "",
	        ndumps > 1 ? "; the first of its chain dumps" : "");
	fprintf(out, "  profile %s (%s)\n", vo.profile->name,
	        ro->profile ? "--profile"
	        : old ? "guessed: the hex-lines layout of Windows 7 / 8.1; "
	                "--profile to choose"
	              : "guessed: the Cert: lines of Windows 10 and later; "
	                "--profile to choose");
	fprintf(out, "  policy %s, ChainFlags 0x%08x\n",
	        cs_policy_name(vo.policy), vo.rev_flags);
	bool leaf = place_certs(out, obs, &g, &vo);
	cs_filetime latest = 0;
	place_crls(out, obs, &g, &vo, &latest);
	const char *why = "--at";
	vo.at = ro->has_at ? ro->at : pick_time(obs, &g, latest, &why);
	vo.have_at = true;
	char at[CS_TIME_BUF];
	if (vo.at)
		fprintf(out, "  time %s (%s)\n", cs_time_format(vo.at, at),
		        why);
	else
		fprintf(out, "  time unknown: no file given dates it (--at)\n");
	if (!leaf) {
		cs_diag_set(d, "", 0, 0,
		            "the leaf certificate is not in %s: put the files "
		            "certutil was given (and the chain's .cer/.crl "
		            "files) there",
		            ro->certs);
		st = CS_ERR_NOT_FOUND;
	} else {
		fflush(out);
		st = run_model(out, obs, &vo, differ, d);
	}
	given_free(&g);
	return st;
}

cs_status capisim_reproduce(const char *paste,
                            const capisim_reproduce_options *opt, FILE *out,
                            bool *differs, cs_diag *d)
{
	static const capisim_reproduce_options none;
	capisim_reproduce_options ro = opt ? *opt : none;
	*differs = false;
	memset(d, 0, sizeof *d);
	static const cs_file_limits lim = {
	    .max = 64u << 20,
	    .too_big = "larger than 64 MiB: not a certutil output",
	    .not_text = "NUL byte: expected UTF-8 text (convert UTF-16 "
	                "first, e.g. iconv -f UTF-16)",
	    .dash_is_stdin = true};
	char *text;
	size_t len;
	cs_status st = cs_file_read_text(paste, &lim, &text, &len, d);
	if (st != CS_OK)
		return st;
	json_t *found = json_array();
	if (!found) {
		free(text);
		return cs_alloc_failed();
	}
	st = import_certutil(text, paste, found, d);
	free(text);
	size_t ndumps = 0;
	json_t *obs = st == CS_OK ? pick(found, &ndumps) : NULL;
	if (st == CS_OK && !obs) {
		cs_diag_set(
		    d, paste, 1, 1,
		    "no chain dump (CERT_CHAIN_CONTEXT with CertContext "
		    "elements) to reproduce");
		st = CS_ERR_SYNTAX;
	}
	char dir[4096];
	if (st == CS_OK && !ro.certs) { /* the paste's own directory */
		snprintf(dir, sizeof dir, "%s", paste);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = 0;
		else
			snprintf(dir, sizeof dir, ".");
		ro.certs = dir;
	}
	cs_pool *pool = NULL;
	if (st == CS_OK)
		st = cs_pool_new(&pool, ".");
	if (st == CS_OK)
		st = reproduce(paste, &ro, obs, ndumps, pool, out, differs, d);
	cs_pool_free(pool);
	json_decref(found);
	return st;
}
