/* The Windows conformance suite: Wine's crypt32 chain tests, whose expected
 * values are real Windows' answers (../shared/winetests, read at run time;
 * docs/conformance.md). Every case runs on every Windows profile of the
 * model and is compared with Windows' answer; the same cases run in Wine 8
 * through the probe and are compared with the wine-8 profile. */
#ifndef CAPISIM_TESTS_CONFORMANCE_H
#define CAPISIM_TESTS_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/chain/chain.h"
#include "model/profile.h"

#define CF_MAX_CERTS 16
#define CF_MAX_EL    16
#define CF_MAX_ALT   4
#define CF_ID        96

typedef struct {
	uint32_t error, info;
} cf_status;

/* What one verification gave (the model or Wine). */
typedef struct {
	bool fails; /* CertGetCertificateChain failed: no chain */
	cf_status chain;
	size_t n;
	cf_status el[CF_MAX_EL];
	bool policy_call_failed; /* CertVerifyCertificateChainPolicy FALSE */
	uint32_t error;          /* dwError */
	long chain_index, element_index;
} cf_result;

typedef enum {
	CF_CHAIN,       /* chain and element status words */
	CF_CHAIN_BIT,   /* one bit of the chain's error status */
	CF_CHAIN_FAILS, /* CertGetCertificateChain must fail */
	CF_POLICY,      /* CERT_CHAIN_POLICY_STATUS */
} cf_kind;

/* An older Windows' answer the test also accepts (broken()), or an ok()
 * alternative, with the Windows versions it is accepted on. */
typedef struct {
	cf_result want;      /* for chain cases: chain + elements */
	cf_status ignore;    /* bits the comparison masks off */
	bool masked;         /* compare with ignore masked off */
	bool any_zero_error; /* policy: dwError 0 accepted */
	bool error_only;     /* policy: dwError alone (the test skips the
	                        indexes when dwError is not the modern one) */
	const char *why;     /* the test's note */
	bool profiles[CS_PROFILE_COUNT];
} cf_alt;

typedef struct {
	char id[CF_ID];
	cf_kind kind;
	const char *not_expressible; /* NULL: runs */
	const char *leaf;
	const char *store[CF_MAX_CERTS]; /* hAdditionalStore; leaf incl. */
	size_t nstore;
	bool include_store;
	const char *roots[CF_MAX_CERTS]; /* trusted (machine or exclusive) */
	size_t nroots;
	int64_t at; /* pTime, FILETIME */
	uint32_t chain_flags;
	const char *usages[8];
	size_t nusages;
	cs_usage_match match;
	/* policy cases */
	cs_policy_id policy;
	uint32_t policy_flags;
	bool ssl_para;
	int auth_type;
	uint32_t ssl_checks;
	const char *server; /* NULL: none */
	/* expectations */
	cf_result want;
	uint32_t bit; /* CF_CHAIN_BIT */
	bool bit_set;
	cf_alt alt[CF_MAX_ALT];
	size_t nalt;
	bool wine_todo; /* the test marks a field todo_wine */
} cf_case;

typedef struct {
	cf_case *v;
	size_t n;
	void *json; /* keeps the strings alive */
} cf_cases;

/* cases.c: read DIR/cases.json. False with a message on stderr. */
bool cf_cases_load(const char *dir, cf_cases *out);
void cf_cases_free(cf_cases *c);

/* model.c: run one case on one profile (certificates read from DIR). */
bool cf_model_run(const char *dir, const cf_case *c, const cs_profile *p,
                  cf_result *out);

/* The roots a case trusts on wine-8: its own, else an unrelated root so
 * that neither side reads a host bundle (winetests README). */
size_t cf_wine_roots(const cf_case *c, const char **roots);

/* compare.c: Windows' answer for profile p: true when r is accepted. */
bool cf_windows_accepts(const cf_case *c, const cs_profile *p,
                        const cf_result *r);
/* Exact equality of what the case's kind compares. */
bool cf_same(const cf_case *c, const cf_result *a, const cf_result *b);
/* One line: "chain 0x21/0x0 [0x1/0x4 0x20/0xc]" or "0x800B0109 (0, 1)". */
void cf_describe(const cf_case *c, const cf_result *r, char *buf, size_t cap);

/* wine.c: run every runnable case in Wine 8 through the probe, in one
 * process. results[i] for cases->v[i]; ran[i] false for cases not run.
 * Returns false (message on stderr) when Wine could not run; *skipped
 * is true when Wine, the probe or libfaketime is missing. */
bool cf_wine_run(const char *dir, const cf_cases *cases, cf_result *results,
                 bool *ran, bool *skipped);

#endif
