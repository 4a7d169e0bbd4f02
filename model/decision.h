/* Decisions as they happen, for whoever watches a run without reading its
 * trace: the scenario's expectations (sim/scenario/expect.h) subscribe to
 * them while a step runs, so `expect fetch URL` holds or fails the same
 * with the trace on or off, and nothing needs the whole trace in memory.
 *
 * A rule that records an observation a watcher may judge also announces
 * it here (cs_world_decide): cryptnet's URL retrievals, and the files a
 * folder listing (`dir`) showed with their modification times. A watcher is
 * a function and its context; a world has at most CS_OBSERVERS_MAX of them
 * and a clone starts with none. The decision's strings are borrowed for
 * the duration of the call. */
#ifndef CAPISIM_MODEL_DECISION_H
#define CAPISIM_MODEL_DECISION_H

#include <stdbool.h>

#include "capisim/clock.h"

typedef enum {
	CS_DECISION_FETCH,       /* cryptnet answered a URL request */
	CS_DECISION_FILE_LISTED, /* a folder listing showed a file */
} cs_decision_kind;

typedef struct {
	cs_decision_kind kind;
	const char *url;
	bool wire;      /* the request went to the network */
	bool cache_hit; /* answered from a memory or disk cache, usable */
	/* CS_DECISION_FILE_LISTED: the file's name and modification time */
	const char *file;
	cs_filetime modified;
} cs_decision;

typedef void (*cs_decision_fn)(void *ctx, const cs_decision *d);

typedef struct {
	cs_decision_fn fn;
	void *ctx;
} cs_observer;

/* Enough for the runner and an embedder's own watcher. */
#define CS_OBSERVERS_MAX 4

#endif
