/* The trace as JSON Lines: one object per observation, keys in a fixed order
 * (t, step, kind, account, rule, source, then the observation's own fields in
 * the order they were recorded). docs/trace-format.md is the reference. */
#ifndef CAPISIM_TRACE_JSONL_H
#define CAPISIM_TRACE_JSONL_H

#include <stdio.h>

#include "capisim/status.h"
#include "model/error.h"
#include "model/trace.h"
#include "trace/outbuf.h"

/* The boundary between trace/ and jansson: a jansson call fails only for
 * want of memory (it allocates with libc), so a failed one is named
 * CS_ERR_NOMEM here, with the file and line of the call - the one place
 * besides the allocator (model/alloc.h) where that status is born. */
#define CS_JSON_FAILED() cs_error_set_at(CS_ERR_NOMEM, __FILE__, __LINE__)

/* New JSON object (jansson json_t *) for one observation; NULL on OOM. */
void *cs_obs_to_json(const cs_obs *o);
/* One observation's line. CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cs_obs_write_jsonl(const cs_obs *o, FILE *out);
/* One line per observation. CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cs_trace_write_jsonl(const cs_trace *tr, FILE *out);
/* One observation's line. */
CS_MUST_USE cs_status cs_obs_write_jsonl(const cs_obs *o, FILE *out);

/* An observation's line with its time cut out: its "t" and its now fields
 * (cs_obs_now), all the observation's own time. Writing it at another
 * time gives, byte for byte, the line of the observation moved there
 * (what replayed results write: sim/scenario/reuse.c). NULL on OOM. */
typedef struct cs_jsonl_template cs_jsonl_template;
cs_jsonl_template *cs_jsonl_template_new(const cs_obs *o);
/* iso: the time as cs_time_format writes it. */
void cs_jsonl_template_write(const cs_jsonl_template *tp, const char *iso,
                             cs_outbuf *out);
void cs_jsonl_template_free(cs_jsonl_template *tp);

/* A trace sink (model/trace.h) writing JSON Lines to out as the run goes,
 * replays included: cs_jsonl_stream_init fills js->sink. */
typedef struct {
	cs_outbuf out;
	cs_trace_sink sink;
	cs_filetime iso_t;
	char iso[CS_TIME_BUF];
} cs_jsonl_stream;
void cs_jsonl_stream_init(cs_jsonl_stream *js, FILE *out);
/* Write what the stream still buffers (after the run). */
CS_MUST_USE cs_status cs_jsonl_stream_finish(cs_jsonl_stream *js);

#endif
