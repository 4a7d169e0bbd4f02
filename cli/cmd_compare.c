/* capisim compare: diff two traces, or run the same verification in Wine's
 * crypt32 and in the model (profile wine-8) and diff the two. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/compare_ctl.h"
#include "cli/compare_scenario.h"
#include "compare/diff.h"
#include "compare/wine/crl_urls.h"
#include "compare/wine/runner.h"
#include "engine/chain/words.h"

#define MAX_FILES 32

static int diff_files(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"verbose", no_argument, NULL, 'v'},
	    {"only", required_argument, NULL, 'o'},
	    {"log", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	cmp_opts o = {0};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		if (c == 'v')
			o.verbose = 1;
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
	cmp_summary sum;
	cs_diag d;
	cs_status st = cmp_files(o.name_a, o.name_b, &o, stdout, &sum, &d);
	if (st != CS_OK)
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
	cmp_print_summary(stdout, &o, &sum);
	return sum.different ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
}

/* ---- capisim compare wine ---- */

typedef struct {
	wine_run_opts run;
	bool verify, wine_only;
	const char *plan, *wine_trace, *model_trace, *expect;
	/* capisim verify's options (issue 4's contract), kept for the model;
	 * the values parsed (engine/chain/words.h) for the plan. */
	const char *at, *policy, *revocation, *server, *profile;
	const char *policy_flags, *ssl_checks, *auth, *usage_match;
	bool no_ssl_para;
	cs_policy_id policy_id;
	uint32_t chain_flags, policy_flags_v, ssl_checks_v;
	int auth_v;
	cs_usage_match usage_match_v;
	/* root, ca, disallowed, crl, usage, serve, additional */
	const char *files[7][MAX_FILES];
	unsigned nfiles[7];
	const char *leaf;
	const char *ctls[MAX_FILES]; /* --ctl: signed CTLs to check */
	unsigned nctl;
} wine_args;

enum { F_ROOT, F_CA, F_DISALLOWED, F_CRL, F_USAGE, F_SERVE, F_ADDITIONAL };
static const char *file_opt[] = {"--root",  "--ca",    "--disallowed", "--crl",
                                 "--usage", "--serve", "--additional"};
static const char *plan_kw[] = {"root", "ca", "disallowed"};

/* Write text to path through a temporary file and rename (no partial output).
 */
static int write_atomic(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0 ||
	    rename(tmp, path) != 0) {
		fprintf(stderr, "capisim compare: error: cannot write %s: %s\n",
		        path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static char *abs_path(const char *p)
{
	char buf[PATH_MAX];
	return strdup(realpath(p, buf) ? buf : p);
}

/* The probe plan for one `verify`. The network is the model's: --serve
 * URL=FILE as is, --crl at the URLs `capisim verify` serves it at
 * (crl_urls.h). */
static int write_verify_plan(const wine_args *a, cs_filetime at,
                             const char *path, cs_diag *d)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "capisim-probe 1\nprofile wine-8\nengine %s\n",
	        a->nfiles[F_ROOT] ? "exclusive" : "default");
	char *abs[3 * MAX_FILES + 1], *crls[MAX_FILES];
	size_t nabs = 0;
	for (int k = F_ROOT; k <= F_DISALLOWED; k++)
		for (unsigned i = 0; i < a->nfiles[k]; i++) {
			abs[nabs] = abs_path(a->files[k][i]);
			fprintf(f, "%s %s\n", plan_kw[k], abs[nabs++]);
		}
	char *leaf = abs_path(a->leaf);
	fprintf(f, "cert leaf %s\n", leaf);
	for (unsigned i = 0; i < a->nfiles[F_SERVE]; i++) {
		const char *arg = a->files[F_SERVE][i], *eq = strrchr(arg, '=');
		char *file = abs_path(eq + 1);
		fprintf(f, "serve %.*s %s\n", (int)(eq - arg), arg, file);
		free(file);
	}
	for (unsigned i = 0; i < a->nfiles[F_CRL]; i++)
		crls[i] = abs_path(a->files[F_CRL][i]);
	abs[nabs++] = leaf;
	/* Only the leaf, --ca and --root certificates, as the model. */
	const char *certs[3 * MAX_FILES + 1];
	size_t ncerts = 0;
	for (size_t i = 0; i < nabs; i++)
		if (i < a->nfiles[F_ROOT] + a->nfiles[F_CA] || i == nabs - 1)
			certs[ncerts++] = abs[i];
	cs_status st = crl_serve_lines(f, (const char *const *)crls,
	                               a->nfiles[F_CRL], certs, ncerts, d);
	for (size_t i = 0; i < nabs; i++)
		free(abs[i]);
	for (unsigned i = 0; i < a->nfiles[F_CRL]; i++)
		free(crls[i]);
	/* --additional: Wine's side has one additional store, so it holds
	 * them and the --ca certificates (docs/compare.md). */
	for (unsigned i = 0; i < a->nfiles[F_ADDITIONAL]; i++) {
		char *p = abs_path(a->files[F_ADDITIONAL][i]);
		fprintf(f, "cert add%u %s\n", i, p);
		free(p);
	}
	for (unsigned i = 0; a->nfiles[F_ADDITIONAL] && i < a->nfiles[F_CA];
	     i++) {
		char *p = abs_path(a->files[F_CA][i]);
		fprintf(f, "cert ca%u %s\n", i, p);
		free(p);
	}
	fprintf(f, "verify at=%lld cert=leaf flags=0x%08x policy=%d",
	        (long long)at, a->chain_flags, (int)a->policy_id);
	if (a->policy_flags_v)
		fprintf(f, " policy-flags=0x%08x", a->policy_flags_v);
	if (a->policy_id == CS_POLICY_SSL && a->no_ssl_para)
		fputs(" ssl-para=none", f);
	else if (a->policy_id == CS_POLICY_SSL)
		fprintf(f, " auth=%d ssl-checks=0x%08x", a->auth_v,
		        a->ssl_checks_v);
	if (a->server)
		fprintf(f, " server=%s", a->server);
	for (unsigned i = 0; i < a->nfiles[F_USAGE]; i++)
		fprintf(f, "%s%s", i ? "," : " usage=",
		        cs_words_usage_oid(a->files[F_USAGE][i]));
	if (a->nfiles[F_USAGE])
		fprintf(f, " usage-match=%d", (int)a->usage_match_v);
	for (unsigned i = 0; i < a->nfiles[F_ADDITIONAL]; i++)
		fprintf(f, "%sadd%u", i ? "," : " additional=", i);
	for (unsigned i = 0; a->nfiles[F_ADDITIONAL] && i < a->nfiles[F_CA];
	     i++)
		fprintf(f, ",ca%u", i);
	fputc('\n', f);
	if (fclose(f) != 0 && st == CS_OK)
		return -1;
	return st == CS_OK ? 0 : -2;
}

/* Run `capisim verify ... --json` (this same program) for the model side. */
static char *run_model(const wine_args *a, const char *at_iso, int *rc)
{
	const char *argv[32 + 7 * 2 * MAX_FILES];
	size_t n = 0;
	argv[n++] = "capisim";
	argv[n++] = "verify";
	argv[n++] = "--profile";
	argv[n++] = "wine-8";
	argv[n++] = "--at";
	argv[n++] = at_iso;
	argv[n++] = "--policy";
	argv[n++] = a->policy ? a->policy : cs_policy_name(a->policy_id);
	argv[n++] = "--revocation";
	argv[n++] = a->revocation ? a->revocation : "none";
	const char *const values[][2] = {
	    {"--server-name", a->server},
	    {"--policy-flags", a->policy_flags},
	    {"--ssl-checks", a->ssl_checks},
	    {"--auth", a->auth},
	    {"--usage-match", a->usage_match},
	};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++)
		if (values[i][1]) {
			argv[n++] = values[i][0];
			argv[n++] = values[i][1];
		}
	if (a->no_ssl_para)
		argv[n++] = "--no-ssl-para";
	for (int k = F_ROOT; k <= F_ADDITIONAL; k++)
		for (unsigned i = 0; i < a->nfiles[k]; i++) {
			argv[n++] = file_opt[k];
			argv[n++] = a->files[k][i];
		}
	argv[n++] = "--json";
	argv[n++] = a->leaf;
	argv[n] = NULL;
	int fds[2];
	if (pipe(fds) != 0)
		return NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	ssize_t got;
	while (out && (got = read(fds[0], out + len, cap - len - 1)) > 0) {
		len += (size_t)got;
		if (len + 1 == cap) {
			char *nb = realloc(out, cap *= 2);
			if (!nb)
				free(out);
			out = nb;
		}
	}
	close(fds[0]);
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		status = 127 << 8;
	*rc = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
	if (out)
		out[len] = 0;
	return out;
}

static int finish(const wine_args *a, const char *wine_trace,
                  const char *model_trace)
{
	if (a->wine_trace && write_atomic(a->wine_trace, wine_trace) != 0)
		return CLI_EXIT_USAGE;
	if (model_trace && a->model_trace &&
	    write_atomic(a->model_trace, model_trace) != 0)
		return CLI_EXIT_USAGE;
	if (!model_trace) {
		fputs(wine_trace, stdout);
		return CLI_EXIT_OK;
	}
	cmp_opts o = {.name_a = "wine",
	              .name_b = a->expect ? a->expect : "model"};
	cmp_summary sum;
	cs_diag d;
	if (cmp_texts(wine_trace, model_trace, &o, stdout, &sum, &d) != CS_OK)
		return cli_fail(&d);
	cmp_print_summary(stdout, &o, &sum);
	return sum.different ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
}

static int run_wine(wine_args *a)
{
	char plan_path[] = "/tmp/capisim-plan-XXXXXX";
	const char *plan = a->plan;
	cs_filetime at = 0;
	char at_iso[CS_TIME_BUF];
	if (a->verify) {
		if (a->at) {
			if (!cli_parse_time_arg("--at", a->at, &at))
				return CLI_EXIT_USAGE;
		} else if (cs_time_from_unix((int64_t)time(NULL), &at) !=
		           CS_OK) {
			return CLI_EXIT_INTERNAL;
		}
		/* libfaketime's clock has whole seconds. */
		if (at % 10000000)
			return cli_usage_error(
			    "compare",
			    "--at must be a whole second for Wine's clock");
		cs_time_format(at, at_iso);
		int fd = mkstemp(plan_path);
		if (fd < 0)
			return CLI_EXIT_INTERNAL;
		close(fd);
		cs_diag pd = {0};
		int prc = write_verify_plan(a, at, plan_path, &pd);
		if (prc != 0) {
			unlink(plan_path);
			return prc == -2 ? cli_fail(&pd) : CLI_EXIT_INTERNAL;
		}
		plan = plan_path;
	}
	char *wine_trace = NULL;
	cs_diag d;
	cs_status st = wine_run_plan(&a->run, plan, &wine_trace, &d);
	if (a->verify)
		unlink(plan_path);
	if (st != CS_OK)
		return cli_fail_status(st, &d);
	char *model_trace = NULL;
	int rc = CLI_EXIT_OK;
	if (a->expect) {
		cs_diag ed;
		FILE *f = fopen(a->expect, "rb");
		if (!f) {
			free(wine_trace);
			return cli_fail(cs_diag_set(&ed, a->expect, 0, 0,
			                            "cannot open: %s",
			                            strerror(errno)));
		}
		size_t cap = 1 << 20,
		       len = fread(model_trace = malloc(cap), 1, cap - 1, f);
		fclose(f);
		model_trace[len] = 0;
	} else if (a->verify && !a->wine_only) {
		model_trace = run_model(a, at_iso, &rc);
		/* `capisim verify` exits 1 when the policy fails: a result. */
		if ((rc != 0 && rc != 1) || !model_trace) {
			fprintf(
			    stderr,
			    "capisim compare: error: the model side (`capisim "
			    "verify "
			    "--profile wine-8 --json`) failed with exit %d%s\n",
			    rc,
			    rc == 2 ? "; is `capisim verify` in this build? "
			              "--wine-only "
			              "prints Wine's side alone"
			            : "");
			free(model_trace);
			free(wine_trace);
			return rc == 2 ? CLI_EXIT_USAGE : CLI_EXIT_INTERNAL;
		}
	}
	rc = finish(a, wine_trace, model_trace);
	free(wine_trace);
	free(model_trace);
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
		O_POLICY,
		O_REVOCATION,
		O_SERVER,
		O_POLICY_FLAGS,
		O_SSL_CHECKS,
		O_AUTH,
		O_USAGE_MATCH,
		O_NO_SSL_PARA,
		O_JSON,
		O_CTL,
		O_FILE_BASE, /* + F_* */
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
	    {"policy", required_argument, NULL, O_POLICY},
	    {"revocation", required_argument, NULL, O_REVOCATION},
	    {"server-name", required_argument, NULL, O_SERVER},
	    {"json", no_argument, NULL, O_JSON},
	    {"ctl", required_argument, NULL, O_CTL},
	    {"root", required_argument, NULL, O_FILE_BASE + F_ROOT},
	    {"ca", required_argument, NULL, O_FILE_BASE + F_CA},
	    {"disallowed", required_argument, NULL, O_FILE_BASE + F_DISALLOWED},
	    {"crl", required_argument, NULL, O_FILE_BASE + F_CRL},
	    {"usage", required_argument, NULL, O_FILE_BASE + F_USAGE},
	    {"serve", required_argument, NULL, O_FILE_BASE + F_SERVE},
	    {"additional", required_argument, NULL, O_FILE_BASE + F_ADDITIONAL},
	    {"policy-flags", required_argument, NULL, O_POLICY_FLAGS},
	    {"ssl-checks", required_argument, NULL, O_SSL_CHECKS},
	    {"auth", required_argument, NULL, O_AUTH},
	    {"usage-match", required_argument, NULL, O_USAGE_MATCH},
	    {"no-ssl-para", no_argument, NULL, O_NO_SSL_PARA},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	wine_args a;
	memset(&a, 0, sizeof a);
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_print_usage(stdout, cli_find_command("compare"));
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
		case O_TIMEOUT:
			a.run.timeout_s = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case O_PROFILE:
			a.profile = optarg;
			break;
		case O_AT:
			a.at = optarg;
			break;
		case O_POLICY:
			a.policy = optarg;
			break;
		case O_REVOCATION:
			a.revocation = optarg;
			break;
		case O_SERVER:
			a.server = optarg;
			break;
		case O_POLICY_FLAGS:
			a.policy_flags = optarg;
			break;
		case O_SSL_CHECKS:
			a.ssl_checks = optarg;
			break;
		case O_AUTH:
			a.auth = optarg;
			break;
		case O_USAGE_MATCH:
			a.usage_match = optarg;
			break;
		case O_NO_SSL_PARA:
			a.no_ssl_para = true;
			break;
		case O_JSON:
			break; /* the comparison is always on JSON */
		case O_CTL:
			if (a.nctl == MAX_FILES)
				return cli_usage_error(
				    "compare", "more than %d --ctl options",
				    MAX_FILES);
			a.ctls[a.nctl++] = optarg;
			break;
		default:
			if (c >= O_FILE_BASE &&
			    c <= O_FILE_BASE + F_ADDITIONAL) {
				int k = c - O_FILE_BASE;
				const char *eq = strrchr(optarg, '=');
				if (k == F_SERVE &&
				    (!eq || eq == optarg || !eq[1]))
					return cli_usage_error(
					    "compare",
					    "--serve expects URL=FILE, not "
					    "'%s'",
					    optarg);
				if (a.nfiles[k] == MAX_FILES)
					return cli_usage_error(
					    "compare",
					    "more than %d %s options",
					    MAX_FILES, file_opt[k]);
				a.files[k][a.nfiles[k]++] = optarg;
				break;
			}
			return cli_usage_error("compare", "unknown option '%s'",
			                       argv[optind - 1]);
		}
	}
	/* The probe and the prefix unless given: the build tree's, or the
	 * installed probe and the user's cache (cli/data_dir.c). */
	static char probe_buf[PATH_MAX], prefix_buf[PATH_MAX];
	a.run.default_probe = cli_probe_path(probe_buf, sizeof probe_buf);
	a.run.default_prefix =
	    cli_wineprefix_path(prefix_buf, sizeof prefix_buf);
	if (a.profile && strcmp(a.profile, "wine-8") != 0)
		return cli_usage_error(
		    "compare", "Wine is compared with profile wine-8, not '%s'",
		    a.profile);
	/* The values through the parsers `capisim verify` uses (the model
	 * side gets them as given, the plan as numbers). */
	char err[CS_WORDS_ERR];
	a.policy_id = CS_POLICY_BASE;
	a.auth_v = CS_AUTHTYPE_SERVER;
	a.usage_match_v = CS_USAGE_MATCH_AND;
	if (a.server || a.ssl_checks || a.auth || a.no_ssl_para)
		a.policy_id = CS_POLICY_SSL;
	const char *bad =
	    a.policy && !cs_words_policy(a.policy, &a.policy_id, err)
	        ? "--policy"
	    : a.revocation &&
	            !cs_words_chain_flags(a.revocation, &a.chain_flags, err)
	        ? "--revocation"
	    : a.policy_flags && !cs_words_policy_flags(a.policy_flags,
	                                               &a.policy_flags_v, err)
	        ? "--policy-flags"
	    : a.ssl_checks &&
	            !cs_words_ssl_checks(a.ssl_checks, &a.ssl_checks_v, err)
	        ? "--ssl-checks"
	    : a.auth && !cs_words_auth_type(a.auth, &a.auth_v, err) ? "--auth"
	    : a.usage_match &&
	            !cs_words_usage_match(a.usage_match, &a.usage_match_v, err)
	        ? "--usage-match"
	        : NULL;
	if (bad)
		return cli_usage_error("compare", "%s: %s", bad, err);
	for (unsigned i = 0; i < a.nfiles[F_USAGE]; i++)
		if (!cs_words_usage_oid(a.files[F_USAGE][i]))
			return cli_usage_error(
			    "compare",
			    "--usage: expected serverAuth, clientAuth, "
			    "codeSigning, any or a dotted OID, not '%s'",
			    a.files[F_USAGE][i]);
	if (a.nctl) {
		if (a.verify || a.plan || a.expect || a.wine_only ||
		    argc != optind)
			return cli_usage_error(
			    "compare", "--ctl takes no --verify, --plan, "
			               "--expect, --wine-only or SCENARIO");
		return cli_compare_wine_ctl(&a.run, a.ctls, a.nctl,
		                            a.wine_trace, a.model_trace);
	}
	if (!a.verify && !a.plan && argc - optind == 1 && !a.expect &&
	    !a.wine_only)
		return cli_compare_wine_scenario(&a.run, argv[optind],
		                                 a.wine_trace, a.model_trace);
	if (a.verify == (a.plan != NULL))
		return cli_usage_error(
		    "compare", "`compare wine` needs SCENARIO, --verify "
		               "LEAF or --plan FILE");
	if (a.verify && argc - optind != 1)
		return cli_usage_error("compare",
		                       "--verify takes one LEAF certificate");
	if (a.plan && argc != optind)
		return cli_usage_error("compare", "unexpected argument '%s'",
		                       argv[optind]);
	a.leaf = a.verify ? argv[optind] : NULL;
	return run_wine(&a);
}

int cli_cmd_compare(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "wine") == 0)
		return compare_wine(argc - 1, argv + 1);
	return diff_files(argc, argv);
}
