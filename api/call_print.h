/* Printing a call's result (sim/call/call.h): readable text, or one JSON
 * object with the keys the Windows probe writes (docs/calls.md). Shared
 * by capisim_call, capisim_call_batch and capisim_revocation
 * (capisim/call.h). */
#ifndef CAPISIM_API_CALL_PRINT_H
#define CAPISIM_API_CALL_PRINT_H

#include <stdio.h>

#include "sim/call/call.h"

/* id: the batch's call id, or NULL. CS_ERR_NOMEM when jansson could not
 * build the object. */
CS_MUST_USE cs_status api_call_print_json(FILE *out, const char *id,
                                          const cs_call_result *r);
void api_call_print_text(FILE *out, const cs_call_result *r);

/* Loading object words (call.h's cs_call_loader): a name defined by an
 * `object` line of a batch, else a file through the pool. */
#define API_CALL_MAX_OBJECTS 128
typedef struct {
	cs_pool *pool;
	char *names[API_CALL_MAX_OBJECTS];
	char *paths[API_CALL_MAX_OBJECTS];
	size_t n;
} api_call_objects;

cs_status api_call_load(void *ctx, const char *word, cs_bytes *bytes,
                        const char **name, cs_diag *d);
void api_call_objects_free(api_call_objects *o);

#endif
