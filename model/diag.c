#include "capisim/diag.h"

#include <stdarg.h>
#include <string.h>

static void copy_trunc(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

cs_diag *cs_diag_set(cs_diag *d, const char *file, unsigned line, unsigned col,
                     const char *fmt, ...)
{
	copy_trunc(d->file, sizeof d->file, file ? file : "",
	           file ? strlen(file) : 0);
	d->line = line;
	d->col = col;
	d->src[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return d;
}

void cs_diag_source(cs_diag *d, const char *line, size_t len)
{
	/* Stop at the end of the line; keep it printable for the terminal. */
	size_t n = 0;
	while (n < len && line[n] != '\n' && line[n] != '\r')
		n++;
	copy_trunc(d->src, sizeof d->src, line, n);
	for (char *p = d->src; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			*p = '?';
}

void cs_diag_print(FILE *out, const cs_diag *d)
{
	if (d->file[0])
		fprintf(out, "%s:", d->file);
	if (d->line)
		fprintf(out, "%u:", d->line);
	if (d->col)
		fprintf(out, "%u:", d->col);
	fprintf(out, "%serror: %s\n",
	        (d->file[0] || d->line || d->col) ? " " : "", d->msg);
	if (d->src[0] && d->col) {
		size_t len = strlen(d->src);
		/* The line was cut to fit src and the column lies past the
		 * cut: show the part kept, no caret thousands of blanks out. */
		if (len == sizeof d->src - 1 && d->col - 1 > len) {
			fprintf(out, "  %s...\n", d->src);
			return;
		}
		fprintf(out, "  %s\n  ", d->src);
		for (unsigned i = 1; i < d->col; i++)
			fputc(i - 1 < len && d->src[i - 1] == '\t' ? '\t' : ' ',
			      out);
		fputs("^\n", out);
	}
}
