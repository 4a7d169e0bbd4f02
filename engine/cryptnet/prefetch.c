/* cryptnet's pre-fetch of cached CRLs (see prefetch.h). */
#include "engine/cryptnet/prefetch.h"
#include "model/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "pki/crl.h"
#include "model/horizon.h"
#include "model/profile_revocation.h"

cs_filetime cs_prefetch_time(cs_machine *m, cs_cryptnet_kind kind,
                             cs_bytes body)
{
	const cs_revocation_profile *rp = cs_profile_revocation(m->w.profile);
	if (!rp->prefetch || kind != CS_OBJ_CRL)
		return 0;
	const cs_crl *crl;
	cs_status st = cs_crl_get(m->pool, body, &crl);
	if (st == CS_ERR_NOMEM)
		m->w.trace.oom = true;
	if (st != CS_OK || !crl->next_publish ||
	    crl->next_update == CS_URLCACHE_NEVER ||
	    crl->next_update <= crl->next_publish)
		return 0;
	int64_t period = crl->next_update - crl->next_publish;
	cs_filetime start =
	    crl->next_publish +
	    period / (int64_t)rp->prefetch_after_publish_divisor;
	cs_filetime end =
	    crl->next_update -
	    period / (int64_t)rp->prefetch_before_next_update_divisor;
	/* "Pre-fetching is only enabled if the PreFetchPeriod exceeds this
	 * minimum" (DOC). */
	if (end - start <= rp->prefetch_min_window)
		return 0;
	uint64_t secs = (uint64_t)((end - start) / CS_TICKS_PER_SEC);
	return start +
	       (int64_t)(cs_world_rand(&m->w) % secs) * CS_TICKS_PER_SEC;
}

static bool eligible(const cs_urlcache_entry *e)
{
	return e->prefetch_at && !e->prefetch_exempt && e->used;
}

/* The earliest pre-fetch time of an eligible entry; 0 when none. */
static cs_filetime earliest(const cs_machine *m)
{
	cs_filetime best = 0;
	for (unsigned a = 0; a < m->w.naccounts; a++) {
		const cs_urlcache *c = &m->w.accounts[a].disk_cache;
		for (size_t i = 0; i < c->n; i++)
			if (eligible(&c->entries[i]) &&
			    (!best || c->entries[i].prefetch_at < best))
				best = c->entries[i].prefetch_at;
	}
	return best;
}

static cs_status prefetch_one(cs_machine *m, cs_account a, size_t i)
{
	cs_urlcache *c = &m->w.accounts[a].disk_cache;
	char *url = cs_strdup(c->entries[i].url);
	if (!url)
		return cs_alloc_failed();
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "prefetch",
	                           cs_world_account_name(&m->w, a));
	cs_obs_rule(o, CS_RULE_CRYPTNET_PREFETCH_DUE);
	cs_obs_str(o, "url", url);
	cs_obs_time(o, "scheduled", c->entries[i].prefetch_at);
	cs_cryptnet_request req = {.flags = CS_RETRIEVE_WIRE_ONLY |
	                                    CS_RETRIEVE_PREFETCH,
	                           .purpose = "prefetch"};
	cs_cryptnet_result r;
	cs_status st = cs_cryptnet_retrieve(m, a, url, CS_OBJ_CRL, &req, &r);
	/* Stored copies were rescheduled by the store; a failure is not
	 * retried until the next on-demand download (H-rev-6). */
	cs_urlcache_entry *e = (cs_urlcache_entry *)cs_urlcache_find(c, url);
	if (st == CS_OK && r.outcome != CS_FETCH_OK && e && e->prefetch_at) {
		e->prefetch_at = 0;
		cs_mutated();
	}
	free(url);
	return st;
}

cs_filetime cs_cryptnet_prefetch_next(const cs_machine *m)
{
	const cs_revocation_profile *rp = cs_profile_revocation(m->w.profile);
	int64_t period = rp->prefetch_trigger_period;
	if (!rp->prefetch || period <= 0)
		return CS_NET_FOREVER;
	cs_filetime due = earliest(m);
	if (!due)
		return CS_NET_FOREVER;
	/* Scans run every trigger period since boot; the first one after now
	 * (a scan at now has run already) at or after the due time. Entries a
	 * scan handled are rescheduled unused or unscheduled, so the next
	 * scan always has new work or none. */
	cs_filetime after = due > m->w.now ? due : m->w.now + 1;
	int64_t k = (after - m->w.boot_time + period - 1) / period;
	return m->w.boot_time + k * period;
}

cs_status cs_cryptnet_prefetch_scan(cs_machine *m)
{
	cs_filetime scan = m->w.now;
	for (unsigned a = 0; a < m->w.naccounts; a++) {
		cs_urlcache *c = &m->w.accounts[a].disk_cache;
		for (size_t i = 0; i < c->n; i++) {
			if (!eligible(&c->entries[i]) ||
			    c->entries[i].prefetch_at > scan)
				continue;
			cs_status st = prefetch_one(m, a, i);
			if (st != CS_OK)
				return st;
		}
	}
	return CS_OK;
}
