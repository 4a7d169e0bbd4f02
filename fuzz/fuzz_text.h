/* Shared by the fuzz targets: the input as a NUL-terminated string (text
 * parsers take C strings; an embedded NUL simply ends the text early, as it
 * would for the CLI reading a file with one). Caller frees. */
#ifndef CAPISIM_FUZZ_TEXT_H
#define CAPISIM_FUZZ_TEXT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Diagnostics must say something and point inside the input. */
#define FUZZ_CHECK(cond)         \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#endif
