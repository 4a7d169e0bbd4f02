/* Seed observables in scenarios: `observable ID TEXT` declares one; an
 * expectation item after `obs=ID,...` on its line reproduces it, one after
 * `given=ID,...` is its precondition (docs/scenario-language.md). After a
 * run each observable gets a verdict: the model explains it (every tagged
 * item held), contradicts it (one failed), or is silent (no tagged item, or
 * a precondition failed - the run never reached the state the observable
 * is about). `capisim hypotheses` scores alternatives with it. */
#ifndef CAPISIM_SIM_SCENARIO_OBSERVABLES_H
#define CAPISIM_SIM_SCENARIO_OBSERVABLES_H

#include "sim/scenario/scenario.h"

typedef enum {
	CS_OBSERVABLE_EXPLAINS,
	CS_OBSERVABLE_CONTRADICTS,
	CS_OBSERVABLE_SILENT,
} cs_observable_verdict;

/* out[i] is the verdict on s->observables[i] after the run res of s. */
void cs_observable_verdicts(const cs_scenario *s, const cs_run_result *res,
                            cs_observable_verdict *out);

const char *cs_observable_verdict_name(cs_observable_verdict v);

#endif
