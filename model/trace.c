#include "model/trace.h"

#include <stdlib.h>
#include "model/alloc.h"
#include <string.h>

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
	memset(o, 0, sizeof *o);
	o->t = t;
	o->line = tr->line;
	o->file = tr->line ? tr->file : NULL;
	o->kind = kind;
	o->account = account;
	return o;
}

void cs_obs_rule(cs_obs *o, const char *rule, const char *source)
{
	if (!o)
		return;
	o->rule = rule;
	o->source = source;
}

static cs_field *add_field(cs_obs *o, const char *key, cs_field_type type)
{
	if (!o)
		return NULL;
	if (o->nfields == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 8;
		cs_field *n = cs_realloc(o->fields, cap * sizeof *n);
		if (!n) {
			o->failed = true;
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
	char *copy = cs_strdup(val ? val : "");
	if (!copy) {
		if (o)
			o->failed = true;
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
			o->failed = true;
			return NULL;
		}
		f->v.list.items = n;
		f->v.list.cap = cap;
	}
	cs_obs *c = &f->v.list.items[f->v.list.n++];
	memset(c, 0, sizeof *c);
	c->t = o->t;
	return c;
}
