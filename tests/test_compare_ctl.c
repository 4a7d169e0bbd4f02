/* compare/wine/ctl_check.c: the model's side of `capisim compare wine --ctl`
 * (the engine's CTL parser read into the probe's ctl-check schema) and the
 * field-by-field comparison. Expected values: RULES.md 6 (subject usages),
 * the fixture catalogue (fixtures/README.md: disallowedcert.stl lists
 * distrusted-ca.crt, ThisUpdate 2023-03-07), the fixture's DER as
 * `openssl asn1parse` shows it (sequenceNumber INTEGER 0131), and the
 * entry identifier as OpenSSL's SHA-1 of the listed certificate, an
 * entry's key identifier property as the listed certificate's
 * subjectKeyIdentifier (OpenSSL), its EKU property as fixtures/README.md
 * lists it (serverAuth, clientAuth; root lists only; no property 29). The
 * comparison's rules are docs/compare.md's ("Checking STLs"). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

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

static void hex_of(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/* The certificate's subjectKeyIdentifier in lower-case hex, from OpenSSL. */
static void ski_hex(const char *rel, char out[2 * 64 + 1])
{
	const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(kit_x509(rel));
	ck_assert_ptr_nonnull(ski);
	ck_assert_int_le(ASN1_STRING_length(ski), 64);
	hex_of(ASN1_STRING_get0_data(ski), (size_t)ASN1_STRING_length(ski),
	       out);
}

static const json_t *prop(const json_t *r, size_t i)
{
	const json_t *p =
	    json_array_get(json_object_get(r, "entry_properties"), i);
	ck_assert_ptr_nonnull(p);
	return p;
}

START_TEST(model_reads_entry_properties)
{
	json_t *r = model_of("incident-a-2010/authroot-2010-07.stl");
	ck_assert_uint_eq(
	    json_array_size(json_object_get(r, "entry_properties")), 2);
	static const char *const roots[] = {"incident-a-2010/program-p1.crt",
	                                    "incident-a-2010/program-p2.crt"};
	for (size_t i = 0; i < 2; i++) {
		char ski[2 * 64 + 1];
		ski_hex(roots[i], ski);
		ck_assert_str_eq(str(prop(r, i), "key_id"), ski);
		/* fixtures/README.md: serverAuth, clientAuth (RFC 5280 OIDs) */
		ck_assert_str_eq(str(prop(r, i), "eku"),
		                 "1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2");
		ck_assert_ptr_null(json_object_get(prop(r, i), "name_md5"));
	}
	json_decref(r);
	/* the disallowed list: a key identifier, no EKU property */
	r = model_of("incident-d-2023/disallowedcert.stl");
	char ski[2 * 64 + 1];
	ski_hex("incident-d-2023/distrusted-ca.crt", ski);
	ck_assert_str_eq(str(prop(r, 0), "key_id"), ski);
	ck_assert_ptr_null(json_object_get(prop(r, 0), "eku"));
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

#define ENTRY_PROPS(KEY, MD5, EKU)                                      \
	"{" BASE ",\"entries\":[\"01\",\"02\"],\"entry_properties\":[{" \
	"\"key_id\":\"" KEY "\"" MD5 ",\"eku\":\"" EKU "\"},{\"eku\":"  \
	"\"0x8009310B\"}]}"

START_TEST(entry_property_rows)
{
	char *text;
	ctl_compare_sum s;
	/* the same properties (hex in either case): one row each, all same;
	 * an EKU neither side could read (Wine's code, the engine's reason)
	 * is the same too */
	const char *model =
	    "{" BASE ",\"entries\":[\"01\",\"02\"],\"entry_properties\":[{"
	    "\"key_id\":\"ab\",\"name_md5\":\"0f\",\"eku\":\"none\"},{"
	    "\"eku\":\"rejected: enhanced key usage: expected a DER "
	    "SEQUENCE OF OBJECT IDENTIFIER (22 bytes)\"}]}";
	ck_assert_uint_eq(
	    compare(ENTRY_PROPS("AB", ",\"name_md5\":\"0F\"", "none"), model,
	            &text, &s),
	    0);
	ck_assert_msg(strstr(text, "f.stl: entries[0].key_id: same: AB\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: entries[0].name_md5: same: 0F\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: entries[0].eku: same: none\n"), "%s",
	              text);
	ck_assert_msg(strstr(text, "f.stl: entries[1].key_id: same: (none)\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: entries[1].eku: same: 0x8009310B\n"),
	              "%s", text);
	free(text);
	/* a different key identifier, a name MD5 on one side only, a usage
	 * list against an empty one: three differences, each its own row */
	ck_assert_uint_eq(
	    compare(ENTRY_PROPS("aa", ",\"name_md5\":\"0f\"", "none"),
	            ENTRY_PROPS("bb", "", "1.3.6.1.5.5.7.3.1"), &text, &s),
	    3);
	ck_assert_uint_eq(s.different, 3);
	ck_assert_msg(strstr(text, "f.stl: entries[0].key_id: different: "
	                           "wine=aa model=bb\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: entries[0].name_md5: different: "
	                           "wine=0f model=(none)\n"),
	              "%s", text);
	ck_assert_msg(strstr(text, "f.stl: entries[0].eku: different: "
	                           "wine=none model=1.3.6.1.5.5.7.3.1\n"),
	              "%s", text);
	free(text);
	/* Wine's decode error against a list the engine read: a difference */
	ck_assert_uint_eq(compare(ENTRY_PROPS("aa", "", "0x8009310B"),
	                          ENTRY_PROPS("aa", "", "1.3.6.1.5.5.7.3.1"),
	                          &text, &s),
	                  1);
	ck_assert_msg(strstr(text, "f.stl: entries[0].eku: different: "
	                           "wine=0x8009310B model=1.3.6.1.5.5.7.3.1\n"),
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
	tcase_add_test(tc, model_reads_entry_properties);
	tcase_add_test(tc, model_bad_signature);
	tcase_add_test(tc, model_refuses_unreadable_and_empty_files);
	tcase_add_test(tc, model_rejection_is_a_record);
	tcase_add_test(tc, same_records_match);
	tcase_add_test(tc, differences_are_counted);
	tcase_add_test(tc, entry_property_rows);
	tcase_add_test(tc, rejection_stops_the_comparison);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(ctl_suite)
