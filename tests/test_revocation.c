/* engine/revocation + engine/cryptnet: one test per rule, on the basic
 * fixture PKI (fixtures/data/basic: intermediate.crl ThisUpdate 2024-12-30
 * NextUpdate 2025-01-06 revoking 3A08, delta intermediate+.crl 2024-12-31 ..
 * 2025-01-02 revoking 3A09, OCSP responses for 3A01 / 3A08 valid
 * 2024-12-31T12:00Z .. 2025-01-07T12:00Z, read with `openssl crl -text` /
 * `openssl ocsp -resp_text`). Expected bits and codes are RULES.md 2 and 4. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "rev_testkit.h"
#include "pki/cert.h"
#include "engine/cryptnet/process.h"
#include "engine/cryptnet/retrieve.h"
#include "engine/cryptnet/urlcache_cmd.h"
#include "engine/revocation/revocation.h"
#include "model/profile_revocation.h"

#define CDP   "http://pki.capisim.test/crl/intermediate.crl"
#define DELTA "http://pki.capisim.test/crl/intermediate+.crl"
#define OCSP  "http://ocsp.capisim.test/"

/* RULES.md 2 / 4 values. */
#define UNKNOWN_OFFLINE 0x01000040u
#define OFFLINE_ONLY    0x01000000u
#define REVOKED_BIT     0x00000004u
#define E_REVOKED       0x80092010u
#define E_OFFLINE       0x80092013u

static cs_pool *pool;
static cs_machine m;
static const struct cs_cert *leaf, *leaf_revoked, *leaf_delta, *inter;

static cs_filetime at(const char *iso)
{
	return rt_at(iso);
}

static const struct cs_cert *cert(const char *path)
{
	return rt_cert(pool, path);
}

static void serve_ex(const char *url, const char *path, int64_t latency)
{
	rt_serve(&m, pool, url, path, 0, latency);
}

static void serve(const char *url, const char *path)
{
	serve_ex(url, path, 0);
}

static void boot(const char *profile, const char *now)
{
	char base[1024];
	snprintf(base, sizeof base, "%s/basic", rt_fixtures());
	ck_assert(cs_pool_new(&pool, base) == CS_OK);
	ck_assert(cs_machine_init(&m, pool, cs_profile_find(profile), at(now),
	                          true) == CS_OK);
	leaf = cert("leaf.crt");
	leaf_revoked = cert("leaf-revoked.crt");
	leaf_delta = cert("leaf-revoked-delta.crt");
	inter = cert("intermediate.crt");
}

static void teardown(void)
{
	cs_machine_free(&m);
	cs_pool_free(pool);
	pool = NULL;
}

static cs_revocation_outcome check_as(const struct cs_cert *c, cs_account a,
                                      uint32_t flags)
{
	cs_cryptnet_budget b;
	cs_cryptnet_budget_init(&b, &m, false);
	cs_revocation_call call = {
	    .chain_flags = flags, .budget = &b, .verify_time = m.w.now};
	cs_revocation_outcome out;
	ck_assert(cs_revocation_check_element(&m, a, c, inter, &call, &out) ==
	          CS_OK);
	return out;
}

static cs_revocation_outcome check(const struct cs_cert *c)
{
	return check_as(c, CS_ACCOUNT_SYSTEM, 0);
}

/* Wire fetches of url recorded in the trace from index since on. */
static int wire_fetches(const char *url, size_t since)
{
	return rt_wire_fetches(&m, url, since, NULL);
}

START_TEST(crl_good)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	cs_revocation_outcome r = check(leaf);
	ck_assert_uint_eq(r.error_bits, 0);
	ck_assert_uint_eq(r.info.result, 0);
	ck_assert_str_eq(r.info.method, "delta-crl");
	teardown();
}
END_TEST

START_TEST(crl_revoked)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	cs_revocation_outcome r = check(leaf_revoked);
	ck_assert_uint_eq(r.error_bits, REVOKED_BIT);
	ck_assert_uint_eq(r.info.result, E_REVOKED);
	teardown();
}
END_TEST

START_TEST(delta_revoking)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	cs_revocation_outcome r = check(leaf_delta);
	ck_assert_uint_eq(r.error_bits, REVOKED_BIT);
	teardown();
}
END_TEST

/* Revoked after pTime: not revoked "by then" (RULES.md 1). 3A09 was
 * revoked 2024-12-30T12:00Z. */
START_TEST(revoked_after_verify_time)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	cs_cryptnet_budget b;
	cs_cryptnet_budget_init(&b, &m, false);
	cs_revocation_call call = {.budget = &b,
	                           .verify_time = at("2024-12-30T11:59:59Z")};
	cs_revocation_outcome r;
	ck_assert(cs_revocation_check_element(&m, 0, leaf_delta, inter, &call,
	                                      &r) == CS_OK);
	ck_assert_uint_eq(r.error_bits, 0);
	teardown();
}
END_TEST

/* Expired CRL: after NextUpdate 2025-01-06T00:00Z; NextUpdate itself is
 * still valid (CertVerifyCRLTimeValidity, RULES.md 1). The delta expires
 * 2025-01-02, so the base alone is tested with the delta unreachable. */
START_TEST(crl_expired_edges)
{
	boot("win7-sp1-kb2666300", "2025-01-06T00:00:01Z");
	serve(CDP, "crl/intermediate.crl");
	cs_revocation_outcome r = check(leaf);
	ck_assert_uint_eq(r.error_bits, UNKNOWN_OFFLINE);
	ck_assert_uint_eq(r.info.result, E_OFFLINE);
	teardown();
}
END_TEST

START_TEST(crl_not_yet_valid)
{
	boot("win7-sp1-kb2666300", "2024-12-29T23:59:59Z");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	ck_assert_uint_eq(check(leaf).error_bits, UNKNOWN_OFFLINE);
	teardown();
}
END_TEST

START_TEST(crl_bad_signature)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(CDP, "crl/intermediate-bad-signature.crl");
	serve(DELTA, "crl/intermediate+.crl");
	ck_assert_uint_eq(check(leaf).error_bits, UNKNOWN_OFFLINE);
	teardown();
}
END_TEST

/* Wine 8 skips the CRL signature check and sets only the offline bit when a
 * URL fails (RULES.md 4, WINE). */
START_TEST(wine_skips_crl_signature)
{
	boot("wine-8", "2025-01-01T00:00:00Z");
	serve(CDP, "crl/intermediate-bad-signature.crl");
	ck_assert_uint_eq(check(leaf_revoked).error_bits, REVOKED_BIT);
	teardown();
}
END_TEST

START_TEST(wine_offline_bit_only)
{
	boot("wine-8", "2025-01-01T00:00:00Z");
	ck_assert_uint_eq(check(leaf).error_bits, OFFLINE_ONLY);
	teardown();
}
END_TEST

START_TEST(ocsp_good_first)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(OCSP, "ocsp/good-by-ca.ocsp");
	serve(CDP, "crl/intermediate.crl");
	size_t mark = m.w.trace.n;
	cs_revocation_outcome r = check(leaf);
	ck_assert_uint_eq(r.error_bits, 0);
	ck_assert_str_eq(r.info.method, "ocsp");
	/* OCSP answered: the CRL is not fetched (DOC order). */
	ck_assert_int_eq(wire_fetches(CDP, mark), 0);
	teardown();
}
END_TEST

START_TEST(ocsp_revoked_by_delegated_responder)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(OCSP, "ocsp/revoked-by-responder.ocsp");
	cs_revocation_outcome r = check(leaf_revoked);
	ck_assert_uint_eq(r.error_bits, REVOKED_BIT);
	ck_assert_str_eq(r.info.method, "ocsp");
	teardown();
}
END_TEST

/* unknown is no answer: fall over to the CRL; none reachable -> offline. */
START_TEST(ocsp_unknown)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(OCSP, "ocsp/unknown-by-ca.ocsp");
	ck_assert_uint_eq(check(leaf).error_bits, UNKNOWN_OFFLINE);
	teardown();
}
END_TEST

/* A body that is not an OCSP response (SEED 003: the AIA OCSP URL pointed
 * at the CA's .crt): fall over to the CRL. */
START_TEST(ocsp_non_ocsp_body_falls_over)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(OCSP, "ocsp/not-ocsp-ca-cert.crt");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	cs_revocation_outcome r = check(leaf_revoked);
	ck_assert_uint_eq(r.error_bits, REVOKED_BIT);
	ck_assert_str_eq(r.info.method, "delta-crl");
	teardown();
}
END_TEST

/* Per-URL timeout 15000 ms (DOC): a CDP answering in 15 s is in time, one
 * answering in 15 s + 1 tick is a timeout. */
START_TEST(per_url_timeout_edge)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve_ex(CDP, "crl/intermediate.crl", 15 * CS_TICKS_PER_SEC);
	cs_cryptnet_result res;
	cs_cryptnet_request req = {.flags = CS_RETRIEVE_WIRE_ONLY};
	ck_assert(cs_cryptnet_retrieve(&m, 0, CDP, CS_OBJ_CRL, &req, &res) ==
	          CS_OK);
	ck_assert_int_eq(res.outcome, CS_FETCH_OK);
	cs_net_set_latency(&m.w.net, CDP, 15 * CS_TICKS_PER_SEC + 1) == CS_OK
	    ? (void)0
	    : ck_abort();
	cs_cryptnet_process_restart(&m, "lsass", 0);
	cs_cryptnet_retrieve(&m, 1, CDP, CS_OBJ_CRL, &req, &res) == CS_OK
	    ? (void)0
	    : ck_abort();
	ck_assert_int_eq(res.outcome, CS_FETCH_TIMEOUT);
	ck_assert_int_eq(res.elapsed, 15 * CS_TICKS_PER_SEC);
	teardown();
}
END_TEST

/* Accumulative timeout 20000 ms, each URL half of what remains (DOC):
 * 10 s, then 5 s, then 2.5 s. */
START_TEST(accumulative_budget_halves)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	const char *urls[3] = {"http://a.test/1.crl", "http://a.test/2.crl",
	                       "http://a.test/3.crl"};
	cs_cryptnet_budget b;
	cs_cryptnet_budget_init(&b, &m, true);
	const int64_t expect[3] = {10 * CS_TICKS_PER_SEC, 5 * CS_TICKS_PER_SEC,
	                           25 * CS_TICKS_PER_SEC / 10};
	for (int i = 0; i < 3; i++) {
		serve_ex(urls[i], "crl/intermediate.crl",
		         60 * CS_TICKS_PER_SEC);
		cs_cryptnet_request req = {.flags = CS_RETRIEVE_WIRE_ONLY,
		                           .budget = &b};
		cs_cryptnet_result res;
		ck_assert(cs_cryptnet_retrieve(&m, 0, urls[i], CS_OBJ_CRL, &req,
		                               &res) == CS_OK);
		ck_assert_int_eq(res.outcome, CS_FETCH_TIMEOUT);
		ck_assert_int_eq(res.timeout, expect[i]);
	}
	teardown();
}
END_TEST

/* Back-off (RE): after a failure the wire is not tried again before the
 * first wait has passed; the waits are PARAMETERs (H-rev-3), read from the
 * profile row so that the test follows them. */
START_TEST(offline_backoff)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	int64_t wait = cs_profile_revocation(m.w.profile)->backoff[0];
	cs_cryptnet_request req = {.flags = CS_RETRIEVE_WIRE_ONLY};
	cs_cryptnet_result res;
	ck_assert(cs_cryptnet_retrieve(&m, 0, CDP, CS_OBJ_CRL, &req, &res) ==
	          CS_OK);
	ck_assert_int_eq(res.outcome, CS_FETCH_DNS);
	serve(CDP, "crl/intermediate.crl");
	m.w.now += wait - 1;
	ck_assert(cs_cryptnet_retrieve(&m, 0, CDP, CS_OBJ_CRL, &req, &res) ==
	          CS_OK);
	ck_assert_int_eq(res.outcome, CS_FETCH_OFFLINE);
	m.w.now += 1;
	ck_assert(cs_cryptnet_retrieve(&m, 0, CDP, CS_OBJ_CRL, &req, &res) ==
	          CS_OK);
	ck_assert_int_eq(res.outcome, CS_FETCH_OK);
	teardown();
}
END_TEST

/* A cached base CRL is reused until its NextUpdate (DOC). The delta follows
 * the base (H-rev-8): its own expiry sends nothing to the wire and the base
 * answers alone; when the base expires the wire is tried for it (the CA
 * here serves the same, now expired, base: offline, and no delta is
 * fetched for a base that is not there). Edges: the delta's NextUpdate
 * (valid, used) and one tick later (base alone), the base's NextUpdate and
 * one tick later. */
START_TEST(cache_reuse_until_next_update)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	size_t mark = m.w.trace.n;
	check(leaf);
	m.w.now = at("2025-01-02T00:00:00Z"); /* delta NextUpdate: valid */
	ck_assert_str_eq(check(leaf).info.method, "delta-crl");
	m.w.now += 1;
	cs_revocation_outcome r = check(leaf);
	ck_assert_str_eq(r.info.method, "crl");
	ck_assert_uint_eq(r.error_bits, 0);
	ck_assert_int_eq(wire_fetches(DELTA, mark), 1);
	m.w.now = at("2025-01-06T00:00:00Z"); /* base NextUpdate: valid */
	check(leaf);
	ck_assert_int_eq(wire_fetches(CDP, mark), 1);
	m.w.now += 1;
	ck_assert_uint_eq(check(leaf).error_bits, UNKNOWN_OFFLINE);
	ck_assert_int_eq(wire_fetches(CDP, mark), 2);
	ck_assert_int_eq(wire_fetches(DELTA, mark), 1);
	teardown();
}
END_TEST

START_TEST(no_method)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	const struct cs_cert *root = cert("root.crt");
	cs_revocation_outcome r;
	cs_cryptnet_budget b;
	cs_cryptnet_budget_init(&b, &m, false);
	cs_revocation_call call = {.budget = &b, .verify_time = m.w.now};
	ck_assert(cs_revocation_check_element(&m, 0, root, root, &call, &r) ==
	          CS_OK);
	ck_assert_uint_eq(r.info.result, 0x80092012u);
	teardown();
}
END_TEST

/* H-rev-1 trigger and cure (SEED 003): the OCSP URL serves the CA's .crt;
 * once the held base CRL needs replacing, the unpatched profile does not
 * fetch it (the delta still is), deleting the disk URL cache and restarting
 * the IIS worker do not help, a reboot does; the hotfixed profile fetches
 * the base CRL. */
static void defect_timeline(const char *profile, int *base_wire_after,
                            uint32_t *bits_after)
{
	boot(profile, "2025-01-01T00:00:00Z");
	serve(OCSP, "ocsp/not-ocsp-ca-cert.crt");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	ck_assert_uint_eq(check(leaf).error_bits, 0);
	m.w.now = at("2025-01-06T00:00:01Z"); /* base expired */
	size_t mark = m.w.trace.n;
	*bits_after = check(leaf).error_bits;
	*base_wire_after = wire_fetches(CDP, mark);
	if (cs_profile_revocation(m.w.profile)->kb2666300_defect)
		ck_assert_int_ge(wire_fetches(DELTA, mark),
		                 1); /* delta still */
}

START_TEST(kb2666300_trigger)
{
	int base;
	uint32_t bits;
	defect_timeline("server-2008r2", &base, &bits);
	ck_assert_int_eq(base, 0); /* SEED 003: no base CRL GET */
	ck_assert_uint_eq(bits, UNKNOWN_OFFLINE); /* 0x80092013 */
	/* certutil -urlcache * delete as SYSTEM: disk only. */
	cs_urlcache_cmd_delete(&m, CS_ACCOUNT_SYSTEM, "*");
	ck_assert_uint_eq(m.w.accounts[0].disk_cache.n, 0);
	size_t mark = m.w.trace.n;
	m.w.now += CS_TICKS_PER_MIN;
	ck_assert_uint_eq(check(leaf).error_bits, UNKNOWN_OFFLINE);
	/* iisreset: the worker process, not lsass. */
	cs_cryptnet_process_restart(&m, "w3wp", CS_ACCOUNT_NETWORK_SERVICE);
	m.w.now += CS_TICKS_PER_MIN;
	ck_assert_uint_eq(check(leaf).error_bits, UNKNOWN_OFFLINE);
	ck_assert_int_eq(wire_fetches(CDP, mark), 0);
	/* reboot: lsass's memory is gone; the base CRL is fetched again. */
	cs_machine_reboot(&m);
	m.w.now += CS_TICKS_PER_MIN;
	mark = m.w.trace.n;
	check(leaf);
	ck_assert_int_eq(wire_fetches(CDP, mark), 1);
	teardown();
}
END_TEST

START_TEST(kb2666300_hotfix_fetches_base)
{
	int base;
	uint32_t bits;
	defect_timeline("server-2008r2-kb2666300", &base, &bits);
	ck_assert_int_eq(base, 1);
	teardown();
}
END_TEST

/* The pin holds the base CRL back for one hour from the first fall-over
 * (H-rev-1, column kb2666300_pin): one tick before the hour no base CRL is
 * fetched, at the hour it is. */
START_TEST(kb2666300_pin_released)
{
	int base;
	uint32_t bits;
	defect_timeline("win7-sp1", &base, &bits); /* at 01-06T00:00:01 */
	ck_assert_int_eq(base, 0);
	m.w.now = at("2025-01-06T01:00:01Z") - 1;
	size_t mark = m.w.trace.n;
	check(leaf);
	ck_assert_int_eq(wire_fetches(CDP, mark), 0);
	m.w.now += 1;
	check(leaf);
	ck_assert_int_eq(wire_fetches(CDP, mark), 1);
	teardown();
}
END_TEST

/* certutil -urlcache CRL lists only CRLs of the acting account. */
START_TEST(urlcache_list_filters)
{
	boot("win7-sp1-kb2666300", "2025-01-01T00:00:00Z");
	serve(OCSP, "ocsp/good-by-ca.ocsp");
	serve(CDP, "crl/intermediate.crl");
	serve(DELTA, "crl/intermediate+.crl");
	check(leaf_revoked); /* OCSP: no answer for 3A08 -> CRLs */
	check(leaf);         /* OCSP good, cached */
	ck_assert_uint_eq(
	    cs_urlcache_cmd_list(&m, CS_ACCOUNT_SYSTEM, "CRL", NULL, NULL), 2);
	ck_assert_uint_eq(
	    cs_urlcache_cmd_list(&m, CS_ACCOUNT_SYSTEM, "*", NULL, NULL), 3);
	ck_assert_uint_eq(
	    cs_urlcache_cmd_list(&m, CS_ACCOUNT_DEFAULT_USER, "*", NULL, NULL),
	    0);
	ck_assert_uint_eq(
	    cs_urlcache_cmd_delete(&m, CS_ACCOUNT_DEFAULT_USER, "*"), 0);
	ck_assert_uint_eq(cs_urlcache_cmd_delete(&m, CS_ACCOUNT_SYSTEM, "CRL"),
	                  2);
	teardown();
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("revocation");
	TCase *t = tcase_create("rules");
	tcase_add_test(t, crl_good);
	tcase_add_test(t, crl_revoked);
	tcase_add_test(t, delta_revoking);
	tcase_add_test(t, revoked_after_verify_time);
	tcase_add_test(t, crl_expired_edges);
	tcase_add_test(t, crl_not_yet_valid);
	tcase_add_test(t, crl_bad_signature);
	tcase_add_test(t, wine_skips_crl_signature);
	tcase_add_test(t, wine_offline_bit_only);
	tcase_add_test(t, ocsp_good_first);
	tcase_add_test(t, ocsp_revoked_by_delegated_responder);
	tcase_add_test(t, ocsp_unknown);
	tcase_add_test(t, ocsp_non_ocsp_body_falls_over);
	tcase_add_test(t, per_url_timeout_edge);
	tcase_add_test(t, accumulative_budget_halves);
	tcase_add_test(t, offline_backoff);
	tcase_add_test(t, cache_reuse_until_next_update);
	tcase_add_test(t, no_method);
	tcase_add_test(t, kb2666300_trigger);
	tcase_add_test(t, kb2666300_hotfix_fetches_base);
	tcase_add_test(t, kb2666300_pin_released);
	tcase_add_test(t, urlcache_list_filters);
	suite_add_tcase(s, t);
	return s;
}

CS_CHECK_MAIN(suite)
