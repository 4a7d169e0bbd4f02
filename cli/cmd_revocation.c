/* capisim revocation: CertVerifyRevocation (or cryptnet's
 * CertDllVerifyRevocation) on certificates, with the issuer, a CRL store
 * and a time to check at separate from the clock - the call `capisim call
 * CertVerifyRevocation ...` spells out, with options (docs/calls.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_FILES 16

int cli_cmd_revocation(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"profile", required_argument, NULL, 'p'},
	    {"at", required_argument, NULL, 'a'},
	    {"time", required_argument, NULL, 't'},
	    {"issuer", required_argument, NULL, 'i'},
	    {"crl-store", required_argument, NULL, 'c'},
	    {"flags", required_argument, NULL, 'f'},
	    {"chain", no_argument, NULL, 'C'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"type", required_argument, NULL, 'T'},
	    {"provider", no_argument, NULL, 'P'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	capisim_call_options o = {0};
	capisim_revocation_args a = {0};
	const char *crls[MAX_FILES];
	bool have_at = false;
	cs_diag d;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		int rc, taken = cli_call_option("revocation", c, optarg, &o,
		                                &have_at, &rc);
		if (taken < 0)
			return rc;
		if (taken)
			continue;
		switch (c) {
		case 't': {
			cs_filetime ignored;
			if (!cli_parse_time_arg("--time", optarg, &ignored))
				return CLI_EXIT_USAGE;
			a.time = optarg;
			break;
		}
		case 'i':
			a.issuer = optarg;
			break;
		case 'c':
			if (a.ncrls == MAX_FILES)
				return cli_usage_error(
				    "revocation", "more than %d --crl-store",
				    MAX_FILES);
			crls[a.ncrls++] = optarg;
			break;
		case 'f':
			a.flags = optarg;
			break;
		case 'C':
			a.flags = "1"; /* CERT_VERIFY_REV_CHAIN_FLAG */
			break;
		case 'e':
			a.encoding = optarg;
			break;
		case 'T':
			a.type = optarg;
			break;
		case 'P':
			a.provider = true;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("revocation"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("revocation", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("revocation",
		                       "expected one or more certificates");
	if (argc - optind > MAX_FILES)
		return cli_usage_error("revocation",
		                       "more than %d certificates", MAX_FILES);
	if (!cli_call_clock(&o, have_at))
		return CLI_EXIT_INTERNAL;
	a.certs = (const char *const *)argv + optind;
	a.ncerts = (size_t)(argc - optind);
	a.crls = crls;
	bool good = false;
	cs_status st = capisim_revocation(stdout, &o, &a, &good, &d);
	if (st != CS_OK)
		return cli_fail_in("revocation", st, &d);
	return good ? CLI_EXIT_OK : CLI_EXIT_DIFFERENT;
}
