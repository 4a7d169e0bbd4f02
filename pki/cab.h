/* Cabinet (.cab) extraction from memory, with libgcab.
 *
 * authrootstl.cab and disallowedcertstl.cab are plain unsigned cabinets with
 * one member each (authroot.stl, disallowedcert.stl; RULES.md 6). The engine
 * receives them as bytes from the virtual network or a URL cache and never
 * touches the disk: libgcab decompresses into memory. */
#ifndef CAPISIM_PKI_CAB_H
#define CAPISIM_PKI_CAB_H

#include <stddef.h>
#include <stdint.h>

#include "capisim/status.h"
#include "model/bytes.h"

/* Why an extraction failed, for traces and the event's HRESULT. */
typedef enum {
	CS_CAB_OK,
	CS_CAB_BAD_FORMAT,     /* not a cabinet, or a corrupt one */
	CS_CAB_MEMBER_MISSING, /* the cabinet has no member of that name */
	CS_CAB_TOO_BIG,        /* member over CS_CAB_MEMBER_MAX */
} cs_cab_error;

/* Largest member extracted: the real authroot.stl is a few hundred KB; this
 * bounds memory on a hostile cabinet (decompression bombs). */
#define CS_CAB_MEMBER_MAX (16u << 20)

/* Load the cabinet and decompress every member into memory (libgcab), the
 * one way a cabinet is read: a cabinet cut short fails here even when its
 * headers (all gcab_cabinet_load reads) are whole. On success *out is the
 * cabinet (GCabCabinet; g_object_unref it) whose files hold their bytes
 * (gcab_file_get_bytes). On failure the classes of cs_cab_extract, *why the
 * reason, and *at the byte offset where the data runs out when the cabinet
 * is shorter than the size its header declares (cbCabinet, MS-CAB 2.1),
 * else SIZE_MAX. Members over CS_CAB_MEMBER_MAX, alone or together, are
 * refused before decompressing. */
struct _GCabCabinet;
CS_MUST_USE cs_status cs_cab_load(cs_bytes cab, struct _GCabCabinet **out,
                                  cs_cab_error *err, char *why_buf,
                                  size_t why_len, size_t *at);

/* Extract member `name` (compared case-insensitively, as Windows file names
 * are) from the cabinet in cab. On success *out is a malloc'ed copy the
 * caller frees with free(out->data). On failure CS_ERR_FORMAT (bad cabinet),
 * CS_ERR_NOT_FOUND (no such member) or CS_ERR_LIMIT, *why says what was
 * wrong (static or in why_buf) and *err the class. */
CS_MUST_USE cs_status cs_cab_extract(cs_bytes cab, const char *name,
                                     cs_bytes *out, cs_cab_error *err,
                                     char *why_buf, size_t why_len);

/* A cabinet as a listing shows it: each folder (1-based index, its
 * compression type MS-CAB typeCompress, its member count), then each of its
 * members: name, uncompressed size, the date and time stored with it
 * ("YYYY-MM-DDTHH:MM:SS", cabinet-local time as stored; "" when absent) and
 * the attribute bits. */
typedef struct {
	unsigned index;
	int comptype;
	unsigned nfiles;
} cs_cab_folder_info;

typedef struct {
	const char *name;
	uint32_t size;
	char when[20];
	uint32_t attributes;
} cs_cab_member_info;

typedef struct {
	void (*folder)(const cs_cab_folder_info *f, void *ctx);
	void (*member)(const cs_cab_member_info *m, void *ctx);
	void *ctx;
} cs_cab_visitor;

/* Load the cabinet as cs_cab_load does (same failures, *at likewise) and
 * visit every folder and member in order; *nfolders is the folder count. */
CS_MUST_USE cs_status cs_cab_list(cs_bytes cab, unsigned *nfolders,
                                  const cs_cab_visitor *v, cs_cab_error *err,
                                  char *why_buf, size_t why_len, size_t *at);

#endif
