/* capisim compare wine --ctl FILE...: each signed CTL (.stl) read by Wine's
 * crypt32 (CertCreateCTLContext, CMSG_CTRL_VERIFY_SIGNATURE,
 * CryptMsgGetAndVerifySigner: the probe's ctl-check, one probe process for
 * all files) and by the engine's own CTL parser and verifier, compared
 * field by field (compare/wine/ctl_check.h; docs/compare.md, "Checking
 * STLs"). RULES.md 6 asks for this proof of the fixture STLs. */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/compare_ctl.h"
#include "compare/wine/ctl_check.h"

static cs_status write_text(FILE *f, void *ctx)
{
	return fputs(ctx, f) < 0 ? CS_ERR_IO : CS_OK;
}

/* The plan: one `ctl ctlN PATH` and one `ctl-check ctl=ctlN step=N` per
 * file, in the order given. */
static int write_plan(const char *const *files, unsigned n, FILE *f)
{
	fputs("capisim-probe 1\nprofile wine-8\n", f);
	for (unsigned i = 0; i < n; i++) {
		char abs[PATH_MAX];
		if (!realpath(files[i], abs))
			return -1; /* read by the model side just before */
		fprintf(f, "ctl ctl%u %s\n", i + 1, abs);
	}
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "ctl-check ctl=ctl%u step=%u\n", i + 1, i + 1);
	return ferror(f) ? -1 : 0;
}

/* Wine's records by step (1-based, as written); missing ones stay NULL. */
static int wine_records(const char *trace, json_t **by_step, unsigned n)
{
	const char *p = trace;
	while (*p) {
		size_t len = strcspn(p, "\n");
		json_t *o = json_loadb(p, len, 0, NULL);
		json_int_t step =
		    json_integer_value(json_object_get(o, "step"));
		json_t *ctl = json_object_get(o, "ctl");
		if (ctl && step >= 1 && step <= (json_int_t)n &&
		    !by_step[step - 1])
			by_step[step - 1] = json_incref(ctl);
		json_decref(o);
		p += len + (p[len] == '\n');
	}
	for (unsigned i = 0; i < n; i++)
		if (!by_step[i])
			return (int)i + 1;
	return 0;
}

static char *model_trace(json_t *const *model, unsigned n)
{
	size_t cap = 1, len = 0;
	char *out = calloc(1, cap);
	for (unsigned i = 0; out && i < n; i++) {
		json_t *line = json_pack("{s:s, s:I, s:s, s:O}", "profile",
		                         "wine-8", "step", (json_int_t)i + 1,
		                         "kind", "ctl", "ctl", model[i]);
		char *s = line ? json_dumps(line, JSON_COMPACT) : NULL;
		json_decref(line);
		char *grown = s ? realloc(out, cap + strlen(s) + 1) : NULL;
		if (!grown) {
			free(s);
			free(out);
			return NULL;
		}
		out = grown;
		cap += strlen(s) + 1;
		len += (size_t)sprintf(out + len, "%s\n", s);
		free(s);
	}
	return out;
}

int cli_compare_wine_ctl(const wine_run_opts *run, const char *const *files,
                         unsigned nfiles, const char *wine_out,
                         const char *model_out)
{
	json_t **model = calloc(nfiles, sizeof *model),
	       **wine = calloc(nfiles, sizeof *wine);
	char plan_path[] = "/tmp/capisim-ctl-plan-XXXXXX";
	int fd = -1, rc = CLI_EXIT_INTERNAL;
	char *wine_trace = NULL, *mtrace = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	if (!model || !wine)
		goto out;
	/* The model side first: it also refuses unreadable input before
	 * Wine starts. */
	for (unsigned i = 0; i < nfiles; i++) {
		char name[16];
		snprintf(name, sizeof name, "ctl%u", i + 1);
		if (strchr(files[i], '\n')) {
			rc = cli_usage_error("compare",
			                     "--ctl: a path with a line break");
			goto out;
		}
		if (!(model[i] = ctl_model_record(files[i], name, &d))) {
			rc = cli_fail(&d);
			goto out;
		}
	}
	fd = mkstemp(plan_path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int wrote = f ? write_plan(files, nfiles, f) : -1;
	if (!f || fclose(f) != 0 || wrote != 0) {
		fprintf(stderr,
		        "capisim compare: error: cannot write the probe plan "
		        "%s\n",
		        plan_path);
		goto out;
	}
	cs_status st = wine_run_plan(run, plan_path, &wine_trace, &d);
	if (st != CS_OK) {
		rc = cli_fail_status(st, &d);
		goto out;
	}
	int missing = wine_records(wine_trace, wine, nfiles);
	if (missing) {
		fprintf(stderr,
		        "capisim compare: error: the probe wrote no ctl-check "
		        "record for %s\n",
		        files[missing - 1]);
		goto out;
	}
	if (wine_out && (rc = cli_write_atomic(wine_out, write_text,
	                                       wine_trace)) != CLI_EXIT_OK)
		goto out;
	mtrace = model_trace(model, nfiles);
	if (!mtrace) {
		rc = CLI_EXIT_INTERNAL;
		goto out;
	}
	if (model_out && (rc = cli_write_atomic(model_out, write_text,
	                                        mtrace)) != CLI_EXIT_OK)
		goto out;
	ctl_compare_sum sum = {0};
	for (unsigned i = 0; i < nfiles; i++)
		ctl_compare_records(files[i], wine[i], model[i], stdout, &sum);
	printf("%u file%s: %u fields same, %u different, %u seen by one side "
	       "only\n",
	       nfiles, nfiles == 1 ? "" : "s", sum.same, sum.different,
	       sum.one_sided);
	rc = sum.different ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
out:
	if (fd >= 0)
		unlink(plan_path);
	for (unsigned i = 0; model && wine && i < nfiles; i++) {
		json_decref(model[i]);
		json_decref(wine[i]);
	}
	free(model);
	free(wine);
	free(wine_trace);
	free(mtrace);
	return rc;
}
