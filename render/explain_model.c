/* The explanation as data (see explain_model.h). */
#include "render/explain_model.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/alloc.h"
#include "model/hresult.h"
#include "model/rules.h"
#include "trace/nomem.h"

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static long long jint(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static bool is_kind(const json_t *o, const char *kind)
{
	const char *k = jstr(o, "kind");
	return k && strcmp(k, kind) == 0;
}

/* Add a copy of s unless already present; false on OOM (the allocator
 * recorded it). */
static bool list_add(cs_ex_list *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], s) == 0)
			return true;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		char **g = cs_realloc(l->items, cap * sizeof *g);
		if (!g)
			return false;
		l->items = g;
		l->cap = cap;
	}
	l->items[l->n] = cs_strdup(s);
	return l->items[l->n++] != NULL;
}

static void list_free(cs_ex_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* hresult, status, rule ids and expectation outcomes: equal = same story.
 * NULL on OOM, recorded (cs_nomem_recorded). */
static char *signature_of(const json_t *a, size_t first, size_t end)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f) {
		CS_LIB_NOMEM();
		return NULL;
	}
	for (size_t i = first; i < end; i++) {
		const json_t *o = json_array_get(a, i);
		if (i == first)
			fprintf(f, "%s;%s;", jstr(o, "hresult"),
			        jstr(o, "status") ? jstr(o, "status") : "");
		if (jstr(o, "rule"))
			fprintf(f, "%s;", jstr(o, "rule"));
		if (is_kind(o, "expect"))
			fputs(json_is_true(json_object_get(o, "ok"))
			          ? "held;"
			          : "failed;",
			      f);
	}
	if (fclose(f) != 0) {
		free(s);
		CS_LIB_NOMEM();
		return NULL;
	}
	return s;
}

/* The wire fetch that filled the copy of url used at index at: the last
 * successful download of url before it by the same account (each account
 * has its own disk cache, and its own processes' memory), downloaded at
 * `when` when the copy says when. */
static const json_t *filled_by(const json_t *a, size_t at, const char *url,
                               const char *account, const char *when)
{
	for (size_t i = at; i-- > 0;) {
		const json_t *o = json_array_get(a, i);
		const char *u = jstr(o, "url"), *from = jstr(o, "from");
		const char *outcome = jstr(o, "outcome"),
		           *acc = jstr(o, "account");
		if (!is_kind(o, "fetch") || !u || strcmp(u, url) != 0 ||
		    !from || strcmp(from, "wire") != 0)
			continue;
		if (outcome && strcmp(outcome, "ok") != 0)
			continue;
		if (account && (!acc || strcmp(acc, account) != 0))
			continue;
		const char *t = jstr(o, "t");
		if (when && (!t || strcmp(t, when) != 0))
			continue;
		return o;
	}
	return NULL;
}

/* A copy that the rule took and used (a hit, or a pinned copy), not one it
 * found missing, too old or dropped. */
static bool copy_taken(const char *rule)
{
	return strstr(rule, "hit") || strstr(rule, "pinned");
}

static bool add_cached(const json_t *a, size_t i, const json_t *o,
                       cs_ex_result *r)
{
	const char *rule = jstr(o, "rule"), *url = jstr(o, "url");
	const char *where = jstr(o, "from") ? jstr(o, "from") : jstr(o, "copy");
	if (!url || !where || !copy_taken(rule) ||
	    (strcmp(where, "disk") != 0 && strcmp(where, "memory") != 0))
		return true;
	const char *acc = jstr(o, "account");
	const char *when = jstr(o, "downloaded");
	const json_t *f = filled_by(a, i, url, acc, when);
	if (!when && f)
		when = jstr(f, "t");
	/* A memory copy belongs to a process of the account. */
	const char *proc = jstr(o, "process");
	char owner[128];
	if (proc && acc)
		snprintf(owner, sizeof owner, "%s (%s)", proc, acc);
	else
		snprintf(owner, sizeof owner, "%s", acc ? acc : "");
	char line[1400];
	int n = snprintf(
	    line, sizeof line, "%s: %s copy%s%s%s%s", url,
	    strcmp(where, "disk") == 0 ? "disk URL cache" : "in-memory",
	    owner[0] ? " of " : "", owner,
	    when ? ", filled " : ", filled before the trace", when ? when : "");
	if (f && n > 0 && (size_t)n < sizeof line)
		snprintf(line + n, sizeof line - (size_t)n,
		         " (download at line %lld)", jint(f, "step"));
	return list_add(&r->cached, line);
}

/* The field's value as text; false when absent. */
static bool field_text(const json_t *o, const char *key, size_t keylen,
                       char *buf, size_t cap)
{
	char name[64];
	if (keylen >= sizeof name)
		return false;
	memcpy(name, key, keylen);
	name[keylen] = '\0';
	const json_t *v = json_object_get(o, name);
	if (json_is_string(v))
		snprintf(buf, cap, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, cap, "%s", json_is_true(v) ? "yes" : "no");
	else
		return false;
	return true;
}

/* Append the template text [p, end) to out, "(not recorded)" for an
 * absent field (a trace from elsewhere may lack it; never a placeholder);
 * false when a field was absent. */
static bool fill_part(const char *p, const char *end, const json_t *o,
                      char *out, size_t cap, size_t *len)
{
	bool complete = true;
	while (p < end) {
		char piece[512];
		size_t n = 0;
		if (*p == '{') {
			const char *close = memchr(p, '}', (size_t)(end - p));
			if (!close)
				return false;
			if (!field_text(o, p + 1, (size_t)(close - p - 1),
			                piece, sizeof piece)) {
				snprintf(piece, sizeof piece, "(not recorded)");
				complete = false;
			}
			n = strlen(piece);
			p = close + 1;
		} else {
			piece[0] = *p++;
			n = 1;
		}
		if (*len + n + 1 < cap) {
			memcpy(out + *len, piece, n);
			*len += n;
			out[*len] = '\0';
		}
	}
	return complete;
}

/* Fill template tpl (a rule's sentence) from the fields of o into buf. */
static char *sentence_fill(const char *tpl, const json_t *o, char *buf,
                           size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	while (*tpl) {
		const char *open = strchr(tpl, '[');
		const char *stop = open ? open : tpl + strlen(tpl);
		(void)fill_part(tpl, stop, o, buf, cap, &len);
		if (!open)
			break;
		const char *close = strchr(open, ']');
		if (!close)
			break;
		size_t mark = len;
		if (!fill_part(open + 1, close, o, buf, cap, &len)) {
			len = mark; /* optional part: drop it whole */
			buf[len] = '\0';
		}
		tpl = close + 1;
	}
	return buf;
}

const char *cs_rule_sentence(const void *obs, char *buf, size_t cap)
{
	const cs_rule *rt = cs_rule_find(jstr(obs, "rule"));
	return rt ? sentence_fill(rt->sentence, obs, buf, cap) : NULL;
}

/* The "because" line of o: its rule's sentence from the registry, where
 * each rule is defined once. An id the registry does not know (a trace
 * from another version) is still explained, by its id and kind. */
static cs_status add_reason(cs_ex_result *r, const json_t *o, size_t i)
{
	const char *rule = jstr(o, "rule");
	char buf[1024];
	if (!cs_rule_sentence(o, buf, sizeof buf))
		snprintf(buf, sizeof buf, "%s (%s)", rule, jstr(o, "kind"));
	for (size_t k = 0; k < r->nbecause; k++)
		if (strcmp(r->because[k].rule, rule) == 0 &&
		    strcmp(r->because[k].sentence, buf) == 0)
			return CS_OK;
	cs_ex_reason *g =
	    cs_realloc(r->because, (r->nbecause + 1) * sizeof *r->because);
	if (!g)
		return cs_alloc_failed();
	r->because = g;
	cs_ex_reason *e = &g[r->nbecause];
	e->sentence = cs_strdup(buf);
	e->rule = rule;
	e->source = jstr(o, "source");
	e->obs = i;
	if (!e->sentence)
		return cs_alloc_failed();
	r->nbecause++;
	return CS_OK;
}

static cs_status fill(const json_t *a, cs_ex_result *r)
{
	const json_t *step = json_array_get(a, r->first);
	const char *hr = jstr(step, "hresult");
	r->line = (unsigned)jint(step, "step");
	r->include = jstr(step, "include");
	r->t_text = jstr(step, "t");
	if (!r->last_t_text)
		r->last_t_text = r->t_text;
	if (!r->t_text || cs_time_parse(r->t_text, &r->t, NULL, NULL) != CS_OK)
		r->t = 0;
	r->account = jstr(step, "account");
	r->action = jstr(step, "action");
	r->has_hresult = hr != NULL;
	r->hresult = hr ? (uint32_t)strtoul(hr, NULL, 16) : 0;
	r->status = jstr(step, "status");
	r->words = jstr(step, "result");
	r->failed = r->hresult != 0 || cs_ex_words_failed(r);
	cs_status st = CS_OK;
	for (size_t i = r->first + 1; st == CS_OK && i < r->end; i++) {
		const json_t *o = json_array_get(a, i);
		if (is_kind(o, "expect")) {
			bool held = json_is_true(json_object_get(o, "ok"));
			char line[1400];
			r->failed |= !held;
			snprintf(line, sizeof line, "expect %s: %s%s%s",
			         jstr(o, "expect"), held ? "held" : "FAILED",
			         held ? "" : ", found ",
			         held ? "" : jstr(o, "found"));
			if (!list_add(&r->expects, line))
				st = cs_alloc_failed();
			continue;
		}
		if (!jstr(o, "rule"))
			continue;
		st = add_reason(r, o, i);
		if (st == CS_OK && !add_cached(a, i, o, r))
			st = cs_alloc_failed();
	}
	return st;
}

cs_status cs_explanation_build(const void *trace, unsigned line,
                               cs_explanation *out)
{
	const json_t *a = trace;
	size_t n = json_array_size(a);
	memset(out, 0, sizeof *out);
	const json_t *head = n ? json_array_get(a, 0) : NULL;
	if (head && is_kind(head, "scenario")) {
		out->title = jstr(head, "title");
		out->profile = jstr(head, "profile");
	}
	char **sigs = cs_calloc(n + 1, sizeof *sigs);
	/* the group (index into out->r) of each line's last result */
	out->r = cs_calloc(n + 1, sizeof *out->r);
	size_t *last_of = cs_calloc(n + 1, sizeof *last_of);
	unsigned *last_line = cs_calloc(n + 1, sizeof *last_line);
	size_t nlast = 0;
	out->ntrace = n;
	out->group_of = cs_malloc((n + 1) * sizeof *out->group_of);
	for (size_t i = 0; out->group_of && i <= n; i++)
		out->group_of[i] = SIZE_MAX;
	cs_status st = sigs && out->r && last_of && last_line && out->group_of
	                   ? CS_OK
	                   : cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < n; i++) {
		const json_t *o = json_array_get(a, i);
		if (!is_kind(o, "step") ||
		    (!jstr(o, "hresult") && !jstr(o, "result")))
			continue;
		unsigned l = (unsigned)jint(o, "step");
		if (line && l != line)
			continue;
		size_t end = i + 1;
		while (end < n && !is_kind(json_array_get(a, end), "step"))
			end++;
		char *sig = signature_of(a, i, end);
		if (!sig) {
			st = cs_nomem_recorded();
			break;
		}
		out->nresults++;
		size_t k = nlast;
		const char *inc = jstr(o, "include");
		for (size_t j = 0; j < nlast; j++) {
			const char *jinc =
			    jstr(json_array_get(a, out->r[last_of[j]].first),
			         "include");
			if (last_line[j] == l &&
			    (jinc == inc ||
			     (jinc && inc && strcmp(jinc, inc) == 0)))
				k = j;
		}
		if (k < nlast && strcmp(sigs[last_of[k]], sig) == 0) {
			cs_ex_result *g = &out->r[last_of[k]];
			g->count++;
			g->last_t_text = jstr(o, "t");
			out->group_of[i] = last_of[k];
			free(sig);
			continue;
		}
		if (k == nlast)
			last_line[nlast++] = l;
		last_of[k] = out->n;
		out->group_of[i] = out->n;
		sigs[out->n] = sig;
		cs_ex_result *r = &out->r[out->n++];
		r->first = i;
		r->end = end;
		r->count = 1;
	}
	for (size_t g = 0; st == CS_OK && g < out->n; g++)
		st = fill(a, &out->r[g]);
	for (size_t g = 0; sigs && g < out->n; g++)
		free(sigs[g]);
	free(sigs);
	free(last_of);
	free(last_line);
	if (st != CS_OK)
		cs_explanation_free(out);
	return st;
}

void cs_explanation_free(cs_explanation *e)
{
	for (size_t g = 0; e->r && g < e->n; g++) {
		cs_ex_result *r = &e->r[g];
		for (size_t k = 0; k < r->nbecause; k++)
			free(r->because[k].sentence);
		free(r->because);
		list_free(&r->cached);
		list_free(&r->expects);
	}
	free(e->r);
	free(e->group_of);
	memset(e, 0, sizeof *e);
}

cs_status cs_explanation_targets(const cs_explanation *e, cs_cf_target **out,
                                 size_t *n)
{
	*out = NULL;
	*n = 0;
	cs_cf_target *t = cs_calloc(e->n + 1, sizeof *t);
	if (!t)
		return cs_alloc_failed();
	for (size_t g = 0; g < e->n; g++)
		if (e->r[g].hresult || cs_ex_words_failed(&e->r[g]))
			t[(*n)++] = (cs_cf_target){e->r[g].line, e->r[g].t,
			                           e->r[g].include};
	*out = t;
	return CS_OK;
}

void cs_explanation_attach(cs_explanation *e, const cs_cf_set *set)
{
	e->counterfactuals = set != NULL;
	for (size_t g = 0; set && g < e->n; g++)
		e->r[g].cf = cs_cf_set_find(set, e->r[g].line, e->r[g].t,
		                            e->r[g].include);
}

bool cs_ex_words_failed(const cs_ex_result *r)
{
	return !r->has_hresult && r->words && strncmp(r->words, "ok", 2) != 0;
}

static void result_word(bool has_hresult, uint32_t hr, const char *words,
                        char *buf, size_t cap)
{
	if (!has_hresult && words && words[0]) {
		snprintf(buf, cap, "%s", words);
		return;
	}
	if (!has_hresult || !hr) {
		snprintf(buf, cap, "ok");
		return;
	}
	const char *name = cs_hresult_name(hr);
	snprintf(buf, cap, "error 0x%08X%s%s", hr, name ? " " : "",
	         name ? name : "");
}

void cs_ex_result_word(const cs_ex_result *r, char *buf, size_t cap)
{
	result_word(r->has_hresult, r->hresult, r->words, buf, cap);
}

void cs_ex_alt_result(const cs_cf_alt *a, char *buf, size_t cap)
{
	result_word(a->has_hresult, a->hresult, a->result, buf, cap);
}

void cs_ex_alt_text(const cs_ex_result *r, const cs_cf_alt *a, char *buf,
                    size_t cap)
{
	char when[CS_TIME_BUF], dur[CS_TIME_BUF];
	switch (a->kind) {
	case CS_CF_LATER:
		cs_time_format(r->t + a->later, when);
		cs_duration_format(a->later, dur);
		snprintf(buf, cap, "line %u run %s later (at %s)", r->line, dur,
		         when);
		return;
	case CS_CF_PROFILE: {
		const cs_profile *p = cs_profile_find(a->text);
		snprintf(buf, cap, "the machine on profile %s (%s)", a->text,
		         p ? p->description : "?");
		return;
	}
	case CS_CF_ROOT:
		snprintf(buf, cap,
		         "the self-issued certificate %s (which the machine "
		         "holds) in the machine's Root store before line %u",
		         a->text, r->line);
		return;
	case CS_CF_COMMANDS:
		break;
	}
	/* the lines, joined by " then " */
	size_t len = 0;
	buf[0] = '\0';
	const char *p = a->text;
	while (*p && len + 1 < cap) {
		const char *nl = strchr(p, '\n');
		size_t k = nl ? (size_t)(nl - p) : strlen(p);
		int w = snprintf(buf + len, cap - len, "%s`%.*s`",
		                 len ? " then " : "", (int)k, p);
		if (w < 0 || (size_t)w >= cap - len)
			break;
		len += (size_t)w;
		p += k + (nl ? 1 : 0);
	}
	if (len + 1 < cap)
		snprintf(buf + len, cap - len, " before line %u", r->line);
}
