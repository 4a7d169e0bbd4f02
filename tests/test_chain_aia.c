/* AIA caIssuers retrieval in the chain engine (RULES.md 3) through cryptnet
 * (engine/cryptnet/retrieve.h).
 *
 * Expected values: the limits from RULES.md 3 (MaxAIAUrlCountInCert 5,
 * MaxAIAUrlRetrievalCountPerChain 3, MaxAIAUrlRetrievalByteCount 100000 as
 * CRYPT_RETRIEVE_AUX_INFO's dwMaxUrlRetrievalByteCount, a limit per
 * retrieval: DOC), the flags' documented meaning (DOC CertGetCertificateChain:
 * CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL 0x4, CERT_CHAIN_DISABLE_AIA 0x2000),
 * CAPI2 event 53 for an object from the network (RULES.md 4, DOC manifest),
 * and the fetch schema of docs/trace-format.md - never from running this
 * code. */
#include <check.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "chain_testkit.h"
#include "check_main.h"
#include "reg_paths.h"
#include "model/event_catalog.h"
#include "model/eventlog.h"
#include "model/profile_chain.h"
#include "model/registry.h"
#include "model/urlcache.h"

#define AIA_URL "http://pki.capisim.test/intermediate.crt" /* leaf.crt */

static bool is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The fetch observations for url, from observation `from` on. */
static size_t fetches(const cs_machine *m, size_t from, const char *url,
                      const cs_obs **out, size_t cap)
{
	size_t n = 0;
	for (size_t i = from; i < m->w.trace.n; i++) {
		const cs_obs *o = &m->w.trace.obs[i];
		if (strcmp(o->kind, "fetch") == 0 &&
		    is(cs_obs_get_str(o, "url"), url) && n < cap)
			out[n++] = o;
	}
	return n;
}

static size_t count_kind_rule(const cs_machine *m, const char *kind,
                              const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < m->w.trace.n; i++) {
		const cs_obs *o = &m->w.trace.obs[i];
		n += strcmp(o->kind, kind) == 0 && is(o->rule, rule);
	}
	return n;
}

/* CAPI2 Operational logs only once enabled, as on Windows
 * (model/event_catalog.h): the tests that count its events enable it. */
static void enable_capi2(cs_machine *m)
{
	const uint8_t on[4] = {1, 0, 0, 0};
	ck_assert_int_eq(cs_reg_set(&m->w.reg, CS_ACCOUNT_SYSTEM,
	                            CS_EVENT_CHANNELS_KEY "\\" CS_LOG_CAPI2,
	                            "Enabled", CS_REG_DWORD, on, sizeof on),
	                 CS_OK);
}

static size_t count_events(const cs_machine *m, unsigned id)
{
	size_t n = 0;
	for (size_t i = 0; i < m->w.events.n; i++)
		n += m->w.events.events[i].id == id &&
		     strcmp(m->w.events.events[i].log, CS_LOG_CAPI2) == 0;
	return n;
}

static void serve(cs_machine *m, const char *url, cs_net_outcome outcome,
                  int status, cs_bytes body)
{
	cs_net_rule r = {.url = (char *)url,
	                 .from = INT64_MIN,
	                 .until = CS_NET_FOREVER,
	                 .outcome = outcome,
	                 .http_status = status,
	                 .body = body};
	ck_assert_int_eq(cs_net_add_rule(&m->w.net, &r), CS_OK);
}

/* Windows 10 at the basic/ fixtures' time, root.crt trusted, the
 * intermediate served at the leaf's caIssuers URL and in no store. */
static void root_and_served_intermediate(cs_machine *m)
{
	ct_machine(m, NULL, ct_at(CT_T_REF));
	enable_capi2(m);
	ct_add(m, CS_STORE_ROOT, "root.crt");
	serve(m, AIA_URL, CS_NET_OK, 200,
	      cs_cert_der(ct_load("intermediate.crt")));
}

/* Root auto-update stays off: its own downloads (authrootstl.cab, for a
 * chain whose root is missing) would add CAPI2 events 50-53 of their own. */
#define NO_AU CS_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE

static uint32_t build(cs_machine *m, const struct cs_cert *leaf, uint32_t flags,
                      size_t *nelements)
{
	cs_chain_para para = {
	    .account = m->w.acting, .leaf = leaf, .flags = flags | NO_AU};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(m, &para, &ctx), CS_OK);
	uint32_t err = ctx.error_status;
	if (nelements)
		*nelements = ctx.chain.n;
	cs_chain_context_free(&ctx);
	return err;
}

/* The missing intermediate served at the leaf's AIA URL completes the
 * chain and lands in the account's URL cache; DISABLE_AIA keeps it partial
 * without asking for the URL. */
START_TEST(aia_download)
{
	cs_machine m;
	root_and_served_intermediate(&m);
	const struct cs_cert *inter = ct_load("intermediate.crt");
	const cs_obs *f[4];
	ck_assert_uint_eq(
	    build(&m, ct_load("leaf.crt"), CS_CHAIN_DISABLE_AIA, NULL),
	    CS_TRUST_IS_PARTIAL_CHAIN);
	ck_assert_uint_eq(fetches(&m, 0, AIA_URL, f, 4), 0);
	cs_chain_para para = {
	    .account = m.w.acting, .leaf = ct_load("leaf.crt"), .flags = NO_AU};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	ck_assert_uint_eq(ctx.error_status, 0);
	ck_assert_uint_eq(ctx.chain.n, 3);
	ck_assert_ptr_eq(ctx.chain.elements[1].cert, inter);
	cs_chain_context_free(&ctx);
	ck_assert_ptr_nonnull(
	    cs_urlcache_find(&m.w.accounts[m.w.acting].disk_cache, AIA_URL));
	ck_assert_uint_eq(fetches(&m, 0, AIA_URL, f, 4), 1);
	ck_assert(is(cs_obs_get_str(f[0], "from"), "wire"));
	ck_assert(is(cs_obs_get_str(f[0], "outcome"), "ok"));
	ck_assert(is(cs_obs_get_str(f[0], "object"), "cert"));
	ck_assert(is(cs_obs_get_str(f[0], "purpose"), "aia"));
	ck_assert_uint_eq(count_events(&m, 53), 1);
	cs_machine_free(&m);
}
END_TEST

/* A failing URL is one retrieval and one fetch observation whose outcome
 * is the schema's string, even on a profile that looks the issuer up by
 * key id and then by name (two lookup kinds, one URL). */
START_TEST(aia_failure_recorded_once)
{
	cs_machine m;
	ct_machine(&m, NULL, ct_at(CT_T_REF));
	enable_capi2(&m);
	ck_assert(cs_profile_chain(m.w.profile)->aki_falls_back_to_name);
	ct_add(&m, CS_STORE_ROOT, "root.crt");
	serve(&m, AIA_URL, CS_NET_HTTP_ERROR, 404, (cs_bytes){NULL, 0});
	ck_assert_uint_eq(build(&m, ct_load("leaf.crt"), 0, NULL),
	                  CS_TRUST_IS_PARTIAL_CHAIN);
	const cs_obs *f[4];
	ck_assert_uint_eq(fetches(&m, 0, AIA_URL, f, 4), 1);
	const cs_field *outcome = cs_obs_field(f[0], "outcome");
	ck_assert_ptr_nonnull(outcome);
	ck_assert_int_eq(outcome->type, CS_FIELD_STR);
	ck_assert_str_eq(outcome->v.s, "http-error");
	ck_assert(is(cs_obs_get_str(f[0], "from"), "wire"));
	/* HTTP_E_STATUS_NOT_FOUND: what CAPI2 event 53 shows for a 404. */
	const cs_field *err = cs_obs_field(f[0], "error");
	ck_assert_ptr_nonnull(err);
	ck_assert_uint_eq((uint32_t)err->v.i, 0x80190194u);
	ck_assert_uint_eq(count_events(&m, 53), 1);
	ck_assert_ptr_null(
	    cs_urlcache_find(&m.w.accounts[m.w.acting].disk_cache, AIA_URL));
	cs_machine_free(&m);
}
END_TEST

/* After a reboot (process memory and chain cache gone) the issuer comes
 * from the account's disk URL cache: a cache hit, not a network request. */
START_TEST(aia_disk_cache_hit)
{
	cs_machine m;
	root_and_served_intermediate(&m);
	ck_assert_uint_eq(build(&m, ct_load("leaf.crt"), 0, NULL), 0);
	cs_machine_reboot(&m);
	size_t mark = m.w.trace.n;
	size_t n;
	ck_assert_uint_eq(build(&m, ct_load("leaf.crt"), 0, &n), 0);
	ck_assert_uint_eq(n, 3);
	const cs_obs *f[4];
	ck_assert_uint_eq(fetches(&m, mark, AIA_URL, f, 4), 1);
	ck_assert(is(cs_obs_get_str(f[0], "from"), "disk"));
	ck_assert(is(cs_obs_get_str(f[0], "outcome"), "ok"));
	cs_machine_free(&m);
}
END_TEST

/* CACHE_ONLY_URL_RETRIEVAL: nothing cached -> no network request, partial
 * chain; the fetch says not-cached from none. */
START_TEST(aia_cache_only)
{
	cs_machine m;
	root_and_served_intermediate(&m);
	ck_assert_uint_eq(build(&m, ct_load("leaf.crt"),
	                        CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL, NULL),
	                  CS_TRUST_IS_PARTIAL_CHAIN);
	const cs_obs *f[4];
	ck_assert_uint_eq(fetches(&m, 0, AIA_URL, f, 4), 1);
	ck_assert(is(cs_obs_get_str(f[0], "from"), "none"));
	ck_assert(is(cs_obs_get_str(f[0], "outcome"), "not-cached"));
	ck_assert_uint_eq(count_events(&m, 52), 0);
	cs_machine_free(&m);
}
END_TEST

/* MaxAIAUrlRetrievalByteCount 100000: a body one byte over is refused
 * unread (too-big); one of exactly 100000 bytes is read and found not to
 * be a certificate (bad-object). */
static uint8_t big[100001];

START_TEST(aia_byte_limit)
{
	static const struct {
		size_t len;
		const char *outcome;
	} rows[] = {{100001, "too-big"}, {100000, "bad-object"}};
	cs_machine m;
	ct_machine(&m, NULL, ct_at(CT_T_REF));
	ct_add(&m, CS_STORE_ROOT, "root.crt");
	serve(&m, AIA_URL, CS_NET_OK, 200, (cs_bytes){big, rows[_i].len});
	ck_assert_uint_eq(build(&m, ct_load("leaf.crt"), 0, NULL),
	                  CS_TRUST_IS_PARTIAL_CHAIN);
	const cs_obs *f[4];
	ck_assert_uint_eq(fetches(&m, 0, AIA_URL, f, 4), 1);
	ck_assert(is(cs_obs_get_str(f[0], "outcome"), rows[_i].outcome));
	cs_machine_free(&m);
}
END_TEST

/* A certificate whose issuer is in no store, with six caIssuers URLs
 * http://aiaN.capisim.test/ca.crt (N = 1..6). Made here: the limits are
 * about the URLs, not the signature. */
static const struct cs_cert *six_url_leaf(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	ck_assert(key && x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_NAME *subj = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(subj, "CN", MBSTRING_ASC,
	                           (const unsigned char *)"aia-limits.test", -1,
	                           -1, 0);
	X509_NAME *iss = X509_get_issuer_name(x);
	X509_NAME_add_entry_by_txt(iss, "CN", MBSTRING_ASC,
	                           (const unsigned char *)"Absent CA", -1, -1,
	                           0);
	ASN1_TIME_set_string(X509_getm_notBefore(x), "20240101000000Z");
	ASN1_TIME_set_string(X509_getm_notAfter(x), "20260101000000Z");
	X509_set_pubkey(x, key);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(
	    NULL, NULL, NID_info_access,
	    "caIssuers;URI:http://aia1.capisim.test/ca.crt,"
	    "caIssuers;URI:http://aia2.capisim.test/ca.crt,"
	    "caIssuers;URI:http://aia3.capisim.test/ca.crt,"
	    "caIssuers;URI:http://aia4.capisim.test/ca.crt,"
	    "caIssuers;URI:http://aia5.capisim.test/ca.crt,"
	    "caIssuers;URI:http://aia6.capisim.test/ca.crt");
	ck_assert_ptr_nonnull(ext);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	ck_assert_int_gt(X509_sign(x, key, EVP_sha256()), 0);
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	ck_assert_int_gt(n, 0);
	cs_diag d = {0};
	const struct cs_cert *c;
	ck_assert_int_eq(
	    cs_cert_from_der(ct_pool, (cs_bytes){der, (size_t)n}, &c, &d),
	    CS_OK);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(key);
	return c;
}

/* Five URLs are looked at (the sixth never), three go to the network, the
 * fourth and fifth are only looked up in the cache, with a note naming the
 * per-chain limit. None resolves (no rule: dns). */
START_TEST(aia_url_limits)
{
	cs_machine m;
	ct_machine(&m, NULL, ct_at(CT_T_REF));
	enable_capi2(&m);
	const struct cs_cert *leaf = six_url_leaf();
	ck_assert_uint_eq(cs_cert_aia_ca_issuers_urls(leaf).n, 6);
	ck_assert_uint_eq(build(&m, leaf, 0, NULL) & CS_TRUST_IS_PARTIAL_CHAIN,
	                  CS_TRUST_IS_PARTIAL_CHAIN);
	static const char *const want_from[] = {"wire", "wire", "wire",
	                                        "none", "none", NULL};
	for (int i = 0; i < 6; i++) {
		char url[64];
		snprintf(url, sizeof url, "http://aia%d.capisim.test/ca.crt",
		         i + 1);
		const cs_obs *f[4];
		size_t n = fetches(&m, 0, url, f, 4);
		ck_assert_uint_eq(n, want_from[i] ? 1 : 0);
		if (n)
			ck_assert_msg(
			    is(cs_obs_get_str(f[0], "from"), want_from[i]),
			    "%s from %s", url, cs_obs_get_str(f[0], "from"));
	}
	ck_assert_uint_eq(
	    count_kind_rule(&m, "note", "chain.aia.limit_per_chain"), 2);
	ck_assert_uint_eq(count_events(&m, 52), 3);
	cs_machine_free(&m);
}
END_TEST

static Suite *chain_aia_suite(void)
{
	Suite *s = suite_create("chain_aia");
	TCase *tc = tcase_create("chain_aia");
	tcase_add_checked_fixture(tc, ct_setup, ct_teardown);
	tcase_add_test(tc, aia_download);
	tcase_add_test(tc, aia_failure_recorded_once);
	tcase_add_test(tc, aia_disk_cache_hit);
	tcase_add_test(tc, aia_cache_only);
	tcase_add_loop_test(tc, aia_byte_limit, 0, 2);
	tcase_add_test(tc, aia_url_limits);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(chain_aia_suite)
