/* Results that follow changes of state: horizons and mutations.
 *
 * A scenario step that verifies every minute for a month asks the same
 * question 43,200 times; its answer changes only when an input does. The
 * runner (sim/scenario/reuse.c) plays a step once, and replays the recorded
 * result - outcome, trace, events, expectations - for the later occurrences,
 * as long as
 *   - no state changed since (no mutation: below), and
 *   - the clock has not reached the result's horizon: the earliest instant
 *     at which one of the inputs the rules read can change.
 *
 * Inputs that change with time are reported by the rule that reads them,
 * where it reads them (docs/architecture.md, "Horizons"):
 *
 *   if (cs_now_before(w, crl->next_update + 1)) ...   now <= NextUpdate
 *   cs_horizon_at(w, entry->expires);                 this answer holds
 *                                                     until then
 *   cs_horizon_exact(w);                              the result uses the
 *                                                     exact time (an age
 *                                                     printed in seconds)
 *
 * The register w->horizon keeps the minimum of what is reported while a
 * step runs (min merges upward through every call: no return values to
 * thread through). A comparison with now that is already false for good
 * (now >= t: time only moves forward) reports nothing.
 *
 * Mutations (model/mutation.h): every change to the machine's state - the
 * world's containers (registry, stores, URL caches, network, accounts, the
 * PRNG) and the engine areas' process memory - calls cs_mutated(). The
 * counter is per thread (a fleet thread plays one machine at a time), only
 * ever grows, and is read before and after a step: unchanged means the
 * step changed nothing. Outputs (trace, event log) are not state.
 *
 * Forgetting to report is never silent: `--reuse check` (the differential
 * tests) plays every reused occurrence naively too and fails on the first
 * difference, naming the step and the instant. */
#ifndef CAPISIM_MODEL_HORIZON_H
#define CAPISIM_MODEL_HORIZON_H

#include <stdbool.h>
#include <stdint.h>

#include "model/mutation.h"
#include "model/world.h"

/* No horizon: nothing read changes with time. */
#define CS_HORIZON_NONE INT64_MAX

/* The result read an input that can change at t. */
static inline void cs_horizon_at(cs_world *w, cs_filetime t)
{
	if (t < w->horizon)
		w->horizon = t;
}

/* The result used the exact current time: it holds at this instant only. */
static inline void cs_horizon_exact(cs_world *w)
{
	cs_horizon_at(w, w->now + 1);
}

/* now < t, reported: true until t. */
static inline bool cs_now_before(cs_world *w, cs_filetime t)
{
	if (w->now < t) {
		cs_horizon_at(w, t);
		return true;
	}
	return false;
}

/* now <= t, reported: true until t + 1. */
static inline bool cs_now_at_or_before(cs_world *w, cs_filetime t)
{
	return t == INT64_MAX || cs_now_before(w, t + 1);
}

/* x < t where x may be the current time (x_is_now): the verify time of a
 * call without pTime is now; with pTime it is fixed and reports nothing. */
static inline bool cs_time_before(cs_world *w, cs_filetime x, bool x_is_now,
                                  cs_filetime t)
{
	return x_is_now ? cs_now_before(w, t) : x < t;
}

/* x <= t, the same way. */
static inline bool cs_time_at_or_before(cs_world *w, cs_filetime x,
                                        bool x_is_now, cs_filetime t)
{
	return x_is_now ? cs_now_at_or_before(w, t) : x <= t;
}

#endif
