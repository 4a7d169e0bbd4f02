/* compare/wine/ctl_check.c: the model's side of `capisim compare wine --ctl`
 * (the engine's CTL parser read into the probe's ctl-check schema) and the
 * field-by-field comparison. Expected values: RULES.md 6 (subject usages),
 * the fixture catalogue (fixtures/README.md: disallowedcert.stl lists
 * distrusted-ca.crt, ThisUpdate 2023-03-07), the fixture's DER as
 * `openssl asn1parse` shows it (sequenceNumber INTEGER 0131), and the
 * entry identifier as OpenSSL's SHA-1 of the listed certificate. The
 * comparison's rules are docs/compare.md's ("Checking STLs"). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "au_testkit.h"
#include "check_main.h"
#include "compare/wine/ctl_check.h"

static char *fixture_path(const char *rel)
{
	const char *dir = getenv("CAPISIM_FIXTURES");
	ck_assert_ptr_nonnull(dir);
	char *p = malloc(strlen(dir) + strlen(rel) + 2);
	sprintf(p, "%s/%s", dir, rel);
	return p;
}

static json_t *model_of(const char *rel)
{
	char *path = fixture_path(rel);
	cs_diag d;
	json_t *r = ctl_model_record(path, "x", &d);
	ck_assert_msg(r != NULL, "%s", d.msg);
	free(path);
	return r;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

START_TEST(model_reads_the_disallowed_list)
{
	json_t *r = model_of("incident-d-2023/disallowedcert.stl");
	ck_assert_str_eq(str(r, "create"), "ok");
	json_t *u = json_object_get(r, "subject_usage");
	ck_assert_uint_eq(json_array_size(u), 1);
	ck_assert_str_eq(json_string_value(json_array_get(u, 0)),
	                 "1.3.6.1.4.1.311.10.3.30"); /* RULES.md 6 */
	ck_assert_str_eq(str(r, "sequence_number"), "0131");
	ck_assert_str_eq(str(r, "this_update"), "2023-03-07T00:00:00Z");
	ck_assert_ptr_null(json_object_get(r, "next_update"));
	ck_assert_str_eq(str(r, "subject_algorithm"), "1.3.14.3.2.26");
	/* the one entry: the SHA-1 of distrusted-ca.crt */
	unsigned char sha1[20];
	unsigned n = 0;
	ck_assert_int_eq(
	    X509_digest(kit_x509("incident-d-2023/distrusted-ca.crt"),
	                EVP_sha1(), sha1, &n),
	    1);
	char hex[41];
	for (unsigned i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sha1[i]);
	json_t *e = json_object_get(r, "entries");
	ck_assert_uint_eq(json_array_size(e), 1);
	ck_assert_str_eq(json_string_value(json_array_get(e, 0)), hex);
	ck_assert_str_eq(str(r, "message_digest"), "ok");
	ck_assert_str_eq(str(r, "verify_signature"), "ok");
	/* the signer: the SHA-1 of ctl-signer.crt */
	ck_assert_int_eq(X509_digest(kit_x509("incident-d-2023/ctl-signer.crt"),
	                             EVP_sha1(), sha1, &n),
	                 1);
	for (unsigned i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", sha1[i]);
	ck_assert_str_eq(str(r, "signer_sha1"), hex);
	json_decref(r);
}
END_TEST

/* The fixture whose signature has its last byte flipped: the engine's
 * verdict is NTE_BAD_SIGNATURE 0x80090006, the code Wine 8 returned for
 * this file from both CMSG_CTRL_VERIFY_SIGNATURE and
 * CryptMsgGetAndVerifySigner (docs/compare.md, "Checking STLs"). */
START_TEST(model_bad_signature)
{
	json_t *r = model_of("incident-a-2010/authroot-bad-signature.stl");
	ck_assert_str_eq(str(r, "create"), "ok");
	ck_assert_str_eq(str(r, "message_digest"), "ok");
	ck_assert_str_eq(str(r, "verify_signature"), "0x80090006");
	ck_assert_str_eq(str(r, "get_and_verify_signer"), "0x80090006");
	json_decref(r);
}
END_TEST

START_TEST(model_refuses_unreadable_and_empty_files)
{
	cs_diag d;
	ck_assert_ptr_null(ctl_model_record("/nonexistent/x.stl", "x", &d));
	ck_assert_msg(strstr(d.msg, "cannot open") != NULL, "%s", d.msg);
	char path[] = "/tmp/capisim-test-ctl-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_null(ctl_model_record(path, "x", &d));
	ck_assert_msg(strstr(d.msg, "empty file") != NULL, "%s", d.msg);
	unlink(path);
}
END_TEST

/* A file the parser rejects is a record, not an error. */
START_TEST(model_rejection_is_a_record)
{
	json_t *r = model_of("incident-a-2010/ctl-signer-2010.crt");
	ck_assert_msg(strncmp(str(r, "create"), "rejected: ", 10) == 0, "%s",
	              str(r, "create"));
	ck_assert_ptr_null(json_object_get(r, "entries"));
	json_decref(r);
}
END_TEST

/* ---- the comparison ---- */

static unsigned compare(const char *wine, const char *model, char **text,
                        ctl_compare_sum *sum)
{
	json_t *w = json_loads(wine, 0, NULL), *m = json_loads(model, 0, NULL);
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(m);
	size_t len;
	FILE *out = open_memstream(text, &len);
	memset(sum, 0, sizeof *sum);
	unsigned n = ctl_compare_records("f.stl", w, m, out, sum);
	fclose(out);
	json_decref(w);
	json_decref(m);
	return n;
}

#define BASE                                                                \
	"\"create\":\"ok\",\"subject_usage\":[\"1.3.6.1.4.1.311.10.3.9\"]," \
	"\"this_update\":\"2010-07-08T00:00:00Z\",\"subject_algorithm\":"   \
	"\"1.3.14.3.2.26\",\"signer_sha1\":\"aa\",\"verify_signature\":"    \
	"\"ok\","                                                           \
	"\"get_and_verify_signer\":\"ok\""

START_TEST(same_records_match)
{
	char *text;
	ctl_compare_sum s;
	ck_assert_uint_eq(
	    compare(
	        "{" BASE ",\"sequence_number\":\"0131\",\"entries\":[\"AB\"],"
	        "\"signer_subject\":\"CN=x\"}",
	        "{" BASE ",\"sequence_number\":\"000131\",\"entries\":[\"ab\"],"
	        "\"message_digest\":\"ok\"}",
	        &text, &s),
	    0);
	ck_assert_uint_eq(s.different, 0);
	ck_assert_uint_eq(s.one_sided, 2); /* signer_subject, message_digest */
	ck_assert_msg(strstr(text, "f.stl: sequence_number: same: 0131\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: next_update: same: (none)\n"), "%s",
	              text);
	ck_assert_msg(strstr(text, "f.stl: message_digest: model only: ok "
	                           "(Wine never compares it"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: signer_subject: wine only: CN=x"),
	              "%s", text);
	free(text);
}
END_TEST

START_TEST(differences_are_counted)
{
	char *text;
	ctl_compare_sum s;
	/* an entry changed, one missing, a NextUpdate on one side only, the
	 * signature failing on one side */
	ck_assert_uint_eq(
	    compare(
	        "{" BASE ",\"entries\":[\"01\",\"02\"],"
	        "\"next_update\":\"2010-07-15T00:00:00Z\"}",
	        "{\"create\":\"ok\",\"subject_usage\":[\"1.3.6.1.4.1.311.10.3."
	        "9\"],\"this_update\":\"2010-07-08T00:00:00Z\","
	        "\"subject_algorithm\":\"1.3.14.3.2.26\",\"signer_sha1\":"
	        "\"aa\",\"verify_signature\":\"0x80090006\","
	        "\"get_and_verify_signer\":\"ok\",\"entries\":[\"03\"]}",
	        &text, &s),
	    5);
	ck_assert_msg(
	    strstr(text, "f.stl: entries#: different: wine=2 model=1\n"), "%s",
	    text);
	ck_assert_msg(
	    strstr(text, "f.stl: entries[0]: different: wine=01 model=03\n"),
	    "%s", text);
	ck_assert_msg(strstr(text, "f.stl: entries[1]: different: wine=02 "
	                           "model=(none)\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: next_update: different: "
	                           "wine=2010-07-15T00:00:00Z model=(none)\n"),
	              "%s", text);
	ck_assert_msg(strstr(text,
	                     "f.stl: verify_signature: different: wine=ok "
	                     "model=0x80090006\n"),
	              "%s", text);
	free(text);
}
END_TEST

START_TEST(rejection_stops_the_comparison)
{
	char *text;
	ctl_compare_sum s;
	/* both reject, whatever each says why: same, and nothing else */
	ck_assert_uint_eq(compare("{\"create\":\"0x0000000D\"}",
	                          "{\"create\":\"rejected: not PKCS#7\"}",
	                          &text, &s),
	                  0);
	ck_assert_str_eq(text,
	                 "f.stl: create: same: rejected (wine 0x0000000D; "
	                 "model rejected: not PKCS#7)\n");
	free(text);
	/* one side rejects: one difference, nothing else compared */
	ck_assert_uint_eq(
	    compare("{\"create\":\"0x0000000D\"}", "{" BASE "}", &text, &s), 1);
	ck_assert_str_eq(
	    text, "f.stl: create: different: wine=0x0000000D model=ok\n");
	free(text);
}
END_TEST

static Suite *ctl_suite(void)
{
	Suite *s = suite_create("compare_ctl");
	TCase *tc = tcase_create("ctl");
	tcase_add_test(tc, model_reads_the_disallowed_list);
	tcase_add_test(tc, model_bad_signature);
	tcase_add_test(tc, model_refuses_unreadable_and_empty_files);
	tcase_add_test(tc, model_rejection_is_a_record);
	tcase_add_test(tc, same_records_match);
	tcase_add_test(tc, differences_are_counted);
	tcase_add_test(tc, rejection_stops_the_comparison);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(ctl_suite)
