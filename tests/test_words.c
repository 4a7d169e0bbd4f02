/* engine/chain/words.h: the one parser per input kind that `capisim
 * verify`, `compare wine --verify` and the scenario's verify step share.
 * Values from wincrypt.h / wininet.h (mingw-w64's headers agree). */
#include <check.h>
#include <string.h>

#include "engine/chain/words.h"
#include "tests/check_main.h"

START_TEST(policies)
{
	char err[CS_WORDS_ERR];
	cs_policy_id id;
	ck_assert(cs_words_policy("ssl", &id, err) && id == 4);
	ck_assert(cs_words_policy("CERT_CHAIN_POLICY_NT_AUTH", &id, err) &&
	          id == 6);
	ck_assert(
	    cs_words_policy("cert_chain_policy_microsoft_root", &id, err) &&
	    id == 7);
	ck_assert(cs_words_policy("2", &id, err) && id == 2);
	ck_assert(cs_words_policy("0xc", &id, err) && id == 12);
	/* the edges of the numbers: 1..12 */
	ck_assert(!cs_words_policy("0", &id, err));
	ck_assert(!cs_words_policy("13", &id, err));
	ck_assert(!cs_words_policy("-1", &id, err));
	ck_assert(!cs_words_policy("", &id, err));
	ck_assert(!cs_words_policy("tls", &id, err));
	ck_assert_msg(strstr(err, "unknown policy 'tls'") &&
	                  strstr(err, "nt-auth"),
	              "%s", err);
	for (int i = 1; i <= CS_POLICY_MAX; i++) {
		ck_assert(
		    cs_words_policy(cs_policy_name((cs_policy_id)i), &id, err));
		ck_assert_int_eq(id, i);
	}
}
END_TEST

START_TEST(policy_flags)
{
	char err[CS_WORDS_ERR];
	uint32_t f = 99;
	ck_assert(cs_words_policy_flags("allow-unknown-ca", &f, err) &&
	          f == 0x10);
	ck_assert(cs_words_policy_flags(
	              "allow-unknown-ca,ignore-not-time-valid", &f, err) &&
	          f == 0x11);
	ck_assert(cs_words_policy_flags("CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_"
	                                "FLAG|CERT_CHAIN_POLICY_IGNORE_WRONG_"
	                                "USAGE_FLAG",
	                                &f, err) &&
	          f == 0x30);
	ck_assert(cs_words_policy_flags("ignore-all-rev-unknown", &f, err) &&
	          f == 0xf00);
	ck_assert(cs_words_policy_flags("ignore-all-not-time-valid", &f, err) &&
	          f == 0x7);
	ck_assert(cs_words_policy_flags("ms-check-application-root", &f, err) &&
	          f == 0x20000);
	ck_assert(cs_words_policy_flags("bc-ca", &f, err) && f == 0x80000000u);
	ck_assert(cs_words_policy_flags("0x10,32", &f, err) && f == 0x30);
	ck_assert(cs_words_policy_flags("0", &f, err) && f == 0);
	ck_assert(cs_words_policy_flags("0xffffffff", &f, err) &&
	          f == 0xffffffffu);
	f = 7;
	ck_assert(!cs_words_policy_flags("0x100000000", &f, err));
	ck_assert(!cs_words_policy_flags("allow-unknown-ca,", &f, err));
	ck_assert(!cs_words_policy_flags(",allow-unknown-ca", &f, err));
	ck_assert(!cs_words_policy_flags("", &f, err));
	ck_assert(!cs_words_policy_flags("allow-everything", &f, err));
	ck_assert_msg(strstr(err, "unknown policy flag 'allow-everything'"),
	              "%s", err);
	ck_assert_uint_eq(f, 7); /* unchanged on failure */
}
END_TEST

START_TEST(ssl_words)
{
	char err[CS_WORDS_ERR];
	uint32_t f;
	ck_assert(cs_words_ssl_checks("ignore-unknown-ca", &f, err) &&
	          f == 0x100);
	ck_assert(cs_words_ssl_checks("SECURITY_FLAG_IGNORE_CERT_CN_INVALID,"
	                              "ignore-cert-date-invalid",
	                              &f, err) &&
	          f == 0x3000);
	ck_assert(cs_words_ssl_checks("ignore-revocation|ignore-wrong-usage",
	                              &f, err) &&
	          f == 0x280);
	ck_assert(cs_words_ssl_checks("8448", &f, err) && f == 0x2100);
	/* the policy's own flag is no fdwChecks word */
	ck_assert(!cs_words_ssl_checks("allow-unknown-ca", &f, err));
	int auth;
	ck_assert(cs_words_auth_type("client", &auth, err) && auth == 1);
	ck_assert(cs_words_auth_type("AUTHTYPE_SERVER", &auth, err) &&
	          auth == 2);
	ck_assert(cs_words_auth_type("0", &auth, err) && auth == 0);
	ck_assert(!cs_words_auth_type("peer", &auth, err));
	cs_usage_match m;
	ck_assert(cs_words_usage_match("or", &m, err) &&
	          m == CS_USAGE_MATCH_OR);
	ck_assert(cs_words_usage_match("USAGE_MATCH_TYPE_AND", &m, err) &&
	          m == CS_USAGE_MATCH_AND);
	ck_assert(cs_words_usage_match("1", &m, err) && m == CS_USAGE_MATCH_OR);
	ck_assert(!cs_words_usage_match("2", &m, err));
	ck_assert(!cs_words_usage_match("xor", &m, err));
}
END_TEST

START_TEST(chain_words)
{
	char err[CS_WORDS_ERR];
	uint32_t f;
	ck_assert(cs_words_chain_flags("none", &f, err) && f == 0);
	ck_assert(cs_words_chain_flags("chain-exclude-root", &f, err) &&
	          f == 0x40000000u);
	ck_assert(cs_words_chain_flags("chain,cache-only,no-aia", &f, err) &&
	          f == (0x20000000u | 0x80000000u | 0x2000u));
	ck_assert(cs_words_chain_flags("CERT_CHAIN_REVOCATION_CHECK_END_CERT",
	                               &f, err) &&
	          f == 0x10000000u);
	ck_assert(cs_words_chain_flags("0x20000000", &f, err) &&
	          f == 0x20000000u);
	ck_assert(!cs_words_chain_flags("sometimes", &f, err));
	ck_assert_str_eq(cs_words_usage_oid("serverAuth"), "1.3.6.1.5.5.7.3.1");
	ck_assert_str_eq(cs_words_usage_oid("1.2.3"), "1.2.3");
	ck_assert_ptr_null(cs_words_usage_oid("1."));
	ck_assert_ptr_null(cs_words_usage_oid(".1"));
	ck_assert_ptr_null(cs_words_usage_oid("1"));
	ck_assert_ptr_null(cs_words_usage_oid("serverauth"));
	char list[256];
	cs_words_list("auth", list, sizeof list);
	ck_assert_str_eq(list, "client, server");
	cs_words_list("policy", list, 24);
	ck_assert_uint_lt(strlen(list), 24); /* cut, never past the end */
}
END_TEST

static Suite *make(void)
{
	Suite *s = suite_create("words");
	TCase *tc = tcase_create("words");
	tcase_add_test(tc, policies);
	tcase_add_test(tc, policy_flags);
	tcase_add_test(tc, ssl_words);
	tcase_add_test(tc, chain_words);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(make)
