/* The fleet chart (see fleet_svg.h). Self-contained SVG: no fonts or
 * scripts from elsewhere; hover a line for its name. */
#include "render/fleet_svg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/alloc.h"
#include "sim/scenario/scenario.h"

#define W      1000
#define LEFT   84
#define RIGHT  24
#define TOP    58
#define PLOT_H 340
#define BOTTOM 58 /* tick labels and the x axis' title */
#define LEGEND 26 /* height of one legend row */

/* Colour-blind-safe palette (Okabe and Ito). */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73",
                                      "#CC79A7", "#E69F00", "#56B4E9",
                                      "#000000", "#999933"};
static const char *const dashes[] = {"",         "12 6", "3 5",
                                     "16 5 3 5", "7 7",  "2 3"};
/* Marker shapes, drawn centred on (0,0). */
static const char *const markers[] = {
    "<circle r=\"5\"/>",
    "<rect x=\"-5\" y=\"-5\" width=\"10\" height=\"10\"/>",
    "<path d=\"M0 -6 L6 5 L-6 5 Z\"/>",
    "<path d=\"M0 -7 L6 0 L0 7 L-6 0 Z\"/>",
    "<path d=\"M-6 -6 L6 6 M6 -6 L-6 6\" stroke-width=\"2.5\"/>",
    "<path d=\"M0 6 L6 -5 L-6 -5 Z\"/>"};
#define NPAL  (sizeof palette / sizeof palette[0])
#define NDASH (sizeof dashes / sizeof dashes[0])
#define NMARK (sizeof markers / sizeof markers[0])

/* Tick steps for the time axis (hours), the first that gives at most 8
 * ticks; each a divisor of a day or a whole number of days, so ticks fall
 * on whole hours or UTC midnights. */
static const int64_t tick_hours[] = {1,  2,  3,   6,   12,  24,
                                     48, 96, 168, 336, 672, 1344};

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

/* Labels under the plot, at whole steps of UTC time (the FILETIME epoch is
 * a midnight): the date at midnights, the time otherwise. */
static void time_ticks(FILE *out, const cs_fleet_result *r, int pw)
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
		        "stroke=\"#999999\"/><line x1=\"%d\" y1=\"%d\" "
		        "x2=\"%d\" y2=\"%d\" stroke=\"#eeeeee\"/>"
		        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s"
		        "</text>\n",
		        x, TOP + PLOT_H, x, TOP + PLOT_H + 5, x, TOP, x,
		        TOP + PLOT_H, x, TOP + PLOT_H + 20, label);
	}
}

/* "verify leaf-p2.crt" from "verify ../data/x/leaf-p2.crt policy=ssl":
 * the command and its positional words, paths cut to their file name. */
static void short_action(const char *action, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	char copy[512];
	snprintf(copy, sizeof copy, "%s", action);
	int words = 0;
	for (char *save = NULL, *w = strtok_r(copy, " ", &save); w && words < 3;
	     w = strtok_r(NULL, " ", &save)) {
		if (words && strchr(w, '='))
			continue;
		const char *b = strrchr(w, '/');
		b = b && b[1] ? b + 1 : w;
		int n =
		    snprintf(buf + len, cap - len, "%s%s", len ? " " : "", b);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
		words++;
	}
}

void cs_fleet_column_label(const char *col, const cs_scenario *s, char *buf,
                           size_t cap)
{
	unsigned line;
	char verb[64];
	if (sscanf(col, "failed:line %u %63s", &line, verb) == 2) {
		for (size_t i = 0; s && i < s->nsteps; i++) {
			const cs_step *st = &s->steps[i];
			if (st->at_src.line != line || st->at_src.include ||
			    !st->action)
				continue;
			char act[200];
			short_action(st->action, act, sizeof act);
			snprintf(buf, cap, "line %u: %s fails", line, act);
			return;
		}
		snprintf(buf, cap, "line %u: the %s step fails", line, verb);
		return;
	}
	const char *p = strncmp(col, "event:", 6) == 0 ? col + 6 : NULL;
	const char *c1 = p ? strchr(p, ':') : NULL;
	const char *c2 = c1 ? strrchr(c1 + 1, ':') : NULL;
	if (p && c1 && c2 && c2 > c1) {
		snprintf(buf, cap, "event %s logged (%.*s, %.*s log)", c2 + 1,
		         (int)(c2 - c1 - 1), c1 + 1, (int)(c1 - p), p);
		return;
	}
	snprintf(buf, cap, "%s", col);
}

static const char *meta(const cs_fleet_result *r, const char *key)
{
	size_t n = strlen(key);
	for (size_t i = 0; i < r->nmeta; i++)
		if (strncmp(r->meta[i], key, n) == 0 &&
		    strncmp(r->meta[i] + n, ": ", 2) == 0)
			return r->meta[i] + n + 2;
	return NULL;
}

static void write_title(FILE *out, const cs_fleet_result *r,
                        const cs_fleet_svg_options *o)
{
	char bucket[CS_TIME_BUF];
	cs_duration_format(r->bucket, bucket);
	const char *scn = o && o->scenario && o->scenario->title
	                      ? o->scenario->title
	                      : meta(r, "scenario");
	fputs("<text x=\"20\" y=\"26\" font-size=\"19\" font-weight=\"bold\">",
	      out);
	if (o && o->title)
		xml_text(out, o->title);
	else {
		xml_text(out, scn ? scn : "capisim fleet");
	}
	fputs("</text>\n<text x=\"20\" y=\"46\" fill=\"#444444\">", out);
	fprintf(out,
	        "share of %" PRIu64 " machines that logged or failed each "
	        "item at least once, per %s",
	        r->machines, bucket);
	const char *vary = meta(r, "vary"), *seed = meta(r, "seed");
	if (vary) {
		fputs(" \xc2\xb7 vary ", out);
		xml_text(out, vary);
	}
	if (seed) {
		fputs(" \xc2\xb7 seed ", out);
		xml_text(out, seed);
	}
	fputs("</text>\n", out);
}

/* The c-th line's width of n: the first widest, each narrower (7 to 2). */
static double line_width(size_t c, size_t n)
{
	return n > 1 ? 7.0 - 5.0 * (double)c / (double)(n - 1) : 3.0;
}

/* Column col drawn as the c-th line (its style). */
static void write_line(FILE *out, const cs_fleet_result *r, size_t col_i,
                       size_t c, const char *label, int pw)
{
	size_t nb = r->nbuckets ? r->nbuckets : 1;
	const char *col = palette[c % NPAL];
	/* earlier lines wider: a later line on top of one leaves its edges */
	double width = line_width(c, r->ncols);
	fprintf(out, "<g class=\"series\"><title>");
	xml_text(out, label);
	fprintf(out,
	        "</title><polyline fill=\"none\" stroke=\"%s\" "
	        "stroke-width=\"%.1f\" stroke-linejoin=\"round\"%s%s%s "
	        "points=\"",
	        col, width, dashes[c % NDASH][0] ? " stroke-dasharray=\"" : "",
	        dashes[c % NDASH], dashes[c % NDASH][0] ? "\"" : "");
	for (size_t b = 0; b < r->nbuckets; b++) {
		uint64_t n = r->counts[col_i * r->nbuckets + b];
		double x =
		    LEFT +
		    (nb > 1 ? (double)pw * (double)b / (double)(nb - 1) : 0);
		double y = TOP + PLOT_H -
		           (r->machines ? (double)PLOT_H * (double)n /
		                              (double)r->machines
		                        : 0);
		fprintf(out, "%s%.1f,%.1f", b ? " " : "", x, y);
	}
	fputs("\"/>", out);
	/* about a dozen markers, each line's at its own offset */
	size_t every = nb / 12 ? nb / 12 : 1;
	for (size_t b = (c * every) / (r->ncols ? r->ncols : 1);
	     b < r->nbuckets; b += every) {
		uint64_t n = r->counts[col_i * r->nbuckets + b];
		double x =
		    LEFT +
		    (nb > 1 ? (double)pw * (double)b / (double)(nb - 1) : 0);
		double y = TOP + PLOT_H -
		           (r->machines ? (double)PLOT_H * (double)n /
		                              (double)r->machines
		                        : 0);
		fprintf(out,
		        "<g transform=\"translate(%.1f %.1f)\" fill=\"%s\" "
		        "stroke=\"%s\">%s</g>",
		        x, y, col, col, markers[c % NMARK]);
	}
	fputs("</g>\n", out);
}

cs_status cs_fleet_write_svg(const cs_fleet_result *r,
                             const cs_fleet_svg_options *o, FILE *out)
{
	int pw = W - LEFT - RIGHT;
	int legend_y = TOP + PLOT_H + BOTTOM;
	int height = legend_y + (int)r->ncols * LEGEND + 12;
	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "aria-labelledby=\"fleet-title\" font-family=\"sans-serif\" "
	        "font-size=\"14\">\n<title id=\"fleet-title\">",
	        W, height, W, height);
	xml_text(out, o && o->scenario && o->scenario->title
	                  ? o->scenario->title
	                  : "capisim fleet");
	fputs(": share of machines over time</title>\n"
	      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
	      out);
	write_title(out, r, o);
	/* axes and grid: 0, 25, 50, 75, 100 % */
	for (int q = 0; q <= 4; q++) {
		int y = TOP + PLOT_H - PLOT_H * q / 4;
		fprintf(out,
		        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"#dddddd\"/><text x=\"%d\" y=\"%d\" "
		        "text-anchor=\"end\">%d%%</text>\n",
		        LEFT, y, LEFT + pw, y, LEFT - 8, y + 5, q * 25);
	}
	fprintf(out,
	        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	        "stroke=\"#333333\"/>\n",
	        LEFT, TOP + PLOT_H, LEFT + pw, TOP + PLOT_H);
	fprintf(out,
	        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	        "transform=\"rotate(-90 %d %d)\">share of machines</text>\n",
	        22, TOP + PLOT_H / 2, 22, TOP + PLOT_H / 2);
	fprintf(out,
	        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (UTC), "
	        "start of each bucket</text>\n",
	        LEFT + pw / 2, TOP + PLOT_H + 44);
	time_ticks(out, r, pw);
	/* failing actions first (drawn widest), then the events they log */
	size_t *order = cs_malloc((r->ncols + 1) * sizeof *order), k = 0;
	if (!order)
		return cs_alloc_failed();
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->ncols; i++)
			if ((strncmp(r->columns[i], "failed:", 7) == 0) ==
			    (pass == 0))
				order[k++] = i;
	for (size_t c = 0; c < r->ncols; c++) {
		char label[300];
		cs_fleet_column_label(r->columns[order[c]],
		                      o ? o->scenario : NULL, label,
		                      sizeof label);
		write_line(out, r, order[c], c, label, pw);
		int ly = legend_y + (int)c * LEGEND;
		const char *col = palette[c % NPAL];
		double width = line_width(c, r->ncols);
		fprintf(out,
		        "<g class=\"key\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		        "y2=\"%d\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s/>"
		        "<g transform=\"translate(%d %d)\" fill=\"%s\" "
		        "stroke=\"%s\">%s</g><text x=\"%d\" y=\"%d\">",
		        LEFT, ly - 5, LEFT + 56, ly - 5, col, width,
		        dashes[c % NDASH][0] ? " stroke-dasharray=\"" : "",
		        dashes[c % NDASH], dashes[c % NDASH][0] ? "\"" : "",
		        LEFT + 28, ly - 5, col, col, markers[c % NMARK],
		        LEFT + 66, ly);
		xml_text(out, label);
		fputs("</text></g>\n", out);
	}
	free(order);
	fputs("</svg>\n", out);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
