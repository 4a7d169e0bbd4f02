/* capisim/scenario.h: a parsed scenario and the pool its fixtures live in. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "model/alloc.h"

void capisim_scenario_free(capisim_scenario *s)
{
	if (!s)
		return;
	cs_scenario_free(s->s);
	cs_pool_free(s->pool);
	free(s);
}

static cs_status load(const char *path, const char *name, const char *text,
                      const char *base_dir, capisim_scenario **out, cs_diag *d)
{
	*out = NULL;
	memset(d, 0, sizeof *d);
	capisim_scenario *s = cs_calloc(1, sizeof *s);
	if (!s)
		return cs_alloc_failed();
	char base[4096];
	if (path)
		base_dir = cs_scenario_base_dir(path, base, sizeof base);
	cs_status st = cs_pool_new(&s->pool, base_dir ? base_dir : ".");
	if (st == CS_OK)
		st = path ? cs_scenario_parse_file(&s->s, path, s->pool, d)
		          : cs_scenario_parse_string(&s->s, name, text, s->pool,
		                                     d);
	if (st != CS_OK) {
		if (st == CS_ERR_NOMEM && !d->msg[0])
			cs_diag_set(d, "", 0, 0, "out of memory");
		capisim_scenario_free(s);
		return st;
	}
	*out = s;
	return CS_OK;
}

cs_status capisim_scenario_load(const char *path, capisim_scenario **out,
                                cs_diag *d)
{
	return load(path, NULL, NULL, NULL, out, d);
}

cs_status capisim_scenario_parse(const char *name, const char *text,
                                 const char *base_dir, capisim_scenario **out,
                                 cs_diag *d)
{
	return load(NULL, name, text, base_dir, out, d);
}

void capisim_scenario_span(const capisim_scenario *s, cs_filetime *start,
                           cs_filetime *end)
{
	if (start)
		*start = s->s->start;
	if (end)
		*end = s->s->end;
}
