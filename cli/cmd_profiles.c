/* capisim profiles [--json] [NAME...]: every OS profile with every column
 * of the profiles table (capisim/profiles.h). */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int cli_cmd_profiles(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else if (c == 'h') {
			cli_print_usage(stdout, cli_find_command("profiles"));
			return CLI_EXIT_OK;
		} else
			return cli_usage_error("profiles", "bad option");
	}
	cs_diag d;
	cs_status st =
	    capisim_profiles_write(stdout, (const char *const *)argv + optind,
	                           (size_t)(argc - optind), json, &d);
	if (st == CS_ERR_NOT_FOUND)
		return cli_usage_error("profiles", "%s", d.msg);
	return st == CS_OK && fflush(stdout) == 0 ? CLI_EXIT_OK
	                                          : CLI_EXIT_INTERNAL;
}
