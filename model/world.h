/* The state of one simulated Windows machine, as data.
 *
 * Everything a rule reads or writes that outlives one API call lives here or
 * in an engine area's state (engine/machine.h): the clock, the accounts with
 * their user stores and on-disk URL caches, the registry, the machine stores,
 * the virtual network, the event logs and the trace. Cloning a world is how a
 * fleet gets many machines from one scenario prefix; immutable objects
 * (certificates, file bodies) are borrowed from the shared pool, not copied. */
#ifndef CAPISIM_MODEL_WORLD_H
#define CAPISIM_MODEL_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "model/account.h"
#include "model/decision.h"
#include "model/eventlog.h"
#include "model/network.h"
#include "model/profile.h"
#include "model/registry.h"
#include "model/store.h"
#include "model/trace.h"
#include "model/urlcache.h"

typedef struct {
	char name[CS_ACCOUNT_NAME_MAX];  /* "SYSTEM", "user:alice", ... */
	cs_store stores[CS_STORE_COUNT]; /* the account's own system stores */
	cs_urlcache disk_cache; /* CryptnetUrlCache under its profile */
} cs_account_state;

typedef struct {
	const cs_profile *profile;
	/* The world's clock. Read it anywhere; only the scenario runner's
	 * agenda (sim/scenario/agenda.c) moves it, through
	 * cs_world_set_clock (test 'clock-writer'). */
	cs_filetime now;
	/* The current boot began here; reboots so far. A rule that reads
	 * either in a step's result calls cs_horizon_stamp (model/horizon.h):
	 * the result then differs from one boot to the next. */
	cs_filetime boot_time;
	unsigned boots;
	cs_account acting; /* `as ACCOUNT` */
	/* The long-lived process the acting account's commands run in
	 * (engine/cryptnet/process.h); "" = that account's usual one. */
	char acting_process[CS_PROCESS_NAME_MAX];
	cs_account_state accounts[CS_ACCOUNT_MAX];
	unsigned naccounts;
	cs_registry reg;
	/* Updates installed by the scenario (`install KBnnnnnnn`), by number:
	 * a profile row is the release as shipped; an update it names in a
	 * column changes what that column says (KB 2677070). */
	uint32_t updates[8];
	unsigned nupdates;
	/* Windows Update's data store (%SystemRoot%\SoftwareDistribution): when
	 * the agent last saved its service data (0: none; seed 004's recipe
	 * moves the folder away). */
	cs_filetime wu_service_data;
	cs_store machine_stores[CS_STORE_COUNT];
	cs_network net;
	cs_eventlog events;
	cs_trace trace;
	cs_observer observers[CS_OBSERVERS_MAX]; /* model/decision.h */
	uint64_t rng; /* seeded PRNG state (cs_world_rand) */
	/* The earliest instant an input of the running step's result can
	 * change (model/horizon.h); the runner resets it per step. */
	cs_filetime horizon;
	/* The running step's result compared an instant the machine stored
	 * from its clock with one it did not (cs_horizon_stamp); the runner
	 * resets it per step. */
	bool stamped;
	/* Whether the CAPI2 Operational channel is enabled, as read from
	 * the registry when reg.changes was capi2_read_at - 1 (0: not read;
	 * model/event_catalog.c keeps it) */
	uint64_t capi2_read_at;
	bool capi2_enabled;
} cs_world;

/* A fresh machine booted at `start` with the four well-known accounts. */
CS_MUST_USE cs_status cs_world_init(cs_world *w, const cs_profile *p,
                                    cs_filetime start, bool trace_enabled);
void cs_world_free(cs_world *w);
/* Deep copy of the mutable state (the trace starts empty, enabled as src). */
CS_MUST_USE cs_status cs_world_clone(cs_world *dst, const cs_world *src);

/* Move the clock to t. Time never goes backwards: t < now is
 * CS_ERR_INTERNAL (a caller bug) and leaves the clock. The one writer of
 * w->now after cs_world_init; its one caller is the runner's agenda. */
CS_MUST_USE cs_status cs_world_set_clock(cs_world *w, cs_filetime t);

/* Account by name ("SYSTEM", "LocalService", "NetworkService", "user NAME"
 * spelled "user:NAME"); users are created on first use. CS_ERR_LIMIT past
 * CS_ACCOUNT_MAX, CS_ERR_SYNTAX for an unknown service account name. */
CS_MUST_USE cs_status cs_world_account(cs_world *w, const char *name,
                                       cs_account *out);
const char *cs_world_account_name(const cs_world *w, cs_account a);

/* Whether update kb (2677070 for KB 2677070) is installed. */
bool cs_world_has_update(const cs_world *w, uint32_t kb);

/* Watch w's decisions (model/decision.h) until cs_world_unobserve with the
 * same fn and ctx. CS_ERR_LIMIT past CS_OBSERVERS_MAX. */
CS_MUST_USE cs_status cs_world_observe(cs_world *w, cs_decision_fn fn,
                                       void *ctx);
void cs_world_unobserve(cs_world *w, cs_decision_fn fn, void *ctx);
/* Tell every watcher of w about d. */
void cs_world_decide(const cs_world *w, const cs_decision *d);

/* splitmix64 from w->rng: the only randomness a rule may use (pre-fetch
 * jitter). Seeded by the scenario, so the same run gives the same numbers. */
uint64_t cs_world_rand(cs_world *w);

#endif
