/* The readable timeline of a finished run (`capisim run`): time, account,
 * action, outcome, then the events, fetches and failed expectations each
 * step caused. Derived from the trace, so it shows exactly what the trace
 * records. */
#ifndef CAPISIM_RENDER_TIMELINE_H
#define CAPISIM_RENDER_TIMELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/scenario/scenario.h"
#include "trace/outbuf.h"

/* CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cs_timeline_write(const cs_scenario *s,
                                        const cs_machine *m,
                                        const cs_run_result *res, FILE *out);

/* The same in three parts, for a run whose trace streams (capisim run):
 * the header before the run, each observation's lines as it is written,
 * the end line after. */
void cs_timeline_header(const cs_scenario *s, FILE *out);
void cs_timeline_obs(const cs_obs *o, FILE *out);
/* Under a `certutil -verify [-urlfetch]` step: certutil's text of the
 * verification (render/certutil_verify.h), indented. step must be in m's
 * trace with the step's other observations after it (the runner records a
 * certutil step's line first; a streamed trace still holds the rest of the
 * agenda entry while it writes the step); nothing for any other
 * observation. */
bool cs_timeline_is_certutil_verify(const char *action);
void cs_timeline_certutil(const cs_machine *m, const cs_obs *step, FILE *out);
CS_MUST_USE cs_status cs_timeline_footer(const cs_machine *m,
                                         const cs_run_result *res, FILE *out);

/* An observation's lines with their leading time cut out, written again
 * at another time for a replayed result (model/trace.h, cs_trace_sink). */
typedef struct cs_timeline_template cs_timeline_template;
cs_timeline_template *cs_timeline_template_new(const cs_obs *o);
void cs_timeline_template_write(const cs_timeline_template *tp, const char *iso,
                                cs_outbuf *out);
void cs_timeline_template_free(cs_timeline_template *tp);

#endif
