/* Running a scenario from C: the embedding API of libcapisim.
 *
 * A scenario (docs/scenario-language.md) is parsed completely - every line,
 * include and fixture - before anything runs; bad input fails with a
 * diagnostic and no run. A run plays the timeline on one simulated machine
 * and keeps its trace (docs/trace-format.md) and its failed expectations.
 *
 *     cs_diag d;
 *     capisim_run *r;
 *     if (capisim_run_file("incident.scn", NULL, &r, &d) != CS_OK) {
 *             cs_diag_print(stderr, &d);
 *             return 2;
 *     }
 *     int failed = capisim_run_failures(r) > 0;
 *     capisim_run_write_trace(r, stdout);
 *     capisim_run_free(r);
 */
#ifndef CAPISIM_RUN_H
#define CAPISIM_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capisim_run capisim_run;

typedef struct {
	/* A profile name from `capisim help run` ("win7-sp1", ...) that
	 * replaces the scenario's own `profile` line; NULL keeps it. */
	const char *profile;
	/* Do not record the trace (faster; capisim_run_write_trace then
	 * writes nothing). */
	bool no_trace;
} capisim_run_options;

/* Parse and play the scenario at path (fixture paths relative to its
 * folder). opt may be NULL. On CS_OK *out is the caller's, freed with
 * capisim_run_free, whatever the expectations' outcome. On bad input
 * CS_ERR_SYNTAX / CS_ERR_IO / CS_ERR_NOT_FOUND with d filled. */
CAPISIM_API CS_MUST_USE cs_status
capisim_run_file(const char *path, const capisim_run_options *opt,
                 capisim_run **out, cs_diag *d);
/* The same for scenario text; fixture paths are relative to base_dir. */
CAPISIM_API CS_MUST_USE cs_status capisim_run_string(
    const char *name, const char *text, const char *base_dir,
    const capisim_run_options *opt, capisim_run **out, cs_diag *d);
CAPISIM_API void capisim_run_free(capisim_run *r); /* NULL is a no-op */

/* Expectations that failed (0 = the scenario's claims all held), and how
 * many were checked. */
CAPISIM_API size_t capisim_run_failures(const capisim_run *r);
CAPISIM_API unsigned long capisim_run_expectations(const capisim_run *r);
/* The i-th failure as "FILE:LINE:COL: expectation failed: ITEM (DETAIL)";
 * NULL past the end. The string lives as long as r. */
CAPISIM_API const char *capisim_run_failure(const capisim_run *r, size_t i);
/* Observations recorded. */
CAPISIM_API size_t capisim_run_observations(const capisim_run *r);
/* The trace as JSON Lines. CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status capisim_run_write_trace(const capisim_run *r,
                                                          FILE *out);

#ifdef __cplusplus
}
#endif

#endif
