/* Memory one scenario run needs besides the machine - its agenda and its
 * per-step and per-expectation tables - lent by a caller that runs many
 * machines one after another (a fleet thread plays hundreds of thousands
 * of them): the run takes it cleared, as a fresh allocation would be, and
 * gives it back, instead of allocating and freeing it each time. */
#ifndef CAPISIM_SIM_SCENARIO_WORKSPACE_H
#define CAPISIM_SIM_SCENARIO_WORKSPACE_H

#include <stddef.h>

#include "sim/scenario/agenda.h"

typedef struct cs_run_workspace {
	void *block; /* the tables, in one allocation */
	size_t cap;
	cs_agenda agenda; /* empty between runs; its array is kept */
} cs_run_workspace;

/* A zeroed cs_run_workspace is empty and ready. */
void cs_run_workspace_free(cs_run_workspace *ws);

/* Room for n tables of sizes[i] bytes: ptrs[i] gets each, zeroed and
 * aligned for any type, valid until the next call. CS_ERR_NOMEM (or
 * CS_ERR_LIMIT when the sizes overflow) leaves ptrs untouched. */
CS_MUST_USE cs_status cs_run_workspace_take(cs_run_workspace *ws,
                                            const size_t *sizes, size_t n,
                                            void **ptrs);

#endif
