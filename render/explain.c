/* `capisim explain` (see explain.h): results, their rules, the cached
 * objects they used, and what would have changed them - the text form of
 * render/explain_model.h. */
#include "render/explain.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/hresult.h"
#include "render/explain_model.h"
#include "trace/jsonl.h"

void *cs_trace_to_json_array(const cs_trace *tr)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < tr->n; i++) {
		json_t *o = cs_obs_to_json(&tr->obs[i]);
		if (!o || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static void write_head(const cs_ex_result *r, FILE *out)
{
	fprintf(out, "line %u%s%s, %s, as %s\n  %s\n", r->line,
	        r->include ? " of " : "", r->include ? r->include : "",
	        r->t_text, r->account ? r->account : "-",
	        r->action ? r->action : "-");
	if (r->count > 1)
		fprintf(out, "  (the same result %zu times, the last at %s)\n",
		        r->count, r->last_t_text);
	if (cs_ex_words_failed(r)) {
		fprintf(out, "  result: %s", r->words);
	} else if (!r->hresult) {
		fputs("  result: ok", out);
	} else {
		const char *name = cs_hresult_name(r->hresult);
		const char *text = cs_hresult_text(r->hresult);
		fprintf(out, "  result: error 0x%08X%s%s", r->hresult,
		        name ? " " : "", name ? name : "");
		if (text)
			fprintf(out, "\n          \"%s\"", text);
	}
	if (r->status)
		fprintf(out, "%strust status %s",
		        r->hresult ? "\n          " : ", ", r->status);
	fputc('\n', out);
}

static void write_changes(const cs_explanation *e, const cs_ex_result *r,
                          FILE *out)
{
	if (!r->hresult && !cs_ex_words_failed(r))
		return;
	if (!e->counterfactuals) {
		fputs("  what would have changed it: computed only from the "
		      "scenario (`capisim explain FILE.scn`)\n",
		      out);
		return;
	}
	if (!r->cf || !r->cf->tried)
		return;
	if (r->cf->nalts == 0) {
		fputs("  what would have changed it: none of the alternatives "
		      "tried (reboot, service restarts, URL cache deletes, "
		      "ChainCacheResyncFiletime, registry ACLs, a later "
		      "clock, a hotfix profile) changes this result\n",
		      out);
		return;
	}
	fprintf(out,
	        "  what would have changed it (line %u played again "
	        "with each change):\n",
	        r->line);
	for (size_t i = 0; i < r->cf->nalts; i++) {
		char what[1200], res[160];
		cs_ex_alt_text(r, &r->cf->alts[i], what, sizeof what);
		cs_ex_alt_result(&r->cf->alts[i], res, sizeof res);
		fprintf(out, "    - %s: %s\n", what, res);
	}
}

static void write_result(const cs_explanation *e, const cs_ex_result *r,
                         FILE *out)
{
	write_head(r, out);
	if (r->nbecause)
		fputs("  because:\n", out);
	for (size_t i = 0; i < r->nbecause; i++)
		fprintf(out, "    %zu. %s\n       [%s; %s]\n", i + 1,
		        r->because[i].sentence, r->because[i].rule,
		        r->because[i].source ? r->because[i].source
		                             : "no source");
	if (r->cached.n)
		fputs("  cached objects used:\n", out);
	for (size_t i = 0; i < r->cached.n; i++)
		fprintf(out, "    - %s\n", r->cached.items[i]);
	for (size_t i = 0; i < r->expects.n; i++)
		fprintf(out, "  %s\n", r->expects.items[i]);
	write_changes(e, r, out);
	fputc('\n', out);
}

cs_status cs_explain_write(const void *trace, const cs_explain_options *opt,
                           FILE *out, size_t *nresults)
{
	cs_explanation e;
	cs_status st = cs_explanation_build(trace, opt ? opt->line : 0, &e);
	if (st != CS_OK)
		return st;
	cs_cf_set *cf = NULL;
	if (opt && opt->scenario) {
		cs_cf_target *t;
		size_t nt;
		st = cs_explanation_targets(&e, &t, &nt);
		if (st == CS_OK)
			st = cs_counterfactuals(opt->scenario, t, nt, &cf);
		free(t);
		if (st == CS_OK)
			cs_explanation_attach(&e, cf);
	}
	if (st == CS_OK && (e.title || e.profile))
		fprintf(out, "%s\nprofile: %s\n\n",
		        e.title ? e.title : "(untitled)",
		        e.profile ? e.profile : "-");
	for (size_t g = 0; st == CS_OK && g < e.n; g++)
		write_result(&e, &e.r[g], out);
	if (st == CS_OK && e.nresults == 0)
		fputs(opt && opt->line ? "no result at that line\n"
		                       : "no results in this trace\n",
		      out);
	if (nresults)
		*nresults = e.nresults;
	cs_explanation_free(&e);
	cs_cf_set_free(cf);
	if (st == CS_OK && ferror(out))
		st = CS_ERR_IO;
	return st;
}
