/* The run's agenda: everything that happens on a machine, in time order,
 * and the only code that moves the world's clock.
 *
 * An entry is keyed by (instant, kind, sequence). The runner pops the
 * earliest, sets the clock to its instant (cs_world_set_clock, never
 * backwards) and runs it. Steps of the scenario (each repetition of an
 * `every`), a fleet's scheduled reboots and the run's end are entries the
 * runner files; the machine's background work is a table of timers
 * (cs_timers: CryptSvc's disallowed-list sync, cryptnet's pre-fetch scans)
 * that the engine areas schedule through their own state: a timer's
 * `next` reads the area's state and says when it is due, so a rule that
 * changes the schedule (a fetch that stores a CRL with Next CRL Publish, a
 * reboot that makes CryptSvc sync) needs no call into the runner. The
 * agenda asks every timer again after each entry it runs.
 *
 * At one instant the kinds run in this order, and the sequence orders
 * entries of one kind: a timer due at the instant, a reboot, the steps
 * (in the file's order; a shifted fleet machine's own steps before the
 * outside world's), the run's end. A timer that falls due at or before
 * the current instant (a reboot restarts CryptSvc, which syncs at once)
 * runs when the clock next moves, still at the current instant: steps
 * written at one instant happen together. An entry whose instant an
 * `advance` has passed runs at the current instant. Whatever a timer
 * records belongs to the entry the clock is moving to (its line and
 * file), or to the `advance` step that moves it. */
#ifndef CAPISIM_SIM_SCENARIO_AGENDA_H
#define CAPISIM_SIM_SCENARIO_AGENDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "engine/machine.h"

/* Kinds, in their order at one instant. */
typedef enum {
	CS_AGENDA_TIMER,   /* a timer due after the current instant */
	CS_AGENDA_REBOOT,  /* a fleet machine's scheduled reboot */
	CS_AGENDA_STEP,    /* a scenario step; index = the step */
	CS_AGENDA_END,     /* the run's last instant */
	CS_AGENDA_OVERDUE, /* a timer due at or before the current instant */
} cs_agenda_kind;

typedef struct {
	cs_filetime t;
	cs_agenda_kind kind;
	uint64_t seq;
	size_t index; /* the step, or the timer's row */
} cs_agenda_entry;

/* A binary heap of entries, earliest key on top. */
typedef struct {
	cs_agenda_entry *v;
	size_t n, cap;
} cs_agenda;

CS_MUST_USE cs_status cs_agenda_push(cs_agenda *a, cs_agenda_entry e);
/* The earliest entry, NULL when empty. */
const cs_agenda_entry *cs_agenda_top(const cs_agenda *a);
void cs_agenda_pop(cs_agenda *a);
void cs_agenda_free(cs_agenda *a);
/* Key order: true when x comes before y. */
bool cs_agenda_before(const cs_agenda_entry *x, const cs_agenda_entry *y);

/* A background timer of an engine area. */
typedef struct {
	const char *name;
	/* When it is next due (CS_NET_FOREVER: not scheduled). */
	cs_filetime (*next)(const cs_machine *m);
	/* Run it at m->w.now. */
	CS_MUST_USE cs_status (*run)(cs_machine *m);
} cs_timer;

extern const cs_timer cs_timers[];
extern const size_t cs_timer_count;

/* The earliest timer as an entry (TIMER or OVERDUE, index = its row);
 * false when none is scheduled. */
bool cs_agenda_next_timer(const cs_machine *m, cs_agenda_entry *out);

/* Set the clock to e's instant (or keep it, when an `advance` has passed
 * that instant). The one caller of cs_world_set_clock. */
CS_MUST_USE cs_status cs_agenda_set_clock(cs_machine *m,
                                          const cs_agenda_entry *e);

/* Run every timer whose key comes before limit's, each at its own
 * instant, recorded under line. The clock is left at the last one. */
CS_MUST_USE cs_status cs_agenda_run_timers(cs_machine *m,
                                           const cs_agenda_entry *limit);

/* Move m's clock forward to t, running the timers due up to t on the way
 * (the `advance` command; unit tests that drive a machine by hand).
 * t < now is CS_ERR_INTERNAL. */
CS_MUST_USE cs_status cs_agenda_advance(cs_machine *m, cs_filetime t);

#endif
