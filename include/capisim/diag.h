/* Diagnostics for bad input: "FILE:LINE:COL: error: MESSAGE", then the
 * offending source line and a caret under the column, as compilers print. */
#ifndef CAPISIM_DIAG_H
#define CAPISIM_DIAG_H

#include <stddef.h>
#include <stdio.h>

#define CS_DIAG_MSG  512
#define CS_DIAG_FILE 256
#define CS_DIAG_SRC  512

typedef struct {
	char file[CS_DIAG_FILE]; /* "" when there is no file (a command line) */
	unsigned line; /* 1-based; 0 = no line (byte offsets use col) */
	unsigned col;  /* 1-based; 0 = no column */
	char msg[CS_DIAG_MSG];
	char src[CS_DIAG_SRC]; /* the source line, "" when not known */
} cs_diag;

/* Fill d; msg is printf-style. Returns d for chaining. */
cs_diag *cs_diag_set(cs_diag *d, const char *file, unsigned line, unsigned col,
                     const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Remember the source line for the caret display (tabs kept, so the caret
 * lines up in a terminal). */
void cs_diag_source(cs_diag *d, const char *line, size_t len);
/* Print "file:line:col: error: msg" (parts that are 0/empty are left out)
 * and, when src is known, the line and a caret. */
void cs_diag_print(FILE *out, const cs_diag *d);

#endif
