#include "engine/machine.h"

#include <string.h>

#include "model/mutation.h"

cs_status cs_machine_init(cs_machine *m, cs_pool *pool, const cs_profile *p,
                          cs_filetime start, bool trace_enabled)
{
	memset(m, 0, sizeof *m);
	m->pool = pool;
	cs_status st = cs_world_init(&m->w, p, start, trace_enabled);
	for (int a = 0; a < CS_AREA_COUNT && st == CS_OK; a++)
		if (cs_area_table[a].create)
			st = cs_area_table[a].create(m, &m->area[a]);
	if (st != CS_OK)
		cs_machine_free(m);
	return st;
}

void cs_machine_free(cs_machine *m)
{
	for (int a = 0; a < CS_AREA_COUNT; a++)
		if (cs_area_table[a].free && m->area[a])
			cs_area_table[a].free(m->area[a]);
	cs_world_free(&m->w);
	memset(m, 0, sizeof *m);
}

cs_status cs_machine_clone(cs_machine *dst, const cs_machine *src)
{
	memset(dst, 0, sizeof *dst);
	dst->pool = src->pool;
	cs_status st = cs_world_clone(&dst->w, &src->w);
	for (int a = 0; a < CS_AREA_COUNT && st == CS_OK; a++)
		if (cs_area_table[a].clone && src->area[a])
			st =
			    cs_area_table[a].clone(&dst->area[a], src->area[a]);
	if (st != CS_OK)
		cs_machine_free(dst);
	return st;
}

void cs_machine_reboot(cs_machine *m)
{
	for (int a = 0; a < CS_AREA_COUNT; a++)
		if (cs_area_table[a].reboot && m->area[a])
			cs_area_table[a].reboot(m, m->area[a]);
	m->w.boot_time = m->w.now;
	m->w.boots++;
	cs_mutated();
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "reboot", NULL);
	cs_obs_rule(o, CS_RULE_MEMORY_REBOOT);
	cs_obs_int(o, "boots", m->w.boots);
}
