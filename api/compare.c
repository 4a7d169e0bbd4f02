/* capisim/compare.h over compare/diff.h and compare/wine/session.h. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "capisim/compare.h"
#include "compare/diff.h"
#include "compare/wine/session.h"
#include "model/alloc.h"

struct capisim_wine_cmp {
	wine_session s;
};

static cmp_opts diff_opts(const capisim_diff_options *o)
{
	cmp_opts c = {0};
	if (o) {
		c.name_a = o->name_a;
		c.name_b = o->name_b;
		c.verbose = o->verbose;
		c.only = o->only;
		c.log = o->log;
	}
	return c;
}

static void summary_out(const cmp_summary *in, capisim_diff_summary *out)
{
	out->matched = in->matched;
	out->different = in->different;
	out->only_a = in->only_a;
	out->only_b = in->only_b;
}

cs_status capisim_diff_files(const char *a, const char *b,
                             const capisim_diff_options *o, FILE *out,
                             capisim_diff_summary *sum, cs_diag *d)
{
	cmp_opts c = diff_opts(o);
	cmp_summary s = {0};
	cs_status st = cmp_files(a, b, &c, out, &s, d);
	summary_out(&s, sum);
	return st;
}

cs_status capisim_diff_texts(const char *a, const char *b,
                             const capisim_diff_options *o, FILE *out,
                             capisim_diff_summary *sum, cs_diag *d)
{
	cmp_opts c = diff_opts(o);
	cmp_summary s = {0};
	cs_status st = cmp_texts(a, b, &c, out, &s, d);
	summary_out(&s, sum);
	return st;
}

void capisim_diff_write_summary(FILE *out, const capisim_diff_options *o,
                                const capisim_diff_summary *s)
{
	cmp_opts c = diff_opts(o);
	cmp_summary in = {s->matched, s->different, s->only_a, s->only_b};
	cmp_print_summary(out, &c, &in);
}

static wine_run_opts run_opts(const capisim_wine_options *o)
{
	wine_run_opts r = {0};
	if (o) {
		r.wine = o->wine;
		r.probe = o->probe;
		r.prefix = o->prefix;
		r.faketime = o->faketime;
		r.fetch_log = o->fetch_log;
		r.timeout_s = o->timeout_s;
		r.default_probe = o->default_probe;
		r.default_prefix = o->default_prefix;
	}
	return r;
}

/* A new comparison, or NULL. */
static capisim_wine_cmp *new_cmp(cs_diag *d)
{
	memset(d, 0, sizeof *d);
	return cs_calloc(1, sizeof(capisim_wine_cmp));
}

static cs_status done(capisim_wine_cmp *c, cs_status st, capisim_wine_cmp **out)
{
	if (st != CS_OK) {
		free(c);
		return st;
	}
	*out = c;
	return CS_OK;
}

cs_status capisim_wine_compare_plan(const capisim_wine_options *o,
                                    const char *plan, const char *expect,
                                    capisim_wine_cmp **out, cs_diag *d)
{
	*out = NULL;
	capisim_wine_cmp *c = new_cmp(d);
	if (!c)
		return cs_alloc_failed();
	wine_run_opts r = run_opts(o);
	return done(c, wine_session_plan(&r, plan, expect, &c->s, d), out);
}

cs_status capisim_wine_compare_plan_text(const capisim_wine_options *o,
                                         const char *plan, const char *model,
                                         const char *name,
                                         capisim_wine_cmp **out, cs_diag *d)
{
	*out = NULL;
	capisim_wine_cmp *c = new_cmp(d);
	if (!c)
		return cs_alloc_failed();
	wine_run_opts r = run_opts(o);
	return done(c, wine_session_plan_model(&r, plan, model, name, &c->s, d),
	            out);
}

cs_status capisim_wine_compare_scenario(const capisim_wine_options *o,
                                        const capisim_scenario *s,
                                        const char *path,
                                        capisim_wine_cmp **out, cs_diag *d)
{
	*out = NULL;
	capisim_wine_cmp *c = new_cmp(d);
	if (!c)
		return cs_alloc_failed();
	wine_run_opts r = run_opts(o);
	return done(c, wine_session_scenario(&r, s->s, path, &c->s, d), out);
}

cs_status capisim_wine_compare_ctls(const capisim_wine_options *o,
                                    const char *const *files, size_t n,
                                    capisim_wine_cmp **out, cs_diag *d)
{
	*out = NULL;
	capisim_wine_cmp *c = new_cmp(d);
	if (!c)
		return cs_alloc_failed();
	wine_run_opts r = run_opts(o);
	return done(c, wine_session_ctls(&r, files, (unsigned)n, &c->s, d),
	            out);
}

void capisim_wine_cmp_free(capisim_wine_cmp *c)
{
	if (!c)
		return;
	wine_session_free(&c->s);
	free(c);
}

const char *capisim_wine_cmp_trace(const capisim_wine_cmp *c, bool model)
{
	return model ? c->s.model : c->s.wine;
}

cs_status capisim_wine_cmp_write_report(const capisim_wine_cmp *c, FILE *out,
                                        bool *differs, cs_diag *d)
{
	memset(d, 0, sizeof *d);
	return wine_session_report(&c->s, out, differs, d);
}
