/* Printing a call's result (sim/call/call.h): readable text, or one JSON
 * object with the keys the Windows probe writes (docs/calls.md). Shared
 * by `capisim call` and `capisim revocation`. */
#ifndef CAPISIM_CLI_CALL_PRINT_H
#define CAPISIM_CLI_CALL_PRINT_H

#include <stdio.h>

#include "sim/call/call.h"

/* id: the batch's call id, or NULL. 0, or CLI_EXIT_INTERNAL. */
int cli_call_print_json(FILE *out, const char *id, const cs_call_result *r);
void cli_call_print_text(FILE *out, const cs_call_result *r);

/* Loading object words (call.h's cs_call_loader): a name defined by an
 * `object` line of a batch, else a file through the pool. */
#define CLI_CALL_MAX_OBJECTS 128
typedef struct {
	cs_pool *pool;
	char *names[CLI_CALL_MAX_OBJECTS];
	char *paths[CLI_CALL_MAX_OBJECTS];
	size_t n;
} cli_call_objects;

cs_status cli_call_load(void *ctx, const char *word, cs_bytes *bytes,
                        const char **name, cs_diag *d);
void cli_call_objects_free(cli_call_objects *o);

#endif
