/* capisim compare wine SCENARIO: play the Wine-playable part of a scenario
 * in Wine's crypt32 (one probe process) and in the model (profile wine-8),
 * and diff the verify results step by step (compare/wine/scenario_plan.h). */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/compare_scenario.h"
#include "compare/diff.h"
#include "compare/wine/runner.h"
#include "compare/wine/scenario_plan.h"
#include "pki/pool.h"

static cs_status write_text(FILE *f, void *ctx)
{
	return fputs(ctx, f) < 0 ? CS_ERR_IO : CS_OK;
}

/* The probe reads its clock back after setting it: a step whose "clock" is
 * not the time the plan gave it ran at another time than the model's, and
 * nothing after it can be trusted. Returns the 1-based trace line of the
 * first such step, 0 when all agree. */
static size_t clock_mismatch(const char *trace, const wine_scenario_subset *sub,
                             char *got, size_t cap)
{
	const char *p = trace;
	for (size_t i = 0; p && *p; i++) {
		size_t n = strcspn(p, "\n");
		json_t *o = json_loadb(p, n, 0, NULL);
		const char *c = json_string_value(json_object_get(o, "clock"));
		cs_filetime t;
		bool bad = i >= sub->nverify || !c ||
		           cs_time_parse(c, &t, NULL, NULL) != CS_OK ||
		           t != sub->clock[i];
		if (bad) {
			char want[CS_TIME_BUF] = "-";
			if (i < sub->nverify)
				cs_time_format(sub->clock[i], want);
			snprintf(got, cap, "%s, not %s", c ? c : "nothing",
			         want);
		}
		json_decref(o);
		if (bad)
			return i + 1;
		p += n + (p[n] == '\n');
	}
	return 0;
}

int cli_compare_wine_scenario(const wine_run_opts *run, const char *path,
                              const char *wine_out, const char *model_out)
{
	cs_pool *pool;
	cs_scenario *s;
	int rc = cli_load_scenario(path, &pool, &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	char base[PATH_MAX], real_base[PATH_MAX];
	cs_scenario_base_dir(path, base, sizeof base);
	if (!realpath(base, real_base))
		snprintf(real_base, sizeof real_base, "%s", base);

	char plan_path[] = "/tmp/capisim-scenario-plan-XXXXXX";
	int fd = mkstemp(plan_path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	wine_scenario_subset sub = {0};
	char *wine_trace = NULL, *model_trace = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status st =
	    f ? wine_scenario_plan(s, real_base, f, &sub, &d) : CS_ERR_IO;
	if (f && fclose(f) != 0 && st == CS_OK)
		st = CS_ERR_IO;
	if (st != CS_OK) {
		if (st == CS_ERR_SYNTAX && !d.file[0])
			snprintf(d.file, sizeof d.file, "%s", path);
		rc = st == CS_ERR_SYNTAX ? cli_fail(&d) : CLI_EXIT_INTERNAL;
		if (st == CS_ERR_IO)
			fprintf(
			    stderr,
			    "capisim compare: error: cannot write the probe "
			    "plan %s: %s\n",
			    plan_path, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < sub.nskipped; i++)
		printf("- line %u: skipped: %s (%s)\n", sub.skipped[i].line,
		       sub.skipped[i].action, sub.skipped[i].why);

	st = wine_run_plan(run, plan_path, &wine_trace, &d);
	if (st != CS_OK) {
		rc = cli_fail_status(st, &d);
		goto out;
	}
	char got[128];
	size_t bad = clock_mismatch(wine_trace, &sub, got, sizeof got);
	if (bad) {
		fprintf(stderr,
		        "capisim compare: error: Wine's clock read back %s in "
		        "trace line %zu: libfaketime did not take the step's "
		        "time\n",
		        got, bad);
		rc = CLI_EXIT_INTERNAL;
		goto out;
	}
	if ((st = wine_scenario_model(s, &sub, &model_trace, &d)) != CS_OK) {
		rc = cli_fail(&d);
		goto out;
	}
	if (wine_out && (rc = cli_write_atomic(wine_out, write_text,
	                                       wine_trace)) != CLI_EXIT_OK)
		goto out;
	if (model_out && (rc = cli_write_atomic(model_out, write_text,
	                                        model_trace)) != CLI_EXIT_OK)
		goto out;
	cmp_opts o = {.name_a = "wine", .name_b = "model"};
	cmp_summary sum;
	if (cmp_texts(wine_trace, model_trace, &o, stdout, &sum, &d) != CS_OK) {
		rc = cli_fail(&d);
		goto out;
	}
	cmp_print_summary(stdout, &o, &sum);
	if (sub.nskipped)
		printf("%zu step%s skipped (Wine cannot play them; the model "
		       "did not either)\n",
		       sub.nskipped, sub.nskipped == 1 ? "" : "s");
	rc = sum.different ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
out:
	if (fd >= 0)
		unlink(plan_path);
	free(wine_trace);
	free(model_trace);
	wine_scenario_subset_free(&sub);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return rc;
}
