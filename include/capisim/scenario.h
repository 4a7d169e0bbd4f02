/* A parsed scenario (docs/scenario-language.md): every line, include and
 * fixture read and checked, nothing run yet. One parse can be played many
 * times - a run (capisim/run.h), a fleet (capisim/fleet.h), a Wine
 * comparison (capisim/compare.h) - and bad input is found before anything
 * is written anywhere.
 *
 *     cs_diag d;
 *     capisim_scenario *s;
 *     if (capisim_scenario_load("incident.scn", &s, &d) != CS_OK) {
 *             cs_diag_print(stderr, &d);   // incident.scn:3:7: error: ...
 *             return 2;
 *     }
 *     ... capisim_run_scenario(s, NULL, &r, &d) ...
 *     capisim_scenario_free(s);
 */
#ifndef CAPISIM_SCENARIO_H
#define CAPISIM_SCENARIO_H

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capisim_scenario capisim_scenario;

/* Parse the scenario at path; its fixture paths are relative to its
 * folder. On CS_OK *out is the caller's (capisim_scenario_free). Bad input:
 * CS_ERR_SYNTAX, CS_ERR_IO or CS_ERR_NOT_FOUND with d filled
 * (file:line:col, what was expected, the source line); CS_ERR_NOMEM. */
CAPISIM_API CS_MUST_USE cs_status capisim_scenario_load(const char *path,
                                                        capisim_scenario **out,
                                                        cs_diag *d);
/* The same for scenario text; name is used in diagnostics and fixture
 * paths are relative to base_dir (NULL: the current directory). */
CAPISIM_API CS_MUST_USE cs_status capisim_scenario_parse(const char *name,
                                                         const char *text,
                                                         const char *base_dir,
                                                         capisim_scenario **out,
                                                         cs_diag *d);
CAPISIM_API void capisim_scenario_free(capisim_scenario *s); /* NULL: no-op */

/* The span the scenario plays: its start and the clock after its last
 * step. */
CAPISIM_API void capisim_scenario_span(const capisim_scenario *s,
                                       cs_filetime *start, cs_filetime *end);

#ifdef __cplusplus
}
#endif

#endif
