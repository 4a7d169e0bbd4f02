/* `dir` of an X509Objects folder and `expect files modified` judged from
 * the run's decisions, not its trace: incident C's scenario gives the same
 * verdicts with the trace on and off.
 *
 * Expected values: SEED 003 / EVIDENCE.md C - the CA's IIS log shows the
 * base CRL XXX-CA(1).crl fetched at 10:51:34 and only the delta
 * XXX-CA(1)+.crl at the renewal; "the .crl files in X509Objects with a
 * modification time at that moment are only delta CRLs". The scenario's
 * renewal request is at 11:52:14 (its header says why). A file list that
 * adds the base at that moment must fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "sim/scenario/scenario.h"

static const char seed_item[] =
    "files modified 2014-04-10T11:52:14Z: XXX-CA(1)+.crl";

/* The incident C scenario with its `files modified` item replaced by
 * item (NULL: as written). */
static char *scenario_text(const char *item)
{
	const char *src = getenv("CAPISIM_SRCDIR");
	ck_assert_ptr_nonnull(src);
	char path[4096];
	snprintf(path, sizeof path,
	         "%s/fixtures/incidents/2014-04-ocsp-suppresses-crl.scn", src);
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *at = strstr(buf, seed_item);
	ck_assert_ptr_nonnull(at);
	if (!item)
		item = seed_item;
	size_t out_len = n - strlen(seed_item) + strlen(item) + 1;
	char *out = malloc(out_len);
	ck_assert_ptr_nonnull(out);
	snprintf(out, out_len, "%.*s%s%s", (int)(at - buf), buf, item,
	         at + strlen(seed_item));
	return out;
}

/* Failures of the run; *files_failed: how many were `files modified`. */
static size_t play(const char *item, bool trace, size_t *files_failed)
{
	const char *src = getenv("CAPISIM_SRCDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/fixtures/incidents", src);
	cs_pool *pool;
	ck_assert(cs_pool_new(&pool, dir) == CS_OK);
	char *text = scenario_text(item);
	cs_scenario *s;
	cs_diag d;
	memset(&d, 0, sizeof d);
	ck_assert_msg(cs_scenario_parse_string(&s, "c.scn", text, pool, &d) ==
	                  CS_OK,
	              "%s:%u:%u: %s", d.file, d.line, d.col, d.msg);
	cs_run_options o = {.trace = trace};
	cs_machine m;
	cs_run_result res;
	ck_assert(cs_scenario_run(s, &o, &m, &res) == CS_OK);
	size_t n = res.nfailures;
	*files_failed = 0;
	for (size_t i = 0; i < n; i++)
		if (res.failures[i].expect &&
		    res.failures[i].expect->kind == CS_EXPECT_FILES_MODIFIED)
			(*files_failed)++;
	cs_run_result_free(&res);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
	free(text);
	return n;
}

START_TEST(t_delta_only_trace_on_and_off)
{
	size_t ff;
	ck_assert_uint_eq(play(NULL, true, &ff), 0);
	ck_assert_uint_eq(play(NULL, false, &ff), 0);
}
END_TEST

START_TEST(t_base_at_renewal_fails_trace_off)
{
	size_t ff;
	size_t n = play("files modified 2014-04-10T11:52:14Z: XXX-CA(1).crl "
	                "XXX-CA(1)+.crl",
	                false, &ff);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ff, 1);
	/* nothing at all at that moment is also wrong */
	n = play("files modified 2014-04-10T11:52:14Z: none", false, &ff);
	ck_assert_uint_eq(ff, 1);
}
END_TEST

START_TEST(t_base_from_first_request_trace_off)
{
	/* the base the listing still shows is the 10:51:34 download */
	size_t ff;
	ck_assert_uint_eq(
	    play("files modified 2014-04-10T10:51:34Z: XXX-CA(1).crl", false,
	         &ff),
	    0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("dir_expect");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_delta_only_trace_on_and_off);
	tcase_add_test(tc, t_base_at_renewal_fails_trace_off);
	tcase_add_test(tc, t_base_from_first_request_trace_off);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
