/* Output in large blocks. A replayed result writes the same lines tens of
 * thousands of times (sim/scenario/reuse.c): they are copied here and go
 * out with one fwrite per block, not one stdio call per piece. Whoever
 * writes to the same FILE otherwise flushes the block first. */
#ifndef CAPISIM_TRACE_OUTBUF_H
#define CAPISIM_TRACE_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/status.h"

#define CS_OUTBUF_SIZE 65536

typedef struct {
	FILE *out;
	size_t len;
	bool failed; /* a write failed: CS_ERR_IO from then on */
	char buf[CS_OUTBUF_SIZE];
} cs_outbuf;

void cs_outbuf_init(cs_outbuf *b, FILE *out);
void cs_outbuf_put(cs_outbuf *b, const char *s, size_t n);
/* Write what is buffered. CS_ERR_IO when a write failed. */
CS_MUST_USE cs_status cs_outbuf_flush(cs_outbuf *b);

#endif
