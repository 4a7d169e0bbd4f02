/* Fleet distributions (sim/fleet/fleet.h, docs/fleet.md) and the runner's
 * fleet hooks (random reboots, patch). Expected values come from the
 * distributions as documented: without a grid every parameter is drawn
 * to the second, uniformly, from the machine's own stream; a patch
 * applies to the machines running one of its FROM profiles only, at the
 * scenario's start + [MIN, MAX). Sample sizes are chosen so that the
 * tolerances are more than 5 standard deviations wide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "sim/fleet/fleet.h"

#define SEC  CS_TICKS_PER_SEC
#define HOUR CS_TICKS_PER_HOUR
#define DAY  CS_TICKS_PER_DAY

static cs_fleet_vary vary(const char *a, const char *b, const char *c)
{
	cs_fleet_vary v;
	memset(&v, 0, sizeof v);
	const char *specs[] = {a, b, c};
	for (size_t i = 0; i < 3; i++) {
		if (!specs[i])
			continue;
		cs_diag d;
		memset(&d, 0, sizeof d);
		ck_assert_msg(cs_fleet_vary_add(&v, specs[i], &d) == CS_OK,
		              "%s: %s", specs[i], d.msg);
	}
	return v;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

START_TEST(t_bad_specs)
{
	static const struct {
		const char *spec, *msg;
		unsigned col;
	} rows[] = {
	    {"reboot=random(1d)",
	     "expected every(MIN..MAX) or random(MIN..MAX)", 15},
	    {"reboot=random(30s..1d)", "needs 1m <= MIN <= MAX", 15},
	    {"reboot=sometimes(1d..2d)", "expected every(..) or random(..)", 8},
	    {"patch=win7-sp1@uniform(1d,2d)", "expected FROM>TO", 7},
	    {"patch=win7-sp1>win99@uniform(1d,2d)", "unknown profile", 16},
	    {"patch=win7-sp1>win7-sp1@uniform(1d,2d)", "the same profile", 7},
	    {"patch=win7-sp1>win10-22h2", "expected FROM>TO[,FROM>TO...]@", 7},
	    {"patch=win7-sp1>win10-22h2@every(1d..2d)",
	     "expected uniform(MIN,MAX) after '@'", 27},
	    {"patch=win7-sp1>win10-22h2@uniform(2d,1d)", "MIN < MAX", 35},
	    {"patch=win7-sp1>win10-22h2,win7-sp1>win11@uniform(1d,2d)",
	     "already patched", 27},
	    {"wobble=uniform(1d,2d)", "expected start=uniform(MIN,MAX)", 1},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cs_fleet_vary v;
		memset(&v, 0, sizeof v);
		cs_diag d;
		memset(&d, 0, sizeof d);
		ck_assert_msg(cs_fleet_vary_add(&v, rows[i].spec, &d) ==
		                  CS_ERR_SYNTAX,
		              "%s accepted", rows[i].spec);
		ck_assert_msg(strstr(d.msg, rows[i].msg) != NULL,
		              "%s: message '%s'", rows[i].spec, d.msg);
		ck_assert_msg(d.col == rows[i].col, "%s: column %u, want %u",
		              rows[i].spec, d.col, rows[i].col);
	}
	/* the same parameter twice, in its other form */
	cs_fleet_vary v = vary("reboot=every(1d..2d)", NULL, NULL);
	cs_diag d;
	memset(&d, 0, sizeof d);
	ck_assert(cs_fleet_vary_add(&v, "reboot=random(1d..2d)", &d) ==
	          CS_ERR_SYNTAX);
	ck_assert(strstr(d.msg, "already varied") != NULL);
	ck_assert(cs_fleet_vary_griddable(&v));
	ck_assert(!cs_fleet_vary_griddable(
	    (cs_fleet_vary[]){vary("reboot=random(1d..2d)", NULL, NULL)}));
}
END_TEST

/* start=uniform(0,1d) without a grid: whole seconds in [0, 1d), no
 * hourly grid, uniform. 20,000 draws from 86,400 values: about 17,860
 * distinct (86400 (1 - e^(-20000/86400))); the mean's standard deviation
 * is 86400 / sqrt(12 * 20000) = 176 s. */
START_TEST(t_start_to_the_second)
{
	enum { N = 20000 };
	cs_fleet_vary v = vary("start=uniform(0,1d)", NULL, NULL);
	int64_t *x = malloc(N * sizeof *x);
	ck_assert_ptr_nonnull(x);
	int64_t sum = 0;
	size_t off_hour = 0;
	for (uint64_t k = 0; k < N; k++) {
		cs_fleet_machine m;
		cs_fleet_draw_machine(&v, 42, k, 0, NULL, &m);
		ck_assert(m.shift >= 0 && m.shift < DAY);
		ck_assert(m.shift % SEC == 0);
		off_hour += m.shift % HOUR != 0;
		x[k] = m.shift;
		sum += m.shift / SEC;
		/* the same machine draws the same, whatever came before */
		cs_fleet_machine again;
		cs_fleet_draw_machine(&v, 42, k, 0, NULL, &again);
		ck_assert(again.shift == m.shift);
	}
	qsort(x, N, sizeof *x, cmp_i64);
	size_t distinct = 1;
	for (size_t i = 1; i < N; i++)
		distinct += x[i] != x[i - 1];
	free(x);
	ck_assert_msg(distinct > 17000 && distinct < 18700, "distinct %zu",
	              distinct);
	ck_assert(off_hour > N * 99 / 100);
	int64_t mean = sum / N;
	ck_assert_msg(mean > 43200 - 1000 && mean < 43200 + 1000, "mean %lld",
	              (long long)mean);
}
END_TEST

/* reboot=every(1d..14d) without a grid: one period per machine, whole
 * seconds in [1d, 14d], not only whole days; mean 7.5 d (sd of the mean
 * 13 d / sqrt(12 * 10000) = 0.0375 d). */
START_TEST(t_every_to_the_second)
{
	enum { N = 10000 };
	cs_fleet_vary v = vary("reboot=every(1d..14d)", NULL, NULL);
	int64_t sum = 0;
	size_t off_day = 0;
	for (uint64_t k = 0; k < N; k++) {
		cs_fleet_machine m;
		cs_fleet_draw_machine(&v, 7, k, 0, NULL, &m);
		ck_assert(!m.reboot_random);
		ck_assert(m.reboot_every >= DAY && m.reboot_every <= 14 * DAY);
		ck_assert(m.reboot_every % SEC == 0);
		off_day += m.reboot_every % DAY != 0;
		sum += m.reboot_every / SEC;
	}
	ck_assert(off_day > N * 99 / 100);
	int64_t mean = sum / N;
	ck_assert(mean > 7 * 86400 + 43200 - 20000 &&
	          mean < 7 * 86400 + 43200 + 20000);
}
END_TEST

/* reboot=random(1h..3h): every interval drawn anew in [1h, 3h], to the
 * second; a machine replays the same sequence; two machines differ. */
START_TEST(t_random_reboots)
{
	cs_fleet_vary v = vary("reboot=random(1h..3h)", NULL, NULL);
	cs_fleet_machine a, b, a2;
	cs_fleet_draw_machine(&v, 1, 5, 0, NULL, &a);
	cs_fleet_draw_machine(&v, 1, 5, 0, NULL, &a2);
	cs_fleet_draw_machine(&v, 1, 6, 0, NULL, &b);
	ck_assert(a.reboot_random && a.reboot_every == 0);
	cs_filetime ta = 0, ta2 = 0, tb = 0;
	int64_t sum = 0, lo = INT64_MAX, hi = 0;
	size_t same_ab = 0;
	enum { N = 20000 };
	for (int i = 0; i < N; i++) {
		cs_filetime na = cs_fleet_next_reboot(&a, ta);
		cs_filetime na2 = cs_fleet_next_reboot(&a2, ta2);
		cs_filetime nb = cs_fleet_next_reboot(&b, tb);
		int64_t d = na - ta;
		ck_assert(na == na2);
		ck_assert(d >= HOUR && d <= 3 * HOUR && d % SEC == 0);
		same_ab += d == nb - tb;
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
		sum += d / SEC;
		ta = na;
		ta2 = na2;
		tb = nb;
	}
	/* 7,201 values: two machines agree about 1 time in 7,201 */
	ck_assert_msg(same_ab < 20, "machines 5 and 6 agree %zu times",
	              same_ab);
	ck_assert(lo < HOUR + 10 * SEC && hi > 3 * HOUR - 10 * SEC);
	/* mean 2 h; sd of the mean 7200 / sqrt(12 * 20000) = 14.7 s */
	int64_t mean = sum / N;
	ck_assert_msg(mean > 7200 - 100 && mean < 7200 + 100, "mean %lld",
	              (long long)mean);
}
END_TEST

/* patch=: only the machines running a FROM profile, at start + [7d, 21d)
 * to the second; profile=mix(60,40) keeps its weights (sd of the share
 * sqrt(.24 / 20000) = 0.0035). */
START_TEST(t_patch_and_mix)
{
	enum { N = 20000 };
	const cs_filetime start = 1000 * DAY;
	cs_fleet_vary v =
	    vary("profile=mix(win7-sp1:60,win10-22h2:40)",
	         "patch=win7-sp1>win7-sp1-kb2666300@uniform(7d,21d)", NULL);
	const cs_profile *w7 = cs_profile_find("win7-sp1"),
	                 *kb = cs_profile_find("win7-sp1-kb2666300"),
	                 *w10 = cs_profile_find("win10-22h2");
	ck_assert(w7 && kb && w10);
	size_t n7 = 0, off_day = 0;
	for (uint64_t k = 0; k < N; k++) {
		cs_fleet_machine m;
		cs_fleet_draw_machine(&v, 3, k, start, w10, &m);
		ck_assert(m.profile == w7 || m.profile == w10);
		if (m.profile == w10) {
			ck_assert(m.patch_at == 0 && !m.patch_profile);
			continue;
		}
		n7++;
		ck_assert(m.patch_profile == kb);
		ck_assert(m.patch_at >= start + 7 * DAY &&
		          m.patch_at < start + 21 * DAY);
		ck_assert((m.patch_at - start) % SEC == 0);
		off_day += (m.patch_at - start) % DAY != 0;
	}
	ck_assert_msg(n7 > N * 58 / 100 && n7 < N * 62 / 100, "win7 %zu", n7);
	ck_assert(off_day > n7 * 99 / 100);
	/* without a mix the scenario's profile decides */
	cs_fleet_vary p = vary(
	    "patch=win7-sp1>win7-sp1-kb2666300@uniform(7d,21d)", NULL, NULL);
	cs_fleet_machine m;
	cs_fleet_draw_machine(&p, 3, 0, start, w7, &m);
	ck_assert(m.patch_profile == kb && m.patch_at >= start + 7 * DAY);
	cs_fleet_draw_machine(&p, 3, 0, start, w10, &m);
	ck_assert(m.patch_profile == NULL && m.patch_at == 0);
}
END_TEST

/* The runner's fleet hooks: a patch switches the profile and reboots at
 * its instant (trace: "patch" then "reboot"); random reboots happen at the
 * instants the hook returns. */
static cs_filetime every_5h(void *ctx, cs_filetime after)
{
	(*(int *)ctx)++;
	return after + 5 * HOUR;
}

START_TEST(t_runner_hooks)
{
	cs_pool *pool;
	ck_assert(cs_pool_new(&pool, ".") == CS_OK);
	cs_scenario *s;
	cs_diag d;
	memset(&d, 0, sizeof d);
	ck_assert(
	    cs_scenario_parse_string(&s, "t.scn",
	                             "profile win7-sp1\n"
	                             "start 2025-01-01T00:00:00Z\n"
	                             "at 2025-01-02T00:00:00Z as SYSTEM\n",
	                             pool, &d) == CS_OK);
	int calls = 0;
	cs_run_options o = {
	    .trace = true,
	    .next_reboot = every_5h,
	    .next_reboot_ctx = &calls,
	    .patch_at = s->start + 10 * HOUR + 30 * SEC,
	    .patch_profile = cs_profile_find("win7-sp1-kb2666300"),
	};
	cs_machine m;
	cs_run_result r;
	ck_assert(cs_scenario_run(s, &o, &m, &r) == CS_OK);
	/* reboots at 5h, 10h, 15h, 20h; the patch at 10:00:30 */
	cs_filetime want[] = {5 * HOUR, 10 * HOUR, 10 * HOUR + 30 * SEC,
	                      15 * HOUR, 20 * HOUR};
	size_t nr = 0, np = 0;
	for (size_t i = 0; i < m.w.trace.n; i++) {
		const cs_obs *ob = &m.w.trace.obs[i];
		if (strcmp(ob->kind, "patch") == 0) {
			np++;
			ck_assert(ob->t == s->start + 10 * HOUR + 30 * SEC);
			ck_assert_str_eq(cs_obs_get_str(ob, "profile"),
			                 "win7-sp1-kb2666300");
			ck_assert(i + 1 < m.w.trace.n);
			ck_assert_str_eq(m.w.trace.obs[i + 1].kind, "reboot");
		}
		if (strcmp(ob->kind, "reboot") == 0) {
			ck_assert(nr < 5);
			ck_assert(ob->t == s->start + want[nr]);
			nr++;
		}
	}
	ck_assert_uint_eq(np, 1);
	ck_assert_uint_eq(nr, 5);
	ck_assert_str_eq(m.w.profile->name, "win7-sp1-kb2666300");
	cs_run_result_free(&r);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("fleet");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_bad_specs);
	tcase_add_test(tc, t_start_to_the_second);
	tcase_add_test(tc, t_every_to_the_second);
	tcase_add_test(tc, t_random_reboots);
	tcase_add_test(tc, t_patch_and_mix);
	tcase_add_test(tc, t_runner_hooks);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
