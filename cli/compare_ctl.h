/* capisim compare wine --ctl FILE... (cmd_compare_ctl.c), called by
 * cmd_compare.c's option parser. */
#ifndef CAPISIM_CLI_COMPARE_CTL_H
#define CAPISIM_CLI_COMPARE_CTL_H

#include "compare/wine/runner.h"

/* Check each signed CTL with Wine's CertCreateCTLContext and signature
 * checks (the probe's ctl-check) and with the engine's CTL parser, print
 * one line per field per file and a summary; wine_out / model_out (may be
 * NULL) get the two sides as JSON Lines. Returns a CLI_EXIT_* code. */
int cli_compare_wine_ctl(const wine_run_opts *run, const char *const *files,
                         unsigned nfiles, const char *wine_out,
                         const char *model_out);

#endif
