/* Reading a JSON Lines trace back (golden traces for `capisim check`,
 * Wine/Windows traces for `capisim compare`): one JSON object per line, as
 * trace/jsonl.c writes them and docs/trace-format.md describes. */
#ifndef CAPISIM_TRACE_READ_H
#define CAPISIM_TRACE_READ_H

#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

/* Read every line of in into a new JSON array (jansson json_t *, caller
 * json_decref's it) of objects. Blank lines are skipped. On bad input
 * CS_ERR_FORMAT with d = name:line:col and jansson's reason. */
CS_MUST_USE cs_status cs_trace_read_jsonl(FILE *in, const char *name,
                                          void **out, cs_diag *d);

/* The same from a buffer. */
CS_MUST_USE cs_status cs_trace_read_jsonl_buf(const char *buf, size_t len,
                                              const char *name, void **out,
                                              cs_diag *d);

/* First difference of two traces (arrays from the readers): returns 0 when
 * equal, else the 1-based line number (index + 1) of the first observation
 * that differs or is missing, and writes a one-line description (which key
 * differs, with both values) to why. */
size_t cs_trace_first_difference(const void *expected, const void *actual,
                                 char *why, size_t cap);

#endif
