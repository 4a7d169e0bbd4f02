/* capisim_wine_compare_verify (capisim/compare.h): one `capisim verify` as
 * a probe plan run in Wine's crypt32, and the same verification in the
 * model (profile wine-8), from one set of parsed options. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/verify_build.h"
#include "capisim/compare.h"
#include "compare/wine/crl_urls.h"
#include "model/alloc.h"
#include "trace/nomem.h"

static char *abs_path(const char *p)
{
	char buf[PATH_MAX];
	return cs_strdup(realpath(p, buf) ? buf : p);
}

/* "KEYWORD FILE" for each file of l. */
static cs_status plan_files(FILE *f, const char *kw, const file_list *l)
{
	for (int i = 0; i < l->n; i++) {
		char *p = abs_path(l->files[i]);
		if (!p)
			return cs_alloc_failed();
		fprintf(f, "%s %s\n", kw, p);
		free(p);
	}
	return CS_OK;
}

/* The CRLs' serve lines, where the model serves them: at the URLs of the
 * leaf, --ca and --root certificates. */
static cs_status plan_crls(FILE *f, const verify_opts *o, cs_diag *d)
{
	char *crls[MAX_FILES] = {0}, *certs[2 * MAX_FILES + 1] = {0};
	size_t ncerts = 0;
	cs_status st = CS_OK;
	for (int i = 0; i < o->roots.n && st == CS_OK; i++)
		if (!(certs[ncerts++] = abs_path(o->roots.files[i])))
			st = cs_alloc_failed();
	for (int i = 0; i < o->cas.n && st == CS_OK; i++)
		if (!(certs[ncerts++] = abs_path(o->cas.files[i])))
			st = cs_alloc_failed();
	if (st == CS_OK && !(certs[ncerts++] = abs_path(o->leaf)))
		st = cs_alloc_failed();
	for (int i = 0; i < o->crls.n && st == CS_OK; i++)
		if (!(crls[i] = abs_path(o->crls.files[i])))
			st = cs_alloc_failed();
	if (st == CS_OK)
		st = crl_serve_lines(f, (const char *const *)crls,
		                     (size_t)o->crls.n,
		                     (const char *const *)certs, ncerts, d);
	for (size_t i = 0; i < ncerts; i++)
		free(certs[i]);
	for (int i = 0; i < o->crls.n; i++)
		free(crls[i]);
	return st;
}

/* The probe plan of one verification (docs/compare.md, "Probe plans"). */
static cs_status write_plan(FILE *f, const verify_opts *o, cs_diag *d)
{
	fprintf(f, "capisim-probe 1\nprofile wine-8\nengine %s\n",
	        o->roots.n ? "exclusive" : "default");
	cs_status st = plan_files(f, "root", &o->roots);
	if (st == CS_OK)
		st = plan_files(f, "ca", &o->cas);
	if (st == CS_OK)
		st = plan_files(f, "disallowed", &o->disallowed);
	char *leaf = st == CS_OK ? abs_path(o->leaf) : NULL;
	if (st == CS_OK && !leaf)
		st = cs_alloc_failed();
	if (st == CS_OK)
		fprintf(f, "cert leaf %s\n", leaf);
	free(leaf);
	for (int i = 0; i < o->serves.n && st == CS_OK; i++) {
		const char *arg = o->serves.files[i], *eq = strrchr(arg, '=');
		char *file = abs_path(eq + 1);
		if (!file)
			return cs_alloc_failed();
		fprintf(f, "serve %.*s %s\n", (int)(eq - arg), arg, file);
		free(file);
	}
	if (st == CS_OK)
		st = plan_crls(f, o, d);
	if (st != CS_OK)
		return st;
	/* --additional: Wine's side has one additional store, so it holds
	 * them and the --ca certificates (docs/compare.md). */
	for (int i = 0; i < o->additional.n; i++) {
		char *p = abs_path(o->additional.files[i]);
		if (!p)
			return cs_alloc_failed();
		fprintf(f, "cert add%d %s\n", i, p);
		free(p);
	}
	for (int i = 0; o->additional.n && i < o->cas.n; i++) {
		char *p = abs_path(o->cas.files[i]);
		if (!p)
			return cs_alloc_failed();
		fprintf(f, "cert ca%d %s\n", i, p);
		free(p);
	}
	fprintf(f, "verify at=%lld cert=leaf flags=0x%08x policy=%d",
	        (long long)o->at, o->rev_flags, (int)o->policy);
	if (o->policy_flags)
		fprintf(f, " policy-flags=0x%08x", o->policy_flags);
	if (o->policy == CS_POLICY_SSL && o->no_ssl_para)
		fputs(" ssl-para=none", f);
	else if (o->policy == CS_POLICY_SSL)
		fprintf(f, " auth=%d ssl-checks=0x%08x", o->auth_type,
		        o->ssl_checks);
	if (o->server_name)
		fprintf(f, " server=%s", o->server_name);
	for (int i = 0; i < o->nusages; i++)
		fprintf(f, "%s%s", i ? "," : " usage=", o->usages[i]);
	if (o->nusages)
		fprintf(f, " usage-match=%d", (int)o->usage_match);
	for (int i = 0; i < o->additional.n; i++)
		fprintf(f, "%sadd%d", i ? "," : " additional=", i);
	for (int i = 0; o->additional.n && i < o->cas.n; i++)
		fprintf(f, ",ca%d", i);
	fputc('\n', f);
	return ferror(f) ? CS_ERR_IO : CS_OK;
}

/* The model's side: the verification itself, as `verify --json` writes
 * it. */
static cs_status model_side(capisim_verify *v, const char *leaf, char **json,
                            cs_diag *d)
{
	cs_status st = capisim_verify_run(v, leaf, d);
	if (st != CS_OK)
		return st;
	size_t len = 0;
	FILE *mem = open_memstream(json, &len);
	if (!mem)
		return CS_LIB_NOMEM();
	st = capisim_verify_write_json(v, mem);
	if (fclose(mem) != 0 && st == CS_OK)
		st = CS_LIB_NOMEM();
	return st;
}

cs_status capisim_wine_compare_verify(const capisim_wine_options *o,
                                      capisim_verify *v, const char *leaf,
                                      const char *expect, bool wine_only,
                                      capisim_wine_cmp **out, cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	cs_status st = api_verify_prepare(v, leaf, "wine-8", d);
	if (st != CS_OK)
		return st;
	const verify_opts *vo = api_verify_opts(v);
	/* libfaketime's clock has whole seconds. */
	if (vo->at % CS_TICKS_PER_SEC) {
		cs_diag_set(d, "", 0, 0,
		            "--at must be a whole second for Wine's clock");
		return CS_ERR_RANGE;
	}
	char plan[] = "/tmp/capisim-plan-XXXXXX";
	int fd = mkstemp(plan);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		cs_diag_set(d, "", 0, 0, "cannot write a probe plan in /tmp");
		return CS_ERR_IO;
	}
	st = write_plan(f, vo, d);
	if (fclose(f) != 0 && st == CS_OK)
		st = CS_ERR_IO;
	char *model = NULL;
	if (st == CS_OK && (expect || wine_only))
		st = capisim_wine_compare_plan(o, plan, expect, out, d);
	else if (st == CS_OK) {
		/* The model's side first: Wine's run takes seconds. */
		st = model_side(v, leaf, &model, d);
		if (st == CS_OK)
			st = capisim_wine_compare_plan_text(o, plan, model,
			                                    "model", out, d);
	}
	unlink(plan);
	free(model);
	return st;
}
