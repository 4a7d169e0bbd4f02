/* capisim compare wine SCENARIO (cmd_compare_scenario.c), called by
 * cmd_compare.c's option parser. */
#ifndef CAPISIM_CLI_COMPARE_SCENARIO_H
#define CAPISIM_CLI_COMPARE_SCENARIO_H

#include "compare/wine/runner.h"

/* Play the Wine-playable part of the scenario at path in Wine and in the
 * model (profile wine-8), print the skipped steps and the diff; wine_out /
 * model_out (may be NULL) get the two traces. Returns a CLI_EXIT_* code. */
int cli_compare_wine_scenario(const wine_run_opts *run, const char *path,
                              const char *wine_out, const char *model_out);

#endif
