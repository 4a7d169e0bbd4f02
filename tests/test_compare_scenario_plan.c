/* compare/wine/scenario_plan.c: `store Root|CA purposes` before the first
 * verify becomes the probe plan's `purposes LIST PATH` line (usage names as
 * OIDs, RULES.md / wincrypt.h: codeSigning 1.3.6.1.5.5.7.3.3), only for a
 * certificate an earlier line put in that store; the plan the probe reads
 * back accepts it (compare/probe/plan.c). */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "compare/probe/plan.h"
#include "compare/wine/scenario_plan.h"
#include "pki/pool.h"

static char dir[] = "/tmp/capisim-scenario-plan-XXXXXX";

/* The plan for the scenario text (fixtures by absolute path). */
static char *plan_of(const char *text)
{
	char path[sizeof dir + 16];
	snprintf(path, sizeof path, "%s/t.scn", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	cs_pool *pool;
	ck_assert_int_eq(cs_pool_new(&pool, dir), CS_OK);
	cs_scenario *s;
	cs_diag d = {0};
	ck_assert_msg(cs_scenario_parse_file(&s, path, pool, &d) == CS_OK, "%s",
	              d.msg);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	wine_scenario_subset sub;
	ck_assert_int_eq(wine_scenario_plan(s, dir, mem, &sub, &d), CS_OK);
	fclose(mem);
	wine_scenario_subset_free(&sub);
	cs_scenario_free(s);
	cs_pool_free(pool);
	unlink(path);
	return buf;
}

START_TEST(purposes_become_plan_lines)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	const char *fx = getenv("CAPISIM_FIXTURES");
	ck_assert_ptr_nonnull(fx);
	char real[PATH_MAX], text[6 * PATH_MAX + 512];
	ck_assert_ptr_nonnull(realpath(fx, real));
	snprintf(text, sizeof text,
	         "profile wine-8\n"
	         "start 2024-12-01T00:00:00Z\n"
	         "store Root add %s/basic/root.crt\n"
	         "store CA add %s/basic/intermediate.crt\n"
	         "store Root purposes codeSigning,1.2.3 %s/basic/root.crt\n"
	         "store CA purposes none %s/basic/intermediate.crt\n"
	         /* not in Root: no entry, no line */
	         "store Root purposes all %s/basic/intermediate.crt\n"
	         "verify %s/basic/leaf.crt revocation=none\n",
	         real, real, real, real, real, real);
	char *p = plan_of(text);
	char want[3][PATH_MAX + 64];
	snprintf(want[0], sizeof want[0],
	         "\npurposes 1.3.6.1.5.5.7.3.3,1.2.3 %s/basic/root.crt\n",
	         real);
	snprintf(want[1], sizeof want[1],
	         "\npurposes none %s/basic/intermediate.crt\n", real);
	snprintf(want[2], sizeof want[2], "\nroot %s/basic/root.crt\n", real);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(strstr(p, want[i]), "no '%s' in:\n%s", want[i],
		              p);
	ck_assert_msg(!strstr(p, "purposes all"), "%s", p);
	/* the root line comes first: a property needs its entry */
	const char *root_at = strstr(p, want[2]), *prop_at = strstr(p, want[0]);
	ck_assert(root_at < prop_at);
	plan pl;
	char err[256];
	ck_assert_msg(plan_parse(p, &pl, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(pl.npurposes, 2);
	ck_assert_str_eq(pl.purposes[0].usages, "1.3.6.1.5.5.7.3.3,1.2.3");
	plan_free(&pl);
	free(p);
	rmdir(dir);
}
END_TEST

static Suite *scenario_plan_suite(void)
{
	Suite *s = suite_create("compare_scenario_plan");
	TCase *tc = tcase_create("purposes");
	tcase_add_test(tc, purposes_become_plan_lines);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(scenario_plan_suite)
