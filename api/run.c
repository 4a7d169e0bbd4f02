/* capisim/run.h over the scenario runner. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "model/alloc.h"
#include "model/hypotheses.h"
#include "render/capi2_xml.h"
#include "render/fetchlog.h"
#include "sim/scenario/expect.h"
#include "trace/jsonl.h"
#include "trace/nomem.h"
#include "trace/read.h"

#include <jansson.h>

static void obs_list_free(api_obs_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		cs_obs_clear(&l->v[i]);
	free(l->v);
}

void capisim_run_free(capisim_run *r)
{
	if (!r)
		return;
	if (r->ran) {
		cs_run_result_free(&r->result);
		cs_machine_free(&r->machine);
	}
	obs_list_free(&r->fetches);
	obs_list_free(&r->capi2);
	capisim_scenario_free(r->own);
	free(r->failure_text);
	free(r->failures);
	free(r->verdicts);
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
		return CS_LIB_NOMEM();
	cs_failures_write(&r->result, mem);
	if (fclose(mem) != 0 || !r->failure_text)
		return CS_LIB_NOMEM();
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

static cs_status play(capisim_run *r, const capisim_run_options *opt,
                      cs_diag *d)
{
	static const capisim_run_options none;
	const capisim_run_options *o = opt ? opt : &none;
	cs_run_options ro = {.trace = !o->no_trace,
	                     .has_until = o->has_until,
	                     .until = o->until};
	switch (o->reuse) {
	case CAPISIM_REUSE_OFF:
		ro.reuse = CS_REUSE_OFF;
		break;
	case CAPISIM_REUSE_CHECK:
		ro.reuse = CS_REUSE_CHECK;
		break;
	default:
		ro.reuse = CS_REUSE_ON;
	}
	if (o->profile) {
		cs_status st = api_profile(o->profile, &ro.profile, d);
		if (st != CS_OK)
			return st;
	}
	if (o->hypothesis) {
		const cs_hypothesis *h = cs_hypothesis_find(o->hypothesis);
		if (!h) {
			cs_diag_set(d, "", 0, 0, "unknown hypothesis '%s'",
			            o->hypothesis);
			return CS_ERR_NOT_FOUND;
		}
		ro.profile = cs_hypothesis_apply(
		    h, ro.profile ? ro.profile : r->sc->s->profile, &r->profile,
		    &r->revocation, &r->schannel);
	}
	cs_status st;
	r->ran = true;
	if (o->trace_out || o->view_out) {
		r->streamed = true;
		st = api_run_streamed(r, o, &ro);
	} else {
		st = cs_scenario_run(r->sc->s, &ro, &r->machine, &r->result);
	}
	if (st == CS_OK)
		st = index_failures(r);
	if (st == CS_OK && r->sc->s->nobservables) {
		r->verdicts =
		    cs_calloc(r->sc->s->nobservables, sizeof *r->verdicts);
		if (!r->verdicts)
			st = cs_alloc_failed();
		else
			cs_observable_verdicts(r->sc->s, &r->result,
			                       r->verdicts);
	}
	if (st != CS_OK)
		cs_diag_set(d, "", 0, 0, "%s%s%s", cs_status_str(st),
		            r->result.reuse_error[0] ? ": " : "",
		            r->result.reuse_error);
	return st;
}

cs_status capisim_run_scenario(const capisim_scenario *s,
                               const capisim_run_options *opt,
                               capisim_run **out, cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	capisim_run *r = cs_calloc(1, sizeof *r);
	if (!r)
		return cs_alloc_failed();
	r->sc = s;
	cs_status st = play(r, opt, d);
	if (st != CS_OK) {
		capisim_run_free(r);
		return st;
	}
	*out = r;
	return CS_OK;
}

static cs_status run_own(capisim_scenario *s, const capisim_run_options *opt,
                         capisim_run **out, cs_diag *d)
{
	cs_status st = capisim_run_scenario(s, opt, out, d);
	if (st != CS_OK) {
		capisim_scenario_free(s);
		return st;
	}
	(*out)->own = s;
	return CS_OK;
}

cs_status capisim_run_file(const char *path, const capisim_run_options *opt,
                           capisim_run **out, cs_diag *d)
{
	capisim_scenario *s;
	*out = NULL;
	cs_status st = capisim_scenario_load(path, &s, d);
	return st == CS_OK ? run_own(s, opt, out, d) : st;
}

cs_status capisim_run_string(const char *name, const char *text,
                             const char *base_dir,
                             const capisim_run_options *opt, capisim_run **out,
                             cs_diag *d)
{
	capisim_scenario *s;
	*out = NULL;
	cs_status st = capisim_scenario_parse(name, text, base_dir, &s, d);
	return st == CS_OK ? run_own(s, opt, out, d) : st;
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
	return r->machine.w.trace.total;
}

void capisim_run_steps(const capisim_run *r, unsigned long *played,
                       unsigned long *replayed)
{
	if (played)
		*played = r->result.steps_run;
	if (replayed)
		*replayed = r->result.steps_replayed;
}

cs_status capisim_run_write_trace(const capisim_run *r, FILE *out)
{
	return cs_trace_write_jsonl(&r->machine.w.trace, out);
}

cs_status capisim_run_write_fetch_log(const capisim_run *r, FILE *out)
{
	if (r->streamed)
		return cs_fetchlog_write_obs(r->sc->s, r->fetches.v,
		                             r->fetches.n, out);
	return cs_fetchlog_write(r->sc->s, &r->machine, out);
}

cs_status capisim_run_write_capi2(const capisim_run *r, FILE *out,
                                  size_t *count)
{
	if (r->streamed)
		return cs_capi2_xml_write_obs(r->machine.pool, r->capi2.v,
		                              r->capi2.n, out, count);
	return cs_capi2_xml_write(&r->machine, out, count);
}

cs_status capisim_run_diff_trace(const capisim_run *r, const char *golden,
                                 size_t *line, char *why, size_t cap,
                                 cs_diag *d)
{
	*line = 0;
	memset(d, 0, sizeof *d);
	FILE *g = fopen(golden, "rb");
	if (!g) {
		cs_diag_set(d, golden, 0, 0, "cannot open");
		return CS_ERR_NOT_FOUND;
	}
	/* The run's trace as it would be written, read back: both sides go
	 * through the one reader. */
	char *buf = NULL;
	size_t len = 0;
	void *want = NULL, *got = NULL;
	cs_status st = cs_trace_read_jsonl(g, golden, &want, d);
	fclose(g);
	FILE *mem = st == CS_OK ? open_memstream(&buf, &len) : NULL;
	if (st == CS_OK && !mem)
		st = CS_LIB_NOMEM();
	if (mem) {
		st = cs_trace_write_jsonl(&r->machine.w.trace, mem);
		if (fclose(mem) != 0 && st == CS_OK)
			st = CS_LIB_NOMEM();
	}
	if (st == CS_OK) {
		cs_diag own;
		memset(&own, 0, sizeof own);
		st = cs_trace_read_jsonl_buf(buf, len, "run", &got, &own);
		if (st != CS_OK) /* the writer's own output: a bug */
			st = st == CS_ERR_NOMEM ? st : CS_ERR_INTERNAL;
	}
	if (st == CS_OK)
		*line = cs_trace_first_difference(want, got, why, cap);
	json_decref(want);
	json_decref(got);
	free(buf);
	return st;
}

size_t capisim_run_observables(const capisim_run *r)
{
	return r->sc->s->nobservables;
}

const char *capisim_run_observable(const capisim_run *r, size_t i,
                                   const char **text,
                                   capisim_observable_verdict *verdict)
{
	if (i >= r->sc->s->nobservables)
		return NULL;
	if (text)
		*text = r->sc->s->observables[i].text;
	if (verdict)
		*verdict = r->verdicts
		               ? (capisim_observable_verdict)r->verdicts[i]
		               : CAPISIM_OBSERVABLE_SILENT;
	return r->sc->s->observables[i].id;
}

size_t capisim_hypotheses(void)
{
	return cs_hypothesis_count();
}

const char *capisim_hypothesis(size_t i, const char **title)
{
	const cs_hypothesis *h = cs_hypothesis_at(i);
	if (!h)
		return NULL;
	if (title)
		*title = h->title;
	return h->id;
}
