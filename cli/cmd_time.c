/* capisim time: convert between ISO 8601 UTC, FILETIME, REG_BINARY and Unix
 * time - the conversions an administrator does by hand when reading
 * DisallowedCertLastSyncTime or ChainCacheResyncFiletime out of the registry.
 */
#include <getopt.h>

#include "cli.h"

int cli_cmd_time(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	int c;
	/* '-' after '+': values such as "unix:-5" are operands, not options */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("time"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("time", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("time", "no TIME given");

	/* Everything is read first: bad input leaves no partial output. */
	cs_diag d;
	cs_status st =
	    capisim_time_convert(stdout, (const char *const *)argv + optind,
	                         (size_t)(argc - optind), json, &d);
	if (st == CS_ERR_SYNTAX)
		return cli_fail(&d);
	return st == CS_OK ? CLI_EXIT_OK : CLI_EXIT_INTERNAL;
}
