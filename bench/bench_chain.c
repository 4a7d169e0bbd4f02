/* Chain benchmark: cold and warm capisim verifies of the basic/ chain
 * against OpenSSL's X509_verify_cert on the same chain, in the same run,
 * printed as ratios. Targets (issue 4): warm >= 20x OpenSSL's throughput;
 * cold <= 1.2x the cost of the chain's raw signature checks.
 * OpenSSL's verifier is used here only as a yardstick: the engine never
 * calls it (it treats notAfter as expired, RULES.md 1).
 * usage: bench_chain FIXTURES_DIR [SECONDS_PER_CASE] */
#define _POSIX_C_SOURCE 200809L
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine/chain/chain.h"
#include "engine/machine.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
	cs_machine m;
	const struct cs_cert *leaf, *inter, *root;
	X509_STORE *store;
	STACK_OF(X509) * untrusted;
	time_t at;
} bench;

typedef void (*op_fn)(bench *b);

/* Calls per second of op over about `secs` seconds. */
static double rate(bench *b, op_fn op, double secs)
{
	long n = 0, batch = 16;
	double t0 = now_s(), t;
	do {
		for (long i = 0; i < batch; i++)
			op(b);
		n += batch;
		t = now_s() - t0;
		if (batch < 4096)
			batch *= 2;
	} while (t < secs);
	return (double)n / t;
}

static void verify(bench *b)
{
	cs_chain_para para = {.account = b->m.w.acting, .leaf = b->leaf};
	cs_chain_context ctx;
	if (cs_chain_get(&b->m, &para, &ctx) != CS_OK || ctx.error_status) {
		fprintf(stderr, "bench: chain not valid\n");
		exit(3);
	}
	cs_chain_context_free(&ctx);
}

static void warm(bench *b)
{
	verify(b);
}

static void cold(bench *b)
{
	cs_machine_reboot(&b->m, 0); /* empty engine cache */
	verify(b);
}

static void raw_signatures(bench *b)
{
	if (!cs_cert_signature_ok(b->leaf, b->inter) ||
	    !cs_cert_signature_ok(b->inter, b->root) ||
	    !cs_cert_signature_ok(b->root, b->root))
		exit(3);
}

static void openssl_verify(bench *b)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_STORE_CTX_init(ctx, b->store, cs_cert_x509(b->leaf), b->untrusted);
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), b->at);
	if (X509_verify_cert(ctx) != 1) {
		fprintf(stderr, "bench: OpenSSL rejects the chain: %s\n",
		        X509_verify_cert_error_string(
		            X509_STORE_CTX_get_error(ctx)));
		exit(3);
	}
	X509_STORE_CTX_free(ctx);
}

static const struct cs_cert *load(cs_pool *p, const char *dir, const char *f)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/basic/%s", dir, f);
	const struct cs_cert *c;
	cs_diag d = {0};
	if (cs_cert_load(p, path, &c, &d) != CS_OK) {
		fprintf(stderr, "bench: %s: %s\n", path, d.msg);
		exit(2);
	}
	return c;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_chain FIXTURES_DIR [SECONDS]\n");
		return 2;
	}
	double secs = argc > 2 ? atof(argv[2]) : 0.5;
	cs_pool *pool;
	bench b;
	cs_filetime at;
	if (cs_pool_new(&pool, ".") != CS_OK ||
	    cs_time_parse("2025-01-01T00:00:00Z", &at, NULL, NULL) != CS_OK ||
	    cs_machine_init(&b.m, pool, cs_profile_find("win10-22h2"), at,
	                    false) != CS_OK)
		return 3;
	b.leaf = load(pool, argv[1], "leaf.crt");
	b.inter = load(pool, argv[1], "intermediate.crt");
	b.root = load(pool, argv[1], "root.crt");
	if (cs_store_add(&b.m.w.machine_stores[CS_STORE_ROOT], b.root) ||
	    cs_store_add(&b.m.w.machine_stores[CS_STORE_CA], b.inter))
		return 3;
	b.at = (time_t)cs_time_to_unix(at);
	b.store = X509_STORE_new();
	X509_STORE_add_cert(b.store, cs_cert_x509(b.root));
	b.untrusted = sk_X509_new_null();
	sk_X509_push(b.untrusted, cs_cert_x509(b.inter));

	double r_ossl = rate(&b, openssl_verify, secs);
	double r_sigs = rate(&b, raw_signatures, secs);
	double r_cold = rate(&b, cold, secs);
	double r_warm = rate(&b, warm, secs);
	printf("basic chain (3 certificates, RSA-2048), per second:\n");
	printf("  OpenSSL X509_verify_cert   %12.0f\n", r_ossl);
	printf("  raw signature checks (3)   %12.0f\n", r_sigs);
	printf("  capisim cold verify        %12.0f\n", r_cold);
	printf("  capisim warm verify        %12.0f\n", r_warm);
	double warm_x = r_warm / r_ossl, cold_x = r_sigs / r_cold;
	printf("warm / OpenSSL throughput:    %8.1fx (target >= 20x) %s\n",
	       warm_x, warm_x >= 20 ? "ok" : "MISSED");
	printf("cold cost / raw signatures:   %8.2fx (target <= 1.2x) %s\n",
	       cold_x, cold_x <= 1.2 ? "ok" : "MISSED");
	sk_X509_free(b.untrusted);
	X509_STORE_free(b.store);
	cs_machine_free(&b.m);
	cs_pool_free(pool);
	return 0;
}
