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
#include "sim/scenario/workspace.h"
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

static played play_ws(cs_reuse_mode mode, bool ignore_horizons,
                      cs_run_workspace *ws)
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
	                    .test_ignore_horizons = ignore_horizons,
	                    .workspace = ws};
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

static played play(cs_reuse_mode mode, bool ignore_horizons)
{
	return play_ws(mode, ignore_horizons, NULL);
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

/* Boot memos (sim/scenario/boot_reuse.h): a machine that reboots every
 * 1d 7h 13m 5s, verifying every hour with the trace off, replays a boot's
 * cold and warm verifies at later boots. Every occurrence's time and
 * HRESULT, and the run's counts and failures, must be those of playing
 * every occurrence on the engine - across the leaf's expiry, which a boot
 * memo recorded before it must not carry past. */
typedef struct {
	char *buf;
	size_t len;
	FILE *f;
} timeline;

static void on_step(void *ctx, const cs_step *step, cs_filetime t,
                    bool has_hresult, uint32_t hresult)
{
	timeline *tl = ctx;
	fprintf(tl->f, "%u %lld %d %08x\n", step->at_src.line, (long long)t,
	        has_hresult, (unsigned)hresult);
}

typedef struct {
	timeline tl;
	cs_run_result res;
	cs_status st;
} rebooted;

static rebooted play_rebooting_ws(cs_reuse_mode mode, cs_run_workspace *ws)
{
	rebooted p = {0};
	cs_pool *pool;
	ck_assert(cs_pool_new(&pool, ".") == CS_OK);
	const char *fx = getenv("CAPISIM_FIXTURES");
	ck_assert_ptr_nonnull(fx);
	char t[4096];
	snprintf(t, sizeof t,
	         "profile win7-sp1\n"
	         "start 2025-06-20T00:00:00Z\n"
	         "store Root add %s/basic/root.crt\n"
	         "store CA add %s/basic/intermediate.crt\n"
	         "every 1h until 2025-07-06T00:00:00Z verify "
	         "%s/basic/leaf.crt revocation=none expect ok\n",
	         fx, fx, fx);
	cs_scenario *s;
	cs_diag d;
	memset(&d, 0, sizeof d);
	ck_assert_msg(cs_scenario_parse_string(&s, "t.scn", t, pool, &d) ==
	                  CS_OK,
	              "%s", d.msg);
	p.tl.f = open_memstream(&p.tl.buf, &p.tl.len);
	ck_assert_ptr_nonnull(p.tl.f);
	cs_run_options o = {.reuse = mode,
	                    .reboot_every = CS_TICKS_PER_DAY +
	                                    7 * CS_TICKS_PER_HOUR +
	                                    (13 * 60 + 5) * CS_TICKS_PER_SEC,
	                    .on_step = on_step,
	                    .on_step_ctx = &p.tl,
	                    .workspace = ws};
	cs_machine m;
	p.st = cs_scenario_run(s, &o, &m, &p.res);
	fclose(p.tl.f);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return p;
}

static rebooted play_rebooting(cs_reuse_mode mode)
{
	return play_rebooting_ws(mode, NULL);
}

START_TEST(t_boot_memo_equals_engine)
{
	rebooted off = play_rebooting(CS_REUSE_OFF),
	         on = play_rebooting(CS_REUSE_ON),
	         chk = play_rebooting(CS_REUSE_CHECK);
	ck_assert(off.st == CS_OK && on.st == CS_OK);
	ck_assert_msg(chk.st == CS_OK, "%s", chk.res.reuse_error);
	/* 2 stores and 16 days of hourly verifies (until excluded) */
	ck_assert_uint_eq(off.res.steps_run, 2 + 16 * 24);
	ck_assert_uint_eq(on.res.steps_run, off.res.steps_run);
	ck_assert_uint_eq(chk.res.steps_run, off.res.steps_run);
	ck_assert_uint_eq(on.res.expectations_checked,
	                  off.res.expectations_checked);
	ck_assert_uint_eq(off.tl.len, on.tl.len);
	ck_assert(memcmp(off.tl.buf, on.tl.buf, off.tl.len) == 0);
	ck_assert_uint_eq(off.tl.len, chk.tl.len);
	ck_assert(memcmp(off.tl.buf, chk.tl.buf, off.tl.len) == 0);
	/* expired from 2025-07-01T01:00:00Z (notAfter 07-01T00:00:00Z
	 * included) to 07-05T23:00:00Z: 5 x 24 - 1 hourly verifies fail */
	ck_assert_uint_eq(on.res.nfailures, 1);
	ck_assert_uint_eq(off.res.nfailures, 1);
	ck_assert_uint_eq(on.res.failures[0].times, 5 * 24 - 1);
	ck_assert_uint_eq(off.res.failures[0].times, 5 * 24 - 1);
	ck_assert(on.res.failures[0].t == off.res.failures[0].t);
	cs_filetime first;
	ck_assert(cs_time_parse("2025-07-01T01:00:00Z", &first, NULL, NULL) ==
	          CS_OK);
	ck_assert(on.res.failures[0].t == first);
	ck_assert_ptr_nonnull(strstr(on.tl.buf, " 1 800b0101\n"));
	/* 13 boots (12 reboots in 16 days): playing each costs its cold and
	 * warm verifies, 26 engine runs. With boot memos only the first
	 * boot, the boot the expiry falls in (its warm result holds until
	 * then, not until the next reboot) and the one after it (a new
	 * result, recorded again) are played, plus the first expired
	 * verify and the 2 stores. */
	unsigned long engine = on.res.steps_run - on.res.steps_replayed;
	ck_assert_msg(engine <= 2 + 3 * 2 + 2, "%lu engine runs", engine);
	free(off.tl.buf);
	free(on.tl.buf);
	free(chk.tl.buf);
	cs_run_result_free(&off.res);
	cs_run_result_free(&on.res);
	cs_run_result_free(&chk.res);
}
END_TEST

/* A workspace lent to run after run (sim/scenario/workspace.h, as a
 * fleet thread does) must give each run what its own allocations would:
 * two scenarios of different shapes, alternated on one workspace, each
 * the same as run alone - memos, boot memos and failures of the run
 * before must not leak into the next. */
START_TEST(t_workspace_runs_equal_own)
{
	cs_run_workspace ws = {0};
	rebooted alone = play_rebooting(CS_REUSE_ON);
	played daily_alone = play(CS_REUSE_ON, false);
	for (int round = 0; round < 3; round++) {
		rebooted r = play_rebooting_ws(CS_REUSE_ON, &ws);
		played d = play_ws(CS_REUSE_ON, false, &ws);
		ck_assert(r.st == CS_OK && d.st == CS_OK);
		ck_assert_uint_eq(r.res.steps_run, alone.res.steps_run);
		ck_assert_uint_eq(r.res.steps_replayed,
		                  alone.res.steps_replayed);
		ck_assert_uint_eq(r.res.nfailures, 1);
		ck_assert_uint_eq(r.res.failures[0].times,
		                  alone.res.failures[0].times);
		ck_assert_uint_eq(r.tl.len, alone.tl.len);
		ck_assert(memcmp(r.tl.buf, alone.tl.buf, r.tl.len) == 0);
		ck_assert_uint_eq(d.res.steps_replayed,
		                  daily_alone.res.steps_replayed);
		ck_assert_uint_eq(d.len, daily_alone.len);
		ck_assert(memcmp(d.trace, daily_alone.trace, d.len) == 0);
		free(r.tl.buf);
		free(d.trace);
		cs_run_result_free(&r.res);
		cs_run_result_free(&d.res);
	}
	ck_assert_ptr_nonnull(ws.block);
	cs_run_workspace_free(&ws);
	ck_assert_ptr_null(ws.block);
	free(alone.tl.buf);
	free(daily_alone.trace);
	cs_run_result_free(&alone.res);
	cs_run_result_free(&daily_alone.res);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("reuse");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_replay_equals_engine);
	tcase_add_test(tc, t_check_catches_a_forgotten_horizon);
	tcase_add_test(tc, t_boot_memo_equals_engine);
	tcase_add_test(tc, t_workspace_runs_equal_own);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
