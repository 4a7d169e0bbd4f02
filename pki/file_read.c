/* Whole-file reads with a size cap (pki/file_read.h). */
#include "pki/file_read.h"
#include "model/alloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The buffer grows with what the file holds, so a 1 KB certificate does not
 * cost an allocation of the cap; it reads one byte past the cap to tell "as
 * large as allowed" from "larger". */
static cs_status read_stream(FILE *f, const char *path,
                             const cs_file_limits *lim, char **data,
                             size_t *len, cs_diag *d)
{
	size_t cap = 0, n = 0;
	char *buf = NULL;
	for (;;) {
		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			if (ncap > lim->max + 2)
				ncap = lim->max + 2;
			char *nb = ncap > cap ? cs_realloc(buf, ncap) : NULL;
			if (!nb) {
				free(buf);
				cs_diag_set(d, path, 0, 0, "out of memory");
				return cs_alloc_failed();
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - 1 - n, f);
		n += got;
		if (n > lim->max) {
			free(buf);
			cs_diag_set(d, path, 0, 0, "%s", lim->too_big);
			return CS_ERR_LIMIT;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(buf);
		cs_diag_set(d, path, 0, 0, "cannot read: %s", strerror(e));
		return CS_ERR_IO;
	}
	buf[n] = '\0';
	/* Keep what the file holds, not the read buffer's slack: 10^4 small
	 * files stay small. */
	char *fit = cs_realloc_benign(buf, n + 1);
	*data = fit ? fit : buf;
	*len = n;
	return CS_OK;
}

cs_status cs_file_read(const char *path, const cs_file_limits *lim, char **data,
                       size_t *len, cs_diag *d)
{
	*data = NULL;
	*len = 0;
	bool is_stdin = lim->dash_is_stdin && strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		cs_diag_set(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return CS_ERR_IO;
	}
	errno = 0;
	cs_status st = read_stream(f, path, lim, data, len, d);
	if (!is_stdin)
		fclose(f);
	return st;
}

bool cs_text_is_utf16(const void *data, size_t len)
{
	const unsigned char *u = data;
	if (len >= 2 &&
	    ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return true;
	/* No byte-order mark: ASCII letters with NUL between them. */
	return len >= 4 && ((u[0] && !u[1] && u[2] && !u[3]) ||
	                    (!u[0] && u[1] && !u[2] && u[3]));
}

cs_status cs_file_read_text(const char *path, const cs_file_limits *lim,
                            char **text, size_t *len, cs_diag *d)
{
	cs_status st = cs_file_read(path, lim, text, len, d);
	if (st != CS_OK)
		return st;
	if (cs_text_is_utf16(*text, *len)) {
		cs_diag_set_offset(d, path, 0, "%s", CS_UTF16_HINT);
		free(*text);
		*text = NULL;
		*len = 0;
		return CS_ERR_SYNTAX;
	}
	/* A UTF-8 byte-order mark (Notepad writes one) is no text. */
	if (*len >= 3 && memcmp(*text, "\xef\xbb\xbf", 3) == 0) {
		memmove(*text, *text + 3, *len - 3 + 1);
		*len -= 3;
	}
	size_t nul = strlen(*text);
	if (nul != *len) {
		cs_diag_set_offset(d, path, nul, "%s", lim->not_text);
		free(*text);
		*text = NULL;
		*len = 0;
		return CS_ERR_SYNTAX;
	}
	return CS_OK;
}
