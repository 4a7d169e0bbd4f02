/* The boundary between the layers and the calls outside the allocator
 * (model/alloc.h) that fail only for want of memory: open_memstream, and
 * fclose of a memory stream (what it holds grows with malloc), and
 * libxml2's xmlEncodeSpecialChars. A failed one is named CS_ERR_NOMEM
 * here, with the file and line of the call, as a failed jansson call is
 * (CS_JSON_FAILED, trace/jsonl.h): with the allocator, the only places
 * where that status is born (test 'status-lint'). An OpenSSL call is not
 * one of them: it can fail on what it was given too, so a failed one
 * gives CS_ERR_CRYPTO (CS_OSSL_FAILED, pki/ossl.h). */
#ifndef CAPISIM_TRACE_NOMEM_H
#define CAPISIM_TRACE_NOMEM_H

#include "capisim/status.h"
#include "model/error.h"

#define CS_LIB_NOMEM() cs_error_set_at(CS_ERR_NOMEM, __FILE__, __LINE__)

/* The out-of-memory a NULL stands for, recorded where it happened - by the
 * allocator or at a boundary (this one, trace/jsonl.h) - for a caller that
 * learns of it later (a helper that returns NULL, a flag noted while
 * writing). CS_ERR_INTERNAL when the thread's last recorded failure is not
 * one (a caller bug: it claims one happened). */
static inline cs_status cs_nomem_recorded(void)
{
	cs_status st = cs_error_last().st;
	return st == CS_ERR_NOMEM ? st : CS_ERR_INTERNAL;
}

#endif
