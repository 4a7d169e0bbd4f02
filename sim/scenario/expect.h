/* Expectations: `expect ITEM...` on an action line or on its own.
 *
 * Items (docs/scenario-language.md):
 *   ok                    the action's HRESULT is 0
 *   error=0xHRESULT       the action's HRESULT (policy dwError, or the
 *                         Win32 error of a registry write as an HRESULT)
 *   status=0xBITS         the chain's TrustStatus.dwErrorStatus
 *   result=WORD           WORD is one of the words the action reports as
 *                         its own outcome (tls-client-auth: 403.7, ...)
 *   event=ID [source=S] [count=N]
 *                         events with that ID (and source) logged during the
 *                         action: exactly N, or at least one without count
 *   fetch URL             a request for URL went to the network
 *   no-fetch URL          no request for URL went to the network
 *   cache-hit URL         URL was answered from a memory or disk cache
 *   events since TIME [log=LOG]: ID[xN]... | none
 *                         the IDs of all events logged from TIME up to now,
 *                         in order (must be the last item on the line)
 *   files modified TIME: NAME... | none
 *                         the files a listing (`dir`) showed with that
 *                         modification time are exactly NAME... in any
 *                         order (must be the last item on the line)
 * On a command line they check that command; on their own line, the last
 * command before it (its last repetition, for `every`). ok, error=,
 * status= and result= need an action (verify, reg, store, certutil,
 * tls-client-auth, schannel); the others work
 * on any command (`advance 16h expect event=4112`). */
#ifndef CAPISIM_SIM_SCENARIO_EXPECT_H
#define CAPISIM_SIM_SCENARIO_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sim/scenario/commands.h"

/* Parse items into step->expects. has_step: there is a step to check
 * (event, fetch, no-fetch, cache-hit need one); has_result: that step is an
 * action with a result (ok, error=, status= need one). expect_col: column
 * of the word `expect`, for "needs an item" errors. */
CS_MUST_USE cs_status cs_expect_parse(cs_parse_ctx *pc, cs_step *step,
                                      const cs_tok *items, size_t n,
                                      bool has_step, bool has_result,
                                      unsigned expect_col);
void cs_expect_free_all(cs_step *step);

/* The URL requests of one action, per URL as cryptnet named it. */
typedef struct {
	char *url;
	unsigned wire; /* requests that went to the network */
	unsigned hits; /* answered from a memory or disk cache */
} cs_fetch_tally;

/* What one action did: its outcome, its range of the machine's event log,
 * and its URL requests, tallied as they happen from the machine's
 * decisions (model/decision.h) - not read back from the trace, which may
 * be off and need not be kept in memory. */
/* A file a listing showed (CS_DECISION_FILE_LISTED). */
typedef struct {
	char *name;
	cs_filetime modified;
} cs_listed_file;

typedef struct {
	bool valid;
	cs_outcome outcome;
	size_t ev_begin, ev_end; /* m->w.events.events[begin, end) */
	cs_fetch_tally *fetches;
	size_t nfetches, capfetches;
	cs_listed_file *files; /* in listing order */
	size_t nfiles, capfiles;
	bool oom; /* a tally could not grow: fetch expectations cannot tell */
} cs_action_record;

/* Start recording an action on m: reset rec (keeping its storage) and
 * watch m's decisions until cs_action_record_end. */
CS_MUST_USE cs_status cs_action_record_begin(cs_action_record *rec,
                                             cs_machine *m);
void cs_action_record_end(cs_action_record *rec, cs_machine *m);
void cs_action_record_free(cs_action_record *rec);

/* Check e against rec (and the machine's log for `events since`). Returns
 * true when it holds; otherwise detail says what was found. */
bool cs_expect_check(const cs_expect *e, const cs_action_record *rec,
                     const cs_machine *m, char *detail, size_t cap);

/* "FILE:LINE:COL: expectation failed: expect ITEM: found ... (at TIME,
 * N of M times)" for each failure. */
void cs_failures_write(const cs_run_result *res, FILE *out);

#endif
