/* The fleet chart (`capisim fleet --svg`). */
#ifndef CAPISIM_RENDER_FLEET_SVG_H
#define CAPISIM_RENDER_FLEET_SVG_H

#include <stdio.h>

#include "sim/fleet/fleet.h"

/* An SVG line chart of the shares over time, one line per column. */
CS_MUST_USE cs_status cs_fleet_write_svg(const cs_fleet_result *r, FILE *out);

#endif
