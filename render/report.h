/* `capisim report`: one self-contained HTML page of a run for reading and
 * teaching - an inline SVG timeline (a lane per account's URL cache with
 * each cached object from its download until it was replaced or deleted,
 * the network's answers, registry changes, events, and each result as a
 * coloured tick; hover any mark for its details) and the explain text
 * beside it. No scripts, no network, no external assets. Built from the
 * trace only, like explain. */
#ifndef CAPISIM_RENDER_REPORT_H
#define CAPISIM_RENDER_REPORT_H

#include <stdio.h>

#include "capisim/status.h"

/* trace: a json_t * array (render/explain.h). */
CS_MUST_USE cs_status cs_report_write_html(const void *trace, FILE *out);

#endif
