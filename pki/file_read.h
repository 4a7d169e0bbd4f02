/* Reading an input file whole: the one place that does it, so every command
 * says "cannot open", "cannot read" and "too large" the same way and no input
 * can make capisim allocate without bound. */
#ifndef CAPISIM_PKI_FILE_READ_H
#define CAPISIM_PKI_FILE_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "capisim/diag.h"
#include "capisim/status.h"

/* What the caller accepts. */
typedef struct {
	size_t max;           /* largest file accepted, in bytes */
	const char *too_big;  /* the whole message when it is larger */
	const char *not_text; /* for cs_file_read_text: the message for a NUL
	                       * byte (its offset is reported with it) */
	bool dash_is_stdin;   /* "-" reads standard input (commands' operands,
	                       * never paths written inside a scenario) */
} cs_file_limits;

/* PATH's bytes (or standard input, see dash_is_stdin) in a new buffer of
 * exactly the file's length plus a terminating NUL, which binary callers may
 * ignore. Errors, each in d naming PATH: CS_ERR_IO "cannot open: ..." or
 * "cannot read: ..." (a directory), CS_ERR_LIMIT with lim->too_big,
 * CS_ERR_NOMEM. */
CS_MUST_USE cs_status cs_file_read(const char *path, const cs_file_limits *lim,
                                   char **data, size_t *len, cs_diag *d);

/* cs_file_read for text: a UTF-8 byte-order mark is dropped; UTF-16 text
 * (cs_text_is_utf16) is CS_ERR_SYNTAX at byte 0 with CS_UTF16_HINT; another
 * NUL byte is CS_ERR_SYNTAX at its offset with lim->not_text. */
CS_MUST_USE cs_status cs_file_read_text(const char *path,
                                        const cs_file_limits *lim, char **text,
                                        size_t *len, cs_diag *d);

/* How to convert, for a file that cs_text_is_utf16. */
#define CS_UTF16_HINT                                                        \
	"UTF-16 text (what Windows tools save as 'Unicode'); capisim reads " \
	"UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > NEW, or "   \
	"save "                                                              \
	"as UTF-8"

/* A UTF-16 byte-order mark, or NUL bytes between ASCII letters. */
bool cs_text_is_utf16(const void *data, size_t len);

#endif
