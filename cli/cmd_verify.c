/* capisim verify: build and check one chain the way CertGetCertificateChain
 * and CertVerifyCertificateChainPolicy do on the chosen OS profile, and
 * print it like `certutil -verify` (or as one JSON object); capisim/
 * verify.h does the work, each option value read by its one parser. */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cli.h"

enum { NO_VALUE = 256, HAS_VALUE = 512 };

/* Every option but --at, --json and --help goes to capisim_verify_set by
 * its name. */
static const struct option opts[] = {
    {"profile", required_argument, NULL, HAS_VALUE},
    {"root", required_argument, NULL, HAS_VALUE},
    {"ca", required_argument, NULL, HAS_VALUE},
    {"additional", required_argument, NULL, HAS_VALUE},
    {"ntauth", required_argument, NULL, HAS_VALUE},
    {"disallowed", required_argument, NULL, HAS_VALUE},
    {"crl", required_argument, NULL, HAS_VALUE},
    {"crl-store", required_argument, NULL, HAS_VALUE},
    {"serve", required_argument, NULL, HAS_VALUE},
    {"revocation", required_argument, NULL, HAS_VALUE},
    {"policy", required_argument, NULL, HAS_VALUE},
    {"policy-flags", required_argument, NULL, HAS_VALUE},
    {"server-name", required_argument, NULL, HAS_VALUE},
    {"auth", required_argument, NULL, HAS_VALUE},
    {"ssl-checks", required_argument, NULL, HAS_VALUE},
    {"no-ssl-para", no_argument, NULL, NO_VALUE},
    {"usage", required_argument, NULL, HAS_VALUE},
    {"usage-match", required_argument, NULL, HAS_VALUE},
    {"urlfetch", no_argument, NULL, NO_VALUE},
    {"lang", required_argument, NULL, HAS_VALUE},
    {"at", required_argument, NULL, 'a'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* -1 after --help, else a CLI_EXIT_* code. */
static int parse_opts(int argc, char **argv, capisim_verify *v, bool *json)
{
	int c, idx;
	bool have_at = false;
	cs_filetime at;
	while ((c = getopt_long(argc, argv, "h", opts, &idx)) != -1) {
		switch (c) {
		case NO_VALUE:
		case HAS_VALUE: {
			cs_diag d;
			cs_status st = capisim_verify_set(
			    v, opts[idx].name, c == NO_VALUE ? NULL : optarg,
			    &d);
			if (st != CS_OK)
				return cli_fail_call("verify", st, &d);
			break;
		}
		case 'a':
			if (!cli_parse_time_arg("--at", optarg, &at))
				return CLI_EXIT_USAGE;
			have_at = true;
			break;
		case 'j':
			*json = true;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("verify"));
			return -1;
		default:
			return cli_usage_error("verify", "bad option");
		}
	}
	if (!have_at) {
		/* The CLI (not the library) reads the host clock: verify
		 * "now" unless told otherwise. */
		if (cs_time_from_unix((int64_t)time(NULL), &at) != CS_OK)
			return CLI_EXIT_INTERNAL;
	}
	capisim_verify_set_time(v, at, have_at);
	if (optind + 1 != argc)
		return cli_usage_error(
		    "verify", optind >= argc ? "no LEAF certificate given"
		                             : "more than one LEAF given");
	return CLI_EXIT_OK;
}

int cli_cmd_verify(int argc, char **argv)
{
	capisim_verify *v;
	if (capisim_verify_new(&v) != CS_OK)
		return CLI_EXIT_INTERNAL;
	bool json = false;
	cs_diag d;
	int rc = parse_opts(argc, argv, v, &json);
	if (rc != CLI_EXIT_OK) {
		capisim_verify_free(v);
		return rc < 0 ? CLI_EXIT_OK : rc;
	}
	cs_status st = capisim_verify_run(v, argv[optind], &d);
	if (st != CS_OK)
		rc = cli_fail_call("verify", st, &d);
	else if (json)
		st = capisim_verify_write_json(v, stdout);
	else {
		/* what the model assumed on stderr, so stdout diffs against
		 * a real paste */
		st = capisim_verify_write_assumptions(v, stderr);
		if (st == CS_OK)
			st = capisim_verify_write_text(v, stdout, &d);
		if (st == CS_ERR_NOT_FOUND)
			rc = cli_usage_error("verify", "%s", d.msg);
	}
	if (rc == CLI_EXIT_OK && st != CS_OK)
		rc = CLI_EXIT_INTERNAL;
	if (rc == CLI_EXIT_OK && !capisim_verify_passed(v))
		rc = CLI_EXIT_DIFFERENT;
	capisim_verify_free(v);
	return rc;
}
