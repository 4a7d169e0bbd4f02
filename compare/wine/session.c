/* Compare-wine sessions from a probe plan, their report and their end
 * (session.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "compare/diff.h"
#include "compare/wine/ctl_check.h"
#include "compare/wine/session.h"
#include "model/alloc.h"
#include "pki/file_read.h"

void wine_session_free(wine_session *s)
{
	free(s->wine);
	free(s->model);
	free(s->model_name);
	wine_scenario_subset_free(&s->sub);
	for (unsigned i = 0; i < s->nfiles; i++) {
		if (s->files)
			free(s->files[i]);
		if (s->wine_rec)
			json_decref(s->wine_rec[i]);
		if (s->model_rec)
			json_decref(s->model_rec[i]);
	}
	free(s->files);
	free(s->wine_rec);
	free(s->model_rec);
	memset(s, 0, sizeof *s);
}

cs_status wine_session_plan_model(const wine_run_opts *o, const char *plan_path,
                                  const char *model, const char *name,
                                  wine_session *out, cs_diag *d)
{
	memset(out, 0, sizeof *out);
	cs_status st = wine_run_plan(o, plan_path, &out->wine, d);
	if (st != CS_OK)
		return st;
	out->kind = model ? WINE_SESSION_DIFF : WINE_SESSION_TRACE;
	if (model && (!(out->model = cs_strdup(model)) ||
	              !(out->model_name = cs_strdup(name)))) {
		wine_session_free(out);
		return cs_alloc_failed();
	}
	return CS_OK;
}

cs_status wine_session_plan(const wine_run_opts *o, const char *plan_path,
                            const char *expect, wine_session *out, cs_diag *d)
{
	memset(out, 0, sizeof *out);
	char *model = NULL;
	if (expect) {
		/* read before Wine starts: a missing file fails at once */
		static const cs_file_limits lim = {
		    .max = 512u << 20,
		    .too_big = "larger than 512 MiB: not a trace"};
		size_t len;
		cs_status st = cs_file_read_text(expect, &lim, &model, &len, d);
		if (st != CS_OK)
			return st;
	}
	cs_status st =
	    wine_session_plan_model(o, plan_path, model, expect, out, d);
	free(model);
	return st;
}

static cs_status report_diff(const wine_session *s, FILE *out, bool *differs,
                             cs_diag *d)
{
	for (size_t i = 0; i < s->sub.nskipped; i++)
		fprintf(out, "- line %u: skipped: %s (%s)\n",
		        s->sub.skipped[i].line, s->sub.skipped[i].action,
		        s->sub.skipped[i].why);
	cmp_opts o = {.name_a = "wine",
	              .name_b = s->model_name ? s->model_name : "model"};
	cmp_summary sum;
	cs_status st = cmp_texts(s->wine, s->model, &o, out, &sum, d);
	if (st != CS_OK)
		return st;
	cmp_print_summary(out, &o, &sum);
	if (s->sub.nskipped)
		fprintf(out,
		        "%zu step%s skipped (Wine cannot play them; the model "
		        "did not either)\n",
		        s->sub.nskipped, s->sub.nskipped == 1 ? "" : "s");
	*differs = sum.different != 0;
	return CS_OK;
}

static cs_status report_ctls(const wine_session *s, FILE *out, bool *differs)
{
	ctl_compare_sum sum = {0};
	for (unsigned i = 0; i < s->nfiles; i++)
		ctl_compare_records(s->files[i], s->wine_rec[i],
		                    s->model_rec[i], out, &sum);
	fprintf(out,
	        "%u file%s: %u fields same, %u different, %u seen by one "
	        "side only\n",
	        s->nfiles, s->nfiles == 1 ? "" : "s", sum.same, sum.different,
	        sum.one_sided);
	*differs = sum.different != 0;
	return CS_OK;
}

cs_status wine_session_report(const wine_session *s, FILE *out, bool *differs,
                              cs_diag *d)
{
	*differs = false;
	cs_status st;
	switch (s->kind) {
	case WINE_SESSION_DIFF:
		st = report_diff(s, out, differs, d);
		break;
	case WINE_SESSION_CTL:
		st = report_ctls(s, out, differs);
		break;
	default:
		st = fputs(s->wine, out) < 0 ? CS_ERR_IO : CS_OK;
	}
	return st == CS_OK && ferror(out) ? CS_ERR_IO : st;
}
