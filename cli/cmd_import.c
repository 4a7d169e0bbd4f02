/* capisim import: real Windows evidence (certutil output, CAPI2 event XML,
 * events pasted as text, IIS W3C logs) to trace JSON Lines that `capisim
 * compare` accepts. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pki/file_read.h"
#include "compare/import/import.h"

/* Exports and logs are read whole; a busy IIS server's day of W3C log can
 * pass 100 MB, so the cap is generous and says what to do beyond it. */
#define IMPORT_FILE_MAX (512u << 20)

static char *slurp(const char *path, cs_diag *d)
{
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
	return cs_file_read_text(path, &lim, &text, &len, d) == CS_OK ? text
	                                                              : NULL;
}

int cli_cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"partial", no_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *output = NULL;
	bool partial = false;
	int c;
	optind =
	    0; /* glibc: 0 re-initialises, so options may follow operands */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'o')
			output = optarg;
		else if (c == 'p')
			partial = true;
		else if (c == 'h')
			return cli_print_usage(stdout,
			                       cli_find_command("import")),
			       CLI_EXIT_OK;
		else
			return cli_usage_error("import", "unknown option '%s'",
			                       argv[optind - 1]);
	}
	if (argc - optind != 2)
		return cli_usage_error(
		    "import",
		    "expected a format (certutil, capi2, events, w3c) and a "
		    "FILE");
	const char *format = argv[optind], *path = argv[optind + 1];
	cs_status (*fn)(const char *, const char *, json_t *, cs_diag *) =
	    strcmp(format, "certutil") == 0 ? import_certutil
	    : strcmp(format, "capi2") == 0  ? import_capi2
	    : strcmp(format, "events") == 0 ? import_events
	    : strcmp(format, "w3c") == 0    ? import_w3c
	                                    : NULL;
	if (!fn)
		return cli_usage_error("import",
		                       "unknown format '%s' (certutil, capi2, "
		                       "events, w3c)",
		                       format);
	if (partial && fn != import_certutil)
		return cli_usage_error("import",
		                       "--partial is for certutil output only");
	cs_diag d;
	char *text = slurp(path, &d);
	if (!text)
		return cli_fail(&d);
	json_t *obs = json_array();
	cs_status st = partial
	                   ? import_certutil_partial(text, path, obs, true, &d)
	                   : fn(text, path, obs, &d);
	free(text);
	if (st != CS_OK) {
		json_decref(obs);
		return cli_fail(&d);
	}
	/* To a temporary file renamed on success: no partial output. */
	char tmp[PATH_MAX];
	FILE *out = stdout;
	if (output) {
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", output, (long)getpid());
		out = fopen(tmp, "w");
		if (!out) {
			json_decref(obs);
			return cli_fail(cs_diag_set(&d, output, 0, 0,
			                            "cannot create: %s",
			                            strerror(errno)));
		}
	}
	size_t i;
	json_t *o;
	json_array_foreach(obs, i, o)
	{
		json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fputc('\n', out);
	}
	json_decref(obs);
	if (output) {
		bool bad = ferror(out) != 0;
		if (fclose(out) != 0 || bad || rename(tmp, output) != 0) {
			unlink(tmp);
			return cli_fail(cs_diag_set(&d, output, 0, 0,
			                            "cannot write: %s",
			                            strerror(errno)));
		}
	}
	return CLI_EXIT_OK;
}
