/* The trace as JSON Lines: one object per observation, keys in a fixed order
 * (t, step, kind, account, rule, source, then the observation's own fields in
 * the order they were recorded). docs/trace-format.md is the reference. */
#ifndef CAPISIM_TRACE_JSONL_H
#define CAPISIM_TRACE_JSONL_H

#include <stdio.h>

#include "capisim/status.h"
#include "model/error.h"
#include "model/trace.h"

/* The boundary between trace/ and jansson: a jansson call fails only for
 * want of memory (it allocates with libc), so a failed one is named
 * CS_ERR_NOMEM here, with the file and line of the call - the one place
 * besides the allocator (model/alloc.h) where that status is born. */
#define CS_JSON_FAILED() cs_error_set_at(CS_ERR_NOMEM, __FILE__, __LINE__)

/* New JSON object (jansson json_t *) for one observation; NULL on OOM. */
void *cs_obs_to_json(const cs_obs *o);
/* One line per observation. CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cs_trace_write_jsonl(const cs_trace *tr, FILE *out);

#endif
