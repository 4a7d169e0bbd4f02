/* capisim import: real Windows evidence (certutil output, CAPI2 event XML,
 * events pasted as text, IIS W3C logs) to trace JSON Lines that `capisim
 * compare` accepts (capisim/import.h). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

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
		return cli_usage_error("import",
		                       "expected a format (%s) and a FILE",
		                       capisim_import_formats());
	const char *format = argv[optind], *path = argv[optind + 1];
	cs_diag d;
	if (capisim_import_check(format, partial, &d) != CS_OK)
		return cli_usage_error("import", "%s", d.msg);
	capisim_import *im;
	cs_status st = capisim_import_file(format, partial, path, &im, &d);
	if (st == CS_ERR_NOMEM)
		return CLI_EXIT_INTERNAL;
	if (st != CS_OK)
		return cli_fail(&d);
	/* To a temporary file renamed on success: no partial output. */
	char tmp[PATH_MAX];
	FILE *out = stdout;
	if (output) {
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", output, (long)getpid());
		out = fopen(tmp, "w");
		if (!out) {
			capisim_import_free(im);
			return cli_fail(cs_diag_set(&d, output, 0, 0,
			                            "cannot create: %s",
			                            strerror(errno)));
		}
	}
	st = capisim_import_write(im, out);
	capisim_import_free(im);
	if (output) {
		bool bad = st != CS_OK || ferror(out) != 0;
		if (fclose(out) != 0 || bad || rename(tmp, output) != 0) {
			unlink(tmp);
			return cli_fail(cs_diag_set(&d, output, 0, 0,
			                            "cannot write: %s",
			                            strerror(errno)));
		}
	}
	return CLI_EXIT_OK;
}
