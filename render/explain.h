/* `capisim explain`: why each result of a run came out, in plain English.
 *
 * Built only from the trace (docs/trace-format.md): the rule id and source
 * of each observation between a step and the next, the fields the rule
 * recorded, and the earlier observations they point back to (when a cached
 * object was filled). Nothing is recomputed and no engine state is read, so
 * a trace recorded elsewhere (a JSON Lines file) explains the same way.
 *
 * Results are the trace's "step" observations that carry an HRESULT. A
 * repeated step (`every`) whose consecutive results have the same outcome
 * and the same rules is explained once, with how often and when. */
#ifndef CAPISIM_RENDER_EXPLAIN_H
#define CAPISIM_RENDER_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "capisim/status.h"
#include "model/trace.h"

struct cs_scenario;

typedef struct {
	unsigned line; /* only results of this scenario line; 0 = all */
	/* The scenario the trace came from, or NULL (a trace file): with it,
	 * "what would have changed it" is computed by replaying each failed
	 * result with alternatives (sim/counterfactual.h). */
	const struct cs_scenario *scenario;
} cs_explain_options;

/* The trace as a jansson array of objects (json_t *, caller decrefs);
 * NULL when memory runs out. */
void *cs_trace_to_json_array(const cs_trace *tr);

/* Write the explanation of every result in trace (a json_t * array as
 * cs_trace_to_json_array or cs_trace_read_jsonl give it). *nresults (may
 * be NULL) receives the number of results explained. CS_ERR_IO on a write
 * error. */
CS_MUST_USE cs_status cs_explain_write(const void *trace,
                                       const cs_explain_options *opt, FILE *out,
                                       size_t *nresults);

#endif
