/* The trusted-issuer list: TLS 1.2 encoding, the 16 KB limit, truncation,
 * order, usage and duplicates, and the profile columns.
 *
 * Expected sizes follow RFC 5246 7.4.4: certificate_authorities is a 2-byte
 * length and then, per name, a 2-byte length and the DER Name; so k names of
 * DER length l weigh 2 + k * (2 + l). The name lengths are measured with
 * OpenSSL's i2d_X509_NAME, independently of the code under test. The limit,
 * 16384 bytes on 2008 / 2008 R2 / 2012, is KB 2801679's "16 KB"; counting the
 * whole encoded vector is RULES.md 8's default. */
#include <openssl/x509.h>
#include <string.h>

#include "check_main.h"
#include "engine/schannel/issuer_list.h"
#include "engine/schannel/server.h"
#include "schannel_testcerts.h"

#define MAXN 400

static X509 *x509s[MAXN];
static cs_sch_cert views[MAXN];
static cs_sch_candidate cand[MAXN];
static size_t ncand;

static void reset(void)
{
	for (size_t i = 0; i < ncand; i++) {
		X509_free(x509s[i]);
	}
	ncand = 0;
}

/* Append a root whose subject Name is exactly len bytes of DER. */
static size_t add_root(size_t len, int eku)
{
	X509_NAME *n = tc_name_of_len(len, (unsigned)ncand);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(tc_name_len(n), len);
	size_t i = ncand++;
	x509s[i] = tc_cert(n, NULL, true, eku);
	X509_NAME_free(n);
	views[i] = tc_view(x509s[i]);
	cand[i] = (cs_sch_candidate){.cert = &views[i], .from = CS_STORE_ROOT};
	return i;
}

static void build(cs_sch_issuer_list *l, cs_sch_count_rule rule)
{
	ck_assert_int_eq(cs_sch_issuer_list_build(l, cand, ncand, 16384, rule),
	                 CS_OK);
}

/* 160 names of 100 bytes and one of last_len: 2 + 160*102 + (2+last_len). */
static void limit_case(size_t last_len, size_t want_wire, size_t want_kept,
                       bool want_truncated)
{
	for (int i = 0; i < 160; i++)
		add_root(100, TC_EKU_NONE);
	add_root(last_len, TC_EKU_NONE);
	cs_sch_issuer_list l;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert_uint_eq(l.wire_len, want_wire);
	ck_assert_uint_eq(l.kept, want_kept);
	ck_assert_int_eq(l.truncated, want_truncated);
	ck_assert_uint_eq(l.counted_len, want_wire);
	cs_sch_issuer_list_free(&l);
	reset();
}

START_TEST(just_under_the_limit)
{
	limit_case(59, 2 + 160 * 102 + 61, 161, false); /* 16383 */
}
END_TEST

START_TEST(exactly_at_the_limit)
{
	limit_case(60, 16384, 161, false); /* 2 + 16320 + 62 */
}
END_TEST

START_TEST(just_over_the_limit)
{
	/* 16385 does not fit: the 161st name goes, 2 + 160*102 = 16322. */
	limit_case(61, 16322, 160, true);
}
END_TEST

START_TEST(wire_bytes_are_rfc5246_vector)
{
	add_root(100, TC_EKU_NONE);
	add_root(33, TC_EKU_NONE);
	cs_sch_issuer_list l;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert_uint_eq(l.wire_len, 2 + 102 + 35);
	const uint8_t *w = l.wire;
	ck_assert_uint_eq((w[0] << 8) | w[1], 137); /* outer length */
	ck_assert_uint_eq((w[2] << 8) | w[3], 100);
	unsigned char *der = NULL;
	int dl = i2d_X509_NAME(X509_get_subject_name(x509s[0]), &der);
	ck_assert_int_eq(dl, 100);
	ck_assert_int_eq(memcmp(w + 4, der, 100), 0);
	OPENSSL_free(der);
	ck_assert_uint_eq((w[104] << 8) | w[105], 33);
	cs_sch_issuer_list_free(&l);
	reset();
}
END_TEST

START_TEST(empty_list_is_two_zero_bytes)
{
	cs_sch_issuer_list l;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert_uint_eq(l.wire_len, 2);
	ck_assert_uint_eq(l.wire[0] | l.wire[1], 0);
	cs_sch_issuer_list_free(&l);
}
END_TEST

/* The same names in another order keep another set (KB 2880390 lists an
 * enumeration-order change among the triggers). */
START_TEST(order_decides_who_falls_off)
{
	size_t ent = add_root(61, TC_EKU_NONE);
	for (int i = 0; i < 160; i++)
		add_root(100, TC_EKU_NONE);
	cs_sch_issuer_list l;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert(
	    cs_sch_issuer_list_has(&l, views[ent].cert->subject_der.data, 61));
	ck_assert_int_eq(l.v[160].fate, CS_SCH_DROPPED_LIMIT);
	cs_sch_issuer_list_free(&l);
	/* Move the 61-byte name to the end: now it is the one dropped. */
	cs_sch_candidate first = cand[0];
	memmove(cand, cand + 1, 160 * sizeof *cand);
	cand[160] = first;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert(
	    !cs_sch_issuer_list_has(&l, views[ent].cert->subject_der.data, 61));
	ck_assert_int_eq(l.v[160].fate, CS_SCH_DROPPED_LIMIT);
	ck_assert_uint_eq(l.kept, 160);
	cs_sch_issuer_list_free(&l);
	reset();
}
END_TEST

/* Truncation keeps a prefix: a short name after the one that crossed the
 * limit is dropped too, though it alone would fit. */
START_TEST(truncation_is_a_prefix)
{
	for (int i = 0; i < 159; i++)
		add_root(100, TC_EKU_NONE);       /* 2 + 159*102 = 16220 */
	add_root(200, TC_EKU_NONE);               /* 16422: over */
	size_t small = add_root(40, TC_EKU_NONE); /* 16262 alone: would fit */
	cs_sch_issuer_list l;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert_uint_eq(l.kept, 159);
	ck_assert_uint_eq(l.dropped_limit, 2);
	ck_assert_int_eq(l.v[small].fate, CS_SCH_DROPPED_LIMIT);
	ck_assert_uint_eq(l.wire_len, 16220);
	cs_sch_issuer_list_free(&l);
	reset();
}
END_TEST

/* RULES.md 8's switch: what the 16 KB is compared with. The list of the
 * exactly_at_the_limit case (encoded 16384) under the other two rules. */
START_TEST(counting_rules)
{
	for (int i = 0; i < 160; i++)
		add_root(100, TC_EKU_NONE);
	add_root(62, TC_EKU_NONE); /* encoded 16386, prefixed 16384 */
	cs_sch_issuer_list l;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert_uint_eq(l.kept, 160);
	cs_sch_issuer_list_free(&l);
	build(&l, CS_SCH_COUNT_PREFIXED);
	ck_assert_uint_eq(l.kept, 161);
	ck_assert_uint_eq(l.counted_len, 16384);
	ck_assert_uint_eq(l.wire_len, 16386);
	cs_sch_issuer_list_free(&l);
	reset();
	/* names only: 163 names of 100 bytes = 16300, +84 = 16384 fits. */
	for (int i = 0; i < 163; i++)
		add_root(100, TC_EKU_NONE);
	add_root(84, TC_EKU_NONE);
	add_root(33, TC_EKU_NONE);
	build(&l, CS_SCH_COUNT_NAMES);
	ck_assert_uint_eq(l.kept, 164);
	ck_assert_uint_eq(l.counted_len, 16384);
	ck_assert_uint_eq(l.wire_len, 2 + 163 * 102 + 86);
	cs_sch_issuer_list_free(&l);
	ck_assert_uint_eq(
	    cs_sch_list_size(CS_SCH_COUNT_NAMES, (size_t[]){100, 84}, 2), 184);
	reset();
}
END_TEST

/* Only certificates trusted for client authentication are added (KB
 * 2801679): an EKU without client auth, or a store property restricting
 * the root to other usages, keeps it out; no EKU means every usage. */
START_TEST(usage_filter_and_duplicates)
{
	size_t any = add_root(50, TC_EKU_NONE);
	size_t cli = add_root(51, TC_EKU_CLIENT);
	size_t srv = add_root(52, TC_EKU_SERVER_ONLY);
	size_t prop = add_root(53, TC_EKU_NONE);
	views[prop].prop = CS_SCH_USAGE_OTHER;
	/* Same Name as the first, another certificate. */
	size_t i = ncand++;
	x509s[i] =
	    tc_cert(X509_get_subject_name(x509s[any]), NULL, true, TC_EKU_NONE);
	views[i] = tc_view(x509s[i]);
	cand[i] = (cs_sch_candidate){.cert = &views[i], .from = CS_STORE_ROOT};
	cs_sch_issuer_list l;
	build(&l, CS_SCH_COUNT_ENCODED_LIST);
	ck_assert_int_eq(l.v[any].fate, CS_SCH_KEPT);
	ck_assert_int_eq(l.v[cli].fate, CS_SCH_KEPT);
	ck_assert_int_eq(l.v[srv].fate, CS_SCH_DROPPED_USAGE);
	ck_assert_int_eq(l.v[prop].fate, CS_SCH_DROPPED_USAGE);
	ck_assert_int_eq(l.v[i].fate, CS_SCH_DROPPED_DUPLICATE);
	ck_assert_uint_eq(l.wire_len, 2 + 52 + 53);
	cs_sch_issuer_list_free(&l);
	reset();
}
END_TEST

/* Every row: Root, AuthRoot, EnterpriseRoot (RULES.md 8 default order);
 * DOC values on the rows KB 2801679 and the 2012 "What's New" name. */
START_TEST(profile_rows)
{
	for (int i = 0; i < CS_PROFILE_COUNT; i++) {
		const cs_schannel_profile *sp =
		    cs_profile_schannel(cs_profile_by_id((cs_profile_id)i));
		ck_assert_int_eq(sp->root_parts[0], CS_STORE_ROOT);
		ck_assert_int_eq(sp->root_parts[1], CS_STORE_AUTHROOT);
		ck_assert_int_eq(sp->root_parts[2], CS_STORE_ENTERPRISE_ROOT);
	}
	const cs_profile_id doc16k[] = {
	    CS_PROFILE_VISTA, CS_PROFILE_SERVER_2008R2, CS_PROFILE_SERVER_2012};
	for (size_t i = 0; i < 3; i++)
		ck_assert_uint_eq(
		    cs_profile_schannel(cs_profile_by_id(doc16k[i]))
		        ->issuer_list_limit,
		    16384);
	const cs_schannel_profile *r2 =
	    cs_profile_schannel(cs_profile_by_id(CS_PROFILE_SERVER_2008R2));
	const cs_schannel_profile *s12 =
	    cs_profile_schannel(cs_profile_by_id(CS_PROFILE_SERVER_2012));
	ck_assert(r2->send_issuer_list_default);
	ck_assert(!s12->send_issuer_list_default);
	ck_assert(!r2->has_client_auth_issuer_store);
	ck_assert(s12->has_client_auth_issuer_store && s12->has_trust_modes);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("schannel_list");
	TCase *t = tcase_create("list");
	tcase_add_test(t, just_under_the_limit);
	tcase_add_test(t, exactly_at_the_limit);
	tcase_add_test(t, just_over_the_limit);
	tcase_add_test(t, wire_bytes_are_rfc5246_vector);
	tcase_add_test(t, empty_list_is_two_zero_bytes);
	tcase_add_test(t, order_decides_who_falls_off);
	tcase_add_test(t, truncation_is_a_prefix);
	tcase_add_test(t, counting_rules);
	tcase_add_test(t, usage_filter_and_duplicates);
	tcase_add_test(t, profile_rows);
	suite_add_tcase(s, t);
	return s;
}

CS_CHECK_MAIN(suite)
