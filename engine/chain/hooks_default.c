/* Default hooks (see engine/chain/hooks.h): what the chain engine does while
 * the revocation and auto-update areas are not linked in. Each function is
 * replaced by its owning area; remove it from engine/chain/meson.build then. */
#include "engine/chain/hooks.h"

/* cs_hook_root_autoupdate: engine/autoupdate/hook_root.c */

cs_status cs_hook_revocation(cs_machine *m, cs_account account,
                             cs_chain_context *ctx, uint32_t flags,
                             unsigned line)
{
	(void)ctx;
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, line, "note",
	                           cs_world_account_name(&m->w, account));
	cs_obs_rule(o, "chain.revocation.not_modelled",
	            "capisim: revocation area not linked");
	cs_obs_hex32(o, "flags", flags);
	return CS_OK;
}
