/* capisim: dispatcher for the subcommands. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_main_help(FILE *out)
{
	fprintf(out,
	        "usage: capisim [--version] [--help] COMMAND [ARGS...]\n"
	        "\n"
	        "A deterministic simulator of the Windows CryptoAPI "
	        "certificate chain\n"
	        "engine (crypt32 + cryptnet), its caches and its time rules.\n"
	        "\n"
	        "Commands:\n");
	for (unsigned i = 0; i < cli_command_count; i++)
		fprintf(out, "  %-10s %s\n", cli_commands[i].name,
		        cli_commands[i].summary);
	fprintf(out,
	        "  %-10s %s\n"
	        "\n"
	        "Exit status: 0 ok, 1 an expectation failed or differences "
	        "were found,\n"
	        "2 usage or input error, 3 internal error.\n"
	        "`capisim help COMMAND` shows a command's options.\n",
	        "help", "show the help of a command");
}

const cli_command *cli_find_command(const char *name)
{
	for (unsigned i = 0; i < cli_command_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

void cli_print_usage(FILE *out, const cli_command *c)
{
	fputs(c->usage, out);
}

int cli_fail(const cs_diag *d)
{
	if (!d->file[0])
		fputs("capisim: ", stderr);
	cs_diag_print(stderr, d);
	return CLI_EXIT_USAGE;
}

static int cli_fail_status_code(cs_status st)
{
	switch (st) {
	case CS_ERR_SYNTAX:
	case CS_ERR_FORMAT:
	case CS_ERR_RANGE:
	case CS_ERR_LIMIT:
	case CS_ERR_NOT_FOUND:
		return CLI_EXIT_USAGE;
	default:
		return CLI_EXIT_INTERNAL;
	}
}

int cli_fail_status(cs_status st, const cs_diag *d)
{
	cli_fail(d);
	return cli_fail_status_code(st);
}

int cli_fail_in(const char *cmd, cs_status st, const cs_diag *d)
{
	if (d->file[0])
		return cli_fail_status(st, d);
	fprintf(stderr, "capisim %s: error: %s\n", cmd, d->msg);
	return cli_fail_status_code(st);
}

int cli_fail_call(const char *cmd, cs_status st, const cs_diag *d)
{
	bool internal = st == CS_ERR_NOMEM || st == CS_ERR_INTERNAL ||
	                st == CS_ERR_CRYPTO || st == CS_ERR_IO;
	if (d->file[0]) {
		cli_fail(d);
		return internal && st != CS_ERR_IO ? CLI_EXIT_INTERNAL
		                                   : CLI_EXIT_USAGE;
	}
	if (internal || !d->msg[0]) {
		fprintf(stderr, "capisim %s: error: %s\n", cmd,
		        d->msg[0] ? d->msg : cs_status_str(st));
		return CLI_EXIT_INTERNAL;
	}
	return cli_usage_error(cmd, "%s", d->msg);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "capisim %s: error: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry `capisim help %s`.\n", cmd);
	return CLI_EXIT_USAGE;
}

int cli_parse_time_arg(const char *opt, const char *arg, cs_filetime *out)
{
	size_t col = 0;
	const char *why = "";
	/* The syntax of `capisim time` (model/time_expr.h): ISO 8601, ft:,
	 * unix:, bin:, with offsets. */
	if (cs_time_expr_parse(arg, NULL, out, &col, &why) == CS_OK)
		return 1;
	cs_diag d;
	cs_diag_set(&d, opt, 0, (unsigned)col + 1, "expected %s in '%s'", why,
	            arg);
	cs_diag_source(&d, arg, strlen(arg));
	cli_fail(&d);
	return 0;
}

int cli_parse_number(const char *cmd, const char *opt, const char *arg,
                     uint64_t min, uint64_t max, uint64_t *out)
{
	bool hex = arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X');
	const char *digits = hex ? arg + 2 : arg;
	char *end = NULL;
	errno = 0;
	/* strtoull accepts a sign and spaces: only digits here */
	unsigned long long v = isxdigit((unsigned char)digits[0])
	                           ? strtoull(digits, &end, hex ? 16 : 10)
	                           : 0;
	if (!end || end == digits || *end || errno || v < min || v > max) {
		cli_usage_error(
		    cmd, "%s: expected a number %llu..%llu, got '%s'", opt,
		    (unsigned long long)min, (unsigned long long)max, arg);
		return 0;
	}
	*out = v;
	return 1;
}

int cli_parse_reuse_arg(const char *cmd, const char *arg, capisim_reuse *mode)
{
	static const struct {
		const char *name;
		capisim_reuse mode;
	} modes[] = {{"on", CAPISIM_REUSE_ON},
	             {"off", CAPISIM_REUSE_OFF},
	             {"check", CAPISIM_REUSE_CHECK}};
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		if (strcmp(arg, modes[i].name) == 0) {
			*mode = modes[i].mode;
			return 1;
		}
	cli_usage_error(cmd, "--reuse: expected on, off or check, got '%s'",
	                arg);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	/* help --roff [CMD]: the man page (cli/man.c; meson installs them). */
	if (argc >= 2 && strcmp(argv[1], "--roff") == 0) {
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		if (!mem)
			return CLI_EXIT_INTERNAL;
		print_main_help(mem);
		fclose(mem);
		int rc =
		    cli_write_man(stdout, argc >= 3 ? argv[2] : NULL, text);
		free(text);
		return rc;
	}
	if (argc < 2 || strcmp(argv[1], "help") == 0) {
		print_main_help(stdout);
		return CLI_EXIT_OK;
	}
	const cli_command *c = cli_find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "capisim help: error: unknown command '%s'\n",
		        argv[1]);
		return CLI_EXIT_USAGE;
	}
	cli_print_usage(stdout, c);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	/* '+': stop at the first non-option, which is the subcommand. */
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_main_help(stdout);
			return CLI_EXIT_OK;
		case 'V':
			printf("capisim %s\n", CAPISIM_VERSION);
			return CLI_EXIT_OK;
		default:
			fprintf(stderr,
			        "capisim: error: unknown option '%s'\n"
			        "Try `capisim --help`.\n",
			        argv[optind - 1]);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		print_main_help(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *name = argv[optind];
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	/* Each subcommand parses its own options from a fresh getopt state. */
	optind = 0;
	opterr = 1;
	if (strcmp(name, "help") == 0)
		return cmd_help(sub_argc, sub_argv);
	const cli_command *cmd = cli_find_command(name);
	if (!cmd) {
		fprintf(stderr,
		        "capisim: error: unknown command '%s'\n"
		        "Try `capisim --help`.\n",
		        name);
		return CLI_EXIT_USAGE;
	}
	return cmd->run(sub_argc, sub_argv);
}
