/* capisim compare wine --verify LEAF (cmd_compare_verify.c): the probe plan
 * of one `capisim verify` and the model's side of it. */
#ifndef CAPISIM_CLI_COMPARE_VERIFY_H
#define CAPISIM_CLI_COMPARE_VERIFY_H

#include <stdbool.h>

#include "cli.h"

#define CLI_COMPARE_MAX_FILES 32

/* The files of `capisim verify`'s options, by kind. */
enum {
	CLI_F_ROOT,
	CLI_F_CA,
	CLI_F_DISALLOWED,
	CLI_F_CRL,
	CLI_F_USAGE,
	CLI_F_SERVE,
	CLI_F_ADDITIONAL,
	CLI_F_KINDS
};

/* `capisim verify`'s options as compare wine took them (issue 4's
 * contract): kept as given for the model's side. */
typedef struct {
	const char *at, *policy, *revocation, *server;
	const char *policy_flags, *ssl_checks, *auth, *usage_match;
	bool no_ssl_para;
	const char *files[CLI_F_KINDS][CLI_COMPARE_MAX_FILES];
	unsigned nfiles[CLI_F_KINDS];
	const char *leaf;
	bool wine_only;
	const char *expect; /* the model's side from a file instead */
} cli_verify_args;

/* The option names of the file kinds ("--root", ...). */
extern const char *const cli_compare_file_opt[CLI_F_KINDS];

/* Check the values with `capisim verify`'s parsers: a usage error is
 * printed and returned. */
int cli_compare_verify_check(const cli_verify_args *a);

/* Write the probe plan, run it in Wine (o) and the model's side; *out is
 * the comparison. A CLI_EXIT_* code, errors printed. */
int cli_compare_verify_run(const cli_verify_args *a,
                           const capisim_wine_options *o,
                           capisim_wine_cmp **out);

#endif
