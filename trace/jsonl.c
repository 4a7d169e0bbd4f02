#include "trace/jsonl.h"

#include <inttypes.h>
#include "model/alloc.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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

#define FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII)

cs_status cs_obs_write_jsonl(const cs_obs *o, FILE *out)
{
	json_t *j = cs_obs_to_json(o);
	if (!j)
		return CS_JSON_FAILED();
	int rc = json_dumpf(j, out, FLAGS);
	json_decref(j);
	if (rc != 0 || fputc('\n', out) == EOF)
		return CS_ERR_IO;
	return CS_OK;
}

cs_status cs_trace_write_jsonl(const cs_trace *tr, FILE *out)
{
	for (size_t i = 0; i < tr->n; i++) {
		cs_status st = cs_obs_write_jsonl(&tr->obs[i], out);
		if (st != CS_OK)
			return st;
	}
	return ferror(out) ? CS_ERR_IO : CS_OK;
}

/* ---- templates: the line cut where the time goes ---- */

struct cs_jsonl_template {
	char *text; /* the line without the time values, '\n' included */
	size_t len;
	size_t *cuts; /* where a quoted time goes, ascending */
	size_t ncuts, capcuts;
};

typedef struct {
	cs_jsonl_template *tp;
	char *buf;
	size_t len, cap;
	bool oom;
} builder;

static void put(builder *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *nb = cs_realloc(b->buf, cap);
		if (!nb) {
			b->oom = true;
			return;
		}
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

/* The dump of one JSON value as json_dumpf writes it inside an object. */
static void put_json(builder *b, json_t *v)
{
	char *s = v ? json_dumps(v, FLAGS | JSON_ENCODE_ANY) : NULL;
	if (!s) {
		b->oom = true;
		return;
	}
	put(b, s, strlen(s));
	free(s);
}

static void cut(builder *b)
{
	cs_jsonl_template *tp = b->tp;
	if (b->oom)
		return;
	if (tp->ncuts == tp->capcuts) {
		size_t cap = tp->capcuts ? tp->capcuts * 2 : 4;
		size_t *n = cs_realloc(tp->cuts, cap * sizeof *n);
		if (!n) {
			b->oom = true;
			return;
		}
		tp->cuts = n;
		tp->capcuts = cap;
	}
	tp->cuts[tp->ncuts++] = b->len;
}

/* Is key of the object made from o (the last field of that name wins, as
 * json_object_set_new replaces a value in place) the observation's time? */
static bool is_time_slot(const cs_obs *o, const char *key)
{
	if (o->kind && strcmp(key, "t") == 0)
		return true;
	for (size_t i = o->nfields; i-- > 0;)
		if (strcmp(o->fields[i].key, key) == 0)
			return o->fields[i].type == CS_FIELD_TIME &&
			       o->fields[i].now;
	return false;
}

static const cs_field *last_field(const cs_obs *o, const char *key)
{
	for (size_t i = o->nfields; i-- > 0;)
		if (strcmp(o->fields[i].key, key) == 0)
			return &o->fields[i];
	return NULL;
}

/* j (made from o by cs_obs_to_json) written as json_dumpf writes it -
 * keys in order, compact - with the time values cut out. */
static void put_obs(builder *b, const cs_obs *o, json_t *j)
{
	put(b, "{", 1);
	const char *key;
	json_t *v;
	bool first = true;
	json_object_foreach(j, key, v)
	{
		if (!first)
			put(b, ",", 1);
		first = false;
		json_t *k = json_string(key);
		put_json(b, k);
		json_decref(k);
		put(b, ":", 1);
		const cs_field *f = o->kind && strcmp(key, "t") == 0
		                        ? NULL
		                        : last_field(o, key);
		if (is_time_slot(o, key)) {
			cut(b);
		} else if (f && f->type == CS_FIELD_LIST && json_is_array(v)) {
			put(b, "[", 1);
			for (size_t i = 0; i < json_array_size(v); i++) {
				if (i)
					put(b, ",", 1);
				put_obs(b, &f->v.list.items[i],
				        json_array_get(v, i));
			}
			put(b, "]", 1);
		} else {
			put_json(b, v);
		}
	}
	put(b, "}", 1);
}

cs_jsonl_template *cs_jsonl_template_new(const cs_obs *o)
{
	cs_jsonl_template *tp = cs_calloc(1, sizeof *tp);
	json_t *j = tp ? cs_obs_to_json(o) : NULL;
	builder b = {.tp = tp};
	if (j) {
		put_obs(&b, o, j);
		put(&b, "\n", 1);
	}
	json_decref(j);
	if (!j || b.oom) {
		free(b.buf);
		cs_jsonl_template_free(tp);
		return NULL;
	}
	tp->text = b.buf;
	tp->len = b.len;
	return tp;
}

void cs_jsonl_template_write(const cs_jsonl_template *tp, const char *iso,
                             cs_outbuf *out)
{
	char quoted[CS_TIME_BUF + 2];
	size_t ilen = strlen(iso);
	quoted[0] = '"';
	memcpy(quoted + 1, iso, ilen);
	quoted[ilen + 1] = '"';
	size_t at = 0;
	for (size_t i = 0; i < tp->ncuts; i++) {
		cs_outbuf_put(out, tp->text + at, tp->cuts[i] - at);
		cs_outbuf_put(out, quoted, ilen + 2);
		at = tp->cuts[i];
	}
	cs_outbuf_put(out, tp->text + at, tp->len - at);
}

void cs_jsonl_template_free(cs_jsonl_template *tp)
{
	if (!tp)
		return;
	free(tp->text);
	free(tp->cuts);
	free(tp);
}

static cs_status stream_write(void *ctx, const cs_obs *o)
{
	cs_jsonl_stream *js = ctx;
	cs_status st = cs_outbuf_flush(&js->out); /* keep the order */
	return st == CS_OK ? cs_obs_write_jsonl(o, js->out.out) : st;
}

static void *stream_render(void *ctx, const cs_obs *o)
{
	(void)ctx;
	return cs_jsonl_template_new(o);
}

static cs_status stream_replay(void *ctx, const void *r, cs_filetime t)
{
	cs_jsonl_stream *js = ctx;
	if (t != js->iso_t || !js->iso[0]) {
		cs_time_format(t, js->iso);
		js->iso_t = t;
	}
	cs_jsonl_template_write(r, js->iso, &js->out);
	return js->out.failed ? CS_ERR_IO : CS_OK;
}

static void stream_free(void *ctx, void *r)
{
	(void)ctx;
	cs_jsonl_template_free(r);
}

cs_status cs_jsonl_stream_finish(cs_jsonl_stream *js)
{
	return cs_outbuf_flush(&js->out);
}

void cs_jsonl_stream_init(cs_jsonl_stream *js, FILE *out)
{
	memset(js, 0, sizeof *js);
	cs_outbuf_init(&js->out, out);
	js->sink = (cs_trace_sink){stream_write, stream_render, stream_replay,
	                           stream_free, js};
}
