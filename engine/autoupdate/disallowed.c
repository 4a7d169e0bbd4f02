/* The disallowed-certificate list: CryptSvc's sync and the chain engine's
 * 24-hour staleness rule (RULES.md 7, SEED 004). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/autoupdate/au_internal.h"
#include "model/registry_names.h"
#include "model/hresult.h"
#include "model/horizon.h"

/* REVOCATION_STATUS_UNKNOWN | IS_OFFLINE_REVOCATION (RULES.md 2). */
#define STALE_BITS 0x01000040u

static uint32_t sync_delta_s(const cs_machine *m)
{
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	uint32_t d = ap->disallowed_sync_delta_s;
	uint32_t v;
	if (cs_reg_get_dword(&m->w.reg, CS_REG_KEY(AU),
	                     CS_REG_VALUE(SYNC_DELTA), &v))
		d = v;
	return d < ap->disallowed_sync_delta_floor_s
	           ? ap->disallowed_sync_delta_floor_s
	           : d;
}

int64_t cs_disallowed_stale_window(const cs_machine *m)
{
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	return (int64_t)sync_delta_s(m) * CS_TICKS_PER_SEC *
	       ap->stale_factor_num / ap->stale_factor_den;
}

bool cs_disallowed_last_sync(const cs_machine *m, cs_account acct,
                             cs_filetime *out)
{
	char hkcu[CS_REG_PATH_MAX];
	cs_filetime lm = 0, cu = 0;
	bool has_lm = cs_reg_get_filetime(&m->w.reg, CS_REG_KEY(AU),
	                                  CS_REG_VALUE(LAST_SYNC), &lm);
	bool has_cu =
	    cs_reg_canon(CS_REG_KEY(AU_USER), au_account_name(m, acct), hkcu) ==
	        CS_OK &&
	    cs_reg_get_filetime(&m->w.reg, hkcu, CS_REG_VALUE(LAST_SYNC), &cu);
	if (!has_lm && !has_cu)
		return false;
	/* I_CertGetAutoUpdateLastSyncTime: the newer of the two (SEED 004) */
	cs_filetime t = !has_cu || (has_lm && lm > cu) ? lm : cu;
	*out = t > m->w.now ? m->w.now : t; /* a future value clamps to now */
	return true;
}

/* "Tuesday, March 14, 2023 6:02:02 PM" in UTC (H-au-10): the English
 * long date and time Event Viewer shows; capisim has no local time. */
static void effective_date(cs_filetime t, char *buf, size_t len)
{
	static const char *const days[] = {"Monday",   "Tuesday", "Wednesday",
	                                   "Thursday", "Friday",  "Saturday",
	                                   "Sunday"};
	static const char *const months[] = {"January", "February", "March",
	                                     "April",   "May",      "June",
	                                     "July",    "August",   "September",
	                                     "October", "November", "December"};
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	/* 1601-01-01 was a Monday */
	int64_t wd = (t / CS_TICKS_PER_DAY) % 7;
	int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
	snprintf(buf, len, "%s, %s %d, %d %d:%02d:%02d %s", days[wd],
	         months[c.month - 1], c.day, c.year, h12, c.min, c.sec,
	         c.hour < 12 ? "AM" : "PM");
}

static void sync_obs(cs_machine *m, cs_account svc, cs_rule_id rule,
                     const char *why, const cs_au_sync_result *r,
                     const char *detail)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
	                           au_account_name(m, svc));
	cs_obs_rule(o, rule);
	cs_obs_str(o, "service", "CryptSvc");
	cs_obs_str(o, "why", why);
	cs_obs_bool(o, "persisted", r->persisted);
	if (r->error)
		cs_obs_hresult(o, "error", r->error);
	if (detail)
		cs_obs_str(o, "detail", detail);
}

static cs_status write_values(cs_machine *m, cs_account svc, cs_bytes stl,
                              uint32_t *err)
{
	cs_registry *reg = &m->w.reg;
	/* RegCreateKey on AutoUpdate is where SEED 004's ProcMon saw ACCESS
	 * DENIED: nothing is written after it fails. */
	cs_status st = cs_reg_create_key(reg, svc, CS_REG_KEY(AU));
	uint8_t ft[8];
	for (int i = 0; i < 8; i++)
		ft[i] = (uint8_t)((uint64_t)m->w.now >> (8 * i));
	if (st == CS_OK) {
		st = cs_reg_set(reg, svc, CS_REG_KEY(AU),
		                CS_REG_VALUE(ENCODED_CTL), CS_REG_BINARY,
		                stl.data, stl.len);
		if (st == CS_ERR_LIMIT) {
			/* the model's registry bounds a value's size; the
			 * time is what the rules read */
			cs_obs *o =
			    cs_trace_begin(&m->w.trace, m->w.now, "note",
			                   au_account_name(m, svc));
			cs_obs_rule(
			    o, CS_RULE_AUTOUPDATE_DISALLOWED_CTL_NOT_STORED);
			cs_obs_int(o, "bytes", (int64_t)stl.len);
			st = CS_OK;
		}
	}
	if (st == CS_OK)
		st = cs_reg_set(reg, svc, CS_REG_KEY(AU),
		                CS_REG_VALUE(LAST_SYNC), CS_REG_BINARY, ft,
		                sizeof ft);
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "registry",
	                           au_account_name(m, svc));
	cs_obs_rule(o, st == CS_ERR_ACCESS_DENIED
	                   ? CS_RULE_AUTOUPDATE_DISALLOWED_WRITE_DENIED
	                   : CS_RULE_AUTOUPDATE_DISALLOWED_WRITE);
	cs_obs_str(o, "key", CS_REG_KEY(AU));
	cs_obs_str(o, "value", CS_REG_VALUE(LAST_SYNC));
	cs_obs_str(o, "result", cs_status_str(st));
	if (st == CS_ERR_ACCESS_DENIED) {
		*err = CS_E_ACCESSDENIED;
		return CS_OK;
	}
	if (st == CS_OK)
		cs_obs_time(o, "data", m->w.now);
	return st;
}

cs_status cs_disallowed_sync(cs_machine *m, const char *why,
                             cs_au_sync_result *out)
{
	memset(out, 0, sizeof *out);
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	cs_account svc = ap->cryptsvc_account;
	if (!cs_autoupdate_disallowed_sync_on(m)) {
		sync_obs(m, svc, CS_RULE_AUTOUPDATE_DISALLOWED_NOT_IN_PROFILE,
		         why, out, NULL);
		return CS_OK;
	}
	out->attempted = true;
	char dir[CS_REG_DATA_MAX], url[CS_REG_DATA_MAX + 64];
	cs_autoupdate_root_dir(m, dir, sizeof dir);
	snprintf(url, sizeof url, "%s%s", dir, CS_AU_DIS_CAB);
	/* What CryptSvc keeps is the registry copy (DisallowedCertEncodedCtl),
	 * not a URL cache entry (H-au-12). */
	au_fetch f;
	cs_status st =
	    au_fetch_url(m, svc, url, true, 0, "disallowed-sync", &f);
	if (st != CS_OK)
		return st;
	if (!f.ok) {
		out->error = f.error;
		sync_obs(m, svc, CS_RULE_AUTOUPDATE_DISALLOWED_FETCH_FAILED,
		         why, out, NULL);
		return CS_OK;
	}
	out->fetched = true;
	const au_parsed *p;
	st = au_parse_cab(m, f.body, CS_AU_DIS_MEMBER, &p);
	if (st != CS_OK)
		return st;
	cs_ctl_verdict v = {0};
	if (p->ctl && (st = au_verify_ctl(m, svc, p, CS_OID_DISALLOWED_LIST,
	                                  &v)) != CS_OK)
		return st;
	if (!p->ctl || v.code != CS_CTL_OK) {
		out->error = p->ctl ? v.hresult : p->error;
		sync_obs(m, svc, CS_RULE_AUTOUPDATE_DISALLOWED_CTL_REJECTED,
		         why, out, p->ctl ? v.detail : p->why);
		return CS_OK;
	}
	out->verified = true;
	/* DisallowedCertEncodedCtl holds the signed STL, not the cabinet */
	st = write_values(m, svc, p->stl, &out->error);
	if (st != CS_OK)
		return st;
	out->persisted = out->error == 0;
	sync_obs(m, svc,
	         out->persisted ? CS_RULE_AUTOUPDATE_DISALLOWED_SYNCED
	                        : CS_RULE_AUTOUPDATE_DISALLOWED_NOT_PERSISTED,
	         why, out, NULL);
	if (!out->persisted)
		return CS_OK;
	char date[80];
	effective_date(p->ctl->this_update, date, sizeof date);
	const char *args[1] = {date};
	return cs_event_emit(m, CS_EV_AU_DISALLOWED_LIST_UPDATED, args, 1);
}

void cs_cryptsvc_set_running(cs_machine *m, bool running)
{
	au_state *s = au_state_of(m);
	if (running && !s->cryptsvc_running)
		s->next_sync = m->w.now; /* a starting service syncs (H-au-9) */
	if (!running)
		s->next_sync = CS_NET_FOREVER;
	s->cryptsvc_running = running;
	cs_mutated();
}

bool cs_cryptsvc_running(const cs_machine *m)
{
	const au_state *s = m->area[CS_AREA_AUTOUPDATE];
	return s && s->cryptsvc_running;
}

cs_filetime cs_autoupdate_next_due(const cs_machine *m)
{
	const au_state *s = m->area[CS_AREA_AUTOUPDATE];
	if (!s || !s->cryptsvc_running || !cs_autoupdate_disallowed_sync_on(m))
		return CS_NET_FOREVER;
	return s->next_sync;
}

cs_status cs_autoupdate_run_due(cs_machine *m)
{
	au_state *s = au_state_of(m);
	if (cs_autoupdate_next_due(m) > m->w.now)
		return CS_OK;
	cs_au_sync_result r;
	cs_status st = cs_disallowed_sync(m, "scheduled", &r);
	/* every DisallowedCertSyncDeltaTime seconds, failed or not */
	s->next_sync = m->w.now + (int64_t)sync_delta_s(m) * CS_TICKS_PER_SEC;
	cs_mutated();
	return st;
}

cs_status cs_disallowed_stale_check(cs_machine *m, cs_account acct,
                                    uint32_t chain_flags, uint32_t *bits)
{
	*bits = 0;
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	/* CERT_CHAIN_REVOCATION_CHECK_END_CERT | _CHAIN | _CHAIN_EXCLUDE_ROOT
	 */
	if (!cs_autoupdate_disallowed_sync_on(m) ||
	    !(chain_flags & 0x70000000u))
		return CS_OK;
	cs_filetime last;
	if (!cs_disallowed_last_sync(m, acct, &last))
		return CS_OK; /* never synced: no CTL to be stale (H-au-8) */
	if (last == m->w.now)
		cs_horizon_exact(&m->w); /* perhaps a future value, clamped */
	int64_t window = cs_disallowed_stale_window(m);
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
	                           au_account_name(m, acct));
	if (cs_now_before(&m->w, last + window)) { /* the 24-hour window */
		cs_obs_rule(o, CS_RULE_AUTOUPDATE_DISALLOWED_FRESH);
		cs_obs_time(o, "last_sync", last);
		return CS_OK;
	}
	cs_obs_rule(o, CS_RULE_AUTOUPDATE_DISALLOWED_STALE);
	cs_obs_time(o, "last_sync", last);
	cs_obs_int(o, "window_seconds", window / CS_TICKS_PER_SEC);
	au_state *s = au_state_of(m);
	const char *no_refresh = NULL;
	if (chain_flags & 0x80000000u) /* REVOCATION_CHECK_CACHE_ONLY */
		no_refresh = "CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY";
	else if (s->refresh_failed &&
	         cs_now_before(&m->w, s->refresh_failed_at +
	                                  ap->stale_refresh_backoff))
		no_refresh = "backing off after a failed refresh";
	bool persisted = false;
	if (no_refresh) {
		o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
		                   au_account_name(m, acct));
		cs_obs_rule(o, CS_RULE_AUTOUPDATE_DISALLOWED_NO_REFRESH);
		cs_obs_str(o, "why", no_refresh);
	} else {
		cs_au_sync_result r;
		cs_status st = cs_disallowed_sync(m, "chain refresh", &r);
		if (st != CS_OK)
			return st;
		persisted = r.persisted;
		s->refresh_failed = !persisted;
		s->refresh_failed_at = m->w.now;
		cs_mutated();
	}
	if (persisted)
		return CS_OK;
	*bits = STALE_BITS;
	o = cs_trace_begin(&m->w.trace, m->w.now, "autoupdate",
	                   au_account_name(m, acct));
	cs_obs_rule(o, CS_RULE_AUTOUPDATE_DISALLOWED_CTL_NOT_TIME_VALID);
	cs_obs_hex32(o, "error_status", STALE_BITS);
	return CS_OK;
}
