/* capisim compare: diff two traces, or play the same situation in Wine's
 * crypt32 and in the model (profile wine-8) and diff the two
 * (capisim/compare.h). */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* How many --ctl files compare wine takes. */
#define MAX_CTLS 32

static int diff_files(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"verbose", no_argument, NULL, 'v'},
	    {"only", required_argument, NULL, 'o'},
	    {"log", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	capisim_diff_options o = {0};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		if (c == 'v')
			o.verbose = true;
		else if (c == 'o')
			o.only = optarg;
		else if (c == 'l')
			o.log = optarg;
		else if (c == 'h')
			return cli_print_usage(stdout,
			                       cli_find_command("compare")),
			       CLI_EXIT_OK;
		else
			return cli_usage_error("compare", "unknown option '%s'",
			                       argv[optind - 1]);
	}
	if (argc - optind != 2)
		return cli_usage_error(
		    "compare", "expected two trace files (A.jsonl B.jsonl)");
	o.name_a = argv[optind];
	o.name_b = argv[optind + 1];
	capisim_diff_summary sum;
	cs_diag d;
	if (capisim_diff_files(o.name_a, o.name_b, &o, stdout, &sum, &d) !=
	    CS_OK)
		return cli_fail(&d);
	/* Two empty traces are no agreement: CI would pass on a run that
	 * recorded nothing. */
	if (!sum.matched && !sum.different && !sum.only_a && !sum.only_b) {
		fprintf(stderr,
		        "capisim compare: error: %s and %s hold no "
		        "observations: nothing to compare\n",
		        o.name_a, o.name_b);
		return CLI_EXIT_USAGE;
	}
	capisim_diff_write_summary(stdout, &o, &sum);
	return sum.different ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
}

/* ---- capisim compare wine ---- */

typedef struct {
	capisim_wine_options run;
	bool verify, wine_only;
	const char *plan, *wine_trace, *model_trace, *expect, *profile, *at;
	capisim_verify *v; /* `capisim verify`'s options, one parser each */
	const char *ctls[MAX_CTLS]; /* --ctl: signed CTLs */
	unsigned nctl;
} wine_args;

static cs_status write_text(FILE *f, void *ctx)
{
	return fputs(ctx, f) < 0 ? CS_ERR_IO : CS_OK;
}

/* The two sides to their files, the report to stdout. */
static int finish(const wine_args *a, capisim_wine_cmp *c)
{
	const char *wine = capisim_wine_cmp_trace(c, false),
	           *model = capisim_wine_cmp_trace(c, true);
	int rc = CLI_EXIT_OK;
	if (a->wine_trace &&
	    (rc = cli_write_atomic(a->wine_trace, write_text, (void *)wine)) !=
	        CLI_EXIT_OK)
		return rc;
	if (model && a->model_trace &&
	    (rc = cli_write_atomic(a->model_trace, write_text,
	                           (void *)model)) != CLI_EXIT_OK)
		return rc;
	bool differs;
	cs_diag d;
	cs_status st = capisim_wine_cmp_write_report(c, stdout, &differs, &d);
	if (st != CS_OK)
		return cli_fail(&d);
	return differs ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
}

static int run_scenario(const wine_args *a, const char *path,
                        capisim_wine_cmp **c)
{
	capisim_scenario *s;
	int rc = cli_load_scenario(path, &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	cs_diag d;
	cs_status st = capisim_wine_compare_scenario(&a->run, s, path, c, &d);
	capisim_scenario_free(s);
	return st == CS_OK ? CLI_EXIT_OK : cli_fail_in("compare", st, &d);
}

static int run_ctls(const wine_args *a, capisim_wine_cmp **c)
{
	for (unsigned i = 0; i < a->nctl; i++)
		if (strchr(a->ctls[i], '\n'))
			return cli_usage_error(
			    "compare", "--ctl: a path with a line break");
	cs_diag d;
	cs_status st =
	    capisim_wine_compare_ctls(&a->run, a->ctls, a->nctl, c, &d);
	return st == CS_OK ? CLI_EXIT_OK : cli_fail_in("compare", st, &d);
}

static int run_plan(const wine_args *a, capisim_wine_cmp **c)
{
	cs_diag d;
	cs_status st =
	    capisim_wine_compare_plan(&a->run, a->plan, a->expect, c, &d);
	return st == CS_OK ? CLI_EXIT_OK : cli_fail_in("compare", st, &d);
}

static int run_verify(const wine_args *a, const char *leaf,
                      capisim_wine_cmp **c)
{
	cs_filetime at;
	if (a->at) {
		if (!cli_parse_time_arg("--at", a->at, &at))
			return CLI_EXIT_USAGE;
	} else if (cs_time_from_unix((int64_t)time(NULL), &at) != CS_OK) {
		return CLI_EXIT_INTERNAL;
	}
	capisim_verify_set_time(a->v, at, a->at != NULL);
	cs_diag d;
	cs_status st = capisim_wine_compare_verify(
	    &a->run, a->v, leaf, a->expect, a->wine_only, c, &d);
	if (st == CS_OK)
		return CLI_EXIT_OK;
	if (d.file[0] && st != CS_ERR_NOMEM) /* bad input, as verify says */
		return cli_fail(&d);
	if (st == CS_ERR_RANGE && !d.file[0])
		return cli_usage_error("compare", "%s", d.msg);
	return cli_fail_in("compare", st, &d);
}

/* Which comparison, from what the options gave. */
static int dispatch(wine_args *a, int nargs, char **args)
{
	capisim_wine_cmp *c = NULL;
	int rc;
	if (a->nctl) {
		if (a->verify || a->plan || a->expect || a->wine_only || nargs)
			return cli_usage_error(
			    "compare", "--ctl takes no --verify, --plan, "
			               "--expect, --wine-only or SCENARIO");
		rc = run_ctls(a, &c);
	} else if (!a->verify && !a->plan && nargs == 1 && !a->expect &&
	           !a->wine_only) {
		rc = run_scenario(a, args[0], &c);
	} else if (a->verify == (a->plan != NULL)) {
		return cli_usage_error(
		    "compare", "`compare wine` needs SCENARIO, --verify "
		               "LEAF or --plan FILE");
	} else if (a->verify && nargs != 1) {
		return cli_usage_error("compare",
		                       "--verify takes one LEAF certificate");
	} else if (a->plan && nargs) {
		return cli_usage_error("compare", "unexpected argument '%s'",
		                       args[0]);
	} else if (a->verify) {
		rc = run_verify(a, args[0], &c);
	} else {
		rc = run_plan(a, &c);
	}
	if (rc == CLI_EXIT_OK)
		rc = finish(a, c);
	capisim_wine_cmp_free(c);
	return rc;
}

static int compare_wine(int argc, char **argv)
{
	enum {
		O_VERIFY = 256,
		O_PLAN,
		O_PREFIX,
		O_PROBE,
		O_WINE,
		O_WINE_TRACE,
		O_MODEL_TRACE,
		O_FETCH_LOG,
		O_WINE_ONLY,
		O_TIMEOUT,
		O_EXPECT,
		O_PROFILE,
		O_AT,
		O_JSON,
		O_CTL,
		O_VERIFY_OPT, /* capisim_verify_set by its name */
		O_VERIFY_SWITCH,
	};
	static const struct option opts[] = {
	    {"verify", no_argument, NULL, O_VERIFY},
	    {"plan", required_argument, NULL, O_PLAN},
	    {"prefix", required_argument, NULL, O_PREFIX},
	    {"probe", required_argument, NULL, O_PROBE},
	    {"wine", required_argument, NULL, O_WINE},
	    {"wine-trace", required_argument, NULL, O_WINE_TRACE},
	    {"model-trace", required_argument, NULL, O_MODEL_TRACE},
	    {"fetch-log", required_argument, NULL, O_FETCH_LOG},
	    {"wine-only", no_argument, NULL, O_WINE_ONLY},
	    {"timeout", required_argument, NULL, O_TIMEOUT},
	    {"expect", required_argument, NULL, O_EXPECT},
	    {"profile", required_argument, NULL, O_PROFILE},
	    {"at", required_argument, NULL, O_AT},
	    {"json", no_argument, NULL, O_JSON},
	    {"ctl", required_argument, NULL, O_CTL},
	    {"policy", required_argument, NULL, O_VERIFY_OPT},
	    {"revocation", required_argument, NULL, O_VERIFY_OPT},
	    {"server-name", required_argument, NULL, O_VERIFY_OPT},
	    {"root", required_argument, NULL, O_VERIFY_OPT},
	    {"ca", required_argument, NULL, O_VERIFY_OPT},
	    {"disallowed", required_argument, NULL, O_VERIFY_OPT},
	    {"crl", required_argument, NULL, O_VERIFY_OPT},
	    {"usage", required_argument, NULL, O_VERIFY_OPT},
	    {"serve", required_argument, NULL, O_VERIFY_OPT},
	    {"additional", required_argument, NULL, O_VERIFY_OPT},
	    {"policy-flags", required_argument, NULL, O_VERIFY_OPT},
	    {"ssl-checks", required_argument, NULL, O_VERIFY_OPT},
	    {"auth", required_argument, NULL, O_VERIFY_OPT},
	    {"usage-match", required_argument, NULL, O_VERIFY_OPT},
	    {"no-ssl-para", no_argument, NULL, O_VERIFY_SWITCH},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	wine_args a;
	memset(&a, 0, sizeof a);
	if (capisim_verify_new(&a.v) != CS_OK)
		return CLI_EXIT_INTERNAL;
	int c, idx, rc = CLI_EXIT_OK;
	bool policy_given = false, no_ssl_para = false;
	optind = 1;
	opterr = 0;
	while (rc == CLI_EXIT_OK &&
	       (c = getopt_long(argc, argv, "+h", opts, &idx)) != -1) {
		switch (c) {
		case 'h':
			cli_print_usage(stdout, cli_find_command("compare"));
			capisim_verify_free(a.v);
			return CLI_EXIT_OK;
		case O_VERIFY:
			a.verify = true;
			break;
		case O_PLAN:
			a.plan = optarg;
			break;
		case O_PREFIX:
			a.run.prefix = optarg;
			break;
		case O_PROBE:
			a.run.probe = optarg;
			break;
		case O_WINE:
			a.run.wine = optarg;
			break;
		case O_WINE_TRACE:
			a.wine_trace = optarg;
			break;
		case O_MODEL_TRACE:
			a.model_trace = optarg;
			break;
		case O_FETCH_LOG:
			a.run.fetch_log = optarg;
			break;
		case O_WINE_ONLY:
			a.wine_only = true;
			break;
		case O_EXPECT:
			a.expect = optarg;
			break;
		case O_TIMEOUT: {
			uint64_t t = 0;
			if (!cli_parse_number("compare", "--timeout", optarg, 1,
			                      86400, &t))
				rc = CLI_EXIT_USAGE;
			a.run.timeout_s = (unsigned)t;
			break;
		}
		case O_PROFILE:
			a.profile = optarg;
			break;
		case O_AT:
			a.at = optarg;
			break;
		case O_JSON:
			break; /* the comparison is always on JSON */
		case O_CTL:
			if (a.nctl == MAX_CTLS)
				rc = cli_usage_error(
				    "compare", "more than %d --ctl options",
				    MAX_CTLS);
			else
				a.ctls[a.nctl++] = optarg;
			break;
		case O_VERIFY_OPT:
		case O_VERIFY_SWITCH: {
			cs_diag d;
			cs_status st = capisim_verify_set(
			    a.v, opts[idx].name,
			    c == O_VERIFY_SWITCH ? NULL : optarg, &d);
			if (st == CS_ERR_NOMEM)
				rc = CLI_EXIT_INTERNAL;
			else if (st != CS_OK)
				rc = cli_usage_error("compare", "%s", d.msg);
			policy_given |= strcmp(opts[idx].name, "policy") == 0;
			no_ssl_para |= c == O_VERIFY_SWITCH;
			break;
		}
		default:
			rc = cli_usage_error("compare", "unknown option '%s'",
			                     argv[optind - 1]);
		}
	}
	/* Leaving out the SSL parameters is a question about the SSL
	 * policy: Wine is asked it without --policy ssl. */
	cs_diag d;
	if (rc == CLI_EXIT_OK && no_ssl_para && !policy_given &&
	    capisim_verify_set(a.v, "policy", "ssl", &d) != CS_OK)
		rc = CLI_EXIT_INTERNAL;
	/* The probe and the prefix unless given: the build tree's, or the
	 * installed probe and the user's cache (cli/data_dir.c). */
	static char probe_buf[PATH_MAX], prefix_buf[PATH_MAX];
	a.run.default_probe = cli_probe_path(probe_buf, sizeof probe_buf);
	a.run.default_prefix =
	    cli_wineprefix_path(prefix_buf, sizeof prefix_buf);
	if (rc == CLI_EXIT_OK && a.profile && strcmp(a.profile, "wine-8") != 0)
		rc = cli_usage_error(
		    "compare", "Wine is compared with profile wine-8, not '%s'",
		    a.profile);
	if (rc == CLI_EXIT_OK)
		rc = dispatch(&a, argc - optind, argv + optind);
	capisim_verify_free(a.v);
	return rc;
}

int cli_cmd_compare(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "wine") == 0)
		return compare_wine(argc - 1, argv + 1);
	return diff_files(argc, argv);
}
