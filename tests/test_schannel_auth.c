/* Client authentication against a Schannel server: the client's choice from
 * the list, the server's validation under each ClientAuthTrustMode, the
 * SendTrustedIssuerList default, and incident B's shape in memory.
 *
 * Expected outcomes and why:
 *  - a client certificate qualifies only if a CA of its chain is in the list
 *    the server sent; nothing qualifies -> none is sent -> IIS 403.7
 *    (KB 2801679 "Details", KB 2802568 scenario 2);
 *  - SendTrustedIssuerList=0 on 2008 R2 sends no list, so any certificate
 *    qualifies (KB 933430's workaround);
 *  - 2012: SendTrustedIssuerList absent = not sent; the list comes from
 *    ClientAuthIssuer when it holds certificates ("What's New in TLS/SSL
 *    (Schannel SSP)", Windows Server 2012); past 16 KB authentication fails
 *    whatever SendTrustedIssuerList says (KB 2880390) -> 403.16 with
 *    CERT_E_UNTRUSTEDROOT 0x800B0109 (KB 2802568 scenario 1);
 *  - trust modes 0/1/2 as that page's table defines them;
 *  - the alert a failing TLS-level handshake carries: 47 (seed 002, event
 *    36887 "fatal alert 47"). */
#include <string.h>

#include "check_main.h"
#include "reg_paths.h"
#include "pki/cert.h"
#include "engine/schannel/machine.h"
#include "schannel_testcerts.h"

#define MAXV 1200

/* 2012-12-12 00:00:00 UTC as FILETIME ticks: (1355270400 s since 1970 +
 * 11644473600 s from 1601) * 10^7. */
#define NOW ((cs_filetime)((1355270400LL + 11644473600LL) * 10000000LL))

/* The certificates of a test, interned in its pool: the server machine's
 * stores, the application store, the client's certificates and CAs. */
static cs_pool *pool;
static const struct cs_cert *set_v[CS_STORE_COUNT + 3][MAXV];
static size_t set_n[CS_STORE_COUNT + 3];
enum { APP = CS_STORE_COUNT, CL_CERTS, CL_CAS };
static bool send_set, mode_set;
static uint32_t send_value, mode_value;
static cs_machine m;
static bool have_machine;

static const struct cs_cert *ent_root, *ent_issuing, *client;
static X509 *x_ent_root, *x_ent_issuing;

/* Intern x in the pool (the pool copies the DER) and free x unless kept. */
static const struct cs_cert *obj(X509 *x, bool keep)
{
	unsigned char *der = NULL;
	int len = i2d_X509(x, &der);
	ck_assert_int_gt(len, 0);
	const struct cs_cert *c = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	ck_assert_int_eq(
	    cs_cert_from_der(pool, (cs_bytes){der, (size_t)len}, &c, &d),
	    CS_OK);
	OPENSSL_free(der);
	if (!keep)
		X509_free(x);
	return c;
}

static void put(int set, const struct cs_cert *c)
{
	ck_assert_uint_lt(set_n[set], MAXV);
	set_v[set][set_n[set]++] = c;
}

static void clear_set(int set)
{
	set_n[set] = 0;
}

/* The enterprise PKI (root in EnterpriseRoot, issuing CA in CA, client cert
 * with client-auth EKU) and a few ordinary roots in Root. */
static void setup(void)
{
	ck_assert_int_eq(cs_pool_new(&pool, "."), CS_OK);
	memset(set_n, 0, sizeof set_n);
	send_set = mode_set = have_machine = false;
	x_ent_root =
	    tc_cert_cn("Contoso Enterprise Root CA", NULL, true, TC_EKU_NONE);
	x_ent_issuing = tc_cert_cn("Contoso Client Auth Issuing CA", x_ent_root,
	                           true, TC_EKU_NONE);
	client = obj(tc_cert_cn("alice", x_ent_issuing, false, TC_EKU_CLIENT),
	             false);
	ent_root = obj(x_ent_root, true);
	ent_issuing = obj(x_ent_issuing, true);
	put(CS_STORE_ENTERPRISE_ROOT, ent_root);
	put(CS_STORE_CA, ent_issuing);
	put(CL_CERTS, client);
	put(CL_CAS, ent_issuing);
	put(CL_CAS, ent_root);
	for (unsigned i = 0; i < 20; i++) {
		X509_NAME *n = tc_name_of_len(60 + i, 9000 + i);
		put(CS_STORE_ROOT,
		    obj(tc_cert(n, NULL, true, TC_EKU_NONE), false));
		X509_NAME_free(n);
	}
}

static void teardown(void)
{
	if (have_machine)
		cs_machine_free(&m);
	X509_free(x_ent_root);
	X509_free(x_ent_issuing);
	cs_pool_free(pool);
	pool = NULL;
}

/* The root package: 330 third-party roots into AuthRoot, DER subject
 * lengths 33..169 with mean 101 (RULES.md 8: Debian's bundle has names of
 * 33..213 bytes, mean 101). 2 + 330 * 103 = 33992 bytes: "~33 KB". */
static void install_root_package(void)
{
	for (unsigned i = 0; i < 330; i++) {
		size_t len = 33 + (i * 97) % 137;
		if (len == 130) /* the test name builder cannot make 130 */
			len = 129;
		X509_NAME *n = tc_name_of_len(len, i);
		ck_assert_ptr_nonnull(n);
		put(CS_STORE_AUTHROOT,
		    obj(tc_cert(n, NULL, true, TC_EKU_NONE), false));
		X509_NAME_free(n);
	}
}

static long events_logged(unsigned id)
{
	long n = 0;
	for (size_t i = 0; i < m.w.events.n; i++)
		n += m.w.events.events[i].id == id;
	return n;
}

/* The server machine with the sets as its stores and the settings in its
 * registry, one handshake on it. */
static cs_sch_auth_outcome run(cs_profile_id pid, cs_sch_app app,
                               cs_sch_auth_result *r)
{
	ck_assert_int_eq(
	    cs_machine_init(&m, pool, cs_profile_by_id(pid), NOW, true), CS_OK);
	have_machine = true;
	for (int s = 0; s < CS_STORE_COUNT; s++)
		for (size_t i = 0; i < set_n[s]; i++)
			ck_assert_int_eq(
			    cs_store_add(&m.w.machine_stores[s], set_v[s][i]),
			    CS_OK);
	if (send_set)
		ck_assert_int_eq(cs_reg_set(&m.w.reg, CS_ACCOUNT_SYSTEM,
		                            CS_SCH_REG_KEY,
		                            "SendTrustedIssuerList",
		                            CS_REG_DWORD, &send_value, 4),
		                 CS_OK);
	if (mode_set)
		ck_assert_int_eq(cs_reg_set(&m.w.reg, CS_ACCOUNT_SYSTEM,
		                            CS_SCH_REG_KEY,
		                            "ClientAuthTrustMode", CS_REG_DWORD,
		                            &mode_value, 4),
		                 CS_OK);
	cs_sch_server_config cfg = {.app = app,
	                            .app_store = {set_v[APP], set_n[APP]}};
	cs_sch_client_config cl = {.certs = {set_v[CL_CERTS], set_n[CL_CERTS]},
	                           .cas = {set_v[CL_CAS], set_n[CL_CAS]}};
	ck_assert_int_eq(cs_schannel_client_auth(&m, &cfg, &cl, r), CS_OK);
	return r->outcome;
}

/* Whether cert's subject is among the names the server would send now. */
static bool listed(const struct cs_cert *c)
{
	cs_sch_server_config cfg = {.app = CS_SCH_APP_IIS};
	cs_sch_snapshot snap;
	cs_sch_server srv;
	ck_assert_int_eq(cs_schannel_issuer_list(&m, &cfg, &snap, &srv), CS_OK);
	bool in = cs_sch_issuer_list_has(&srv.list, c->subject_der.data,
	                                 c->subject_der.len);
	cs_sch_server_free(&srv);
	cs_sch_snapshot_free(&snap);
	return in;
}

#define RUN(pid, app)         \
	cs_sch_auth_result r; \
	cs_sch_auth_outcome out = run(pid, app, &r)

START_TEST(r2_small_store_ok)
{
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
	ck_assert(r.list_sent); /* absent = send on 2008 R2 */
	ck_assert_int_eq(events_logged(36885), 0);
	ck_assert_uint_eq(r.http_status, 200);
	ck_assert_str_eq(r.sent_label, "CN=alice");
	ck_assert_str_eq(r.matched_label, "CN=Contoso Enterprise Root CA");
}
END_TEST

START_TEST(r2_root_package_drops_enterprise_ca)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert(r.list_truncated);
	ck_assert_int_eq(events_logged(36885), 1); /* KB 2801679 */
	ck_assert(!listed(ent_root));
	ck_assert_int_eq(out, CS_SCH_AUTH_NO_CERT);
	ck_assert_str_eq(r.sent_label, "");
	ck_assert_uint_eq(r.http_status, 403); /* 403.7: KB 2802568 */
	ck_assert_uint_eq(r.http_substatus, 7);
}
END_TEST

START_TEST(r2_tls_service_gets_alert_47)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_TLS);
	ck_assert_int_eq(out, CS_SCH_AUTH_NO_CERT);
	ck_assert_uint_eq(r.alert, 47); /* seed 002: 36887 "fatal alert 47" */
	ck_assert(r.alert_from_client);
	ck_assert_int_eq(events_logged(36887), 1);
}
END_TEST

START_TEST(r2_send_trusted_issuer_list_0_is_a_workaround)
{
	install_root_package();
	send_set = true;
	send_value = 0;
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert(!r.list_sent);
	ck_assert_int_eq(events_logged(36885), 0); /* KB 933430 */
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(r2_deleting_authroot_restores)
{
	install_root_package();
	clear_set(CS_STORE_AUTHROOT); /* reg delete ...\AuthRoot\Certificates */
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert(!r.list_truncated);
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(s2012_client_auth_issuer_store_is_immune)
{
	install_root_package();
	put(CS_STORE_CLIENT_AUTH_ISSUER, ent_root);
	RUN(CS_PROFILE_SERVER_2012, CS_SCH_APP_IIS);
	ck_assert_int_eq(r.list_source, CS_SCH_SOURCE_CLIENT_AUTH_ISSUER);
	ck_assert_uint_eq(r.list_names, 1);
	ck_assert(!r.list_truncated);
	ck_assert(!r.list_sent); /* absent = not sent on 2012 */
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(s2012_root_only_fails_even_unsent)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2012, CS_SCH_APP_IIS);
	ck_assert(!r.list_sent);
	ck_assert_int_eq(events_logged(36885), 1); /* KB 2880390 */
	ck_assert_int_eq(out, CS_SCH_AUTH_REJECTED);
	ck_assert_uint_eq(r.error, 0x800B0109u); /* KB 2802568 */
	ck_assert_uint_eq(r.http_substatus, 16);
}
END_TEST

START_TEST(s2012r2_root_only_ok)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2012R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(events_logged(36885), 0);
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
}
END_TEST

/* ClientAuthIssuer holds in_cai (the issuing CA, an intermediate, unless
 * said otherwise). */
static cs_sch_auth_outcome mode_case(uint32_t mode, bool drop_machine_root,
                                     const struct cs_cert *in_cai)
{
	put(CS_STORE_CLIENT_AUTH_ISSUER, in_cai);
	if (drop_machine_root)
		clear_set(CS_STORE_ENTERPRISE_ROOT);
	mode_set = true;
	mode_value = mode;
	RUN(CS_PROFILE_SERVER_2012R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(r.mode, (cs_sch_trust_mode)mode);
	return out;
}

START_TEST(mode0_machine_trust)
{
	ck_assert_int_eq(mode_case(0, false, ent_issuing), CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(mode0_needs_machine_root)
{
	ck_assert_int_eq(mode_case(0, true, ent_issuing), CS_SCH_AUTH_REJECTED);
}
END_TEST

START_TEST(mode1_root_must_be_in_issuer_store)
{
	ck_assert_int_eq(mode_case(1, false, ent_issuing),
	                 CS_SCH_AUTH_REJECTED);
}
END_TEST

START_TEST(mode1_root_in_issuer_store_ok)
{
	ck_assert_int_eq(mode_case(1, true, ent_root), CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(mode2_intermediate_anchor_without_machine_root)
{
	ck_assert_int_eq(mode_case(2, true, ent_issuing), CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(mode2_needs_a_ca_in_issuer_store)
{
	const struct cs_cert *other =
	    obj(tc_cert_cn("Unrelated CA", NULL, true, TC_EKU_NONE), false);
	ck_assert_int_eq(mode_case(2, false, other), CS_SCH_AUTH_REJECTED);
}
END_TEST

/* 2008 R2 has no trust modes: ClientAuthTrustMode=2 is not read. */
START_TEST(r2_ignores_trust_mode)
{
	clear_set(CS_STORE_ENTERPRISE_ROOT);
	mode_set = true;
	mode_value = 2;
	put(CS_STORE_CLIENT_AUTH_ISSUER, ent_issuing);
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(r.mode, CS_SCH_TRUST_MACHINE);
	ck_assert_int_eq(r.list_source, CS_SCH_SOURCE_ROOT);
	/* No machine root: the list lacks it, nothing qualifies. */
	ck_assert_int_eq(out, CS_SCH_AUTH_NO_CERT);
}
END_TEST

START_TEST(untrusted_client_rejected_when_list_not_sent)
{
	X509 *rogue = tc_cert_cn("Rogue Root", NULL, true, TC_EKU_NONE);
	const struct cs_cert *mallory =
	    obj(tc_cert_cn("mallory", rogue, false, TC_EKU_CLIENT), false);
	clear_set(CL_CERTS);
	clear_set(CL_CAS);
	put(CL_CERTS, mallory);
	put(CL_CAS, obj(rogue, false));
	send_set = true;
	send_value = 0;
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_TLS);
	ck_assert_int_eq(out, CS_SCH_AUTH_REJECTED);
	ck_assert_uint_eq(r.error, 0x800B0109u); /* RULES.md 2 */
	ck_assert_uint_eq(r.alert, 47);
	ck_assert(!r.alert_from_client);
}
END_TEST

/* The server's chain engine checks the usage: a client certificate for
 * server authentication only fails the clientAuth usage (RULES.md 2:
 * CERT_E_WRONG_USAGE 0x800B0110), and an expired one CERT_E_EXPIRED. */
START_TEST(server_chain_checks_usage)
{
	clear_set(CL_CERTS);
	put(CL_CERTS,
	    obj(tc_cert_cn("bob", x_ent_issuing, false, TC_EKU_SERVER_ONLY),
	        false));
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(out, CS_SCH_AUTH_REJECTED);
	ck_assert_uint_eq(r.error, 0x800B0110u);
	ck_assert_uint_eq(r.http_substatus, 16);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("schannel_auth");
	TCase *t = tcase_create("auth");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, r2_small_store_ok);
	tcase_add_test(t, r2_root_package_drops_enterprise_ca);
	tcase_add_test(t, r2_tls_service_gets_alert_47);
	tcase_add_test(t, r2_send_trusted_issuer_list_0_is_a_workaround);
	tcase_add_test(t, r2_deleting_authroot_restores);
	tcase_add_test(t, s2012_client_auth_issuer_store_is_immune);
	tcase_add_test(t, s2012_root_only_fails_even_unsent);
	tcase_add_test(t, s2012r2_root_only_ok);
	tcase_add_test(t, mode0_machine_trust);
	tcase_add_test(t, mode0_needs_machine_root);
	tcase_add_test(t, mode1_root_must_be_in_issuer_store);
	tcase_add_test(t, mode1_root_in_issuer_store_ok);
	tcase_add_test(t, mode2_intermediate_anchor_without_machine_root);
	tcase_add_test(t, mode2_needs_a_ca_in_issuer_store);
	tcase_add_test(t, r2_ignores_trust_mode);
	tcase_add_test(t, untrusted_client_rejected_when_list_not_sent);
	tcase_add_test(t, server_chain_checks_usage);
	suite_add_tcase(s, t);
	return s;
}

CS_CHECK_MAIN(suite)
