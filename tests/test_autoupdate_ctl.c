/* engine/autoupdate: CAB extraction and CTL parsing / verification, on the
 * incident-a-2010 fixtures. Expected values come from the fixture catalogue
 * (fixtures/gen/cat_incident_a.c: which STL lists which root, signer
 * validity, NextUpdate, the defects), RULES.md 1 (notAfter itself is
 * valid), RULES.md 6 (subject usages, messageDigest over the contents
 * octets) and EVIDENCE.md A (signer expiry -> CERT_E_EXPIRED 0x800B0101). */
#include <string.h>

#include <openssl/x509v3.h>

#include "au_testkit.h"
#include "check_main.h"
#include "pki/cab.h"
#include "pki/ctl.h"

#define DIR "incident-a-2010/"

static cs_ctl *parse(cs_bytes b)
{
	cs_ctl *ctl = NULL;
	char why[256] = "";
	ck_assert_msg(cs_ctl_parse(b, &ctl, why, sizeof why) == CS_OK, "%s",
	              why);
	return ctl;
}

static cs_ctl_verdict judge(cs_ctl *ctl, const char *usage, const char *now)
{
	X509 *anchors[1] = {kit_x509(DIR "root-agency.crt")};
	cs_ctl_policy pol = {.subject_usage = usage,
	                     .signer_eku = CS_OID_KP_CTL_USAGE_SIGNING,
	                     .now = kit_time(now),
	                     .anchors = anchors,
	                     .nanchors = 1};
	cs_ctl_verdict v;
	ck_assert_int_eq(cs_ctl_verify(ctl, &pol, &v), CS_OK);
	return v;
}

START_TEST(cab_member_is_the_stl)
{
	/* catalogue: authrootstl-2010-06.cab holds authroot-2010-06.stl as
	 * authroot.stl */
	cs_bytes cab = kit_file(DIR "authrootstl-2010-06.cab");
	cs_bytes want = kit_file(DIR "authroot-2010-06.stl");
	cs_bytes got;
	cs_cab_error e;
	char why[200];
	ck_assert_int_eq(
	    cs_cab_extract(cab, "authroot.stl", &got, &e, why, sizeof why),
	    CS_OK);
	ck_assert_uint_eq(got.len, want.len);
	ck_assert(memcmp(got.data, want.data, want.len) == 0);
	free((void *)got.data);
	/* Windows file names compare case-insensitively */
	ck_assert_int_eq(
	    cs_cab_extract(cab, "AUTHROOT.STL", &got, &e, why, sizeof why),
	    CS_OK);
	free((void *)got.data);
	kit_pool_free();
}
END_TEST

START_TEST(cab_missing_member_and_garbage)
{
	cs_bytes cab = kit_file(DIR "authrootstl-2010-06.cab");
	cs_bytes got;
	cs_cab_error e;
	char why[200] = "";
	ck_assert_int_eq(cs_cab_extract(cab, "disallowedcert.stl", &got, &e,
	                                why, sizeof why),
	                 CS_ERR_NOT_FOUND);
	ck_assert_int_eq(e, CS_CAB_MEMBER_MISSING);
	ck_assert_ptr_nonnull(strstr(why, "disallowedcert.stl"));
	ck_assert_ptr_null(got.data);
	/* an STL is not a cabinet */
	ck_assert_int_eq(cs_cab_extract(kit_file(DIR "authroot-2010-06.stl"),
	                                "authroot.stl", &got, &e, why,
	                                sizeof why),
	                 CS_ERR_FORMAT);
	ck_assert_ptr_nonnull(strstr(why, "MSCF"));
	/* every truncation of a real cabinet is refused, never a crash; once
	 * the headers are whole (CFHEADER 36 bytes + CFFOLDER 8 + CFFILE with
	 * "authroot.stl": 16 + 13, MS-CAB 2.1-2.3 = 73) the reason is the
	 * cbCabinet the header declares: the whole file's 1507 bytes */
	for (size_t n = 0; n < cab.len; n += 7) {
		cs_status st =
		    cs_cab_extract((cs_bytes){cab.data, n}, "authroot.stl",
		                   &got, &e, why, sizeof why);
		ck_assert_msg(st == CS_ERR_FORMAT, "length %zu: status %d", n,
		              st);
		char want[120];
		snprintf(want, sizeof want,
		         "truncated cabinet: its header declares 1507 bytes, "
		         "%zu present",
		         n);
		if (n >= 73)
			ck_assert_str_eq(why, want);
	}
	ck_assert_uint_eq(cab.len, 1507);
	kit_pool_free();
}
END_TEST

START_TEST(ctl_fields)
{
	cs_ctl *ctl = parse(kit_file(DIR "authroot-2010-06.stl"));
	/* catalogue: usage szOID_ROOT_LIST_SIGNER, sequence 01, ThisUpdate
	 * 2010-06-01, no NextUpdate, lists P1 only */
	ck_assert_uint_eq(ctl->nusages, 1);
	ck_assert_str_eq(ctl->usages[0], "1.3.6.1.4.1.311.10.3.9");
	ck_assert_str_eq(ctl->sequence_hex, "01");
	ck_assert_int_eq(ctl->this_update, kit_time("2010-06-01T00:00:00Z"));
	ck_assert(!ctl->has_next_update);
	ck_assert_str_eq(ctl->subject_alg, "1.3.14.3.2.26"); /* SHA-1 */
	ck_assert_uint_eq(ctl->nentries, 1);
	unsigned char p1[20], p2[20];
	kit_sha1(kit_file(DIR "program-p1.crt"), p1);
	kit_sha1(kit_file(DIR "program-p2.crt"), p2);
	ck_assert_ptr_nonnull(cs_ctl_find_id(ctl, p1, 20));
	ck_assert_ptr_null(cs_ctl_find_id(ctl, p2, 20));
	/* the key-identifier property is P1's subject key identifier */
	X509 *x = kit_x509(DIR "program-p1.crt");
	const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(x);
	ck_assert_ptr_nonnull(ski);
	ck_assert_ptr_eq(cs_ctl_find_key_id(ctl, ASN1_STRING_get0_data(ski),
	                                    (size_t)ASN1_STRING_length(ski)),
	                 cs_ctl_find_id(ctl, p1, 20));
	cs_ctl_free(ctl);
	ctl = parse(kit_file(DIR "authroot-2010-07.stl"));
	ck_assert_uint_eq(ctl->nentries, 2); /* P1 and P2 */
	const cs_ctl_entry *e2 = cs_ctl_find_id(ctl, p2, 20);
	ck_assert_ptr_nonnull(e2);
	/* catalogue (fixtures/README.md, STL encoding): property 9 is the
	 * DER SEQUENCE OF serverAuth, clientAuth - X.690 bytes 30 14,
	 * then 06 08 2b 06 01 05 05 07 03 01 and ... 03 02 */
	static const unsigned char server_client[] = {
	    0x30, 0x14, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03,
	    0x01, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02};
	ck_assert_uint_eq(e2->eku_prop_len, sizeof server_client);
	ck_assert_mem_eq(e2->eku_prop, server_client, sizeof server_client);
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

/* The old signer's notAfter is 2010-07-09T00:00:00Z (catalogue): edge - 1
 * tick and the edge itself pass (RULES.md 1), edge + 1 tick fails with
 * CERT_E_EXPIRED (EVIDENCE.md A). */
static const struct {
	int64_t offset;
	cs_ctl_verdict_code want;
} signer_edge[] = {
    {-1, CS_CTL_OK},
    {0, CS_CTL_OK},
    {1, CS_CTL_SIGNER_NOT_TIME_VALID},
    {CS_TICKS_PER_DAY, CS_CTL_SIGNER_NOT_TIME_VALID},
};

START_TEST(signer_expiry_boundary)
{
	cs_ctl *ctl = parse(kit_file(DIR "authroot-2010-06.stl"));
	X509 *anchors[1] = {kit_x509(DIR "root-agency.crt")};
	cs_ctl_policy pol = {.subject_usage = CS_OID_ROOT_LIST_SIGNER,
	                     .signer_eku = CS_OID_KP_CTL_USAGE_SIGNING,
	                     .now = kit_time("2010-07-09T00:00:00Z") +
	                            signer_edge[_i].offset,
	                     .anchors = anchors,
	                     .nanchors = 1};
	cs_ctl_verdict v;
	ck_assert_int_eq(cs_ctl_verify(ctl, &pol, &v), CS_OK);
	ck_assert_msg(v.code == signer_edge[_i].want, "offset %lld: %s (%s)",
	              (long long)signer_edge[_i].offset,
	              cs_ctl_verdict_name(v.code), v.detail);
	if (v.code != CS_CTL_OK)
		ck_assert_uint_eq(v.hresult, 0x800B0101u);
	ck_assert_int_eq(v.signer_not_after, kit_time("2010-07-09T00:00:00Z"));
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

START_TEST(renewed_stl_passes_after_expiry)
{
	cs_ctl *ctl = parse(kit_file(DIR "authroot-2010-07.stl"));
	cs_ctl_verdict v =
	    judge(ctl, CS_OID_ROOT_LIST_SIGNER, "2010-07-10T09:00:00Z");
	ck_assert_msg(v.code == CS_CTL_OK, "%s", v.detail);
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

/* authroot-nextupdate.stl: NextUpdate 2010-07-15T00:00:00Z (catalogue). A
 * CTL past NextUpdate is not time valid (RULES.md 1, as a CRL). */
static const struct {
	int64_t offset;
	cs_ctl_verdict_code want;
} next_update_edge[] = {
    {-1, CS_CTL_OK},
    {0, CS_CTL_OK},
    {1, CS_CTL_NOT_TIME_VALID},
};

START_TEST(next_update_boundary)
{
	cs_ctl *ctl = parse(kit_file(DIR "authroot-nextupdate.stl"));
	ck_assert(ctl->has_next_update);
	X509 *anchors[1] = {kit_x509(DIR "root-agency.crt")};
	cs_ctl_policy pol = {.subject_usage = CS_OID_ROOT_LIST_SIGNER,
	                     .now = kit_time("2010-07-15T00:00:00Z") +
	                            next_update_edge[_i].offset,
	                     .anchors = anchors,
	                     .nanchors = 1};
	cs_ctl_verdict v;
	ck_assert_int_eq(cs_ctl_verify(ctl, &pol, &v), CS_OK);
	ck_assert_msg(v.code == next_update_edge[_i].want, "%s",
	              cs_ctl_verdict_name(v.code));
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

START_TEST(bad_signature)
{
	/* catalogue: the last byte of the signature flipped */
	cs_ctl *ctl = parse(kit_file(DIR "authroot-bad-signature.stl"));
	cs_ctl_verdict v =
	    judge(ctl, CS_OID_ROOT_LIST_SIGNER, "2010-07-10T09:00:00Z");
	ck_assert_int_eq(v.code, CS_CTL_BAD_SIGNATURE);
	ck_assert_uint_eq(v.hresult, 0x80090006u); /* NTE_BAD_SIGNATURE */
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

START_TEST(wrong_subject_usage)
{
	/* catalogue: usage 1.3.6.1.4.1.311.10.3.30, the disallowed list's */
	cs_ctl *ctl = parse(kit_file(DIR "authroot-wrong-usage.stl"));
	cs_ctl_verdict v =
	    judge(ctl, CS_OID_ROOT_LIST_SIGNER, "2010-07-10T09:00:00Z");
	ck_assert_int_eq(v.code, CS_CTL_WRONG_SUBJECT_USAGE);
	/* the same file is a valid disallowed list */
	v = judge(ctl, CS_OID_DISALLOWED_LIST, "2010-07-10T09:00:00Z");
	ck_assert_int_eq(v.code, CS_CTL_OK);
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

START_TEST(tampered_content_digest_mismatch)
{
	/* Change one byte of P2's SHA-1 inside the signed CTL: the signature
	 * over the attributes still verifies (Wine accepts it, RULES.md 6),
	 * the messageDigest no longer matches the contents octets. */
	cs_bytes stl = kit_file(DIR "authroot-2010-07.stl");
	unsigned char p2[20];
	kit_sha1(kit_file(DIR "program-p2.crt"), p2);
	size_t at = kit_find(stl, p2, 20);
	ck_assert_uint_ne(at, (size_t)-1);
	cs_ctl *ctl = parse(kit_flip(stl, at + 5));
	cs_ctl_verdict v =
	    judge(ctl, CS_OID_ROOT_LIST_SIGNER, "2010-07-10T09:00:00Z");
	ck_assert_int_eq(v.code, CS_CTL_DIGEST_MISMATCH);
	ck_assert_uint_eq(v.hresult, 0x80091007u); /* CRYPT_E_HASH_VALUE */
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

START_TEST(untrusted_signer_root)
{
	cs_ctl *ctl = parse(kit_file(DIR "authroot-2010-07.stl"));
	X509 *extra[1] = {kit_x509(DIR "root-agency.crt")};
	cs_ctl_policy pol = {.subject_usage = CS_OID_ROOT_LIST_SIGNER,
	                     .now = kit_time("2010-07-10T09:00:00Z"),
	                     .extra = extra,
	                     .nextra = 1};
	cs_ctl_verdict v;
	ck_assert_int_eq(cs_ctl_verify(ctl, &pol, &v), CS_OK);
	ck_assert_int_eq(v.code, CS_CTL_SIGNER_UNTRUSTED_ROOT);
	ck_assert_uint_eq(v.hresult, 0x800B0109u); /* CERT_E_UNTRUSTEDROOT */
	cs_ctl_free(ctl);
	kit_pool_free();
}
END_TEST

START_TEST(garbage_and_truncation)
{
	cs_bytes stl = kit_file(DIR "authroot-2010-06.stl");
	cs_ctl *ctl = NULL;
	char why[256];
	for (size_t n = 0; n < stl.len; n += 3) {
		why[0] = '\0';
		ck_assert_int_eq(cs_ctl_parse((cs_bytes){stl.data, n}, &ctl,
		                              why, sizeof why),
		                 CS_ERR_FORMAT);
		ck_assert_ptr_null(ctl);
		ck_assert_msg(why[0] != '\0', "no reason at length %zu", n);
	}
	/* a certificate is not a CTL */
	ck_assert_int_eq(cs_ctl_parse(kit_file(DIR "root-agency.crt"), &ctl,
	                              why, sizeof why),
	                 CS_ERR_FORMAT);
	kit_pool_free();
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("autoupdate_ctl");
	TCase *tc = tcase_create("ctl");
	tcase_add_test(tc, cab_member_is_the_stl);
	tcase_add_test(tc, cab_missing_member_and_garbage);
	tcase_add_test(tc, ctl_fields);
	tcase_add_loop_test(tc, signer_expiry_boundary, 0,
	                    sizeof signer_edge / sizeof signer_edge[0]);
	tcase_add_test(tc, renewed_stl_passes_after_expiry);
	tcase_add_loop_test(tc, next_update_boundary, 0,
	                    sizeof next_update_edge /
	                        sizeof next_update_edge[0]);
	tcase_add_test(tc, bad_signature);
	tcase_add_test(tc, wrong_subject_usage);
	tcase_add_test(tc, tampered_content_digest_mismatch);
	tcase_add_test(tc, untrusted_signer_root);
	tcase_add_test(tc, garbage_and_truncation);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
