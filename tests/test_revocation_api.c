/* engine/revocation/store_crl.h and verify_revocation.h: CRLs handed in
 * through a store, CertVerifyRevocation / CertDllVerifyRevocation, and the
 * store step of the chain's CRL lookup order.
 *
 * Expected values: the rules' evidence, Windows' answers in Wine's tests
 * (cryptnet.c test_verifyRevocation #n, cert.c testVerifyRevocation #n,
 * ../shared/winetests/revocation: a listed serial is revoked even past
 * NextUpdate, #11; a revocation date equal to the time checked counts, #12;
 * before it the CRL proves nothing, OFFLINE, #13; a CRL that does not list
 * the certificate is OFFLINE, never good, #15; a CRL that cannot be matched
 * to the issuer is NO_REVOCATION_CHECK, #9), Wine 8 run here for the wine-8
 * rows (after ThisUpdate, whatever the entry's date), DOC
 * CertVerifyRevocation for the argument checks, RULES.md 4 for the lookup
 * order. Each rule's edge is tested at -1, 0 and +1 tick. The fixtures:
 * basic/crl/intermediate.crl (ThisUpdate 2024-12-30, NextUpdate 2025-01-06)
 * revokes leaf-revoked.crt (serial 3A08) on 2024-10-01, keyCompromise;
 * root.crl (2024-12-01 .. 2025-06-01) lists nothing. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "model/horizon.h"
#include "rev_testkit.h"
#include "engine/chain/chain.h"
#include "engine/revocation/store_crl.h"
#include "engine/revocation/verify_revocation.h"
#include "pki/storeadd.h"

#define E_INVALIDARG                0x80070057u
#define CRYPT_E_REVOKED             0x80092010u
#define CRYPT_E_NO_REVOCATION_DLL   0x80092011u
#define CRYPT_E_NO_REVOCATION_CHECK 0x80092012u
#define CRYPT_E_REVOCATION_OFFLINE  0x80092013u

static cs_pool *pool;
static cs_machine m;
static bool booted;

static void boot(const char *profile, const char *now)
{
	char base[1024];
	snprintf(base, sizeof base, "%s/basic", rt_fixtures());
	ck_assert_int_eq(cs_pool_new(&pool, base), CS_OK);
	ck_assert_int_eq(cs_machine_init(&m, pool, cs_profile_find(profile),
	                                 rt_at(now), true),
	                 CS_OK);
	booted = true;
}

static void teardown(void)
{
	if (booted)
		cs_machine_free(&m);
	cs_pool_free(pool);
	pool = NULL;
	booted = false;
}

static const cs_crl *crl(const char *path)
{
	cs_bytes der;
	cs_diag d;
	ck_assert_int_eq(cs_pool_file(pool, path, &der, NULL, &d), CS_OK);
	const cs_crl *c;
	ck_assert_int_eq(cs_crl_get(pool, der, &c), CS_OK);
	return c;
}

static void put(cs_store *s, const char *path)
{
	cs_store_add_result r;
	ck_assert_int_eq(
	    cs_store_add_crl(s, crl(path), CS_STORE_ADD_ALWAYS, &r), CS_OK);
}

static cs_store_crl_verdict judge_at(const char *cert, const char *crl_path,
                                     const char *issuer, cs_filetime t,
                                     bool t_is_now)
{
	cs_store s;
	cs_store_init(&s);
	put(&s, crl_path);
	const cs_store *stores[] = {&s};
	cs_store_crl_result r;
	cs_store_crl_check(&m.w, stores, 1, rt_cert(pool, cert),
	                   rt_cert(pool, issuer), t, t_is_now, &r);
	cs_store_free(&s);
	return r.verdict;
}

static cs_store_crl_verdict judge(const char *cert, const char *crl_path,
                                  const char *issuer, cs_filetime t)
{
	return judge_at(cert, crl_path, issuer, t, false);
}

/* Judged at the clock's time: the verdict and the instant it changes. */
static cs_store_crl_verdict judge_now(const char *cert, const char *crl_path,
                                      const char *issuer, cs_filetime now,
                                      cs_filetime *horizon)
{
	m.w.now = now;
	m.w.horizon = CS_HORIZON_NONE;
	cs_store_crl_verdict v = judge_at(cert, crl_path, issuer, now, true);
	*horizon = m.w.horizon;
	return v;
}

/* Windows: revoked when the entry's date is not after the time (#12 at the
 * date, #13 before it), and still after NextUpdate (#11). */
START_TEST(store_crl_by_date_edges)
{
	boot("win10-22h2", "2025-01-01T00:00:00Z");
	cs_filetime date = rt_at("2024-10-01T00:00:00Z");
	const char *c = "leaf-revoked.crt", *l = "crl/intermediate.crl",
	           *i = "intermediate.crt";
	ck_assert_int_eq(judge(c, l, i, date - 1), CS_STORE_CRL_NOT_PROVEN);
	ck_assert_int_eq(judge(c, l, i, date), CS_STORE_CRL_REVOKED);
	ck_assert_int_eq(judge(c, l, i, date + 1), CS_STORE_CRL_REVOKED);
	cs_filetime nu = rt_at("2025-01-06T00:00:00Z");
	ck_assert_int_eq(judge(c, l, i, nu + 1), CS_STORE_CRL_REVOKED);
	ck_assert_int_eq(judge(c, l, i, rt_at("2040-01-01T00:00:00Z")),
	                 CS_STORE_CRL_REVOKED);
	/* at the clock's time: not proven until the date, and the answer
	 * says so (model/horizon.h); revoked for good from then on */
	cs_filetime h;
	ck_assert_int_eq(judge_now(c, l, i, date - 1, &h),
	                 CS_STORE_CRL_NOT_PROVEN);
	ck_assert_int_eq(h, date);
	ck_assert_int_eq(judge_now(c, l, i, date, &h), CS_STORE_CRL_REVOKED);
	ck_assert_int_eq(h, CS_HORIZON_NONE);
	teardown();
}
END_TEST

/* Wine 8: revoked once the time is after ThisUpdate, whatever the date. */
START_TEST(store_crl_after_this_update_edges)
{
	boot("wine-8", "2025-01-01T00:00:00Z");
	cs_filetime tu = rt_at("2024-12-30T00:00:00Z");
	const char *c = "leaf-revoked.crt", *l = "crl/intermediate.crl",
	           *i = "intermediate.crt";
	ck_assert_int_eq(judge(c, l, i, tu - 1), CS_STORE_CRL_NOT_PROVEN);
	ck_assert_int_eq(judge(c, l, i, tu), CS_STORE_CRL_NOT_PROVEN);
	ck_assert_int_eq(judge(c, l, i, tu + 1), CS_STORE_CRL_REVOKED);
	/* the entry's date alone does not decide */
	ck_assert_int_eq(judge(c, l, i, rt_at("2024-10-01T00:00:00Z")),
	                 CS_STORE_CRL_NOT_PROVEN);
	cs_filetime h;
	ck_assert_int_eq(judge_now(c, l, i, tu, &h), CS_STORE_CRL_NOT_PROVEN);
	ck_assert_int_eq(h, tu + 1);
	ck_assert_int_eq(judge_now(c, l, i, tu + 1, &h), CS_STORE_CRL_REVOKED);
	ck_assert_int_eq(h, CS_HORIZON_NONE);
	teardown();
}
END_TEST

/* Never good (#15), and no CRL of the issuer is no check (#9). */
START_TEST(store_crl_not_listed_or_not_the_issuers)
{
	boot("win10-22h2", "2025-01-01T00:00:00Z");
	cs_filetime t = rt_at("2025-01-01T00:00:00Z");
	ck_assert_int_eq(
	    judge("leaf.crt", "crl/intermediate.crl", "intermediate.crt", t),
	    CS_STORE_CRL_NOT_PROVEN);
	/* another issuer's CRL */
	ck_assert_int_eq(
	    judge("leaf-revoked.crt", "crl/root.crl", "intermediate.crt", t),
	    CS_STORE_CRL_NONE);
	/* the issuer's name, not its signature */
	ck_assert_int_eq(judge("leaf-revoked.crt",
	                       "crl/intermediate-bad-signature.crl",
	                       "intermediate.crt", t),
	                 CS_STORE_CRL_NONE);
	ck_assert_uint_eq(cs_store_crl_hresult(CS_STORE_CRL_NONE),
	                  CRYPT_E_NO_REVOCATION_CHECK);
	ck_assert_uint_eq(cs_store_crl_hresult(CS_STORE_CRL_NOT_PROVEN),
	                  CRYPT_E_REVOCATION_OFFLINE);
	teardown();
}
END_TEST

/* ---- CertVerifyRevocation / CertDllVerifyRevocation ---- */

typedef struct {
	bool ret;
	uint32_t err;
	cs_rev_status status;
} rev_result;

static rev_result call(bool crypt32, uint32_t encoding, uint32_t type,
                       const struct cs_cert *const *ctx, uint32_t n,
                       const cs_rev_para *para, uint32_t status_size)
{
	cs_rev_call c = {.via_crypt32 = crypt32,
	                 .encoding = encoding,
	                 .type = type,
	                 .count = n,
	                 .contexts = n ? ctx : NULL};
	if (para)
		c.para = *para;
	rev_result r = {
	    .err = 0xDEADBEEF,
	    .status = {status_size, 0xCCCCCCCC, 0xCCCCCCCC, 0xCCCCCCCC}};
	ck_assert_int_eq(
	    cs_verify_revocation(&m, m.w.acting, &c, &r.ret, &r.err, &r.status),
	    CS_OK);
	return r;
}

START_TEST(dispatcher_arguments)
{
	boot("win10-22h2", "2025-01-01T00:00:00Z");
	const struct cs_cert *ctx[] = {rt_cert(pool, "root.crt")};
	/* cbSize: the structure's two sizes only (cert.c #0) */
	rev_result r = call(true, 1, 1, ctx, 0, NULL, 0);
	ck_assert(!r.ret && r.err == E_INVALIDARG);
	r = call(true, 1, 1, ctx, 0, NULL, 20);
	ck_assert(!r.ret && r.err == E_INVALIDARG);
	ck_assert(call(true, 1, 1, ctx, 0, NULL, 16).ret);
	ck_assert(call(true, 1, 1, ctx, 0, NULL, 24).ret); /* #1 */
	ck_assert(call(true, 2, 1, ctx, 0, NULL, 24).ret); /* #3 */
	/* no provider for an encoding without X509 (#4, #5) */
	r = call(true, 0, 1, ctx, 1, NULL, 24);
	ck_assert(!r.ret && r.err == CRYPT_E_NO_REVOCATION_DLL);
	/* a root without URLs: no check, index 0 (#6) */
	r = call(true, 1, 1, ctx, 1, NULL, 24);
	ck_assert(!r.ret && r.err == CRYPT_E_NO_REVOCATION_CHECK);
	ck_assert(r.status.index == 0 &&
	          r.status.error == CRYPT_E_NO_REVOCATION_CHECK &&
	          r.status.reason == 0);
	teardown();
}
END_TEST

/* The provider refuses no context with E_INVALIDARG; Windows fills the
 * status (cryptnet.c #0-#2), Wine 8 leaves it (todo_wine there). */
START_TEST(provider_arguments_status)
{
	boot("win10-22h2", "2025-01-01T00:00:00Z");
	rev_result r = call(false, 1, 1, NULL, 0, NULL, 24);
	ck_assert(!r.ret && r.err == E_INVALIDARG);
	ck_assert(r.status.index == 0 && r.status.error == E_INVALIDARG &&
	          r.status.reason == 0);
	teardown();
	boot("wine-8", "2025-01-01T00:00:00Z");
	r = call(false, 1, 1, NULL, 0, NULL, 24);
	ck_assert(!r.ret && r.err == E_INVALIDARG);
	ck_assert(r.status.index == 0xCCCCCCCC && r.status.error == 0xCCCCCCCC);
	teardown();
}
END_TEST

/* Encoding 0 and an unknown type (cryptnet.c #17, #18): Windows does not
 * check; Wine 8 checks encoding 0 like X509 (its todo_wine). */
START_TEST(provider_type_and_encoding)
{
	boot("win10-22h2", "2025-01-01T00:00:00Z");
	cs_store s;
	cs_store_init(&s);
	put(&s, "crl/intermediate.crl");
	const struct cs_cert *ctx[] = {rt_cert(pool, "selfsigned-leaf.crt")};
	cs_rev_para para = {.present = true,
	                    .issuer = rt_cert(pool, "selfsigned-leaf.crt"),
	                    .crl_store = &s};
	rev_result r = call(false, 1, 0xdeadbeef, ctx, 1, &para, 24);
	ck_assert(!r.ret && r.err == CRYPT_E_NO_REVOCATION_CHECK);
	r = call(false, 0, 1, ctx, 1, &para, 24);
	ck_assert(!r.ret && r.err == CRYPT_E_NO_REVOCATION_CHECK);
	cs_store_free(&s);
	teardown();
}
END_TEST

/* pftTimeToUse is the time checked, not the clock: the same call at the
 * revocation date - 1 tick and at it. */
START_TEST(provider_time_to_use)
{
	boot("win10-22h2", "2030-01-01T00:00:00Z");
	cs_store s;
	cs_store_init(&s);
	put(&s, "crl/intermediate.crl");
	const struct cs_cert *ctx[] = {rt_cert(pool, "leaf-revoked.crt")};
	cs_rev_para para = {.present = true,
	                    .issuer = rt_cert(pool, "intermediate.crt"),
	                    .crl_store = &s,
	                    .has_time = true,
	                    .time = rt_at("2024-10-01T00:00:00Z") - 1};
	/* leaf-revoked has a CDP: nothing is served, the store answers. */
	rev_result r = call(false, 1, 1, ctx, 1, &para, 24);
	ck_assert(!r.ret && r.err == CRYPT_E_REVOCATION_OFFLINE);
	para.time++;
	r = call(false, 1, 1, ctx, 1, &para, 24);
	ck_assert(!r.ret && r.err == CRYPT_E_REVOKED);
	ck_assert_uint_eq(r.status.reason, 1); /* keyCompromise */
	cs_store_free(&s);
	teardown();
}
END_TEST

/* ---- the chain: memory, disk cache, store, network (RULES.md 4) ---- */

static uint32_t element_status(const char *leaf, size_t el, uint32_t flags)
{
	cs_chain_para para = {.account = m.w.acting,
	                      .leaf = rt_cert(pool, leaf),
	                      .flags = flags,
	                      .usage_match = CS_USAGE_MATCH_AND};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	ck_assert_uint_gt(ctx.chain.n, el);
	uint32_t st = ctx.chain.elements[el].error_status;
	cs_chain_context_free(&ctx);
	return st;
}

static void pki_in_stores(void)
{
	cs_store_add_result r;
	(void)r;
	ck_assert_int_eq(cs_store_add(&m.w.machine_stores[CS_STORE_ROOT],
	                              rt_cert(pool, "root.crt")),
	                 CS_OK);
	ck_assert_int_eq(cs_store_add(&m.w.machine_stores[CS_STORE_CA],
	                              rt_cert(pool, "intermediate.crt")),
	                 CS_OK);
}

/* A CA's CRL in the CA store answers without the network while valid, its
 * NextUpdate itself included; a tick later it is not used (offline). */
START_TEST(chain_store_step_edges)
{
	static const char *const nows[] = {"2025-06-01T00:00:00Z",
	                                   "2025-06-01T00:00:00.0000001Z"};
	for (size_t k = 0; k < 2; k++) {
		boot("win10-22h2", nows[k]);
		pki_in_stores();
		put(&m.w.machine_stores[CS_STORE_CA], "crl/root.crl");
		uint32_t st = element_status(
		    "intermediate.crt", 0,
		    CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT);
		ck_assert_uint_eq(st & 0x01000044u, k == 0 ? 0 : 0x01000040u);
		teardown();
	}
	/* without the CRL in a store: offline */
	boot("win10-22h2", "2025-01-01T00:00:00Z");
	pki_in_stores();
	ck_assert_uint_eq(
	    element_status("intermediate.crt", 0,
	                   CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT) &
	        0x01000044u,
	    0x01000040u);
	teardown();
}
END_TEST

/* A store CRL listing the leaf: revoked, also past its NextUpdate (#11);
 * Wine 8 reads only the CDP's URLs (offline). */
START_TEST(chain_store_revoked)
{
	static const char *const rows[] = {"win10-22h2", "wine-8"};
	for (size_t k = 0; k < 2; k++) {
		boot(rows[k], "2025-03-01T00:00:00Z");
		pki_in_stores();
		put(&m.w.machine_stores[CS_STORE_CA], "crl/intermediate.crl");
		uint32_t st = element_status(
		    "leaf-revoked.crt", 0, CS_CHAIN_REVOCATION_CHECK_END_CERT);
		if (k == 0)
			ck_assert_uint_eq(st & 0x01000044u, 0x4u);
		else
			ck_assert_uint_eq(st & 0x4u, 0);
		teardown();
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("revocation_api");
	TCase *tc = tcase_create("revocation_api");
	tcase_add_test(tc, store_crl_by_date_edges);
	tcase_add_test(tc, store_crl_after_this_update_edges);
	tcase_add_test(tc, store_crl_not_listed_or_not_the_issuers);
	tcase_add_test(tc, dispatcher_arguments);
	tcase_add_test(tc, provider_arguments_status);
	tcase_add_test(tc, provider_type_and_encoding);
	tcase_add_test(tc, provider_time_to_use);
	tcase_add_test(tc, chain_store_step_edges);
	tcase_add_test(tc, chain_store_revoked);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
