/* The HTML/SVG report (see report.h). */
#include "render/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/clock.h"
#include "render/explain.h"

#define LANE_H   34
#define LABEL_W  170
#define PLOT_W   640
#define AXIS_H   30
#define MAX_LANE 24

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool kind_is(const json_t *o, const char *k)
{
	const char *s = jstr(o, "kind");
	return s && strcmp(s, k) == 0;
}

static cs_filetime time_of(const json_t *o)
{
	cs_filetime t = 0;
	const char *s = jstr(o, "t");
	if (s && cs_time_parse(s, &t, NULL, NULL) != CS_OK)
		t = 0;
	return t;
}

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

/* "key: value" lines of an observation, for a <title> tooltip. */
static void details(FILE *out, const json_t *o)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v)
	{
		if (json_is_array(v) || json_is_object(v))
			continue;
		esc(out, key);
		fputs(": ", out);
		if (json_is_string(v))
			esc(out, json_string_value(v));
		else if (json_is_integer(v))
			fprintf(out, "%lld", (long long)json_integer_value(v));
		else
			fputs(json_is_true(v) ? "true" : "false", out);
		fputc('\n', out);
	}
}

typedef struct {
	cs_filetime t0, t1;
	char lanes[MAX_LANE][64];
	size_t nlanes;
} layout;

static size_t lane(layout *l, const char *name)
{
	for (size_t i = 0; i < l->nlanes; i++)
		if (strcmp(l->lanes[i], name) == 0)
			return i;
	if (l->nlanes == MAX_LANE)
		return MAX_LANE - 1; /* the last lane takes the rest */
	snprintf(l->lanes[l->nlanes], sizeof l->lanes[0], "%s", name);
	return l->nlanes++;
}

static double x_of(const layout *l, cs_filetime t)
{
	double span = (double)(l->t1 - l->t0);
	return LABEL_W + (span > 0 ? (double)(t - l->t0) / span : 0) * PLOT_W;
}

static double y_of(size_t lane_index)
{
	return AXIS_H + (double)lane_index * LANE_H;
}

static bool is_cached_copy(const json_t *o)
{
	const char *from = jstr(o, "from"), *out = jstr(o, "outcome");
	return kind_is(o, "fetch") && from && strcmp(from, "wire") == 0 &&
	       (!out || strcmp(out, "ok") == 0) && jstr(o, "url");
}

/* When the copy downloaded at index i left the account's cache: the next
 * download of the same URL by the same account, or a delete of its
 * cache; l->t1 when neither happened. */
static cs_filetime copy_end(const json_t *a, size_t i, const layout *l)
{
	const json_t *o = json_array_get(a, i);
	const char *url = jstr(o, "url"), *acc = jstr(o, "account");
	for (size_t k = i + 1; k < json_array_size(a); k++) {
		const json_t *n = json_array_get(a, k);
		const char *nacc = jstr(n, "account");
		bool same_acc = acc && nacc && strcmp(acc, nacc) == 0;
		const char *rule = jstr(n, "rule");
		if (same_acc && rule &&
		    strcmp(rule, "urlcache.delete.own_account") == 0)
			return time_of(n);
		if (same_acc && is_cached_copy(n) &&
		    strcmp(jstr(n, "url"), url) == 0)
			return time_of(n);
	}
	return l->t1;
}

static void mark(FILE *out, const layout *l, size_t ln, cs_filetime t,
                 const char *colour, const json_t *o, const char *what)
{
	double x = x_of(l, t), y = y_of(ln);
	fprintf(out,
	        "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"%d\" "
	        "fill=\"%s\"/><title>",
	        x - 1, y + 6, LANE_H - 12, colour);
	esc(out, what);
	fputc('\n', out);
	details(out, o);
	fputs("</title></g>\n", out);
}

/* "2025-01-02 05:15" (UTC): short enough for five axis labels. */
static const char *short_time(cs_filetime t, char buf[CS_TIME_BUF])
{
	cs_time_format(t, buf);
	buf[10] = ' ';
	buf[16] = '\0';
	return buf;
}

static void write_svg(FILE *out, const json_t *a, layout *l)
{
	size_t n = json_array_size(a);
	/* Fixed lanes first, so every report reads the same way. */
	lane(l, "results");
	lane(l, "events");
	lane(l, "network");
	lane(l, "registry");
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(a, i);
		if (is_cached_copy(o) && jstr(o, "account")) {
			char name[64];
			snprintf(name, sizeof name, "URL cache: %s",
			         jstr(o, "account"));
			lane(l, name);
		}
	}
	int height = (int)(AXIS_H + l->nlanes * LANE_H + 10);
	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "aria-label=\"timeline\">\n",
	        LABEL_W + PLOT_W + 20, height, LABEL_W + PLOT_W + 20, height);
	for (size_t i = 0; i < l->nlanes; i++) {
		double y = y_of(i);
		fprintf(out,
		        "<rect x=\"0\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
		        "fill=\"%s\"/><text x=\"6\" y=\"%.1f\" "
		        "class=\"lane\">",
		        y, LABEL_W + PLOT_W + 20, LANE_H,
		        i % 2 ? "#f4f6f8" : "#ffffff", y + LANE_H / 2.0 + 4);
		esc(out, l->lanes[i]);
		fputs("</text>\n", out);
	}
	for (int k = 0; k <= 4; k++) {
		cs_filetime t = l->t0 + (l->t1 - l->t0) * k / 4;
		char buf[CS_TIME_BUF];
		double x = x_of(l, t);
		fprintf(out,
		        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		        "stroke=\"#cccccc\"/><text x=\"%.1f\" y=\"18\" "
		        "text-anchor=\"%s\" class=\"axis\">%s</text>\n",
		        x, AXIS_H, x, height, x,
		        k == 0   ? "start"
		        : k == 4 ? "end"
		                 : "middle",
		        short_time(t, buf));
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(a, i);
		cs_filetime t = time_of(o);
		if (kind_is(o, "step") && jstr(o, "hresult")) {
			bool ok = strcmp(jstr(o, "hresult"), "0x00000000") == 0;
			mark(out, l, lane(l, "results"), t,
			     ok ? "#1a9850" : "#d73027", o,
			     ok ? "result: ok" : "result: error");
		} else if (kind_is(o, "event")) {
			const char *lvl = jstr(o, "level");
			mark(out, l, lane(l, "events"), t,
			     lvl && strcmp(lvl, "Error") == 0     ? "#d73027"
			     : lvl && strcmp(lvl, "Warning") == 0 ? "#fdae61"
			                                          : "#4575b4",
			     o, "event");
		} else if (kind_is(o, "registry")) {
			mark(out, l, lane(l, "registry"), t, "#762a83", o,
			     "registry");
		} else if (kind_is(o, "reboot")) {
			for (size_t k = 0; k < l->nlanes; k++)
				mark(out, l, k, t, "#000000", o, "reboot");
		} else if (kind_is(o, "fetch") && jstr(o, "from") &&
		           strcmp(jstr(o, "from"), "wire") == 0) {
			mark(out, l, lane(l, "network"), t,
			     is_cached_copy(o) ? "#1a9850" : "#d73027", o,
			     is_cached_copy(o) ? "download ok"
			                       : "download failed");
		}
		if (is_cached_copy(o) && jstr(o, "account")) {
			char name[64];
			snprintf(name, sizeof name, "URL cache: %s",
			         jstr(o, "account"));
			size_t ln = lane(l, name);
			cs_filetime end = copy_end(a, i, l);
			double x0 = x_of(l, t), x1 = x_of(l, end);
			fprintf(out,
			        "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			        "height=\"%d\" rx=\"3\" fill=\"#91bfdb\" "
			        "stroke=\"#4575b4\"/><title>cached copy of ",
			        x0, y_of(ln) + 9, x1 - x0 < 2 ? 2 : x1 - x0,
			        LANE_H - 18);
			esc(out, jstr(o, "url"));
			fputs("\nfrom its download until it was replaced, "
			      "deleted, or the run ended\n",
			      out);
			details(out, o);
			fputs("</title></g>\n", out);
		}
	}
	fputs("</svg>\n", out);
}

static const char *style =
    "body{font-family:sans-serif;margin:16px;color:#222;background:#fff}"
    "h1{font-size:20px;margin:0 0 4px}p.meta{margin:0 0 12px;color:#555}"
    ".wrap{display:flex;gap:16px;align-items:flex-start}"
    ".timeline{flex:0 0 auto;border:1px solid #ccc}"
    ".explain{flex:1 1 auto;min-width:320px;max-height:860px;overflow:auto;"
    "border:1px solid #ccc;padding:8px;background:#fafafa}"
    "pre{white-space:pre-wrap;font-size:12px;margin:0}"
    "text.lane{font-size:11px;fill:#222}text.axis{font-size:11px;"
    "fill:#555}.legend span{display:inline-block;margin-right:14px}"
    ".sw{display:inline-block;width:12px;height:12px;margin-right:4px;"
    "vertical-align:middle}";

cs_status cs_report_write_html(const void *trace, FILE *out)
{
	const json_t *a = trace;
	size_t n = json_array_size(a);
	layout l;
	memset(&l, 0, sizeof l);
	for (size_t i = 0; i < n; i++) {
		cs_filetime t = time_of(json_array_get(a, i));
		if (i == 0 || t < l.t0)
			l.t0 = t;
		if (i == 0 || t > l.t1)
			l.t1 = t;
	}
	if (l.t1 == l.t0)
		l.t1 = l.t0 + CS_TICKS_PER_HOUR;
	const json_t *head = n ? json_array_get(a, 0) : NULL;
	const char *title = head ? jstr(head, "title") : NULL;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	      "charset=\"utf-8\"><title>capisim report: ",
	      out);
	esc(out, title ? title : "scenario");
	fprintf(out, "</title><style>%s</style></head><body>\n<h1>", style);
	esc(out, title ? title : "scenario");
	fputs("</h1>\n<p class=\"meta\">profile ", out);
	esc(out, head ? jstr(head, "profile") : "?");
	fputs(" &middot; hover any mark for its details &middot; the text on "
	      "the right explains each result</p>\n<p class=\"legend\">"
	      "<span><i class=\"sw\" style=\"background:#1a9850\"></i>ok / "
	      "download ok</span><span><i class=\"sw\" "
	      "style=\"background:#d73027\"></i>error / download failed / "
	      "Error event</span><span><i class=\"sw\" "
	      "style=\"background:#fdae61\"></i>Warning event</span><span><i "
	      "class=\"sw\" style=\"background:#91bfdb\"></i>object in the "
	      "URL cache</span><span><i class=\"sw\" "
	      "style=\"background:#762a83\"></i>registry</span><span><i "
	      "class=\"sw\" style=\"background:#000\"></i>reboot</span></p>\n"
	      "<div class=\"wrap\"><div class=\"timeline\">\n",
	      out);
	write_svg(out, a, &l);
	fputs("</div>\n<div class=\"explain\"><pre>", out);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return CS_ERR_NOMEM;
	cs_explain_options eo = {0};
	cs_status st = cs_explain_write(a, &eo, mem, NULL);
	fclose(mem);
	if (st == CS_OK)
		esc(out, text);
	free(text);
	fputs("</pre></div></div>\n</body></html>\n", out);
	if (st == CS_OK && ferror(out))
		st = CS_ERR_IO;
	return st;
}
