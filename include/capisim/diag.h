/* Diagnostics for bad input. Two forms, never mixed up:
 *
 *   text:   "FILE:LINE:COL: error: MESSAGE", then the offending source line
 *           and a caret under the column, as compilers print;
 *   binary: "FILE: byte N: error: MESSAGE", N the offset from the start of
 *           the file, 0 = the first byte (as xxd and openssl asn1parse
 *           count), for DER, CABs and anything not read as lines. */
#ifndef CAPISIM_DIAG_H
#define CAPISIM_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CS_DIAG_MSG  512
#define CS_DIAG_FILE 256
#define CS_DIAG_SRC  512

typedef struct {
	char file[CS_DIAG_FILE]; /* "" when there is no file (a command line) */
	unsigned line;           /* 1-based; 0 = no line */
	unsigned col;            /* 1-based; 0 = no column */
	bool has_offset;         /* the binary form: offset, not line/col */
	size_t offset;           /* 0-based byte offset into the file */
	char msg[CS_DIAG_MSG];
	char src[CS_DIAG_SRC]; /* the source line, "" when not known */
} cs_diag;

/* Fill d; msg is printf-style. Returns d for chaining. */
CAPISIM_API cs_diag *cs_diag_set(cs_diag *d, const char *file, unsigned line,
                                 unsigned col, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* The binary form: a byte offset (0-based) instead of a line and column. */
CAPISIM_API cs_diag *cs_diag_set_offset(cs_diag *d, const char *file,
                                        size_t offset, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Remember the source line for the caret display (tabs kept, so the caret
 * lines up in a terminal). */
CAPISIM_API void cs_diag_source(cs_diag *d, const char *line, size_t len);
/* The message for quoting inside another one (a scenario line that loads a
 * bad file): "byte N: MSG" for the binary form, MSG otherwise. Returns buf. */
CAPISIM_API const char *cs_diag_detail(const cs_diag *d, char *buf, size_t cap);
/* Print "file:line:col: error: msg" (parts that are 0/empty are left out)
 * and, when src is known, the line and a caret; or, for the binary form,
 * "file: byte N: error: msg". */
CAPISIM_API void cs_diag_print(FILE *out, const cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
