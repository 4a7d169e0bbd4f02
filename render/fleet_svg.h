/* The fleet chart (`capisim fleet --svg`): the share of machines per time
 * bucket, one line per column, with a title, labelled axes, a legend in
 * words ("event 4107 (Microsoft-Windows-CAPI2, Application log)", "line
 * 32: verify leaf-p2.crt fails") and lines told apart without colour: each
 * its own dash pattern and marker, and each drawn narrower than the one
 * before, so a line that coincides with an earlier one leaves it visible
 * around it. */
#ifndef CAPISIM_RENDER_FLEET_SVG_H
#define CAPISIM_RENDER_FLEET_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "sim/fleet/fleet.h"

typedef struct {
	/* The chart's title; NULL: made from the result's header lines. */
	const char *title;
	/* The scenario the fleet played (a failing line's action names the
	 * legend entry), or NULL (a merge of CSV files). */
	const struct cs_scenario *scenario;
} cs_fleet_svg_options;

/* The legend's words for column col ("event:LOG:SOURCE:ID",
 * "failed:line N VERB"). */
void cs_fleet_column_label(const char *col, const struct cs_scenario *s,
                           char *buf, size_t cap);

CS_MUST_USE cs_status cs_fleet_write_svg(const cs_fleet_result *r,
                                         const cs_fleet_svg_options *o,
                                         FILE *out);

#endif
