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
 *
 * A long run can stream instead of keeping its trace: give the options a
 * trace_out and/or a view_out and the run writes each observation as it is
 * recorded (what `capisim run` does), holding in memory only what one step
 * records:
 *
 *     capisim_run_options o = {.trace_out = f, .view_out = stdout};
 *     st = capisim_run_scenario(s, &o, &r, &d);   // s: capisim/scenario.h
 */
#ifndef CAPISIM_RUN_H
#define CAPISIM_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/scenario.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capisim_run capisim_run;

/* How the runner plays repeated occurrences of a step whose inputs did not
 * change (docs/architecture.md, "Horizons"). */
typedef enum {
	CAPISIM_REUSE_ON,    /* replay a recorded result while it holds */
	CAPISIM_REUSE_OFF,   /* play every occurrence on the engine */
	CAPISIM_REUSE_CHECK, /* play every occurrence and fail the run where a
	                        replay would have differed */
} capisim_reuse;

/* What view_out gets. */
typedef enum {
	CAPISIM_VIEW_TIMELINE, /* the readable timeline of `capisim run` */
	CAPISIM_VIEW_JSONL,    /* the trace as JSON Lines (`run --json`) */
} capisim_view;

/* All zero (or a NULL pointer to options) is a plain run that keeps its
 * trace in memory. */
typedef struct {
	/* A profile name from `capisim profiles` ("win7-sp1", ...) that
	 * replaces the scenario's own `profile` line; NULL keeps it. */
	const char *profile;
	/* Do not record the trace (faster; capisim_run_write_trace then
	 * writes nothing). Ignored when the run streams. */
	bool no_trace;
	capisim_reuse reuse;
	/* Stop before the first step later than until. */
	bool has_until;
	cs_filetime until;
	/* Streams, written as the run goes (NULL: none). With either, the run
	 * keeps no trace in memory: capisim_run_write_trace writes nothing and
	 * capisim_run_diff_trace has nothing to compare. */
	FILE *trace_out; /* the trace as JSON Lines */
	FILE *view_out;  /* view, below */
	capisim_view view;
	/* Keep the requests capisim_run_write_fetch_log writes, and the
	 * observations capisim_run_write_capi2 reads (needed only when the
	 * run streams; a kept trace has them). */
	bool fetch_log;
	bool capi2;
	/* An alternative of docs/hypotheses.md (capisim_hypothesis) applied
	 * to the profile's columns; NULL: the profiles as shipped. */
	const char *hypothesis;
} capisim_run_options;

/* Play a parsed scenario (capisim/scenario.h), which must outlive the run.
 * opt may be NULL. On CS_OK *out is the caller's (capisim_run_free),
 * whatever the expectations' outcome. Otherwise *out is NULL and d says
 * why: CS_ERR_NOT_FOUND for an unknown profile, CS_ERR_IO when a stream
 * could not be written, CS_ERR_INTERNAL when CAPISIM_REUSE_CHECK found a
 * replay that would have differed (d names the line, the instant and what
 * differs), CS_ERR_NOMEM. */
CAPISIM_API CS_MUST_USE cs_status
capisim_run_scenario(const capisim_scenario *s, const capisim_run_options *opt,
                     capisim_run **out, cs_diag *d);
/* Parse and play the scenario at path (fixture paths relative to its
 * folder). On bad input CS_ERR_SYNTAX / CS_ERR_IO / CS_ERR_NOT_FOUND with
 * d filled, and no run. */
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
/* Observations recorded (streamed ones included). */
CAPISIM_API size_t capisim_run_observations(const capisim_run *r);
/* Steps played, and how many of them replayed a recorded result. */
CAPISIM_API void capisim_run_steps(const capisim_run *r, unsigned long *played,
                                   unsigned long *replayed);
/* The trace as JSON Lines. CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status capisim_run_write_trace(const capisim_run *r,
                                                          FILE *out);
/* The requests that reached a server, as the W3C extended log IIS writes
 * (`capisim run --fetch-log`). CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status
capisim_run_write_fetch_log(const capisim_run *r, FILE *out);
/* The run's CAPI2 Operational events as the XML Event Viewer exports
 * (`capisim run --capi2`, docs/capi2.md). *count (may be NULL) gets how
 * many: none unless the scenario enabled the channel. CS_ERR_IO on a write
 * error. */
CAPISIM_API CS_MUST_USE cs_status capisim_run_write_capi2(const capisim_run *r,
                                                          FILE *out,
                                                          size_t *count);
/* Compare the kept trace with the JSON Lines trace in the file golden
 * (`capisim check`). CS_OK with *line 0 when they are equal, else *line
 * is the golden's first differing line and why says what differs. When
 * golden cannot be opened CS_ERR_NOT_FOUND; when it is no trace
 * CS_ERR_SYNTAX with d at the bad line. */
CAPISIM_API CS_MUST_USE cs_status capisim_run_diff_trace(const capisim_run *r,
                                                         const char *golden,
                                                         size_t *line,
                                                         char *why, size_t cap,
                                                         cs_diag *d);

/* The seed observables the scenario declares (`observable ID TEXT`) and
 * what the run made of each: its tagged expectations all held (explains),
 * one failed (contradicts), or none was judged (silent: untagged, or a
 * `given=` precondition failed). docs/scenario-language.md. */
typedef enum {
	CAPISIM_OBSERVABLE_EXPLAINS,
	CAPISIM_OBSERVABLE_CONTRADICTS,
	CAPISIM_OBSERVABLE_SILENT,
} capisim_observable_verdict;

CAPISIM_API size_t capisim_run_observables(const capisim_run *r);
/* The i-th observable's ID (NULL past the end); its text and verdict
 * through the out parameters when not NULL. Strings live as long as r. */
CAPISIM_API const char *
capisim_run_observable(const capisim_run *r, size_t i, const char **text,
                       capisim_observable_verdict *verdict);

/* The named alternatives for capisim_run_options.hypothesis, the first
 * being the profiles as shipped: the i-th ID (NULL past the end) and its
 * one-line title through *title when not NULL. */
CAPISIM_API size_t capisim_hypotheses(void);
CAPISIM_API const char *capisim_hypothesis(size_t i, const char **title);

/* How capisim_hypotheses_score writes its table. */
typedef enum {
	CAPISIM_HYPOTHESES_TEXT,     /* a letter per alternative, +/x/. */
	CAPISIM_HYPOTHESES_MARKDOWN, /* the table of docs/hypotheses.md */
	CAPISIM_HYPOTHESES_JSON,     /* alternatives with their counts,
	                                observables with their verdicts */
} capisim_hypotheses_format;

/* `capisim hypotheses`: play each scenario file under every alternative,
 * score each on the observables the scenarios declare (one declared by
 * several scenarios is contradicted if any run contradicts it) and write
 * the table to out. An alternative whose runs trace as the profiles as
 * shipped do is named once, not scored. *better (may be NULL) is set when
 * an alternative explains more observables than the profiles as shipped;
 * each such alternative gets a line on warn (may be NULL). Errors as
 * capisim_run_file's, CS_ERR_IO when out could not be written. */
CAPISIM_API CS_MUST_USE cs_status capisim_hypotheses_score(
    const char *const *paths, size_t n, capisim_hypotheses_format fmt,
    FILE *out, FILE *warn, bool *better, cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
