/* The capisim command line: subcommand table, exit codes, shared helpers. */
#ifndef CAPISIM_CLI_H
#define CAPISIM_CLI_H

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
/* "capisim CMD: MESSAGE" on stderr plus a hint to `capisim help CMD`;
 * returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Print the command's usage text to out. */
void cli_print_usage(FILE *out, const cli_command *c);

/* Parse a time argument of option `opt` (e.g. "--at"); on error prints
 * "capisim: --at: error: ..." with a caret and returns false. */
int cli_parse_time_arg(const char *opt, const char *arg, cs_filetime *out);

/* --reuse on|off|check (cs_reuse_mode, sim/scenario/scenario.h): false
 * after printing a usage error for cmd. */
int cli_parse_reuse_arg(const char *cmd, const char *arg, int *mode);

/* Write a file whole or not at all: write(f, ctx) into a temporary file
 * beside path, then rename it over path. A path that is a device, a
 * FIFO or a symbolic link (/dev/null, /dev/stdout) is written in place:
 * renaming over it would replace the device or the link. Prints the
 * error; returns a CLI_EXIT_* code. */
typedef cs_status (*cli_writer)(FILE *f, void *ctx);
int cli_write_atomic(const char *path, cli_writer write, void *ctx);

/* Parse a scenario file with a new pool based in its folder; on bad input
 * prints the diagnostic and returns CLI_EXIT_USAGE. */
struct cs_pool;
struct cs_scenario;
int cli_load_scenario(const char *path, struct cs_pool **pool,
                      struct cs_scenario **s);

/* Subcommand entry points. */
int cli_cmd_time(int argc, char **argv);
int cli_cmd_verify(int argc, char **argv);
int cli_cmd_schannel(int argc, char **argv);
int cli_cmd_fixtures(int argc, char **argv);
int cli_cmd_compare(int argc, char **argv);
int cli_cmd_import(int argc, char **argv);
int cli_cmd_run(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_explain(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);
int cli_cmd_fleet(int argc, char **argv);
int cli_cmd_bench(int argc, char **argv);
int cli_cmd_call(int argc, char **argv);
int cli_cmd_revocation(int argc, char **argv);

/* The trace of FILE.scn (run with its trace on) or of a JSON Lines trace
 * file, as a jansson array (json_t *, caller decrefs). CLI_EXIT_* code;
 * errors printed. */
int cli_trace_json(const char *path, void **out);
/* A loaded run for the views that also replay it (explain, report): the
 * trace as a json_t * array and, for a scenario file, the parsed scenario
 * and its pool (NULL for a trace file). Freed with cli_loaded_free. */
typedef struct {
	void *trace;
	struct cs_pool *pool;
	struct cs_scenario *scenario;
} cli_loaded;
int cli_load_run(const char *path, cli_loaded *out);
void cli_loaded_free(cli_loaded *l);

#endif
