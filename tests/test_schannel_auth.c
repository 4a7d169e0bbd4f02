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
#include "engine/schannel/client_auth.h"
#include "schannel_testcerts.h"

#define MAXV 1200

/* 2012-12-12 00:00:00 UTC as FILETIME ticks: (1355270400 s since 1970 +
 * 11644473600 s from 1601) * 10^7. */
#define NOW ((cs_filetime)((1355270400LL + 11644473600LL) * 10000000LL))

static X509 *x509s[MAXV];
static cs_sch_cert views[MAXV];
static size_t nviews;

/* Sets: server stores, the application store, the client's. */
static const cs_sch_cert *set_v[CS_STORE_COUNT + 3][MAXV];
enum { APP = CS_STORE_COUNT, CL_CERTS, CL_CAS };
static cs_sch_stores st;
static cs_sch_client cl;
static cs_sch_settings settings;

static X509 *ent_root, *ent_issuing, *client;
static cs_sch_cert *v_ent_root, *v_ent_issuing, *v_client;

static cs_sch_cert *view_of(X509 *x)
{
	ck_assert_uint_lt(nviews, MAXV);
	x509s[nviews] = x;
	ck_assert_int_eq(cs_sch_cert_from_x509(&views[nviews], x), CS_OK);
	return &views[nviews++];
}

static void put(int set, const cs_sch_cert *v)
{
	cs_sch_certs *s = set == APP        ? &st.app
	                  : set == CL_CERTS ? &cl.certs
	                  : set == CL_CAS   ? &cl.cas
	                                    : &st.store[set];
	set_v[set][s->n] = v;
	s->v = set_v[set];
	s->n++;
}

static void clear_set(int set)
{
	cs_sch_certs *s = set == APP ? &st.app : &st.store[set];
	s->n = 0;
}

/* The enterprise PKI (root in EnterpriseRoot, issuing CA in CA, client cert
 * with client-auth EKU) and a few ordinary roots in Root. */
static void setup(void)
{
	memset(&st, 0, sizeof st);
	memset(&cl, 0, sizeof cl);
	memset(&settings, 0, sizeof settings);
	ent_root =
	    tc_cert_cn("Contoso Enterprise Root CA", NULL, true, TC_EKU_NONE);
	ent_issuing = tc_cert_cn("Contoso Client Auth Issuing CA", ent_root,
	                         true, TC_EKU_NONE);
	client = tc_cert_cn("alice", ent_issuing, false, TC_EKU_CLIENT);
	v_ent_root = view_of(ent_root);
	v_ent_issuing = view_of(ent_issuing);
	v_client = view_of(client);
	put(CS_STORE_ENTERPRISE_ROOT, v_ent_root);
	put(CS_STORE_CA, v_ent_issuing);
	put(CL_CERTS, v_client);
	put(CL_CAS, v_ent_issuing);
	put(CL_CAS, v_ent_root);
	for (unsigned i = 0; i < 20; i++) {
		X509_NAME *n = tc_name_of_len(60 + i, 9000 + i);
		put(CS_STORE_ROOT,
		    view_of(tc_cert(n, NULL, true, TC_EKU_NONE)));
		X509_NAME_free(n);
	}
}

static void teardown(void)
{
	for (size_t i = 0; i < nviews; i++) {
		cs_sch_cert_clear(&views[i]);
		X509_free(x509s[i]);
	}
	nviews = 0;
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
		    view_of(tc_cert(n, NULL, true, TC_EKU_NONE)));
		X509_NAME_free(n);
	}
}

static cs_sch_auth_outcome run(cs_profile_id pid, cs_sch_app app,
                               cs_sch_server *srv, cs_sch_auth_result *r)
{
	ck_assert_int_eq(
	    cs_sch_server_prepare(srv, cs_profile_by_id(pid), &st, &settings),
	    CS_OK);
	cs_sch_client_auth(srv, &st, &cl, NOW, app, r);
	return r->outcome;
}

#define RUN(pid, app)         \
	cs_sch_server srv;    \
	cs_sch_auth_result r; \
	cs_sch_auth_outcome out = run(pid, app, &srv, &r)

START_TEST(r2_small_store_ok)
{
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
	ck_assert(srv.send); /* absent = send on 2008 R2 */
	ck_assert(!srv.logs_36885);
	ck_assert_uint_eq(r.http_status, 200);
	ck_assert_ptr_eq(r.sent, v_client);
	ck_assert_ptr_eq(r.matched_ca, v_ent_root);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(r2_root_package_drops_enterprise_ca)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert(srv.list.truncated);
	ck_assert(srv.logs_36885);
	ck_assert(!cs_sch_issuer_list_has(&srv.list, v_ent_root->subject,
	                                  v_ent_root->subject_len));
	ck_assert_uint_le(srv.list.wire_len, 16384);
	ck_assert_int_eq(out, CS_SCH_AUTH_NO_CERT);
	ck_assert_ptr_null(r.sent);
	ck_assert_uint_eq(r.http_status, 403); /* 403.7: KB 2802568 */
	ck_assert_uint_eq(r.http_substatus, 7);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(r2_tls_service_gets_alert_47)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_TLS);
	ck_assert_int_eq(out, CS_SCH_AUTH_NO_CERT);
	ck_assert_uint_eq(r.alert, 47); /* seed 002: 36887 "fatal alert 47" */
	ck_assert(r.alert_from_client);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(r2_send_trusted_issuer_list_0_is_a_workaround)
{
	install_root_package();
	settings.send_set = true;
	settings.send = 0;
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert(!srv.send);
	ck_assert(!srv.logs_36885);
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(r2_deleting_authroot_restores)
{
	install_root_package();
	clear_set(CS_STORE_AUTHROOT); /* reg delete ...\AuthRoot\Certificates */
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert(!srv.list.truncated);
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(s2012_client_auth_issuer_store_is_immune)
{
	install_root_package();
	put(CS_STORE_CLIENT_AUTH_ISSUER, v_ent_root);
	RUN(CS_PROFILE_SERVER_2012, CS_SCH_APP_IIS);
	ck_assert_int_eq(srv.source, CS_SCH_SOURCE_CLIENT_AUTH_ISSUER);
	ck_assert_uint_eq(srv.list.kept, 1);
	ck_assert(!srv.list.truncated);
	ck_assert(!srv.send); /* absent = not sent on 2012 */
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(s2012_root_only_fails_even_unsent)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2012, CS_SCH_APP_IIS);
	ck_assert(!srv.send);
	ck_assert(srv.logs_36885);
	ck_assert_int_eq(out, CS_SCH_AUTH_REJECTED);
	ck_assert_uint_eq(r.error, 0x800B0109u); /* KB 2802568 */
	ck_assert_uint_eq(r.http_substatus, 16);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(s2012r2_root_only_ok)
{
	install_root_package();
	RUN(CS_PROFILE_SERVER_2012R2, CS_SCH_APP_IIS);
	ck_assert(!srv.logs_36885);
	ck_assert_int_eq(out, CS_SCH_AUTH_OK);
	cs_sch_server_free(&srv);
}
END_TEST

/* ClientAuthIssuer holds only the issuing CA (an intermediate). */
static cs_sch_auth_outcome mode_case(uint32_t mode, bool drop_machine_root,
                                     const cs_sch_cert *in_cai)
{
	put(CS_STORE_CLIENT_AUTH_ISSUER, in_cai);
	if (drop_machine_root)
		clear_set(CS_STORE_ENTERPRISE_ROOT);
	settings.mode_set = true;
	settings.mode = mode;
	RUN(CS_PROFILE_SERVER_2012R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(srv.mode, (cs_sch_trust_mode)mode);
	cs_sch_server_free(&srv);
	return out;
}

START_TEST(mode0_machine_trust)
{
	ck_assert_int_eq(mode_case(0, false, v_ent_issuing), CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(mode0_needs_machine_root)
{
	ck_assert_int_eq(mode_case(0, true, v_ent_issuing),
	                 CS_SCH_AUTH_REJECTED);
}
END_TEST

START_TEST(mode1_root_must_be_in_issuer_store)
{
	ck_assert_int_eq(mode_case(1, false, v_ent_issuing),
	                 CS_SCH_AUTH_REJECTED);
}
END_TEST

START_TEST(mode1_root_in_issuer_store_ok)
{
	ck_assert_int_eq(mode_case(1, true, v_ent_root), CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(mode2_intermediate_anchor_without_machine_root)
{
	ck_assert_int_eq(mode_case(2, true, v_ent_issuing), CS_SCH_AUTH_OK);
}
END_TEST

START_TEST(mode2_needs_a_ca_in_issuer_store)
{
	X509 *other = tc_cert_cn("Unrelated CA", NULL, true, TC_EKU_NONE);
	ck_assert_int_eq(mode_case(2, false, view_of(other)),
	                 CS_SCH_AUTH_REJECTED);
}
END_TEST

/* 2008 R2 has no trust modes: ClientAuthTrustMode=2 is not read. */
START_TEST(r2_ignores_trust_mode)
{
	clear_set(CS_STORE_ENTERPRISE_ROOT);
	settings.mode_set = true;
	settings.mode = 2;
	put(CS_STORE_CLIENT_AUTH_ISSUER, v_ent_issuing);
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_IIS);
	ck_assert_int_eq(srv.mode, CS_SCH_TRUST_MACHINE);
	ck_assert_int_eq(srv.source, CS_SCH_SOURCE_ROOT);
	/* No machine root: the list lacks it, nothing qualifies. */
	ck_assert_int_eq(out, CS_SCH_AUTH_NO_CERT);
	cs_sch_server_free(&srv);
}
END_TEST

START_TEST(untrusted_client_rejected_when_list_not_sent)
{
	X509 *rogue = tc_cert_cn("Rogue Root", NULL, true, TC_EKU_NONE);
	X509 *mallory = tc_cert_cn("mallory", rogue, false, TC_EKU_CLIENT);
	cl.certs.n = 0;
	cl.cas.n = 0;
	put(CL_CERTS, view_of(mallory));
	put(CL_CAS, view_of(rogue));
	settings.send_set = true;
	settings.send = 0;
	RUN(CS_PROFILE_SERVER_2008R2, CS_SCH_APP_TLS);
	ck_assert_int_eq(out, CS_SCH_AUTH_REJECTED);
	ck_assert_uint_eq(r.error, 0x800B0109u);
	ck_assert_uint_eq(r.alert, 47);
	ck_assert(!r.alert_from_client);
	cs_sch_server_free(&srv);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("schannel_auth");
	TCase *t = tcase_create("auth");
	tcase_set_timeout(t, 60);
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
	suite_add_tcase(s, t);
	return s;
}

CS_CHECK_MAIN(suite)
