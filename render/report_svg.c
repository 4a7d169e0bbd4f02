/* The report's timeline SVG (see report_svg.h). */
#include "render/report_svg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define VW        1200.0 /* viewBox width: 1 unit = 1 CSS px at 1200 px */
#define LABEL_W   262.0  /* the lane labels' column */
#define PLOT_L    272.0
#define PLOT_R    1184.0
#define AXIS_H    78.0
#define LANE_H    50.0
#define ROOM_MIN  32.0 /* narrower slots are zoomed */
#define ROOM_MAX  96.0
#define ROOM_TOP  150.0 /* when the time between slots needs no room */
#define GAP_MIN   8.0
#define GAP_CAP   72.0 /* a longer gap is broken: ≈ and its length */
#define TAIL      36.0
#define FONT_AXIS 14.0
#define FONT_NAME 15.0
#define FONT_SUB  13.0
#define CHAR_W    0.6 /* average glyph width / font size (sans-serif) */

size_t rs_panel_capacity(void)
{
	return (size_t)((PLOT_R - PLOT_L - TAIL) / (ROOM_MIN + GAP_MIN));
}

typedef struct {
	const rm_model *m;
	size_t s0, s1;
	double *x0, *x1; /* per slot (index - s0) */
	bool *broken;    /* the gap before slot k is capped */
	cs_filetime tail_end;
	double tail_x;
	/* text boxes placed so far: labels never overlap */
	double (*box)[4];
	size_t nbox, capbox;
	const char *id;
} axis;

static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static double text_w(const char *s, double size)
{
	return (double)strlen(s) * size * CHAR_W;
}

/* Reserve the box of a text centred (anchor 0), started (1) or ended (-1)
 * at x with baseline y; false when it would overlap one placed before. */
static bool place(axis *ax, const char *s, double size, double x, double y,
                  int anchor)
{
	double w = text_w(s, size);
	double l = anchor == 0 ? x - w / 2 : anchor > 0 ? x : x - w;
	double b[4] = {l - 3, y - size, l + w + 3, y + size * 0.3};
	if (b[0] < 0 || b[2] > VW)
		return false;
	for (size_t i = 0; i < ax->nbox; i++)
		if (b[0] < ax->box[i][2] && ax->box[i][0] < b[2] &&
		    b[1] < ax->box[i][3] && ax->box[i][1] < b[3])
			return false;
	if (ax->nbox == ax->capbox) {
		size_t cap = ax->capbox ? ax->capbox * 2 : 64;
		double(*g)[4] = realloc(ax->box, cap * sizeof *g);
		if (!g)
			return false;
		ax->box = g;
		ax->capbox = cap;
	}
	memcpy(ax->box[ax->nbox++], b, sizeof b);
	return true;
}

static double dt_of(const axis *ax, size_t k) /* gap before slot k */
{
	const rm_slot *s = ax->m->slots;
	return k == ax->s0 ? 0 : (double)(s[k].t0 - s[k - 1].t1);
}

static double total(const axis *ax, double room, double sc)
{
	double w = TAIL;
	for (size_t k = ax->s0; k < ax->s1; k++) {
		const rm_slot *s = &ax->m->slots[k];
		double dt = dt_of(ax, k);
		w += room + sc * (double)(s->t1 - s->t0);
		if (k > ax->s0)
			w += GAP_MIN + (dt * sc < GAP_CAP ? dt * sc : GAP_CAP);
	}
	return w;
}

/* Scale for a fixed room: the largest that fits (bisection; total is
 * monotone in the scale). */
static double fit_scale(const axis *ax, double room, double pw)
{
	if (total(ax, room, 0) >= pw)
		return 0;
	double lo = 0, hi = 1e-3;
	while (total(ax, room, hi) < pw && hi < 1e6)
		hi *= 4;
	if (total(ax, room, hi) < pw)
		return hi; /* every gap capped, no runs */
	for (int i = 0; i < 80; i++) {
		double mid = (lo + hi) / 2;
		if (total(ax, room, mid) > pw)
			hi = mid;
		else
			lo = mid;
	}
	return lo;
}

/* Choose the room per slot and the time scale, then each slot's x: as
 * much room as fits (at most ROOM_MAX), the time between slots shown in
 * proportion up to the cap, whatever room is left over given to the
 * slots. */
static void layout(axis *ax)
{
	double pw = PLOT_R - PLOT_L;
	size_t n = ax->s1 - ax->s0, ngaps = 0;
	for (size_t k = ax->s0 + 1; k < ax->s1; k++)
		ngaps += dt_of(ax, k) > 0;
	double room = ROOM_MAX;
	if (total(ax, room, 0) + (double)ngaps * GAP_CAP / 2 > pw) {
		/* dense: keep half the cap for each gap where time passes */
		room = (pw - total(ax, 0, 0) - (double)ngaps * GAP_CAP / 2) /
		       (double)n;
		if (room < ROOM_MIN)
			room = (pw - total(ax, 0, 0)) / (double)n;
		if (room < 4)
			room = 4;
	}
	double sc = fit_scale(ax, room, pw);
	double left = pw - total(ax, room, sc);
	if (left > 1) {
		room += left / (double)n;
		if (room > ROOM_TOP)
			room = ROOM_TOP;
	}
	double x = PLOT_L;
	for (size_t k = ax->s0; k < ax->s1; k++) {
		const rm_slot *s = &ax->m->slots[k];
		double dt = dt_of(ax, k);
		if (k > ax->s0) {
			ax->broken[k - ax->s0] =
			    dt > 0 && (sc == 0 || dt * sc >= GAP_CAP - 0.5);
			x += GAP_MIN + (dt * sc < GAP_CAP ? dt * sc : GAP_CAP);
		}
		ax->x0[k - ax->s0] = x;
		x += room + sc * (double)(s->t1 - s->t0);
		ax->x1[k - ax->s0] = x;
	}
	ax->tail_x = x + TAIL;
	const rm_slot *last = &ax->m->slots[ax->s1 - 1];
	ax->tail_end = ax->m->t_end > last->t1 ? ax->m->t_end : last->t1 + 1;
	if (ax->s1 < ax->m->nslots) /* a zoomed part: up to the next slot */
		ax->tail_end = ax->m->slots[ax->s1].t0;
}

/* x of a time placed by time alone (an edge, a bar's end). */
static double x_of_time(const axis *ax, cs_filetime t)
{
	const rm_slot *s = ax->m->slots;
	if (t <= s[ax->s0].t0)
		return ax->x0[0];
	for (size_t k = ax->s0; k < ax->s1; k++) {
		double a = ax->x0[k - ax->s0], b = ax->x1[k - ax->s0];
		if (t <= s[k].t1) {
			if (t >= s[k].t0)
				return s[k].t1 > s[k].t0
				           ? a + (b - a) *
				                     (double)(t - s[k].t0) /
				                     (double)(s[k].t1 - s[k].t0)
				           : a;
			double pa = ax->x1[k - ax->s0 - 1];
			return pa + (a - pa) * (double)(t - s[k - 1].t1) /
			                (double)(s[k].t0 - s[k - 1].t1);
		}
	}
	double a = ax->x1[ax->s1 - 1 - ax->s0];
	cs_filetime t0 = s[ax->s1 - 1].t1;
	if (t >= ax->tail_end)
		return ax->tail_x;
	return a + (ax->tail_x - a) * (double)(t - t0) /
	               (double)(ax->tail_end - t0);
}

/* x of something in a slot at time t (the slot's centre for one step). */
static double x_at(const axis *ax, size_t slot, cs_filetime t)
{
	if (slot == SIZE_MAX || slot < ax->s0 || slot >= ax->s1)
		return x_of_time(ax, t);
	const rm_slot *s = &ax->m->slots[slot];
	double a = ax->x0[slot - ax->s0], b = ax->x1[slot - ax->s0];
	if (s->t1 > s->t0)
		return x_of_time(ax, t);
	return (a + b) / 2;
}

static bool in_panel(const axis *ax, size_t slot, cs_filetime t)
{
	if (slot != SIZE_MAX)
		return slot >= ax->s0 && slot < ax->s1;
	return t >= ax->m->slots[ax->s0].t0 && t <= ax->tail_end;
}

static double lane_y(size_t lane)
{
	return AXIS_H + (double)lane * LANE_H;
}

/* "2010-07-10" / "08:00" / "08:00:30" */
static void date_of(cs_filetime t, char *buf)
{
	cs_time_format(t, buf);
	buf[10] = '\0';
}

static void clock_of(cs_filetime t, char *buf)
{
	char full[CS_TIME_BUF];
	cs_time_format(t, full);
	bool secs = strncmp(full + 17, "00", 2) != 0;
	snprintf(buf, 16, "%.*s", secs ? 8 : 5, full + 11);
}

/* Round steps for the ticks inside a run (minutes), the first that puts
 * them at least 70 units apart; each divides an hour or a day. */
static const int tick_minutes[] = {1,  2,   5,   10,  15,  30,
                                   60, 120, 180, 360, 720, 1440};

/* Ticks at round times inside run slot k ([a, b] wide), labelled where
 * the labels fit. */
static void run_ticks(FILE *out, axis *ax, size_t k, double a, double b)
{
	const rm_slot *s = &ax->m->slots[k];
	double span = (double)(s->t1 - s->t0);
	if (span <= 0 || b - a < 140)
		return;
	size_t i = 0, n = sizeof tick_minutes / sizeof tick_minutes[0];
	while (i + 1 < n && (double)tick_minutes[i] * 60 * CS_TICKS_PER_SEC *
	                            (b - a) / span <
	                        70)
		i++;
	int64_t step = (int64_t)tick_minutes[i] * 60 * CS_TICKS_PER_SEC;
	for (cs_filetime t = (s->t0 / step + 1) * step; t < s->t1; t += step) {
		double x = a + (b - a) * (double)(t - s->t0) / span;
		char lab[16];
		clock_of(t, lab);
		fprintf(out,
		        "<line class=\"grid\" x1=\"%.1f\" y1=\"48\" "
		        "x2=\"%.1f\" y2=\"54\"/>\n",
		        x, x);
		if (place(ax, lab, FONT_AXIS, x, 42, 0))
			fprintf(out,
			        "<text class=\"axis\" x=\"%.1f\" y=\"42\" "
			        "text-anchor=\"middle\">%s</text>\n",
			        x, lab);
	}
}

static void axis_labels(FILE *out, axis *ax, double height)
{
	const rm_slot *s = ax->m->slots;
	char last_date[CS_TIME_BUF] = "";
	for (size_t k = ax->s0; k < ax->s1; k++) {
		double a = ax->x0[k - ax->s0], b = ax->x1[k - ax->s0];
		double c = s[k].is_run ? a : (a + b) / 2;
		int anchor = s[k].is_run ? 1 : 0;
		char d[CS_TIME_BUF], tm[16], ln[24];
		date_of(s[k].t0, d);
		clock_of(s[k].t0, tm);
		if (strcmp(d, last_date) != 0 &&
		    place(ax, d, FONT_AXIS, c, 20, anchor)) {
			fprintf(out,
			        "<text class=\"axis date\" x=\"%.1f\" y=\"20\" "
			        "text-anchor=\"%s\">%s</text>\n",
			        c, anchor ? "start" : "middle", d);
			strcpy(last_date, d);
		}
		if ((k == ax->s0 || s[k].t0 != s[k - 1].t1) &&
		    place(ax, tm, FONT_AXIS, c, 42, anchor))
			fprintf(out,
			        "<text class=\"axis\" x=\"%.1f\" y=\"42\" "
			        "text-anchor=\"%s\">%s</text>\n",
			        c, anchor ? "start" : "middle", tm);
		if (s[k].is_run) {
			char e[16];
			clock_of(s[k].t1, e);
			if (place(ax, e, FONT_AXIS, b, 42, -1))
				fprintf(
				    out,
				    "<text class=\"axis\" x=\"%.1f\" y=\"42\" "
				    "text-anchor=\"end\">%s</text>\n",
				    b, e);
			run_ticks(out, ax, k, a, b);
		}
		if (s[k].line_last != s[k].line)
			snprintf(ln, sizeof ln, "%u-%u", s[k].line,
			         s[k].line_last);
		else
			snprintf(ln, sizeof ln, "%u", s[k].line);
		if (place(ax, ln, FONT_AXIS, (a + b) / 2, 66, 0))
			fprintf(out,
			        "<text class=\"axis line\" x=\"%.1f\" y=\"66\" "
			        "text-anchor=\"middle\">%s</text>\n",
			        (a + b) / 2, ln);
		fprintf(out,
		        "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
		        "x2=\"%.1f\" y2=\"%.1f\"/>\n",
		        a, AXIS_H, a, height);
		if (k > ax->s0 && ax->broken[k - ax->s0]) {
			double g0 = ax->x1[k - ax->s0 - 1], gm = (g0 + a) / 2;
			char dur[CS_TIME_BUF];
			cs_duration_format(s[k].t0 - s[k - 1].t1, dur);
			fprintf(out,
			        "<g class=\"break\"><title>the axis is broken: "
			        "%s pass between these steps</title>"
			        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			        "height=\"%.1f\" fill=\"#ffffff\"/>"
			        "<path d=\"M%.1f %.1f l4 -6 l4 12 l4 -6\" "
			        "fill=\"none\" stroke=\"#555555\" "
			        "stroke-width=\"1.5\"/></g>\n",
			        dur, gm - 3, AXIS_H, 6.0, height - AXIS_H,
			        gm - 6, 54.0);
			char lab[CS_TIME_BUF + 4];
			snprintf(lab, sizeof lab, "+%s", dur);
			if (place(ax, lab, FONT_AXIS - 1, gm, 42, 0))
				fprintf(out,
				        "<text class=\"axis gap\" x=\"%.1f\" "
				        "y=\"42\" text-anchor=\"middle\">%s"
				        "</text>\n",
				        gm, lab);
		}
	}
}

/* Fit a label into the label column: shrink the font, then break the
 * second line in two; never cut. */
static void lane_text(FILE *out, axis *ax, const char *cls, const char *s,
                      double size, double y)
{
	(void)place(ax, s, size, 8, y, 1);
	fprintf(out,
	        "<text class=\"%s\" x=\"8\" y=\"%.1f\" "
	        "style=\"font-size:%.1fpx\">",
	        cls, y, size);
	esc(out, s);
	fputs("</text>\n", out);
}

static void lane_label(FILE *out, axis *ax, const rm_lane *l, double y)
{
	char name[128];
	const char *nm = l->name;
	snprintf(name, sizeof name, "%s",
	         strncmp(nm, "user:", 5) == 0 ? nm + 5 : nm);
	double fs = FONT_NAME, ss = FONT_SUB, room = LABEL_W - 14;
	while (fs > 11 && text_w(name, fs) > room)
		fs -= 0.5;
	while (ss > 11 && text_w(l->sub, ss) > room)
		ss -= 0.5;
	if (!l->sub[0]) {
		lane_text(out, ax, "lane", name, fs, y + 30);
		return;
	}
	if (text_w(l->sub, ss) <= room) {
		lane_text(out, ax, "lane", name, fs, y + 21);
		lane_text(out, ax, "lane sub", l->sub, ss, y + 39);
		return;
	}
	/* two lines of the second: break near the middle, after a
	 * separator when there is one */
	size_t n = strlen(l->sub), cut = n / 2;
	for (size_t d = 0; d < n / 2; d++) {
		if (strchr(" -_./", l->sub[n / 2 + d])) {
			cut = n / 2 + d + 1;
			break;
		}
		if (strchr(" -_./", l->sub[n / 2 - d])) {
			cut = n / 2 - d + 1;
			break;
		}
	}
	char a[96], b[96];
	snprintf(a, sizeof a, "%.*s", (int)cut, l->sub);
	snprintf(b, sizeof b, "%s", l->sub + cut);
	ss = 11;
	while (ss > 8 && (text_w(a, ss) > room || text_w(b, ss) > room))
		ss -= 0.5;
	lane_text(out, ax, "lane", name, fs < 14 ? fs : 14, y + 16);
	lane_text(out, ax, "lane sub", a, ss, y + 31);
	lane_text(out, ax, "lane sub", b, ss, y + 44);
}

static void open_mark(FILE *out, rm_kind k, const char *title, const char *href)
{
	if (href)
		fprintf(out, "<a href=\"#%s\">", href);
	fprintf(out, "<g class=\"mark %s\"><title>", rm_styles[k].cls);
	esc(out, title);
	fputs("</title>", out);
}

static void close_mark(FILE *out, const char *href)
{
	fputs(href ? "</g></a>\n" : "</g>\n", out);
}

#define FS(k) rm_styles[k].fill, rm_styles[k].stroke

static void draw_mark(FILE *out, axis *ax, const rm_mark *mk, double height)
{
	const rm_slot *s = &ax->m->slots[mk->slot == SIZE_MAX ? 0 : mk->slot];
	double y = lane_y(mk->lane), cy = y + LANE_H / 2;
	double x = x_at(ax, mk->slot, mk->t);
	rm_kind k = mk->kind;
	open_mark(out, k, mk->title, mk->href);
	switch (k) {
	case RM_OK:
	case RM_ERROR:
		if (mk->slot != SIZE_MAX && (s->is_run || s->is_group)) {
			double a = ax->x0[mk->slot - ax->s0] + 2,
			       b = ax->x1[mk->slot - ax->s0] - 2;
			fprintf(out,
			        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			        "height=\"%.1f\" rx=\"5\" fill=\"%s\" "
			        "stroke=\"%s\"/>",
			        a, cy - 11, b - a, 22.0, FS(k));
			char lab[32];
			snprintf(lab, sizeof lab, "\xc3\x97%zu", s->count);
			if (b - a > text_w(lab, 13) + 8 &&
			    place(ax, lab, 13, (a + b) / 2, cy + 5, 0))
				fprintf(out,
				        "<text class=\"count\" x=\"%.1f\" "
				        "y=\"%.1f\" text-anchor=\"middle\">%s"
				        "</text>",
				        (a + b) / 2, cy + 5, lab);
		} else if (k == RM_OK) {
			fprintf(
			    out,
			    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" "
			    "fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>",
			    x, cy, FS(k));
		} else {
			fprintf(out,
			        "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" "
			        "height=\"%.1f\" fill=\"%s\" stroke=\"%s\" "
			        "stroke-width=\"2\"/>",
			        x - 8, y + 5, LANE_H - 10, FS(k));
		}
		break;
	case RM_EXPECT_FAIL:
		fprintf(
		    out,
		    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"16\" fill=\"none\" "
		    "stroke=\"%s\" stroke-width=\"3\"/>",
		    x, cy, rm_styles[k].stroke);
		break;
	case RM_EV_ERROR:
	case RM_EV_WARNING: {
		double ry = y + 6 + mk->row * 13;
		fprintf(out,
		        "<path d=\"M%.1f %.1f l7 13 l-14 0 z\" fill=\"%s\" "
		        "stroke=\"%s\"/>",
		        x, ry, FS(k));
		break;
	}
	case RM_EV_INFO:
		fprintf(out,
		        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" "
		        "stroke=\"%s\"/>",
		        x, y + 6 + 2 * 13 + 7, FS(k));
		break;
	case RM_DL_OK:
		fprintf(out,
		        "<path d=\"M%.1f %.1f l8 -14 l-16 0 z\" fill=\"%s\" "
		        "stroke=\"%s\"/>",
		        x, cy + 7, FS(k));
		break;
	case RM_DL_FAILED:
		fprintf(out,
		        "<path d=\"M%.1f %.1f l14 14 m0 -14 l-14 14\" "
		        "fill=\"none\" stroke=\"%s\" stroke-width=\"4\"/>",
		        x - 7, cy - 7, rm_styles[k].fill);
		break;
	case RM_DL_HELD:
		fprintf(out,
		        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" "
		        "stroke=\"%s\" stroke-width=\"2\"/>",
		        x, cy, FS(k));
		break;
	case RM_REG:
	case RM_REG_DENIED:
		fprintf(
		    out,
		    "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" "
		    "fill=\"%s\" stroke=\"%s\" stroke-width=\"2.5\"/>",
		    x - 7, cy - 7, FS(k));
		break;
	case RM_RESTART:
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		        "stroke=\"%s\" stroke-width=\"2\" "
		        "stroke-dasharray=\"6 4\"/><circle cx=\"%.1f\" "
		        "cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"%s\"/>",
		        x, AXIS_H, x, height, rm_styles[k].stroke, x, cy,
		        FS(k));
		break;
	default:
		break;
	}
	close_mark(out, mk->href);
}

static void draw_bar(FILE *out, axis *ax, const rm_bar *b)
{
	double y = lane_y(b->lane);
	double x0 = x_at(ax, b->slot0, b->t0);
	double x1 = b->kind == RM_EDGE ? x0 : x_at(ax, b->slot1, b->t1);
	if (b->t0 > ax->tail_end || b->t1 < ax->m->slots[ax->s0].t0)
		return;
	if (b->kind == RM_EDGE && !in_panel(ax, SIZE_MAX, b->t0))
		return;
	open_mark(out, b->kind, b->title, NULL);
	if (b->kind == RM_EDGE) {
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		        "stroke=\"%s\" stroke-width=\"3\"/>",
		        x0, y + 4, x0, y + LANE_H - 4,
		        rm_styles[b->kind].stroke);
		if (place(ax, b->label, 12, x0 + 4, y + 14, 1))
			fprintf(out,
			        "<text class=\"edge\" x=\"%.1f\" y=\"%.1f\">%s"
			        "</text>",
			        x0 + 4, y + 14, b->label);
	} else {
		double w = x1 - x0 < 3 ? 3 : x1 - x0;
		fprintf(
		    out,
		    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"20\" "
		    "rx=\"3\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>",
		    x0, y + 20, w, rm_styles[b->kind].fill,
		    rm_styles[b->kind].stroke);
		if (b->kind == RM_STALE)
			fprintf(out,
			        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			        "height=\"20\" fill=\"url(#%s-hatch)\"/>",
			        x0, y + 20, w, ax->id);
	}
	close_mark(out, NULL);
}

void rs_write_svg(FILE *out, const rm_model *m, const rs_panel *p)
{
	size_t n = p->s1 - p->s0;
	if (!n)
		return;
	axis ax = {.m = m, .s0 = p->s0, .s1 = p->s1, .id = p->id};
	ax.x0 = calloc(n, sizeof *ax.x0);
	ax.x1 = calloc(n, sizeof *ax.x1);
	ax.broken = calloc(n, sizeof *ax.broken);
	if (!ax.x0 || !ax.x1 || !ax.broken)
		goto done;
	layout(&ax);
	double height = AXIS_H + (double)m->nlanes * LANE_H + 8;
	fprintf(
	    out,
	    "<svg id=\"%s\" class=\"timeline\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
	    "role=\"group\" aria-labelledby=\"%s-title\" "
	    "preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"%s-title\">",
	    p->id, VW, height, p->id, p->id);
	esc(out, p->caption);
	fprintf(
	    out,
	    "</title>\n<defs><pattern id=\"%s-hatch\" width=\"8\" "
	    "height=\"8\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"8\" "
	    "fill=\"%s\"/></pattern></defs>\n",
	    p->id, rm_styles[RM_STALE].stroke);
	for (size_t i = 0; i < m->nlanes; i++)
		fprintf(
		    out,
		    "<rect class=\"stripe\" x=\"0\" y=\"%.1f\" width=\"%.0f\" "
		    "height=\"%.1f\" fill=\"%s\"/>\n",
		    lane_y(i), VW, LANE_H, i % 2 ? "#f2f4f7" : "#ffffff");
	/* failed results: their whole column tinted */
	for (size_t k = p->s0; k < p->s1; k++)
		if (m->slots[k].failed)
			fprintf(
			    out,
			    "<rect class=\"k-errcol\" x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" "
			    "fill=\"#fbe3d6\"/>\n",
			    ax.x0[k - p->s0], AXIS_H,
			    ax.x1[k - p->s0] - ax.x0[k - p->s0],
			    height - AXIS_H - 8);
	for (size_t i = 0; i < m->nlanes; i++)
		lane_label(out, &ax, &m->lanes[i], lane_y(i));
	fprintf(out,
	        "<line class=\"grid\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" "
	        "y2=\"%.1f\"/>\n",
	        LABEL_W, LABEL_W, height);
	axis_labels(out, &ax, height - 8);
	for (size_t i = 0; i < m->nbars; i++)
		draw_bar(out, &ax, &m->bars[i]);
	/* information first, so errors are drawn over it, never under */
	static const rm_kind order[] = {
	    RM_RESTART,    RM_EV_INFO, RM_EV_WARNING, RM_EV_ERROR,
	    RM_DL_HELD,    RM_DL_OK,   RM_DL_FAILED,  RM_REG,
	    RM_REG_DENIED, RM_OK,      RM_ERROR,      RM_EXPECT_FAIL};
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++)
		for (size_t i = 0; i < m->nmarks; i++)
			if (m->marks[i].kind == order[o] &&
			    in_panel(&ax, m->marks[i].slot, m->marks[i].t))
				draw_mark(out, &ax, &m->marks[i], height - 8);
	fputs("</svg>\n", out);
done:
	free(ax.x0);
	free(ax.x1);
	free(ax.broken);
	free(ax.box);
}
