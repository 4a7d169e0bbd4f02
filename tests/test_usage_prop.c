/* pki/usage_prop.c: EKU property values from DER and from OID lists,
 * interned (equal lists are one pointer), bad DER refused. Expected DER
 * bytes are X.690 encodings written out by hand. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "pki/usage_prop.h"

/* SEQUENCE { OID 1.3.6.1.5.5.7.3.2 (clientAuth) } */
static const unsigned char client_auth_der[] = {
    0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02};

START_TEST(oids_and_der_are_one_interned_list)
{
	cs_pool *pool;
	ck_assert_int_eq(cs_pool_new(&pool, "."), CS_OK);
	const cs_usage *a, *b;
	static const char *const client[] = {"1.3.6.1.5.5.7.3.2"};
	ck_assert_int_eq(cs_usage_from_oids(pool, client, 1, &a), CS_OK);
	char why[128];
	ck_assert_int_eq(cs_usage_from_der(pool,
	                                   (cs_bytes){client_auth_der,
	                                              sizeof client_auth_der},
	                                   &b, why, sizeof why),
	                 CS_OK);
	ck_assert_ptr_eq(a, b);
	ck_assert_uint_eq(a->n, 1);
	ck_assert_str_eq(a->oids[0], "1.3.6.1.5.5.7.3.2");
	ck_assert(cs_usage_has(a, "1.3.6.1.5.5.7.3.2"));
	ck_assert(!cs_usage_has(a, "1.3.6.1.5.5.7.3.1"));
	cs_pool_free(pool);
}
END_TEST

START_TEST(empty_list_means_no_usage)
{
	cs_pool *pool;
	ck_assert_int_eq(cs_pool_new(&pool, "."), CS_OK);
	const cs_usage *none, *der_none;
	ck_assert_int_eq(cs_usage_from_oids(pool, NULL, 0, &none), CS_OK);
	ck_assert_uint_eq(none->n, 0);
	static const unsigned char empty_seq[] = {0x30, 0x00};
	char why[128], text[64];
	ck_assert_int_eq(cs_usage_from_der(pool, (cs_bytes){empty_seq, 2},
	                                   &der_none, why, sizeof why),
	                 CS_OK);
	ck_assert_ptr_eq(none, der_none);
	ck_assert_str_eq(cs_usage_text(none, text, sizeof text), "none");
	static const char *const two[] = {"1.3.6.1.5.5.7.3.1",
	                                  "1.3.6.1.5.5.7.3.2"};
	const cs_usage *u;
	ck_assert_int_eq(cs_usage_from_oids(pool, two, 2, &u), CS_OK);
	ck_assert_str_eq(cs_usage_text(u, text, sizeof text),
	                 "1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2");
	cs_pool_free(pool);
}
END_TEST

START_TEST(bad_input_is_refused)
{
	cs_pool *pool;
	ck_assert_int_eq(cs_pool_new(&pool, "."), CS_OK);
	const cs_usage *u = (const cs_usage *)1;
	char why[128];
	/* an OCTET STRING, not a SEQUENCE OF OID */
	static const unsigned char octets[] = {0x04, 0x00};
	ck_assert_int_eq(
	    cs_usage_from_der(pool, (cs_bytes){octets, 2}, &u, why, sizeof why),
	    CS_ERR_FORMAT);
	ck_assert_ptr_null(u);
	ck_assert_str_eq(why, "enhanced key usage: expected a DER SEQUENCE "
	                      "OF OBJECT IDENTIFIER (2 bytes)");
	/* a good list with a byte after it */
	unsigned char trailing[sizeof client_auth_der + 1];
	memcpy(trailing, client_auth_der, sizeof client_auth_der);
	trailing[sizeof client_auth_der] = 0;
	ck_assert_int_eq(
	    cs_usage_from_der(pool, (cs_bytes){trailing, sizeof trailing}, &u,
	                      why, sizeof why),
	    CS_ERR_FORMAT);
	/* names are the scenario's business; only dotted OIDs here */
	static const char *const named[] = {"serverAuth"};
	ck_assert_int_eq(cs_usage_from_oids(pool, named, 1, &u), CS_ERR_FORMAT);
	cs_pool_free(pool);
}
END_TEST

static Suite *usage_prop_suite(void)
{
	Suite *s = suite_create("usage_prop");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, oids_and_der_are_one_interned_list);
	tcase_add_test(tc, empty_list_means_no_usage);
	tcase_add_test(tc, bad_input_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(usage_prop_suite)
