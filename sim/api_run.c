/* The embedding API (capisim/run.h) over the scenario parser and runner. */
#include "capisim/run.h"
#include "model/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "sim/scenario/expect.h"
#include "sim/scenario/scenario.h"
#include "trace/jsonl.h"

struct capisim_run {
	cs_pool *pool;
	cs_scenario *scenario;
	cs_machine machine;
	cs_run_result result;
	char *failure_text; /* cs_failures_write's lines, NUL-separated */
	char **failures;    /* pointers into failure_text */
};

void capisim_run_free(capisim_run *r)
{
	if (!r)
		return;
	cs_run_result_free(&r->result);
	cs_machine_free(&r->machine);
	cs_scenario_free(r->scenario);
	cs_pool_free(r->pool);
	free(r->failure_text);
	free(r->failures);
	free(r);
}

/* One report line per failure, rendered once by the runner's own writer so
 * the library and the CLI word failures identically. */
static cs_status index_failures(capisim_run *r)
{
	size_t n = r->result.nfailures;
	if (n == 0)
		return CS_OK;
	size_t len = 0;
	FILE *mem = open_memstream(&r->failure_text, &len);
	if (!mem)
		return cs_alloc_failed();
	cs_failures_write(&r->result, mem);
	if (fclose(mem) != 0 || !r->failure_text)
		return cs_alloc_failed();
	r->failures = cs_calloc(n, sizeof *r->failures);
	if (!r->failures)
		return cs_alloc_failed();
	char *p = r->failure_text;
	for (size_t i = 0; i < n && *p; i++) {
		r->failures[i] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return CS_OK;
}

static cs_status run_parsed(capisim_run *r, const capisim_run_options *opt,
                            cs_diag *d)
{
	cs_run_options ro = {.trace = !(opt && opt->no_trace)};
	if (opt && opt->profile) {
		ro.profile = cs_profile_find(opt->profile);
		if (!ro.profile) {
			cs_diag_set(d, "", 0, 0, "unknown profile '%s'",
			            opt->profile);
			return CS_ERR_NOT_FOUND;
		}
	}
	cs_status st =
	    cs_scenario_run(r->scenario, &ro, &r->machine, &r->result);
	if (st == CS_OK)
		st = index_failures(r);
	if (st != CS_OK)
		cs_diag_set(d, "", 0, 0, "run failed: %s", cs_status_str(st));
	return st;
}

static cs_status run_common(const char *path, const char *name,
                            const char *text, const char *base_dir,
                            const capisim_run_options *opt, capisim_run **out,
                            cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	capisim_run *r = cs_calloc(1, sizeof *r);
	if (!r)
		return cs_alloc_failed();
	char base[4096];
	if (path)
		base_dir = cs_scenario_base_dir(path, base, sizeof base);
	cs_status st = cs_pool_new(&r->pool, base_dir);
	if (st == CS_OK)
		st = path ? cs_scenario_parse_file(&r->scenario, path, r->pool,
		                                   d)
		          : cs_scenario_parse_string(&r->scenario, name, text,
		                                     r->pool, d);
	if (st == CS_OK)
		st = run_parsed(r, opt, d);
	if (st != CS_OK) {
		if (st == CS_ERR_NOMEM && !d->msg[0])
			cs_diag_set(d, "", 0, 0, "out of memory");
		capisim_run_free(r);
		return st;
	}
	*out = r;
	return CS_OK;
}

cs_status capisim_run_file(const char *path, const capisim_run_options *opt,
                           capisim_run **out, cs_diag *d)
{
	return run_common(path, NULL, NULL, NULL, opt, out, d);
}

cs_status capisim_run_string(const char *name, const char *text,
                             const char *base_dir,
                             const capisim_run_options *opt, capisim_run **out,
                             cs_diag *d)
{
	return run_common(NULL, name, text, base_dir ? base_dir : ".", opt, out,
	                  d);
}

size_t capisim_run_failures(const capisim_run *r)
{
	return r->result.nfailures;
}

unsigned long capisim_run_expectations(const capisim_run *r)
{
	return r->result.expectations_checked;
}

const char *capisim_run_failure(const capisim_run *r, size_t i)
{
	return i < r->result.nfailures && r->failures ? r->failures[i] : NULL;
}

size_t capisim_run_observations(const capisim_run *r)
{
	return r->machine.w.trace.n;
}

cs_status capisim_run_write_trace(const capisim_run *r, FILE *out)
{
	return cs_trace_write_jsonl(&r->machine.w.trace, out);
}
