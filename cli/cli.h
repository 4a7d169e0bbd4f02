/* The capisim command line: subcommand table, exit codes, shared helpers. */
#ifndef CAPISIM_CLI_H
#define CAPISIM_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "capisim/capisim.h"

/* Exit codes (documented in docs/cli.md and `capisim --help`). */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_DIFFERENT = 1, /* an expectation failed / differences found */
	CLI_EXIT_USAGE = 2,     /* usage or input error */
	CLI_EXIT_INTERNAL = 3,  /* internal error (a bug, or out of memory) */
};

typedef struct {
	const char *name;
	const char *summary; /* one line for `capisim --help` */
	const char *usage;   /* full text for `capisim help NAME` */
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
} cli_command;

/* Every working subcommand; a command is listed only once it works. */
extern const cli_command cli_commands[];
extern const unsigned cli_command_count;

const cli_command *cli_find_command(const char *name);

/* Print a diagnostic (see capisim/diag.h) prefixed with "capisim: " when it
 * has no file, and return CLI_EXIT_USAGE. */
int cli_fail(const cs_diag *d);
/* cli_fail for a failed call: CLI_EXIT_USAGE when st says the input was
 * wrong or missing (syntax, format, range, limit, not found),
 * CLI_EXIT_INTERNAL otherwise (I/O, memory, a tool that failed). */
int cli_fail_status(cs_status st, const cs_diag *d);
/* cli_fail_status for a command's call: a message without a file is
 * printed as "capisim CMD: error: MESSAGE". */
int cli_fail_in(const char *cmd, cs_status st, const cs_diag *d);
/* The failure of a library call for cmd: bad input names its file (exit
 * 2, also for a file that cannot be opened); a message alone is a usage
 * error (exit 2, with the hint to `capisim help CMD`); running out of
 * memory or a library failure is exit 3. */
int cli_fail_call(const char *cmd, cs_status st, const cs_diag *d);
/* "capisim CMD: MESSAGE" on stderr plus a hint to `capisim help CMD`;
 * returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Print the command's usage text to out. */
void cli_print_usage(FILE *out, const cli_command *c);

/* The options `call` and `revocation` share (cli/cmd_call.c): getopt's
 * c for --profile ('p'), --at ('a') or --json ('j') is taken into o and
 * *have_at: 1; a bad value prints cmd's usage error into *rc: -1; any
 * other c: 0. */
int cli_call_option(const char *cmd, int c, const char *arg,
                    capisim_call_options *o, bool *have_at, int *rc);
/* Without --at the call's clock is the host's (the CLI, not the engine,
 * may read it); false when it cannot be read. */
bool cli_call_clock(capisim_call_options *o, bool have_at);

/* Parse a time argument of option `opt` (e.g. "--at"); on error prints
 * "capisim: --at: error: ..." with a caret and returns false. */
int cli_parse_time_arg(const char *opt, const char *arg, cs_filetime *out);

/* A whole number of option opt in min..max, decimal or 0x hex (--jobs,
 * --machines, --seed, --step, --timeout, ...): false after printing
 * "capisim CMD: OPT: expected a number MIN..MAX, got 'ARG'". */
int cli_parse_number(const char *cmd, const char *opt, const char *arg,
                     uint64_t min, uint64_t max, uint64_t *out);

/* --reuse on|off|check: false after printing a usage error for cmd. */
int cli_parse_reuse_arg(const char *cmd, const char *arg, capisim_reuse *mode);

/* Write a file whole or not at all: write(f, ctx) into a temporary file
 * beside path, then rename it over path. A path that is a device, a
 * FIFO or a symbolic link (/dev/null, /dev/stdout) is written in place:
 * renaming over it would replace the device or the link. Prints the
 * error; returns a CLI_EXIT_* code. */
typedef cs_status (*cli_writer)(FILE *f, void *ctx);
int cli_write_atomic(const char *path, cli_writer write, void *ctx);

/* The same for output written piece by piece: open (a temporary file
 * beside path; with dash_is_stdout, "-" is stdout; a device or a pipe such
 * as /dev/null is written in place), write to f, then
 * commit with the writing's status (renames over path on CS_OK, else
 * removes the temporary file) or abort. open and commit print their
 * errors and return CLI_EXIT_* codes. */
typedef struct {
	const char *path;
	char *tmp;   /* the temporary file; NULL: stdout or direct */
	bool direct; /* a device or pipe, written in place */
	FILE *f;
} cli_out;
int cli_out_open(cli_out *o, const char *path, bool dash_is_stdout);
int cli_out_commit(cli_out *o, cs_status st);
void cli_out_abort(cli_out *o);

/* capisim's own files (fixtures/{data,keys,incidents}, the Wine probe):
 * $CAPISIM_DATA_DIR, else the installed share/capisim beside the program's
 * bindir, else (a build tree) the source tree named in the build's
 * capisim-uninstalled file; NULL when none is found. cli_data_path joins
 * rel to it into buf. */
const char *cli_data_dir(void);
const char *cli_data_path(const char *rel, char *buf, size_t cap);
/* Defaults for compare wine: the probe (the build's, or the installed
 * one) and the WINEPREFIX (the build's, or $XDG_CACHE_HOME/capisim or
 * ~/.cache/capisim). NULL when unknown. */
const char *cli_probe_path(char *buf, size_t cap);
const char *cli_wineprefix_path(char *buf, size_t cap);

/* The roff man page of command cmd (NULL: capisim.1, made around
 * main_help, the text of `capisim --help`). A CLI_EXIT_* code. */
int cli_write_man(FILE *out, const char *cmd, const char *main_help);

/* Whether two output paths name one file (existing or not). */
bool cli_same_file(const char *a, const char *b);

/* Load the record of path for cmd ("explain", "report on") (capisim/
 * explain.h): CLI_EXIT_OK when it has a result to show; otherwise the error
 * printed, a CLI_EXIT_* code and *out NULL. */
int cli_load_record(const char *cmd, const char *path, capisim_record **out);

/* Parse a scenario file (capisim/scenario.h); on bad input prints the
 * diagnostic and returns CLI_EXIT_USAGE. */
int cli_load_scenario(const char *path, capisim_scenario **s);

/* Subcommand entry points. */
int cli_cmd_time(int argc, char **argv);
int cli_cmd_verify(int argc, char **argv);
int cli_cmd_schannel(int argc, char **argv);
int cli_cmd_fixtures(int argc, char **argv);
int cli_cmd_compare(int argc, char **argv);
int cli_cmd_import(int argc, char **argv);
int cli_cmd_reproduce(int argc, char **argv);
int cli_cmd_run(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_explain(int argc, char **argv);
int cli_cmd_hypotheses(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);
int cli_cmd_fleet(int argc, char **argv);
int cli_cmd_bench(int argc, char **argv);
int cli_cmd_call(int argc, char **argv);
int cli_cmd_revocation(int argc, char **argv);
int cli_cmd_profiles(int argc, char **argv);

#endif
