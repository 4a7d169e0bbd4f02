/* Cabinet (.cab) extraction from memory, with libgcab.
 *
 * authrootstl.cab and disallowedcertstl.cab are plain unsigned cabinets with
 * one member each (authroot.stl, disallowedcert.stl; RULES.md 6). The engine
 * receives them as bytes from the virtual network or a URL cache and never
 * touches the disk: libgcab decompresses into memory. */
#ifndef CAPISIM_ENGINE_AUTOUPDATE_CAB_H
#define CAPISIM_ENGINE_AUTOUPDATE_CAB_H

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

/* Extract member `name` (compared case-insensitively, as Windows file names
 * are) from the cabinet in cab. On success *out is a malloc'ed copy the
 * caller frees with free(out->data). On failure CS_ERR_FORMAT (bad cabinet),
 * CS_ERR_NOT_FOUND (no such member) or CS_ERR_LIMIT, *why says what was
 * wrong (static or in why_buf) and *err the class. */
CS_MUST_USE cs_status cs_cab_extract(cs_bytes cab, const char *name,
                                     cs_bytes *out, cs_cab_error *err,
                                     char *why_buf, size_t why_len);

#endif
