/* `capisim compare wine SCENARIO`: the part of a scenario that Wine can
 * play, as a probe plan (compare/probe/plan.h) for Wine's side and as the
 * same steps for the model's side.
 *
 * Playable: the clock (start, at, advance, every .. until), `serve` and
 * `fail` (played for real by the loopback proxy, httpd.h), `store [machine|
 * user] Root|CA add` and `purposes` before the first verify (the probe's
 * stores are fixed when its engine is made: Root becomes the engine's
 * exclusive roots, CA the additional store), and `verify` with policy=,
 * revocation=, server=, usage=, at= and flags=. Everything else - reg,
 * certutil, reboot, as, service, iisreset, latency, schannel, tls-client-auth,
 * a store change after the first verify, an SSL check of a client - is skipped
 * on BOTH sides and listed, so the two play the same steps and a skipped step
 * can never show up as a difference. Expectations are not checked: the
 * comparison is Wine against the model, not against the scenario. */
#ifndef CAPISIM_COMPARE_WINE_SCENARIO_PLAN_H
#define CAPISIM_COMPARE_WINE_SCENARIO_PLAN_H

#include <stdio.h>

#include "capisim/capisim.h"
#include "sim/scenario/scenario.h"

typedef struct {
	unsigned line;   /* scenario line */
	char *action;    /* the command as written (owned: the report is
	                    written after the scenario is gone) */
	const char *why; /* why Wine cannot play it (static) */
} wine_skipped_step;

typedef struct {
	cs_step *steps; /* the playable steps: shallow copies, data borrowed */
	size_t nsteps;
	wine_skipped_step *skipped;
	size_t nskipped;
	unsigned nverify;   /* probe verify steps (every repetition counts) */
	cs_filetime *clock; /* [nverify]: the clock each of them runs at */
} wine_scenario_subset;

/* Classify s's steps and write the probe plan for the playable ones to
 * plan. base_dir is the scenario's folder (cs_scenario_base_dir): fixture
 * paths in the plan are absolute. CS_ERR_SYNTAX (d's message set, no file)
 * when nothing Wine can verify is left. A verify at a time that is not a
 * whole second is skipped: libfaketime's clock has seconds. */
CS_MUST_USE cs_status wine_scenario_plan(const cs_scenario *s,
                                         const char *base_dir, FILE *plan,
                                         wine_scenario_subset *out, cs_diag *d);
void wine_scenario_subset_free(wine_scenario_subset *sub);

/* Play the subset on the model with profile wine-8 and return its verify
 * results as probe-shaped JSON Lines ({"profile","step","at","chain",
 * "policy"}, one per verify; malloc'd). */
CS_MUST_USE cs_status wine_scenario_model(const cs_scenario *s,
                                          const wine_scenario_subset *sub,
                                          char **jsonl, cs_diag *d);

#endif
