/* The trace diff (diff.h). */
#include "compare/diff.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/alloc.h"
#include "pki/file_read.h"

typedef struct {
	json_t *obj;
	const char *kind;
	long long step; /* -1 = none */
	unsigned line;  /* in its file */
	unsigned ordinal;
	bool paired;
} obs;

typedef struct {
	obs *v;
	size_t n, cap;
} obs_list;

static void list_free(obs_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		json_decref(l->v[i].obj);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static const char *kind_of(json_t *o)
{
	json_t *k = json_object_get(o, "kind");
	if (json_is_string(k))
		return json_string_value(k);
	if (json_object_get(o, "chain") || json_object_get(o, "policy"))
		return "verify";
	if (json_object_get(o, "revocation"))
		return "revocation";
	if (json_object_get(o, "url"))
		return "fetch";
	return "other";
}

static cs_status load(const char *text, const char *name, obs_list *l,
                      cs_diag *d)
{
	unsigned lineno = 0;
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		lineno++;
		size_t blank = 0;
		while (blank < len && isspace((unsigned char)s[blank]))
			blank++;
		if (blank < len) {
			json_error_t e;
			json_t *o = json_loadb(s, len, 0, &e);
			if (!o || !json_is_object(o)) {
				cs_diag_set(d, name, lineno,
				            o ? 1 : (unsigned)e.column, "%s",
				            o ? "expected a JSON object"
				              : e.text);
				cs_diag_source(d, s, len);
				json_decref(o);
				return CS_ERR_SYNTAX;
			}
			if (l->n == l->cap) {
				size_t cap = l->cap ? l->cap * 2 : 64;
				obs *nv = cs_realloc(l->v, cap * sizeof *nv);
				if (!nv) {
					json_decref(o);
					return cs_alloc_failed();
				}
				l->v = nv;
				l->cap = cap;
			}
			json_t *step = json_object_get(o, "step");
			l->v[l->n++] = (obs){
			    o,
			    kind_of(o),
			    json_is_integer(step) ? json_integer_value(step) : -1,
			    lineno,
			    0,
			    false};
		}
		s += len + (nl != NULL);
	}
	return CS_OK;
}

/* A trace's "chain" observation and the "policy" observation of the same
 * step after it are one verification: folded into one "verify" observation
 * in the shape `capisim verify --json`, the probe and the importers give
 * ({step, chain_flags, chain{error_status, info_status, elements}, policy{
 * name, error, chain_index, element_index}}), so a run's trace compares with
 * an imported certutil paste or CAPI2 export. */
json_t *cmp_fold_verify(json_t *chain, json_t *policy)
{
	json_t *v = json_object();
	json_object_set_new(v, "kind", json_string("verify"));
	json_t *x;
	if ((x = json_object_get(chain, "step")))
		json_object_set(v, "step", x);
	if ((x = json_object_get(chain, "t")))
		json_object_set(v, "t", x);
	if ((x = json_object_get(chain, "flags")))
		json_object_set(v, "chain_flags", x);
	json_t *c = json_object();
	static const char *const ckeys[] = {"error_status", "info_status",
	                                    "elements"};
	for (size_t i = 0; i < 3; i++)
		if ((x = json_object_get(chain, ckeys[i])))
			json_object_set(c, ckeys[i], x);
	json_object_set_new(v, "chain", c);
	if (policy) {
		json_t *p = json_object();
		if ((x = json_object_get(policy, "policy")))
			json_object_set(p, "name", x);
		static const char *const pkeys[] = {"error", "chain_index",
		                                    "element_index"};
		for (size_t i = 0; i < 3; i++)
			if ((x = json_object_get(policy, pkeys[i])))
				json_object_set(p, pkeys[i], x);
		json_object_set_new(v, "policy", p);
	}
	return v;
}

static void fold(obs_list *l)
{
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		obs *x = &l->v[i];
		if (!x->obj) /* a policy folded into its chain */
			continue;
		if (strcmp(x->kind, "chain") == 0 && x->step >= 0) {
			json_t *policy = NULL;
			for (size_t k = i + 1; k < l->n; k++) {
				obs *y = &l->v[k];
				if (!y->obj || y->step != x->step)
					continue;
				if (strcmp(y->kind, "chain") == 0)
					break;
				if (strcmp(y->kind, "policy") == 0) {
					policy = y->obj;
					y->obj = NULL;
					break;
				}
			}
			json_t *v = cmp_fold_verify(x->obj, policy);
			json_decref(x->obj);
			json_decref(policy);
			x->obj = v;
			x->kind = "verify";
		}
		l->v[w++] = *x;
	}
	l->n = w;
}

/* Whether the comma-separated list has word. */
static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

/* --only KINDS and --log NAME: drop what the comparison is not about. */
static void select_obs(obs_list *l, const cmp_opts *o)
{
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		obs *x = &l->v[i];
		json_t *log = json_object_get(x->obj, "log");
		bool keep = (!o->only || in_list(o->only, x->kind)) &&
		            (!o->log || strcmp(x->kind, "event") != 0 ||
		             (json_is_string(log) &&
		              strcmp(json_string_value(log), o->log) == 0));
		if (keep)
			l->v[w++] = *x;
		else
			json_decref(x->obj);
	}
	l->n = w;
}

/* Whether each kind pairs by step: every observation of that kind, in both
 * files, has one. Returns a JSON object kind -> true/false. */
static json_t *pairing_modes(const obs_list *a, const obs_list *b)
{
	json_t *modes = json_object();
	const obs_list *lists[2] = {a, b};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < lists[k]->n; i++) {
			const obs *x = &lists[k]->v[i];
			json_t *m = json_object_get(modes, x->kind);
			if (!m)
				json_object_set_new(modes, x->kind,
				                    json_boolean(x->step >= 0));
			else if (x->step < 0)
				json_object_set_new(modes, x->kind,
				                    json_false());
		}
	return modes;
}

static void pair_key(const obs *x, json_t *modes, char *buf, size_t len)
{
	if (json_is_true(json_object_get(modes, x->kind)))
		snprintf(buf, len, "%s#%lld", x->kind, x->step);
	else
		snprintf(buf, len, "%s#", x->kind);
}

/* Ordinals: the n-th of its kind (and step, when pairing by step). */
static void number(obs_list *l, json_t *modes)
{
	json_t *count = json_object();
	char key[300];
	for (size_t i = 0; i < l->n; i++) {
		pair_key(&l->v[i], modes, key, sizeof key);
		json_int_t n = json_integer_value(json_object_get(count, key));
		l->v[i].ordinal = (unsigned)n;
		json_object_set_new(count, key, json_integer(n + 1));
	}
	json_decref(count);
}

static bool ignored_key(const char *k)
{
	static const char *ignored[] = {"profile", "clock",   "rule",
	                                "source",  "subject", "line",
	                                "kind",    "step",    "include"};
	for (size_t i = 0; i < sizeof ignored / sizeof *ignored; i++)
		if (strcmp(k, ignored[i]) == 0)
			return true;
	return false;
}

/* Flatten into a JSON object path -> scalar. */
static void flatten(json_t *v, const char *path, json_t *out)
{
	char sub[512];
	if (json_is_object(v)) {
		const char *k;
		json_t *c;
		json_object_foreach(v, k, c)
		{
			if (ignored_key(k))
				continue;
			snprintf(sub, sizeof sub, "%s%s%s", path,
			         *path ? "." : "", k);
			flatten(c, sub, out);
		}
	} else if (json_is_array(v)) {
		snprintf(sub, sizeof sub, "%s#", path);
		json_object_set_new(
		    out, sub, json_integer((json_int_t)json_array_size(v)));
		for (size_t i = 0; i < json_array_size(v); i++) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			flatten(json_array_get(v, i), sub, out);
		}
	} else {
		json_object_set(out, path, v);
	}
}

static bool parse_hex(const char *s, unsigned long long *out)
{
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') ||
	    !isxdigit((unsigned char)s[2]))
		return false;
	char *end;
	errno = 0;
	*out = strtoull(s + 2, &end, 16);
	return !errno && !*end;
}

static bool all_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

static bool same_value(json_t *a, json_t *b)
{
	if (json_is_string(a) && json_is_string(b)) {
		const char *x = json_string_value(a), *y = json_string_value(b);
		unsigned long long hx, hy;
		cs_filetime tx, ty;
		if (parse_hex(x, &hx) && parse_hex(y, &hy))
			return hx == hy;
		if (all_hex(x) && all_hex(y))
			return strcasecmp(x, y) == 0;
		if (cs_time_parse(x, &tx, NULL, NULL) == CS_OK &&
		    cs_time_parse(y, &ty, NULL, NULL) == CS_OK)
			return tx == ty;
		return strcmp(x, y) == 0;
	}
	return json_equal(a, b);
}

unsigned cmp_each_field(json_t *a, json_t *b, cmp_field_fn fn, void *ctx)
{
	json_t *fa = json_object(), *fb = json_object();
	flatten(a, "", fa);
	flatten(b, "", fb);
	unsigned n = 0;
	const char *k;
	json_t *va;
	json_object_foreach(fa, k, va)
	{
		json_t *vb = json_object_get(fb, k);
		if (!vb)
			continue;
		n++;
		fn(ctx, k, va, vb, same_value(va, vb));
	}
	json_decref(fa);
	json_decref(fb);
	return n;
}

void cmp_print_value(FILE *out, json_t *v)
{
	if (json_is_string(v)) {
		fputs(json_string_value(v), out);
		return;
	}
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	fputs(s ? s : "?", out);
	free(s);
}

static void describe(FILE *out, char mark, const obs *o, const char *what)
{
	fprintf(out, "%c %s #%u", mark, o->kind, o->ordinal + 1);
	if (o->step >= 0)
		fprintf(out, " (step %lld)", o->step);
	fprintf(out, ": %s\n", what);
}

/* Compare one pair; true when it matched. */
static bool compare_pair(const obs *a, const obs *b, const cmp_opts *o,
                         FILE *out)
{
	json_t *fa = json_object(), *fb = json_object();
	flatten(a->obj, "", fa);
	flatten(b->obj, "", fb);
	unsigned compared = 0, differing = 0;
	const char *k;
	json_t *va;
	/* Sorted paths, so the report is stable. */
	void *iter;
	size_t n = json_object_size(fa), i = 0;
	const char **keys = calloc(n ? n : 1, sizeof *keys);
	for (iter = json_object_iter(fa); iter && keys;
	     iter = json_object_iter_next(fa, iter))
		keys[i++] = json_object_iter_key(iter);
	for (size_t x = 1; keys && x < n; x++)
		for (size_t y = x; y > 0 && strcmp(keys[y - 1], keys[y]) > 0;
		     y--) {
			const char *t = keys[y];
			keys[y] = keys[y - 1];
			keys[y - 1] = t;
		}
	for (i = 0; keys && i < n; i++) {
		k = keys[i];
		va = json_object_get(fa, k);
		json_t *vb = json_object_get(fb, k);
		if (!vb)
			continue;
		compared++;
		if (same_value(va, vb))
			continue;
		if (differing++ == 0)
			describe(out, '!', a, "different");
		fprintf(out, "    %s: %s=", k, o->name_a);
		cmp_print_value(out, va);
		fprintf(out, " %s=", o->name_b);
		cmp_print_value(out, vb);
		fputc('\n', out);
	}
	free(keys);
	json_decref(fa);
	json_decref(fb);
	if (!compared) {
		describe(out, '!', a,
		         "different: no field in common, nothing to compare");
		return false;
	}
	if (!differing && o->verbose) {
		char what[64];
		snprintf(what, sizeof what, "matched (%u fields)", compared);
		describe(out, '=', a, what);
	}
	return differing == 0;
}

cs_status cmp_texts(const char *a, const char *b, const cmp_opts *o, FILE *out,
                    cmp_summary *sum, cs_diag *d)
{
	memset(sum, 0, sizeof *sum);
	obs_list la = {0}, lb = {0};
	cs_status st = load(a, o->name_a, &la, d);
	if (st == CS_OK)
		st = load(b, o->name_b, &lb, d);
	if (st != CS_OK) {
		list_free(&la);
		list_free(&lb);
		return st;
	}
	fold(&la);
	fold(&lb);
	select_obs(&la, o);
	select_obs(&lb, o);
	json_t *modes = pairing_modes(&la, &lb);
	number(&la, modes);
	number(&lb, modes);
	/* B's observations by "kind#step#ordinal". */
	json_t *index = json_object();
	char key[320], base[300];
	for (size_t k = 0; k < lb.n; k++) {
		pair_key(&lb.v[k], modes, base, sizeof base);
		snprintf(key, sizeof key, "%s#%u", base, lb.v[k].ordinal);
		json_object_set_new(index, key, json_integer((json_int_t)k));
	}
	for (size_t i = 0; i < la.n; i++) {
		obs *x = &la.v[i];
		pair_key(x, modes, base, sizeof base);
		snprintf(key, sizeof key, "%s#%u", base, x->ordinal);
		json_t *hit = json_object_get(index, key);
		obs *y = hit ? &lb.v[json_integer_value(hit)] : NULL;
		if (!y) {
			char what[300];
			snprintf(what, sizeof what, "only in %s (line %u)",
			         o->name_a, x->line);
			describe(out, '<', x, what);
			sum->only_a++;
			sum->different++;
			continue;
		}
		x->paired = y->paired = true;
		if (compare_pair(x, y, o, out))
			sum->matched++;
		else
			sum->different++;
	}
	for (size_t k = 0; k < lb.n; k++) {
		if (lb.v[k].paired)
			continue;
		char what[300];
		snprintf(what, sizeof what, "only in %s (line %u)", o->name_b,
		         lb.v[k].line);
		describe(out, '>', &lb.v[k], what);
		sum->only_b++;
		sum->different++;
	}
	json_decref(index);
	json_decref(modes);
	list_free(&la);
	list_free(&lb);
	return CS_OK;
}

/* Traces are text; the largest shipped golden is about 1 MB, a day of a
 * busy recorded machine some tens of MB. */
#define TRACE_FILE_MAX (256u << 20)

static char *slurp(const char *path, cs_diag *d)
{
	static const cs_file_limits lim = {
	    .max = TRACE_FILE_MAX,
	    .too_big = "larger than 256 MiB: not a trace",
	    .not_text = "NUL byte in a text file"};
	char *text;
	size_t len;
	return cs_file_read_text(path, &lim, &text, &len, d) == CS_OK ? text
	                                                              : NULL;
}

cs_status cmp_files(const char *path_a, const char *path_b, const cmp_opts *o,
                    FILE *out, cmp_summary *sum, cs_diag *d)
{
	char *a = slurp(path_a, d);
	if (!a)
		return CS_ERR_IO;
	char *b = slurp(path_b, d);
	if (!b) {
		free(a);
		return CS_ERR_IO;
	}
	cs_status st = cmp_texts(a, b, o, out, sum, d);
	free(a);
	free(b);
	return st;
}

void cmp_print_summary(FILE *out, const cmp_opts *o, const cmp_summary *s)
{
	fprintf(out, "%u matched, %u different", s->matched, s->different);
	if (s->only_a || s->only_b)
		fprintf(out, " (%u only in %s, %u only in %s)", s->only_a,
		        o->name_a, s->only_b, o->name_b);
	fputc('\n', out);
}
