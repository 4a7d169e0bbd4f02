/* capisim/explain.h: a run's record (its trace as JSON, and the scenario
 * when it came from one) for render/explain.h and render/report.h. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "model/alloc.h"
#include "render/explain.h"
#include "render/report.h"
#include "trace/read.h"

struct capisim_record {
	json_t *trace;
	capisim_scenario *scenario; /* NULL for a trace file */
};

void capisim_record_free(capisim_record *r)
{
	if (!r)
		return;
	json_decref(r->trace);
	capisim_scenario_free(r->scenario);
	free(r);
}

static bool is_trace_file(const char *path)
{
	size_t n = strlen(path);
	return (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) ||
	       (n > 5 && strcmp(path + n - 5, ".json") == 0);
}

static cs_status read_trace(capisim_record *r, const char *path, cs_diag *d)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cs_diag_set(d, "", 0, 0, "cannot open %s", path);
		return CS_ERR_NOT_FOUND;
	}
	void *trace = NULL;
	cs_status st = cs_trace_read_jsonl(f, path, &trace, d);
	fclose(f);
	r->trace = trace;
	return st;
}

static cs_status play(capisim_record *r, const char *path, cs_diag *d)
{
	cs_status st = capisim_scenario_load(path, &r->scenario, d);
	if (st != CS_OK)
		return st;
	cs_machine m;
	cs_run_result res;
	cs_run_options opt = {.trace = true};
	st = cs_scenario_run(r->scenario->s, &opt, &m, &res);
	if (st == CS_OK && !(r->trace = cs_trace_to_json_array(&m.w.trace)))
		st = cs_alloc_failed();
	if (st != CS_OK)
		cs_diag_set(d, "", 0, 0, "%s", cs_status_str(st));
	cs_run_result_free(&res);
	cs_machine_free(&m);
	return st;
}

cs_status capisim_record_load(const char *path, capisim_record **out,
                              cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	capisim_record *r = cs_calloc(1, sizeof *r);
	if (!r)
		return cs_alloc_failed();
	cs_status st =
	    is_trace_file(path) ? read_trace(r, path, d) : play(r, path, d);
	if (st != CS_OK) {
		capisim_record_free(r);
		return st;
	}
	*out = r;
	return CS_OK;
}

bool capisim_record_has_results(const capisim_record *r)
{
	/* A result is a "step" observation with an HRESULT (explain.h). */
	size_t i;
	json_t *o;
	json_array_foreach(r->trace, i, o)
	{
		const char *kind =
		    json_string_value(json_object_get(o, "kind"));
		if (kind && strcmp(kind, "step") == 0 &&
		    json_object_get(o, "hresult"))
			return true;
	}
	return false;
}

cs_status capisim_explain_write(const capisim_record *r, unsigned line,
                                FILE *out, size_t *nresults)
{
	cs_explain_options eo = {
	    .line = line, .scenario = r->scenario ? r->scenario->s : NULL};
	return cs_explain_write(r->trace, &eo, out, nresults);
}

cs_status capisim_report_write_html(const capisim_record *r, FILE *out)
{
	return cs_report_write_html(r->trace,
	                            r->scenario ? r->scenario->s : NULL, out);
}
