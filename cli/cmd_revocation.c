/* capisim revocation: CertVerifyRevocation (or cryptnet's
 * CertDllVerifyRevocation) on certificates, with the issuer, a CRL store
 * and a time to check at separate from the clock - the call `capisim call
 * CertVerifyRevocation ...` spells out, with options (docs/calls.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/call_print.h"
#include "cli/cli.h"

#define MAX_FILES 16

typedef struct {
	const cs_profile *profile;
	cs_filetime at;
	bool have_at, json, dll;
	const char *time, *issuer, *flags, *encoding, *type;
	const char *crls[MAX_FILES];
	size_t ncrls;
} rev_opts;

/* A word KEY=VALUE in buf (static storage of the caller). */
static const char *word(char *buf, size_t cap, const char *key,
                        const char *value)
{
	int n = snprintf(buf, cap, "%s=%s", key, value);
	return n > 0 && (size_t)n < cap ? buf : "";
}

static int run(const rev_opts *o, char **certs, size_t ncerts)
{
	cs_pool *pool;
	if (cs_pool_new(&pool, ".") != CS_OK)
		return CLI_EXIT_INTERNAL;
	cli_call_objects objs = {.pool = pool};
	/* Files are objects "c0", "crl0", "issuer": paths may hold ',' or
	 * ':', which the call words use. */
	char buf[8][1100], list[2][1024] = {"", ""};
	const char *words[8];
	size_t n = 0;
	int rc = CLI_EXIT_OK;
	for (size_t i = 0; i < ncerts + o->ncrls + 1 && rc == CLI_EXIT_OK;
	     i++) {
		const char *path = i < ncerts              ? certs[i]
		                   : i < ncerts + o->ncrls ? o->crls[i - ncerts]
		                                           : o->issuer;
		if (!path)
			continue;
		char name[32];
		if (i < ncerts)
			snprintf(name, sizeof name, "c%zu", i);
		else if (i < ncerts + o->ncrls)
			snprintf(name, sizeof name, "crl%zu", i - ncerts);
		else
			snprintf(name, sizeof name, "issuer");
		objs.names[objs.n] = strdup(name);
		objs.paths[objs.n] = strdup(path);
		if (!objs.names[objs.n] || !objs.paths[objs.n])
			rc = CLI_EXIT_INTERNAL;
		objs.n++;
		char *l = i < ncerts ? list[0] : list[1];
		size_t len = strlen(l);
		if (i < ncerts + o->ncrls)
			snprintf(l + len, sizeof list[0] - len, "%s%s%s",
			         len ? "," : "",
			         i < ncerts ? "" : "always:", name);
	}
	words[n++] = word(buf[0], sizeof buf[0], "contexts", list[0]);
	if (o->ncrls)
		words[n++] = word(buf[1], sizeof buf[1], "crlstore", list[1]);
	if (o->issuer)
		words[n++] = "issuer=issuer";
	if (o->time)
		words[n++] = word(buf[2], sizeof buf[2], "time", o->time);
	if (o->flags)
		words[n++] = word(buf[3], sizeof buf[3], "flags", o->flags);
	if (o->encoding)
		words[n++] =
		    word(buf[4], sizeof buf[4], "encoding", o->encoding);
	if (o->type)
		words[n++] = word(buf[5], sizeof buf[5], "type", o->type);
	cs_call_loader ld = {pool, cli_call_load, &objs};
	cs_call *c = NULL;
	size_t bad;
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status st = rc == CLI_EXIT_OK
	                   ? cs_call_parse(o->dll ? "CertDllVerifyRevocation"
	                                          : "CertVerifyRevocation",
	                                   words, n, &ld, &c, &bad, &d)
	                   : CS_ERR_NOMEM;
	if (st != CS_OK && rc == CLI_EXIT_OK)
		rc = cli_fail_status(
		    st, cs_diag_set(&d, "revocation", 0, 0, "%s", d.msg));
	cs_machine m;
	bool have_m = false;
	cs_call_result r;
	if (rc == CLI_EXIT_OK) {
		have_m =
		    cs_machine_init(&m, pool, o->profile, o->at, true) == CS_OK;
		if (!have_m || cs_call_run(c, &m, m.w.acting, &r) != CS_OK)
			rc = CLI_EXIT_INTERNAL;
	}
	if (rc == CLI_EXIT_OK && o->json) {
		rc = cli_call_print_json(stdout, NULL, &r);
	} else if (rc == CLI_EXIT_OK) {
		char t[CS_TIME_BUF];
		cs_filetime at = o->at;
		if (o->time && cs_time_parse(o->time, &at, NULL, NULL) != CS_OK)
			at = o->at; /* checked by the option parser */
		printf("Profile: %s (%s)\nChecked at: %s (%s)\n",
		       o->profile->name, o->profile->description,
		       cs_time_format(at, t),
		       o->time ? "--time, pftTimeToUse" : "the clock");
		cli_call_print_text(stdout, &r);
	}
	if (rc == CLI_EXIT_OK && !r.ret)
		rc = CLI_EXIT_DIFFERENT;
	if (have_m)
		cs_machine_free(&m);
	cs_call_free(c);
	cli_call_objects_free(&objs);
	cs_pool_free(pool);
	return rc;
}

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
	rev_opts o = {.profile = cs_profile_default()};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!(o.profile = cs_profile_find(optarg)))
				return cli_usage_error("revocation",
				                       "unknown profile '%s'",
				                       optarg);
			break;
		case 'a':
			if (!cli_parse_time_arg("--at", optarg, &o.at))
				return CLI_EXIT_USAGE;
			o.have_at = true;
			break;
		case 't': {
			cs_filetime ignored;
			if (!cli_parse_time_arg("--time", optarg, &ignored))
				return CLI_EXIT_USAGE;
			o.time = optarg;
			break;
		}
		case 'i':
			o.issuer = optarg;
			break;
		case 'c':
			if (o.ncrls == MAX_FILES)
				return cli_usage_error(
				    "revocation", "more than %d --crl-store",
				    MAX_FILES);
			o.crls[o.ncrls++] = optarg;
			break;
		case 'f':
			o.flags = optarg;
			break;
		case 'C':
			o.flags = "1"; /* CERT_VERIFY_REV_CHAIN_FLAG */
			break;
		case 'e':
			o.encoding = optarg;
			break;
		case 'T':
			o.type = optarg;
			break;
		case 'P':
			o.dll = true;
			break;
		case 'j':
			o.json = true;
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
	if (!o.have_at &&
	    cs_time_from_unix((int64_t)time(NULL), &o.at) != CS_OK)
		return CLI_EXIT_INTERNAL;
	return run(&o, argv + optind, (size_t)(argc - optind));
}
