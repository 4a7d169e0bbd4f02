#include "sim/scenario/expect.h"

#include <errno.h>
#include "model/alloc.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/network.h"

static const char items_help[] =
    "ok, error=0x.., status=0x.., result=WORD, event=ID, fetch URL, "
    "no-fetch URL, cache-hit URL, events since TIME: ..., "
    "files modified TIME: NAME...";

static bool parse_u32(const char *s, bool hex_only, uint32_t *out)
{
	if (!*s || *s == '-' || *s == '+')
		return false;
	if (hex_only && !(s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
		return false;
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, hex_only ? 16 : 10);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static cs_status add(cs_parse_ctx *pc, cs_step *step, const cs_tok *at,
                     cs_expect **out)
{
	cs_expect *n =
	    cs_realloc(step->expects, (step->nexpects + 1) * sizeof *n);
	if (!n) {
		cs_diag_set(pc->d, "", 0, 0, "out of memory");
		return cs_alloc_failed();
	}
	step->expects = n;
	*out = &n[step->nexpects++];
	memset(*out, 0, sizeof **out);
	(*out)->col = at->col;
	(*out)->count = -1;
	(*out)->text = cs_scenario_strdup(pc->s, at->text);
	if (!(*out)->text) {
		cs_diag_set(pc->d, "", 0, 0, "out of memory");
		return cs_alloc_failed();
	}
	return CS_OK;
}

/* Append " WORD" to e->text so reports show the whole item. */
static cs_status extend_text(cs_parse_ctx *pc, cs_expect *e, const char *w)
{
	size_t n = strlen(e->text) + strlen(w) + 2;
	char *buf = cs_malloc(n);
	if (!buf)
		return cs_alloc_failed();
	snprintf(buf, n, "%s %s", e->text, w);
	e->text = cs_scenario_strdup(pc->s, buf);
	free(buf);
	return e->text ? CS_OK : cs_alloc_failed();
}

static cs_status parse_events_since(cs_parse_ctx *pc, cs_step *step,
                                    const cs_tok *items, size_t n, size_t *i,
                                    cs_expect *e)
{
	e->kind = CS_EXPECT_EVENTS_SINCE;
	size_t k = *i + 1;
	if (k >= n || strcmp(items[k].text, "since") != 0)
		return cs_parse_error(pc, step,
		                      k < n ? items[k].col : items[*i].col,
		                      "expected 'events since TIME: ID...'");
	k++;
	if (k >= n)
		return cs_parse_error(pc, step, items[k - 1].col,
		                      "'since' needs a time");
	/* TIME may carry the colon ("2010-07-09T00:00:00Z:"). */
	char tbuf[64];
	snprintf(tbuf, sizeof tbuf, "%s", items[k].text);
	bool colon = false;
	size_t tl = strlen(tbuf);
	if (tl && tbuf[tl - 1] == ':') {
		tbuf[tl - 1] = '\0';
		colon = true;
	}
	cs_tok tt = {tbuf, items[k].col};
	cs_status st = cs_parse_time_word(pc, step, &tt, &e->t);
	if (st != CS_OK)
		return st;
	if (e->t > pc->now)
		return cs_parse_error(pc, step, items[k].col,
		                      "'since' is after the step's time");
	k++;
	while (!colon && k < n) {
		if (strcmp(items[k].text, ":") == 0) {
			colon = true;
		} else if (strncmp(items[k].text, "log=", 4) == 0) {
			const char *l = items[k].text + 4;
			size_t ll = strlen(l);
			bool has_colon = ll && l[ll - 1] == ':';
			char lbuf[64];
			snprintf(lbuf, sizeof lbuf, "%.*s",
			         (int)(has_colon ? ll - 1 : ll), l);
			if (strcmp(lbuf, "Application") == 0)
				e->log = CS_LOG_APPLICATION;
			else if (strcmp(lbuf, "System") == 0)
				e->log = CS_LOG_SYSTEM;
			else if (strcmp(lbuf, "CAPI2") == 0)
				e->log = CS_LOG_CAPI2;
			else
				return cs_parse_error(
				    pc, step, items[k].col + 4,
				    "unknown log '%s' (expected Application, "
				    "System or CAPI2)",
				    lbuf);
			colon = has_colon;
		} else {
			break;
		}
		k++;
	}
	if (!colon)
		return cs_parse_error(pc, step,
		                      k < n ? items[k].col : items[k - 1].col,
		                      "expected ':' after 'events since TIME'");
	if (k >= n)
		return cs_parse_error(pc, step, items[k - 1].col,
		                      "expected event IDs or 'none' after ':'");
	if (strcmp(items[k].text, "none") == 0) {
		if (k + 1 < n)
			return cs_parse_error(pc, step, items[k + 1].col,
			                      "nothing may follow 'none'");
		*i = k;
		return CS_OK;
	}
	for (; k < n; k++) {
		/* ID or IDxN */
		char buf[32];
		snprintf(buf, sizeof buf, "%s", items[k].text);
		char *x = strchr(buf, 'x');
		uint32_t id, times = 1;
		if (x)
			*x = '\0';
		if (!parse_u32(buf, false, &id) || id > 65535 ||
		    (x && (!parse_u32(x + 1, false, &times) || times == 0 ||
		           times > 100000)))
			return cs_parse_error(
			    pc, step, items[k].col,
			    "expected an event ID (0..65535), "
			    "optionally xN (4107x2), got '%s'",
			    items[k].text);
		unsigned *ids =
		    cs_realloc(e->ids, (e->nids + times) * sizeof *ids);
		if (!ids)
			return cs_alloc_failed();
		e->ids = ids;
		for (uint32_t r = 0; r < times; r++)
			e->ids[e->nids++] = id;
	}
	*i = n - 1;
	return CS_OK;
}

/* `files modified TIME: NAME... | none` (the last item of its line). */
static cs_status parse_files_modified(cs_parse_ctx *pc, cs_step *step,
                                      const cs_tok *items, size_t n, size_t *i,
                                      cs_expect *e)
{
	e->kind = CS_EXPECT_FILES_MODIFIED;
	size_t k = *i + 1;
	if (k >= n || strcmp(items[k].text, "modified") != 0)
		return cs_parse_error(
		    pc, step, k < n ? items[k].col : items[*i].col,
		    "expected 'files modified TIME: NAME...'");
	if (++k >= n)
		return cs_parse_error(pc, step, items[k - 1].col,
		                      "'modified' needs a time");
	/* TIME may carry the colon ("2014-04-10T11:52:14Z:"). */
	char tbuf[64];
	snprintf(tbuf, sizeof tbuf, "%s", items[k].text);
	size_t tl = strlen(tbuf);
	bool colon = tl && tbuf[tl - 1] == ':';
	if (colon)
		tbuf[tl - 1] = '\0';
	cs_tok tt = {tbuf, items[k].col};
	CS_GUARD(cs_parse_time_word(pc, step, &tt, &e->t));
	k++;
	if (!colon && k < n && strcmp(items[k].text, ":") == 0) {
		colon = true;
		k++;
	}
	if (!colon)
		return cs_parse_error(
		    pc, step, k < n ? items[k].col : items[k - 1].col,
		    "expected ':' after 'files modified TIME'");
	if (k >= n)
		return cs_parse_error(
		    pc, step, items[k - 1].col,
		    "expected file names or 'none' after ':'");
	if (strcmp(items[k].text, "none") == 0) {
		if (k + 1 < n)
			return cs_parse_error(pc, step, items[k + 1].col,
			                      "nothing may follow 'none'");
		e->s = "";
		*i = k;
		return CS_OK;
	}
	size_t len = 0;
	for (size_t j = k; j < n; j++)
		len += strlen(items[j].text) + 1;
	char *names = cs_malloc(len);
	CS_GUARD_ALLOC(names);
	names[0] = '\0';
	for (size_t j = k; j < n; j++) {
		if (j > k)
			strcat(names, " ");
		strcat(names, items[j].text);
	}
	e->s = cs_scenario_strdup(pc->s, names);
	free(names);
	CS_GUARD_ALLOC(e->s);
	*i = n - 1;
	return CS_OK;
}

/* `obs=ID,...` / `given=ID,...`: every ID must be declared. */
static cs_status parse_tag(cs_parse_ctx *pc, cs_step *step, const cs_tok *t,
                           const char **tag, bool *given)
{
	*given = t->text[0] == 'g';
	const char *v = strchr(t->text, '=') + 1;
	const char *w = v;
	while (true) {
		size_t len = strcspn(w, ",");
		bool found = false;
		for (size_t i = 0; len && i < pc->s->nobservables; i++)
			if (strlen(pc->s->observables[i].id) == len &&
			    strncmp(pc->s->observables[i].id, w, len) == 0)
				found = true;
		if (!found)
			return cs_parse_error(
			    pc, step, t->col + (unsigned)(w - t->text),
			    "unknown observable '%.*s' (declare it first: "
			    "observable ID TEXT)",
			    (int)len, w);
		if (!w[len])
			break;
		w += len + 1;
	}
	*tag = cs_scenario_strdup(pc->s, v);
	CS_GUARD_ALLOC(*tag);
	return CS_OK;
}

cs_status cs_expect_parse(cs_parse_ctx *pc, cs_step *step, const cs_tok *items,
                          size_t n, bool has_step, bool has_result,
                          unsigned expect_col)
{
	const char *tag = NULL;
	bool tag_given = false;
	const cs_tok *tag_tok = NULL; /* the last tag, until an item follows */
	if (n == 0)
		return cs_parse_error(pc, step, expect_col,
		                      "'expect' needs at least one item (%s)",
		                      items_help);
	cs_expect *last_event = NULL;
	for (size_t i = 0; i < n; i++) {
		const cs_tok *t = &items[i];
		const char *w = t->text;
		/* modifiers of the preceding event=ID */
		if (strncmp(w, "source=", 7) == 0 ||
		    strncmp(w, "count=", 6) == 0) {
			if (!last_event)
				return cs_parse_error(
				    pc, step, t->col,
				    "'%.*s' must follow an event=ID item",
				    (int)(strchr(w, '=') - w + 1), w);
			if (w[0] == 's') {
				if (!w[7])
					return cs_parse_error(
					    pc, step, t->col + 7,
					    "expected an event source name");
				last_event->s = w + 7;
			} else {
				uint32_t c;
				if (!parse_u32(w + 6, false, &c))
					return cs_parse_error(
					    pc, step, t->col + 6,
					    "expected a count (0 or more)");
				last_event->count = c;
			}
			CS_GUARD(extend_text(pc, last_event, w));
			continue;
		}
		if (strncmp(w, "obs=", 4) == 0 ||
		    strncmp(w, "given=", 6) == 0) {
			CS_GUARD(parse_tag(pc, step, t, &tag, &tag_given));
			last_event = NULL;
			tag_tok = t;
			continue;
		}
		cs_expect *e = NULL;
		cs_status st = add(pc, step, t, &e);
		if (st != CS_OK)
			return st;
		e->tag = tag;
		e->tag_given = tag_given;
		tag_tok = NULL;
		last_event = NULL;
		bool needs_step = true, needs_result = false;
		if (strcmp(w, "ok") == 0) {
			needs_result = true;
			e->kind = CS_EXPECT_OK;
		} else if (strncmp(w, "error=", 6) == 0 ||
		           strncmp(w, "status=", 7) == 0) {
			bool is_error = w[0] == 'e';
			needs_result = true;
			const char *v = w + (is_error ? 6 : 7);
			e->kind = is_error ? CS_EXPECT_ERROR : CS_EXPECT_STATUS;
			if (!parse_u32(v, true, &e->u))
				return cs_parse_error(
				    pc, step, t->col + (unsigned)(v - w),
				    "expected a 32-bit hex value like %s",
				    is_error ? "0x800B0109" : "0x01000040");
		} else if (strncmp(w, "result=", 7) == 0) {
			needs_result = true;
			e->kind = CS_EXPECT_RESULT;
			e->s = w + 7;
			if (!*e->s || strchr(e->s, ' '))
				return cs_parse_error(
				    pc, step, t->col + 7,
				    "expected one result word (403.7, "
				    "no-client-certificate, truncated, ...)");
		} else if (strncmp(w, "event=", 6) == 0) {
			e->kind = CS_EXPECT_EVENT;
			if (!parse_u32(w + 6, false, &e->u) || e->u > 65535)
				return cs_parse_error(
				    pc, step, t->col + 6,
				    "expected an event ID (0..65535)");
			last_event = e;
		} else if (strcmp(w, "fetch") == 0 ||
		           strcmp(w, "no-fetch") == 0 ||
		           strcmp(w, "cache-hit") == 0) {
			e->kind = w[0] == 'f'   ? CS_EXPECT_FETCH
			          : w[0] == 'n' ? CS_EXPECT_NO_FETCH
			                        : CS_EXPECT_CACHE_HIT;
			if (i + 1 >= n)
				return cs_parse_error(
				    pc, step, t->col + (unsigned)strlen(w),
				    "'%s' needs a URL", w);
			if ((st = cs_parse_url_word(pc, step, &items[i + 1])) !=
			    CS_OK)
				return st;
			e->s = items[i + 1].text;
			CS_GUARD(extend_text(pc, e, e->s));
			i++;
		} else if (strcmp(w, "files") == 0) {
			if ((st = parse_files_modified(pc, step, items, n, &i,
			                               e)) != CS_OK)
				return st;
			e->text = cs_scenario_strdup(pc->s, "files modified");
			CS_GUARD_ALLOC(e->text);
		} else if (strcmp(w, "events") == 0) {
			needs_step = false;
			if ((st = parse_events_since(pc, step, items, n, &i,
			                             e)) != CS_OK)
				return st;
			e->text = cs_scenario_strdup(pc->s, "events since");
			CS_GUARD_ALLOC(e->text);
		} else {
			return cs_parse_error(pc, step, t->col,
			                      "unknown expectation '%s' "
			                      "(expected %s)",
			                      w, items_help);
		}
		if (needs_result && !has_result)
			return cs_parse_error(
			    pc, step, t->col,
			    "'%s' needs an action with a result "
			    "(verify, reg, store, certutil, "
			    "tls-client-auth, schannel): put "
			    "it on such a line or after one",
			    e->text);
		if (needs_step && !has_step)
			return cs_parse_error(
			    pc, step, t->col,
			    "'%s' needs a command to check: put "
			    "it on a command line or after one",
			    e->text);
	}
	if (tag_tok)
		return cs_parse_error(pc, step, tag_tok->col,
		                      "'%s' tags the items after it: put them "
		                      "after it",
		                      tag_tok->text);
	return CS_OK;
}

void cs_expect_free_all(cs_step *step)
{
	for (size_t i = 0; i < step->nexpects; i++)
		free(step->expects[i].ids);
	free(step->expects);
	step->expects = NULL;
	step->nexpects = 0;
}

static void on_file(cs_action_record *rec, const cs_decision *d)
{
	if (rec->nfiles == rec->capfiles) {
		size_t cap = rec->capfiles ? rec->capfiles * 2 : 4;
		cs_listed_file *n = cs_realloc(rec->files, cap * sizeof *n);
		if (!n) {
			rec->oom = true;
			return;
		}
		rec->files = n;
		rec->capfiles = cap;
	}
	char *name = cs_strdup(d->file);
	if (!name) {
		rec->oom = true;
		return;
	}
	rec->files[rec->nfiles++] = (cs_listed_file){name, d->modified};
}

static void on_decision(void *ctx, const cs_decision *d)
{
	cs_action_record *rec = ctx;
	if (d->kind == CS_DECISION_FILE_LISTED) {
		on_file(rec, d);
		return;
	}
	if (d->kind != CS_DECISION_FETCH || (!d->wire && !d->cache_hit))
		return;
	cs_fetch_tally *t = NULL;
	for (size_t i = 0; i < rec->nfetches && !t; i++)
		if (strcmp(rec->fetches[i].url, d->url) == 0)
			t = &rec->fetches[i];
	if (!t) {
		if (rec->nfetches == rec->capfetches) {
			size_t cap = rec->capfetches ? rec->capfetches * 2 : 4;
			cs_fetch_tally *n =
			    cs_realloc(rec->fetches, cap * sizeof *n);
			if (!n) {
				rec->oom = true;
				return;
			}
			rec->fetches = n;
			rec->capfetches = cap;
		}
		char *url = cs_strdup(d->url);
		if (!url) {
			rec->oom = true;
			return;
		}
		t = &rec->fetches[rec->nfetches++];
		*t = (cs_fetch_tally){url, 0, 0};
	}
	t->wire += d->wire;
	t->hits += d->cache_hit;
}

static void clear_fetches(cs_action_record *rec)
{
	for (size_t i = 0; i < rec->nfetches; i++)
		free(rec->fetches[i].url);
	rec->nfetches = 0;
	for (size_t i = 0; i < rec->nfiles; i++)
		free(rec->files[i].name);
	rec->nfiles = 0;
}

cs_status cs_action_record_begin(cs_action_record *rec, cs_machine *m)
{
	clear_fetches(rec);
	rec->valid = true;
	rec->oom = false;
	cs_outcome_clear(&rec->outcome);
	rec->ev_begin = rec->ev_end = m->w.events.n;
	return cs_world_observe(&m->w, on_decision, rec);
}

void cs_action_record_end(cs_action_record *rec, cs_machine *m)
{
	cs_world_unobserve(&m->w, on_decision, rec);
	rec->ev_end = m->w.events.n;
}

void cs_action_record_free(cs_action_record *rec)
{
	clear_fetches(rec);
	free(rec->fetches);
	free(rec->files);
	memset(rec, 0, sizeof *rec);
}

/* The record's requests for url: wire requests / cache hits. */
static void count_fetches(const cs_action_record *rec, const char *url,
                          unsigned *wire, unsigned *hits)
{
	*wire = *hits = 0;
	for (size_t i = 0; i < rec->nfetches; i++)
		if (cs_url_eq(rec->fetches[i].url, url)) {
			*wire += rec->fetches[i].wire;
			*hits += rec->fetches[i].hits;
		}
}

static void id_list(char *buf, size_t cap, const unsigned *ids, size_t n)
{
	size_t l = 0;
	buf[0] = '\0';
	if (n == 0)
		snprintf(buf, cap, "none");
	for (size_t i = 0; i < n && l + 8 < cap; i++)
		l += (size_t)snprintf(buf + l, cap - l, "%s%u", i ? " " : "",
		                      ids[i]);
}

/* Is name one of the space-separated words of list? */
static bool word_in(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		size_t l = strcspn(p, " ");
		if (l == n && strncmp(p, name, n) == 0)
			return true;
		p += l;
		p += *p == ' ';
	}
	return false;
}

static bool check_files(const cs_expect *e, const cs_action_record *rec,
                        char *detail, size_t cap)
{
	if (rec->oom) {
		snprintf(detail, cap,
		         "out of memory while listing: cannot tell");
		return false;
	}
	size_t want = 0, got = 0;
	bool same = true;
	for (const char *p = e->s; *p;) {
		want++;
		p += strcspn(p, " ");
		p += *p == ' ';
	}
	char found[256] = "";
	size_t l = 0;
	for (size_t i = 0; i < rec->nfiles; i++) {
		if (rec->files[i].modified != e->t)
			continue;
		got++;
		same &= word_in(e->s, rec->files[i].name);
		if (l < sizeof found)
			l += (size_t)snprintf(found + l, sizeof found - l,
			                      "%s%s", l ? " " : "",
			                      rec->files[i].name);
	}
	if (same && got == want)
		return true;
	if (rec->nfiles == 0)
		snprintf(detail, cap, "no files listed");
	else
		snprintf(detail, cap, "listed with that time: %s",
		         got ? found : "none");
	return false;
}

bool cs_expect_check(const cs_expect *e, const cs_action_record *rec,
                     const cs_machine *m, char *detail, size_t cap)
{
	detail[0] = '\0';
	const cs_outcome *out = &rec->outcome;
	switch (e->kind) {
	case CS_EXPECT_OK:
	case CS_EXPECT_ERROR: {
		uint32_t want = e->kind == CS_EXPECT_OK ? 0 : e->u;
		if (!rec->valid || !out->has_hresult) {
			snprintf(detail, cap, "the action has no result");
			return false;
		}
		if (out->hresult == want)
			return true;
		if (out->hresult == 0)
			snprintf(detail, cap, "got ok");
		else
			snprintf(detail, cap, "got error=0x%08" PRIX32,
			         out->hresult);
		return false;
	}
	case CS_EXPECT_RESULT: {
		if (!rec->valid || !out->result[0]) {
			snprintf(detail, cap,
			         "the action reports no result words");
			return false;
		}
		size_t n = strlen(e->s);
		for (const char *p = out->result; *p;) {
			size_t l = strcspn(p, " ");
			if (l == n && strncmp(p, e->s, n) == 0)
				return true;
			p += l;
			p += *p == ' ';
		}
		snprintf(detail, cap, "got result %s", out->result);
		return false;
	}
	case CS_EXPECT_STATUS:
		if (!rec->valid || !out->has_status) {
			snprintf(detail, cap, "the action built no chain");
			return false;
		}
		if (out->status == e->u)
			return true;
		snprintf(detail, cap, "got status=0x%08" PRIx32, out->status);
		return false;
	case CS_EXPECT_EVENT: {
		long n = 0;
		for (size_t i = rec->ev_begin; i < rec->ev_end; i++) {
			const cs_event *ev = &m->w.events.events[i];
			if (ev->id == e->u &&
			    (!e->s || strcmp(ev->source, e->s) == 0))
				n++;
		}
		if (e->count < 0 ? n > 0 : n == e->count)
			return true;
		snprintf(detail, cap, "%ld such event%s logged", n,
		         n == 1 ? "" : "s");
		return false;
	}
	case CS_EXPECT_FETCH:
	case CS_EXPECT_NO_FETCH:
	case CS_EXPECT_CACHE_HIT: {
		if (rec->oom) {
			snprintf(detail, cap,
			         "out of memory while tallying: cannot tell");
			return false;
		}
		unsigned wire, hits;
		count_fetches(rec, e->s, &wire, &hits);
		if (e->kind == CS_EXPECT_FETCH && wire > 0)
			return true;
		if (e->kind == CS_EXPECT_NO_FETCH && wire == 0)
			return true;
		if (e->kind == CS_EXPECT_CACHE_HIT && hits > 0)
			return true;
		snprintf(detail, cap, "%u network request%s, %u cache hit%s",
		         wire, wire == 1 ? "" : "s", hits,
		         hits == 1 ? "" : "s");
		return false;
	}
	case CS_EXPECT_FILES_MODIFIED:
		return check_files(e, rec, detail, cap);
	case CS_EXPECT_EVENTS_SINCE: {
		unsigned got[64] = {0};
		size_t n = 0, total = 0;
		bool same = true;
		for (size_t i = 0; i < m->w.events.n; i++) {
			const cs_event *ev = &m->w.events.events[i];
			if (ev->t < e->t || ev->t > m->w.now ||
			    (e->log && strcmp(ev->log, e->log) != 0))
				continue;
			if (total >= e->nids || e->ids[total] != ev->id)
				same = false;
			if (n < 64)
				got[n++] = ev->id;
			total++;
		}
		if (same && total == e->nids)
			return true;
		char want_s[128], got_s[128];
		id_list(want_s, sizeof want_s, e->ids, e->nids);
		id_list(got_s, sizeof got_s, got, n);
		snprintf(detail, cap, "expected %s, logged %s%s", want_s, got_s,
		         total > n ? " ..." : "");
		return false;
	}
	}
	return false;
}

void cs_failures_write(const cs_run_result *res, FILE *out)
{
	for (size_t i = 0; i < res->nfailures; i++) {
		const cs_failure *f = &res->failures[i];
		const cs_origin *o = &f->step->at_src;
		char t[CS_TIME_BUF];
		fprintf(out,
		        "%s:%u:%u: expectation failed: expect %s: %s (at %s",
		        o->file, o->line, f->expect ? f->expect->col : 1,
		        f->expect ? f->expect->text : "?", f->detail,
		        cs_time_format(f->t, t));
		if (f->times > 1)
			fprintf(out, "; failed %lu times", f->times);
		fputs(")\n", out);
	}
}
