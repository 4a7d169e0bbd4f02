/* The scenario parser: lines -> header fields and timed steps.
 *
 * Line shapes (docs/scenario-language.md has the grammar):
 *   header:   title TEXT | source TEXT | profile NAME | start TIME |
 *             seed N | include FILE
 *   timeline: [at TIME | every DURATION until TIME] COMMAND ARGS...
 *             [expect ITEM...]
 *             at TIME            (only moves the clock)
 *             expect ITEM...     (checks the previous action)
 * COMMAND is looked up in the command table (sim/scenario/commands.c). */
#include <errno.h>
#include "model/alloc.h"
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/file_read.h"
#include "sim/scenario/commands.h"
#include "sim/scenario/expect.h"
#include "sim/scenario/lexer.h"
#include "model/utf8.h"

typedef struct {
	cs_scenario *s;
	cs_diag *d;
	cs_filetime now;
	bool timeline_started; /* a step or `at` was seen: header is closed */
	bool has_prev;         /* a previous command can be checked by expect */
	bool prev_is_action;   /* .. and it has a result */
	uint64_t runs;         /* steps the lines so far will run */
	const char *include_stack[CS_SCENARIO_INCLUDE_DEPTH + 1];
	unsigned depth;
} parser;

char *cs_scenario_strdup(cs_scenario *s, const char *str)
{
	if (s->nstrings == s->capstrings) {
		size_t cap = s->capstrings ? s->capstrings * 2 : 64;
		char **n = cs_realloc(s->strings, cap * sizeof *n);
		if (!n)
			return NULL;
		s->strings = n;
		s->capstrings = cap;
	}
	char *copy = cs_strdup(str);
	if (copy)
		s->strings[s->nstrings++] = copy;
	return copy;
}

static cs_status oom(cs_diag *d)
{
	cs_diag_set(d, "", 0, 0, "out of memory");
	return cs_alloc_failed();
}

/* An error at col of the current line. */
static cs_status line_error(parser *p, const cs_origin *o, unsigned col,
                            const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static cs_status line_error(parser *p, const cs_origin *o, unsigned col,
                            const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cs_status st = cs_origin_verror(p->d, o, col, fmt, ap);
	va_end(ap);
	return st;
}

/* The text after the keyword up to a comment, trimmed. */
static const char *rest_of_line(parser *p, const cs_origin *o,
                                const cs_lex_line *lx)
{
	const char *src = o->src;
	size_t start = lx->n > 1 ? lx->words[1].col - 1 : strlen(src);
	size_t end = lx->comment_col ? lx->comment_col - 1 : strlen(src);
	while (end > start && (src[end - 1] == ' ' || src[end - 1] == '\t'))
		end--;
	char buf[CS_SCENARIO_LINE_MAX + 1];
	size_t n = end > start ? end - start : 0;
	memcpy(buf, src + start, n);
	buf[n] = '\0';
	/* A quoted title is written without its quotes. */
	if (lx->n == 2 && src[start] == '"')
		return cs_scenario_strdup(p->s, lx->words[1].text);
	return cs_scenario_strdup(p->s, buf);
}

static cs_status parse_text(parser *p, const char *file, const char *dir,
                            const char *include, const char *text);

static cs_status add_step(parser *p, cs_step **out)
{
	cs_scenario *s = p->s;
	if (s->nsteps == s->capsteps) {
		size_t cap = s->capsteps ? s->capsteps * 2 : 32;
		cs_step *n = cs_realloc(s->steps, cap * sizeof *n);
		if (!n)
			return oom(p->d);
		s->steps = n;
		s->capsteps = cap;
	}
	*out = &s->steps[s->nsteps++];
	memset(*out, 0, sizeof **out);
	return CS_OK;
}

static cs_status parse_time_tok(parser *p, const cs_origin *o,
                                const cs_lex_word *w, cs_filetime *out)
{
	cs_step tmp = {.at_src = *o};
	cs_tok tok = {(char *)w->text, w->col};
	cs_parse_ctx pc = {p->s, p->d, p->now, 0};
	return cs_parse_time_word(&pc, &tmp, &tok, out);
}

static cs_status set_clock(parser *p, const cs_origin *o, unsigned col,
                           cs_filetime t)
{
	if (t < p->now) {
		char a[CS_TIME_BUF], b[CS_TIME_BUF];
		return line_error(p, o, col,
		                  "time goes backwards: %s is before the "
		                  "scenario's clock (%s)",
		                  cs_time_format(t, a),
		                  cs_time_format(p->now, b));
	}
	p->now = t;
	return CS_OK;
}

/* Where scenario text comes from: the path relative to the pool's base
 * (what fixture paths in it are relative to) and the name diagnostics use. */
static cs_status read_scenario_file(parser *p, const cs_origin *o, unsigned col,
                                    const char *rel, char **text_out)
{
	cs_bytes b;
	cs_diag pd;
	cs_status st = cs_pool_file(p->s->pool, rel, &b, NULL, &pd);
	CS_FORWARD_FAILURE(st);
	if (st != CS_OK)
		return line_error(p, o, col, "cannot include '%s': %s", rel,
		                  pd.msg);
	char *text = cs_malloc(b.len + 1);
	if (!text)
		return oom(p->d);
	memcpy(text, b.data, b.len);
	text[b.len] = '\0';
	if (cs_text_is_utf16(b.data, b.len)) {
		free(text);
		return line_error(p, o, col, "cannot include '%s': %s", rel,
		                  CS_UTF16_HINT);
	}
	const uint8_t *nul = memchr(b.data, '\0', b.len);
	if (nul) {
		free(text);
		return line_error(p, o, col,
		                  "'%s' is not a text file (a NUL byte at "
		                  "byte %zu)",
		                  rel, (size_t)(nul - b.data));
	}
	*text_out = text;
	return CS_OK;
}

static const char *display_name(parser *p, const char *rel)
{
	const char *base = cs_pool_base_dir(p->s->pool);
	char buf[8200];
	int n = rel[0] == '/' || strcmp(base, ".") == 0
	            ? snprintf(buf, sizeof buf, "%s", rel)
	            : snprintf(buf, sizeof buf, "%s/%s", base, rel);
	if (n < 0 || (size_t)n >= sizeof buf)
		return cs_scenario_strdup(p->s, rel);
	return cs_scenario_strdup(p->s, buf);
}

/* "inc/" for "inc/x.scn", "" for "x.scn". */
static const char *dir_part(parser *p, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char buf[4096];
	size_t n = slash ? (size_t)(slash - rel) + 1 : 0;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, rel, n);
	buf[n] = '\0';
	return cs_scenario_strdup(p->s, buf);
}

static cs_status include_file(parser *p, const cs_origin *o,
                              const cs_lex_word *arg)
{
	if (p->depth >= CS_SCENARIO_INCLUDE_DEPTH)
		return line_error(p, o, arg->col,
		                  "includes nested deeper than %d levels",
		                  CS_SCENARIO_INCLUDE_DEPTH);
	char rel[4096];
	int n = arg->text[0] == '/'
	            ? snprintf(rel, sizeof rel, "%s", arg->text)
	            : snprintf(rel, sizeof rel, "%s%s", o->dir, arg->text);
	if (n < 0 || (size_t)n >= sizeof rel)
		return line_error(p, o, arg->col, "path too long");
	/* Loops: the same file (by its resolved path) already being read. */
	char full[8200], real[PATH_MAX];
	const char *base = cs_pool_base_dir(p->s->pool);
	n = snprintf(full, sizeof full, "%s/%s", rel[0] == '/' ? "" : base,
	             rel);
	if (n < 0 || (size_t)n >= sizeof full)
		return line_error(p, o, arg->col, "path too long");
	if (!realpath(rel[0] == '/' ? rel : full, real))
		return line_error(p, o, arg->col, "cannot include '%s': %s",
		                  arg->text, strerror(errno));
	for (unsigned i = 0; i < p->depth; i++)
		if (strcmp(p->include_stack[i], real) == 0)
			return line_error(p, o, arg->col,
			                  "include loop: '%s' is already being "
			                  "read",
			                  arg->text);
	const char *real_copy = cs_scenario_strdup(p->s, real);
	const char *name = display_name(p, rel);
	const char *dir = dir_part(p, rel);
	const char *include = cs_scenario_strdup(p->s, rel);
	if (!real_copy || !name || !dir || !include)
		return oom(p->d);
	char *text = NULL;
	cs_status st = read_scenario_file(p, o, arg->col, rel, &text);
	if (st != CS_OK)
		return st;
	p->include_stack[p->depth++] = real_copy;
	st = parse_text(p, name, dir, include, text);
	p->depth--;
	free(text);
	return st;
}

/* `observable ID TEXT`: a seed observable that `obs=ID` tags refer to. */
static cs_status observable_line(parser *p, const cs_origin *o,
                                 const cs_lex_line *lx)
{
	if (lx->n < 3)
		return line_error(p, o, lx->words[0].col,
		                  "'observable' needs an ID and a text");
	const cs_lex_word *id = &lx->words[1];
	if (strspn(id->text,
	           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	           "0123456789._-") != strlen(id->text))
		return line_error(p, o, id->col,
		                  "an observable ID is letters, digits, '.', "
		                  "'_' or '-'");
	for (size_t i = 0; i < p->s->nobservables; i++)
		if (strcmp(p->s->observables[i].id, id->text) == 0)
			return line_error(p, o, id->col,
			                  "observable '%s' is declared twice",
			                  id->text);
	cs_observable *n =
	    cs_realloc(p->s->observables, (p->s->nobservables + 1) * sizeof *n);
	if (!n)
		return oom(p->d);
	p->s->observables = n;
	cs_observable *ob = &n[p->s->nobservables];
	ob->id = cs_scenario_strdup(p->s, id->text);
	/* the text: from the third word to the end of the line (or the
	 * comment), as written */
	const char *src = o->src;
	size_t start = lx->words[2].col - 1;
	size_t end = lx->comment_col ? lx->comment_col - 1 : strlen(src);
	while (end > start && (src[end - 1] == ' ' || src[end - 1] == '\t'))
		end--;
	char buf[CS_SCENARIO_LINE_MAX + 1];
	memcpy(buf, src + start, end - start);
	buf[end - start] = '\0';
	ob->text = cs_scenario_strdup(p->s, buf);
	if (!ob->id || !ob->text)
		return oom(p->d);
	p->s->nobservables++;
	return CS_OK;
}

static cs_status header_line(parser *p, const cs_origin *o,
                             const cs_lex_line *lx, bool *handled)
{
	const char *kw = lx->words[0].text;
	*handled = true;
	if (strcmp(kw, "title") == 0 || strcmp(kw, "source") == 0) {
		if (lx->n < 2)
			return line_error(p, o, lx->words[0].col,
			                  "'%s' needs a text after it", kw);
		char *text = (char *)rest_of_line(p, o, lx);
		if (!text)
			return oom(p->d);
		if (kw[0] == 't') {
			if (p->s->title)
				return line_error(p, o, lx->words[0].col,
				                  "a second 'title' (the first "
				                  "one stays)");
			p->s->title = text;
			return CS_OK;
		}
		char **n =
		    cs_realloc(p->s->sources, (p->s->nsources + 1) * sizeof *n);
		if (!n)
			return oom(p->d);
		p->s->sources = n;
		n[p->s->nsources++] = text;
		return CS_OK;
	}
	if (strcmp(kw, "observable") == 0)
		return observable_line(p, o, lx);
	bool is_profile = strcmp(kw, "profile") == 0;
	bool is_start = strcmp(kw, "start") == 0;
	bool is_seed = strcmp(kw, "seed") == 0;
	bool is_include = strcmp(kw, "include") == 0;
	if (!is_profile && !is_start && !is_seed && !is_include) {
		*handled = false;
		return CS_OK;
	}
	if (lx->n != 2)
		return line_error(
		    p, o, lx->n < 2 ? lx->words[0].col : lx->words[2].col,
		    "'%s' takes exactly one argument", kw);
	const cs_lex_word *arg = &lx->words[1];
	if (is_include)
		return include_file(p, o, arg);
	if (p->timeline_started)
		return line_error(p, o, lx->words[0].col,
		                  "'%s' must come before the first step", kw);
	if (is_profile) {
		char err[CS_PROFILE_ERR];
		const cs_profile *pr = cs_profile_parse(arg->text, err);
		if (!pr)
			return line_error(p, o, arg->col, "%s", err);
		p->s->profile = pr;
		return CS_OK;
	}
	if (is_start) {
		cs_filetime t;
		cs_status st = parse_time_tok(p, o, arg, &t);
		if (st != CS_OK)
			return st;
		p->s->start = t;
		p->now = t;
		return CS_OK;
	}
	/* seed: decimal or 0x hex, 64 bits */
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(arg->text, &end, 0);
	if (errno || !end || *end || arg->text[0] == '-' || !arg->text[0])
		return line_error(p, o, arg->col,
		                  "expected a seed: a decimal or 0x-hex number "
		                  "below 2^64");
	p->s->seed = v;
	p->s->has_seed = true;
	return CS_OK;
}

/* key=value with a lowercase key: an option word. */
static bool option_key(const char *w, char *key, size_t cap)
{
	const char *eq = strchr(w, '=');
	if (!eq || eq == w || (size_t)(eq - w) >= cap || strstr(w, "://"))
		return false;
	for (const char *c = w; c < eq; c++)
		if (!((*c >= 'a' && *c <= 'z') || *c == '-' ||
		      (c > w && *c >= '0' && *c <= '9')))
			return false;
	memcpy(key, w, (size_t)(eq - w));
	key[eq - w] = '\0';
	return true;
}

static bool in_list(const char *const *list, const char *key)
{
	for (; list && *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

static cs_status check_schema(parser *p, const cs_step *st)
{
	const cs_command *c = st->cmd;
	unsigned npos = 0;
	for (size_t i = 0; i < st->nargs; i++) {
		char key[32];
		if (c->schema.options &&
		    option_key(st->args[i].text, key, sizeof key)) {
			if (!in_list(c->schema.options, key))
				return line_error(
				    p, &st->at_src, st->args[i].col,
				    "unknown option '%s=' for '%s' "
				    "(usage: %s)",
				    key, c->keyword, c->synopsis);
			for (size_t k = 0; k < i; k++) {
				char prev[32];
				if (option_key(st->args[k].text, prev,
				               sizeof prev) &&
				    strcmp(prev, key) == 0)
					return line_error(
					    p, &st->at_src, st->args[i].col,
					    "option '%s=' given twice", key);
			}
			continue;
		}
		npos++;
		if (npos > c->schema.max_pos)
			return line_error(p, &st->at_src, st->args[i].col,
			                  "unexpected '%s' (usage: %s)",
			                  st->args[i].text, c->synopsis);
	}
	if (npos < c->schema.min_pos) {
		const cs_origin *o = &st->at_src;
		unsigned col = (unsigned)strlen(o->src) + 1;
		if (o->src[0] && col > 1)
			col = st->nargs
			          ? st->args[st->nargs - 1].col +
			                (unsigned)strlen(
			                    st->args[st->nargs - 1].text)
			          : st->cmd_col + (unsigned)strlen(c->keyword);
		return line_error(p, o, col,
		                  "'%s' needs more arguments (usage: %s)",
		                  c->keyword, c->synopsis);
	}
	return CS_OK;
}

static cs_status copy_words(parser *p, const cs_lex_line *lx, size_t from,
                            size_t to, cs_tok **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (to <= from)
		return CS_OK;
	cs_tok *t = cs_calloc(to - from, sizeof *t);
	if (!t)
		return oom(p->d);
	for (size_t i = from; i < to; i++) {
		t[i - from].col = lx->words[i].col;
		t[i - from].text = cs_scenario_strdup(p->s, lx->words[i].text);
		if (!t[i - from].text) {
			free(t);
			return oom(p->d);
		}
	}
	*out = t;
	*n = to - from;
	return CS_OK;
}

static cs_status unknown_command(parser *p, const cs_origin *o,
                                 const cs_lex_word *w)
{
	char known[1024] = "";
	for (size_t i = 0; i < cs_scenario_command_count; i++) {
		size_t l = strlen(known);
		snprintf(known + l, sizeof known - l, "%s%s", i ? ", " : "",
		         cs_scenario_commands[i].keyword);
	}
	return line_error(p, o, w->col,
	                  "unknown command '%s' (expected one of: at, every, "
	                  "expect, %s)",
	                  w->text, known);
}

/* A timeline line from word k on: [COMMAND ARGS...] [expect ITEMS...]. */
static cs_status command_line(parser *p, const cs_origin *o,
                              const cs_lex_line *lx, size_t k, int64_t every,
                              cs_filetime until)
{
	size_t e = k; /* index of "expect", or lx->n */
	while (e < lx->n && strcmp(lx->words[e].text, "expect") != 0)
		e++;
	const cs_command *c = NULL;
	if (e > k) {
		c = cs_command_find(lx->words[k].text);
		if (!c)
			return unknown_command(p, o, &lx->words[k]);
	}
	if (!c && e + 1 >= lx->n)
		return line_error(
		    p, o, lx->words[e].col,
		    "'expect' needs at least one item (ok, "
		    "error=0x.., status=0x.., result=WORD, event=ID, "
		    "fetch URL, no-fetch URL, cache-hit URL, events "
		    "since TIME: ..., files modified TIME: NAME...)");
	if (!c && every)
		return line_error(p, o, lx->words[k].col,
		                  "'every' needs a command to repeat");
	cs_step *st = NULL;
	int64_t advance = 0;
	if (p->runs >= CS_SCENARIO_RUNS_MAX)
		return line_error(p, o, lx->words[k < lx->n ? k : 0].col,
		                  "a scenario runs at most %llu steps",
		                  (unsigned long long)CS_SCENARIO_RUNS_MAX);
	p->runs++;
	cs_status rc = add_step(p, &st);
	if (rc != CS_OK)
		return rc;
	st->at_src = *o;
	st->cmd = c;
	st->t = p->now;
	st->every = every;
	st->until = until;
	st->cmd_col = lx->words[k].col;
	/* The action as written: from the keyword to `expect`/comment. */
	if (c) {
		size_t a = lx->words[k].col - 1;
		size_t b = e < lx->n         ? lx->words[e].col - 1
		           : lx->comment_col ? lx->comment_col - 1
		                             : strlen(o->src);
		while (b > a && (o->src[b - 1] == ' ' || o->src[b - 1] == '\t'))
			b--;
		char buf[CS_SCENARIO_LINE_MAX + 1];
		memcpy(buf, o->src + a, b - a);
		buf[b - a] = '\0';
		if (!(st->action = cs_scenario_strdup(p->s, buf)))
			return oom(p->d);
		if ((rc = copy_words(p, lx, k + 1, e, &st->args, &st->nargs)) !=
		    CS_OK)
			return rc;
		if ((rc = check_schema(p, st)) != CS_OK)
			return rc;
		if (c->parse) {
			cs_parse_ctx pc = {p->s, p->d, p->now, 0};
			if ((rc = c->parse(&pc, st)) != CS_OK)
				return rc;
			advance = pc.advance;
			if (advance && every)
				return line_error(
				    p, o, st->cmd_col,
				    "'every' cannot repeat a "
				    "command that moves the clock");
		}
	}
	if (e < lx->n) {
		cs_tok *items;
		size_t nitems;
		if ((rc = copy_words(p, lx, e + 1, lx->n, &items, &nitems)) !=
		    CS_OK)
			return rc;
		cs_parse_ctx pc = {p->s, p->d, p->now, 0};
		rc = cs_expect_parse(
		    &pc, st, items, nitems, c ? true : p->has_prev,
		    c ? c->is_action : p->prev_is_action, lx->words[e].col);
		free(items);
		if (rc != CS_OK)
			return rc;
	}
	if (c) {
		p->has_prev = true;
		p->prev_is_action = c->is_action;
	}
	if (every)
		p->now = until;
	if (advance)
		p->now += advance;
	return CS_OK;
}

static cs_status timeline_line(parser *p, const cs_origin *o,
                               const cs_lex_line *lx)
{
	const char *kw = lx->words[0].text;
	p->timeline_started = true;
	if (strcmp(kw, "at") == 0) {
		if (lx->n < 2)
			return line_error(p, o, lx->words[0].col + 2,
			                  "'at' needs a time");
		cs_filetime t;
		cs_status st = parse_time_tok(p, o, &lx->words[1], &t);
		if (st == CS_OK)
			st = set_clock(p, o, lx->words[1].col, t);
		if (st != CS_OK || lx->n == 2)
			return st;
		return command_line(p, o, lx, 2, 0, 0);
	}
	if (strcmp(kw, "every") == 0) {
		if (lx->n < 5 || strcmp(lx->words[2].text, "until") != 0)
			return line_error(
			    p, o,
			    lx->n < 3 ? lx->words[0].col : lx->words[2].col,
			    "expected 'every DURATION until TIME COMMAND...'");
		cs_step tmp = {.at_src = *o};
		cs_parse_ctx pc = {p->s, p->d, p->now, 0};
		cs_tok dt = {(char *)lx->words[1].text, lx->words[1].col};
		int64_t every;
		cs_status st = cs_parse_duration_word(&pc, &tmp, &dt, &every);
		if (st != CS_OK)
			return st;
		if (every <= 0)
			return line_error(
			    p, o, lx->words[1].col,
			    "'every' needs a duration above zero");
		cs_filetime until;
		if ((st = parse_time_tok(p, o, &lx->words[3], &until)) != CS_OK)
			return st;
		if (until <= p->now) {
			char a[CS_TIME_BUF], b[CS_TIME_BUF];
			return line_error(
			    p, o, lx->words[3].col,
			    "'until' %s is not after the scenario's "
			    "clock (%s)",
			    cs_time_format(until, a),
			    cs_time_format(p->now, b));
		}
		/* Repetitions at now, now+D, ... before until. */
		uint64_t reps =
		    (uint64_t)(until - p->now - 1) / (uint64_t)every + 1;
		if (reps > CS_SCENARIO_RUNS_MAX - p->runs)
			return line_error(
			    p, o, lx->words[1].col,
			    "'every %s' repeats %llu times before %s; a "
			    "scenario runs at most %llu steps (%llu before "
			    "this line): use a longer interval or an earlier "
			    "'until'",
			    lx->words[1].text, (unsigned long long)reps,
			    lx->words[3].text,
			    (unsigned long long)CS_SCENARIO_RUNS_MAX,
			    (unsigned long long)p->runs);
		p->runs += reps - 1; /* command_line counts the first */
		return command_line(p, o, lx, 4, every, until);
	}
	return command_line(p, o, lx, 0, 0, 0);
}

static cs_status parse_text(parser *p, const char *file, const char *dir,
                            const char *include, const char *text)
{
	unsigned lineno = 0;
	/* A UTF-8 byte-order mark (Notepad writes one) is no text. */
	const char *line =
	    strncmp(text, "\xef\xbb\xbf", 3) == 0 ? text + 3 : text;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		lineno++;
		size_t n = len;
		if (n && line[n - 1] == '\r')
			n--;
		char src[CS_SCENARIO_LINE_MAX + 1];
		size_t keep =
		    n > CS_SCENARIO_LINE_MAX ? CS_SCENARIO_LINE_MAX : n;
		memcpy(src, line, keep);
		src[keep] = '\0';
		cs_origin o = {file, dir, lineno, src, include};
		/* docs/scenario-language.md: scenarios are UTF-8 text. */
		size_t bad = cs_utf8_invalid_at(line, n);
		if (bad < n)
			return line_error(p, &o, (unsigned)bad + 1,
			                  "invalid UTF-8 at byte %zu (0x%02x): "
			                  "scenarios are UTF-8 text",
			                  (size_t)(line - text) + bad,
			                  (unsigned char)line[bad]);
		cs_lex_line *lx = cs_malloc(sizeof *lx);
		if (!lx)
			return oom(p->d);
		unsigned col = 0;
		const char *why = "";
		cs_status st = cs_lex(line, n, lx, &col, &why);
		if (st != CS_OK) {
			free(lx);
			return line_error(p, &o, col, "expected %s", why);
		}
		if (lx->n > 0) {
			if (!(o.src = cs_scenario_strdup(p->s, src))) {
				free(lx);
				return oom(p->d);
			}
			bool handled = false;
			st = header_line(p, &o, lx, &handled);
			if (st == CS_OK && !handled)
				st = timeline_line(p, &o, lx);
		}
		free(lx);
		if (st != CS_OK)
			return st;
		line = nl ? nl + 1 : line + len;
	}
	return CS_OK;
}

const char *cs_scenario_base_dir(const char *path, char *buf, size_t cap)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		snprintf(buf, cap, ".");
		return buf;
	}
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, path, n);
	buf[n] = '\0';
	return buf;
}

static cs_status parse_top(cs_scenario **out, const char *name,
                           const char *real, const char *text, cs_pool *pool,
                           cs_diag *d)
{
	*out = NULL;
	cs_scenario *s = cs_calloc(1, sizeof *s);
	if (!s)
		return oom(d);
	s->pool = pool;
	s->profile = cs_profile_default();
	parser p = {.s = s, .d = d};
	const char *file = cs_scenario_strdup(s, name);
	const char *dir = cs_scenario_strdup(s, "");
	const char *real_copy = real ? cs_scenario_strdup(s, real) : NULL;
	if (!file || !dir || (real && !real_copy)) {
		cs_scenario_free(s);
		return oom(d);
	}
	if (real_copy)
		p.include_stack[p.depth++] = real_copy;
	cs_status st = parse_text(&p, file, dir, NULL, text);
	if (st == CS_OK && !p.timeline_started && s->start == 0) {
		/* A scenario with no start and no step is legal but dull. */
	}
	if (st != CS_OK) {
		cs_scenario_free(s);
		return st;
	}
	s->end = p.now;
	*out = s;
	return CS_OK;
}

cs_status cs_scenario_parse_string(cs_scenario **out, const char *name,
                                   const char *text, cs_pool *pool, cs_diag *d)
{
	return parse_top(out, name, NULL, text, pool, d);
}

cs_status cs_scenario_parse_file(cs_scenario **out, const char *path,
                                 cs_pool *pool, cs_diag *d)
{
	*out = NULL;
	static const cs_file_limits lim = {
	    .max = 16u << 20,
	    .too_big = "larger than 16 MiB: not a scenario",
	    .not_text = "not a text file (a NUL byte)"};
	char *text;
	size_t len;
	cs_status st = cs_file_read_text(path, &lim, &text, &len, d);
	char real[PATH_MAX];
	if (st == CS_OK)
		st = parse_top(out, path, realpath(path, real) ? real : NULL,
		               text, pool, d);
	free(text);
	return st;
}

void cs_scenario_free(cs_scenario *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nsteps; i++) {
		cs_step *st = &s->steps[i];
		if (st->data) {
			if (st->cmd && st->cmd->free_data)
				st->cmd->free_data(st->data);
			else
				free(st->data);
		}
		free(st->args);
		cs_expect_free_all(st);
	}
	free(s->steps);
	for (size_t i = 0; i < s->nstrings; i++)
		free(s->strings[i]);
	free(s->strings);
	free(s->sources);
	free(s->observables);
	free(s);
}
