/* pki/lenient.h, pki/crl_match.h and pki/storeadd.h: what CryptoAPI decodes
 * beyond OpenSSL, how a CRL relates to a certificate, and CRLs in a store.
 *
 * Expected values: the documentation of each function (DOC
 * CertAddCRLContextToStore, CertFindCRLInStore, CertIsValidCRLForCertificate,
 * CertVerifyCRLTimeValidity, CertVerifyTimeValidity) and RFC 5280 for what
 * the fixtures hold (basic/: intermediate.crl revokes serial 3A08 on
 * 2024-10-01 with reason keyCompromise; intermediate+.crl is its delta; the
 * objects' fields read with `openssl x509|crl -text`). The Windows answers of
 * Wine's tests are checked by the conformance-revocation suite. */
#include <check.h>
#include <openssl/asn1.h>
#include <string.h>

#include "check_main.h"
#include "rev_testkit.h"
#include "pki/crl_match.h"
#include "pki/ctl.h"
#include "pki/storeadd.h"
#include "engine/api/api.h"
#include "engine/chain/chain.h"
#include "engine/machine.h"

static cs_pool *pool;

static void setup(void)
{
	ck_assert_int_eq(cs_pool_new(&pool, rt_fixtures()), CS_OK);
}

static void teardown(void)
{
	cs_pool_free(pool);
}

static const cs_crl *crl_of(const char *path)
{
	cs_bytes der;
	cs_diag d;
	ck_assert_int_eq(cs_pool_file(pool, path, &der, NULL, &d), CS_OK);
	const cs_crl *crl;
	ck_assert_int_eq(cs_crl_get(pool, der, &crl), CS_OK);
	return crl;
}

/* The first element of a DER SEQUENCE (with OpenSSL's header reader): a
 * signed object's to-be-signed part. */
static cs_bytes first_element(cs_bytes der)
{
	const unsigned char *p = der.data, *q;
	long len;
	int tag, cls;
	ck_assert_int_eq(
	    ASN1_get_object(&p, &len, &tag, &cls, (long)der.len) & 0x80, 0);
	q = p;
	ck_assert_int_eq(
	    ASN1_get_object(&q, &len, &tag, &cls, (long)der.len) & 0x80, 0);
	return (cs_bytes){p, (size_t)(q - p) + (size_t)len};
}

/* ---- CERT_INFO / CRL_INFO alone (CertCreate*Context accepts them) ---- */

START_TEST(test_bare_tbs_certificate)
{
	const struct cs_cert *full = rt_cert(pool, "basic/leaf-revoked.crt");
	ck_assert(!full->lenient);
	cs_diag d = {0};
	const struct cs_cert *bare;
	ck_assert_int_eq(
	    cs_cert_from_der(pool, first_element(full->der), &bare, &d), CS_OK);
	ck_assert(bare->lenient && bare->unsigned_form);
	ck_assert_str_eq(cs_cert_subject(bare), cs_cert_subject(full));
	ck_assert_str_eq(cs_cert_issuer(bare), cs_cert_issuer(full));
	ck_assert(
	    bare->serial.len == full->serial.len &&
	    !memcmp(bare->serial.data, full->serial.data, bare->serial.len));
	ck_assert(bare->not_before == full->not_before);
	ck_assert(bare->not_after == full->not_after);
	ck_assert_uint_eq(bare->cdp.n, full->cdp.n);
	/* The key identifier is the AKI/SKI's or SHA-1 of the same key. */
	ck_assert(bare->ski.len == full->ski.len &&
	          !memcmp(bare->ski.data, full->ski.data, bare->ski.len));
	/* Nothing verifies an unsigned certificate. */
	const struct cs_cert *ca = rt_cert(pool, "basic/intermediate.crt");
	ck_assert(cs_cert_signature_ok(full, ca));
	ck_assert(!cs_cert_signature_ok(bare, ca));
}
END_TEST

/* A bare TBSCertificate (CN=test, 2025-01-01 .. 2026-01-01, a key of no
 * algorithm) whose signature AlgorithmIdentifier is oid: CertGetCertificate
 * Chain refuses it (ERROR_INVALID_DATA) exactly when the OID is empty
 * (engine/chain/chain.h cs_chain_refusal; WINETEST chain.c bigCert). */
static const struct cs_cert *tbs_with_alg(uint8_t der[160], const uint8_t *oid,
                                          size_t n)
{
	static const uint8_t name[] = {0x30, 0x0f, 0x31, 0x0d, 0x30, 0x0b,
	                               0x06, 0x03, 0x55, 0x04, 0x03, 0x0c,
	                               0x04, 't',  'e',  's',  't'};
	static const uint8_t validity[] = {
	    0x30, 0x1e, 0x17, 0x0d, '2', '5', '0',  '1',  '0', '1', '0',
	    '0',  '0',  '0',  '0',  '0', 'Z', 0x17, 0x0d, '2', '6', '0',
	    '1',  '0',  '1',  '0',  '0', '0', '0',  '0',  '0', 'Z'};
	static const uint8_t spki[] = {0x30, 0x07, 0x30, 0x02, 0x06,
	                               0x00, 0x03, 0x01, 0x00};
	size_t at = 2;
	const uint8_t version_serial[] = {0x02, 0x01, 0x01};
	memcpy(der + at, version_serial, 3);
	at += 3;
	der[at++] = 0x30;
	der[at++] = (uint8_t)(n + 2);
	der[at++] = 0x06;
	der[at++] = (uint8_t)n;
	if (n)
		memcpy(der + at, oid, n);
	at += n;
	memcpy(der + at, name, sizeof name);
	at += sizeof name;
	memcpy(der + at, validity, sizeof validity);
	at += sizeof validity;
	memcpy(der + at, name, sizeof name);
	at += sizeof name;
	memcpy(der + at, spki, sizeof spki);
	at += sizeof spki;
	der[0] = 0x30;
	der[1] = (uint8_t)(at - 2);
	const struct cs_cert *c;
	cs_diag d;
	ck_assert_int_eq(cs_cert_from_der(pool, (cs_bytes){der, at}, &c, &d),
	                 CS_OK);
	return c;
}

START_TEST(test_chain_refuses_empty_signature_oid)
{
	static const uint8_t sha256rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
	                                    0x0d, 0x01, 0x01, 0x0b};
	static uint8_t der_empty[160], der_named[160];
	const struct cs_cert *empty = tbs_with_alg(der_empty, NULL, 0);
	ck_assert(empty->lenient && empty->unsigned_form);
	ck_assert_uint_eq(cs_chain_refusal(empty), 0x0000000Du);
	/* the same bare form with an OID: chained (untrusted) */
	const struct cs_cert *named =
	    tbs_with_alg(der_named, sha256rsa, sizeof sha256rsa);
	ck_assert(named->lenient && named->unsigned_form);
	ck_assert_uint_eq(cs_chain_refusal(named), 0);
	/* a signed certificate */
	ck_assert_uint_eq(cs_chain_refusal(rt_cert(pool, "basic/leaf.crt")), 0);
	/* the call fails without a chain */
	cs_machine m;
	ck_assert_int_eq(cs_machine_init(&m, pool,
	                                 cs_profile_find("win10-22h2"),
	                                 rt_at("2025-06-01T00:00:00Z"), true),
	                 CS_OK);
	cs_chain_para para = {.account = m.w.acting, .leaf = empty};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_ERR_FORMAT);
	ck_assert_uint_eq(ctx.chain.n, 0);
	para.leaf = named;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	ck_assert_uint_eq(ctx.chain.n, 1);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

START_TEST(test_bare_crl_info)
{
	const cs_crl *full = crl_of("basic/crl/intermediate.crl");
	ck_assert(!full->lenient);
	const cs_crl *bare;
	ck_assert_int_eq(cs_crl_get(pool, first_element(full->der), &bare),
	                 CS_OK);
	ck_assert(bare->lenient && bare->unsigned_form);
	ck_assert(bare->this_update == full->this_update);
	ck_assert(bare->next_update == full->next_update);
	ck_assert(bare->issuer_der.len == full->issuer_der.len &&
	          !memcmp(bare->issuer_der.data, full->issuer_der.data,
	                  full->issuer_der.len));
	const struct cs_cert *leaf = rt_cert(pool, "basic/leaf-revoked.crt");
	cs_crl_entry_info e;
	ck_assert(cs_crl_find_entry(bare, leaf, &e));
	ck_assert(e.revoked_at == rt_at("2024-10-01T00:00:00Z"));
	const struct cs_cert *ca = rt_cert(pool, "basic/intermediate.crt");
	ck_assert(cs_crl_signed_by(full, ca));
	ck_assert(!cs_crl_signed_by(bare, ca));
}
END_TEST

/* ---- one CRL, one certificate ---- */

START_TEST(test_find_entry)
{
	const cs_crl *crl = crl_of("basic/crl/intermediate.crl");
	cs_crl_entry_info e;
	ck_assert(cs_crl_find_entry(
	    crl, rt_cert(pool, "basic/leaf-revoked.crt"), &e));
	ck_assert_int_eq(e.reason, 1); /* keyCompromise (RFC 5280 5.3.1) */
	ck_assert_uint_eq(e.serial.len, 2);
	ck_assert_uint_eq(e.serial.data[0], 0x3A);
	ck_assert(!cs_crl_find_entry(crl, rt_cert(pool, "basic/leaf.crt"), &e));
	/* CertVerifyCRLRevocation: FALSE when any CRL lists it. */
	const cs_crl *crls[] = {crl_of("basic/crl/root.crl"), crl};
	ck_assert(!cs_crl_verify_revocation(
	    rt_cert(pool, "basic/leaf-revoked.crt"), crls, 2));
	ck_assert(cs_crl_verify_revocation(
	    rt_cert(pool, "basic/leaf-revoked.crt"), crls, 1));
	ck_assert(
	    cs_crl_verify_revocation(rt_cert(pool, "basic/leaf.crt"), crls, 2));
}
END_TEST

START_TEST(test_issued_by_flags)
{
	const cs_crl *crl = crl_of("basic/crl/intermediate.crl");
	const cs_crl *bad = crl_of("basic/crl/intermediate-bad-signature.crl");
	const cs_crl *delta = crl_of("basic/crl/intermediate+.crl");
	const struct cs_cert *ca = rt_cert(pool, "basic/intermediate.crt");
	const struct cs_cert *root = rt_cert(pool, "basic/root.crt");
	ck_assert_int_eq(cs_crl_aki_check(crl, ca), CS_CRL_AKI_MATCH);
	ck_assert_int_eq(cs_crl_aki_check(crl, root), CS_CRL_AKI_MISMATCH);
	/* By default only the issuer name (DOC CertFindCRLInStore). */
	ck_assert(cs_crl_issued_by(crl, ca, 0));
	ck_assert(!cs_crl_issued_by(crl, root, 0));
	ck_assert(cs_crl_issued_by(bad, ca, 0));
	ck_assert(cs_crl_issued_by(crl, ca, CS_CRL_FIND_ISSUED_BY_AKI_FLAG));
	ck_assert(
	    cs_crl_issued_by(crl, ca, CS_CRL_FIND_ISSUED_BY_SIGNATURE_FLAG));
	ck_assert(
	    !cs_crl_issued_by(bad, ca, CS_CRL_FIND_ISSUED_BY_SIGNATURE_FLAG));
	/* The delta and base flags pick one kind. */
	ck_assert(
	    cs_crl_issued_by(delta, ca, CS_CRL_FIND_ISSUED_BY_DELTA_FLAG));
	ck_assert(!cs_crl_issued_by(crl, ca, CS_CRL_FIND_ISSUED_BY_DELTA_FLAG));
	ck_assert(cs_crl_issued_by(crl, ca, CS_CRL_FIND_ISSUED_BY_BASE_FLAG));
	ck_assert(
	    !cs_crl_issued_by(delta, ca, CS_CRL_FIND_ISSUED_BY_BASE_FLAG));
	/* No issuer given: every CRL. */
	ck_assert(cs_crl_issued_by(crl, NULL, CS_CRL_FIND_ISSUED_BY_AKI_FLAG));
	/* ISSUED_FOR: the subject's issuer name, flags against the issuer. */
	const struct cs_cert *leaf = rt_cert(pool, "basic/leaf.crt");
	ck_assert(cs_crl_issued_for(crl, leaf, ca,
	                            CS_CRL_FIND_ISSUED_BY_SIGNATURE_FLAG));
	ck_assert(!cs_crl_issued_for(crl, ca, root, 0));
}
END_TEST

START_TEST(test_valid_for_cert)
{
	/* No IDP: valid for any certificate, whatever its issuer (DOC). */
	const cs_crl *crl = crl_of("basic/crl/intermediate.crl");
	ck_assert(cs_crl_valid_for_cert(crl, rt_cert(pool, "basic/leaf.crt")));
	ck_assert(cs_crl_valid_for_cert(crl, rt_cert(pool, "basic/root.crt")));
	ck_assert(cs_crl_valid_for_cert(crl, NULL));
	uint32_t err = 0;
	ck_assert(
	    cs_api_is_valid_crl(rt_cert(pool, "basic/root.crt"), crl, &err));
}
END_TEST

/* CertVerifyCRLTimeValidity: -1 / 0 / 1, both ends valid: each edge at
 * -1, 0, +1 tick. */
START_TEST(test_crl_time_validity_edges)
{
	const cs_crl *crl = crl_of("basic/crl/intermediate.crl");
	cs_filetime tu = rt_at("2024-12-30T00:00:00Z"),
	            nu = rt_at("2025-01-06T00:00:00Z");
	ck_assert(crl->this_update == tu && crl->next_update == nu);
	ck_assert_int_eq(cs_crl_time_validity(crl, tu - 1), -1);
	ck_assert_int_eq(cs_crl_time_validity(crl, tu), 0);
	ck_assert_int_eq(cs_crl_time_validity(crl, tu + 1), 0);
	ck_assert_int_eq(cs_crl_time_validity(crl, nu - 1), 0);
	ck_assert_int_eq(cs_crl_time_validity(crl, nu), 0);
	ck_assert_int_eq(cs_crl_time_validity(crl, nu + 1), 1);
}
END_TEST

/* CertVerifyTimeValidity (DOC: -1 before NotBefore, 1 after NotAfter, else
 * 0), each edge at -1, 0, +1 tick. */
START_TEST(test_time_validity_edges)
{
	cs_filetime nb = rt_at("2007-05-01T00:00:00Z"),
	            na = rt_at("2007-10-01T00:00:00Z");
	ck_assert_int_eq(cs_api_verify_time_validity(nb - 1, nb, na), -1);
	ck_assert_int_eq(cs_api_verify_time_validity(nb, nb, na), 0);
	ck_assert_int_eq(cs_api_verify_time_validity(nb + 1, nb, na), 0);
	ck_assert_int_eq(cs_api_verify_time_validity(na - 1, nb, na), 0);
	ck_assert_int_eq(cs_api_verify_time_validity(na, nb, na), 0);
	ck_assert_int_eq(cs_api_verify_time_validity(na + 1, nb, na), 1);
}
END_TEST

/* ---- CRLs in a store: the dispositions (DOC CertAddCRLContextToStore) */

START_TEST(test_add_dispositions)
{
	/* Two CRLs of one issuer: the base (ThisUpdate 12-30) and the delta
	 * (12-31): "matching" is the issuer. */
	const cs_crl *older = crl_of("basic/crl/intermediate.crl");
	const cs_crl *newer = crl_of("basic/crl/intermediate+.crl");
	const cs_crl *other = crl_of("basic/crl/root.crl");
	cs_store s;
	cs_store_init(&s);
	cs_store_add_result r;
	ck_assert_int_eq(cs_store_add_crl(&s, older, CS_STORE_ADD_NEW, &r),
	                 CS_OK);
	ck_assert(r.ok && s.ncrls == 1);
	/* NEW: a matching CRL exists -> CRYPT_E_EXISTS, store unchanged. */
	ck_assert_int_eq(cs_store_add_crl(&s, newer, CS_STORE_ADD_NEW, &r),
	                 CS_OK);
	ck_assert(!r.ok && r.error == 0x80092005u && s.ncrls == 1);
	/* Another issuer does not match. */
	ck_assert_int_eq(cs_store_add_crl(&s, other, CS_STORE_ADD_NEW, &r),
	                 CS_OK);
	ck_assert(r.ok && s.ncrls == 2);
	/* NEWER with an older or equal ThisUpdate: CRYPT_E_EXISTS. */
	ck_assert_int_eq(cs_store_add_crl(&s, older, CS_STORE_ADD_NEWER, &r),
	                 CS_OK);
	ck_assert(!r.ok && r.error == 0x80092005u);
	/* NEWER with a later ThisUpdate replaces it in place. */
	ck_assert_int_eq(cs_store_add_crl(&s, newer, CS_STORE_ADD_NEWER, &r),
	                 CS_OK);
	ck_assert(r.ok && s.ncrls == 2 && s.crls[0] == newer &&
	          s.crls[1] == other);
	/* USE_EXISTING keeps what is there, successfully. */
	ck_assert_int_eq(
	    cs_store_add_crl(&s, older, CS_STORE_ADD_USE_EXISTING, &r), CS_OK);
	ck_assert(r.ok && s.crls[0] == newer && s.ncrls == 2);
	/* REPLACE_EXISTING replaces whatever its dates. */
	ck_assert_int_eq(
	    cs_store_add_crl(&s, older, CS_STORE_ADD_REPLACE_EXISTING, &r),
	    CS_OK);
	ck_assert(r.ok && s.crls[0] == older && s.ncrls == 2);
	/* ALWAYS adds, duplicates included. */
	ck_assert_int_eq(cs_store_add_crl(&s, older, CS_STORE_ADD_ALWAYS, &r),
	                 CS_OK);
	ck_assert(r.ok && s.ncrls == 3);
	ck_assert_int_eq(cs_store_add_crl(&s, older, 0, &r), CS_ERR_RANGE);
	ck_assert_int_eq(cs_store_add_crl(&s, older, 8, &r), CS_ERR_RANGE);
	cs_store_free(&s);
}
END_TEST

/* NEWER at equal ThisUpdate (the edge) is refused, at +1 tick accepted:
 * "less than" (DOC). The same CRL twice is equal. */
START_TEST(test_add_newer_edge)
{
	const cs_crl *crl = crl_of("basic/crl/intermediate.crl");
	cs_store s;
	cs_store_init(&s);
	cs_store_add_result r;
	ck_assert_int_eq(cs_store_add_crl(&s, crl, CS_STORE_ADD_ALWAYS, &r),
	                 CS_OK);
	ck_assert_int_eq(cs_store_add_crl(&s, crl, CS_STORE_ADD_NEWER, &r),
	                 CS_OK);
	ck_assert(!r.ok);
	cs_store_free(&s);
}
END_TEST

START_TEST(test_disposition_words)
{
	unsigned d;
	ck_assert(cs_store_add_parse("newer", &d) && d == 6);
	ck_assert(cs_store_add_parse("CERT_STORE_ADD_NEW", &d) && d == 1);
	ck_assert(cs_store_add_parse("5", &d) && d == 5);
	ck_assert(!cs_store_add_parse("8", &d));
	ck_assert(!cs_store_add_parse("sometimes", &d));
	ck_assert_str_eq(cs_store_add_word(7), "newer-inherit-properties");
}
END_TEST

START_TEST(test_find_in_store)
{
	cs_store s;
	cs_store_init(&s);
	cs_store_add_result r;
	const cs_crl *root_crl = crl_of("basic/crl/root.crl");
	const cs_crl *crl = crl_of("basic/crl/intermediate.crl");
	ck_assert_int_eq(
	    cs_store_add_crl(&s, root_crl, CS_STORE_ADD_ALWAYS, &r), CS_OK);
	ck_assert_int_eq(cs_store_add_crl(&s, crl, CS_STORE_ADD_ALWAYS, &r),
	                 CS_OK);
	cs_crl_find f = {.type = CS_CRL_FIND_ISSUED_BY,
	                 .cert = rt_cert(pool, "basic/intermediate.crt")};
	size_t at = 0;
	ck_assert(cs_store_find_crl(&s, &f, &at) && at == 1);
	at = 2;
	ck_assert(!cs_store_find_crl(&s, &f, &at));
	f = (cs_crl_find){.type = CS_CRL_FIND_ANY};
	at = 0;
	ck_assert(cs_store_find_crl(&s, &f, &at) && at == 0);
	f = (cs_crl_find){.type = 99};
	at = 0;
	ck_assert(!cs_store_find_crl(&s, &f, &at));
	/* clone and clear keep and drop the CRLs */
	cs_store c;
	ck_assert_int_eq(cs_store_clone(&c, &s), CS_OK);
	ck_assert(c.ncrls == 2 && c.crls[1] == crl);
	cs_store_clear(&c);
	ck_assert_uint_eq(c.ncrls, 0);
	cs_store_free(&c);
	cs_store_free(&s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("crl_store");
	TCase *tc = tcase_create("crl_store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bare_tbs_certificate);
	tcase_add_test(tc, test_chain_refuses_empty_signature_oid);
	tcase_add_test(tc, test_bare_crl_info);
	tcase_add_test(tc, test_find_entry);
	tcase_add_test(tc, test_issued_by_flags);
	tcase_add_test(tc, test_valid_for_cert);
	tcase_add_test(tc, test_crl_time_validity_edges);
	tcase_add_test(tc, test_time_validity_edges);
	tcase_add_test(tc, test_add_dispositions);
	tcase_add_test(tc, test_add_newer_edge);
	tcase_add_test(tc, test_disposition_words);
	tcase_add_test(tc, test_find_in_store);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
