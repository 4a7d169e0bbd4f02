/* capisim compare wine --verify LEAF: the probe plan of one `capisim
 * verify` (its options read with the verify parsers, the network the
 * model's: --serve URL=FILE as is, --crl at the URLs `capisim verify`
 * serves it at), and the model's side from `capisim verify --json` run by
 * this same program. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compare/wine/crl_urls.h"
#include "compare_verify.h"
#include "engine/chain/words.h"

const char *const cli_compare_file_opt[CLI_F_KINDS] = {
    "--root",  "--ca",    "--disallowed", "--crl",
    "--usage", "--serve", "--additional"};
static const char *plan_kw[] = {"root", "ca", "disallowed"};

/* The values parsed, for the plan. */
typedef struct {
	cs_policy_id policy_id;
	uint32_t chain_flags, policy_flags, ssl_checks;
	int auth;
	cs_usage_match usage_match;
} parsed;

static int parse(const cli_verify_args *a, parsed *p)
{
	char err[CS_WORDS_ERR];
	p->policy_id = CS_POLICY_BASE;
	p->auth = CS_AUTHTYPE_SERVER;
	p->usage_match = CS_USAGE_MATCH_AND;
	p->chain_flags = p->policy_flags = p->ssl_checks = 0;
	if (a->server || a->ssl_checks || a->auth || a->no_ssl_para)
		p->policy_id = CS_POLICY_SSL;
	const char *bad =
	    a->policy && !cs_words_policy(a->policy, &p->policy_id, err)
	        ? "--policy"
	    : a->revocation &&
	            !cs_words_chain_flags(a->revocation, &p->chain_flags, err)
	        ? "--revocation"
	    : a->policy_flags && !cs_words_policy_flags(a->policy_flags,
	                                                &p->policy_flags, err)
	        ? "--policy-flags"
	    : a->ssl_checks &&
	            !cs_words_ssl_checks(a->ssl_checks, &p->ssl_checks, err)
	        ? "--ssl-checks"
	    : a->auth && !cs_words_auth_type(a->auth, &p->auth, err) ? "--auth"
	    : a->usage_match &&
	            !cs_words_usage_match(a->usage_match, &p->usage_match, err)
	        ? "--usage-match"
	        : NULL;
	if (bad)
		return cli_usage_error("compare", "%s: %s", bad, err);
	for (unsigned i = 0; i < a->nfiles[CLI_F_USAGE]; i++)
		if (!cs_words_usage_oid(a->files[CLI_F_USAGE][i]))
			return cli_usage_error(
			    "compare",
			    "--usage: expected serverAuth, clientAuth, "
			    "codeSigning, any or a dotted OID, not '%s'",
			    a->files[CLI_F_USAGE][i]);
	return CLI_EXIT_OK;
}

int cli_compare_verify_check(const cli_verify_args *a)
{
	parsed p;
	return parse(a, &p);
}

static char *abs_path(const char *p)
{
	char buf[PATH_MAX];
	return strdup(realpath(p, buf) ? buf : p);
}

/* The probe plan for one `verify`. */
static int write_verify_plan(const cli_verify_args *a, const parsed *v,
                             cs_filetime at, const char *path, cs_diag *d)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "capisim-probe 1\nprofile wine-8\nengine %s\n",
	        a->nfiles[CLI_F_ROOT] ? "exclusive" : "default");
	char *abs[3 * CLI_COMPARE_MAX_FILES + 1], *crls[CLI_COMPARE_MAX_FILES];
	size_t nabs = 0;
	for (int k = CLI_F_ROOT; k <= CLI_F_DISALLOWED; k++)
		for (unsigned i = 0; i < a->nfiles[k]; i++) {
			abs[nabs] = abs_path(a->files[k][i]);
			fprintf(f, "%s %s\n", plan_kw[k], abs[nabs++]);
		}
	char *leaf = abs_path(a->leaf);
	fprintf(f, "cert leaf %s\n", leaf);
	for (unsigned i = 0; i < a->nfiles[CLI_F_SERVE]; i++) {
		const char *arg = a->files[CLI_F_SERVE][i],
		           *eq = strrchr(arg, '=');
		char *file = abs_path(eq + 1);
		fprintf(f, "serve %.*s %s\n", (int)(eq - arg), arg, file);
		free(file);
	}
	for (unsigned i = 0; i < a->nfiles[CLI_F_CRL]; i++)
		crls[i] = abs_path(a->files[CLI_F_CRL][i]);
	abs[nabs++] = leaf;
	/* Only the leaf, --ca and --root certificates, as the model. */
	const char *certs[3 * CLI_COMPARE_MAX_FILES + 1];
	size_t ncerts = 0;
	for (size_t i = 0; i < nabs; i++)
		if (i < a->nfiles[CLI_F_ROOT] + a->nfiles[CLI_F_CA] ||
		    i == nabs - 1)
			certs[ncerts++] = abs[i];
	cs_status st = crl_serve_lines(f, (const char *const *)crls,
	                               a->nfiles[CLI_F_CRL], certs, ncerts, d);
	for (size_t i = 0; i < nabs; i++)
		free(abs[i]);
	for (unsigned i = 0; i < a->nfiles[CLI_F_CRL]; i++)
		free(crls[i]);
	/* --additional: Wine's side has one additional store, so it holds
	 * them and the --ca certificates (docs/compare.md). */
	for (unsigned i = 0; i < a->nfiles[CLI_F_ADDITIONAL]; i++) {
		char *p = abs_path(a->files[CLI_F_ADDITIONAL][i]);
		fprintf(f, "cert add%u %s\n", i, p);
		free(p);
	}
	for (unsigned i = 0;
	     a->nfiles[CLI_F_ADDITIONAL] && i < a->nfiles[CLI_F_CA]; i++) {
		char *p = abs_path(a->files[CLI_F_CA][i]);
		fprintf(f, "cert ca%u %s\n", i, p);
		free(p);
	}
	fprintf(f, "verify at=%lld cert=leaf flags=0x%08x policy=%d",
	        (long long)at, v->chain_flags, (int)v->policy_id);
	if (v->policy_flags)
		fprintf(f, " policy-flags=0x%08x", v->policy_flags);
	if (v->policy_id == CS_POLICY_SSL && a->no_ssl_para)
		fputs(" ssl-para=none", f);
	else if (v->policy_id == CS_POLICY_SSL)
		fprintf(f, " auth=%d ssl-checks=0x%08x", v->auth,
		        v->ssl_checks);
	if (a->server)
		fprintf(f, " server=%s", a->server);
	for (unsigned i = 0; i < a->nfiles[CLI_F_USAGE]; i++)
		fprintf(f, "%s%s", i ? "," : " usage=",
		        cs_words_usage_oid(a->files[CLI_F_USAGE][i]));
	if (a->nfiles[CLI_F_USAGE])
		fprintf(f, " usage-match=%d", (int)v->usage_match);
	for (unsigned i = 0; i < a->nfiles[CLI_F_ADDITIONAL]; i++)
		fprintf(f, "%sadd%u", i ? "," : " additional=", i);
	for (unsigned i = 0;
	     a->nfiles[CLI_F_ADDITIONAL] && i < a->nfiles[CLI_F_CA]; i++)
		fprintf(f, ",ca%u", i);
	fputc('\n', f);
	if (fclose(f) != 0 && st == CS_OK)
		return -1;
	return st == CS_OK ? 0 : -2;
}

/* Run `capisim verify ... --json` (this same program) for the model side. */
static char *run_model(const cli_verify_args *a, const parsed *v,
                       const char *at_iso, int *rc)
{
	const char *argv[32 + CLI_F_KINDS * 2 * CLI_COMPARE_MAX_FILES];
	size_t n = 0;
	argv[n++] = "capisim";
	argv[n++] = "verify";
	argv[n++] = "--profile";
	argv[n++] = "wine-8";
	argv[n++] = "--at";
	argv[n++] = at_iso;
	argv[n++] = "--policy";
	argv[n++] = a->policy ? a->policy : cs_policy_name(v->policy_id);
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
	for (int k = CLI_F_ROOT; k <= CLI_F_ADDITIONAL; k++)
		for (unsigned i = 0; i < a->nfiles[k]; i++) {
			argv[n++] = cli_compare_file_opt[k];
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

int cli_compare_verify_run(const cli_verify_args *a,
                           const capisim_wine_options *o,
                           capisim_wine_cmp **out)
{
	*out = NULL;
	parsed v;
	int rc = parse(a, &v);
	if (rc != CLI_EXIT_OK)
		return rc;
	cs_filetime at = 0;
	char at_iso[CS_TIME_BUF];
	if (a->at) {
		if (!cli_parse_time_arg("--at", a->at, &at))
			return CLI_EXIT_USAGE;
	} else if (cs_time_from_unix((int64_t)time(NULL), &at) != CS_OK) {
		return CLI_EXIT_INTERNAL;
	}
	/* libfaketime's clock has whole seconds. */
	if (at % CS_TICKS_PER_SEC)
		return cli_usage_error(
		    "compare", "--at must be a whole second for Wine's clock");
	cs_time_format(at, at_iso);
	char plan_path[] = "/tmp/capisim-plan-XXXXXX";
	int fd = mkstemp(plan_path);
	if (fd < 0)
		return CLI_EXIT_INTERNAL;
	close(fd);
	cs_diag d = {0};
	int prc = write_verify_plan(a, &v, at, plan_path, &d);
	if (prc != 0) {
		unlink(plan_path);
		return prc == -2 ? cli_fail(&d) : CLI_EXIT_INTERNAL;
	}
	char *model = NULL;
	cs_status st;
	if (a->expect || a->wine_only) {
		st =
		    capisim_wine_compare_plan(o, plan_path, a->expect, out, &d);
	} else {
		/* The model's side first: Wine's run takes seconds. */
		model = run_model(a, &v, at_iso, &rc);
		/* `capisim verify` exits 1 when the policy fails: a result. */
		if ((rc != 0 && rc != 1) || !model) {
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
			free(model);
			unlink(plan_path);
			return rc == 2 ? CLI_EXIT_USAGE : CLI_EXIT_INTERNAL;
		}
		st = capisim_wine_compare_plan_text(o, plan_path, model,
		                                    "model", out, &d);
	}
	unlink(plan_path);
	free(model);
	return st == CS_OK ? CLI_EXIT_OK : cli_fail_in("compare", st, &d);
}
