/* One `capisim compare wine` run as a value: what Wine's crypt32 answered
 * (the probe's trace), what the model answered, and how to report the two
 * (include/capisim/compare.h). Three ways to make one: a probe plan (with
 * an expected trace, or alone), the Wine-playable part of a scenario
 * (scenario_plan.h), or signed CTLs checked on both sides (ctl_check.h). */
#ifndef CAPISIM_COMPARE_WINE_SESSION_H
#define CAPISIM_COMPARE_WINE_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "capisim/capisim.h"
#include "compare/wine/runner.h"
#include "compare/wine/scenario_plan.h"
#include "sim/scenario/scenario.h"

typedef struct json_t json_t;

typedef enum {
	WINE_SESSION_TRACE, /* Wine's trace alone (a plan without --expect) */
	WINE_SESSION_DIFF,  /* Wine's trace against the model's, by the diff */
	WINE_SESSION_CTL,   /* CTL records, field by field */
} wine_session_kind;

typedef struct {
	wine_session_kind kind;
	char *wine, *model; /* JSON Lines (model NULL for a trace alone) */
	char *model_name;   /* the model side's name in the diff */
	wine_scenario_subset sub; /* a scenario's skipped steps */
	bool from_scenario;
	/* CTL sessions: the files and both sides' records, by file. */
	char **files;
	json_t **wine_rec, **model_rec;
	unsigned nfiles;
} wine_session;

void wine_session_free(wine_session *s);

/* Run plan_path in Wine; with expect (a JSON Lines file, may be NULL) the
 * session diffs Wine's trace against it. Errors: d set (a file named when
 * the input was bad). */
CS_MUST_USE cs_status wine_session_plan(const wine_run_opts *o,
                                        const char *plan_path,
                                        const char *expect, wine_session *out,
                                        cs_diag *d);
/* The same with the model's side given as text (`compare wine --verify`'s
 * `capisim verify --json`), named name. */
CS_MUST_USE cs_status wine_session_plan_model(const wine_run_opts *o,
                                              const char *plan_path,
                                              const char *model,
                                              const char *name,
                                              wine_session *out, cs_diag *d);
/* The Wine-playable part of s (parsed from path) in Wine and in the model
 * (profile wine-8). */
CS_MUST_USE cs_status wine_session_scenario(const wine_run_opts *o,
                                            const cs_scenario *s,
                                            const char *path, wine_session *out,
                                            cs_diag *d);
/* Each signed CTL read by Wine (the probe's ctl-check) and by the engine's
 * CTL parser. */
CS_MUST_USE cs_status wine_session_ctls(const wine_run_opts *o,
                                        const char *const *files, unsigned n,
                                        wine_session *out, cs_diag *d);

/* The report: for a diff the skipped steps, the diff and its summary; for
 * CTLs one line per field and a summary; for a trace alone the trace.
 * *differs: whether any difference was found. */
CS_MUST_USE cs_status wine_session_report(const wine_session *s, FILE *out,
                                          bool *differs, cs_diag *d);

#endif
