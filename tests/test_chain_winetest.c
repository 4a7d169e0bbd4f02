/* The chain rules whose evidence is Wine's crypt32 chain tests (WINETEST
 * chain.c: the values real Windows returns; docs/conformance.md), each at its
 * edges on the basic/ fixtures: the legacy subjectAltName 2.5.29.7, alt names
 * CryptoAPI cannot decode, an empty keyUsage, CERT_TRUST_HAS_PREFERRED_ISSUER,
 * the policies beyond BASE / SSL / BASIC_CONSTRAINTS, the SSL policy's extra
 * parameters and requested usages matched with OR. The same fixture chains
 * run in Wine 8 in compare-wine-basic (tests/compare_basic_cases.txt). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "tests/chain_testkit.h"
#include "tests/check_main.h"

#define T_REF CT_T_REF

typedef struct {
	uint32_t err, info;
} st;

/* root -> CA -> leaf with the CA in store `ca_store` (CS_STORE_COUNT: in the
 * call's additional store instead) on profile; the chain's words into
 * el[0..3) and the context's. */
static void build(const char *profile, const char *ca, const char *leaf,
                  bool ca_additional, bool trust_root, st el[3], st *chain,
                  cs_chain_context *ctx_out, cs_machine *m)
{
	ct_machine(m, profile, ct_at(T_REF));
	if (trust_root)
		ct_add(m, CS_STORE_ROOT, "root.crt");
	else
		ct_add(m, CS_STORE_CA, "root.crt");
	cs_store add;
	cs_store_init(&add);
	if (ca_additional)
		ck_assert_int_eq(cs_store_add(&add, ct_load(ca)), CS_OK);
	else
		ct_add(m, CS_STORE_CA, ca);
	cs_chain_para para = {.account = m->w.acting,
	                      .leaf = ct_load(leaf),
	                      .additional = ca_additional ? &add : NULL};
	ck_assert_int_eq(cs_chain_get(m, &para, ctx_out), CS_OK);
	cs_store_free(&add);
	ck_assert_uint_eq(ctx_out->chain.n, 3);
	for (size_t i = 0; i < 3; i++)
		el[i] = (st){ctx_out->chain.elements[i].error_status,
		             ctx_out->chain.elements[i].info_status};
	*chain = (st){ctx_out->error_status, ctx_out->info_status};
}

static cs_policy_status policy(cs_machine *m, const cs_chain_context *ctx,
                               cs_policy_para pp)
{
	cs_policy_status ps;
	ck_assert_int_eq(cs_chain_policy(m, ctx, &pp, &ps), CS_OK);
	return ps;
}

#define POLICY_IS(ps, e, c, el)                                             \
	ck_assert_msg((ps).error == (e) && (ps).chain_index == (c) &&       \
	                  (ps).element_index == (el),                       \
	              "policy 0x%08X (%ld, %ld), expected 0x%08X (%d, %d)", \
	              (ps).error, (ps).chain_index, (ps).element_index,     \
	              (uint32_t)(e), (c), (el))

/* A name only in the legacy 2.5.29.7 extension is held against the CA's
 * constraints: inside the permitted subtree it is valid, 0x400 on the CA
 * and the chain (WINETEST chain.c chainCheck[19]); outside,
 * HAS_NOT_PERMITTED_NAME_CONSTRAINT on the CA (chainCheck[20]); the SSL name
 * check reads it (winehqPolicyCheckWithMatchingName), not the CN. */
START_TEST(legacy_alt_name)
{
	cs_machine m;
	cs_chain_context ctx;
	st el[3], chain;
	build(NULL, "int-nc-permitted.crt", "leaf-legacy-san.crt", false, true,
	      el, &chain, &ctx, &m);
	ck_assert_uint_eq(el[1].err, 0);
	ck_assert_uint_eq(el[1].info, 0x502);
	ck_assert_uint_eq(chain.info, 0x500);
	cs_policy_para ssl = {.policy = CS_POLICY_SSL,
	                      .auth_type = CS_AUTHTYPE_SERVER,
	                      .server_name = "legacy.capisim.test"};
	POLICY_IS(policy(&m, &ctx, ssl), 0, -1, -1);
	ssl.server_name = "www.capisim.test";
	POLICY_IS(policy(&m, &ctx, ssl), CS_CERT_E_CN_NO_MATCH, 0, 0);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);

	build(NULL, "int-nc-permitted.crt", "leaf-legacy-san-outside.crt",
	      false, true, el, &chain, &ctx, &m);
	ck_assert_uint_eq(el[1].err, 0x4000);
	ck_assert_uint_eq(el[1].info, 0x102);
	cs_policy_para base = {.policy = CS_POLICY_BASE};
	POLICY_IS(policy(&m, &ctx, base), CS_CERT_E_INVALID_NAME, 0, 1);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* A dNSName with a NUL cannot be decoded: the constraining CA gets
 * INVALID_NAME_CONSTRAINTS | INVALID_EXTENSION, the leaf nothing (WINETEST
 * chain.c chainCheckEmbeddedNull: 0x920 with the untrusted root's 0x20);
 * no name of it ever matches (WINE match_dns_to_subject_alt_name). */
START_TEST(undecodable_alt_name)
{
	cs_machine m;
	cs_chain_context ctx;
	st el[3], chain;
	build(NULL, "int-nc-permitted.crt", "leaf-san-nul.crt", false, true, el,
	      &chain, &ctx, &m);
	ck_assert_uint_eq(el[0].err, 0);
	ck_assert_uint_eq(el[1].err, 0x900);
	ck_assert_uint_eq(chain.err, 0x900);
	cs_policy_para ssl = {.policy = CS_POLICY_SSL,
	                      .auth_type = CS_AUTHTYPE_SERVER,
	                      .server_name = "nul.capisim.test"};
	POLICY_IS(policy(&m, &ctx, ssl), CS_CERT_E_CN_NO_MATCH, 0, 0);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* keyUsage 03 02 00 00: decoded, the CA lacks keyCertSign -
 * IS_NOT_VALID_FOR_USAGE, no INVALID_EXTENSION (WINETEST chain.c
 * chainCheck[15]: 0x30 on the untrusted root); its key identifiers are
 * still read (the leaf finds it by key: 0x2). */
START_TEST(empty_key_usage)
{
	cs_machine m;
	cs_chain_context ctx;
	st el[3], chain;
	build(NULL, "int-empty-ku.crt", "leaf-int-empty-ku.crt", false, true,
	      el, &chain, &ctx, &m);
	ck_assert_uint_eq(el[1].err, 0x10);
	ck_assert_uint_eq(el[0].info & 0xf, 0x2);
	ck_assert_uint_eq(el[1].info & 0xf, 0x2);
	POLICY_IS(policy(&m, &ctx, (cs_policy_para){.policy = CS_POLICY_BASE}),
	          CS_CERT_E_WRONG_USAGE, 0, 1);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* HAS_PREFERRED_ISSUER (H-chain-1) at its edges, on the good chain. */
static const struct {
	const char *name, *profile;
	bool ca_additional, trusted;
	uint32_t info[3], chain_info;
} preferred[] = {
    /* every issuer from the machine's stores, trusted root: all marked,
     * the chain too (certutil samples: 102 / 102 / 10c, chain 100) */
    {"machine stores", NULL, false, true, {0x102, 0x102, 0x10a}, 0x100},
    /* the CA from the call's additional store: the walk up stops at the
     * leaf; the trusted root naming its own key keeps it (WINETEST
     * chain.c chainCheck[30]: 0x2 / 0x2 / 0x10a, chain 0) */
    {"additional store", NULL, true, true, {0x2, 0x2, 0x10a}, 0},
    /* an untrusted root: nowhere (chainCheck[0]-[29]) */
    {"untrusted root", NULL, false, false, {0x2, 0x2, 0xa}, 0},
    /* XP: on every element, trusted or not (the test's note) */
    {"xp, untrusted", "xp-sp3", false, false, {0x102, 0x102, 0x10a}, 0x100},
    {"xp, additional store",
     "xp-sp3",
     true,
     true,
     {0x102, 0x102, 0x10a},
     0x100},
    /* Wine 8: never (RULES.md 3) */
    {"wine-8", "wine-8", false, true, {0x2, 0x2, 0xa}, 0},
};

START_TEST(preferred_issuer)
{
	cs_machine m;
	cs_chain_context ctx;
	st el[3], chain;
	build(preferred[_i].profile, "intermediate.crt", "leaf.crt",
	      preferred[_i].ca_additional, preferred[_i].trusted, el, &chain,
	      &ctx, &m);
	for (size_t i = 0; i < 3; i++)
		ck_assert_msg(el[i].info == preferred[_i].info[i],
		              "%s: element %zu info 0x%x, expected 0x%x",
		              preferred[_i].name, i, el[i].info,
		              preferred[_i].info[i]);
	ck_assert_msg(chain.info == preferred[_i].chain_info,
	              "%s: chain info 0x%x, expected 0x%x", preferred[_i].name,
	              chain.info, preferred[_i].chain_info);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* The SSL policy's extra parameters (WINE verify_ssl_policy; WINETEST
 * chain.c check_ssl_policy): the name is checked only with the parameters,
 * for AUTHTYPE_SERVER, and "" is a name; fdwChecks and ALLOW_UNKNOWN_CA. */
START_TEST(ssl_parameters)
{
	cs_machine m;
	cs_chain_context ctx;
	st el[3], chain;
	build(NULL, "intermediate.crt", "leaf.crt", false, true, el, &chain,
	      &ctx, &m);
	cs_policy_para p = {.policy = CS_POLICY_SSL,
	                    .auth_type = CS_AUTHTYPE_SERVER,
	                    .server_name = "wrong.capisim.test"};
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_CN_NO_MATCH, 0, 0);
	p.auth_type = CS_AUTHTYPE_CLIENT; /* a client: no name check */
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	p.auth_type = 0; /* neither */
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	p.auth_type = CS_AUTHTYPE_SERVER;
	p.no_ssl_para = true; /* pvExtraPolicyPara NULL */
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	p.no_ssl_para = false;
	p.server_name = ""; /* an empty name matches nothing */
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_CN_NO_MATCH, 0, 0);
	p.ssl_checks = CS_SECURITY_FLAG_IGNORE_CERT_CN_INVALID;
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);

	/* an untrusted root: SECURITY_FLAG_IGNORE_UNKNOWN_CA or
	 * ALLOW_UNKNOWN_CA, but not without the parameters
	 * (ignoredUnknownCAPolicyCheck) */
	build(NULL, "intermediate.crt", "leaf.crt", false, false, el, &chain,
	      &ctx, &m);
	p = (cs_policy_para){.policy = CS_POLICY_SSL,
	                     .auth_type = CS_AUTHTYPE_SERVER,
	                     .ssl_checks = CS_SECURITY_FLAG_IGNORE_UNKNOWN_CA};
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	p.no_ssl_para = true;
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_UNTRUSTEDROOT, 0, 2);
	p.flags = CS_POLICY_ALLOW_UNKNOWN_CA;
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* NT_AUTH (DOC): BASE, BASIC_CONSTRAINTS, then the issuing CA in the
 * enterprise NTAuth store - CERT_E_UNTRUSTEDCA at element 1 when it is not,
 * unless ProtectedRoots' DISABLE_NT_AUTH_REQUIRED flag and a chain with
 * valid name constraints. Wine 8 has no provider (seen running). */
START_TEST(nt_auth)
{
	cs_machine m;
	cs_chain_context ctx;
	st el[3], chain;
	build(NULL, "intermediate.crt", "leaf.crt", false, true, el, &chain,
	      &ctx, &m);
	cs_policy_para p = {.policy = CS_POLICY_NT_AUTH};
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_UNTRUSTEDCA, 0, 1);
	ct_add(&m, CS_STORE_NTAUTH, "intermediate.crt");
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	/* HIWORD: BASIC_CONSTRAINTS' CA flag, which the leaf is not */
	p.flags = CS_BASIC_CONSTRAINTS_CA_FLAG;
	POLICY_IS(policy(&m, &ctx, p), CS_TRUST_E_BASIC_CONSTRAINTS, 0, 0);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);

	build(NULL, "int-nc-permitted.crt", "leaf-nc-permitted-ok.crt", false,
	      true, el, &chain, &ctx, &m);
	p = (cs_policy_para){.policy = CS_POLICY_NT_AUTH};
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_UNTRUSTEDCA, 0, 1);
	uint8_t flags[4] = {0x10, 0, 0, 0}; /* DISABLE_NT_AUTH_REQUIRED */
	char key[CS_REG_PATH_MAX];
	ck_assert_int_eq(cs_reg_canon("HKLM\\SOFTWARE\\Policies\\Microsoft\\"
	                              "SystemCertificates\\Root\\"
	                              "ProtectedRoots",
	                              NULL, key),
	                 CS_OK);
	ck_assert_int_eq(cs_reg_set(&m.w.reg, CS_ACCOUNT_SYSTEM, key, "Flags",
	                            CS_REG_DWORD, flags, sizeof flags),
	                 CS_OK);
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);

	build("wine-8", "intermediate.crt", "leaf.crt", false, true, el, &chain,
	      &ctx, &m);
	cs_policy_status ps;
	ck_assert_int_eq(cs_chain_policy(&m, &ctx, &p, &ps), CS_ERR_NOT_FOUND);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* MICROSOFT_ROOT: a root that is no Microsoft root fails at the last
 * element on Windows (WINETEST chain.c msRootPolicyCheck[0]: (0, 1)), at 0
 * on Wine 8; AUTHENTICODE is BASE for these roots (authenticodePolicy-
 * Check); the policies the model does not evaluate say so. */
START_TEST(other_policies)
{
	cs_machine m;
	cs_chain_context ctx;
	st el[3], chain;
	build(NULL, "intermediate.crt", "leaf.crt", false, true, el, &chain,
	      &ctx, &m);
	cs_policy_para p = {.policy = CS_POLICY_MICROSOFT_ROOT};
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_UNTRUSTEDROOT, 0, 2);
	p.flags = CS_MSROOT_CHECK_APPLICATION_ROOT;
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_UNTRUSTEDROOT, 0, 2);
	p = (cs_policy_para){.policy = CS_POLICY_AUTHENTICODE};
	POLICY_IS(policy(&m, &ctx, p), 0, -1, -1);
	p.policy = CS_POLICY_EV;
	cs_policy_status ps;
	ck_assert_int_eq(cs_chain_policy(&m, &ctx, &p, &ps), CS_ERR_RANGE);
	ck_assert_ptr_nonnull(cs_policy_modelled(m.w.profile, CS_POLICY_EV));
	ck_assert_ptr_null(
	    cs_policy_modelled(m.w.profile, CS_POLICY_MICROSOFT_ROOT));
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);

	build("wine-8", "intermediate.crt", "leaf.crt", false, true, el, &chain,
	      &ctx, &m);
	p = (cs_policy_para){.policy = CS_POLICY_MICROSOFT_ROOT};
	POLICY_IS(policy(&m, &ctx, p), CS_CERT_E_UNTRUSTEDROOT, 0, 0);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* RequestedUsage with USAGE_MATCH_TYPE_OR: one usage of the list suffices
 * (WINETEST chain.c testGetCertChain: serverAuth + 1.2.3 with OR passes,
 * with AND it fails). leaf.crt has serverAuth only. */
START_TEST(usage_match_or)
{
	static const char *const usages[] = {"1.2.3", CS_OID_SERVER_AUTH};
	static const char *const none[] = {"1.2.3", "1.2.4"};
	cs_machine m;
	ct_machine(&m, NULL, ct_at(T_REF));
	ct_add(&m, CS_STORE_ROOT, "root.crt");
	ct_add(&m, CS_STORE_CA, "intermediate.crt");
	cs_chain_para para = {.account = m.w.acting,
	                      .leaf = ct_load("leaf.crt"),
	                      .usages = usages,
	                      .nusages = 2};
	for (int match = 0; match < 2; match++)
		for (int list = 0; list < 2; list++) {
			para.usage_match = (cs_usage_match)match;
			para.usages = list ? none : usages;
			cs_chain_context ctx;
			ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
			bool bad =
			    ctx.error_status & CS_TRUST_IS_NOT_VALID_FOR_USAGE;
			ck_assert_msg(bad == (list || !match),
			              "match %d list %d: 0x%x", match, list,
			              ctx.error_status);
			cs_chain_context_free(&ctx);
		}
	cs_machine_free(&m);
}
END_TEST

static Suite *make(void)
{
	Suite *s = suite_create("chain_winetest");
	TCase *tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, ct_setup, ct_teardown);
	tcase_add_test(tc, legacy_alt_name);
	tcase_add_test(tc, undecodable_alt_name);
	tcase_add_test(tc, empty_key_usage);
	tcase_add_loop_test(tc, preferred_issuer, 0,
	                    sizeof preferred / sizeof preferred[0]);
	tcase_add_test(tc, ssl_parameters);
	tcase_add_test(tc, nt_auth);
	tcase_add_test(tc, other_policies);
	tcase_add_test(tc, usage_match_or);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(make)
