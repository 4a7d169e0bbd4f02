/* `capisim report`: one self-contained HTML page of a run for reading,
 * projecting and printing - an inline SVG timeline on a step-compressed
 * axis (each result its own column, the time between steps compressed and
 * the axis broken where it is long, zoomed parts where it is dense): the
 * results, the event log (errors over information), the network, the
 * registry, reboots, and a lane per cached copy (an account's disk cache,
 * a process's memory) from its download to where it was replaced, deleted
 * or dropped, with its edge (NextUpdate, the cache lifetime) and the part
 * past it striped; the sync time with its 24 hours. Every mark has a
 * tooltip; the legend lists every kind drawn; each result's explanation is
 * a card below, linked from its mark. No scripts, no network, no external
 * assets. */
#ifndef CAPISIM_RENDER_REPORT_H
#define CAPISIM_RENDER_REPORT_H

#include <stdio.h>

#include "capisim/status.h"

/* trace: a json_t * array (render/explain.h); scenario: the cs_scenario
 * it came from, or NULL (a trace file: no alternatives are computed). */
CS_MUST_USE cs_status cs_report_write_html(const void *trace,
                                           const void *scenario, FILE *out);

#endif
