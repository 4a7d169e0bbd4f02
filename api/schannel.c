/* capisim/schannel.h: the stores read from files, then the Schannel
 * server's issuer list (engine/schannel/server.h) as render/ shows it. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "capisim/schannel.h"
#include "engine/schannel/server.h"
#include "model/alloc.h"
#include "model/error.h"
#include "model/profile.h"
#include "render/issuer_list_view.h"

#define SLOTS (CS_STORE_COUNT + 1) /* the machine stores and the app's */

typedef struct {
	X509 **x;
	cs_pool *pool; /* the certificates as the engine reads them */
	cs_sch_cert *v;
	const cs_sch_cert **p;
	size_t n, cap;
	size_t first[SLOTS], count[SLOTS]; /* each slot's range in p */
} loaded;

static int grow(loaded *L)
{
	if (L->n < L->cap)
		return 0;
	size_t cap = L->cap ? 2 * L->cap : 256;
	X509 **x = cs_realloc(L->x, cap * sizeof *x);
	if (x)
		L->x = x;
	cs_sch_cert *v = cs_realloc(L->v, cap * sizeof *v);
	if (v)
		L->v = v;
	if (!x || !v)
		return -1;
	L->cap = cap;
	return 0;
}

/* Every certificate of a file: PEM (any number) or one DER. */
static int load_file(loaded *L, const char *path, cs_diag *d)
{
	BIO *b = BIO_new_file(path, "rb");
	if (!b) {
		cs_diag_set(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	size_t before = L->n;
	X509 *x;
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (grow(L)) {
			X509_free(x);
			BIO_free(b);
			return -2;
		}
		L->x[L->n++] = x;
	}
	ERR_clear_error();
	if (L->n == before) {
		(void)BIO_reset(b);
		x = d2i_X509_bio(b, NULL);
		if (x && !grow(L))
			L->x[L->n++] = x;
		else if (x)
			X509_free(x);
	}
	BIO_free(b);
	ERR_clear_error();
	if (L->n == before) {
		cs_diag_set(d, path, 0, 0,
		            "not a certificate: expected DER or PEM "
		            "(-----BEGIN CERTIFICATE-----)");
		return -1;
	}
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* A file, or every regular file of a folder in byte order of the names: the
 * store's insertion order. */
static int load_path(loaded *L, const char *path, cs_diag *d)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		cs_diag_set(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return load_file(L, path, d);
	struct dirent **ents;
	int n = scandir(path, &ents, NULL, by_name);
	if (n < 0) {
		cs_diag_set(d, path, 0, 0, "cannot list: %s", strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		char full[4096];
		snprintf(full, sizeof full, "%s/%s", path, ents[i]->d_name);
		struct stat fs;
		if (rc == 0 && ents[i]->d_name[0] != '.' &&
		    stat(full, &fs) == 0 && S_ISREG(fs.st_mode))
			rc = load_file(L, full, d);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

static void free_loaded(loaded *L)
{
	for (size_t i = 0; i < L->n; i++)
		X509_free(L->x[i]);
	free(L->x);
	free(L->v);
	free(L->p);
	cs_pool_free(L->pool);
}

/* x as the pool's certificate (with no store property). */
static cs_status view_of(cs_pool *pool, X509 *x, cs_sch_cert *out)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	if (n <= 0)
		return CS_ERR_FORMAT;
	const struct cs_cert *c = NULL;
	cs_diag d = {0};
	cs_status st =
	    cs_cert_from_der(pool, (cs_bytes){der, (size_t)n}, &c, &d);
	OPENSSL_free(der);
	if (st == CS_OK)
		*out = cs_sch_cert_of(c);
	return st;
}

bool capisim_sch_count_rule_known(const char *name)
{
	cs_sch_count_rule r;
	return cs_sch_count_rule_from_name(name, &r);
}

static int slot_of(capisim_sch_store s)
{
	switch (s) {
	case CAPISIM_SCH_ROOT:
		return CS_STORE_ROOT;
	case CAPISIM_SCH_AUTHROOT:
		return CS_STORE_AUTHROOT;
	case CAPISIM_SCH_ENTERPRISE_ROOT:
		return CS_STORE_ENTERPRISE_ROOT;
	case CAPISIM_SCH_CLIENT_AUTH_ISSUER:
		return CS_STORE_CLIENT_AUTH_ISSUER;
	default:
		return CS_STORE_COUNT; /* the application's */
	}
}

/* Every input, slot by slot, then each certificate as the engine reads
 * it. */
static cs_status load_all(loaded *L, const capisim_issuer_list_options *o,
                          cs_diag *d)
{
	for (int slot = 0; slot < SLOTS; slot++) {
		L->first[slot] = L->n;
		for (size_t i = 0; i < o->ninputs; i++)
			if (slot_of(o->inputs[i].store) == slot) {
				int r = load_path(L, o->inputs[i].path, d);
				if (r)
					return r == -1 ? CS_ERR_NOT_FOUND
					               : cs_alloc_failed();
			}
		L->count[slot] = L->n - L->first[slot];
	}
	L->p = cs_calloc(L->n ? L->n : 1, sizeof *L->p);
	if (!L->p)
		return cs_alloc_failed();
	cs_status st = cs_pool_new(&L->pool, ".");
	for (size_t i = 0; st == CS_OK && i < L->n; i++) {
		st = view_of(L->pool, L->x[i], &L->v[i]);
		if (st != CS_OK && cs_status_is_input(st)) {
			cs_diag_set(d, "", 0, 0,
			            "certificate %zu: not a certificate the "
			            "engine can read",
			            i + 1);
			return CS_ERR_FORMAT;
		}
		L->p[i] = &L->v[i];
	}
	return st;
}

cs_status capisim_schannel_issuer_list(FILE *out,
                                       const capisim_issuer_list_options *o,
                                       cs_diag *d)
{
	memset(d, 0, sizeof *d);
	char err[CS_PROFILE_ERR];
	const cs_profile *prof =
	    cs_profile_parse(o->profile ? o->profile : "server-2008r2", err);
	cs_sch_count_rule rule = CS_SCH_COUNT_ENCODED_LIST;
	if (!prof) {
		cs_diag_set(d, "", 0, 0, "%s", err);
		return CS_ERR_NOT_FOUND;
	}
	if (o->count_rule &&
	    !cs_sch_count_rule_from_name(o->count_rule, &rule)) {
		cs_diag_set(
		    d, "", 0, 0,
		    "--count: expected encoded-list, prefixed or names, "
		    "got '%s'",
		    o->count_rule);
		return CS_ERR_SYNTAX;
	}
	/* Load every input first: bad input, no output. */
	loaded L = {0};
	cs_status st = load_all(&L, o, d);
	if (st != CS_OK) {
		free_loaded(&L);
		return st;
	}
	cs_sch_stores stores = {0};
	for (int slot = 0; slot < CS_STORE_COUNT; slot++)
		stores.store[slot] =
		    (cs_sch_certs){L.p + L.first[slot], L.count[slot]};
	stores.app = (cs_sch_certs){L.p + L.first[CS_STORE_COUNT],
	                            L.count[CS_STORE_COUNT]};
	cs_schannel_profile sp = *cs_profile_schannel(prof);
	if (o->count_rule)
		sp.count_rule = rule;
	if (o->limit_set)
		sp.issuer_list_limit = o->limit;
	cs_sch_settings set = {.send_set = o->send_set,
	                       .send = o->send,
	                       .mode_set = o->mode_set,
	                       .mode = o->mode};
	cs_sch_server srv;
	st = cs_sch_server_prepare_sp(&srv, prof, &sp, &stores, &set);
	if (st == CS_OK) {
		st = cs_issuer_list_write(&srv, o->send_set, o->json, out);
		cs_sch_server_free(&srv);
	}
	free_loaded(&L);
	return st;
}
