/* The staleness rule's place in a chain build: cs_chain_get calls it after
 * revocation (cs_revocation_check_chain) has set the elements' bits. */
#include "engine/autoupdate/autoupdate.h"
#include "engine/chain/chain.h"

cs_status cs_autoupdate_revocation_stale(cs_machine *m, cs_chain_context *ctx,
                                         uint32_t flags)
{
	uint32_t bits = 0;
	cs_status st = cs_disallowed_stale_check(m, ctx->account, flags, &bits);
	if (st != CS_OK || !bits)
		return st;
	/* RULES.md 7: which elements carry the bits is a PARAMETER; SEED 004
	 * shows them on the simple chain (H-au-6). */
	switch (cs_profile_autoupdate(m->w.profile)->stale_bits_scope) {
	case CS_AU_STALE_BITS_ALL_ELEMENTS:
		for (size_t i = 0; i < ctx->chain.n; i++)
			ctx->chain.elements[i].error_status |= bits;
		break;
	case CS_AU_STALE_BITS_END_ELEMENT:
		if (ctx->chain.n)
			ctx->chain.elements[0].error_status |= bits;
		break;
	case CS_AU_STALE_BITS_SIMPLE_CHAIN:
		break;
	}
	ctx->chain.error_status |= bits;
	ctx->error_status |= bits;
	return CS_OK;
}
