/* Importers of real Windows evidence (docs/compare.md, "Importing Windows
 * evidence"): certutil console output, CAPI2 Operational event XML, IIS W3C
 * logs - each read into trace observations that the trace diff
 * (capisim/compare.h) compares with a run's. */
#ifndef CAPISIM_IMPORT_H
#define CAPISIM_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capisim_import capisim_import;

/* The format names, ", "-separated ("certutil, capi2, events, w3c"). */
CAPISIM_API const char *capisim_import_formats(void);

/* Whether format is one of them (else CS_ERR_NOT_FOUND, d's message naming
 * the known ones) and partial fits it (a certutil dump cut before its
 * closing line; else CS_ERR_RANGE). */
CAPISIM_API CS_MUST_USE cs_status capisim_import_check(const char *format,
                                                       bool partial,
                                                       cs_diag *d);

/* Read the file at path ("-": standard input; UTF-8 text, at most 512 MiB)
 * as format. On CS_OK *out is the caller's (capisim_import_free). Bad
 * input: d at file:line:col with what was expected. */
CAPISIM_API CS_MUST_USE cs_status capisim_import_file(const char *format,
                                                      bool partial,
                                                      const char *path,
                                                      capisim_import **out,
                                                      cs_diag *d);
/* The observations as JSON Lines, fields in trace order. CS_ERR_IO on a
 * write error. */
CAPISIM_API CS_MUST_USE cs_status capisim_import_write(const capisim_import *im,
                                                       FILE *out);
CAPISIM_API void capisim_import_free(capisim_import *im); /* NULL: no-op */

#ifdef __cplusplus
}
#endif

#endif
