/* Results replayed instead of recomputed (model/horizon.h says when that is
 * exact; docs/architecture.md, "Horizons").
 *
 * The runner plays a reusable command (cs_command.reusable) naively and,
 * when the run changed no state (the mutation count did not move), keeps
 * what it produced as the step's memo: the outcome, the URL requests the
 * expectations judge, the events it logged, the observations it recorded,
 * the instant it ran and its horizon. A later occurrence of the step at t
 * replays the memo - every emitted time moved by t - t_recorded - as long
 * as no state changed since (mutation count unchanged) and t is before the
 * horizon. Expectations are judged again on the replayed record, as for a
 * naive run. What a replay costs is what it emits; with the trace off and
 * no events a run of occurrences folds into one (sim/scenario/runner.c).
 *
 * Per run; a memo is invalidated by the next naive run of its step that
 * changes state or cannot be kept. */
#ifndef CAPISIM_SIM_SCENARIO_REUSE_H
#define CAPISIM_SIM_SCENARIO_REUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/scenario/expect.h"

/* One expectation's verdict, as the runner found it. */
typedef struct {
	bool ok;
	char found[200]; /* what was found instead, when !ok */
} cs_expect_result;

typedef struct {
	bool valid;
	cs_filetime t;       /* when the recorded occurrence ran */
	cs_filetime horizon; /* replays stand for occurrences before this */
	uint64_t mutations;  /* cs_mutation_count right after it */
	cs_outcome outcome;
	cs_fetch_tally *fetches;
	size_t nfetches;
	cs_event *events; /* texts owned */
	size_t nevents;
	cs_obs *obs; /* deep copies: the step record and what the command
	                recorded, not the expectations' */
	size_t nobs;
	/* With a streamed trace whose sink renders (model/trace.h): each
	 * observation rendered (an entry may be NULL: replayed as a copy),
	 * and each expectation's verdict and rendered "expect" observation,
	 * written as they are when a replay's verdict is the same. */
	void **rendered;
	cs_expect_result *expects;
	void **expect_rendered;
	size_t nexpects, capexpects;
} cs_step_memo;

/* Where a naive run started: compare or record against it afterwards. */
typedef struct {
	uint64_t mutations;
	size_t obs_begin, ev_begin;
	size_t obs_end; /* where its expectations' observations begin */
	cs_filetime t;
} cs_reuse_mark;

/* tr: the trace whose sink rendered what the memo keeps. */
void cs_step_memo_free(cs_step_memo *mm, cs_trace *tr);

/* Start a naive run of a step on m: note the state and reset the
 * horizon register. */
void cs_reuse_mark_begin(cs_reuse_mark *mk, cs_machine *m);

/* Whether mm can stand for an occurrence now. */
bool cs_step_memo_usable(const cs_step_memo *mm, const cs_machine *m);

/* After the naive run marked by mk and its expectations (results, n of
 * them; their observations from mk->obs_end to the trace's end; rec its
 * record): keep it in mm when it changed nothing, else invalidate mm. */
CS_MUST_USE cs_status cs_step_memo_record(
    cs_step_memo *mm, const cs_reuse_mark *mk, cs_machine *m,
    const cs_action_record *rec, const cs_expect_result *results, size_t n);

/* Replay mm at m's current time: append its observations and events,
 * moved, and make rec the replayed command's record. */
CS_MUST_USE cs_status cs_step_memo_replay(const cs_step_memo *mm, cs_machine *m,
                                          cs_action_record *rec);

/* --reuse check: the naive run marked by mk (rec) must equal what mm would
 * have replayed. False with why set (what differs) otherwise. */
bool cs_step_memo_same(const cs_step_memo *mm, const cs_reuse_mark *mk,
                       const cs_machine *m, const cs_action_record *rec,
                       char *why, size_t cap);

#endif
