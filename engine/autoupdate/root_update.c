/* Root auto-update on demand: authroot.stl from the account's memory copy,
 * its disk copy or the wire; verified at now; the listed root fetched from
 * <RootDirUrl><SHA1>.crt (RULES.md 6, SEED 000/001). */
#include "model/error.h"
#include "model/registry_names.h"
#include "model/hresult.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/autoupdate/au_internal.h"
#include "engine/cryptnet/process.h"
#include "model/alloc.h"
#include "model/horizon.h"
#include "pki/digest.h"
#include "pki/usage_prop.h"
#include "model/profile_chain.h"

static const char *const outcome_names[] = {
#define CS_AU_OUTCOME_NAME(id, name) name,
    CS_AU_OUTCOMES(CS_AU_OUTCOME_NAME)
#undef CS_AU_OUTCOME_NAME
};

const char *cs_au_outcome_name(cs_au_outcome o)
{
	return outcome_names[o];
}

/* ChainCacheResyncFiletime, clamped to now (RULES.md 3); 0 when unset. */
static cs_filetime resync_time(cs_machine *m)
{
	cs_filetime t = 0;
	/* the same switch as the chain cache's: XP has no such value */
	if (!cs_profile_chain(m->w.profile)->honours_cache_resync_filetime ||
	    !cs_reg_get_filetime(&m->w.reg, CS_REG_KEY(CHAIN_CONFIG),
	                         CS_REG_VALUE(CHAIN_CACHE_RESYNC), &t))
		return 0;
	/* a future value moves with the clock: the answer is the clock's */
	if (t > m->w.now) {
		cs_horizon_exact(&m->w);
		return m->w.now;
	}
	return t;
}

static void cache_obs(cs_machine *m, cs_account acct, cs_rule_id rule,
                      const char *url, const char *copy, cs_filetime fetched)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "cache",
	                           au_account_name(m, acct));
	cs_obs_rule(o, rule);
	cs_obs_str(o, "url", url);
	cs_obs_str(o, "copy", copy);
	if (strcmp(copy, "memory") == 0) /* whose memory */
		cs_obs_str(o, "process", cs_process_name(m, acct));
	if (fetched)
		cs_obs_time(o, "downloaded", fetched);
}

/* The cabinet bytes acct's process uses now: memory, disk, then wire.
 * from is NULL when the wire failed (event 3 logged, *err set). */
/* The copy slot of acct's current process; a one-shot process (certutil
 * -verify) gets a scratch slot it does not keep. NULL when memory ran out. */
static au_mem_copy *process_copy(cs_machine *m, cs_account acct, bool fresh,
                                 au_mem_copy *scratch)
{
	*scratch = (au_mem_copy){0};
	if (fresh)
		return scratch;
	const cs_cryptnet_process *p = cs_cryptnet_process_of(m, acct);
	if (!p)
		return NULL;
	au_mem_copy *v = au_state_of(m)->stl, *free_slot = NULL, *oldest = v;
	for (size_t i = 0; i < AU_PROCESS_COPIES; i++) {
		if (v[i].generation == p->generation)
			return &v[i];
		if (!v[i].generation && !free_slot)
			free_slot = &v[i];
		if (v[i].generation < oldest->generation)
			oldest = &v[i];
	}
	au_mem_copy *slot = free_slot ? free_slot : oldest;
	*slot = (au_mem_copy){.generation = p->generation};
	cs_mutated();
	return slot;
}

static cs_status stl_copy(cs_machine *m, cs_account acct, bool fresh,
                          const char *url, cs_bytes *cab, const char **from,
                          uint32_t *err)
{
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	au_mem_copy scratch;
	au_mem_copy *mem = process_copy(m, acct, fresh, &scratch);
	if (!mem)
		return cs_alloc_failed();
	unsigned gen = mem->generation;
	cs_filetime now = m->w.now;
	*from = NULL;
	*err = 0;
	if (mem->present) {
		cs_filetime resync = resync_time(m);
		bool aged = ap->stl_memory_copy_ages_out &&
		            !cs_now_before(&m->w, mem->fetched +
		                                      ap->stl_cache_lifetime);
		if (resync && mem->loaded < resync) {
			cache_obs(m, acct,
			          CS_RULE_AUTOUPDATE_STL_MEMORY_RESYNC_DROPPED,
			          url, "memory", mem->fetched);
			mem->present = false;
			cs_mutated();
		} else if (aged) {
			cache_obs(m, acct,
			          CS_RULE_AUTOUPDATE_STL_MEMORY_EXPIRED, url,
			          "memory", mem->fetched);
			mem->present = false;
			cs_mutated();
		} else {
			cache_obs(m, acct, CS_RULE_AUTOUPDATE_STL_MEMORY_HIT,
			          url, "memory", mem->fetched);
			*cab = mem->cab;
			*from = "memory";
			return CS_OK;
		}
	}
	cs_urlcache *disk = &m->w.accounts[acct].disk_cache;
	const cs_urlcache_entry *e = cs_urlcache_find(disk, url);
	if (e && !cs_now_before(&m->w, e->expires))
		e = NULL;
	if (e) {
		cache_obs(m, acct, CS_RULE_AUTOUPDATE_STL_DISK_HIT, url, "disk",
		          e->fetched);
		*mem = (au_mem_copy){
		    gen, true, e->content, e->content_name, e->fetched, now};
		cs_mutated();
		*cab = e->content;
		*from = "disk";
		return CS_OK;
	}
	const cs_urlcache_entry *old = cs_urlcache_find(disk, url);
	cache_obs(m, acct,
	          old ? CS_RULE_AUTOUPDATE_STL_DISK_EXPIRED
	              : CS_RULE_AUTOUPDATE_STL_MISS,
	          url, "disk", old ? old->fetched : 0);
	/* cryptnet writes the account's CryptnetUrlCache entry, offered for
	 * the profile's lifetime (SEED 000: "cached 7 days after download";
	 * `certutil -urlcache * delete` removes it). */
	au_fetch f;
	cs_status st = au_fetch_url(
	    m, acct, url, true, now + ap->stl_cache_lifetime, "autoupdate", &f);
	if (st != CS_OK)
		return st;
	if (!f.ok) {
		*err = f.error;
		return au_event_error(m, CS_EV_AU_ROOT_LIST_RETRIEVE_FAILED,
		                      url, f.error);
	}
	*mem = (au_mem_copy){gen, true, f.body, f.body_name, now, now};
	cs_mutated();
	*cab = f.body;
	*from = "wire";
	if (ap->log_retrieval_success)
		return au_event_url(m, CS_EV_AU_ROOT_LIST_RETRIEVED, url);
	return CS_OK;
}

static bool disabled(cs_machine *m, const cs_au_root_query *q, const char **why)
{
	uint32_t v = 0;
	if (!cs_profile_autoupdate(m->w.profile)->root_auto_update)
		*why = "profile has no root auto-update";
	else if (q->chain_flags & 0x100u) /* DISABLE_AUTH_ROOT_AUTO_UPDATE */
		*why = "CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE";
	else if (cs_reg_get_dword(&m->w.reg, CS_REG_KEY(AU_POLICY),
	                          CS_REG_VALUE(DISABLE_ROOT_AUTO_UPDATE), &v) &&
	         v != 0)
		*why = "policy DisableRootAutoUpdate";
	else
		return false;
	return true;
}

static const cs_ctl_entry *lookup(const cs_ctl *ctl, const cs_au_root_query *q,
                                  const char **by)
{
	const cs_ctl_entry *e = NULL;
	if (q->sha1 && (e = cs_ctl_find_id(ctl, q->sha1, 20)))
		*by = "sha1";
	else if (q->key_id_len &&
	         (e = cs_ctl_find_key_id(ctl, q->key_id, q->key_id_len)))
		*by = "key_id";
	else if (q->issuer_name_der) {
		uint8_t md5[16];
		if (cs_md5(q->issuer_name_der, q->issuer_name_len, md5) &&
		    (e = cs_ctl_find_name_md5(ctl, md5)))
			*by = "subject_name_md5";
	}
	return e;
}

static void verdict_obs(cs_machine *m, cs_account acct, const char *url,
                        const char *from, const cs_ctl_verdict *v,
                        const char *why)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
	                           au_account_name(m, acct));
	bool ok = !why && v->code == CS_CTL_OK;
	/* A signer past its validity is incident A's rejection (SEED 000);
	 * any other is the general one KB 2328240 describes. */
	cs_obs_rule(o, ok ? CS_RULE_AUTOUPDATE_STL_VERIFIED
	               : v && v->code == CS_CTL_SIGNER_NOT_TIME_VALID
	                   ? CS_RULE_AUTOUPDATE_STL_REJECTED
	                   : CS_RULE_AUTOUPDATE_STL_INVALID);
	cs_obs_str(o, "url", url);
	cs_obs_str(o, "copy", from);
	if (why) {
		cs_obs_str(o, "verdict", "unreadable");
		cs_obs_str(o, "detail", why);
		return;
	}
	cs_obs_str(o, "verdict", cs_ctl_verdict_name(v->code));
	if (v->code != CS_CTL_OK) {
		cs_obs_hresult(o, "error", v->hresult);
		cs_obs_str(o, "detail", v->detail);
	}
	if (v->signer[0])
		cs_obs_str(o, "signer", v->signer);
}

cs_status cs_autoupdate_find_root(cs_machine *m, cs_account acct,
                                  const cs_au_root_query *q,
                                  cs_au_root_result *out)
{
	memset(out, 0, sizeof *out);
	const char *why = NULL;
	if (disabled(m, q, &why)) {
		out->outcome = CS_AU_DISABLED;
		cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
		                           au_account_name(m, acct));
		cs_obs_rule(o, CS_RULE_AUTOUPDATE_ROOT_DISABLED);
		cs_obs_str(o, "why", why);
		return CS_OK;
	}
	char dir[CS_REG_DATA_MAX], url[CS_REG_DATA_MAX + 64];
	cs_autoupdate_root_dir(m, dir, sizeof dir);
	snprintf(url, sizeof url, "%s%s", dir, CS_AU_STL_CAB);

	cs_bytes cab;
	cs_status st = stl_copy(m, acct, q->fresh_process, url, &cab,
	                        &out->stl_from, &out->error);
	if (st != CS_OK || !out->stl_from) {
		out->outcome = CS_AU_STL_UNAVAILABLE;
		return st;
	}
	const au_parsed *p;
	if ((st = au_parse_cab(m, cab, CS_AU_STL_MEMBER, &p)) != CS_OK)
		return st;
	cs_ctl_verdict v = {0};
	if (p->ctl && (st = au_verify_ctl(m, acct, p, CS_OID_ROOT_LIST_SIGNER,
	                                  &v)) != CS_OK)
		return st;
	verdict_obs(m, acct, url, out->stl_from, p->ctl ? &v : NULL,
	            p->ctl ? NULL : p->why);
	if (!p->ctl || v.code != CS_CTL_OK) {
		/* SEED 001: logged, and processing continues without the
		 * root. */
		out->outcome = CS_AU_STL_REJECTED;
		out->error = p->ctl ? v.hresult : p->error;
		return au_event_error(m, CS_EV_AU_ROOT_LIST_EXTRACT_FAILED, url,
		                      out->error);
	}
	const char *by = NULL;
	const cs_ctl_entry *e = lookup(p->ctl, q, &by);
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
	                           au_account_name(m, acct));
	cs_obs_rule(o, e ? CS_RULE_AUTOUPDATE_ROOT_LISTED
	                 : CS_RULE_AUTOUPDATE_ROOT_NOT_LISTED);
	if (!e) {
		out->outcome = CS_AU_NOT_LISTED;
		return CS_OK;
	}
	for (size_t i = 0; i < e->idlen && i < 20; i++)
		snprintf(out->sha1_hex + 2 * i, 3, "%02X", e->id[i]);
	cs_obs_str(o, "sha1", out->sha1_hex);
	cs_obs_str(o, "matched_by", by);

	char crt[CS_REG_DATA_MAX + 64];
	snprintf(crt, sizeof crt, "%s%s.crt", dir, out->sha1_hex);
	/* The root goes into AuthRoot; the download itself is not kept. */
	au_fetch f;
	if ((st = au_fetch_url(m, acct, crt, false, 0, "autoupdate", &f)) !=
	    CS_OK)
		return st;
	if (f.ok) {
		/* the file must be the certificate the list names */
		uint8_t sha1[20];
		if (!cs_sha1(f.body.data, f.body.len, sha1))
			CS_BAIL(CS_ERR_INTERNAL);
		if (e->idlen != 20 || memcmp(sha1, e->id, 20) != 0) {
			f.ok = false;
			f.error = CS_CRYPT_E_HASH_VALUE;
		}
	}
	if (!f.ok) {
		out->outcome = CS_AU_ROOT_UNAVAILABLE;
		out->error = f.error;
		return au_event_error(m, CS_EV_AU_ROOT_RETRIEVE_FAILED, crt,
		                      f.error);
	}
	out->outcome = CS_AU_FOUND;
	out->root_der = f.body;
	if (e->eku_prop) {
		char bad_eku[160];
		st = cs_usage_from_der(m->pool,
		                       (cs_bytes){e->eku_prop, e->eku_prop_len},
		                       &out->eku_prop, bad_eku, sizeof bad_eku);
		if (st == CS_ERR_FORMAT)
			out->eku_prop_unreadable = true;
		else if (st != CS_OK)
			return st;
	}
	if (cs_profile_autoupdate(m->w.profile)->log_retrieval_success)
		return au_event_url(m, CS_EV_AU_ROOT_RETRIEVED, crt);
	return CS_OK;
}
