/* The embedding API (include/capisim/run.h), used exactly as a program that
 * links libcapisim would: only public headers. Expected outcomes: RULES.md 1
 * (notAfter is the last valid instant) and 2 (CERT_E_EXPIRED 0x800B0101,
 * CERT_E_UNTRUSTEDROOT 0x800B0109); the basic leaf's notAfter is
 * 2025-07-01T00:00:00Z (fixtures/README.md). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/capisim.h"
#include "check_main.h"

static const char *fixtures(void)
{
	const char *f = getenv("CAPISIM_FIXTURES");
	ck_assert_msg(f != NULL, "CAPISIM_FIXTURES not set");
	return f;
}

static capisim_run *run_text(const char *text, cs_status want, cs_diag *d)
{
	capisim_run *r = (capisim_run *)1;
	cs_status st =
	    capisim_run_string("api.scn", text, fixtures(), NULL, &r, d);
	ck_assert_msg(st == want, "status %s: %s", cs_status_str(st), d->msg);
	if (want != CS_OK)
		ck_assert_ptr_null(r);
	return r;
}

#define HEADER                                    \
	"profile win7-sp1\n"                      \
	"start 2025-06-30T23:59:59Z\n"            \
	"store machine Root add basic/root.crt\n" \
	"store machine CA add basic/intermediate.crt\n"

START_TEST(true_claims_hold)
{
	cs_diag d;
	capisim_run *r = run_text(HEADER "verify basic/leaf.crt revocation=none"
	                                 " expect ok\n"
	                                 "advance 2s\n"
	                                 "verify basic/leaf.crt revocation=none"
	                                 " expect error=0x800B0101\n",
	                          CS_OK, &d);
	ck_assert_uint_eq(capisim_run_failures(r), 0);
	ck_assert_uint_eq(capisim_run_expectations(r), 2);
	ck_assert_uint_gt(capisim_run_observations(r), 0);
	ck_assert_ptr_null(capisim_run_failure(r, 0));
	capisim_run_free(r);
}
END_TEST

START_TEST(false_claim_is_reported_with_its_line)
{
	cs_diag d;
	/* Claiming success one second after notAfter must fail. */
	capisim_run *r = run_text(HEADER "advance 2s\n"
	                                 "verify basic/leaf.crt revocation=none"
	                                 " expect ok\n",
	                          CS_OK, &d);
	ck_assert_uint_eq(capisim_run_failures(r), 1);
	const char *f = capisim_run_failure(r, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_msg(strncmp(f, "api.scn:6:", 10) == 0, "%s", f);
	ck_assert_ptr_nonnull(strstr(f, "expectation failed"));
	capisim_run_free(r);
}
END_TEST

START_TEST(trace_is_json_lines)
{
	cs_diag d;
	capisim_run *r = run_text(HEADER "verify basic/leaf.crt revocation=none"
	                                 "\n",
	                          CS_OK, &d);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	ck_assert_int_eq(capisim_run_write_trace(r, mem), CS_OK);
	fclose(mem);
	size_t lines = 0;
	for (char *p = buf; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, capisim_run_observations(r));
	ck_assert_msg(buf[0] == '{', "%.40s", buf);
	free(buf);
	capisim_run_free(r);
}
END_TEST

START_TEST(no_trace_option)
{
	cs_diag d;
	capisim_run *r = NULL;
	capisim_run_options opt = {.no_trace = true};
	ck_assert_int_eq(capisim_run_string("api.scn",
	                                    HEADER "verify basic/leaf.crt\n",
	                                    fixtures(), &opt, &r, &d),
	                 CS_OK);
	ck_assert_uint_eq(capisim_run_observations(r), 0);
	capisim_run_free(r);
}
END_TEST

/* Seed observables: every tagged item held -> explains; one failed ->
 * contradicts; a failed given= precondition, or no tagged item -> silent
 * (docs/scenario-language.md). A denied registry write is 0x80070005. */
START_TEST(observable_verdicts)
{
	cs_diag d;
	capisim_run *r =
	    run_text("profile win7-sp1\n"
	             "start 2025-01-01T00:00:00Z\n"
	             "observable A the write works\n"
	             "observable B the write is denied\n"
	             "observable C only judged when denied\n"
	             "observable D never tagged\n"
	             "reg add HKLM\\SOFTWARE\\X /v a /d 1 expect obs=A ok\n"
	             "reg add HKLM\\SOFTWARE\\X /v b /d 1 expect obs=B "
	             "error=0x80070005\n"
	             "reg add HKLM\\SOFTWARE\\X /v c /d 1 expect given=C "
	             "error=0x80070005 obs=C ok\n",
	             CS_OK, &d);
	ck_assert_uint_eq(capisim_run_observables(r), 4);
	static const capisim_observable_verdict want[] = {
	    CAPISIM_OBSERVABLE_EXPLAINS, CAPISIM_OBSERVABLE_CONTRADICTS,
	    CAPISIM_OBSERVABLE_SILENT, CAPISIM_OBSERVABLE_SILENT};
	static const char *const ids[] = {"A", "B", "C", "D"};
	for (size_t i = 0; i < 4; i++) {
		const char *text;
		capisim_observable_verdict v;
		const char *id = capisim_run_observable(r, i, &text, &v);
		ck_assert_str_eq(id, ids[i]);
		ck_assert_int_eq(v, want[i]);
	}
	const char *text;
	capisim_run_observable(r, 1, &text, NULL);
	ck_assert_str_eq(text, "the write is denied");
	ck_assert_ptr_null(capisim_run_observable(r, 4, NULL, NULL));
	capisim_run_free(r);
}
END_TEST

/* The named alternatives: the first is the profiles as shipped; an unknown
 * one is an input error. */
START_TEST(hypothesis_option)
{
	ck_assert_uint_ge(capisim_hypotheses(), 2);
	ck_assert_str_eq(capisim_hypothesis(0, NULL), "as-shipped");
	ck_assert_ptr_null(capisim_hypothesis(capisim_hypotheses(), NULL));
	capisim_run_options o = {.hypothesis = "H-none"};
	capisim_run *r = (capisim_run *)1;
	cs_diag d;
	ck_assert_int_eq(capisim_run_string("api.scn",
	                                    "start 2025-01-01T00:00:00Z\n",
	                                    fixtures(), &o, &r, &d),
	                 CS_ERR_NOT_FOUND);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(d.msg, "unknown hypothesis 'H-none'");
}
END_TEST

START_TEST(bad_input_gives_a_diagnostic_and_no_run)
{
	cs_diag d;
	run_text("profile win7-sp1\nstart 2025-13-01\n", CS_ERR_SYNTAX, &d);
	ck_assert_str_eq(d.file, "api.scn");
	ck_assert_uint_eq(d.line, 2);
	run_text(HEADER "verify basic/no-such-file.crt\n", CS_ERR_SYNTAX, &d);
	ck_assert_uint_eq(d.line, 5);
	capisim_run *r = (capisim_run *)1;
	capisim_run_options opt = {.profile = "windows-95"};
	ck_assert_int_eq(
	    capisim_run_string("api.scn", HEADER, fixtures(), &opt, &r, &d),
	    CS_ERR_NOT_FOUND);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(d.msg, "windows-95"));
	capisim_run_free(NULL); /* a no-op */
}
END_TEST

/* Expectations judge what happened, not the log (docs/scenario-language.md
 * "expect"): with the trace off, `expect fetch` still sees the request a
 * revocation check with empty caches must make, and a false `no-fetch`
 * still fails, saying what was found. */
START_TEST(fetch_expectations_without_trace)
{
#define CDP "http://pki.capisim.test/crl/intermediate.crl"
	static const char text[] =
	    HEADER "serve " CDP " basic/crl/intermediate.crl\n"
	           "verify basic/leaf.crt revocation=chain expect fetch " CDP
	           " no-fetch " CDP " no-fetch http://unrelated.test/x.crl\n";
	for (int trace = 0; trace < 2; trace++) {
		cs_diag d;
		capisim_run *r = NULL;
		capisim_run_options opt = {.no_trace = !trace};
		ck_assert_int_eq(capisim_run_string("api.scn", text, fixtures(),
		                                    &opt, &r, &d),
		                 CS_OK);
		ck_assert_uint_eq(capisim_run_expectations(r), 3);
		ck_assert_uint_eq(capisim_run_failures(r), 1);
		ck_assert_ptr_nonnull(strstr(capisim_run_failure(r, 0),
		                             "expect no-fetch " CDP
		                             ": 1 network request,"));
		capisim_run_free(r);
	}
#undef CDP
}
END_TEST

/* Every scenario of the repository gives the same failures (count, text,
 * expectations checked) with the trace on and off. */
static const char *const scenario_dirs[] = {
    "tests/scenario", "tests/autoupdate", "tests/compare", "tests/fleet",
    "fixtures/incidents"};

START_TEST(trace_on_off_same_outcome)
{
	const char *src = getenv("CAPISIM_SRCDIR");
	ck_assert_msg(src != NULL, "CAPISIM_SRCDIR not set");
	unsigned ran = 0;
	for (size_t k = 0; k < sizeof scenario_dirs / sizeof *scenario_dirs;
	     k++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/%s", src, scenario_dirs[k]);
		DIR *dp = opendir(dir);
		ck_assert_msg(dp != NULL, "cannot read %s", dir);
		for (struct dirent *de; (de = readdir(dp));) {
			size_t n = strlen(de->d_name);
			if (n < 4 || strcmp(de->d_name + n - 4, ".scn") != 0)
				continue;
			char path[8192];
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			capisim_run *r[2] = {NULL, NULL};
			for (int t = 0; t < 2; t++) {
				cs_diag d;
				capisim_run_options opt = {.no_trace = t == 0};
				ck_assert_msg(capisim_run_file(path, &opt,
				                               &r[t],
				                               &d) == CS_OK,
				              "%s: %s", path, d.msg);
			}
			ck_assert_uint_eq(capisim_run_expectations(r[0]),
			                  capisim_run_expectations(r[1]));
			ck_assert_msg(capisim_run_failures(r[0]) ==
			                  capisim_run_failures(r[1]),
			              "%s: %zu failures without the trace, %zu "
			              "with it",
			              path, capisim_run_failures(r[0]),
			              capisim_run_failures(r[1]));
			for (size_t i = 0; i < capisim_run_failures(r[0]); i++)
				ck_assert_str_eq(capisim_run_failure(r[0], i),
				                 capisim_run_failure(r[1], i));
			capisim_run_free(r[0]);
			capisim_run_free(r[1]);
			ran++;
		}
		closedir(dp);
	}
	ck_assert_uint_ge(ran, 20);
}
END_TEST

static Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("run");
	tcase_add_test(tc, true_claims_hold);
	tcase_add_test(tc, false_claim_is_reported_with_its_line);
	tcase_add_test(tc, trace_is_json_lines);
	tcase_add_test(tc, no_trace_option);
	tcase_add_test(tc, fetch_expectations_without_trace);
	tcase_add_test(tc, trace_on_off_same_outcome);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, bad_input_gives_a_diagnostic_and_no_run);
	tcase_add_test(tc, observable_verdicts);
	tcase_add_test(tc, hypothesis_option);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(api_suite)
