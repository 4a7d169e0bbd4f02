/* A run whose trace streams (capisim/run.h, trace_out / view_out): each
 * observation goes to the trace file and the view as it is recorded
 * (model/trace.h, cs_trace_sink), and what the fetch log and the CAPI2
 * writer read is kept as copies until the end (the log's header needs the
 * first request; an event's details come from the observations of its
 * step).
 * Replayed results are rendered once and written again at their times, in
 * large blocks (trace/outbuf.h). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "model/alloc.h"
#include "render/capi2_xml.h"
#include "render/fetchlog.h"
#include "render/timeline.h"
#include "trace/jsonl.h"
#include "trace/outbuf.h"

typedef struct {
	capisim_run *r;
	FILE *trace;                   /* JSON Lines, or NULL */
	FILE *json;                    /* the view as JSON Lines, or NULL */
	FILE *timeline;                /* the view as the timeline, or NULL */
	FILE *view;                    /* json or timeline, or NULL */
	cs_outbuf trace_buf, view_buf; /* replayed lines, in blocks */
	bool fetchlog;
	bool capi2;
	bool has_certutil; /* a certutil -verify step: its text in the
	                      timeline reads the step's observations */
	cs_filetime iso_t; /* the time iso holds */
	char iso[CS_TIME_BUF];
} run_stream;

typedef struct {
	cs_jsonl_template *json;
	cs_timeline_template *timeline;
} rendered_obs;

static cs_status keep(api_obs_list *l, const cs_obs *o)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		cs_obs *n = cs_realloc(l->v, cap * sizeof *n);
		if (!n)
			return cs_alloc_failed();
		l->v = n;
		l->cap = cap;
	}
	cs_status st = cs_obs_copy(&l->v[l->n], o, 0);
	if (st == CS_OK)
		l->n++;
	return st;
}

static cs_status sink_write(void *ctx, const cs_obs *o)
{
	run_stream *rs = ctx;
	/* what replays buffered goes first */
	cs_status st = rs->trace ? cs_outbuf_flush(&rs->trace_buf) : CS_OK;
	if (st == CS_OK && rs->view)
		st = cs_outbuf_flush(&rs->view_buf);
	if (st == CS_OK && rs->trace)
		st = cs_obs_write_jsonl(o, rs->trace);
	if (st == CS_OK && rs->json)
		st = cs_obs_write_jsonl(o, rs->json);
	if (st == CS_OK && rs->timeline) {
		cs_timeline_obs(o, rs->timeline);
		cs_timeline_certutil(&rs->r->machine, o, rs->timeline);
	}
	if (st == CS_OK && rs->fetchlog && cs_fetchlog_wants(o))
		st = keep(&rs->r->fetches, o);
	if (st == CS_OK && rs->capi2 && cs_capi2_wants(o))
		st = keep(&rs->r->capi2, o);
	return st;
}

static void sink_free_rendered(void *ctx, void *r)
{
	(void)ctx;
	rendered_obs *ro = r;
	cs_jsonl_template_free(ro->json);
	cs_timeline_template_free(ro->timeline);
	free(ro);
}

static void *sink_render(void *ctx, const cs_obs *o)
{
	run_stream *rs = ctx;
	if (rs->fetchlog && cs_fetchlog_wants(o))
		return NULL; /* the fetch log keeps copies: replay a copy */
	/* The CAPI2 writer and the certutil text read a step's observations
	 * together: replayed as copies, they are all there again. */
	if (rs->capi2 || (rs->timeline && rs->has_certutil))
		return NULL;
	rendered_obs *ro = cs_calloc(1, sizeof *ro);
	if (!ro)
		return NULL;
	bool bad = false;
	if (rs->trace || rs->json)
		bad |= !(ro->json = cs_jsonl_template_new(o));
	if (rs->timeline)
		bad |= !(ro->timeline = cs_timeline_template_new(o));
	if (bad) {
		sink_free_rendered(ctx, ro);
		return NULL;
	}
	return ro;
}

static cs_status sink_replay(void *ctx, const void *r, cs_filetime t)
{
	run_stream *rs = ctx;
	const rendered_obs *ro = r;
	if (t != rs->iso_t || !rs->iso[0]) {
		cs_time_format(t, rs->iso);
		rs->iso_t = t;
	}
	if (rs->trace)
		cs_jsonl_template_write(ro->json, rs->iso, &rs->trace_buf);
	if (rs->json)
		cs_jsonl_template_write(ro->json, rs->iso, &rs->view_buf);
	if (rs->timeline)
		cs_timeline_template_write(ro->timeline, rs->iso,
		                           &rs->view_buf);
	return rs->trace_buf.failed || rs->view_buf.failed ? CS_ERR_IO : CS_OK;
}

cs_status api_run_streamed(capisim_run *r, const capisim_run_options *o,
                           cs_run_options *ro)
{
	/* Two 64 KB blocks: on the heap, not the caller's stack. */
	run_stream *rs = cs_calloc(1, sizeof *rs);
	if (!rs)
		return cs_alloc_failed();
	rs->r = r;
	rs->trace = o->trace_out;
	rs->json = o->view == CAPISIM_VIEW_JSONL ? o->view_out : NULL;
	rs->timeline = o->view == CAPISIM_VIEW_JSONL ? NULL : o->view_out;
	rs->view = o->view_out;
	rs->fetchlog = o->fetch_log;
	rs->capi2 = o->capi2;
	const cs_scenario *s = r->sc->s;
	for (size_t i = 0; i < s->nsteps; i++)
		rs->has_certutil |=
		    cs_timeline_is_certutil_verify(s->steps[i].action);
	cs_outbuf_init(&rs->trace_buf, rs->trace);
	cs_outbuf_init(&rs->view_buf, o->view_out);
	const cs_trace_sink sink = {sink_write, sink_render, sink_replay,
	                            sink_free_rendered, rs};
	ro->trace = true;
	ro->trace_sink = &sink;
	if (rs->timeline)
		cs_timeline_header(s, rs->timeline);
	cs_status st = cs_scenario_run(s, ro, &r->machine, &r->result);
	if (st == CS_OK && rs->trace)
		st = cs_outbuf_flush(&rs->trace_buf);
	if (st == CS_OK && o->view_out)
		st = cs_outbuf_flush(&rs->view_buf);
	if (st == CS_OK && rs->timeline)
		st = cs_timeline_footer(&r->machine, &r->result, rs->timeline);
	if (st == CS_OK && rs->trace && ferror(rs->trace))
		st = CS_ERR_IO;
	free(rs);
	return st;
}
