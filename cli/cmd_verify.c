/* capisim verify: build and check one chain the way CertGetCertificateChain
 * and CertVerifyCertificateChainPolicy do on the chosen OS profile, and
 * print it like `certutil -verify` (or as one JSON object). */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/verify_build.h"
#include "engine/chain/chain.h"
#include "engine/chain/words.h"
#include "engine/machine.h"
#include "render/certutil_verify.h"

static int add_file(file_list *l, const char *f, const char *opt)
{
	if (l->n == MAX_FILES)
		return cli_usage_error("verify", "too many %s options (max %d)",
		                       opt, MAX_FILES);
	l->files[l->n++] = f;
	return CLI_EXIT_OK;
}

/* One option value through its parser (engine/chain/words.h). */
#define WORDS(parse, opt, ...)                                               \
	do {                                                                 \
		char err_[CS_WORDS_ERR];                                     \
		if (!parse(optarg, __VA_ARGS__, err_))                       \
			rc = cli_usage_error("verify", "%s: %s", opt, err_); \
	} while (0)

static int parse_opts(int argc, char **argv, verify_opts *o)
{
	enum {
		O_ADDITIONAL = 256,
		O_NTAUTH,
		O_POLICY_FLAGS,
		O_SSL_CHECKS,
		O_AUTH,
		O_NO_SSL_PARA,
		O_USAGE_MATCH,
		O_CRL_STORE,
	};
	static const struct option opts[] = {
	    {"profile", required_argument, NULL, 'p'},
	    {"at", required_argument, NULL, 'a'},
	    {"root", required_argument, NULL, 'r'},
	    {"ca", required_argument, NULL, 'c'},
	    {"additional", required_argument, NULL, O_ADDITIONAL},
	    {"ntauth", required_argument, NULL, O_NTAUTH},
	    {"disallowed", required_argument, NULL, 'd'},
	    {"crl", required_argument, NULL, 'l'},
	    {"crl-store", required_argument, NULL, O_CRL_STORE},
	    {"serve", required_argument, NULL, 'S'},
	    {"revocation", required_argument, NULL, 'v'},
	    {"policy", required_argument, NULL, 'y'},
	    {"policy-flags", required_argument, NULL, O_POLICY_FLAGS},
	    {"server-name", required_argument, NULL, 's'},
	    {"auth", required_argument, NULL, O_AUTH},
	    {"ssl-checks", required_argument, NULL, O_SSL_CHECKS},
	    {"no-ssl-para", no_argument, NULL, O_NO_SSL_PARA},
	    {"usage", required_argument, NULL, 'u'},
	    {"usage-match", required_argument, NULL, O_USAGE_MATCH},
	    {"json", no_argument, NULL, 'j'},
	    {"urlfetch", no_argument, NULL, 'U'},
	    {"lang", required_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc = CLI_EXIT_OK;
	o->profile = cs_profile_default();
	o->policy = CS_POLICY_BASE;
	o->auth_type = CS_AUTHTYPE_SERVER;
	o->usage_match = CS_USAGE_MATCH_AND;
	while (rc == CLI_EXIT_OK &&
	       (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': {
			cs_diag pd;
			if (capisim_profile_check(optarg, &pd) != CS_OK)
				rc = cli_usage_error("verify", "%s", pd.msg);
			else
				o->profile = cs_profile_find(optarg);
			break;
		}
		case 'a':
			if (!cli_parse_time_arg("--at", optarg, &o->at))
				return CLI_EXIT_USAGE;
			o->have_at = true;
			break;
		case 'r':
			rc = add_file(&o->roots, optarg, "--root");
			break;
		case 'c':
			rc = add_file(&o->cas, optarg, "--ca");
			break;
		case O_ADDITIONAL:
			rc = add_file(&o->additional, optarg, "--additional");
			break;
		case O_NTAUTH:
			rc = add_file(&o->ntauth, optarg, "--ntauth");
			break;
		case 'd':
			rc = add_file(&o->disallowed, optarg, "--disallowed");
			break;
		case 'l':
			rc = add_file(&o->crls, optarg, "--crl");
			break;
		case O_CRL_STORE:
			rc = add_file(&o->crl_store, optarg, "--crl-store");
			break;
		case 'S':
			if (!strchr(optarg, '=') || optarg[0] == '=' ||
			    !strrchr(optarg, '=')[1])
				rc = cli_usage_error(
				    "verify",
				    "--serve expects URL=FILE, not '%s'",
				    optarg);
			else
				rc = add_file(&o->serves, optarg, "--serve");
			break;
		case 'v':
			WORDS(cs_words_chain_flags, "--revocation",
			      &o->rev_flags);
			break;
		case 'y':
			WORDS(cs_words_policy, "--policy", &o->policy);
			o->policy_given = true;
			break;
		case O_POLICY_FLAGS:
			WORDS(cs_words_policy_flags, "--policy-flags",
			      &o->policy_flags);
			break;
		case 's':
			o->server_name = optarg;
			o->ssl_para_given = true;
			break;
		case O_AUTH:
			WORDS(cs_words_auth_type, "--auth", &o->auth_type);
			o->ssl_para_given = true;
			break;
		case O_SSL_CHECKS:
			WORDS(cs_words_ssl_checks, "--ssl-checks",
			      &o->ssl_checks);
			o->ssl_para_given = true;
			break;
		case O_NO_SSL_PARA:
			o->no_ssl_para = true;
			break;
		case 'u':
			/* The names the scenario language reads, or an
			 * OID: one parser (pki/cert.h). */
			if (o->nusages == MAX_FILES)
				rc = cli_usage_error(
				    "verify", "too many --usage options");
			else if (!(o->usages[o->nusages++] =
			               cs_words_usage_oid(optarg)))
				rc = cli_usage_error(
				    "verify",
				    "--usage: expected serverAuth, clientAuth, "
				    "codeSigning, any or a dotted OID, not "
				    "'%s'",
				    optarg);
			break;
		case O_USAGE_MATCH:
			WORDS(cs_words_usage_match, "--usage-match",
			      &o->usage_match);
			break;
		case 'j':
			o->json = true;
			break;
		case 'U':
			o->urlfetch = true;
			break;
		case 'L':
			if (!cu_lang_from_name(optarg, &o->lang))
				rc = cli_usage_error(
				    "verify",
				    "--lang expects en-US or zh-CN (the "
				    "languages "
				    "a real certutil sample shows), not '%s'",
				    optarg);
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("verify"));
			return -1;
		default:
			return cli_usage_error("verify", "bad option");
		}
	}
	if (rc != CLI_EXIT_OK)
		return rc;
	if (o->ssl_para_given && !o->policy_given)
		o->policy = CS_POLICY_SSL;
	if ((o->ssl_para_given || o->no_ssl_para) && o->policy != CS_POLICY_SSL)
		return cli_usage_error(
		    "verify", "--server-name, --auth, --ssl-checks and "
		              "--no-ssl-para need --policy ssl");
	if (o->ssl_para_given && o->no_ssl_para)
		return cli_usage_error(
		    "verify", "--no-ssl-para leaves out the SSL parameters: no "
		              "--server-name, --auth or --ssl-checks with it");
	if (optind + 1 != argc)
		return cli_usage_error(
		    "verify", optind >= argc ? "no LEAF certificate given"
		                             : "more than one LEAF given");
	o->leaf = argv[optind];
	return CLI_EXIT_OK;
}
#undef WORDS

/* certutil's text (render/certutil_verify.h) on stdout; what the model
 * assumed on stderr, so stdout diffs against a real paste. */
static int print_text(const verify_opts *o, const cs_machine *m,
                      bool call_failed)
{
	char at[CS_TIME_BUF];
	fprintf(stderr, "capisim: profile %s (%s), verified at %s (%s)\n",
	        o->profile->name, o->profile->description,
	        cs_time_format(m->w.now, at),
	        o->have_at ? "--at"
	                   : "the host's clock; --at TIME for a reproducible "
	                     "result");
	if (o->bundle_used)
		fprintf(stderr,
		        "capisim: roots: %zu from the host's %s (as Wine reads "
		        "them; the result depends on the host)\n",
		        o->bundle_roots, o->bundle_used);
	if (call_failed) { /* no policy result: nothing for certutil's text */
		printf("%s: CertVerifyCertificateChainPolicy failed: "
		       "ERROR_FILE_NOT_FOUND (0x%x): %s has no provider for "
		       "it\n",
		       cs_policy_symbol(o->policy), CS_WIN32_FILE_NOT_FOUND,
		       o->profile->name);
		return CLI_EXIT_OK;
	}
	cu_verify_opts vo = {.lang = o->lang, .urlfetch = o->urlfetch};
	cs_diag d = {0};
	cs_status st = cu_verify_write(m, 0, m->w.trace.n, &vo, stdout, &d);
	if (st == CS_ERR_NOT_FOUND)
		return cli_usage_error("verify", "%s", d.msg);
	return st == CS_OK ? CLI_EXIT_OK : CLI_EXIT_INTERNAL;
}

static int print_json(const verify_opts *o, const cs_chain_context *ctx,
                      const cs_policy_status *ps, bool call_failed)
{
	char at[CS_TIME_BUF], hex[3][16];
	json_t *els = json_array();
	for (size_t i = 0; els && i < ctx->chain.n; i++) {
		const cs_chain_element *e = &ctx->chain.elements[i];
		snprintf(hex[0], sizeof hex[0], "0x%08x", e->error_status);
		snprintf(hex[1], sizeof hex[1], "0x%08x", e->info_status);
		json_array_append_new(
		    els, json_pack("{s:s, s:s, s:s, s:s}", "subject",
		                   cs_cert_subject(e->cert), "thumbprint_sha1",
		                   cs_cert_sha1_hex(e->cert), "error_status",
		                   hex[0], "info_status", hex[1]));
	}
	snprintf(hex[0], sizeof hex[0], "0x%08x", ctx->error_status);
	snprintf(hex[1], sizeof hex[1], "0x%08x", ctx->info_status);
	snprintf(hex[2], sizeof hex[2], "0x%08X", ps->error);
	/* A call without a provider: its error, as the probe writes it. */
	json_t *policy =
	    call_failed
	        ? json_pack("{s:s, s:s}", "name", cs_policy_name(o->policy),
	                    "call_error", "0x00000002")
	        : json_pack("{s:s, s:s, s:I, s:I}", "name",
	                    cs_policy_name(o->policy), "error", hex[2],
	                    "chain_index", (json_int_t)ps->chain_index,
	                    "element_index", (json_int_t)ps->element_index);
	json_t *root = json_pack(
	    "{s:s, s:s, s:{s:s, s:s, s:o}, s:o}", "profile", o->profile->name,
	    "at", cs_time_format(ctx->verify_time, at), "chain", "error_status",
	    hex[0], "info_status", hex[1], "elements", els, "policy", policy);
	if (!root)
		return CLI_EXIT_INTERNAL;
	char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s)
		return CLI_EXIT_INTERNAL;
	puts(s);
	free(s);
	return CLI_EXIT_OK;
}

static int run(verify_opts *o, cs_machine *m)
{
	cs_chain_context ctx;
	cs_policy_status ps;
	bool call_failed = false;
	int rc = cli_verify_build(o, m, &ctx, &ps, &call_failed);
	if (rc != CLI_EXIT_OK)
		return rc;
	rc = o->json ? print_json(o, &ctx, &ps, call_failed)
	             : print_text(o, m, call_failed);
	cs_chain_context_free(&ctx);
	if (rc == CLI_EXIT_OK && (ps.error != 0 || call_failed))
		rc = CLI_EXIT_DIFFERENT;
	return rc;
}

int cli_cmd_verify(int argc, char **argv)
{
	verify_opts o;
	memset(&o, 0, sizeof o);
	int rc = parse_opts(argc, argv, &o);
	if (rc != CLI_EXIT_OK)
		return rc < 0 ? CLI_EXIT_OK : rc;
	if (!o.have_at) {
		/* The CLI (not the engine) may read the host clock: verify
		 * "now" unless told otherwise. */
		cs_filetime now;
		if (cs_time_from_unix((int64_t)time(NULL), &now) != CS_OK)
			return CLI_EXIT_INTERNAL;
		o.at = now;
	}
	cs_pool *pool;
	if (cs_pool_new(&pool, ".") != CS_OK)
		return CLI_EXIT_INTERNAL;
	cs_machine m;
	/* The trace on: the certutil-like text is rendered from it. */
	if (cs_machine_init(&m, pool, o.profile, o.at, true) != CS_OK) {
		cs_pool_free(pool);
		return CLI_EXIT_INTERNAL;
	}
	rc = run(&o, &m);
	cs_machine_free(&m);
	cs_pool_free(pool);
	return rc;
}
