#include "capisim/diag.h"

#include <stdarg.h>
#include <string.h>

#include "model/utf8.h"

static void copy_trunc(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static void set_file(cs_diag *d, const char *file)
{
	/* d->file itself may be passed (keep the name, change the message):
	 * memmove semantics through a copy. */
	char name[CS_DIAG_FILE];
	copy_trunc(name, sizeof name, file ? file : "",
	           file ? strlen(file) : 0);
	memcpy(d->file, name, sizeof name);
}

cs_diag *cs_diag_set(cs_diag *d, const char *file, unsigned line, unsigned col,
                     const char *fmt, ...)
{
	set_file(d, file);
	d->line = line;
	d->col = col;
	d->has_offset = false;
	d->offset = 0;
	d->src[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return d;
}

cs_diag *cs_diag_set_offset(cs_diag *d, const char *file, size_t offset,
                            const char *fmt, ...)
{
	set_file(d, file);
	d->line = d->col = 0;
	d->has_offset = true;
	d->offset = offset;
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
	/* A byte that is no part of well-formed UTF-8 is shown as '?' too,
	 * so a diagnostic is always valid UTF-8 whatever the input was (a
	 * sequence cut by the copy's end included). One byte per byte: the
	 * caret's column stays right. */
	unsigned char *u = (unsigned char *)d->src;
	size_t kept = strlen(d->src);
	for (size_t i = 0; i < kept;) {
		size_t k = u[i] < 0x20 ? 0 : cs_utf8_seq_len(u + i, kept - i);
		if (k == 0) {
			if (u[i] != '\t')
				u[i] = '?';
			k = 1;
		}
		i += k;
	}
}

const char *cs_diag_detail(const cs_diag *d, char *buf, size_t cap)
{
	if (d->has_offset)
		snprintf(buf, cap, "byte %zu: %s", d->offset, d->msg);
	else
		snprintf(buf, cap, "%s", d->msg);
	return buf;
}

void cs_diag_print(FILE *out, const cs_diag *d)
{
	if (d->has_offset) {
		fprintf(out, "%s%sbyte %zu: error: %s\n", d->file,
		        d->file[0] ? ": " : "", d->offset, d->msg);
		return;
	}
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
