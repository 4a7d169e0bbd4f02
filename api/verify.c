/* capisim/verify.h: one verification, its options read by the parsers the
 * scenario language uses (engine/chain/words.h), built by verify_build.c
 * and written by render/certutil_verify.c or as one JSON object. */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/verify_build.h"
#include "capisim/verify.h"
#include "engine/chain/words.h"
#include "model/alloc.h"
#include "render/certutil_verify.h"

struct capisim_verify {
	verify_opts o;
	char *copies[8 * MAX_FILES]; /* the values o points into */
	size_t ncopies;
	cs_pool *pool;
	cs_machine m;
	bool ran; /* m, ctx and ps hold a result */
	cs_chain_context ctx;
	cs_policy_status ps;
	bool call_failed;
};

cs_status capisim_verify_new(capisim_verify **out)
{
	capisim_verify *v = cs_calloc(1, sizeof *v);
	*out = v;
	if (!v)
		return cs_alloc_failed();
	v->o.profile = cs_profile_default();
	v->o.policy = CS_POLICY_BASE;
	v->o.auth_type = CS_AUTHTYPE_SERVER;
	v->o.usage_match = CS_USAGE_MATCH_AND;
	return CS_OK;
}

void capisim_verify_free(capisim_verify *v)
{
	if (!v)
		return;
	if (v->ran) {
		cs_chain_context_free(&v->ctx);
		cs_machine_free(&v->m);
	}
	cs_pool_free(v->pool);
	for (size_t i = 0; i < v->ncopies; i++)
		free(v->copies[i]);
	free(v);
}

void capisim_verify_set_time(capisim_verify *v, cs_filetime at, bool given)
{
	v->o.at = at;
	v->o.have_at = given;
}

static const char *keep(capisim_verify *v, const char *s)
{
	if (v->ncopies == sizeof v->copies / sizeof *v->copies)
		return NULL;
	char *c = cs_strdup(s);
	if (c)
		v->copies[v->ncopies++] = c;
	return c;
}

static cs_status add_file(capisim_verify *v, file_list *l, const char *name,
                          const char *f, cs_diag *d)
{
	if (l->n == MAX_FILES) {
		cs_diag_set(d, "", 0, 0, "too many --%s options (max %d)", name,
		            MAX_FILES);
		return CS_ERR_LIMIT;
	}
	if (!(l->files[l->n] = keep(v, f)))
		return cs_alloc_failed();
	l->n++;
	return CS_OK;
}

/* One option value through its parser (engine/chain/words.h). */
#define WORDS(parse, ...)                                                 \
	do {                                                              \
		char err_[CS_WORDS_ERR];                                  \
		if (!parse(value, __VA_ARGS__, err_)) {                   \
			cs_diag_set(d, "", 0, 0, "--%s: %s", name, err_); \
			return CS_ERR_SYNTAX;                             \
		}                                                         \
	} while (0)

/* The options that take a file (or URL=FILE), by name. */
static file_list *file_option(verify_opts *o, const char *name)
{
	static const struct {
		const char *name;
		size_t offset;
	} files[] = {
	    {"root", offsetof(verify_opts, roots)},
	    {"ca", offsetof(verify_opts, cas)},
	    {"additional", offsetof(verify_opts, additional)},
	    {"ntauth", offsetof(verify_opts, ntauth)},
	    {"disallowed", offsetof(verify_opts, disallowed)},
	    {"crl", offsetof(verify_opts, crls)},
	    {"crl-store", offsetof(verify_opts, crl_store)},
	    {"serve", offsetof(verify_opts, serves)},
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if (strcmp(name, files[i].name) == 0)
			return (file_list *)((char *)o + files[i].offset);
	return NULL;
}

static cs_status set_flag(verify_opts *o, const char *name, cs_diag *d)
{
	if (strcmp(name, "no-ssl-para") == 0)
		o->no_ssl_para = true;
	else if (strcmp(name, "urlfetch") == 0)
		o->urlfetch = true;
	else {
		cs_diag_set(d, "", 0, 0, "--%s expects a value", name);
		return CS_ERR_SYNTAX;
	}
	return CS_OK;
}

cs_status capisim_verify_set(capisim_verify *v, const char *name,
                             const char *value, cs_diag *d)
{
	verify_opts *o = &v->o;
	memset(d, 0, sizeof *d);
	if (!value)
		return set_flag(o, name, d);
	file_list *files = file_option(o, name);
	if (files && strcmp(name, "serve") == 0 &&
	    (!strchr(value, '=') || value[0] == '=' ||
	     !strrchr(value, '=')[1])) {
		cs_diag_set(d, "", 0, 0, "--serve expects URL=FILE, not '%s'",
		            value);
		return CS_ERR_SYNTAX;
	}
	if (files)
		return add_file(v, files, name, value, d);
	if (strcmp(name, "profile") == 0) {
		cs_status st = api_profile(value, &o->profile, d);
		return st;
	} else if (strcmp(name, "revocation") == 0) {
		WORDS(cs_words_chain_flags, &o->rev_flags);
	} else if (strcmp(name, "policy") == 0) {
		WORDS(cs_words_policy, &o->policy);
		o->policy_given = true;
	} else if (strcmp(name, "policy-flags") == 0) {
		WORDS(cs_words_policy_flags, &o->policy_flags);
	} else if (strcmp(name, "server-name") == 0) {
		if (!(o->server_name = keep(v, value)))
			return cs_alloc_failed();
		o->ssl_para_given = true;
	} else if (strcmp(name, "auth") == 0) {
		WORDS(cs_words_auth_type, &o->auth_type);
		o->ssl_para_given = true;
	} else if (strcmp(name, "ssl-checks") == 0) {
		WORDS(cs_words_ssl_checks, &o->ssl_checks);
		o->ssl_para_given = true;
	} else if (strcmp(name, "usage") == 0) {
		/* The names the scenario language reads, or an OID: one
		 * parser (engine/chain/words.h). */
		if (o->nusages == MAX_FILES) {
			cs_diag_set(d, "", 0, 0, "too many --usage options");
			return CS_ERR_LIMIT;
		}
		if (!(o->usages[o->nusages] = cs_words_usage_oid(value))) {
			cs_diag_set(
			    d, "", 0, 0,
			    "--usage: expected serverAuth, clientAuth, "
			    "codeSigning, any or a dotted OID, not '%s'",
			    value);
			return CS_ERR_SYNTAX;
		}
		o->nusages++;
	} else if (strcmp(name, "usage-match") == 0) {
		WORDS(cs_words_usage_match, &o->usage_match);
	} else if (strcmp(name, "lang") == 0) {
		if (!cu_lang_from_name(value, &o->lang)) {
			cs_diag_set(
			    d, "", 0, 0,
			    "--lang expects en-US or zh-CN (the languages "
			    "a real certutil sample shows), not '%s'",
			    value);
			return CS_ERR_SYNTAX;
		}
	} else if (strcmp(name, "no-ssl-para") == 0 ||
	           strcmp(name, "urlfetch") == 0) {
		cs_diag_set(d, "", 0, 0, "--%s takes no value", name);
		return CS_ERR_SYNTAX;
	} else {
		cs_diag_set(d, "", 0, 0, "unknown option --%s", name);
		return CS_ERR_NOT_FOUND;
	}
	return CS_OK;
}
#undef WORDS

/* The SSL parameters belong to the SSL policy, and are given or left out. */
static cs_status check(verify_opts *o, cs_diag *d)
{
	if (o->ssl_para_given && !o->policy_given)
		o->policy = CS_POLICY_SSL;
	if ((o->ssl_para_given || o->no_ssl_para) &&
	    o->policy != CS_POLICY_SSL) {
		cs_diag_set(d, "", 0, 0,
		            "--server-name, --auth, --ssl-checks and "
		            "--no-ssl-para need --policy ssl");
		return CS_ERR_RANGE;
	}
	if (o->ssl_para_given && o->no_ssl_para) {
		cs_diag_set(d, "", 0, 0,
		            "--no-ssl-para leaves out the SSL parameters: no "
		            "--server-name, --auth or --ssl-checks with it");
		return CS_ERR_RANGE;
	}
	return CS_OK;
}

cs_status api_verify_prepare(capisim_verify *v, const char *leaf,
                             const char *profile, cs_diag *d)
{
	memset(d, 0, sizeof *d);
	if (v->ran || v->pool) {
		cs_diag_set(d, "", 0, 0, "a verification runs once");
		return CS_ERR_RANGE;
	}
	cs_status st = profile ? api_profile(profile, &v->o.profile, d) : CS_OK;
	if (st == CS_OK)
		st = check(&v->o, d);
	if (st == CS_OK && !(v->o.leaf = keep(v, leaf)))
		st = cs_alloc_failed();
	return st;
}

const verify_opts *api_verify_opts(const capisim_verify *v)
{
	return &v->o;
}

cs_status capisim_verify_run(capisim_verify *v, const char *leaf, cs_diag *d)
{
	cs_status st = api_verify_prepare(v, leaf, NULL, d);
	if (st != CS_OK)
		return st;
	if ((st = cs_pool_new(&v->pool, ".")) != CS_OK)
		return st;
	/* The trace on: the certutil-like text is rendered from it. */
	if ((st = cs_machine_init(&v->m, v->pool, v->o.profile, v->o.at,
	                          true)) != CS_OK)
		return st;
	st =
	    api_verify_build(&v->o, &v->m, &v->ctx, &v->ps, &v->call_failed, d);
	if (st != CS_OK) {
		cs_machine_free(&v->m);
		return st;
	}
	v->ran = true;
	return CS_OK;
}

bool capisim_verify_passed(const capisim_verify *v)
{
	return v->ran && !v->call_failed && v->ps.error == 0;
}

cs_status capisim_verify_write_assumptions(const capisim_verify *v, FILE *out)
{
	const verify_opts *o = &v->o;
	char at[CS_TIME_BUF];
	fprintf(out, "capisim: profile %s (%s), verified at %s (%s)\n",
	        o->profile->name, o->profile->description,
	        cs_time_format(v->ran ? v->m.w.now : o->at, at),
	        o->have_at ? "--at"
	                   : "the host's clock; --at TIME for a reproducible "
	                     "result");
	if (o->bundle_used)
		fprintf(out,
		        "capisim: roots: %zu from the host's %s (as Wine reads "
		        "them; the result depends on the host)\n",
		        o->bundle_roots, o->bundle_used);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}

cs_status capisim_verify_write_text(const capisim_verify *v, FILE *out,
                                    cs_diag *d)
{
	memset(d, 0, sizeof *d);
	const verify_opts *o = &v->o;
	if (v->call_failed) { /* no policy result: nothing for certutil's text
		               */
		fprintf(out,
		        "%s: CertVerifyCertificateChainPolicy failed: "
		        "ERROR_FILE_NOT_FOUND (0x%x): %s has no provider for "
		        "it\n",
		        cs_policy_symbol(o->policy), CS_WIN32_FILE_NOT_FOUND,
		        o->profile->name);
		return ferror(out) ? CS_ERR_IO : CS_OK;
	}
	cu_verify_opts vo = {.lang = o->lang, .urlfetch = o->urlfetch};
	return cu_verify_write(&v->m, 0, v->m.w.trace.n, &vo, out, d);
}

cs_status capisim_verify_write_json(const capisim_verify *v, FILE *out)
{
	const verify_opts *o = &v->o;
	const cs_chain_context *ctx = &v->ctx;
	const cs_policy_status *ps = &v->ps;
	char at[CS_TIME_BUF], hex[3][16];
	json_t *els = json_array();
	for (size_t i = 0; els && i < ctx->chain.n; i++) {
		const cs_chain_element *e = &ctx->chain.elements[i];
		snprintf(hex[0], sizeof hex[0], "0x%08x", e->error_status);
		snprintf(hex[1], sizeof hex[1], "0x%08x", e->info_status);
		json_array_append_new(
		    els, json_pack("{s:s, s:s, s:s, s:s}", "subject",
		                   cs_cert_subject(e->cert), "thumbprint_sha1",
		                   cs_cert_sha1_hex(e->cert), "error_status",
		                   hex[0], "info_status", hex[1]));
	}
	snprintf(hex[0], sizeof hex[0], "0x%08x", ctx->error_status);
	snprintf(hex[1], sizeof hex[1], "0x%08x", ctx->info_status);
	snprintf(hex[2], sizeof hex[2], "0x%08X", ps->error);
	/* A call without a provider: its error, as the probe writes it. */
	json_t *policy =
	    v->call_failed
	        ? json_pack("{s:s, s:s}", "name", cs_policy_name(o->policy),
	                    "call_error", "0x00000002")
	        : json_pack("{s:s, s:s, s:I, s:I}", "name",
	                    cs_policy_name(o->policy), "error", hex[2],
	                    "chain_index", (json_int_t)ps->chain_index,
	                    "element_index", (json_int_t)ps->element_index);
	json_t *root = json_pack(
	    "{s:s, s:s, s:{s:s, s:s, s:o}, s:o}", "profile", o->profile->name,
	    "at", cs_time_format(ctx->verify_time, at), "chain", "error_status",
	    hex[0], "info_status", hex[1], "elements", els, "policy", policy);
	if (!root)
		return cs_alloc_failed();
	char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s)
		return cs_alloc_failed();
	fprintf(out, "%s\n", s);
	free(s);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
