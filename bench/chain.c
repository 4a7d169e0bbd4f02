/* Chain verification against OpenSSL (bench.h). OpenSSL's verifier is
 * only a yardstick here: the engine never calls it (it treats notAfter as
 * expired, RULES.md 1). Targets (issue 4): warm >= 20x OpenSSL's
 * throughput; cold <= 1.2x the cost of the chain's raw signature checks. */
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <string.h>

#include "bench/clock.h"
#include "capisim/bench.h"
#include "engine/chain/chain.h"
#include "engine/machine.h"
#include "pki/ossl.h"

typedef struct {
	cs_machine m;
	const struct cs_cert *leaf, *inter, *root;
	X509_STORE *store;
	STACK_OF(X509) * untrusted;
	time_t at;
	const char *bad; /* set by an operation that failed */
} bench;

typedef void (*op_fn)(bench *b);

/* Slices each of the raw signature checks and the cold verify. */
#define COLD_ROUNDS 5

/* Calls per second of op over about `secs` seconds (0 when op failed). */
static double rate(bench *b, op_fn op, double secs)
{
	long n = 0, batch = 16;
	double t0 = bench_now(), t;
	do {
		for (long i = 0; i < batch && !b->bad; i++)
			op(b);
		n += batch;
		t = bench_now() - t0;
		if (batch < 4096)
			batch *= 2;
	} while (t < secs && !b->bad);
	return b->bad ? 0 : (double)n / t;
}

static void verify(bench *b)
{
	cs_chain_para para = {.account = b->m.w.acting, .leaf = b->leaf};
	cs_chain_context ctx;
	if (cs_chain_get(&b->m, &para, &ctx) != CS_OK) {
		b->bad = "the engine failed to build the chain";
		return;
	}
	if (ctx.error_status)
		b->bad = "the engine finds the basic chain not valid";
	cs_chain_context_free(&ctx);
}

static void warm(bench *b)
{
	verify(b);
}

static void cold(bench *b)
{
	cs_machine_reboot(&b->m); /* empty engine cache */
	verify(b);
}

static void raw_signatures(bench *b)
{
	if (!cs_cert_signature_check(b->leaf, b->inter) ||
	    !cs_cert_signature_check(b->inter, b->root) ||
	    !cs_cert_signature_check(b->root, b->root))
		b->bad = "a signature of the basic chain does not verify";
}

static void openssl_verify(bench *b)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	if (!ctx || !X509_STORE_CTX_init(ctx, b->store, cs_cert_x509(b->leaf),
	                                 b->untrusted)) {
		b->bad = "OpenSSL: out of memory";
		X509_STORE_CTX_free(ctx);
		return;
	}
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), b->at);
	if (X509_verify_cert(ctx) != 1)
		b->bad = "OpenSSL rejects the basic chain";
	X509_STORE_CTX_free(ctx);
}

static cs_status load(cs_pool *p, const char *dir, const char *f,
                      const struct cs_cert **out, cs_diag *d)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, f);
	return cs_cert_load(p, path, out, d);
}

cs_status capisim_bench_chain(const char *basic_dir, double secs,
                              capisim_bench_chain_rates *out, cs_diag *d)
{
	memset(out, 0, sizeof *out);
	cs_pool *pool;
	bench b;
	memset(&b, 0, sizeof b);
	cs_filetime at;
	/* the basic fixtures' verify time (fixtures/README.md) */
	CS_GUARD(cs_pool_new(&pool, "."));
	cs_status st = cs_time_parse("2025-01-01T00:00:00Z", &at, NULL, NULL);
	if (st == CS_OK)
		st = cs_machine_init(&b.m, pool, cs_profile_find("win10-22h2"),
		                     at, false);
	if (st != CS_OK) {
		cs_pool_free(pool);
		return st;
	}
	if ((st = load(pool, basic_dir, "leaf.crt", &b.leaf, d)) != CS_OK ||
	    (st = load(pool, basic_dir, "intermediate.crt", &b.inter, d)) !=
	        CS_OK ||
	    (st = load(pool, basic_dir, "root.crt", &b.root, d)) != CS_OK)
		goto done;
	if ((st = cs_store_add(&b.m.w.machine_stores[CS_STORE_ROOT], b.root)) !=
	        CS_OK ||
	    (st = cs_store_add(&b.m.w.machine_stores[CS_STORE_CA], b.inter)) !=
	        CS_OK)
		goto done;
	b.at = (time_t)cs_time_to_unix(at);
	b.store = X509_STORE_new();
	b.untrusted = sk_X509_new_null();
	if (!b.store || !b.untrusted ||
	    !X509_STORE_add_cert(b.store, cs_cert_x509(b.root)) ||
	    !sk_X509_push(b.untrusted, cs_cert_x509(b.inter))) {
		st = CS_OSSL_FAILED();
		goto done;
	}
	out->openssl = rate(&b, openssl_verify, secs);
	/* The cold target is a ratio of two rates: they are measured side by
	 * side, in alternating slices, and each keeps its best slice, so a
	 * burst of other work on the machine costs one slice, not a figure.
	 * Cold as a new process is cold: every signature checked again, not
	 * remembered across reboots (pki/sigmemo.h). */
	for (int k = 0; k < COLD_ROUNDS; k++) {
		double r = rate(&b, raw_signatures, secs / COLD_ROUNDS);
		cs_sig_memo_enable(false);
		double c = rate(&b, cold, secs / COLD_ROUNDS);
		cs_sig_memo_enable(true);
		if (r > out->raw_signatures)
			out->raw_signatures = r;
		if (c > out->cold)
			out->cold = c;
	}
	out->warm = rate(&b, warm, secs);
	if (b.bad) {
		cs_diag_set(d, basic_dir, 0, 0, "%s", b.bad);
		st = CS_ERR_FORMAT;
	}
done:
	sk_X509_free(b.untrusted);
	X509_STORE_free(b.store);
	cs_machine_free(&b.m);
	cs_pool_free(pool);
	return st;
}
