/* The synced disallowed-certificate list applied to chains: a certificate
 * listed in the DisallowedCertEncodedCtl CryptSvc last persisted is treated
 * as if it were in the Disallowed store - CERT_TRUST_IS_EXPLICIT_DISTRUST
 * (KB 2677070: the updater "adds known untrusted certificates to the
 * untrusted certificate store by using a CTL that contains either their
 * public key or their signature hash"; H-au-11 for what is modelled). */
#include "model/alloc.h"
#include "model/registry_names.h"
#include <stdlib.h>
#include <string.h>

#include "engine/autoupdate/au_internal.h"
#include "pki/cert.h"
#include "pki/digest.h"
#include "model/profile_chain.h"

typedef struct {
	cs_ctl *ctl; /* NULL: the stored bytes are not a CTL */
} parsed_ctl;

static void parsed_ctl_free(void *p)
{
	parsed_ctl *pc = p;
	cs_ctl_free(pc->ctl);
	free(pc);
}

/* The registry copy, parsed once per run (interned by its SHA-256). NULL
 * when there is none, it does not parse, or memory ran out (then the trace
 * says so: an unrecorded fact must not pass silently). */
static const cs_ctl *stored_ctl(cs_machine *m)
{
	const cs_reg_value *v =
	    cs_reg_get(&m->w.reg, CS_REG_KEY(AU), CS_REG_VALUE(ENCODED_CTL));
	if (!v || v->type != CS_REG_BINARY || !v->len)
		return NULL;
	uint8_t key[32];
	if (!cs_sha256(v->data, v->len, key))
		return NULL;
	parsed_ctl *hit = cs_pool_lookup(m->pool, "au-disctl", key, sizeof key);
	if (hit)
		return hit->ctl;
	parsed_ctl *pc = cs_calloc(1, sizeof *pc);
	char why[200];
	if (!pc) {
		m->w.trace.oom = true;
		return NULL;
	}
	cs_bytes der = {v->data, v->len};
	cs_status st = cs_ctl_parse(der, &pc->ctl, why, sizeof why);
	if (st != CS_OK && !cs_status_is_input(st)) {
		free(pc); /* the machine failed, not the value */
		m->w.trace.oom = true;
		return NULL;
	}
	if (st != CS_OK)
		pc->ctl = NULL; /* a value set by hand may be anything */
	if (pc->ctl && !cs_ctl_has_usage(pc->ctl, CS_OID_DISALLOWED_LIST)) {
		cs_ctl_free(pc->ctl);
		pc->ctl = NULL;
	}
	void *kept;
	if (cs_pool_intern(m->pool, "au-disctl", key, sizeof key, pc,
	                   parsed_ctl_free, &kept) != CS_OK) {
		m->w.trace.oom = true;
		return NULL;
	}
	return ((parsed_ctl *)kept)->ctl;
}

bool cs_disallowed_listed(cs_machine *m, cs_account account,
                          const struct cs_cert *c)
{
	/* Only where CryptSvc syncs the list and the engine has a Disallowed
	 * store (not XP/2003, not Wine 8: RULES.md 3, 7). */
	if (!cs_autoupdate_disallowed_sync_on(m) ||
	    !cs_profile_chain(m->w.profile)->has_disallowed_store)
		return false;
	const cs_ctl *ctl = stored_ctl(m);
	if (!ctl)
		return false;
	/* the entry's identifier is the SHA-1 thumbprint (the list's
	 * subjectAlgorithm); its key-identifier property stands for "their
	 * public key" (KB 2677070): the certificate's key identifier */
	const char *by = NULL;
	if (cs_ctl_find_id(ctl, c->sha1, sizeof c->sha1))
		by = "sha1";
	else if (c->ski.len && cs_ctl_find_key_id(ctl, c->ski.data, c->ski.len))
		by = "key_id";
	if (!by)
		return false;
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
	                           cs_world_account_name(&m->w, account));
	cs_obs_rule(o, CS_RULE_AUTOUPDATE_DISALLOWED_LISTED);
	cs_obs_str(o, "subject", cs_cert_subject(c));
	cs_obs_str(o, "thumbprint_sha1", cs_cert_sha1_hex(c));
	cs_obs_str(o, "matched_by", by);
	return true;
}
