/* capisim verify: build and check one chain the way CertGetCertificateChain
 * and CertVerifyCertificateChainPolicy do on the chosen OS profile, and
 * print it like `certutil -verify` (or as one JSON object). */
#include <getopt.h>
#include <jansson.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "pki/cert.h"
#include "engine/chain/chain.h"
#include "engine/chain/words.h"
#include "engine/machine.h"
#include "pki/crl.h"
#include "pki/storeadd.h"
#include "model/profile_chain.h"

#define MAX_FILES 64

typedef struct {
	const char *files[MAX_FILES];
	int n;
} file_list;

typedef struct {
	const cs_profile *profile;
	cs_filetime at;
	bool have_at;
	file_list roots, cas, disallowed, crls, crl_store, additional, ntauth;
	file_list serves; /* URL=FILE */
	const char *usages[MAX_FILES];
	int nusages;
	cs_usage_match usage_match;
	uint32_t rev_flags;
	cs_policy_id policy;
	bool policy_given;
	uint32_t policy_flags;
	/* SSL_EXTRA_CERT_CHAIN_POLICY_PARA: absent with --no-ssl-para */
	bool no_ssl_para, ssl_para_given;
	int auth_type;
	uint32_t ssl_checks;
	const char *server_name;
	bool json;
	const char *leaf;
	/* Filled while running: the host bundle the roots came from (wine-8
	 * without --root), and how many certificates it gave. */
	const char *bundle_used;
	size_t bundle_roots;
} verify_opts;

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
	    {"crl-store", required_argument, NULL, 'L'},
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
		case 'p':
			if (!(o->profile = cs_profile_find(optarg))) {
				char known[512];
				rc = cli_usage_error(
				    "verify",
				    "unknown profile '%s' (known: %s)", optarg,
				    cs_profile_names(known, sizeof known));
			}
			break;
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
		case 'L':
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

static int load_into(cs_machine *m, const file_list *l, cs_store *s)
{
	for (int i = 0; i < l->n; i++) {
		cs_diag d = {0};
		const struct cs_cert **certs;
		size_t n;
		/* A PEM bundle adds every certificate it holds. */
		cs_status st =
		    cs_cert_load_all(m->pool, l->files[i], &certs, &n, &d);
		if (st != CS_OK)
			return cli_fail_status(st, &d);
		for (size_t k = 0; k < n && st == CS_OK; k++)
			st = cs_store_add(s, certs[k]);
		free(certs);
		if (st != CS_OK)
			return CLI_EXIT_INTERNAL;
	}
	return CLI_EXIT_OK;
}

/* CRLs into a store, as `certutil -addstore CA FILE.crl` puts them there:
 * the store step of the chain's CRL lookup order (RULES.md 4). A newer CRL
 * of an issuer replaces an older one (CERT_STORE_ADD_NEWER). */
static int load_crls_into(cs_machine *m, const file_list *l, cs_store *s)
{
	for (int i = 0; i < l->n; i++) {
		cs_diag d = {0};
		cs_bytes der;
		const cs_crl *crl;
		if (cs_pool_file(m->pool, l->files[i], &der, NULL, &d) != CS_OK)
			return cli_fail(&d);
		if (cs_crl_get(m->pool, der, &crl) != CS_OK) {
			cs_diag_set(&d, l->files[i], 0, 0,
			            "not a CRL (DER or its bare CRL_INFO)");
			return cli_fail(&d);
		}
		cs_store_add_result r;
		if (cs_store_add_crl(s, crl, CS_STORE_ADD_NEWER, &r) != CS_OK)
			return CLI_EXIT_INTERNAL;
	}
	return CLI_EXIT_OK;
}

/* Wine's roots: the host bundle (RULES.md 3). A missing bundle is no roots. */
static int load_bundle(cs_machine *m, const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	if (!bio)
		return CLI_EXIT_OK;
	X509 *x;
	int rc = CLI_EXIT_OK;
	while (rc == CLI_EXIT_OK &&
	       (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		unsigned char *der = NULL;
		int n = i2d_X509(x, &der);
		const struct cs_cert *c;
		cs_diag d = {0};
		if (n > 0 &&
		    cs_cert_from_der(m->pool, (cs_bytes){der, (size_t)n}, &c,
		                     &d) == CS_OK &&
		    cs_store_add(&m->w.machine_stores[CS_STORE_ROOT], c) !=
		        CS_OK)
			rc = CLI_EXIT_INTERNAL;
		OPENSSL_free(der);
		X509_free(x);
	}
	BIO_free(bio);
	return rc;
}

static X509_CRL *read_crl(cs_bytes b)
{
	const unsigned char *p = b.data;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)b.len);
	if (!crl) {
		BIO *bio = BIO_new_mem_buf(b.data, (int)b.len);
		crl = bio ? PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL) : NULL;
		BIO_free(bio);
	}
	return crl;
}

static int serve_at(cs_machine *m, const char *url, cs_bytes b,
                    const char *name)
{
	cs_net_rule r = {
	    .url = (char *)url,
	    .from = INT64_MIN,
	    .until = CS_NET_FOREVER,
	    .outcome = CS_NET_OK,
	    .http_status = 200,
	    .body = b,
	    .body_name = name,
	};
	return cs_net_add_rule(&m->w.net, &r) == CS_OK ? CLI_EXIT_OK
	                                               : CLI_EXIT_INTERNAL;
}

/* A delta CRL is also served at the Freshest CRL URLs a base CRL of the same
 * issuer names: revocation reads the delta's location from the base CRL
 * (RFC 5280 5.2.6) when the certificate has none. */
static int serve_at_base_freshest(cs_machine *m, X509_CRL *delta,
                                  X509_CRL *const *crls, int ncrls, cs_bytes b,
                                  const char *name)
{
	for (int i = 0; i < ncrls; i++) {
		if (!crls[i] || crls[i] == delta ||
		    X509_CRL_get_ext_by_NID(crls[i], NID_delta_crl, -1) >= 0 ||
		    X509_NAME_cmp(X509_CRL_get_issuer(crls[i]),
		                  X509_CRL_get_issuer(delta)) != 0)
			continue;
		CRL_DIST_POINTS *dps =
		    X509_CRL_get_ext_d2i(crls[i], NID_freshest_crl, NULL, NULL);
		int rc = CLI_EXIT_OK;
		for (int k = 0; dps && k < sk_DIST_POINT_num(dps); k++) {
			DIST_POINT *dp = sk_DIST_POINT_value(dps, k);
			if (!dp->distpoint || dp->distpoint->type != 0)
				continue;
			GENERAL_NAMES *gns = dp->distpoint->name.fullname;
			for (int g = 0; g < sk_GENERAL_NAME_num(gns); g++) {
				GENERAL_NAME *gn =
				    sk_GENERAL_NAME_value(gns, g);
				if (gn->type != GEN_URI || rc != CLI_EXIT_OK)
					continue;
				const ASN1_IA5STRING *u =
				    gn->d.uniformResourceIdentifier;
				char *url = strndup(
				    (const char *)ASN1_STRING_get0_data(u),
				    (size_t)ASN1_STRING_length(u));
				rc = url ? serve_at(m, url, b, name)
				         : CLI_EXIT_INTERNAL;
				free(url); /* the network copies the URL */
			}
		}
		CRL_DIST_POINTS_free(dps);
		if (rc != CLI_EXIT_OK)
			return rc;
	}
	return CLI_EXIT_OK;
}

/* --crl: serve the CRL on the virtual network at the CDP (or, for a delta
 * CRL, Freshest CRL) URLs of every given certificate the CRL's issuer
 * issued, and a delta also at the Freshest CRL URLs of the base CRLs given
 * - where the revocation area looks for it. */
static int serve_crls(cs_machine *m, const verify_opts *o,
                      const cs_store *const *stores, size_t nstores)
{
	X509_CRL *crls[MAX_FILES] = {0};
	cs_bytes bodies[MAX_FILES];
	const char *names[MAX_FILES];
	int rc = CLI_EXIT_OK;
	for (int i = 0; i < o->crls.n && rc == CLI_EXIT_OK; i++) {
		cs_diag d = {0};
		if (cs_pool_file(m->pool, o->crls.files[i], &bodies[i],
		                 &names[i], &d) != CS_OK) {
			rc = cli_fail(&d);
			break;
		}
		crls[i] = read_crl(bodies[i]);
		if (!crls[i]) {
			cs_diag_set(&d, o->crls.files[i], 0, 0,
			            "expected a DER or PEM X.509 CRL");
			rc = cli_fail(&d);
		}
	}
	for (int i = 0; i < o->crls.n && rc == CLI_EXIT_OK; i++) {
		const unsigned char *in;
		size_t inlen;
		X509_NAME_get0_der(X509_CRL_get_issuer(crls[i]), &in, &inlen);
		bool delta =
		    X509_CRL_get_ext_by_NID(crls[i], NID_delta_crl, -1) >= 0;
		for (size_t s = 0; s < nstores && rc == CLI_EXIT_OK; s++)
			for (size_t k = 0; k < stores[s]->n; k++) {
				const struct cs_cert *c = stores[s]->certs[k];
				if (c->issuer_der.len != inlen ||
				    memcmp(c->issuer_der.data, in, inlen) != 0)
					continue;
				cs_strlist urls =
				    delta ? c->freshest_cdp : c->cdp;
				for (size_t u = 0;
				     u < urls.n && rc == CLI_EXIT_OK; u++)
					rc = serve_at(m, urls.v[u], bodies[i],
					              names[i]);
			}
		if (delta && rc == CLI_EXIT_OK)
			rc = serve_at_base_freshest(m, crls[i], crls, o->crls.n,
			                            bodies[i], names[i]);
	}
	for (int i = 0; i < o->crls.n; i++)
		X509_CRL_free(crls[i]);
	return rc;
}

/* --serve URL=FILE: FILE's bytes at exactly URL (an OCSP response at the
 * AIA's OCSP URL, a CA certificate at its caIssuers URL, any body at a CDP
 * URL). The FILE is after the last '='. */
static int serve_files(cs_machine *m, const verify_opts *o)
{
	for (int i = 0; i < o->serves.n; i++) {
		const char *arg = o->serves.files[i], *eq = strrchr(arg, '=');
		char *url = strndup(arg, (size_t)(eq - arg));
		cs_diag d = {0};
		cs_bytes b;
		const char *name;
		if (!url)
			return CLI_EXIT_INTERNAL;
		int rc = cs_pool_file(m->pool, eq + 1, &b, &name, &d) == CS_OK
		             ? serve_at(m, url, b, name)
		             : cli_fail(&d);
		free(url); /* the network copies the URL */
		if (rc != CLI_EXIT_OK)
			return rc;
	}
	return CLI_EXIT_OK;
}

/* "ChainFlags = CERT_CHAIN_REVOCATION_CHECK_CHAIN (0x20000000)" per bit,
 * as certutil prints them. */
static void print_chain_flags(uint32_t flags)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
	    {CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL,
	     "CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL"},
	    {CS_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE,
	     "CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE"},
	    {CS_CHAIN_DISABLE_AIA, "CERT_CHAIN_DISABLE_AIA"},
	    {CS_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT,
	     "CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT"},
	    {CS_CHAIN_REVOCATION_CHECK_END_CERT,
	     "CERT_CHAIN_REVOCATION_CHECK_END_CERT"},
	    {CS_CHAIN_REVOCATION_CHECK_CHAIN,
	     "CERT_CHAIN_REVOCATION_CHECK_CHAIN"},
	    {CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT,
	     "CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT"},
	    {CS_CHAIN_REVOCATION_CHECK_CACHE_ONLY,
	     "CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY"},
	};
	for (int b = 0; b < 32; b++) {
		uint32_t bit = 1u << b;
		const char *name = NULL;
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (names[i].bit == bit)
				name = names[i].name;
		if (flags & bit)
			printf("ChainFlags = %s (0x%x)\n",
			       name ? name : "(unknown)", bit);
	}
}

/* "9/9/2022 10:34 AM", as English certutil prints times (here in UTC). */
static void certutil_time(cs_filetime t, char *buf, size_t n)
{
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	int h = c.hour % 12 ? c.hour % 12 : 12;
	snprintf(buf, n, "%d/%d/%d %d:%02d %s", c.month, c.day, c.year, h,
	         c.min, c.hour < 12 ? "AM" : "PM");
}

static void print_bits(const char *prefix, const char *what, uint32_t v,
                       bool info)
{
	for (int b = 0; b < 32; b++) {
		uint32_t bit = 1u << b;
		if (!(v & bit))
			continue;
		const char *name = cs_trust_bit_name(bit, info);
		printf("%s%s = %s (0x%x)\n", prefix, what,
		       name ? name : "(unknown)", bit);
	}
}

static void print_text(const verify_opts *o, const cs_chain_context *ctx,
                       const cs_policy_status *ps, bool call_failed)
{
	const struct cs_cert *leaf = ctx->chain.elements[0].cert;
	char nb[40], na[40];
	printf("Issuer:\n    %s\nSubject:\n    %s\n", cs_cert_issuer(leaf),
	       cs_cert_subject(leaf));
	printf("Cert Serial Number: ");
	for (size_t i = 0; i < leaf->serial.len; i++)
		printf("%02x", leaf->serial.data[i]);
	printf("\n\nProfile: %s (%s)\n", o->profile->name,
	       o->profile->description);
	char at[CS_TIME_BUF];
	printf("Verified at: %s (%s)\n", cs_time_format(ctx->verify_time, at),
	       o->have_at ? "--at"
	                  : "the host's clock; --at TIME for a reproducible "
	                    "result");
	if (o->bundle_used)
		printf("Roots: %zu from the host's %s (as Wine reads them; the "
		       "result depends on the host)\n",
		       o->bundle_roots, o->bundle_used);
	if (ctx->flags)
		print_chain_flags(ctx->flags);
	printf("%s\n", cs_policy_symbol(o->policy));
	printf("-------- CERT_CHAIN_CONTEXT --------\n");
	print_bits("", "ChainContext.dwInfoStatus", ctx->info_status, true);
	print_bits("", "ChainContext.dwErrorStatus", ctx->error_status, false);
	printf("\n");
	print_bits("", "SimpleChain.dwInfoStatus", ctx->chain.info_status,
	           true);
	print_bits("", "SimpleChain.dwErrorStatus", ctx->chain.error_status,
	           false);
	for (size_t i = 0; i < ctx->chain.n; i++) {
		const cs_chain_element *e = &ctx->chain.elements[i];
		certutil_time(cs_cert_not_before(e->cert), nb, sizeof nb);
		certutil_time(cs_cert_not_after(e->cert), na, sizeof na);
		printf(
		    "\nCertContext[0][%zu]: dwInfoStatus=%x dwErrorStatus=%x\n",
		    i, e->info_status, e->error_status);
		printf("  Issuer: %s\n  NotBefore: %s\n  NotAfter: %s\n"
		       "  Subject: %s\n  Serial: ",
		       cs_cert_issuer(e->cert), nb, na,
		       cs_cert_subject(e->cert));
		for (size_t k = 0; k < e->cert->serial.len; k++)
			printf("%02x", e->cert->serial.data[k]);
		printf("\n  Cert: %s\n", cs_cert_sha1_hex(e->cert));
		print_bits("  ", "Element.dwInfoStatus", e->info_status, true);
		print_bits("  ", "Element.dwErrorStatus", e->error_status,
		           false);
	}
	printf("------------------------------------\n");
	if (call_failed) {
		printf("%s: CertVerifyCertificateChainPolicy failed: "
		       "ERROR_FILE_NOT_FOUND (0x%x): %s has no provider for "
		       "it\n",
		       cs_policy_symbol(o->policy), CS_WIN32_FILE_NOT_FOUND,
		       o->profile->name);
		return;
	}
	if (ps->error == 0) {
		printf("CertUtil: -verify command completed successfully.\n");
		return;
	}
	const char *name = cs_hresult_name(ps->error);
	printf("Policy %s: 0x%08x (%d %s) chain %ld element %ld\n",
	       cs_policy_name(o->policy), ps->error, (int)(int32_t)ps->error,
	       name ? name : "?", ps->chain_index, ps->element_index);
	printf("CertUtil: -verify command FAILED: 0x%08x (%d %s)\n", ps->error,
	       (int)(int32_t)ps->error, name ? name : "?");
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
	cs_world *w = &m->w;
	const struct cs_cert *leaf;
	cs_diag d = {0};
	if (cs_cert_load(m->pool, o->leaf, &leaf, &d) != CS_OK)
		return cli_fail(&d);
	const char *why = cs_policy_modelled(o->profile, o->policy);
	if (why)
		return cli_usage_error("verify",
		                       "%s (%d) is not modelled on %s: "
		                       "%s (docs/verify.md)",
		                       cs_policy_symbol(o->policy),
		                       (int)o->policy, o->profile->name, why);
	cs_store additional;
	cs_store_init(&additional);
	int rc = load_into(m, &o->roots, &w->machine_stores[CS_STORE_ROOT]);
	if (rc == CLI_EXIT_OK)
		rc = load_into(m, &o->cas, &w->machine_stores[CS_STORE_CA]);
	if (rc == CLI_EXIT_OK)
		rc = load_crls_into(m, &o->crl_store,
		                    &w->machine_stores[CS_STORE_CA]);
	if (rc == CLI_EXIT_OK)
		rc = load_into(m, &o->additional, &additional);
	if (rc == CLI_EXIT_OK)
		rc = load_into(m, &o->ntauth,
		               &w->machine_stores[CS_STORE_NTAUTH]);
	if (rc == CLI_EXIT_OK)
		rc = load_into(m, &o->disallowed,
		               &w->machine_stores[CS_STORE_DISALLOWED]);
	const char *bundle = cs_profile_chain(o->profile)->host_root_bundle;
	if (rc == CLI_EXIT_OK && o->roots.n == 0 && bundle) {
		rc = load_bundle(m, bundle);
		o->bundle_used = bundle;
		o->bundle_roots = w->machine_stores[CS_STORE_ROOT].n;
	}
	cs_store leaf_store;
	cs_store_init(&leaf_store);
	if (rc == CLI_EXIT_OK && cs_store_add(&leaf_store, leaf) != CS_OK)
		rc = CLI_EXIT_INTERNAL;
	const cs_store *crl_scope[] = {
	    &leaf_store, &w->machine_stores[CS_STORE_CA],
	    &w->machine_stores[CS_STORE_ROOT], &additional};
	if (rc == CLI_EXIT_OK)
		rc = serve_crls(m, o, crl_scope, 4);
	if (rc == CLI_EXIT_OK)
		rc = serve_files(m, o);
	cs_store_free(&leaf_store);
	if (rc != CLI_EXIT_OK) {
		cs_store_free(&additional);
		return rc;
	}

	cs_chain_para para = {
	    .account = w->acting,
	    .leaf = leaf,
	    .flags = o->rev_flags,
	    .usages = o->usages,
	    .nusages = (size_t)o->nusages,
	    .usage_match = o->usage_match,
	    .additional = o->additional.n ? &additional : NULL,
	};
	cs_chain_context ctx;
	cs_status st = cs_chain_get(m, &para, &ctx);
	cs_store_free(&additional);
	uint32_t refused = cs_chain_refusal(leaf);
	if (st == CS_ERR_FORMAT && refused) {
		fprintf(stderr,
		        "capisim verify: CertGetCertificateChain fails for "
		        "this certificate (its signature algorithm OID is "
		        "empty): GetLastError %u (ERROR_INVALID_DATA), no "
		        "chain\n",
		        (unsigned)refused);
		return CLI_EXIT_USAGE;
	}
	if (st != CS_OK)
		return CLI_EXIT_INTERNAL;
	cs_policy_para pp = {.policy = o->policy,
	                     .flags = o->policy_flags,
	                     .no_ssl_para = o->no_ssl_para,
	                     .auth_type = o->auth_type,
	                     .ssl_checks = o->ssl_checks,
	                     .server_name = o->server_name};
	cs_policy_status ps;
	st = cs_chain_policy(m, &ctx, &pp, &ps);
	bool call_failed = st == CS_ERR_NOT_FOUND;
	if (st != CS_OK && !call_failed) {
		cs_chain_context_free(&ctx);
		return CLI_EXIT_INTERNAL;
	}
	rc = CLI_EXIT_OK;
	if (o->json)
		rc = print_json(o, &ctx, &ps, call_failed);
	else
		print_text(o, &ctx, &ps, call_failed);
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
	if (cs_machine_init(&m, pool, o.profile, o.at, false) != CS_OK) {
		cs_pool_free(pool);
		return CLI_EXIT_INTERNAL;
	}
	rc = run(&o, &m);
	cs_machine_free(&m);
	cs_pool_free(pool);
	return rc;
}
