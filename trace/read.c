#include "trace/read.h"
#include "trace/jsonl.h"

#include <jansson.h>
#include "model/alloc.h"
#include <stdlib.h>
#include <string.h>

static cs_status read_lines(const char *buf, size_t len, const char *name,
                            void **out, cs_diag *d)
{
	json_t *arr = json_array();
	if (!arr) {
		cs_diag_set(d, name, 0, 0, "out of memory");
		return CS_JSON_FAILED();
	}
	size_t pos = 0;
	unsigned line = 0;
	while (pos < len) {
		const char *start = buf + pos;
		const char *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;
		pos += n + (nl ? 1 : 0);
		line++;
		size_t k = 0;
		while (k < n && (start[k] == ' ' || start[k] == '\t' ||
		                 start[k] == '\r'))
			k++;
		if (k == n)
			continue;
		json_error_t err;
		json_t *o = json_loadb(start, n, JSON_REJECT_DUPLICATES, &err);
		if (!o || !json_is_object(o)) {
			cs_diag_set(
			    d, name, line,
			    o ? 1 : (unsigned)(err.column > 0 ? err.column : 1),
			    "%s", o ? "expected a JSON object" : err.text);
			cs_diag_source(d, start, n);
			json_decref(o);
			json_decref(arr);
			return CS_ERR_FORMAT;
		}
		if (json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			cs_diag_set(d, name, 0, 0, "out of memory");
			return CS_JSON_FAILED();
		}
	}
	*out = arr;
	return CS_OK;
}

cs_status cs_trace_read_jsonl_buf(const char *buf, size_t len, const char *name,
                                  void **out, cs_diag *d)
{
	return read_lines(buf, len, name, out, d);
}

cs_status cs_trace_read_jsonl(FILE *in, const char *name, void **out,
                              cs_diag *d)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = cs_malloc(cap);
	if (!buf) {
		cs_diag_set(d, name, 0, 0, "out of memory");
		return cs_alloc_failed();
	}
	for (;;) {
		if (len == cap) {
			char *nb = cs_realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				cs_diag_set(d, name, 0, 0, "out of memory");
				return cs_alloc_failed();
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + len, 1, cap - len, in);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(in)) {
		free(buf);
		cs_diag_set(d, name, 0, 0, "read error");
		return CS_ERR_IO;
	}
	cs_status st = read_lines(buf, len, name, out, d);
	free(buf);
	return st;
}

static void brief(const json_t *v, char *buf, size_t cap)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	snprintf(buf, cap, "%s", s ? s : "(absent)");
	if (strlen(buf) == cap - 1 && cap > 4)
		memcpy(buf + cap - 4, "...", 4);
	free(s);
}

size_t cs_trace_first_difference(const void *expected, const void *actual,
                                 char *why, size_t cap)
{
	const json_t *a = expected, *b = actual;
	size_t na = json_array_size(a), nb = json_array_size(b);
	for (size_t i = 0; i < na || i < nb; i++) {
		const json_t *x = json_array_get(a, i);
		const json_t *y = json_array_get(b, i);
		if (!x || !y) {
			snprintf(why, cap, "%s has %zu observations, %s %zu",
			         "golden", na, "run", nb);
			return i + 1;
		}
		if (json_equal((json_t *)x, (json_t *)y))
			continue;
		/* name the first key that differs, in the golden's order */
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)x, key, v)
		{
			json_t *w = json_object_get(y, key);
			if (!w || !json_equal(v, w)) {
				char e[120], g[120];
				brief(v, e, sizeof e);
				brief(w, g, sizeof g);
				snprintf(why, cap, "\"%s\": golden %s, run %s",
				         key, e, g);
				return i + 1;
			}
		}
		json_object_foreach((json_t *)y, key, v)
		{
			if (!json_object_get(x, key)) {
				char g[120];
				brief(v, g, sizeof g);
				snprintf(why, cap, "\"%s\": only in run (%s)",
				         key, g);
				return i + 1;
			}
		}
		snprintf(why, cap, "observations differ");
		return i + 1;
	}
	why[0] = '\0';
	return 0;
}
