/* The fleet's shares as an SVG line chart: time across, share of machines
 * up, one line per column, a legend under the plot. Self-contained (no
 * fonts or scripts from elsewhere); hover a line for its name. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render/fleet_svg.h"

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

/* Lines drawn later get dash patterns of other lengths, so a line that
 * coincides with an earlier one (a failing verify and the event it logs)
 * leaves the earlier one visible in its gaps. */
static const char *const dashes[] = {
    "", " stroke-dasharray=\"10 5\"", " stroke-dasharray=\"3 4\"",
    " stroke-dasharray=\"14 4 3 4\"", " stroke-dasharray=\"6 6\""};

/* Tick steps for the time axis (hours), the first that gives at most 8
 * ticks; each a divisor of a day or a whole number of days, so ticks fall
 * on whole hours or UTC midnights. */
static const int64_t tick_hours[] = {1,  2,  3,   6,   12,  24,
                                     48, 96, 168, 336, 672, 1344};

/* Labels under the plot, at whole steps of UTC time (the FILETIME epoch is
 * a midnight): the date at midnights, the time otherwise. */
static void time_ticks(FILE *out, const cs_fleet_result *r, int pw, int ph)
{
	int64_t span = r->nbuckets > 1 ? (int64_t)(r->nbuckets - 1) * r->bucket
	                               : r->bucket;
	size_t i = 0, n = sizeof tick_hours / sizeof tick_hours[0];
	while (i + 1 < n && span / (tick_hours[i] * CS_TICKS_PER_HOUR) > 7)
		i++;
	int64_t step = tick_hours[i] * CS_TICKS_PER_HOUR;
	int64_t day = 24 * CS_TICKS_PER_HOUR;
	/* multi-day steps count from the first midnight, others from the
	 * epoch */
	int64_t base = step > day ? (r->t0 + day - 1) / day * day : 0;
	int64_t first = r->t0 <= base
	                    ? base
	                    : base + (r->t0 - base + step - 1) / step * step;
	for (int64_t t = first; t <= r->t0 + span; t += step) {
		int x = LEFT + (int)((int64_t)pw * (t - r->t0) / span);
		char buf[CS_TIME_BUF];
		cs_time_format(t, buf);
		const char *label = buf;
		if (t % day == 0)
			buf[10] = '\0'; /* the date */
		else {
			buf[16] = '\0'; /* HH:MM */
			label = buf + 11;
		}
		fprintf(out,
		        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"#999999\"/><text x=\"%d\" y=\"%d\" "
		        "text-anchor=\"middle\">%s</text>\n",
		        x, TOP + ph, x, TOP + ph + 4, x, TOP + ph + 16, label);
	}
}

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
	time_ticks(out, r, pw, ph);
	for (size_t c = 0; c < r->ncols; c++) {
		const char *col =
		    palette[c % (sizeof palette / sizeof palette[0])];
		fprintf(out,
		        "<polyline fill=\"none\" stroke=\"%s\" "
		        "stroke-width=\"2\"%s points=\"",
		        col, dashes[c % (sizeof dashes / sizeof dashes[0])]);
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
		        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"%s\" stroke-width=\"3\"%s/>"
		        "<text x=\"%d\" y=\"%d\">",
		        LEFT, ly - 4, LEFT + 30, ly - 4, col,
		        dashes[c % (sizeof dashes / sizeof dashes[0])],
		        LEFT + 36, ly);
		xml_text(out, r->columns[c]);
		fputs(" (share of machines)</text>\n", out);
	}
	fputs("</svg>\n", out);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
