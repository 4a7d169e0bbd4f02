#include "trace/jsonl.h"

#include <inttypes.h>
#include "model/alloc.h"
#include <jansson.h>
#include <stdlib.h>

static json_t *field_to_json(const cs_field *f)
{
	char buf[CS_TIME_BUF];
	switch (f->type) {
	case CS_FIELD_STR:
		return json_string(f->v.s);
	case CS_FIELD_INT:
		return json_integer((json_int_t)f->v.i);
	case CS_FIELD_HEX32:
		snprintf(buf, sizeof buf, "0x%08" PRIx32, (uint32_t)f->v.i);
		return json_string(buf);
	case CS_FIELD_HRESULT:
		snprintf(buf, sizeof buf, "0x%08" PRIX32, (uint32_t)f->v.i);
		return json_string(buf);
	case CS_FIELD_BOOL:
		return json_boolean(f->v.i);
	case CS_FIELD_TIME:
		return json_string(cs_time_format(f->v.i, buf));
	case CS_FIELD_LIST: {
		json_t *a = json_array();
		for (size_t i = 0; a && i < f->v.list.n; i++) {
			json_t *c = cs_obs_to_json(&f->v.list.items[i]);
			if (!c || json_array_append_new(a, c) != 0) {
				json_decref(a);
				return NULL;
			}
		}
		return a;
	}
	}
	return NULL;
}

static int set_str(json_t *o, const char *key, const char *val)
{
	return val ? json_object_set_new(o, key, json_string(val)) : 0;
}

/* A child of a list has kind == NULL: only its fields are written. */
void *cs_obs_to_json(const cs_obs *o)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	int err = 0;
	if (o->kind) {
		char buf[CS_TIME_BUF];
		err |= set_str(j, "t", cs_time_format(o->t, buf));
		if (o->line)
			err |= json_object_set_new(j, "step",
			                           json_integer(o->line));
		err |= set_str(j, "include", o->file);
		err |= set_str(j, "kind", o->kind);
		err |= set_str(j, "account", o->account);
		err |= set_str(j, "rule", o->rule);
		err |= set_str(j, "source", o->source);
	}
	for (size_t i = 0; i < o->nfields && !err; i++) {
		json_t *v = field_to_json(&o->fields[i]);
		err |= !v || json_object_set_new(j, o->fields[i].key, v) != 0;
	}
	if (err) {
		json_decref(j);
		return NULL;
	}
	return j;
}

cs_status cs_trace_write_jsonl(const cs_trace *tr, FILE *out)
{
	for (size_t i = 0; i < tr->n; i++) {
		json_t *j = cs_obs_to_json(&tr->obs[i]);
		if (!j)
			return CS_JSON_FAILED();
		int rc = json_dumpf(j, out, JSON_COMPACT | JSON_ENSURE_ASCII);
		json_decref(j);
		if (rc != 0 || fputc('\n', out) == EOF)
			return CS_ERR_IO;
	}
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
