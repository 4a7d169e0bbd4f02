/* The readable timeline of a run (see timeline.h): one line per step, and
 * under it, indented, what the step caused that a reader looks for first -
 * events logged, URLs fetched, expectations that failed. Everything else
 * (chain elements, rules) is in the JSON trace and in `capisim explain`. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "render/certutil_verify.h"
#include "render/timeline.h"

static void step_line(const cs_obs *o, FILE *out)
{
	char t[CS_TIME_BUF];
	int64_t hr = 0, status = 0;
	bool has_hr = cs_obs_get_int(o, "hresult", &hr);
	bool has_status = cs_obs_get_int(o, "status", &status);
	const char *note = cs_obs_get_str(o, "note");
	fprintf(out, "%s  %-18s %s", cs_time_format(o->t, t),
	        o->account ? o->account : "-", cs_obs_get_str(o, "action"));
	if (has_hr) {
		if (hr == 0) {
			fputs("  -> ok", out);
		} else {
			const char *name = cs_hresult_name((uint32_t)hr);
			fprintf(out, "  -> error 0x%08" PRIX32 "%s%s",
			        (uint32_t)hr, name ? " " : "",
			        name ? name : "");
		}
	}
	if (has_status)
		fprintf(out, " (status 0x%08" PRIx32 ")", (uint32_t)status);
	if (note && (!has_hr || hr == 0))
		fprintf(out, "%s%s", has_hr ? ": " : "  -> ", note);
	fputc('\n', out);
}

/* certutil's own words under a `certutil -urlcache` step, indented. The
 * listing: the URLs, a blank line, the count, a blank line, the closing
 * line (samples/certutil_urlcache_url_lookup_online_offline.txt (b); the
 * zh-CN listing in certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt
 * has the same shape). A delete: the count line of
 * samples/certutil_urlcache_delete_tail_2026.txt. */
static void urlcache_lines(const cs_obs *o, FILE *out)
{
	const char *op = cs_obs_get_str(o, "op");
	int64_t n = 0;
	if (op && strcmp(op, "delete") == 0 &&
	    cs_obs_get_int(o, "deleted", &n)) {
		fprintf(out,
		        "      WinHttp Cache entries deleted: %" PRId64 "\n",
		        n);
		return;
	}
	if (!op || strcmp(op, "list") != 0 || !cs_obs_get_int(o, "count", &n))
		return;
	const cs_field *entries = cs_obs_field(o, "entries");
	for (size_t i = 0;
	     entries && entries->type == CS_FIELD_LIST && i < entries->v.list.n;
	     i++)
		fprintf(out, "      %s\n",
		        cs_obs_get_str(&entries->v.list.items[i], "url"));
	fprintf(out,
	        "\n      WinHttp Cache entries: %" PRId64 "\n\n"
	        "      CertUtil: -URLCache command completed successfully.\n",
	        n);
}

/* The files of a `dir` step, indented: modification time, size, name
 * (what seed 003's administrator read in X509Objects). */
static void dir_lines(const cs_obs *o, FILE *out)
{
	const char *op = cs_obs_get_str(o, "op");
	int64_t n = 0;
	if (!op || strcmp(op, "dir") != 0 || !cs_obs_get_int(o, "count", &n))
		return;
	fprintf(out, "      Directory of %s\n", cs_obs_get_str(o, "path"));
	const cs_field *files = cs_obs_field(o, "files");
	for (size_t i = 0;
	     files && files->type == CS_FIELD_LIST && i < files->v.list.n;
	     i++) {
		const cs_obs *f = &files->v.list.items[i];
		int64_t t = 0, bytes = 0;
		char tb[CS_TIME_BUF];
		cs_obs_get_int(f, "modified", &t);
		cs_obs_get_int(f, "bytes", &bytes);
		fprintf(out, "      %s %10" PRId64 " %s\n",
		        cs_time_format((cs_filetime)t, tb), bytes,
		        cs_obs_get_str(f, "name"));
	}
	fprintf(out, "      %" PRId64 " File(s)\n", n);
}

static void detail_line(const cs_obs *o, FILE *out)
{
	int64_t v = 0;
	if (strcmp(o->kind, "event") == 0) {
		cs_obs_get_int(o, "id", &v);
		fprintf(out, "    event  %s %s %" PRId64 " %s: %s\n",
		        cs_obs_get_str(o, "log"), cs_obs_get_str(o, "source"),
		        v, cs_obs_get_str(o, "level"),
		        cs_obs_get_str(o, "text"));
	} else if (strcmp(o->kind, "fetch") == 0) {
		const char *from = cs_obs_get_str(o, "from");
		fprintf(out, "    fetch  %s  %s%s%s", cs_obs_get_str(o, "url"),
		        from ? "from " : "", from ? from : "",
		        from ? ": " : "");
		const char *outcome = cs_obs_get_str(o, "outcome");
		fputs(outcome ? outcome : "?", out);
		if (cs_obs_get_int(o, "http_status", &v) && v)
			fprintf(out, " HTTP %" PRId64, v);
		if (cs_obs_get_int(o, "bytes", &v))
			fprintf(out, ", %" PRId64 " bytes", v);
		fputc('\n', out);
	} else if (strcmp(o->kind, "expect") == 0) {
		const cs_field *ok = cs_obs_field(o, "ok");
		if (ok && !ok->v.i)
			fprintf(out, "    FAILED expect %s: %s\n",
			        cs_obs_get_str(o, "expect"),
			        cs_obs_get_str(o, "found"));
	} else if (strcmp(o->kind, "cache") == 0) {
		urlcache_lines(o, out);
	} else if (strcmp(o->kind, "files") == 0) {
		dir_lines(o, out);
	} else if (strcmp(o->kind, "reboot") == 0) {
		char t[CS_TIME_BUF];
		fprintf(out, "%s  reboot\n", cs_time_format(o->t, t));
	}
}

void cs_timeline_header(const cs_scenario *s, FILE *out)
{
	char t[CS_TIME_BUF];
	if (s->title)
		fprintf(out, "%s\n", s->title);
	for (size_t i = 0; i < s->nsources; i++)
		fprintf(out, "source: %s\n", s->sources[i]);
	fprintf(out, "profile: %s (%s)\nstart: %s\n\n", s->profile->name,
	        s->profile->description, cs_time_format(s->start, t));
}

void cs_timeline_obs(const cs_obs *o, FILE *out)
{
	if (strcmp(o->kind, "step") == 0)
		step_line(o, out);
	else
		detail_line(o, out);
}

bool cs_timeline_is_certutil_verify(const char *action)
{
	return action && strncmp(action, "certutil -verify", 16) == 0;
}

void cs_timeline_certutil(const cs_machine *m, const cs_obs *step, FILE *out)
{
	const cs_trace *tr = &m->w.trace;
	const char *action = cs_obs_get_str(step, "action");
	if (strcmp(step->kind, "step") != 0 ||
	    !cs_timeline_is_certutil_verify(action) || step < tr->obs ||
	    step >= tr->obs + tr->n)
		return;
	size_t first = (size_t)(step - tr->obs) + 1, end = first;
	while (end < tr->n && strcmp(tr->obs[end].kind, "step") != 0)
		end++;
	cu_verify_opts o = {.lang = CU_LANG_EN_US,
	                    .urlfetch = strstr(action, "-urlfetch") != NULL,
	                    .indent = "      "};
	cs_diag d = {0};
	if (cu_verify_write(m, first, end, &o, out, &d) != CS_OK)
		fprintf(out, "      (no certutil text: %s)\n", d.msg);
}

cs_status cs_timeline_footer(const cs_machine *m, const cs_run_result *res,
                             FILE *out)
{
	char t[CS_TIME_BUF];
	fprintf(out,
	        "\nend: %s; %lu steps, %lu expectations checked, %zu "
	        "failed\n",
	        cs_time_format(m->w.now, t), res->steps_run,
	        res->expectations_checked, res->nfailures);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}

cs_status cs_timeline_write(const cs_scenario *s, const cs_machine *m,
                            const cs_run_result *res, FILE *out)
{
	cs_timeline_header(s, out);
	const cs_trace *tr = &m->w.trace;
	for (size_t i = 0; i < tr->n; i++) {
		cs_timeline_obs(&tr->obs[i], out);
		cs_timeline_certutil(m, &tr->obs[i], out);
	}
	return cs_timeline_footer(m, res, out);
}

/* The lines of one observation, the time they start with cut off: the
 * time leads a step's and a reboot's line, and no other. */
struct cs_timeline_template {
	bool leads_with_time;
	char *text;
	size_t len;
};

cs_timeline_template *cs_timeline_template_new(const cs_obs *o)
{
	cs_timeline_template *tp = calloc(1, sizeof *tp);
	if (!tp)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem) {
		free(tp);
		return NULL;
	}
	cs_timeline_obs(o, mem);
	bool bad = ferror(mem) != 0;
	if (fclose(mem) != 0 || bad) {
		free(buf);
		free(tp);
		return NULL;
	}
	char t[CS_TIME_BUF];
	size_t tl = strlen(cs_time_format(o->t, t));
	tp->leads_with_time =
	    (strcmp(o->kind, "step") == 0 || strcmp(o->kind, "reboot") == 0) &&
	    len >= tl && memcmp(buf, t, tl) == 0;
	size_t skip = tp->leads_with_time ? tl : 0;
	memmove(buf, buf + skip, len - skip);
	tp->text = buf;
	tp->len = len - skip;
	return tp;
}

void cs_timeline_template_write(const cs_timeline_template *tp, const char *iso,
                                cs_outbuf *out)
{
	if (tp->leads_with_time)
		cs_outbuf_put(out, iso, strlen(iso));
	cs_outbuf_put(out, tp->text, tp->len);
}

void cs_timeline_template_free(cs_timeline_template *tp)
{
	if (!tp)
		return;
	free(tp->text);
	free(tp);
}
