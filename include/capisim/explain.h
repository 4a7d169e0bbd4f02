/* Why each result of a run came out (`capisim explain`) and the run as one
 * HTML page (`capisim report`), from a record of the run: a scenario played
 * with its trace on, or a JSON Lines trace recorded earlier (by `capisim
 * run --trace`, or elsewhere). Both views read only the trace; with a
 * scenario they also replay each failed result with alternatives ("what
 * would have changed it").
 *
 *     capisim_record *rec;
 *     if (capisim_record_load("incident.scn", &rec, &d) == CS_OK &&
 *         capisim_record_has_results(rec))
 *             st = capisim_explain_write(rec, 0, stdout, NULL);
 *     capisim_record_free(rec);
 */
#ifndef CAPISIM_EXPLAIN_H
#define CAPISIM_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capisim_record capisim_record;

/* A path ending in .jsonl or .json is read as a trace; anything else is
 * parsed as a scenario and played. On CS_OK *out is the caller's
 * (capisim_record_free). Bad input: CS_ERR_SYNTAX, CS_ERR_IO or
 * CS_ERR_NOT_FOUND with d filled; a run that fails: CS_ERR_INTERNAL or
 * CS_ERR_NOMEM with d saying why. */
CAPISIM_API CS_MUST_USE cs_status capisim_record_load(const char *path,
                                                      capisim_record **out,
                                                      cs_diag *d);
CAPISIM_API void capisim_record_free(capisim_record *r); /* NULL: no-op */

/* Whether the record holds a result to explain: an action with an outcome
 * (a verify, store, certutil or schannel step). */
CAPISIM_API bool capisim_record_has_results(const capisim_record *r);

/* The explanation of every result, or of the results of scenario line
 * `line` (0: all); *nresults (may be NULL) gets how many were explained.
 * CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status capisim_explain_write(const capisim_record *r,
                                                        unsigned line,
                                                        FILE *out,
                                                        size_t *nresults);

/* The self-contained HTML report (no scripts, no external assets).
 * CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status
capisim_report_write_html(const capisim_record *r, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
