/* Replayed results (model/horizon.h, sim/scenario/reuse.h): a repeated
 * verify replays while its inputs hold and is played again when one
 * changes, giving the same trace as playing every occurrence; and the
 * safety net - --reuse check - fails when a horizon is forgotten.
 *
 * Expected values: the basic leaf's validity is [2024-07-01T00:00:00Z,
 * 2025-07-01T00:00:00Z] (fixtures/README.md), notAfter included (RULES.md
 * 1): the daily verify at 2025-07-01T00:00:00Z succeeds and the one at
 * 2025-07-02T00:00:00Z fails with CERT_E_EXPIRED 0x800B0101 (RULES.md 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "sim/scenario/scenario.h"
#include "trace/jsonl.h"

static char scenario_text[4096];

static const char *text(void)
{
	const char *fx = getenv("CAPISIM_FIXTURES");
	ck_assert_ptr_nonnull(fx);
	snprintf(scenario_text, sizeof scenario_text,
	         "profile win10-22h2\n"
	         "start 2025-06-20T00:00:00Z\n"
	         "store Root add %s/basic/root.crt\n"
	         "store CA add %s/basic/intermediate.crt\n"
	         "every 1d until 2025-07-06T00:00:00Z verify %s/basic/leaf.crt "
	         "revocation=none\n",
	         fx, fx, fx);
	return scenario_text;
}

typedef struct {
	char *trace;
	size_t len;
	cs_run_result res;
	cs_status st;
} played;

static played play(cs_reuse_mode mode, bool ignore_horizons)
{
	played p = {0};
	cs_pool *pool;
	ck_assert(cs_pool_new(&pool, ".") == CS_OK);
	cs_scenario *s;
	cs_diag d;
	memset(&d, 0, sizeof d);
	ck_assert_msg(cs_scenario_parse_string(&s, "t.scn", text(), pool, &d) ==
	                  CS_OK,
	              "%s", d.msg);
	cs_run_options o = {.trace = true,
	                    .reuse = mode,
	                    .test_ignore_horizons = ignore_horizons};
	cs_machine m;
	p.st = cs_scenario_run(s, &o, &m, &p.res);
	FILE *f = open_memstream(&p.trace, &p.len);
	ck_assert_ptr_nonnull(f);
	ck_assert(cs_trace_write_jsonl(&m.w.trace, f) == CS_OK);
	fclose(f);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return p;
}

START_TEST(t_replay_equals_engine)
{
	played off = play(CS_REUSE_OFF, false), on = play(CS_REUSE_ON, false);
	ck_assert(off.st == CS_OK && on.st == CS_OK);
	ck_assert_uint_eq(off.res.steps_run, on.res.steps_run);
	ck_assert_uint_eq(off.res.steps_replayed, 0);
	/* 16 daily verifies: the first is cold, the second records, the
	 * expiry (notAfter + 1) is crossed once: at least 12 replays */
	ck_assert_uint_ge(on.res.steps_replayed, 12);
	ck_assert_uint_eq(off.len, on.len);
	ck_assert(memcmp(off.trace, on.trace, off.len) == 0);
	/* the expiry is seen: still valid on 07-01, expired from 07-02 */
	ck_assert_ptr_nonnull(
	    strstr(on.trace, "{\"t\":\"2025-07-01T00:00:00Z\",\"step\":5,"
	                     "\"kind\":\"step\",\"account\":\"user:"
	                     "Administrator\",\"action\":\"verify"));
	const char *d1 = strstr(on.trace, "\"t\":\"2025-07-01T00:00:00Z\"");
	const char *d2 = strstr(on.trace, "\"t\":\"2025-07-02T00:00:00Z\"");
	ck_assert(d1 && d2);
	const char *hr1 = strstr(d1, "\"hresult\":");
	const char *hr2 = strstr(d2, "\"hresult\":");
	ck_assert(hr1 && hr2);
	ck_assert(strncmp(hr1, "\"hresult\":\"0x00000000\"", 22) == 0);
	ck_assert(strncmp(hr2, "\"hresult\":\"0x800B0101\"", 22) == 0);
	free(off.trace);
	free(on.trace);
	cs_run_result_free(&off.res);
	cs_run_result_free(&on.res);
}
END_TEST

/* A forgotten horizon (the certificate's notAfter not reported) would
 * replay "valid" past the expiry: --reuse check must stop there. */
START_TEST(t_check_catches_a_forgotten_horizon)
{
	played p = play(CS_REUSE_CHECK, true);
	ck_assert(p.st == CS_ERR_INTERNAL);
	ck_assert_msg(strstr(p.res.reuse_error,
	                     "line 5 at 2025-07-02T00:00:00Z: a replay would "
	                     "differ from the engine: the outcome differs") !=
	                  NULL,
	              "%s", p.res.reuse_error);
	free(p.trace);
	cs_run_result_free(&p.res);
	/* and with the horizons reported, check passes */
	p = play(CS_REUSE_CHECK, false);
	ck_assert(p.st == CS_OK);
	ck_assert_str_eq(p.res.reuse_error, "");
	free(p.trace);
	cs_run_result_free(&p.res);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("reuse");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_replay_equals_engine);
	tcase_add_test(tc, t_check_catches_a_forgotten_horizon);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
