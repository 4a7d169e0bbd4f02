/* capisim/import.h over compare/import/: the one table of formats. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "capisim/import.h"
#include "compare/import/import.h"
#include "model/alloc.h"
#include "pki/file_read.h"

/* Exports and logs are read whole; a busy IIS server's day of W3C log can
 * pass 100 MB, so the cap is generous and says what to do beyond it. */
#define IMPORT_FILE_MAX (512u << 20)

static const struct {
	const char *name;
	cs_status (*read)(const char *text, const char *name, json_t *out,
	                  cs_diag *d);
} formats[] = {
    {"certutil", import_certutil},
    {"capi2", import_capi2},
    {"events", import_events},
    {"w3c", import_w3c},
};
#define NFORMATS (sizeof formats / sizeof *formats)

struct capisim_import {
	json_t *obs;
};

static char format_list[64];
static pthread_once_t format_list_once = PTHREAD_ONCE_INIT;

static void list_formats(void)
{
	for (size_t i = 0, len = 0; i < NFORMATS; i++)
		len += (size_t)snprintf(format_list + len,
		                        sizeof format_list - len, "%s%s",
		                        i ? ", " : "", formats[i].name);
}

const char *capisim_import_formats(void)
{
	pthread_once(&format_list_once, list_formats);
	return format_list;
}

static int find(const char *format)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(format, formats[i].name) == 0)
			return (int)i;
	return -1;
}

cs_status capisim_import_check(const char *format, bool partial, cs_diag *d)
{
	memset(d, 0, sizeof *d);
	int f = find(format);
	if (f < 0) {
		cs_diag_set(d, "", 0, 0, "unknown format '%s' (%s)", format,
		            capisim_import_formats());
		return CS_ERR_NOT_FOUND;
	}
	if (partial && formats[f].read != import_certutil) {
		cs_diag_set(d, "", 0, 0,
		            "--partial is for certutil output only");
		return CS_ERR_RANGE;
	}
	return CS_OK;
}

void capisim_import_free(capisim_import *im)
{
	if (!im)
		return;
	json_decref(im->obs);
	free(im);
}

cs_status capisim_import_file(const char *format, bool partial,
                              const char *path, capisim_import **out,
                              cs_diag *d)
{
	*out = NULL;
	cs_status st = capisim_import_check(format, partial, d);
	if (st != CS_OK)
		return st;
	/* UTF-16 (wevtutil redirected by PowerShell) is the usual cause of a
	 * NUL byte. */
	static const cs_file_limits lim = {
	    .max = IMPORT_FILE_MAX,
	    .too_big = "larger than 512 MiB: split it first",
	    .not_text = "NUL byte: expected UTF-8 text (convert UTF-16 "
	                "first, e.g. iconv -f UTF-16)",
	    .dash_is_stdin = true};
	char *text;
	size_t len;
	if ((st = cs_file_read_text(path, &lim, &text, &len, d)) != CS_OK)
		return st;
	capisim_import *im = cs_calloc(1, sizeof *im);
	if (!im || !(im->obs = json_array())) {
		free(im);
		free(text);
		return cs_alloc_failed();
	}
	int f = find(format);
	st = partial ? import_certutil_partial(text, path, im->obs, true, d)
	             : formats[f].read(text, path, im->obs, d);
	free(text);
	if (st != CS_OK) {
		capisim_import_free(im);
		return st;
	}
	*out = im;
	return CS_OK;
}

cs_status capisim_import_write(const capisim_import *im, FILE *out)
{
	size_t i;
	json_t *o;
	json_array_foreach(im->obs, i, o)
	{
		if (json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
			return CS_ERR_IO;
		fputc('\n', out);
	}
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
