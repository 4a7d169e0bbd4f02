/* engine/cryptnet pre-fetch, the OCSP->CRL switch, the freshness time and
 * CRLValidityExtensionPeriod: one test per rule, with edge rows.
 *
 * Fixture times (openssl crl -text): basic/crl/intermediate.crl ThisUpdate
 * 2024-12-30 NextUpdate 2025-01-06, basic/crl/intermediate+.crl ThisUpdate
 * 2024-12-31 NextUpdate 2025-01-02 (both 00:00:00Z); incident-c-2014
 * crl-1w/base-20140407T0000Z.crl ThisUpdate 04-06 23:50, Next CRL Publish
 * 04-14 00:00, NextUpdate 04-14 12:10; crl-1h/base-20140410T1000Z.crl Next
 * CRL Publish 11:00, NextUpdate 11:16. Expected values: RULES.md 4, the
 * formulas of DOC "Crypt32 certificate revocation list (CRL) semantics" and
 * wincrypt.h (CRYPTNET_PRE_FETCH_*, CRYPTNET_CACHED_OCSP_SWITCH_TO_CRL_COUNT
 * _DEFAULT 50, CERT_TRUST_HAS_CRL_VALIDITY_EXTENDED 0x1000), CERT_CHAIN_PARA
 * (dwRevocationFreshnessTime). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "rev_testkit.h"
#include "pki/cert.h"
#include "engine/autoupdate/autoupdate.h"
#include "engine/cryptnet/prefetch.h"
#include "engine/cryptnet/process.h"
#include "engine/cryptnet/retrieve.h"
#include "sim/scenario/agenda.h"
#include "engine/revocation/revocation.h"

#define CDP   "http://pki.capisim.test/crl/intermediate.crl"
#define DELTA "http://pki.capisim.test/crl/intermediate+.crl"
#define OCSP  "http://ocsp.capisim.test/"
#define C_CDP "http://win-msprl0t325o/CertEnroll/XXX-CA(1).crl"
#define C_AIA "http://win-msprl0t325o/CertEnroll/WIN-MSPRL0T325O_XXX-CA(1).crt"

#define UNKNOWN_OFFLINE   0x01000040u /* RULES.md 4 (Windows) */
#define VALIDITY_EXTENDED 0x00001000u /* wincrypt.h */

static cs_pool *pool;
static cs_machine m;

static cs_filetime at(const char *iso)
{
	return rt_at(iso);
}

static const struct cs_cert *cert(const char *path)
{
	return rt_cert(pool, path);
}

static void serve_from(const char *url, const char *path, cs_filetime from)
{
	rt_serve(&m, pool, url, path, from, 0);
}

static void serve(const char *url, const char *path)
{
	serve_from(url, path, 0);
}

static void boot(const char *profile, const char *now)
{
	ck_assert(cs_pool_new(&pool, rt_fixtures()) == CS_OK);
	ck_assert(cs_machine_init(&m, pool, cs_profile_find(profile), at(now),
	                          true) == CS_OK);
}

static void teardown(void)
{
	cs_machine_free(&m);
	cs_pool_free(pool);
	pool = NULL;
}

static cs_revocation_outcome check_call(const struct cs_cert *c,
                                        const struct cs_cert *issuer,
                                        cs_revocation_call *call)
{
	cs_cryptnet_budget b;
	cs_cryptnet_budget_init(&b, &m, false);
	call->budget = &b;
	if (!call->verify_time)
		call->verify_time = m.w.now;
	cs_revocation_outcome out;
	ck_assert(cs_revocation_check_element(&m, CS_ACCOUNT_SYSTEM, c, issuer,
	                                      call, &out) == CS_OK);
	return out;
}

static cs_revocation_outcome check(const struct cs_cert *c,
                                   const struct cs_cert *issuer)
{
	cs_revocation_call call = {0};
	return check_call(c, issuer, &call);
}

static int wire_fetches(const char *url, size_t since, const char *purpose)
{
	return rt_wire_fetches(&m, url, since, purpose);
}

static bool rule_fired(const char *rule, size_t since)
{
	for (size_t i = since; i < m.w.trace.n; i++)
		if (m.w.trace.obs[i].rule &&
		    strcmp(m.w.trace.obs[i].rule, rule) == 0)
			return true;
	return false;
}

static const cs_urlcache_entry *disk_entry(const char *url)
{
	return cs_urlcache_find(&m.w.accounts[CS_ACCOUNT_SYSTEM].disk_cache,
	                        url);
}

static cs_cryptnet_result fetch_crl(const char *url, unsigned flags)
{
	cs_cryptnet_request req = {.flags = flags};
	cs_cryptnet_result r;
	ck_assert(cs_cryptnet_retrieve(&m, CS_ACCOUNT_SYSTEM, url, CS_OBJ_CRL,
	                               &req, &r) == CS_OK);
	return r;
}

/* Pre-fetch window (DOC CRL semantics): PublishPeriod = NextUpdate -
 * PublishTime = 04-14 12:10 - 04-14 00:00 = 12 h 10 min; start = PublishTime
 * + period / 10 = 01:13:00; end = NextUpdate - period / 20 = 11:33:30. */
START_TEST(prefetch_window)
{
	boot("server-2008r2-kb2666300", "2014-04-07T09:00:00Z");
	serve(C_CDP, "incident-c-2014/crl-1w/base-20140407T0000Z.crl");
	ck_assert_int_eq(fetch_crl(C_CDP, CS_RETRIEVE_WIRE_ONLY).outcome,
	                 CS_FETCH_OK);
	cs_filetime t = disk_entry(C_CDP)->prefetch_at;
	ck_assert_int_ge(t, at("2014-04-14T01:13:00Z"));
	ck_assert_int_lt(t, at("2014-04-14T11:33:30Z"));
	/* Seeded: the same run gives the same time. */
	teardown();
	boot("server-2008r2-kb2666300", "2014-04-07T09:00:00Z");
	serve(C_CDP, "incident-c-2014/crl-1w/base-20140407T0000Z.crl");
	(void)fetch_crl(C_CDP, CS_RETRIEVE_WIRE_ONLY);
	ck_assert_int_eq(disk_entry(C_CDP)->prefetch_at, t);
	teardown();
}
END_TEST

/* 1 h CRL: period 16 min, window 16 - 1.6 - 0.8 = 13.6 min, not above the
 * minimum of 3600 s: no pre-fetch (DOC). Windows XP has no pre-fetch. */
START_TEST(prefetch_window_too_short)
{
	boot("server-2008r2-kb2666300", "2014-04-10T10:30:00Z");
	serve(C_CDP, "incident-c-2014/crl-1h/base-20140410T1000Z.crl");
	(void)fetch_crl(C_CDP, CS_RETRIEVE_WIRE_ONLY);
	ck_assert_int_eq(disk_entry(C_CDP)->prefetch_at, 0);
	teardown();
	boot("xp-sp3", "2014-04-07T09:00:00Z");
	serve(C_CDP, "incident-c-2014/crl-1w/base-20140407T0000Z.crl");
	(void)fetch_crl(C_CDP, CS_RETRIEVE_WIRE_ONLY);
	ck_assert_int_eq(disk_entry(C_CDP)->prefetch_at, 0);
	teardown();
}
END_TEST

/* The scan (every 600 s from boot) at or after the pre-fetch time fetches
 * the next CRL into the disk cache; the process picks it up at its next
 * lookup; a pre-fetched copy nobody used is not pre-fetched again (DOC). */
START_TEST(prefetch_background)
{
	boot("server-2008r2-kb2666300", "2014-04-07T09:00:00Z");
	serve_from(C_CDP, "incident-c-2014/crl-1w/base-20140407T0000Z.crl", 0);
	serve_from(C_CDP, "incident-c-2014/crl-1w/base-20140414T0000Z.crl",
	           at("2014-04-14T00:00:00Z"));
	(void)fetch_crl(C_CDP, 0);
	cs_filetime due = disk_entry(C_CDP)->prefetch_at;
	size_t mark = m.w.trace.n;
	ck_assert(cs_agenda_advance(&m, at("2014-04-15T00:00:00Z")) == CS_OK);
	ck_assert_int_eq(wire_fetches(C_CDP, mark, "prefetch"), 1);
	const cs_urlcache_entry *e = disk_entry(C_CDP);
	ck_assert_int_ge(e->fetched, due);
	ck_assert_int_lt(e->fetched, due + 600 * CS_TICKS_PER_SEC);
	ck_assert_int_eq(
	    (e->fetched - m.w.boot_time) % (600 * CS_TICKS_PER_SEC), 0);
	ck_assert_str_eq(e->content_name,
	                 "incident-c-2014/crl-1w/base-20140414T0000Z.crl");
	ck_assert(!e->used);
	/* Unused: the next week's window passes without a pre-fetch. */
	mark = m.w.trace.n;
	ck_assert(cs_agenda_advance(&m, at("2014-04-22T00:00:00Z")) == CS_OK);
	ck_assert_int_eq(wire_fetches(C_CDP, mark, "prefetch"), 0);
	/* The process's memory still has the 04-07 copy; the lookup takes
	 * the newer pre-fetched one from disk and marks it used. */
	m.w.now = at("2014-04-14T12:00:00Z");
	cs_cryptnet_result r = fetch_crl(C_CDP, CS_RETRIEVE_CACHE_ONLY);
	ck_assert_int_eq(r.from, CS_FROM_DISK);
	ck_assert_str_eq(r.body_name,
	                 "incident-c-2014/crl-1w/base-20140414T0000Z.crl");
	ck_assert(disk_entry(C_CDP)->used);
	teardown();
}
END_TEST

/* The machine's timers run in time order: a pre-fetch scan due before
 * CryptSvc's next sync runs before it, though both fall in one clock move
 * (each timer used to run over the whole move in table order, so the scan
 * was recorded after a later sync: time went backwards in the trace). */
START_TEST(prefetch_and_sync_in_time_order)
{
	boot("server-2008r2-kb2666300", "2014-04-07T09:00:00Z");
	serve_from(C_CDP, "incident-c-2014/crl-1w/base-20140407T0000Z.crl", 0);
	(void)fetch_crl(C_CDP, 0);
	cs_filetime due = disk_entry(C_CDP)->prefetch_at;
	/* CryptSvc syncs now, then every 16 h: syncs fall on both sides of
	 * the scan. */
	m.w.updates[m.w.nupdates++] = 2677070; /* the sync on 2008 R2 */
	cs_cryptsvc_set_running(&m, true);
	size_t mark = m.w.trace.n;
	ck_assert(cs_agenda_advance(&m, at("2014-04-15T00:00:00Z")) == CS_OK);
	ck_assert_int_eq(wire_fetches(C_CDP, mark, "prefetch"), 1);
	bool sync_before = false, sync_after = false, scanned = false;
	for (size_t i = mark; i < m.w.trace.n; i++) {
		const cs_obs *o = &m.w.trace.obs[i];
		if (i > mark)
			ck_assert_int_ge(o->t, m.w.trace.obs[i - 1].t);
		if (strcmp(o->kind, "prefetch") == 0)
			scanned = true;
		else if (o->account &&
		         strcmp(o->account, "NetworkService") == 0 &&
		         strcmp(o->kind, "fetch") == 0)
			*(scanned ? &sync_after : &sync_before) = true;
	}
	ck_assert(due > at("2014-04-07T09:00:00Z") + 57600 * CS_TICKS_PER_SEC);
	ck_assert(sync_before && scanned && sync_after);
	teardown();
}
END_TEST

/* "CRLs retrieved because all of the OCSP URLs failed" are not pre-fetched
 * (DOC ee619723): client01's OCSP URL serves a certificate. */
START_TEST(prefetch_exempt_after_ocsp_failure)
{
	boot("server-2008r2-kb2666300", "2014-04-07T09:00:00Z");
	const struct cs_cert *ca = cert("incident-c-2014/XXX-CA(1).crt");
	const struct cs_cert *client = cert("incident-c-2014/client01.crt");
	serve(C_AIA, "incident-c-2014/XXX-CA(1).crt");
	serve(C_CDP, "incident-c-2014/crl-1w/base-20140407T0000Z.crl");
	serve("http://win-msprl0t325o/CertEnroll/XXX-CA(1)+.crl",
	      "incident-c-2014/crl-1w/delta-20140407T0000Z.crl");
	ck_assert_uint_eq(check(client, ca).error_bits, 0);
	ck_assert(disk_entry(C_CDP)->prefetch_exempt);
	ck_assert_int_eq(disk_entry(C_CDP)->prefetch_at, 0);
	size_t mark = m.w.trace.n;
	ck_assert(cs_agenda_advance(&m, at("2014-04-15T00:00:00Z")) == CS_OK);
	ck_assert_int_eq(wire_fetches(C_CDP, mark, NULL), 0);
	teardown();
}
END_TEST

/* One OCSP round trip for the basic leaf with nothing cached. */
static void ocsp_round(const struct cs_cert *leaf, const struct cs_cert *inter)
{
	cs_urlcache_clear(&m.w.accounts[CS_ACCOUNT_SYSTEM].disk_cache);
	cs_urlcache_clear(
	    &cs_cryptnet_process_of(&m, CS_ACCOUNT_SYSTEM)->memory);
	ck_assert_str_eq(check(leaf, inter).info.method, "ocsp");
}

/* CryptnetCachedOcspSwitchToCrlCount 50 (wincrypt.h); `>=` is the profile's
 * PARAMETER choice (H-rev-7): after 49 cached responses OCSP is still
 * first, after 50 the CRL is; reboot resets the count (BLOG). */
START_TEST(ocsp_switch_to_crl)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	const struct cs_cert *leaf = cert("basic/leaf.crt");
	const struct cs_cert *inter = cert("basic/intermediate.crt");
	serve(OCSP, "basic/ocsp/good-by-ca.ocsp");
	serve(CDP, "basic/crl/intermediate.crl");
	serve(DELTA, "basic/crl/intermediate+.crl");
	for (int i = 0; i < 49; i++)
		ocsp_round(leaf, inter);
	ocsp_round(leaf, inter); /* the 50th: decided with 49 cached */
	ck_assert_uint_eq(
	    cs_ocsp_count_get(cs_cryptnet_process_of(&m, CS_ACCOUNT_SYSTEM),
	                      cs_cert_sha1_hex(inter)),
	    50);
	cs_urlcache_clear(&m.w.accounts[CS_ACCOUNT_SYSTEM].disk_cache);
	cs_urlcache_clear(
	    &cs_cryptnet_process_of(&m, CS_ACCOUNT_SYSTEM)->memory);
	size_t mark = m.w.trace.n;
	cs_revocation_outcome r = check(leaf, inter);
	ck_assert_str_eq(r.info.method, "delta-crl");
	ck_assert(rule_fired("revocation.ocsp.switch_to_crl", mark));
	ck_assert_int_eq(wire_fetches(OCSP, mark, NULL), 0);
	ck_assert_int_eq(wire_fetches(CDP, mark, NULL), 1);
	/* Reboot: back to OCSP first. */
	cs_machine_reboot(&m);
	ocsp_round(leaf, inter);
	teardown();
}
END_TEST

/* dwRevocationFreshnessTime: the cached delta (ThisUpdate 2024-12-31) at
 * 2025-01-01T00:00:00Z is 86400 s old. Freshness 86400: not older than
 * now - freshness, the cache answers; 86399: stale, the wire is tried (and,
 * as the server has nothing newer, the cached copy still answers). */
START_TEST(freshness_time)
{
	boot("win7-sp1-kb2666300", "2024-12-31T12:00:00Z");
	const struct cs_cert *leaf = cert("basic/leaf.crt");
	const struct cs_cert *inter = cert("basic/intermediate.crt");
	serve(CDP, "basic/crl/intermediate.crl");
	serve(DELTA, "basic/crl/intermediate+.crl");
	(void)check(leaf, inter);
	m.w.now = at("2025-01-01T00:00:00Z");
	size_t mark = m.w.trace.n;
	cs_revocation_call call = {.check_freshness = true,
	                           .freshness = 86400 * CS_TICKS_PER_SEC};
	ck_assert_uint_eq(check_call(leaf, inter, &call).error_bits, 0);
	ck_assert_int_eq(wire_fetches(DELTA, mark, NULL), 0);
	call = (cs_revocation_call){.check_freshness = true,
	                            .freshness = 86399 * CS_TICKS_PER_SEC};
	cs_revocation_outcome r = check_call(leaf, inter, &call);
	ck_assert_uint_eq(r.error_bits, 0);
	ck_assert_int_eq(r.info.freshness_seconds, 86400);
	ck_assert_int_eq(wire_fetches(DELTA, mark, NULL), 1);
	ck_assert(rule_fired("revocation.freshness.stale", mark));
	teardown();
}
END_TEST

/* CRLValidityExtensionPeriod 12 h (wincrypt.h default), applied when pTime
 * is before now (H-rev-4): the base's NextUpdate is 2025-01-06T00:00Z (the
 * delta, expired since 01-02, no longer matters: the base answers alone,
 * H-rev-8). */
static cs_revocation_outcome extension_at(const char *now, const char *ptime)
{
	boot("win7-sp1-kb2666300", now);
	const struct cs_cert *leaf = cert("basic/leaf.crt");
	const struct cs_cert *inter = cert("basic/intermediate.crt");
	serve(CDP, "basic/crl/intermediate.crl");
	serve(DELTA, "basic/crl/intermediate+.crl");
	cs_revocation_call call = {.verify_time = at(ptime)};
	cs_revocation_outcome r = check_call(leaf, inter, &call);
	teardown();
	return r;
}

START_TEST(crl_validity_extension)
{
	/* NextUpdate + 12 h, pTime in the past: accepted, info bit set. */
	cs_revocation_outcome r =
	    extension_at("2025-01-06T12:00:00Z", "2025-01-01T00:00:00Z");
	ck_assert_uint_eq(r.error_bits, 0);
	ck_assert_uint_eq(r.info_bits & VALIDITY_EXTENDED, VALIDITY_EXTENDED);
	/* One second later: outside the extension, offline. */
	r = extension_at("2025-01-06T12:00:01Z", "2025-01-01T00:00:00Z");
	ck_assert_uint_eq(r.error_bits, UNKNOWN_OFFLINE);
	/* At the current time the extension does not apply (H-rev-4: SEED 003's
	 * hour of 0x80092013 with an expired base CRL). */
	r = extension_at("2025-01-06T06:00:00Z", "2025-01-06T06:00:00Z");
	ck_assert_uint_eq(r.error_bits, UNKNOWN_OFFLINE);
	/* Within NextUpdate no extension is needed, no bit. */
	r = extension_at("2025-01-01T12:00:00Z", "2025-01-01T00:00:00Z");
	ck_assert_uint_eq(r.error_bits, 0);
	ck_assert_uint_eq(r.info_bits & VALIDITY_EXTENDED, 0);
}
END_TEST

/* dwUrlRetrievalTimeout replaces the per-URL 15 s (DOC CERT_CHAIN_PARA). */
START_TEST(url_retrieval_timeout)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(CDP, "basic/crl/intermediate.crl");
	ck_assert(cs_net_set_latency(&m.w.net, CDP, 2 * CS_TICKS_PER_SEC) ==
	          CS_OK);
	cs_cryptnet_budget b;
	cs_cryptnet_budget_init(&b, &m, false);
	ck_assert_int_eq(b.url_timeout, 15 * CS_TICKS_PER_SEC);
	b.url_timeout = 2 * CS_TICKS_PER_SEC; /* latency == timeout: ok */
	cs_cryptnet_request req = {.flags = CS_RETRIEVE_WIRE_ONLY,
	                           .budget = &b};
	cs_cryptnet_result r;
	ck_assert(cs_cryptnet_retrieve(&m, CS_ACCOUNT_SYSTEM, CDP, CS_OBJ_CRL,
	                               &req, &r) == CS_OK);
	ck_assert_int_eq(r.outcome, CS_FETCH_OK);
	b.url_timeout = 2 * CS_TICKS_PER_SEC - 1;
	m.w.now += CS_TICKS_PER_HOUR; /* past the back-off of nothing */
	ck_assert(cs_cryptnet_retrieve(&m, CS_ACCOUNT_SYSTEM, CDP, CS_OBJ_CRL,
	                               &req, &r) == CS_OK);
	ck_assert_int_eq(r.outcome, CS_FETCH_TIMEOUT);
	teardown();
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("revocation_rules");
	TCase *t = tcase_create("rules");
	tcase_add_test(t, prefetch_window);
	tcase_add_test(t, prefetch_window_too_short);
	tcase_add_test(t, prefetch_background);
	tcase_add_test(t, prefetch_and_sync_in_time_order);
	tcase_add_test(t, prefetch_exempt_after_ocsp_failure);
	tcase_add_test(t, ocsp_switch_to_crl);
	tcase_add_test(t, freshness_time);
	tcase_add_test(t, crl_validity_extension);
	tcase_add_test(t, url_retrieval_timeout);
	suite_add_tcase(s, t);
	return s;
}

CS_CHECK_MAIN(suite)
