/* capisim fixtures: generate the fixture catalogue, list it, or show one
 * object (certificate, CRL, OCSP response, STL, CAB) in a certutil-like view
 * (capisim/fixtures.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Nothing is written unless everything can be (capisim_fixtures_generate);
 * the places written to, checked before the fixtures are made (seconds of
 * key operations, minutes under valgrind): the output is a folder or
 * nothing yet, and the manifest's folder takes a file. */
static bool outputs_writable(const char *dir, const char *manifest)
{
	struct stat st;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr,
		        "capisim fixtures: error: %s: exists and is not a "
		        "folder\n",
		        dir);
		return false;
	}
	if (!manifest || strcmp(manifest, "-") == 0)
		return true;
	cli_out probe;
	if (cli_out_open(&probe, manifest, false) != CLI_EXIT_OK)
		return false;
	cli_out_abort(&probe); /* removes the empty temporary file */
	return true;
}

static int run_generate(const char *keys, const char *dir, const char *manifest)
{
	if (!outputs_writable(dir, manifest))
		return CLI_EXIT_USAGE;
	cs_diag d;
	if (capisim_fixtures_generate(keys, dir, manifest, stdout, &d) !=
	    CS_OK) {
		fprintf(stderr, "capisim fixtures: error: %s\n", d.msg);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int run_list(const char *keys, bool markdown)
{
	cs_diag d;
	if (capisim_fixtures_list(keys, stdout, markdown, &d) != CS_OK) {
		fprintf(stderr, "capisim fixtures: error: %s\n", d.msg);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int run_show(const char *path)
{
	cs_diag d;
	if (capisim_object_dump(stdout, path, &d) != CS_OK)
		return cli_fail(&d);
	return CLI_EXIT_OK;
}

int cli_cmd_fixtures(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"keys", required_argument, NULL, 'k'},
	    {"manifest", required_argument, NULL, 'm'},
	    {"markdown", no_argument, NULL, 'M'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	/* The keys beside capisim's data unless --keys (cli/data_dir.c). */
	char keys_buf[4096];
	const char *keys =
	    cli_data_path("fixtures/keys", keys_buf, sizeof keys_buf);
	if (!keys)
		keys = "fixtures/keys";
	const char *manifest = NULL;
	bool markdown = false;
	int c;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			keys = optarg;
			break;
		case 'm':
			manifest = optarg;
			break;
		case 'M':
			markdown = true;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("fixtures"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("fixtures", "bad option");
		}
	}
	/* Options may also follow the action: parse the rest again. */
	if (optind >= argc)
		return cli_usage_error("fixtures",
		                       "expected generate, list or show");
	const char *action = argv[optind];
	int rest = argc - optind;
	char **rargv = argv + optind;
	/* 0, not 1: glibc reinitialises getopt only at 0; at 1 it keeps the
	 * first pass's "+" (stop at the first operand), so `generate DIR
	 * --keys K` would stop at DIR. */
	optind = 0;
	while ((c = getopt_long(rest, rargv, "", opts, NULL)) != -1) {
		if (c == 'k')
			keys = optarg;
		else if (c == 'm')
			manifest = optarg;
		else if (c == 'M')
			markdown = true;
		else
			return cli_usage_error("fixtures", "bad option");
	}
	int nargs = rest - optind;
	char **args = rargv + optind;
	if (strcmp(action, "generate") == 0 && nargs == 1)
		return run_generate(keys, args[0], manifest);
	if (strcmp(action, "list") == 0 && nargs == 0)
		return run_list(keys, markdown);
	if (strcmp(action, "show") == 0 && nargs == 1)
		return run_show(args[0]);
	return cli_usage_error("fixtures", "expected `generate DIR`, `list` "
	                                   "or `show FILE`");
}
