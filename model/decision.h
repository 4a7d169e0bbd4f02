/* Decisions as they happen, for whoever watches a run without reading its
 * trace: the scenario's expectations (sim/scenario/expect.h) subscribe to
 * them while a step runs, so `expect fetch URL` holds or fails the same
 * with the trace on or off, and nothing needs the whole trace in memory.
 *
 * A rule that records an observation a watcher may judge also announces
 * it here (cs_world_decide): today cryptnet's URL retrievals. A watcher is
 * a function and its context; a world has at most CS_OBSERVERS_MAX of them
 * and a clone starts with none. The decision's strings are borrowed for
 * the duration of the call. */
#ifndef CAPISIM_MODEL_DECISION_H
#define CAPISIM_MODEL_DECISION_H

#include <stdbool.h>

typedef enum {
	CS_DECISION_FETCH, /* cryptnet answered a URL request */
} cs_decision_kind;

typedef struct {
	cs_decision_kind kind;
	const char *url;
	bool wire;      /* the request went to the network */
	bool cache_hit; /* answered from a memory or disk cache, usable */
} cs_decision;

typedef void (*cs_decision_fn)(void *ctx, const cs_decision *d);

typedef struct {
	cs_decision_fn fn;
	void *ctx;
} cs_observer;

/* Enough for the runner and an embedder's own watcher. */
#define CS_OBSERVERS_MAX 4

#endif
