/* The cases in Wine 8: one probe plan (compare/probe/plan.h) with a verify
 * step per case - the case's store as the step's own hAdditionalStore, its
 * trusted roots (or an unrelated one) as the hExclusiveRoot of the step's
 * own engine, pTime, usages, policy and CERT_CHAIN_POLICY_PARA - run in one
 * Wine process (compare/wine/runner.h), the trace read back per step. */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare/wine/runner.h"
#include "tests/conformance/conformance.h"

typedef struct {
	const char *v[256];
	size_t n;
} name_set;

static void add_name(name_set *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return;
	if (s->n < sizeof s->v / sizeof *s->v)
		s->v[s->n++] = name;
}

static void list(FILE *f, const char *key, const char *const *v, size_t n)
{
	fprintf(f, " %s=", key);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "," : "", v[i]);
}

static void write_step(FILE *f, size_t i, const cf_case *c)
{
	const char *roots[CF_MAX_CERTS];
	size_t nroots = cf_wine_roots(c, roots);
	fprintf(f, "verify step=%zu cert=%s verify-at=%lld flags=0x%08x", i + 1,
	        c->leaf, (long long)c->at, c->chain_flags);
	if (c->nusages) {
		list(f, "usage", c->usages, c->nusages);
		fprintf(f, " usage-match=%d", (int)c->match);
	}
	if (c->include_store && c->nstore)
		list(f, "additional", c->store, c->nstore);
	else
		fputs(" additional=none", f);
	list(f, "roots", roots, nroots);
	if (c->kind == CF_POLICY) {
		fprintf(f, " policy=%d policy-flags=0x%08x", (int)c->policy,
		        c->policy_flags);
		if (!c->ssl_para)
			fputs(" ssl-para=none", f);
		else {
			fprintf(f, " auth=%d ssl-checks=0x%08x", c->auth_type,
			        c->ssl_checks);
			if (c->server)
				fprintf(f, " server=%s", c->server);
		}
	}
	fputc('\n', f);
}

static bool write_plan(const char *dir, const cf_cases *cases, const char *path)
{
	char base[PATH_MAX];
	if (!realpath(dir, base))
		return false;
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs("capisim-probe 1\nprofile wine-8\nengine default\n", f);
	name_set names = {0};
	for (size_t i = 0; i < cases->n; i++) {
		const cf_case *c = &cases->v[i];
		const char *roots[CF_MAX_CERTS];
		size_t nroots = cf_wine_roots(c, roots);
		if (c->not_expressible)
			continue;
		add_name(&names, c->leaf);
		for (size_t k = 0; k < c->nstore; k++)
			add_name(&names, c->store[k]);
		for (size_t k = 0; k < nroots; k++)
			add_name(&names, roots[k]);
	}
	for (size_t i = 0; i < names.n; i++)
		fprintf(f, "cert %s %s/certs/%s.der\n", names.v[i], base,
		        names.v[i]);
	for (size_t i = 0; i < cases->n; i++)
		if (!cases->v[i].not_expressible)
			write_step(f, i, &cases->v[i]);
	return fclose(f) == 0;
}

static uint32_t hex(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? (uint32_t)strtoul(s, NULL, 16) : 0;
}

/* One trace line of the probe into a result. */
static void read_line(json_t *j, cf_result *r)
{
	memset(r, 0, sizeof *r);
	json_t *chain = json_object_get(j, "chain");
	if (!chain) {
		r->fails = true; /* "call":"CertGetCertificateChain" */
		return;
	}
	r->chain =
	    (cf_status){hex(chain, "error_status"), hex(chain, "info_status")};
	size_t i;
	json_t *el;
	json_array_foreach(json_object_get(chain, "elements"), i, el)
	{
		if (r->n < CF_MAX_EL)
			r->el[r->n++] = (cf_status){hex(el, "error_status"),
			                            hex(el, "info_status")};
	}
	/* more than one simple chain: a shape the model never has */
	if (json_object_get(chain, "simple_chains"))
		r->n = CF_MAX_EL;
	json_t *pol = json_object_get(j, "policy");
	if (!pol)
		return;
	r->policy_call_failed = json_object_get(pol, "call_error") != NULL;
	r->error = hex(pol, "error");
	r->chain_index =
	    (long)json_integer_value(json_object_get(pol, "chain_index"));
	r->element_index =
	    (long)json_integer_value(json_object_get(pol, "element_index"));
}

bool cf_wine_run(const char *dir, const cf_cases *cases, cf_result *results,
                 bool *ran, bool *skipped)
{
	*skipped = false;
	char plan[] = "/tmp/capisim-conformance-XXXXXX";
	int fd = mkstemp(plan);
	if (fd < 0)
		return false;
	close(fd);
	if (!write_plan(dir, cases, plan)) {
		unlink(plan);
		fprintf(stderr, "conformance: cannot write the plan\n");
		return false;
	}
	wine_run_opts o = {.timeout_s = 600};
	char *trace = NULL;
	cs_diag d = {0};
	cs_status st = wine_run_plan(&o, plan, &trace, &d);
	unlink(plan);
	if (st != CS_OK) {
		*skipped = st == CS_ERR_NOT_FOUND;
		if (!*skipped)
			fprintf(stderr, "conformance: Wine: %s: %s\n", d.file,
			        d.msg);
		free(trace);
		return false;
	}
	size_t got = 0;
	for (char *line = strtok(trace, "\n"); line;
	     line = strtok(NULL, "\n")) {
		json_t *j = json_loads(line, 0, NULL);
		json_int_t step =
		    json_integer_value(json_object_get(j, "step"));
		if (j && step >= 1 && (size_t)step <= cases->n) {
			read_line(j, &results[step - 1]);
			ran[step - 1] = true;
			got++;
		}
		json_decref(j);
	}
	free(trace);
	return got > 0;
}
