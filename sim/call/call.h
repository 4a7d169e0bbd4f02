/* One crypt32 / cryptnet call written out as words, the way `capisim call`,
 * the scenario command `call` and the revocation conformance suite spell
 * it (docs/calls.md):
 *
 *   FUNCTION KEY=VALUE...      e.g.  CertFindCRLInStore store=a.crl,b.crl
 *                                    type=issued-by para=root.cer flags=1
 *
 * Values: numbers (decimal or 0x hex), `null` for a NULL pointer or
 * handle, words where the function has named constants (dispositions,
 * find types, OIDs, encodings), times (ISO 8601 UTC or FILETIME ticks),
 * objects (a file, or a name the caller defines: `object NAME KIND PATH`
 * in a batch), lists joined by ','. A store is `null`, `empty`, a system
 * store (Root, CA, user:CA, ...: the machine's) or the memory store that
 * results from adding each [DISP:]OBJECT in turn (DISP defaults to
 * always). The same line is what the Windows probe
 * (compare/probe/probe_api.c) runs on real crypt32, so the model's answer
 * and Windows' (or Wine's) can be put side by side.
 *
 * Parsing loads every object (so a bad file is a parse error with the
 * word it came from); running builds the stores, plays the function on a
 * machine and returns what it returned: its value, the last error and the
 * out-parameters, as named fields. */
#ifndef CAPISIM_SIM_CALL_CALL_H
#define CAPISIM_SIM_CALL_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/diag.h"
#include "capisim/status.h"
#include "engine/machine.h"
#include "pki/cert.h"
#include "pki/pool.h"

typedef struct cs_call cs_call;

/* Where the words naming objects are read: load() gives the bytes of an
 * object word (a defined name, else a path), or fills d. */
typedef struct {
	cs_pool *pool;
	CS_MUST_USE cs_status (*load)(void *ctx, const char *word,
	                              cs_bytes *bytes, const char **name,
	                              cs_diag *d);
	void *ctx;
} cs_call_loader;

/* The functions a call may name, case-insensitively. */
const char *const *cs_call_functions(size_t *n);

/* Parse function and words. On bad input CS_ERR_SYNTAX with d saying what
 * was expected and *bad_word the index of the word at fault (n for the
 * function name or a missing word); CS_ERR_NOMEM. */
CS_MUST_USE cs_status cs_call_parse(const char *function,
                                    const char *const *words, size_t n,
                                    const cs_call_loader *ld, cs_call **out,
                                    size_t *bad_word, cs_diag *d);
void cs_call_free(cs_call *c);
const char *cs_call_function(const cs_call *c); /* as wincrypt.h spells it */

typedef enum {
	CS_CALL_FIELD_UINT,  /* a DWORD */
	CS_CALL_FIELD_INT,   /* a signed value (CertVerifyTimeValidity) */
	CS_CALL_FIELD_HEX,   /* a SHA-1 or a serial, lower-case hex */
	CS_CALL_FIELD_NULL,  /* a NULL pointer */
	CS_CALL_FIELD_LIST,  /* strings (URLs) */
	CS_CALL_FIELD_ERROR, /* an HRESULT or Win32 code */
} cs_call_field_kind;

#define CS_CALL_MAX_FIELDS 12
#define CS_CALL_MAX_LIST   16

typedef struct {
	const char *name; /* the probe's key: "index", "context", "urls" */
	cs_call_field_kind kind;
	int64_t value; /* UINT, INT, ERROR */
	char hex[65];  /* HEX */
	const char *list[CS_CALL_MAX_LIST];
	size_t nlist;
} cs_call_field;

typedef struct {
	const char *function;
	int64_t ret;         /* the BOOL or LONG; 1/0 for a pointer */
	bool ret_is_pointer; /* the function returns a context */
	bool no_ret;         /* an enumeration or a LONG: ret is no success
	                        flag (CertVerifyTimeValidity's -1/0/1) */
	bool ret_is_long;    /* a LONG, printed as a number */
	uint32_t last_error; /* GetLastError after the call */
	cs_call_field fields[CS_CALL_MAX_FIELDS];
	size_t nfields;
	char detail[192]; /* what the call did, for people ("" = nothing) */
} cs_call_result;

/* Play c on m as acct (observations carry the trace's origin). An error
 * status only when memory ran out. */
CS_MUST_USE cs_status cs_call_run(const cs_call *c, cs_machine *m,
                                  cs_account acct, cs_call_result *r);

/* A field of r by name, or NULL. */
const cs_call_field *cs_call_result_field(const cs_call_result *r,
                                          const char *name);

#endif
