/* sim/call: calls written as FUNCTION KEY=VALUE words - what the parser
 * refuses and why (the words users type, so each message is checked whole
 * for its key part), and a few calls end to end on the fixtures.
 *
 * Expected values: the functions' documentation (DOC CryptGetObjectUrl:
 * the URLs of the CRL Distribution Points extension; CertVerifyTimeValidity;
 * CertFindCRLInStore) and the fixtures' contents (leaf.crt's CDP is
 * http://pki.capisim.test/crl/intermediate.crl); file:// URLs are read
 * before Vista only (cryptnet.c test_retrieveObjectByUrl's win_skip). */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "rev_testkit.h"
#include "sim/call/call.h"

static cs_pool *pool;

static cs_status load(void *ctx, const char *word, cs_bytes *bytes,
                      const char **name, cs_diag *d)
{
	(void)ctx;
	*name = word;
	return cs_pool_file(pool, word, bytes, NULL, d);
}

static void setup(void)
{
	char base[1024];
	snprintf(base, sizeof base, "%s/basic", rt_fixtures());
	ck_assert_int_eq(cs_pool_new(&pool, base), CS_OK);
}

static void teardown(void)
{
	cs_pool_free(pool);
}

/* Parse "FUNCTION WORD..." (space separated, at most 16 words). */
static cs_status parse(const char *line, cs_call **out, size_t *bad, cs_diag *d)
{
	static char buf[2048];
	const char *words[16];
	size_t n = 0;
	snprintf(buf, sizeof buf, "%s", line);
	char *fn = strtok(buf, " ");
	for (char *w; (w = strtok(NULL, " ")) && n < 16;)
		words[n++] = w;
	cs_call_loader ld = {pool, load, NULL};
	memset(d, 0, sizeof *d);
	return cs_call_parse(fn, words, n, &ld, out, bad, d);
}

static const struct {
	const char *line;
	size_t bad_word; /* 99: the function name or a missing key */
	const char *msg; /* a part of the message */
} refused[] = {
    {"CertFrobnicate x=1", 99, "unknown function 'CertFrobnicate'"},
    {"CertFindCRLInStore store=empty flavour=1", 1,
     "CertFindCRLInStore takes no 'flavour' (its keys: store, encoding, "
     "flags, type,"},
    {"CertFindCRLInStore store=empty type=sideways", 1,
     "type=sideways: expected a number"},
    {"CertFindCRLInStore store=empty flags=-1", 1, "flags=-1: expected a"},
    {"CertFindCRLInStore store=empty store=empty", 1, "given twice"},
    {"CertFindCRLInStore type=1", 99, "CertFindCRLInStore needs store="},
    {"CertFindCRLInStore store=sometimes:crl/root.crl", 0,
     "store item 'sometimes:...': expected a disposition"},
    {"CertFindCRLInStore store=crl/nothere.crl", 0, "nothere.crl"},
    {"CertFindCRLInStore store=empty para=crl/root.crl", 99, NULL},
    {"CertIsValidCRLForCertificate crl=leaf.crt", 0, "'leaf.crt' is not a CRL"},
    {"CertVerifyRevocation time=yesterday", 0, "'yesterday' is not a time"},
    {"CryptRetrieveObjectByUrl url=gopher-ish", 0,
     "expected null, file:OBJECT"},
    {"CertAddEncodedCRLToStore store=empty data=crl/root.crl "
     "disposition=sometimes",
     2, "disposition=sometimes: expected new"},
    {"CertFindCRLInStore store=empty plain", 1, "'plain': expected KEY=VALUE"},
};

START_TEST(test_refused)
{
	cs_call *c = NULL;
	size_t bad;
	cs_diag d;
	cs_status st = parse(refused[_i].line, &c, &bad, &d);
	if (!refused[_i].msg) { /* a valid line */
		ck_assert_int_eq(st, CS_OK);
		cs_call_free(c);
		return;
	}
	ck_assert_int_eq(st, CS_ERR_SYNTAX);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(d.msg, refused[_i].msg), "message '%s'", d.msg);
	if (refused[_i].bad_word != 99)
		ck_assert_uint_eq(bad, refused[_i].bad_word);
}
END_TEST

static cs_call_result play(const char *profile, const char *now,
                           const char *line)
{
	cs_call *c;
	size_t bad;
	cs_diag d;
	ck_assert_msg(parse(line, &c, &bad, &d) == CS_OK, "%s: %s", line,
	              d.msg);
	cs_machine m;
	ck_assert_int_eq(cs_machine_init(&m, pool, cs_profile_find(profile),
	                                 rt_at(now), false),
	                 CS_OK);
	cs_call_result r;
	ck_assert_int_eq(cs_call_run(c, &m, m.w.acting, &r), CS_OK);
	cs_machine_free(&m);
	cs_call_free(c);
	return r;
}

START_TEST(test_find_crl)
{
	cs_call_result r =
	    play("win10-22h2", "2025-01-01T00:00:00Z",
	         "CertFindCRLInStore store=crl/root.crl,crl/intermediate.crl "
	         "type=issued-by para=intermediate.crt flags=3");
	ck_assert_int_eq(r.ret, 1);
	const cs_call_field *f = cs_call_result_field(&r, "context");
	ck_assert_int_eq(f->kind, CS_CALL_FIELD_HEX);
	r = play("win10-22h2", "2025-01-01T00:00:00Z",
	         "CertFindCRLInStore store=crl/root.crl type=issued-by "
	         "para=intermediate.crt");
	ck_assert_int_eq(r.ret, 0);
	ck_assert_uint_eq(r.last_error, 0x80092004u); /* CRYPT_E_NOT_FOUND */
	r = play("win10-22h2", "2025-01-01T00:00:00Z",
	         "CertFindCRLInStore store=crl/root.crl,crl/intermediate.crl,"
	         "crl/intermediate+.crl type=issued-by para=intermediate.crt "
	         "enumerate=1 entries-of=leaf-revoked.crt");
	ck_assert_int_eq(cs_call_result_field(&r, "count")->value, 2);
	ck_assert_int_eq(cs_call_result_field(&r, "revoked")->value, 1);
}
END_TEST

START_TEST(test_object_url)
{
	cs_call_result r = play("win10-22h2", "2025-01-01T00:00:00Z",
	                        "CryptGetObjectUrl "
	                        "oid=URL_OID_CERTIFICATE_CRL_DIST_POINT "
	                        "object=leaf.crt array=buffer");
	ck_assert_int_eq(r.ret, 1);
	const cs_call_field *f = cs_call_result_field(&r, "urls");
	ck_assert_uint_eq(f->nlist, 1);
	ck_assert_str_eq(f->list[0],
	                 "http://pki.capisim.test/crl/intermediate.crl");
	/* found, but nowhere to say how large: E_INVALIDARG */
	r = play("win10-22h2", "2025-01-01T00:00:00Z",
	         "CryptGetObjectUrl oid=URL_OID_CERTIFICATE_CRL_DIST_POINT "
	         "object=leaf.crt");
	ck_assert(r.ret == 0 && r.last_error == 0x80070057u);
}
END_TEST

START_TEST(test_file_url_by_profile)
{
	const char *line = "CryptRetrieveObjectByUrl url=file:leaf.crt "
	                   "oid=CONTEXT_OID_CERTIFICATE";
	ck_assert_int_eq(play("xp-sp3", "2025-01-01T00:00:00Z", line).ret, 1);
	ck_assert_int_eq(play("win10-22h2", "2025-01-01T00:00:00Z", line).ret,
	                 0);
	cs_call_result r =
	    play("xp-sp3", "2025-01-01T00:00:00Z",
	         "CryptRetrieveObjectByUrl url=file-deleted:leaf.crt "
	         "oid=CONTEXT_OID_CERTIFICATE flags=2");
	ck_assert(r.ret == 0 && r.last_error == 2); /* ERROR_FILE_NOT_FOUND */
}
END_TEST

START_TEST(test_time_validity)
{
	cs_call_result r = play("win10-22h2", "2025-01-01T00:00:00Z",
	                        "CertVerifyTimeValidity "
	                        "time=2025-01-01T00:00:00Z "
	                        "notbefore=2025-01-01T00:00:00.0000001Z "
	                        "notafter=2026-01-01T00:00:00Z");
	ck_assert_int_eq(r.ret, -1);
}
END_TEST

/* CertVerifyCRLTimeValidity (DOC: -1 before ThisUpdate, +1 after
 * NextUpdate, else 0): crl/root.crl's ThisUpdate is 2024-12-01T00:00:00Z
 * and its NextUpdate 2025-06-01T00:00:00Z (openssl crl -lastupdate
 * -nextupdate on the fixture); both ends valid, as for certificates. */
START_TEST(test_crl_time_validity)
{
	static const struct {
		const char *time;
		int64_t ret;
	} at[] = {{"2024-11-30T23:59:59.9999999Z", -1},
	          {"2024-12-01T00:00:00Z", 0},
	          {"2024-12-01T00:00:00.0000001Z", 0},
	          {"2025-05-31T23:59:59.9999999Z", 0},
	          {"2025-06-01T00:00:00Z", 0},
	          {"2025-06-01T00:00:00.0000001Z", 1}};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		char line[256];
		snprintf(line, sizeof line,
		         "CertVerifyCRLTimeValidity time=%s crl=crl/root.crl",
		         at[i].time);
		cs_call_result r =
		    play("win10-22h2", "2025-01-01T00:00:00Z", line);
		ck_assert_msg(r.ret == at[i].ret, "%s: %lld", at[i].time,
		              (long long)r.ret);
		ck_assert(r.ret_is_long);
	}
	/* no time: the machine's clock */
	cs_call_result r = play("win10-22h2", "2025-07-01T00:00:00Z",
	                        "CertVerifyCRLTimeValidity crl=crl/root.crl");
	ck_assert_int_eq(r.ret, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("call");
	TCase *tc = tcase_create("call");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_refused, 0,
	                    sizeof refused / sizeof *refused);
	tcase_add_test(tc, test_find_crl);
	tcase_add_test(tc, test_object_url);
	tcase_add_test(tc, test_file_url_by_profile);
	tcase_add_test(tc, test_time_validity);
	tcase_add_test(tc, test_crl_time_validity);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
