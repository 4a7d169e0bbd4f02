/* A run's tables, carved from one block a caller may keep (workspace.h). */
#include "sim/scenario/workspace.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "model/alloc.h"

static size_t round_up(size_t n)
{
	const size_t a = alignof(max_align_t);
	return (n + a - 1) / a * a;
}

void cs_run_workspace_free(cs_run_workspace *ws)
{
	free(ws->block);
	cs_agenda_free(&ws->agenda);
	ws->block = NULL;
	ws->cap = 0;
}

cs_status cs_run_workspace_take(cs_run_workspace *ws, const size_t *sizes,
                                size_t n, void **ptrs)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		size_t r = round_up(sizes[i]);
		if (r < sizes[i] || total + r < total)
			return CS_ERR_LIMIT;
		total += r;
	}
	if (total > ws->cap) {
		void *b = cs_malloc(total);
		if (!b)
			return cs_alloc_failed();
		free(ws->block);
		ws->block = b;
		ws->cap = total;
	}
	/* what a run wrote last time is cleared, as calloc would be */
	if (total)
		memset(ws->block, 0, total);
	char *p = ws->block;
	for (size_t i = 0; i < n; i++) {
		ptrs[i] = p;
		p += round_up(sizes[i]);
	}
	return CS_OK;
}
