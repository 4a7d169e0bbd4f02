/* The fleet's shares as an SVG line chart: time across, share of machines
 * up, one line per column, a legend under the plot. Self-contained (no
 * fonts or scripts from elsewhere); hover a line for its name. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine/fleet/fleet.h"

#define W      960
#define H      360
#define LEFT   60
#define RIGHT  20
#define TOP    20
#define BOTTOM 40
#define LEGEND 18 /* height of one legend row */

/* Colour-blind-safe palette (Okabe and Ito). */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73",
                                      "#CC79A7", "#E69F00", "#56B4E9",
                                      "#000000", "#F0E442"};

static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else
			fputc(*s, out);
	}
}

cs_status cs_fleet_write_svg(const cs_fleet_result *r, FILE *out)
{
	int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
	int height = H + (int)r->ncols * LEGEND + 10;
	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\" viewBox=\"0 0 %d %d\" "
	        "font-family=\"sans-serif\" font-size=\"12\">\n"
	        "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
	        W, height, W, height);
	/* axes and grid: 0, 25, 50, 75, 100 % */
	for (int q = 0; q <= 4; q++) {
		int y = TOP + ph - ph * q / 4;
		fprintf(out,
		        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"#dddddd\"/><text x=\"%d\" y=\"%d\" "
		        "text-anchor=\"end\">%d%%</text>\n",
		        LEFT, y, LEFT + pw, y, LEFT - 6, y + 4, q * 25);
	}
	size_t nb = r->nbuckets ? r->nbuckets : 1;
	size_t ticks = nb < 8 ? nb : 8;
	for (size_t k = 0; k < ticks; k++) {
		size_t b = ticks > 1 ? k * (nb - 1) / (ticks - 1) : 0;
		int x = LEFT + (int)(nb > 1 ? (int64_t)pw * (int64_t)b /
		                                  (int64_t)(nb - 1)
		                            : 0);
		char t[CS_TIME_BUF];
		cs_time_format(r->t0 + (int64_t)b * r->bucket, t);
		t[10] = '\0'; /* the date */
		fprintf(out,
		        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s"
		        "</text>\n",
		        x, TOP + ph + 16, t);
	}
	for (size_t c = 0; c < r->ncols; c++) {
		const char *col =
		    palette[c % (sizeof palette / sizeof palette[0])];
		fprintf(out,
		        "<polyline fill=\"none\" stroke=\"%s\" "
		        "stroke-width=\"2\" points=\"",
		        col);
		for (size_t b = 0; b < r->nbuckets; b++) {
			uint64_t n = r->counts[c * r->nbuckets + b];
			int64_t x = LEFT + (nb > 1 ? (int64_t)pw * (int64_t)b /
			                                 (int64_t)(nb - 1)
			                           : 0);
			int64_t y =
			    TOP + ph -
			    (r->machines
			         ? (int64_t)((uint64_t)ph * n / r->machines)
			         : 0);
			fprintf(out, "%s%" PRId64 ",%" PRId64, b ? " " : "", x,
			        y);
		}
		fputs("\"><title>", out);
		xml_text(out, r->columns[c]);
		fputs("</title></polyline>\n", out);
		int ly = H + (int)c * LEGEND;
		fprintf(out,
		        "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" "
		        "fill=\"%s\"/><text x=\"%d\" y=\"%d\">",
		        LEFT, ly - 4, col, LEFT + 20, ly);
		xml_text(out, r->columns[c]);
		fputs(" (share of machines)</text>\n", out);
	}
	fputs("</svg>\n", out);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
