/* The background task table (see sim/scenario/background.h). */
#include "sim/scenario/background.h"

#include "engine/autoupdate/autoupdate.h"

#include <stddef.h>

#include "engine/cryptnet/prefetch.h"

const cs_background_task cs_background_tasks[] = {
    {"autoupdate.disallowed_sync", cs_autoupdate_background},
    {"cryptnet.prefetch", cs_cryptnet_prefetch_background},
    {NULL, NULL}, /* end (C has no empty arrays) */
};

const size_t cs_background_task_count =
    sizeof cs_background_tasks / sizeof cs_background_tasks[0] - 1;

cs_status cs_scenario_move_clock(cs_machine *m, cs_filetime t, unsigned line)
{
	if (t <= m->w.now)
		return CS_OK;
	cs_filetime from = m->w.now;
	for (size_t i = 0; i < cs_background_task_count; i++) {
		cs_status st = cs_background_tasks[i].run(m, from, t, line);
		if (st != CS_OK)
			return st;
		if (m->w.now < from || m->w.now > t)
			return CS_ERR_INTERNAL; /* a task broke the contract */
	}
	m->w.now = t;
	return CS_OK;
}
