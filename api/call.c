/* capisim/call.h: calls written as words (sim/call/call.h) parsed, played
 * on a fresh machine of the profile and printed (api/call_print.h). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/call_print.h"
#include "capisim/call.h"
#include "model/alloc.h"
#include "pki/file_read.h"

#define MAX_WORDS 48

const char *const *capisim_call_functions(size_t *n)
{
	return cs_call_functions(n);
}

typedef struct {
	const cs_profile *profile;
	cs_filetime at;
	bool json;
	api_call_objects objs;
} session;

static cs_status session_open(session *s, const capisim_call_options *o,
                              cs_diag *d)
{
	memset(s, 0, sizeof *s);
	memset(d, 0, sizeof *d);
	s->profile = cs_profile_default();
	s->at = o->at;
	s->json = o->json;
	if (o->profile) {
		cs_status st = api_profile(o->profile, &s->profile, d);
		if (st != CS_OK)
			return st;
	}
	cs_status st = cs_pool_new(&s->objs.pool, ".");
	if (st != CS_OK)
		cs_diag_set(d, "", 0, 0, "%s", cs_status_str(st));
	return st;
}

static void session_close(session *s)
{
	api_call_objects_free(&s->objs);
	cs_pool_free(s->objs.pool);
}

/* Parse fn and words; where and line place a bad word. */
static cs_status parse(session *s, const char *fn, const char *const *words,
                       size_t n, const char *where, unsigned line, cs_call **c,
                       cs_diag *d)
{
	cs_call_loader ld = {s->objs.pool, api_call_load, &s->objs};
	size_t bad;
	cs_diag pd;
	memset(&pd, 0, sizeof pd);
	cs_status st = cs_call_parse(fn, words, n, &ld, c, &bad, &pd);
	if (st != CS_OK)
		cs_diag_set(d, where, line, 0, "%s%s%s", pd.msg,
		            bad < n ? " in " : "", bad < n ? words[bad] : "");
	return st;
}

/* Play c on a fresh machine and print it (JSON when a batch gives an id);
 * frees c. */
static cs_status run(session *s, FILE *out, const char *id, cs_call *c,
                     cs_call_result *r, cs_diag *d)
{
	cs_machine m;
	cs_status st =
	    cs_machine_init(&m, s->objs.pool, s->profile, s->at, true);
	if (st == CS_OK) {
		st = cs_call_run(c, &m, m.w.acting, r);
		cs_machine_free(&m);
	}
	if (st == CS_OK && (s->json || id))
		st = api_call_print_json(out, id, r);
	else if (st == CS_OK)
		api_call_print_text(out, r);
	if (st != CS_OK)
		cs_diag_set(d, "", 0, 0, "%s", cs_status_str(st));
	cs_call_free(c);
	return st;
}

static cs_status play(session *s, FILE *out, const char *id, const char *fn,
                      const char *const *words, size_t n, const char *where,
                      unsigned line, cs_call_result *r, cs_diag *d)
{
	cs_call *c;
	cs_status st = parse(s, fn, words, n, where, line, &c, d);
	return st == CS_OK ? run(s, out, id, c, r, d) : st;
}

cs_status capisim_call(FILE *out, const capisim_call_options *o,
                       const char *function, const char *const *words, size_t n,
                       bool *returned_false, cs_diag *d)
{
	session s;
	cs_status st = session_open(&s, o, d);
	cs_call_result r;
	if (st == CS_OK)
		st = play(&s, out, NULL, function, words, n, "call", 0, &r, d);
	if (st == CS_OK && returned_false)
		*returned_false = r.ret == 0 && !r.no_ret;
	session_close(&s);
	return st;
}

static size_t split_words(char *line, char **words, size_t cap)
{
	size_t n = 0;
	for (char *w = strtok(line, " \t"); w && n < cap;
	     w = strtok(NULL, " \t"))
		words[n++] = w;
	return n;
}

static cs_status batch_object(session *s, char *rest, const char *path,
                              unsigned lineno, cs_diag *d)
{
	char *name = strtok(rest + 7, " \t"), *kind = strtok(NULL, " \t"),
	     *file = strtok(NULL, "");
	if (!name || !kind || !file || s->objs.n == API_CALL_MAX_OBJECTS) {
		cs_diag_set(d, path, lineno, 1,
		            "expected 'object NAME cert|crl|ctl PATH'");
		return CS_ERR_SYNTAX;
	}
	file += strspn(file, " \t");
	s->objs.names[s->objs.n] = cs_strdup(name);
	s->objs.paths[s->objs.n] = cs_strdup(file);
	s->objs.n++;
	if (!s->objs.names[s->objs.n - 1] || !s->objs.paths[s->objs.n - 1]) {
		cs_status st = cs_alloc_failed();
		cs_diag_set(d, "", 0, 0, "%s", cs_status_str(st));
		return st;
	}
	return CS_OK;
}

static cs_status batch_line(session *s, FILE *out, char *line, const char *path,
                            unsigned lineno, bool *clock_set, cs_diag *d)
{
	char *words[MAX_WORDS];
	char *rest = line + strspn(line, " \t");
	if (!*rest || *rest == '#' || !strncmp(rest, "capisim-probe-api ", 18))
		return CS_OK;
	if (!strncmp(rest, "object ", 7))
		return batch_object(s, rest, path, lineno, d);
	if (!strncmp(rest, "now ", 4) || !strncmp(rest, "clock ", 6)) {
		if (rest[0] == 'n' && !*clock_set) {
			s->at = (cs_filetime)strtoll(rest + 4, NULL, 10);
			*clock_set = true;
		}
		return CS_OK;
	}
	size_t n = split_words(rest, words, MAX_WORDS);
	if (n < 3 || strcmp(words[0], "call") != 0) {
		cs_diag_set(d, path, lineno, 1,
		            "expected 'call ID FUNCTION KEY=VALUE...', 'object "
		            "NAME KIND PATH' or 'now TICKS'");
		return CS_ERR_SYNTAX;
	}
	cs_call_result r;
	return play(s, out, words[1], words[2], (const char *const *)words + 3,
	            n - 3, path, lineno, &r, d);
}

cs_status capisim_call_batch(FILE *out, const capisim_call_options *o,
                             bool clock_given, const char *path, cs_diag *d)
{
	static const cs_file_limits lim = {.max = 16u << 20,
	                                   .too_big = "larger than 16 MiB",
	                                   .not_text = "a NUL byte",
	                                   .dash_is_stdin = true};
	char *text;
	size_t len;
	cs_status st = cs_file_read_text(path, &lim, &text, &len, d);
	if (st != CS_OK)
		return st;
	session s;
	st = session_open(&s, o, d);
	unsigned lineno = 0;
	/* --at wins over the plan's 'now' line. */
	bool clock_set = clock_given;
	for (char *p = text, *next; st == CS_OK && p && *p; p = next) {
		lineno++;
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		p[strcspn(p, "\r")] = '\0';
		st = batch_line(&s, out, p, path, lineno, &clock_set, d);
	}
	session_close(&s);
	free(text);
	return st;
}

/* A word KEY=VALUE in buf. */
static const char *word(char *buf, size_t cap, const char *key,
                        const char *value)
{
	int n = snprintf(buf, cap, "%s=%s", key, value);
	return n > 0 && (size_t)n < cap ? buf : "";
}

/* The files as objects "c0", "crl0", "issuer" (paths may hold ',' or ':',
 * which the call words use), and the lists of their names. */
static cs_status name_files(session *s, const capisim_revocation_args *a,
                            char list[2][1024], cs_diag *d)
{
	size_t total = a->ncerts + a->ncrls + 1;
	if (total > API_CALL_MAX_OBJECTS) {
		cs_diag_set(d, "", 0, 0, "more than %d files",
		            API_CALL_MAX_OBJECTS - 1);
		return CS_ERR_LIMIT;
	}
	for (size_t i = 0; i < total; i++) {
		bool cert = i < a->ncerts, crl = !cert && i < total - 1;
		const char *path = cert  ? a->certs[i]
		                   : crl ? a->crls[i - a->ncerts]
		                         : a->issuer;
		if (!path)
			continue;
		char name[32];
		if (cert)
			snprintf(name, sizeof name, "c%zu", i);
		else if (crl)
			snprintf(name, sizeof name, "crl%zu", i - a->ncerts);
		else
			snprintf(name, sizeof name, "issuer");
		s->objs.names[s->objs.n] = cs_strdup(name);
		s->objs.paths[s->objs.n] = cs_strdup(path);
		s->objs.n++;
		if (!s->objs.names[s->objs.n - 1] ||
		    !s->objs.paths[s->objs.n - 1]) {
			cs_status st = cs_alloc_failed();
			cs_diag_set(d, "", 0, 0, "%s", cs_status_str(st));
			return st;
		}
		char *l = cert ? list[0] : list[1];
		size_t len = strlen(l);
		if (cert || crl)
			snprintf(l + len, sizeof list[0] - len, "%s%s%s",
			         len ? "," : "", cert ? "" : "always:", name);
	}
	return CS_OK;
}

cs_status capisim_revocation(FILE *out, const capisim_call_options *o,
                             const capisim_revocation_args *a, bool *all_good,
                             cs_diag *d)
{
	session s;
	cs_status st = session_open(&s, o, d);
	char buf[6][1100], list[2][1024] = {"", ""};
	const char *words[8];
	size_t n = 0;
	cs_filetime checked = o->at;
	if (st == CS_OK && a->time &&
	    cs_time_parse(a->time, &checked, NULL, NULL) != CS_OK) {
		cs_diag_set(d, "", 0, 0, "--time: not a time: '%s'", a->time);
		st = CS_ERR_SYNTAX;
	}
	if (st == CS_OK)
		st = name_files(&s, a, list, d);
	if (st != CS_OK) {
		session_close(&s);
		return st;
	}
	words[n++] = word(buf[0], sizeof buf[0], "contexts", list[0]);
	if (a->ncrls)
		words[n++] = word(buf[1], sizeof buf[1], "crlstore", list[1]);
	if (a->issuer)
		words[n++] = "issuer=issuer";
	if (a->time)
		words[n++] = word(buf[2], sizeof buf[2], "time", a->time);
	if (a->flags)
		words[n++] = word(buf[3], sizeof buf[3], "flags", a->flags);
	if (a->encoding)
		words[n++] =
		    word(buf[4], sizeof buf[4], "encoding", a->encoding);
	if (a->type)
		words[n++] = word(buf[5], sizeof buf[5], "type", a->type);
	cs_call *c;
	st = parse(&s,
	           a->provider ? "CertDllVerifyRevocation"
	                       : "CertVerifyRevocation",
	           words, n, "revocation", 0, &c, d);
	if (st == CS_OK && !s.json) {
		char t[CS_TIME_BUF];
		fprintf(out, "Profile: %s (%s)\nChecked at: %s (%s)\n",
		        s.profile->name, s.profile->description,
		        cs_time_format(checked, t),
		        a->time ? "--time, pftTimeToUse" : "the clock");
	}
	cs_call_result r;
	if (st == CS_OK)
		st = run(&s, out, NULL, c, &r, d);
	if (st == CS_OK)
		*all_good = r.ret != 0;
	session_close(&s);
	return st;
}
