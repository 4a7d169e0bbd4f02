#include "model/trace.h"

#include <stdlib.h>
#include "model/alloc.h"
#include <string.h>

static void obs_free(cs_obs *o);

void cs_obs_clear(cs_obs *o)
{
	obs_free(o);
	memset(o, 0, sizeof *o);
}

static void obs_free(cs_obs *o)
{
	for (size_t i = 0; i < o->nfields; i++) {
		cs_field *f = &o->fields[i];
		if (f->type == CS_FIELD_STR)
			free(f->v.s);
		else if (f->type == CS_FIELD_LIST) {
			for (size_t k = 0; k < f->v.list.n; k++)
				obs_free(&f->v.list.items[k]);
			free(f->v.list.items);
		}
	}
	free(o->fields);
}

void cs_trace_init(cs_trace *tr, bool enabled)
{
	memset(tr, 0, sizeof *tr);
	tr->enabled = enabled;
}

void cs_trace_free(cs_trace *tr)
{
	for (size_t i = 0; i < tr->n; i++)
		obs_free(&tr->obs[i]);
	free(tr->obs);
	for (size_t i = 0; i < tr->nfiles; i++)
		free(tr->files[i]);
	free(tr->files);
	memset(tr, 0, sizeof *tr);
}

void cs_trace_stream(cs_trace *tr, const cs_trace_sink *sink)
{
	tr->sink = sink;
	tr->sink_status = CS_OK;
}

cs_status cs_trace_flush(cs_trace *tr)
{
	if (!tr->sink)
		return CS_OK;
	for (size_t i = 0; i < tr->n; i++) {
		if (tr->sink_status == CS_OK)
			tr->sink_status =
			    tr->sink->write(tr->sink->ctx, &tr->obs[i]);
		obs_free(&tr->obs[i]);
	}
	tr->n = 0;
	return tr->sink_status;
}

void *cs_trace_render(cs_trace *tr, const cs_obs *o)
{
	if (!tr->sink || !tr->sink->render)
		return NULL;
	return tr->sink->render(tr->sink->ctx, o);
}

void cs_trace_free_rendered(cs_trace *tr, void *rendered)
{
	if (rendered && tr->sink && tr->sink->free_rendered)
		tr->sink->free_rendered(tr->sink->ctx, rendered);
}

cs_status cs_trace_replay(cs_trace *tr, const void *rendered, cs_filetime t)
{
	cs_status st = cs_trace_flush(tr); /* what came before goes first */
	if (st == CS_OK)
		st = tr->sink->replay(tr->sink->ctx, rendered, t);
	if (st != CS_OK && tr->sink_status == CS_OK)
		tr->sink_status = st;
	tr->total++;
	return st;
}

void cs_trace_set_origin(cs_trace *tr, unsigned line, const char *file)
{
	tr->line = line;
	tr->file = NULL;
	if (!line || !file || !tr->enabled)
		return;
	for (size_t i = 0; i < tr->nfiles; i++)
		if (strcmp(tr->files[i], file) == 0) {
			tr->file = tr->files[i];
			return;
		}
	char **n = cs_realloc(tr->files, (tr->nfiles + 1) * sizeof *n);
	char *copy = cs_strdup(file);
	if (n)
		tr->files = n;
	if (!n || !copy) {
		free(copy);
		tr->oom = true;
		return;
	}
	tr->files[tr->nfiles++] = copy;
	tr->file = copy;
}

bool cs_trace_failed(const cs_trace *tr)
{
	/* Observations gain fields after later ones began (a chain's cache
	 * record is completed after the build): ask every one. */
	for (size_t i = 0; i < tr->n && !tr->oom; i++)
		if (tr->obs[i].failed)
			return true;
	return tr->oom;
}

cs_obs *cs_trace_begin(cs_trace *tr, cs_filetime t, const char *kind,
                       const char *account)
{
	if (!tr || !tr->enabled)
		return NULL;
	if (tr->n == tr->cap) {
		size_t cap = tr->cap ? tr->cap * 2 : 64;
		cs_obs *n = cs_realloc(tr->obs, cap * sizeof *n);
		if (!n) {
			tr->oom = true;
			return NULL;
		}
		tr->obs = n;
		tr->cap = cap;
	}
	cs_obs *o = &tr->obs[tr->n++];
	tr->total++;
	memset(o, 0, sizeof *o);
	o->t = t;
	o->line = tr->line;
	o->file = tr->line ? tr->file : NULL;
	o->kind = kind;
	o->account = account;
	return o;
}

void cs_obs_rule(cs_obs *o, cs_rule_id rule)
{
	if (!o || (unsigned)rule >= CS_RULE_COUNT)
		return;
	o->rule = cs_rules[rule].id;
	o->source = cs_rules[rule].source;
}

/* o lost a field: it and the observations it is a child of are partial. */
static void obs_fail(cs_obs *o)
{
	for (; o; o = o->parent)
		o->failed = true;
}

static cs_field *add_field(cs_obs *o, const char *key, cs_field_type type)
{
	if (!o)
		return NULL;
	if (o->nfields == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 8;
		cs_field *n = cs_realloc(o->fields, cap * sizeof *n);
		if (!n) {
			obs_fail(o);
			return NULL;
		}
		o->fields = n;
		o->cap = cap;
	}
	cs_field *f = &o->fields[o->nfields++];
	memset(f, 0, sizeof *f);
	f->key = key;
	f->type = type;
	return f;
}

void cs_obs_str(cs_obs *o, const char *key, const char *val)
{
	if (!o)
		return; /* the trace is off: nothing to copy */
	char *copy = cs_strdup(val ? val : "");
	if (!copy) {
		obs_fail(o);
		return;
	}
	cs_field *f = add_field(o, key, CS_FIELD_STR);
	if (!f) {
		free(copy);
		return;
	}
	f->v.s = copy;
}

static void add_int(cs_obs *o, const char *key, cs_field_type type, int64_t v)
{
	cs_field *f = add_field(o, key, type);
	if (f)
		f->v.i = v;
}

void cs_obs_int(cs_obs *o, const char *key, int64_t v)
{
	add_int(o, key, CS_FIELD_INT, v);
}
void cs_obs_hex32(cs_obs *o, const char *key, uint32_t v)
{
	add_int(o, key, CS_FIELD_HEX32, v);
}
void cs_obs_hresult(cs_obs *o, const char *key, uint32_t v)
{
	add_int(o, key, CS_FIELD_HRESULT, v);
}
void cs_obs_bool(cs_obs *o, const char *key, bool v)
{
	add_int(o, key, CS_FIELD_BOOL, v);
}
void cs_obs_time(cs_obs *o, const char *key, cs_filetime t)
{
	add_int(o, key, CS_FIELD_TIME, t);
}
void cs_obs_now(cs_obs *o, const char *key)
{
	cs_field *f = add_field(o, key, CS_FIELD_TIME);
	if (f) {
		f->v.i = o->t;
		f->now = true;
	}
}

/* The fields of src into dst (empty), now fields moved by delta. */
static cs_status copy_fields(cs_obs *dst, const cs_obs *src, int64_t delta)
{
	if (!src->nfields)
		return CS_OK;
	dst->fields = cs_calloc(src->nfields, sizeof *dst->fields);
	CS_GUARD_ALLOC(dst->fields);
	dst->cap = src->nfields;
	for (size_t i = 0; i < src->nfields; i++) {
		const cs_field *f = &src->fields[i];
		cs_field *g = &dst->fields[dst->nfields++];
		*g = *f;
		if (f->type == CS_FIELD_STR) {
			if (!(g->v.s = cs_strdup(f->v.s))) {
				g->type = CS_FIELD_INT;
				return cs_alloc_failed();
			}
		} else if (f->type == CS_FIELD_TIME && f->now) {
			g->v.i = f->v.i + delta;
		} else if (f->type == CS_FIELD_LIST) {
			g->v.list.items = NULL;
			g->v.list.n = g->v.list.cap = 0;
			if (!f->v.list.n)
				continue;
			g->v.list.items =
			    cs_calloc(f->v.list.n, sizeof *g->v.list.items);
			CS_GUARD_ALLOC(g->v.list.items);
			g->v.list.cap = f->v.list.n;
			for (size_t k = 0; k < f->v.list.n; k++) {
				cs_status st =
				    cs_obs_copy(&g->v.list.items[k],
				                &f->v.list.items[k], delta);
				g->v.list.n = k + 1;
				if (st != CS_OK)
					return st;
			}
		}
	}
	return CS_OK;
}

cs_status cs_obs_copy(cs_obs *dst, const cs_obs *src, int64_t delta)
{
	*dst = *src;
	dst->t = src->t + delta;
	dst->fields = NULL;
	dst->nfields = dst->cap = 0;
	cs_status st = copy_fields(dst, src, delta);
	if (st != CS_OK)
		cs_obs_clear(dst);
	return st;
}

cs_status cs_trace_append(cs_trace *tr, const cs_obs *src, int64_t delta)
{
	unsigned line = tr->line;
	const char *file = tr->file;
	tr->line = src->line;
	tr->file = src->file;
	cs_obs *o = cs_trace_begin(tr, src->t + delta, src->kind, src->account);
	tr->line = line;
	tr->file = file;
	if (!o)
		return tr->enabled ? cs_alloc_failed() : CS_OK;
	o->rule = src->rule;
	o->source = src->source;
	cs_status st = copy_fields(o, src, delta);
	if (st != CS_OK)
		o->failed = true;
	return st;
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool cs_obs_same(const cs_obs *a, const cs_obs *b, int64_t delta)
{
	if (a->t != b->t + delta || a->line != b->line ||
	    !str_same(a->file, b->file) || !str_same(a->kind, b->kind) ||
	    !str_same(a->account, b->account) || !str_same(a->rule, b->rule) ||
	    !str_same(a->source, b->source) || a->nfields != b->nfields ||
	    a->failed || b->failed)
		return false;
	for (size_t i = 0; i < a->nfields; i++) {
		const cs_field *f = &a->fields[i], *g = &b->fields[i];
		if (strcmp(f->key, g->key) != 0 || f->type != g->type ||
		    f->now != g->now)
			return false;
		switch (f->type) {
		case CS_FIELD_STR:
			if (strcmp(f->v.s, g->v.s) != 0)
				return false;
			break;
		case CS_FIELD_LIST:
			if (f->v.list.n != g->v.list.n)
				return false;
			for (size_t k = 0; k < f->v.list.n; k++)
				if (!cs_obs_same(&f->v.list.items[k],
				                 &g->v.list.items[k], delta))
					return false;
			break;
		case CS_FIELD_TIME:
			if (f->v.i != g->v.i + (f->now ? delta : 0))
				return false;
			break;
		default:
			if (f->v.i != g->v.i)
				return false;
		}
	}
	return true;
}

const cs_field *cs_obs_field(const cs_obs *o, const char *key)
{
	for (size_t i = 0; o && i < o->nfields; i++)
		if (strcmp(o->fields[i].key, key) == 0)
			return &o->fields[i];
	return NULL;
}

const char *cs_obs_get_str(const cs_obs *o, const char *key)
{
	const cs_field *f = cs_obs_field(o, key);
	return f && f->type == CS_FIELD_STR ? f->v.s : NULL;
}

bool cs_obs_get_int(const cs_obs *o, const char *key, int64_t *v)
{
	const cs_field *f = cs_obs_field(o, key);
	if (!f || f->type == CS_FIELD_STR || f->type == CS_FIELD_LIST)
		return false;
	*v = f->v.i;
	return true;
}

cs_obs *cs_obs_list_add(cs_obs *o, const char *key)
{
	if (!o)
		return NULL;
	cs_field *f = (cs_field *)cs_obs_field(o, key);
	if (!f || f->type != CS_FIELD_LIST)
		f = add_field(o, key, CS_FIELD_LIST);
	if (!f)
		return NULL;
	if (f->v.list.n == f->v.list.cap) {
		size_t cap = f->v.list.cap ? f->v.list.cap * 2 : 4;
		cs_obs *n = cs_realloc(f->v.list.items, cap * sizeof *n);
		if (!n) {
			obs_fail(o);
			return NULL;
		}
		f->v.list.items = n;
		f->v.list.cap = cap;
	}
	cs_obs *c = &f->v.list.items[f->v.list.n++];
	memset(c, 0, sizeof *c);
	c->t = o->t;
	c->parent = o;
	return c;
}
