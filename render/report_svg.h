/* The report's timeline as inline SVG (render/report_model.h): a
 * step-compressed axis - each slot (a result, or a run of identical
 * repetitions) gets its own room, the time between slots gets room that
 * grows with it up to a cap, where the axis is broken and the elapsed time
 * written - with the real times labelled; lanes with labels that are never
 * cut; every mark with a <title> tooltip. Responsive (a viewBox, 100%
 * wide) and the same on paper. */
#ifndef CAPISIM_RENDER_REPORT_SVG_H
#define CAPISIM_RENDER_REPORT_SVG_H

#include <stdio.h>

#include "render/report_model.h"

/* The slots a panel shows: [s0, s1). */
typedef struct {
	size_t s0, s1;
	const char *id;      /* unique per page: "overview", "zoom-1" */
	const char *caption; /* the SVG's accessible name */
} rs_panel;

/* Slots one panel can give readable room to; the overview shows them all
 * however narrow, and the page adds zoomed panels of at most this many
 * slots when the overview is denser. */
size_t rs_panel_capacity(void);

void rs_write_svg(FILE *out, const rm_model *m, const rs_panel *p);

#endif
