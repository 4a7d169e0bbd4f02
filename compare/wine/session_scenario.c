/* A compare-wine session from a scenario (session.h): the Wine-playable
 * part played in Wine's crypt32 (one probe process) and in the model
 * (profile wine-8), the verify results diffed step by step
 * (scenario_plan.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "compare/wine/session.h"

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

cs_status wine_session_scenario(const wine_run_opts *run, const cs_scenario *s,
                                const char *path, wine_session *out, cs_diag *d)
{
	memset(out, 0, sizeof *out);
	memset(d, 0, sizeof *d);
	out->kind = WINE_SESSION_DIFF;
	out->from_scenario = true;
	char base[PATH_MAX], real_base[PATH_MAX];
	cs_scenario_base_dir(path, base, sizeof base);
	if (!realpath(base, real_base))
		snprintf(real_base, sizeof real_base, "%s", base);

	char plan_path[] = "/tmp/capisim-scenario-plan-XXXXXX";
	int fd = mkstemp(plan_path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	cs_status st =
	    f ? wine_scenario_plan(s, real_base, f, &out->sub, d) : CS_ERR_IO;
	int err = errno;
	if (f && fclose(f) != 0 && st == CS_OK) {
		st = CS_ERR_IO;
		err = errno;
	}
	if (st == CS_ERR_SYNTAX && !d->file[0])
		snprintf(d->file, sizeof d->file, "%s", path);
	else if (st == CS_ERR_IO)
		cs_diag_set(d, "", 0, 0, "cannot write the probe plan %s: %s",
		            plan_path, strerror(err));
	if (st == CS_OK)
		st = wine_run_plan(run, plan_path, &out->wine, d);
	char got[128];
	size_t bad = st == CS_OK
	                 ? clock_mismatch(out->wine, &out->sub, got, sizeof got)
	                 : 0;
	if (bad) {
		cs_diag_set(d, "", 0, 0,
		            "Wine's clock read back %s in trace line %zu: "
		            "libfaketime did not take the step's time",
		            got, bad);
		st = CS_ERR_INTERNAL;
	}
	if (st == CS_OK)
		st = wine_scenario_model(s, &out->sub, &out->model, d);
	if (fd >= 0)
		unlink(plan_path);
	if (st != CS_OK)
		wine_session_free(out);
	return st;
}
