/* What a machine does while the scenario's clock moves: CryptSvc's periodic
 * disallowed-list sync, cryptnet's pre-fetch, ... One row per task in
 * sim/scenario/background.c; an area adds its row there and keeps the
 * function in its own folder.
 *
 * When the clock moves from `from` to `to` (from < to), the runner calls
 * each task's run(m, from, to, line) in table order. A task that acts at
 * instants inside the window sets m->w.now to each instant before acting
 * (never below from, never above to) and leaves the observations it makes
 * at those instants; afterwards the runner sets m->w.now = to. */
#ifndef CAPISIM_SIM_SCENARIO_BACKGROUND_H
#define CAPISIM_SIM_SCENARIO_BACKGROUND_H

#include "capisim/clock.h"
#include "capisim/status.h"
#include "engine/machine.h"

typedef struct {
	const char *name;
	CS_MUST_USE cs_status (*run)(cs_machine *m, cs_filetime from,
	                             cs_filetime to, unsigned line);
} cs_background_task;

extern const cs_background_task cs_background_tasks[];
extern const size_t cs_background_task_count;

/* Move m's clock forward to t (no-op when t <= now), running the background
 * tasks over the window. line: the scenario line that moved it. */
CS_MUST_USE cs_status cs_scenario_move_clock(cs_machine *m, cs_filetime t,
                                             unsigned line);

#endif
