/* Root auto-update for a chain being built (cs_autoupdate_install_root,
 * autoupdate.h): ask authroot.stl about the path's top, and install a
 * listed root into the machine's AuthRoot store (RULES.md 6). */
#include <stdio.h>

#include "engine/autoupdate/autoupdate.h"
#include "pki/cert.h"
#include "pki/usage_prop.h"
#include "model/event_catalog.h"

cs_status cs_autoupdate_install_root(cs_machine *m, cs_account account,
                                     const cs_chain_context *ctx,
                                     const struct cs_cert *top, bool *rebuild)
{
	*rebuild = false;
	cs_au_root_query q = {.chain_flags = ctx->flags,
	                      .fresh_process = ctx->short_lived_process};
	if (top->self_issued && top->self_signed_sig) {
		q.sha1 = top->sha1; /* an untrusted self-signed root */
	} else {
		/* the top's issuer was not found: look for it by key id and
		 * by the MD5 of its name */
		q.key_id = top->aki_keyid.data;
		q.key_id_len = top->aki_keyid.len;
		q.issuer_name_der = top->issuer_der.data;
		q.issuer_name_len = top->issuer_der.len;
	}
	cs_au_root_result r;
	cs_status st = cs_autoupdate_find_root(m, account, &q, &r);
	if (st != CS_OK || r.outcome != CS_AU_FOUND)
		return st;
	const struct cs_cert *root = NULL;
	cs_diag d = {0};
	st = cs_cert_from_der(m->pool, r.root_der, &root, &d);
	if (st == CS_ERR_FORMAT) {
		cs_obs *o =
		    cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
		                   cs_world_account_name(&m->w, account));
		cs_obs_rule(o, CS_RULE_AUTOUPDATE_ROOT_UNPARSABLE);
		char why[CS_DIAG_MSG + 32];
		cs_obs_str(o, "detail", cs_diag_detail(&d, why, sizeof why));
		return CS_OK;
	}
	if (st != CS_OK)
		return st;
	cs_store *authroot = &m->w.machine_stores[CS_STORE_AUTHROOT];
	st = cs_store_add(authroot, root);
	/* The STL entry's properties go with it (RULES.md 6). */
	if (st == CS_OK && r.eku_prop)
		st = cs_store_set_eku_prop(authroot, root, r.eku_prop);
	if (st != CS_OK)
		return st;
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
	                           cs_world_account_name(&m->w, account));
	cs_obs_rule(o, CS_RULE_AUTOUPDATE_ROOT_INSTALLED);
	cs_obs_str(o, "store", "AuthRoot");
	cs_obs_str(o, "subject", cs_cert_subject(root));
	cs_obs_str(o, "sha1", r.sha1_hex);
	char eku[256];
	if (r.eku_prop)
		cs_obs_str(o, "eku_property",
		           cs_usage_text(r.eku_prop, eku, sizeof eku));
	else if (r.eku_prop_unreadable)
		cs_obs_str(o, "eku_property", "unreadable (left unset)");
	const char *args[2] = {cs_cert_subject(root), r.sha1_hex};
	*rebuild = true;
	return cs_event_emit(m, CS_EV_AU_ROOT_INSTALLED, args, 2);
}
