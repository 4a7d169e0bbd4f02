/* Boot memos (see boot_reuse.h); the runner (runner.c) records and replays
 * them. */
#include "sim/scenario/boot_reuse.h"

#include "model/mutation.h"

void cs_boot_memo_free(cs_boot_memo *b, cs_trace *tr)
{
	if (!b)
		return;
	cs_step_memo_free(&b->cold, tr);
	cs_step_memo_free(&b->warm, tr);
	b->valid = false;
}

bool cs_boot_memo_matches(const cs_boot_memo *b, const cs_machine *m)
{
	return b->valid && b->cold.valid && b->warm.valid &&
	       b->profile == m->w.profile && b->world == cs_mutation_world &&
	       b->other == cs_mutation_other() && m->w.now >= b->cold.t &&
	       m->w.now < b->cold.horizon;
}
