/* Printing call results (see call_print.h). */
#include "api/call_print.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/alloc.h"
#include "model/hresult.h"
#include "trace/jsonl.h"

static const char *error_name(uint32_t e)
{
	const char *n = cs_last_error_name(e);
	return n ? n : e == 0 ? "S_OK" : NULL;
}

cs_status api_call_print_json(FILE *out, const char *id,
                              const cs_call_result *r)
{
	json_t *o = json_object();
	if (!o)
		return CS_JSON_FAILED();
	if (id)
		json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "function", json_string(r->function));
	json_object_set_new(o, "ret", json_integer(r->ret));
	json_object_set_new(o, "last_error", json_integer(r->last_error));
	if (!id && error_name(r->last_error))
		json_object_set_new(o, "last_error_name",
		                    json_string(error_name(r->last_error)));
	for (size_t i = 0; i < r->nfields; i++) {
		const cs_call_field *f = &r->fields[i];
		json_t *v = NULL;
		switch (f->kind) {
		case CS_CALL_FIELD_UINT:
		case CS_CALL_FIELD_INT:
		case CS_CALL_FIELD_ERROR:
			v = json_integer(f->value);
			break;
		case CS_CALL_FIELD_HEX:
			v = json_string(f->hex);
			break;
		case CS_CALL_FIELD_NULL:
			v = json_null();
			break;
		case CS_CALL_FIELD_LIST:
			v = json_array();
			for (size_t k = 0; v && k < f->nlist; k++)
				json_array_append_new(v,
				                      json_string(f->list[k]));
			break;
		}
		json_object_set_new(o, f->name, v);
	}
	if (!id && r->detail[0])
		json_object_set_new(o, "detail", json_string(r->detail));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return CS_JSON_FAILED();
	fprintf(out, "%s\n", s);
	free(s);
	return CS_OK;
}

/* How a field reads in the text: the C name the function's documentation
 * uses. */
static const char *label(const cs_call_result *r, const char *name)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
	    {"index", "status.dwIndex"},
	    {"error", "status.dwError"},
	    {"reason", "status.dwReason"},
	    {"flags", "*pdwFlags"},
	    {"context", "context (SHA-1)"},
	    {"size", "context->cbCrlEncoded"},
	    {"parent", "issuer (SHA-1)"},
	    {"entry", "entry (serial)"},
	    {"copy", "the store's own copy"},
	    {"object", "*ppvObject set"},
	    {"blobs", "cBlob"},
	    {"blob0", "rgBlob[0].cbData"},
	    {"certs", "certificates in the store"},
	    {"sync", "*pLastSyncTime set"},
	    {"count", "found"},
	    {"revoked", "listing the certificate"},
	};
	(void)r;
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(labels[i].name, name))
			return labels[i].label;
	return name;
}

static void print_error(FILE *out, uint32_t e)
{
	const char *n = error_name(e), *t = cs_last_error_text(e);
	fprintf(out, "0x%08X", e);
	if (n)
		fprintf(out, " %s", n);
	if (t)
		fprintf(out, " (%s)", t);
	fputc('\n', out);
}

void api_call_print_text(FILE *out, const cs_call_result *r)
{
	if (r->ret_is_long)
		fprintf(out, "%s -> %lld\n", r->function, (long long)r->ret);
	else if (r->no_ret)
		fprintf(out, "%s (enumerated)\n", r->function);
	else if (r->ret_is_pointer)
		fprintf(out, "%s -> %s\n", r->function,
		        r->ret ? "a context" : "NULL");
	else
		fprintf(out, "%s -> %s\n", r->function,
		        r->ret ? "TRUE" : "FALSE");
	if (!r->ret && !r->no_ret) {
		fprintf(out, "  %-28s ", "GetLastError()");
		print_error(out, r->last_error);
	}
	for (size_t i = 0; i < r->nfields; i++) {
		const cs_call_field *f = &r->fields[i];
		fprintf(out, "  %-28s ", label(r, f->name));
		switch (f->kind) {
		case CS_CALL_FIELD_UINT:
		case CS_CALL_FIELD_INT:
			fprintf(out, "%lld (0x%llx)\n", (long long)f->value,
			        (unsigned long long)f->value);
			break;
		case CS_CALL_FIELD_ERROR:
			print_error(out, (uint32_t)f->value);
			break;
		case CS_CALL_FIELD_HEX:
			fprintf(out, "%s\n", f->hex);
			break;
		case CS_CALL_FIELD_NULL:
			fputs("NULL\n", out);
			break;
		case CS_CALL_FIELD_LIST:
			for (size_t k = 0; k < f->nlist; k++)
				fprintf(out, "%s%s", k ? "\n  " : "",
				        f->list[k]);
			fputc('\n', out);
			break;
		}
	}
	if (r->detail[0])
		fprintf(out, "  %-28s %s\n", "store", r->detail);
}

cs_status api_call_load(void *ctx, const char *word, cs_bytes *bytes,
                        const char **name, cs_diag *d)
{
	api_call_objects *o = ctx;
	const char *path = word;
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->names[i], word))
			path = o->paths[i];
	cs_diag e;
	memset(&e, 0, sizeof e);
	cs_status st = cs_pool_file(o->pool, path, bytes, NULL, &e);
	*name = word;
	/* The message of a defined name says which file it stands for. */
	if (st != CS_OK && path != word)
		cs_diag_set(d, path, 0, 0, "%s: %s", path, e.msg);
	else if (st != CS_OK)
		*d = e;
	return st;
}

void api_call_objects_free(api_call_objects *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->names[i]);
		free(o->paths[i]);
	}
	o->n = 0;
}
