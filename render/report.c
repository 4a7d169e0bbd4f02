/* The HTML report (see report.h): a header with the run's summary, the
 * legend of every kind of mark drawn, the timeline (render/report_svg.c)
 * with zoomed parts where it is dense, and beside each result its
 * explanation (render/explain_model.h) in readable type. */
#include "render/report.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/hresult.h"
#include "render/explain_model.h"
#include "render/report_model.h"
#include "render/report_svg.h"

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

/* Text with `code` spans (as explain writes scenario lines) as <code>. */
static void esc_code(FILE *out, const char *s)
{
	bool in = false;
	for (; s && *s; s++) {
		if (*s == '`') {
			fputs(in ? "</code>" : "<code>", out);
			in = !in;
			continue;
		}
		char c[2] = {*s, 0};
		esc(out, c);
	}
	if (in)
		fputs("</code>", out);
}

static const char *style =
    ":root{--ink:#1b1f24;--muted:#4a5159;--line:#c9d1d9;--err:#b3261e;"
    "--ok:#00664a}"
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,'DejaVu Sans',Arial,sans-serif;"
    "font-size:17px;line-height:1.45;color:var(--ink);background:#fff;"
    "margin:0 auto;padding:18px 24px;max-width:1500px}"
    "h1{font-size:28px;margin:0 0 6px}h2{font-size:22px;margin:26px 0 8px}"
    "h3{font-size:16px;margin:12px 0 4px;text-transform:uppercase;"
    "letter-spacing:.04em;color:var(--muted)}"
    "p{margin:4px 0}.meta,.hint{color:var(--muted)}"
    ".summary{font-size:19px}.summary .bad{color:var(--err);"
    "font-weight:600}.summary .good{color:var(--ok);font-weight:600}"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:.9em;"
    "background:#f2f4f7;padding:1px 4px;border-radius:3px;"
    "overflow-wrap:anywhere}"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 22px;list-style:none;"
    "padding:0;margin:8px 0 12px}.legend li{display:flex;"
    "align-items:center;gap:6px;font-size:16px}"
    "figure{margin:0 0 14px;border:1px solid var(--line);"
    "border-radius:6px;padding:6px 4px;overflow-x:auto}"
    "figcaption{font-size:16px;color:var(--muted);padding:0 6px 4px}"
    "svg.timeline{display:block;width:100%;height:auto;min-width:900px}"
    "svg text{font-family:system-ui,'DejaVu Sans',Arial,sans-serif;"
    "fill:var(--ink)}"
    "svg text.axis{font-size:14px;fill:var(--muted)}"
    "svg text.axis.line{font-weight:600;fill:var(--ink)}"
    "svg text.count{font-size:13px;font-weight:700;fill:#fff}"
    "svg text.edge{font-size:12px;font-weight:600}"
    "svg text.lane{font-weight:600}svg text.lane.sub{font-weight:400;"
    "fill:var(--muted)}"
    "svg line.grid{stroke:#d5dbe1;stroke-width:1}"
    "svg a:focus g,svg a:hover g{opacity:.75}"
    ".cards{display:flex;flex-direction:column;gap:12px}"
    ".card{display:grid;grid-template-columns:230px 1fr;gap:0 18px;"
    "border:1px solid var(--line);border-left:8px solid var(--ok);"
    "border-radius:6px;padding:12px 16px}"
    ".card.failed{border-left-color:var(--err);background:#fffaf8}"
    ".card:target{outline:3px solid #0072b2}"
    ".side .chip{display:inline-block;font-weight:700;padding:2px 10px;"
    "border-radius:12px;color:#fff;background:var(--ok)}"
    ".card.failed .side .chip{background:var(--err)}"
    ".side p{margin:6px 0}.result{font-size:19px;font-weight:600}"
    ".body ol,.body ul{margin:2px 0 6px;padding-left:24px}"
    ".body li{margin:3px 0;overflow-wrap:anywhere}"
    ".src{display:block;font-size:14px;color:var(--muted)}"
    ".alt .gives{font-weight:700}"
    "@media (max-width:800px){.card{grid-template-columns:1fr}}"
    "@media print{body{font-size:11pt;max-width:none;padding:0}"
    "figure{overflow:visible;break-inside:avoid}"
    "svg.timeline{min-width:0}"
    ".card{break-inside:avoid}a{color:inherit;text-decoration:none}"
    "h2{break-after:avoid}}";

/* A small picture of each kind for the legend, drawn like the mark. */
static void swatch(FILE *out, rm_kind k)
{
	const rm_style *s = &rm_styles[k];
	fprintf(
	    out,
	    "<svg width=\"34\" height=\"22\" viewBox=\"0 0 34 22\" "
	    "aria-hidden=\"true\" focusable=\"false\"><g class=\"swatch %s\">",
	    s->cls);
	switch (k) {
	case RM_OK:
	case RM_DL_HELD:
	case RM_EV_INFO:
		fprintf(out,
		        "<circle cx=\"17\" cy=\"11\" r=\"7\" fill=\"%s\" "
		        "stroke=\"%s\" stroke-width=\"2\"/>",
		        s->fill, s->stroke);
		break;
	case RM_EXPECT_FAIL:
		fprintf(out,
		        "<circle cx=\"17\" cy=\"11\" r=\"8\" fill=\"none\" "
		        "stroke=\"%s\" stroke-width=\"3\"/>",
		        s->stroke);
		break;
	case RM_ERROR:
		fprintf(out,
		        "<rect x=\"11\" y=\"1\" width=\"12\" height=\"20\" "
		        "fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>",
		        s->fill, s->stroke);
		break;
	case RM_EV_ERROR:
	case RM_EV_WARNING:
		fprintf(out,
		        "<path d=\"M17 3 l8 15 l-16 0 z\" fill=\"%s\" "
		        "stroke=\"%s\"/>",
		        s->fill, s->stroke);
		break;
	case RM_DL_OK:
		fprintf(out,
		        "<path d=\"M17 19 l8 -15 l-16 0 z\" fill=\"%s\" "
		        "stroke=\"%s\"/>",
		        s->fill, s->stroke);
		break;
	case RM_DL_FAILED:
		fprintf(out,
		        "<path d=\"M10 4 l14 14 m0 -14 l-14 14\" fill=\"none\" "
		        "stroke=\"%s\" stroke-width=\"4\"/>",
		        s->fill);
		break;
	case RM_REG:
	case RM_REG_DENIED:
		fprintf(out,
		        "<rect x=\"10\" y=\"4\" width=\"14\" height=\"14\" "
		        "fill=\"%s\" stroke=\"%s\" stroke-width=\"2.5\"/>",
		        s->fill, s->stroke);
		break;
	case RM_RESTART:
		fprintf(out,
		        "<line x1=\"17\" y1=\"0\" x2=\"17\" y2=\"22\" "
		        "stroke=\"%s\" stroke-width=\"2\" "
		        "stroke-dasharray=\"5 3\"/><circle cx=\"17\" cy=\"11\" "
		        "r=\"5\" fill=\"%s\" stroke=\"%s\"/>",
		        s->stroke, s->fill, s->stroke);
		break;
	case RM_EDGE:
		fprintf(out,
		        "<line x1=\"17\" y1=\"1\" x2=\"17\" y2=\"21\" "
		        "stroke=\"%s\" stroke-width=\"3\"/>",
		        s->stroke);
		break;
	case RM_STALE:
		fprintf(
		    out,
		    "<rect x=\"2\" y=\"4\" width=\"30\" height=\"14\" "
		    "rx=\"3\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>"
		    "<path d=\"M6 18 l8 -14 M14 18 l8 -14 M22 18 l8 -14\" "
		    "stroke=\"%s\" stroke-width=\"3\"/>",
		    s->fill, s->stroke, s->stroke);
		break;
	default:
		fprintf(out,
		        "<rect x=\"2\" y=\"4\" width=\"30\" height=\"14\" "
		        "rx=\"3\" fill=\"%s\" stroke=\"%s\" "
		        "stroke-width=\"1.5\"/>",
		        s->fill, s->stroke);
	}
	fputs("</g></svg>", out);
}

static void legend(FILE *out, const rm_model *m)
{
	fputs("<ul class=\"legend\" aria-label=\"legend\">\n", out);
	for (int k = 0; k < RM_KIND_COUNT; k++) {
		if (!m->drawn[k])
			continue;
		fprintf(out, "<li data-kind=\"%s\">", rm_styles[k].cls);
		swatch(out, (rm_kind)k);
		esc(out, rm_styles[k].legend);
		fputs("</li>\n", out);
	}
	if (m->nerrors)
		fputs(
		    "<li data-kind=\"k-errcol\"><svg width=\"34\" "
		    "height=\"22\" viewBox=\"0 0 34 22\" aria-hidden=\"true\" "
		    "focusable=\"false\"><g class=\"swatch k-errcol\"><rect "
		    "x=\"2\" y=\"0\" width=\"30\" height=\"22\" "
		    "fill=\"#fbe3d6\"/></g></svg>the column of a failed "
		    "result</li>\n",
		    out);
	fputs("</ul>\n", out);
}

typedef struct {
	const cs_explanation *e;
	char buf[32];
} anchors;

static const char *anchor_of(void *ctx, size_t obs)
{
	anchors *an = ctx;
	if (obs >= an->e->ntrace || an->e->group_of[obs] == SIZE_MAX)
		return NULL;
	snprintf(an->buf, sizeof an->buf, "r%zu", an->e->group_of[obs] + 1);
	return an->buf;
}

static void card(FILE *out, const cs_explanation *e, size_t g)
{
	const cs_ex_result *r = &e->r[g];
	char word[160], when[CS_TIME_BUF];
	cs_ex_result_word(r, word, sizeof word);
	fprintf(
	    out,
	    "<article class=\"card%s\" id=\"r%zu\" aria-labelledby=\"r%zu-h\">"
	    "<div class=\"side\"><p class=\"chip\">%s</p><p id=\"r%zu-h\">"
	    "<b>line %u</b><br>",
	    r->failed ? " failed" : "", g + 1, g + 1,
	    r->hresult || cs_ex_words_failed(r) ? "failed"
	    : r->failed                         ? "expectation"
	                                        : "ok",
	    g + 1, r->line);
	cs_time_format(r->t, when);
	esc(out, when);
	if (r->count > 1) {
		fprintf(out, "<br>and %zu more times, the last at ",
		        r->count - 1);
		esc(out, r->last_t_text);
	}
	if (r->include) {
		fputs("<br>in ", out);
		esc(out, r->include);
	}
	fputs("<br>as ", out);
	esc(out, r->account ? r->account : "-");
	fputs("</p></div><div class=\"body\"><p class=\"result\">", out);
	esc(out, word);
	fputs("</p>", out);
	const char *text = r->hresult ? cs_hresult_text(r->hresult) : NULL;
	if (text) {
		fputs("<p>\xe2\x80\x9c", out);
		esc(out, text);
		fputs("\xe2\x80\x9d</p>", out);
	}
	fputs("<p><code>", out);
	esc(out, r->action);
	fputs("</code></p>\n", out);
	if (r->nbecause)
		fputs("<h3>Because</h3><ol>", out);
	for (size_t i = 0; i < r->nbecause; i++) {
		fputs("<li>", out);
		esc(out, r->because[i].sentence);
		fputs("<span class=\"src\">", out);
		esc(out, r->because[i].rule);
		fputs(" \xc2\xb7 ", out);
		esc(out,
		    r->because[i].source ? r->because[i].source : "no source");
		fputs("</span></li>", out);
	}
	if (r->nbecause)
		fputs("</ol>\n", out);
	if (r->cached.n)
		fputs("<h3>Cached objects used</h3><ul>", out);
	for (size_t i = 0; i < r->cached.n; i++) {
		fputs("<li>", out);
		esc(out, r->cached.items[i]);
		fputs("</li>", out);
	}
	if (r->cached.n)
		fputs("</ul>\n", out);
	if (r->expects.n)
		fputs("<h3>Expectations</h3><ul>", out);
	for (size_t i = 0; i < r->expects.n; i++) {
		fputs("<li>", out);
		esc(out, r->expects.items[i]);
		fputs("</li>", out);
	}
	if (r->expects.n)
		fputs("</ul>\n", out);
	if ((r->hresult || cs_ex_words_failed(r)) && r->cf && r->cf->tried) {
		fputs("<h3>What would have changed it</h3>", out);
		if (!r->cf->nalts)
			fputs("<p>None of the alternatives tried (reboot, "
			      "service restarts, URL cache deletes, "
			      "ChainCacheResyncFiletime, registry ACLs, a held "
			      "root trusted, a later clock, a hotfix profile) "
			      "changes this result.</p>",
			      out);
		else
			fprintf(
			    out,
			    "<p>Each computed by playing line %u again with "
			    "the change:</p><ul>",
			    r->line);
		for (size_t i = 0; i < r->cf->nalts; i++) {
			char what[1200], res[160];
			cs_ex_alt_text(r, &r->cf->alts[i], what, sizeof what);
			cs_ex_alt_result(&r->cf->alts[i], res, sizeof res);
			fputs("<li class=\"alt\">", out);
			esc_code(out, what);
			fputs(" \xe2\x86\x92 <span class=\"gives\">", out);
			esc(out, res);
			fputs("</span></li>", out);
		}
		if (r->cf->nalts)
			fputs("</ul>", out);
	}
	fputs("</div></article>\n", out);
}

static void summary(FILE *out, const cs_explanation *e, const rm_model *m)
{
	fprintf(out, "<p class=\"summary\">%zu result%s: ", m->nresults,
	        m->nresults == 1 ? "" : "s");
	fprintf(out, "<span class=\"good\">%zu ok</span>, ",
	        m->nresults - m->nerrors);
	fprintf(out, "<span class=\"%s\">%zu error%s</span>",
	        m->nerrors ? "bad" : "good", m->nerrors,
	        m->nerrors == 1 ? "" : "s");
	for (size_t g = 0; g < e->n; g++) {
		if (!e->r[g].hresult && !cs_ex_words_failed(&e->r[g]))
			continue;
		char word[160], when[CS_TIME_BUF];
		cs_ex_result_word(&e->r[g], word, sizeof word);
		cs_time_format(e->r[g].t, when);
		fprintf(out, "; the first at <a href=\"#r%zu\">line %u</a> (",
		        g + 1, e->r[g].line);
		esc(out, when);
		fputs(", ", out);
		esc(out, word);
		fputs(")", out);
		break;
	}
	fputs("</p>\n", out);
}

static void timeline(FILE *out, const rm_model *m, const char *title)
{
	char cap[400];
	snprintf(cap, sizeof cap, "Timeline of %s: %zu steps", title,
	         m->nslots);
	fputs("<figure><figcaption>The whole run</figcaption>\n", out);
	rs_panel all = {0, m->nslots, "overview", cap};
	rs_write_svg(out, m, &all);
	fputs("</figure>\n", out);
	size_t per = rs_panel_capacity();
	/* The longest runs of repeated steps, each on the whole width: what
	 * happened minute by minute inside them (at most 4, in run order). */
	size_t pick[4], npick = 0;
	for (size_t k = 0; k < m->nslots; k++) {
		if (!m->slots[k].is_run || m->slots[k].count < 8)
			continue;
		size_t at = npick < 4 ? npick++ : 4;
		for (size_t j = 0; j < npick && at == 4; j++)
			if (m->slots[pick[j]].count < m->slots[k].count)
				at = j;
		if (at < 4)
			pick[at] = k;
	}
	for (size_t i = 0; i < npick; i++)
		for (size_t j = i + 1; j < npick; j++)
			if (pick[j] < pick[i]) {
				size_t t = pick[i];
				pick[i] = pick[j];
				pick[j] = t;
			}
	for (size_t i = 0; i < npick; i++) {
		const rm_slot *sl = &m->slots[pick[i]];
		char id[32], t0[CS_TIME_BUF], t1[CS_TIME_BUF];
		snprintf(id, sizeof id, "run-%zu", i + 1);
		cs_time_format(sl->t0, t0);
		cs_time_format(sl->t1, t1);
		snprintf(cap, sizeof cap,
		         "Zoomed: line %u, %zu times from %s to %s", sl->line,
		         sl->count, t0, t1);
		fputs("<figure><figcaption>", out);
		esc(out, cap);
		fputs("</figcaption>\n", out);
		rs_panel p = {pick[i], pick[i] + 1, id, cap};
		rs_write_svg(out, m, &p);
		fputs("</figure>\n", out);
	}
	if (m->nslots <= per)
		return;
	/* Dense: the same lanes, a part at a time, each step readable. */
	for (size_t s0 = 0, z = 1; s0 < m->nslots; s0 += per, z++) {
		size_t s1 = s0 + per < m->nslots ? s0 + per : m->nslots;
		char id[32], t0[CS_TIME_BUF], t1[CS_TIME_BUF];
		snprintf(id, sizeof id, "zoom-%zu", z);
		cs_time_format(m->slots[s0].t0, t0);
		cs_time_format(m->slots[s1 - 1].t1, t1);
		snprintf(cap, sizeof cap,
		         "Zoomed part %zu: lines %u to %u, %s to %s", z,
		         m->slots[s0].line, m->slots[s1 - 1].line, t0, t1);
		fputs("<figure><figcaption>", out);
		esc(out, cap);
		fputs("</figcaption>\n", out);
		rs_panel p = {s0, s1, id, cap};
		rs_write_svg(out, m, &p);
		fputs("</figure>\n", out);
	}
}

cs_status cs_report_write_html(const void *trace, const void *scenario,
                               FILE *out)
{
	const json_t *a = trace;
	cs_explanation e;
	cs_status st = cs_explanation_build(a, 0, &e);
	if (st != CS_OK)
		return st;
	cs_cf_set *cf = NULL;
	if (scenario) {
		cs_cf_target *t;
		size_t nt;
		st = cs_explanation_targets(&e, &t, &nt);
		if (st == CS_OK)
			st = cs_counterfactuals(scenario, t, nt, &cf);
		free(t);
		if (st == CS_OK)
			cs_explanation_attach(&e, cf);
	}
	anchors an = {.e = &e};
	rm_model m;
	if (st == CS_OK)
		st = rm_build(a, anchor_of, &an, &m);
	if (st != CS_OK) {
		cs_explanation_free(&e);
		cs_cf_set_free(cf);
		return st;
	}
	const json_t *head = json_array_get(a, 0);
	const char *title = e.title ? e.title : "scenario";
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	      "charset=\"utf-8\"><meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">"
	      "<title>capisim report: ",
	      out);
	esc(out, title);
	fprintf(out, "</title><style>%s</style></head><body>\n<header><h1>",
	        style);
	esc(out, title);
	fputs("</h1>\n<p class=\"meta\">Profile <b>", out);
	esc(out, e.profile ? e.profile : "-");
	fputs("</b>", out);
	const char *desc =
	    head ? json_string_value(json_object_get(head, "description"))
	         : NULL;
	if (desc) {
		fputs(" (", out);
		esc(out, desc);
		fputs(")", out);
	}
	const json_t *srcs = head ? json_object_get(head, "sources") : NULL;
	for (size_t i = 0; i < json_array_size(srcs); i++) {
		fputs(i ? "; " : " \xc2\xb7 sources: ", out);
		esc(out, json_string_value(json_object_get(
		             json_array_get(srcs, i), "source")));
	}
	fputs("</p>\n", out);
	summary(out, &e, &m);
	fputs("</header>\n<main>\n<section aria-labelledby=\"tl-h\"><h2 "
	      "id=\"tl-h\">Timeline</h2>\n<p class=\"hint\">Each step has a "
	      "column of its own, numbered with its scenario line; repeated "
	      "steps with the same outcome share one bar. The time between "
	      "steps is compressed: where the axis is broken (\xe2\x89\x88) "
	      "the time that passed is written above it. Point at a mark for "
	      "its details; a result links to its explanation below.</p>\n",
	      out);
	legend(out, &m);
	if (m.nslots)
		timeline(out, &m, title);
	fputs("</section>\n<section aria-labelledby=\"ex-h\"><h2 "
	      "id=\"ex-h\">Why each result came out</h2>\n<div "
	      "class=\"cards\">\n",
	      out);
	for (size_t g = 0; g < e.n; g++)
		card(out, &e, g);
	if (!e.n)
		fputs("<p>No results in this trace.</p>\n", out);
	fputs("</div></section>\n</main>\n</body></html>\n", out);
	rm_free(&m);
	cs_explanation_free(&e);
	cs_cf_set_free(cf);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
