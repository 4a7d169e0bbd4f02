/* A compare-wine session from signed CTLs (session.h): each .stl read by
 * Wine's crypt32 (CertCreateCTLContext, CMSG_CTRL_VERIFY_SIGNATURE,
 * CryptMsgGetAndVerifySigner: the probe's ctl-check, one probe process for
 * all files) and by the engine's own CTL parser and verifier, compared
 * field by field (ctl_check.h; docs/compare.md, "Checking STLs"). RULES.md
 * 6 asks for this proof of the fixture STLs. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "compare/wine/ctl_check.h"
#include "compare/wine/session.h"
#include "model/alloc.h"

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
	char *out = cs_calloc(1, cap);
	for (unsigned i = 0; out && i < n; i++) {
		json_t *line = json_pack("{s:s, s:I, s:s, s:O}", "profile",
		                         "wine-8", "step", (json_int_t)i + 1,
		                         "kind", "ctl", "ctl", model[i]);
		char *s = line ? json_dumps(line, JSON_COMPACT) : NULL;
		json_decref(line);
		char *grown = s ? cs_realloc(out, cap + strlen(s) + 1) : NULL;
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

cs_status wine_session_ctls(const wine_run_opts *run, const char *const *files,
                            unsigned nfiles, wine_session *out, cs_diag *d)
{
	memset(out, 0, sizeof *out);
	memset(d, 0, sizeof *d);
	out->kind = WINE_SESSION_CTL;
	out->files = cs_calloc(nfiles + 1, sizeof *out->files);
	out->model_rec = cs_calloc(nfiles + 1, sizeof *out->model_rec);
	out->wine_rec = cs_calloc(nfiles + 1, sizeof *out->wine_rec);
	if (!out->files || !out->model_rec || !out->wine_rec) {
		wine_session_free(out);
		return cs_alloc_failed();
	}
	out->nfiles = nfiles;
	char plan_path[] = "/tmp/capisim-ctl-plan-XXXXXX";
	int fd = -1;
	cs_status st = CS_OK;
	/* The model side first: it also refuses unreadable input before
	 * Wine starts. */
	for (unsigned i = 0; i < nfiles && st == CS_OK; i++) {
		char name[16];
		snprintf(name, sizeof name, "ctl%u", i + 1);
		if (!(out->files[i] = cs_strdup(files[i])))
			st = cs_alloc_failed();
		else if (!(out->model_rec[i] =
		               ctl_model_record(files[i], name, d)))
			st = CS_ERR_NOT_FOUND;
	}
	if (st == CS_OK) {
		fd = mkstemp(plan_path);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
		int wrote = f ? write_plan(files, nfiles, f) : -1;
		if (!f || fclose(f) != 0 || wrote != 0) {
			cs_diag_set(d, "", 0, 0,
			            "cannot write the probe plan %s",
			            plan_path);
			st = CS_ERR_IO;
		}
	}
	if (st == CS_OK)
		st = wine_run_plan(run, plan_path, &out->wine, d);
	int missing =
	    st == CS_OK ? wine_records(out->wine, out->wine_rec, nfiles) : 0;
	if (missing) {
		cs_diag_set(d, "", 0, 0,
		            "the probe wrote no ctl-check record for %s",
		            files[missing - 1]);
		st = CS_ERR_INTERNAL;
	}
	if (st == CS_OK && !(out->model = model_trace(out->model_rec, nfiles)))
		st = cs_alloc_failed();
	if (fd >= 0)
		unlink(plan_path);
	if (st != CS_OK)
		wine_session_free(out);
	return st;
}
