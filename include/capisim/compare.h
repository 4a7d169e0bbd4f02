/* Comparing what two sides observed (docs/compare.md): the trace diff of
 * `capisim compare A.jsonl B.jsonl`, and `capisim compare wine` - the same
 * situation played in Wine's crypt32 (the probe, under a controlled clock
 * and a loopback network) and in the model (profile wine-8).
 *
 * Traces are JSON Lines, one observation per line: `capisim verify --json`
 * objects, probe traces, scenario traces and importer output
 * (capisim/import.h) alike. How observations pair up and which fields are
 * compared: docs/compare.md, "Reading the diff". */
#ifndef CAPISIM_COMPARE_H
#define CAPISIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/scenario.h"
#include "capisim/status.h"
#include "capisim/verify.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned matched;
	unsigned different; /* includes the only-in-one observations */
	unsigned only_a, only_b;
} capisim_diff_summary;

typedef struct {
	const char *name_a, *name_b; /* for the report ("A.jsonl") */
	bool verbose;                /* also list matched observations */
	/* Selection (`compare --only KINDS --log NAME`), applied after a
	 * run's chain and policy observations are folded into one "verify":
	 * compare only these kinds ("verify,event"; NULL = every kind) and
	 * only the events of this log (NULL = every log). */
	const char *only;
	const char *log;
} capisim_diff_options;

/* Diff the traces in two files (or two texts), the differences written to
 * out and counted in sum. A line that is not a JSON object: CS_ERR_SYNTAX
 * with d at file:line:col. */
CAPISIM_API CS_MUST_USE cs_status capisim_diff_files(
    const char *path_a, const char *path_b, const capisim_diff_options *o,
    FILE *out, capisim_diff_summary *sum, cs_diag *d);
CAPISIM_API CS_MUST_USE cs_status
capisim_diff_texts(const char *a, const char *b, const capisim_diff_options *o,
                   FILE *out, capisim_diff_summary *sum, cs_diag *d);
/* The summary line "N matched, N different" (+ the only-in-one split). */
CAPISIM_API void capisim_diff_write_summary(FILE *out,
                                            const capisim_diff_options *o,
                                            const capisim_diff_summary *s);

/* Where Wine and its helpers are. Each NULL: the environment's
 * ($CAPISIM_WINE, $CAPISIM_PROBE, $CAPISIM_WINEPREFIX,
 * $CAPISIM_LIBFAKETIME), else wine64 or wine on PATH, default_probe,
 * default_prefix and Debian's libfaketime. */
typedef struct {
	const char *wine, *probe, *prefix, *faketime;
	const char *fetch_log; /* the loopback server's request log, or NULL */
	unsigned timeout_s;    /* the whole probe run; 0: 300 s */
	const char *default_probe, *default_prefix;
} capisim_wine_options;

/* One comparison with Wine, made by one of the functions below. Errors:
 * CS_ERR_NOT_FOUND when Wine, the probe or libfaketime is missing, bad
 * input with d naming the file; d's message without a file otherwise. */
typedef struct capisim_wine_cmp capisim_wine_cmp;

/* A probe plan (docs/compare.md, "Probe plans") run in Wine; with expect
 * (a JSON Lines trace, may be NULL) compared with it. */
CAPISIM_API CS_MUST_USE cs_status capisim_wine_compare_plan(
    const capisim_wine_options *o, const char *plan, const char *expect,
    capisim_wine_cmp **out, cs_diag *d);
/* The same with the model's side given as JSON Lines text, named name in
 * the report. */
CAPISIM_API CS_MUST_USE cs_status capisim_wine_compare_plan_text(
    const capisim_wine_options *o, const char *plan, const char *model,
    const char *name, capisim_wine_cmp **out, cs_diag *d);
/* One verification (capisim/verify.h, set up but not run; its profile
 * becomes wine-8) as a probe plan run in Wine and, unless wine_only or
 * expect (a JSON Lines trace, the model's side from a file) is given, run
 * in the model (`capisim compare wine --verify LEAF`). Its options must
 * fit together as for capisim_verify_run, and its time be a whole second
 * (libfaketime's clock): else CS_ERR_RANGE. */
CAPISIM_API CS_MUST_USE cs_status capisim_wine_compare_verify(
    const capisim_wine_options *o, capisim_verify *v, const char *leaf,
    const char *expect, bool wine_only, capisim_wine_cmp **out, cs_diag *d);
/* The part of scenario s (parsed from path) that Wine can play, in Wine
 * and in the model; the steps Wine cannot play are skipped on both sides
 * and listed in the report. */
CAPISIM_API CS_MUST_USE cs_status capisim_wine_compare_scenario(
    const capisim_wine_options *o, const capisim_scenario *s, const char *path,
    capisim_wine_cmp **out, cs_diag *d);
/* Signed CTLs (.stl) read by Wine's crypt32 and by the model's CTL parser,
 * field by field (docs/compare.md, "Checking STLs"). A file that cannot be
 * read fails before Wine starts. */
CAPISIM_API CS_MUST_USE cs_status capisim_wine_compare_ctls(
    const capisim_wine_options *o, const char *const *files, size_t n,
    capisim_wine_cmp **out, cs_diag *d);
CAPISIM_API void capisim_wine_cmp_free(capisim_wine_cmp *c); /* NULL: no-op */

/* The two sides as JSON Lines (the model's NULL for a plan run alone);
 * the strings live as long as c. */
CAPISIM_API const char *capisim_wine_cmp_trace(const capisim_wine_cmp *c,
                                               bool model);
/* The report: the skipped steps, the diff and its summary; for CTLs one
 * line per field and a summary; for a plan alone Wine's trace. *differs
 * tells whether a difference was found. */
CAPISIM_API CS_MUST_USE cs_status capisim_wine_cmp_write_report(
    const capisim_wine_cmp *c, FILE *out, bool *differs, cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
