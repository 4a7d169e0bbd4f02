/* capisim schannel issuer-list: the trusted-issuer list a Schannel server
 * would send for the given stores - each name, its encoded size, the
 * running total, what was dropped and why, and event 36885 when the list is
 * truncated (RULES.md 8, docs/schannel.md; capisim/schannel.h). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int parse_uint(const char *cmd, const char *opt, const char *s,
                      unsigned long max, unsigned long *out)
{
	uint64_t v;
	if (!cli_parse_number(cmd, opt, s, 0, max, &v))
		return CLI_EXIT_USAGE;
	*out = (unsigned long)v;
	return 0;
}

static int issuer_list(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"profile", required_argument, NULL, 'p'},
	    {"root", required_argument, NULL, 'r'},
	    {"authroot", required_argument, NULL, 'a'},
	    {"enterprise-root", required_argument, NULL, 'e'},
	    {"client-auth-issuer", required_argument, NULL, 'c'},
	    {"app-store", required_argument, NULL, 'A'},
	    {"send-trusted-issuer-list", required_argument, NULL, 's'},
	    {"trust-mode", required_argument, NULL, 'm'},
	    {"count", required_argument, NULL, 'n'},
	    {"limit", required_argument, NULL, 'l'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = "schannel";
	capisim_sch_input *in = calloc((size_t)argc, sizeof *in);
	capisim_issuer_list_options o = {.inputs = in};
	unsigned long v;
	int c, rc = CLI_EXIT_OK;
	if (!in)
		return CLI_EXIT_INTERNAL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		cs_diag pd;
		switch (c) {
		case 'p':
			o.profile = optarg;
			if (capisim_profile_check(optarg, &pd) != CS_OK)
				rc = cli_usage_error(cmd, "%s", pd.msg);
			break;
		case 'r':
			in[o.ninputs++] =
			    (capisim_sch_input){CAPISIM_SCH_ROOT, optarg};
			break;
		case 'a':
			in[o.ninputs++] =
			    (capisim_sch_input){CAPISIM_SCH_AUTHROOT, optarg};
			break;
		case 'e':
			in[o.ninputs++] = (capisim_sch_input){
			    CAPISIM_SCH_ENTERPRISE_ROOT, optarg};
			break;
		case 'c':
			in[o.ninputs++] = (capisim_sch_input){
			    CAPISIM_SCH_CLIENT_AUTH_ISSUER, optarg};
			break;
		case 'A':
			in[o.ninputs++] =
			    (capisim_sch_input){CAPISIM_SCH_APP, optarg};
			break;
		case 's':
			rc = parse_uint(cmd, "--send-trusted-issuer-list",
			                optarg, 1, &v);
			o.send_set = true;
			o.send = (unsigned)v;
			break;
		case 'm':
			rc = parse_uint(cmd, "--trust-mode", optarg, 2, &v);
			o.mode_set = true;
			o.mode = (unsigned)v;
			break;
		case 'n':
			o.count_rule = optarg;
			if (!capisim_sch_count_rule_known(optarg))
				rc = cli_usage_error(
				    cmd,
				    "--count: expected encoded-list, prefixed "
				    "or names, got '%s'",
				    optarg);
			break;
		case 'l':
			o.limit_set = true;
			rc =
			    parse_uint(cmd, "--limit", optarg, 65535, &o.limit);
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			free(in);
			cli_print_usage(stdout, cli_find_command("schannel"));
			return CLI_EXIT_OK;
		default:
			rc = cli_usage_error(cmd, "bad option");
		}
		if (rc) {
			free(in);
			return rc;
		}
	}
	if (optind < argc) {
		free(in);
		return cli_usage_error(cmd, "unexpected argument '%s'",
		                       argv[optind]);
	}
	cs_diag d;
	cs_status st = capisim_schannel_issuer_list(stdout, &o, &d);
	free(in);
	if (st == CS_ERR_NOMEM || st == CS_ERR_IO)
		return CLI_EXIT_INTERNAL;
	return st == CS_OK ? CLI_EXIT_OK : cli_fail(&d);
}

int cli_cmd_schannel(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("schannel",
		                       "no subcommand (issuer-list)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_usage(stdout, cli_find_command("schannel"));
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "issuer-list") == 0)
		return issuer_list(argc - 1, argv + 1);
	return cli_usage_error("schannel", "unknown subcommand '%s'", argv[1]);
}
