#include "pki/cab.h"

#include <libgcab.h>
#include "model/alloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static cs_status fail(cs_cab_error *err, cs_cab_error e, char *why, size_t len,
                      const char *msg, const char *detail)
{
	*err = e;
	snprintf(why, len, "%s%s%s", msg, detail ? ": " : "",
	         detail ? detail : "");
	return e == CS_CAB_MEMBER_MISSING ? CS_ERR_NOT_FOUND
	       : e == CS_CAB_TOO_BIG      ? CS_ERR_LIMIT
	                                  : CS_ERR_FORMAT;
}

/* The member called name, or NULL. Borrowed from cabinet. */
static GCabFile *find_member(GCabCabinet *cabinet, const char *name)
{
	GPtrArray *folders = gcab_cabinet_get_folders(cabinet);
	for (guint i = 0; folders && i < folders->len; i++) {
		GSList *files =
		    gcab_folder_get_files(g_ptr_array_index(folders, i));
		GCabFile *hit = NULL;
		for (GSList *f = files; f && !hit; f = f->next)
			if (strcasecmp(gcab_file_get_name(f->data), name) == 0)
				hit = f->data;
		g_slist_free(files);
		if (hit)
			return hit;
	}
	return NULL;
}

cs_status cs_cab_load(cs_bytes cab, GCabCabinet **out, cs_cab_error *err,
                      char *why, size_t why_len, size_t *at)
{
	*out = NULL;
	*err = CS_CAB_OK;
	*at = SIZE_MAX;
	/* "MSCF": the cabinet signature; checked first so that a body that is
	 * not a cabinet at all (an HTML error page) says so plainly. */
	if (cab.len < 4 || memcmp(cab.data, "MSCF", 4) != 0) {
		*at = 0;
		return fail(err, CS_CAB_BAD_FORMAT, why, why_len,
		            "not a cabinet (no MSCF signature at byte 0)",
		            NULL);
	}
	cs_status st = CS_OK;
	GError *gerr = NULL;
	GCabCabinet *cabinet = gcab_cabinet_new();
	GInputStream *in = g_memory_input_stream_new_from_data(
	    cab.data, (gssize)cab.len, NULL);
	if (!gcab_cabinet_load(cabinet, in, NULL, &gerr)) {
		st = fail(err, CS_CAB_BAD_FORMAT, why, why_len,
		          "corrupt cabinet", gerr ? gerr->message : NULL);
		goto done;
	}
	/* The headers are read; the data blocks are not until extraction. A
	 * cabinet shorter than its header's cbCabinet is cut short. */
	guint32 declared = gcab_cabinet_get_size(cabinet);
	if (declared > cab.len) {
		char msg[160];
		snprintf(msg, sizeof msg,
		         "truncated cabinet: its header declares %u bytes, %zu "
		         "present",
		         (unsigned)declared, cab.len);
		*at = cab.len;
		st = fail(err, CS_CAB_BAD_FORMAT, why, why_len, msg, NULL);
		goto done;
	}
	uint64_t total = 0;
	GPtrArray *folders = gcab_cabinet_get_folders(cabinet);
	for (guint i = 0; folders && i < folders->len && st == CS_OK; i++) {
		GSList *files =
		    gcab_folder_get_files(g_ptr_array_index(folders, i));
		for (GSList *f = files; f && st == CS_OK; f = f->next) {
			guint32 size = gcab_file_get_size(f->data);
			total += size;
			if (size > CS_CAB_MEMBER_MAX)
				st = fail(err, CS_CAB_TOO_BIG, why, why_len,
				          "cabinet member larger than 16 MiB",
				          gcab_file_get_name(f->data));
			else if (total > CS_CAB_MEMBER_MAX)
				st = fail(err, CS_CAB_TOO_BIG, why, why_len,
				          "cabinet members larger than 16 MiB "
				          "together",
				          NULL);
		}
		g_slist_free(files);
	}
	if (st != CS_OK)
		goto done;
	/* A NULL path decompresses every member into memory (GBytes on each
	 * GCabFile) instead of writing files. */
	if (!gcab_cabinet_extract(cabinet, NULL, NULL, NULL, NULL, NULL,
	                          &gerr)) {
		st = fail(err, CS_CAB_BAD_FORMAT, why, why_len,
		          "corrupt cabinet data", gerr ? gerr->message : NULL);
		goto done;
	}
	*out = cabinet;
	cabinet = NULL;
done:
	if (gerr)
		g_error_free(gerr);
	g_object_unref(in);
	if (cabinet)
		g_object_unref(cabinet);
	return st;
}

cs_status cs_cab_extract(cs_bytes cab, const char *name, cs_bytes *out,
                         cs_cab_error *err, char *why, size_t why_len)
{
	out->data = NULL;
	out->len = 0;
	GCabCabinet *cabinet;
	size_t at;
	cs_status st = cs_cab_load(cab, &cabinet, err, why, why_len, &at);
	if (st != CS_OK)
		return st;
	GCabFile *member = find_member(cabinet, name);
	if (!member) {
		char msg[160];
		snprintf(msg, sizeof msg, "the cabinet has no member '%s'",
		         name);
		st = fail(err, CS_CAB_MEMBER_MISSING, why, why_len, msg, NULL);
		goto done;
	}
	GBytes *bytes = gcab_file_get_bytes(member);
	gsize len = 0;
	const void *data = bytes ? g_bytes_get_data(bytes, &len) : NULL;
	if (!data && len == 0 && gcab_file_get_size(member) != 0) {
		st = fail(err, CS_CAB_BAD_FORMAT, why, why_len,
		          "cabinet member could not be decompressed", name);
		goto done;
	}
	uint8_t *copy = cs_malloc(len ? len : 1);
	if (!copy) {
		st = cs_alloc_failed();
		goto done;
	}
	if (len)
		memcpy(copy, data, len);
	out->data = copy;
	out->len = len;
done:
	g_object_unref(cabinet);
	return st;
}

cs_status cs_cab_list(cs_bytes cab, unsigned *nfolders, const cs_cab_visitor *v,
                      cs_cab_error *err, char *why, size_t why_len, size_t *at)
{
	GCabCabinet *cabinet;
	cs_status st = cs_cab_load(cab, &cabinet, err, why, why_len, at);
	if (st != CS_OK)
		return st;
	GPtrArray *folders = gcab_cabinet_get_folders(cabinet);
	*nfolders = folders->len;
	for (guint i = 0; i < folders->len; i++) {
		GCabFolder *fo = g_ptr_array_index(folders, i);
		GSList *files = gcab_folder_get_files(fo);
		cs_cab_folder_info fi = {i + 1, gcab_folder_get_comptype(fo),
		                         g_slist_length(files)};
		v->folder(&fi, v->ctx);
		for (GSList *l = files; l; l = l->next) {
			cs_cab_member_info m = {
			    .name = gcab_file_get_name(l->data),
			    .size = gcab_file_get_size(l->data),
			    .attributes = gcab_file_get_attributes(l->data),
			};
			GDateTime *dt = gcab_file_get_date_time(l->data);
			if (dt) {
				gchar *w =
				    g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S");
				snprintf(m.when, sizeof m.when, "%s",
				         w ? w : "");
				g_free(w);
				g_date_time_unref(dt);
			}
			v->member(&m, v->ctx);
		}
		g_slist_free(files);
	}
	g_object_unref(cabinet);
	return CS_OK;
}
