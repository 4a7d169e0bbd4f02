/* The readable timeline of a finished run (`capisim run`): time, account,
 * action, outcome, then the events, fetches and failed expectations each
 * step caused. Derived from the trace, so it shows exactly what the trace
 * records. */
#ifndef CAPISIM_RENDER_TIMELINE_H
#define CAPISIM_RENDER_TIMELINE_H

#include <stdio.h>

#include "sim/scenario/scenario.h"

/* CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cs_timeline_write(const cs_scenario *s,
                                        const cs_machine *m,
                                        const cs_run_result *res, FILE *out);

#endif
