/* Scaling of the operations a big store goes through: interning N
 * certificates, reading N fixture files through the pool and finding them
 * again, a cold chain build with N unrelated CAs beside the real
 * intermediate (N = 10^3 and 10^4), and store membership (add, contains,
 * clone) at N = 10^4 and 10^5 (issue 11: no quadratic blow-up on 10^4
 * certificates in a store).
 *
 * Linear work grows 10x for 10x, quadratic ~100x. Each phase is timed in
 * CPU seconds of this process. A phase fails when it is
 * superlinear (grows LIMIT_RATIO or more) and measurable at the larger N
 * (over NOISE_FLOOR seconds: below it caches and timer noise decide
 * ratios), or exceeds its own budget at the larger N. The store and pool
 * phases were quadratic (docs/robustness.md: x108 and x44) and are linear
 * now, with budgets 30-100x what they cost and 5-10x under what a linear
 * scan would cost again at these sizes. Prints the table that
 * docs/robustness.md records.
 *   store_scale FIXTURES_DIR [N_LARGE]     (TAP) */
#include <limits.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/chain/chain.h"
#include "engine/machine.h"

#define LIMIT_RATIO   25.0
#define NOISE_FLOOR   0.2
#define LIMIT_SECONDS 10.0 /* interning: ~1 s at 10^4 (OpenSSL decoding) */
/* Store ops at 10^5: ~0.01 s hashed; a membership scan costs ~3 s. */
#define STORE_BUDGET 0.5
/* 10^5 pool hits among 10^4 files: ~0.03 s hashed; a scan of the list
 * costs seconds. Reads of 10^4 files: ~0.05 s plus the file system. */
#define POOL_HIT_BUDGET  0.5
#define POOL_READ_BUDGET 2.0
#define CHAIN_BUDGET     0.1 /* one cold build beside 10^4 CAs: ~0.5 ms */
/* The store phase runs at STORE_FACTOR times the other phases' N: it needs
 * no real certificates (a store holds opaque pointers), so 10^5 costs
 * milliseconds when linear and seconds when quadratic. */
#define STORE_FACTOR 10
/* Lookups per cached file in the pool phase. */
#define POOL_LOOKUPS 10
/* Sanitizer builds (CAPISIM_SANITIZE set to meson's b_sanitize) run about
 * 5x slower; the budgets grow with them. */
#define SANITIZER_SLOWDOWN 5.0
static double budget_scale = 1.0;

/* This process's CPU time, not the wall clock: other processes on a busy
 * machine take nothing from it, so only the work measured counts (file
 * reads included: their system time is CPU time, waiting for the disk is
 * not). */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* N distinct CA certificates (EC P-256, one key: only the DER matters). */
static unsigned char **make_certs(size_t n, int **lens)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	unsigned char **ders = calloc(n, sizeof *ders);
	*lens = calloc(n, sizeof **lens);
	if (!key || !ders || !*lens)
		exit(3);
	for (size_t i = 0; i < n; i++) {
		X509 *x = X509_new();
		X509_NAME *name = X509_NAME_new();
		char cn[64];
		snprintf(cn, sizeof cn, "capisim scale CA %zu", i);
		X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
		                           (unsigned char *)cn, -1, -1, 0);
		X509_set_version(x, 2);
		ASN1_INTEGER_set(X509_get_serialNumber(x), (long)i + 1);
		X509_set_subject_name(x, name);
		X509_set_issuer_name(x, name);
		ASN1_TIME_set_string(X509_getm_notBefore(x), "20200101000000Z");
		ASN1_TIME_set_string(X509_getm_notAfter(x), "20400101000000Z");
		X509_set_pubkey(x, key);
		if (!X509_sign(x, key, EVP_sha256()))
			exit(3);
		(*lens)[i] = i2d_X509(x, &ders[i]);
		X509_NAME_free(name);
		X509_free(x);
	}
	EVP_PKEY_free(key);
	return ders;
}

typedef struct {
	double intern, pool_files, pool_hits, cold_verify;
} timings;

/* n distinct pointers into one array stand for n interned certificates:
 * the store only compares them. Adds all (in order), adds them all again
 * (present: no-ops), checks each is contained, clones the store, and
 * removes 100 from the clone (a removal closes the array's gap: O(n) each,
 * and rare in scenarios). */
static double store_ops(size_t n)
{
	char *objs = malloc(n);
	if (!objs)
		exit(3);
	cs_store s, c;
	cs_store_init(&s);
	double t0 = now_s();
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if (cs_store_add(&s,
			                 (const struct cs_cert *)(objs + i)) !=
			    CS_OK)
				exit(3);
	for (size_t i = 0; i < n; i++)
		if (!cs_store_contains(&s, (const struct cs_cert *)(objs + i)))
			exit(4);
	if (cs_store_clone(&c, &s) != CS_OK)
		exit(3);
	for (size_t i = 0; i < n; i += n / 100)
		if (!cs_store_remove(&c, (const struct cs_cert *)(objs + i)))
			exit(4);
	double t = now_s() - t0;
	if (s.n != n || c.n != n - 100)
		exit(4);
	cs_store_free(&c);
	cs_store_free(&s);
	free(objs);
	return t;
}

static const struct cs_cert *load(cs_pool *p, const char *dir, const char *f)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/basic/%s", dir, f);
	const struct cs_cert *c;
	cs_diag d = {0};
	if (cs_cert_load(p, path, &c, &d) != CS_OK) {
		fprintf(stderr, "%s: %s\n", path, d.msg);
		exit(2);
	}
	return c;
}

static timings measure(const char *fixtures, size_t n, unsigned char **ders,
                       int *lens, const char *tmpdir)
{
	timings t;
	cs_pool *pool;
	cs_machine m;
	cs_filetime at;
	if (cs_pool_new(&pool, tmpdir) != CS_OK ||
	    cs_time_parse("2025-01-01T00:00:00Z", &at, NULL, NULL) != CS_OK ||
	    cs_machine_init(&m, pool, cs_profile_find("win10-22h2"), at,
	                    false) != CS_OK)
		exit(3);
	const struct cs_cert **certs = calloc(n, sizeof *certs);
	double t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		cs_diag d;
		if (cs_cert_from_der(pool, (cs_bytes){ders[i], (size_t)lens[i]},
		                     &certs[i], &d) != CS_OK)
			exit(3);
	}
	t.intern = now_s() - t0;

	for (size_t i = 0; i < n; i++)
		if (cs_store_add(&m.w.machine_stores[CS_STORE_CA], certs[i]) !=
		    CS_OK)
			exit(3);

	/* The files were written by main; the pool reads each once, then
	 * finds each again POOL_LOOKUPS times. */
	t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		char name[64];
		cs_bytes b;
		cs_diag d;
		snprintf(name, sizeof name, "c%zu.der", i);
		if (cs_pool_file(pool, name, &b, NULL, &d) != CS_OK)
			exit(3);
	}
	t.pool_files = now_s() - t0;
	t0 = now_s();
	for (size_t r = 0; r < POOL_LOOKUPS * n; r++) {
		char name[64];
		cs_bytes b;
		cs_diag d;
		snprintf(name, sizeof name, "c%zu.der", (r * 7919) % n);
		if (cs_pool_file(pool, name, &b, NULL, &d) != CS_OK)
			exit(3);
	}
	t.pool_hits = now_s() - t0;

	const struct cs_cert *leaf = load(pool, fixtures, "leaf.crt");
	if (cs_store_add(&m.w.machine_stores[CS_STORE_ROOT],
	                 load(pool, fixtures, "root.crt")) != CS_OK ||
	    cs_store_add(&m.w.machine_stores[CS_STORE_CA],
	                 load(pool, fixtures, "intermediate.crt")) != CS_OK)
		exit(3);
	cs_chain_para para = {.account = m.w.acting, .leaf = leaf};
	cs_chain_context ctx;
	t0 = now_s();
	for (int r = 0; r < 5; r++) {
		cs_machine_reboot(&m); /* cold: empty engine cache */
		if (cs_chain_get(&m, &para, &ctx) != CS_OK || ctx.error_status)
			exit(3);
		cs_chain_context_free(&ctx);
	}
	t.cold_verify = (now_s() - t0) / 5;
	free(certs);
	cs_machine_free(&m);
	cs_pool_free(pool);
	return t;
}

static int check(int num, const char *what, double small, double large,
                 size_t n_small, size_t n_large, double budget)
{
	double ratio = small > 0 ? large / small : 0;
	bool superlinear = ratio >= LIMIT_RATIO;
	int ok = (!superlinear || large < NOISE_FLOOR * budget_scale) &&
	         large < budget * budget_scale;
	printf("%s %d - %s: %.4f s at %zu, %.4f s at %zu (x%.1f for x%zu)%s\n",
	       ok ? "ok" : "not ok", num, what, small, n_small, large, n_large,
	       ratio, n_large / n_small,
	       !superlinear ? ""
	       : large < NOISE_FLOOR * budget_scale
	           ? " (ratio under the noise floor: caches, timer)"
	           : " # superlinear: see docs/robustness.md");
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: store_scale FIXTURES_DIR [N_LARGE]\n");
		return 2;
	}
	size_t n_large = argc > 2 ? (size_t)atol(argv[2]) : 10000;
	size_t n_small = n_large / 10;
	const char *san = getenv("CAPISIM_SANITIZE");
	if (san && *san && strcmp(san, "none") != 0)
		budget_scale = SANITIZER_SLOWDOWN;
	/* The pool's base is the temporary folder: make the fixtures path
	 * absolute. */
	char *fixtures = realpath(argv[1], NULL);
	if (!fixtures)
		return 2;
	int *lens;
	unsigned char **ders = make_certs(n_large, &lens);
	char tmpdir[] = "/tmp/capisim-scale-XXXXXX";
	if (!mkdtemp(tmpdir))
		return 3;
	for (size_t i = 0; i < n_large; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/c%zu.der", tmpdir, i);
		FILE *f = fopen(path, "wb");
		if (!f ||
		    fwrite(ders[i], 1, (size_t)lens[i], f) != (size_t)lens[i] ||
		    fclose(f) != 0)
			return 3;
	}
	timings s = measure(fixtures, n_small, ders, lens, tmpdir);
	timings l = measure(fixtures, n_large, ders, lens, tmpdir);
	double st_small = store_ops(n_small * STORE_FACTOR);
	double st_large = store_ops(n_large * STORE_FACTOR);
	puts("1..5");
	/* Budgets are for the default sizes; a larger N_LARGE is for
	 * measuring (docs/robustness.md), with the budgets scaled by it. */
	double k = (double)n_large / 10000;
	int ok = check(1, "intern certificates", s.intern, l.intern, n_small,
	               n_large, LIMIT_SECONDS * k);
	ok &= check(2, "store add x2, contains, clone, remove (synthetic)",
	            st_small, st_large, n_small * STORE_FACTOR,
	            n_large * STORE_FACTOR, STORE_BUDGET * k);
	ok &= check(3, "read fixture files through the pool", s.pool_files,
	            l.pool_files, n_small, n_large, POOL_READ_BUDGET * k);
	ok &=
	    check(4, "find cached files in the pool (10 per file)", s.pool_hits,
	          l.pool_hits, n_small, n_large, POOL_HIT_BUDGET * k);
	ok &= check(5, "cold chain build beside N CAs", s.cold_verify,
	            l.cold_verify, n_small, n_large, CHAIN_BUDGET * k);
	for (size_t i = 0; i < n_large; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/c%zu.der", tmpdir, i);
		unlink(path);
		OPENSSL_free(ders[i]);
	}
	rmdir(tmpdir);
	free(fixtures);
	free(ders);
	free(lens);
	return ok ? 0 : 1;
}
