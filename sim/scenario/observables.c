/* Verdicts on a scenario's seed observables (observables.h). */
#include "sim/scenario/observables.h"

#include <string.h>

/* tag is "ID,ID,..." */
static bool tag_has(const char *tag, const char *id)
{
	size_t n = strlen(id);
	for (const char *w = tag; w;) {
		size_t len = strcspn(w, ",");
		if (len == n && strncmp(w, id, n) == 0)
			return true;
		w = w[len] ? w + len + 1 : NULL;
	}
	return false;
}

static bool failed(const cs_run_result *res, const cs_expect *e)
{
	for (size_t i = 0; i < res->nfailures; i++)
		if (res->failures[i].expect == e)
			return true;
	return false;
}

void cs_observable_verdicts(const cs_scenario *s, const cs_run_result *res,
                            cs_observable_verdict *out)
{
	for (size_t i = 0; i < s->nobservables; i++) {
		const char *id = s->observables[i].id;
		bool tagged = false, contradicted = false, unmet = false;
		for (size_t k = 0; k < s->nsteps; k++) {
			const cs_step *st = &s->steps[k];
			for (size_t j = 0; j < st->nexpects; j++) {
				const cs_expect *e = &st->expects[j];
				if (!e->tag || !tag_has(e->tag, id))
					continue;
				bool f = failed(res, e);
				if (e->tag_given) {
					unmet |= f;
				} else {
					tagged = true;
					contradicted |= f;
				}
			}
		}
		out[i] = unmet || !tagged ? CS_OBSERVABLE_SILENT
		         : contradicted   ? CS_OBSERVABLE_CONTRADICTS
		                          : CS_OBSERVABLE_EXPLAINS;
	}
}

const char *cs_observable_verdict_name(cs_observable_verdict v)
{
	switch (v) {
	case CS_OBSERVABLE_EXPLAINS:
		return "explains";
	case CS_OBSERVABLE_CONTRADICTS:
		return "contradicts";
	case CS_OBSERVABLE_SILENT:
		break;
	}
	return "silent";
}
