/* Comparing a result with Windows' answer as Wine's test compares it
 * (dlls/crypt32/tests/chain.c checkChainStatus, checkElementStatus,
 * checkChainPolicyStatus): the modern answer exactly, and an older answer
 * only on the Windows rows its note names. */
#include <stdio.h>
#include <string.h>

#include "tests/conformance/conformance.h"

static bool status_eq(cf_status a, cf_status b, cf_status ignore)
{
	return (a.error & ~ignore.error) == (b.error & ~ignore.error) &&
	       (a.info & ~ignore.info) == (b.info & ~ignore.info);
}

/* The chain's words and every element's; one simple chain only. */
static bool chain_eq(const cf_result *a, const cf_result *b, cf_status ignore)
{
	if (a->fails || b->fails)
		return a->fails == b->fails;
	if (!status_eq(a->chain, b->chain, ignore) || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!status_eq(a->el[i], b->el[i], ignore))
			return false;
	return true;
}

static bool policy_eq(const cf_result *a, const cf_result *b)
{
	if (a->fails || b->fails || a->policy_call_failed ||
	    b->policy_call_failed)
		return a->fails == b->fails &&
		       a->policy_call_failed == b->policy_call_failed;
	return a->error == b->error && a->chain_index == b->chain_index &&
	       a->element_index == b->element_index;
}

static bool bit_ok(const cf_case *c, const cf_result *r)
{
	return !r->fails && ((r->chain.error & c->bit) != 0) == c->bit_set;
}

bool cf_same(const cf_case *c, const cf_result *a, const cf_result *b)
{
	switch (c->kind) {
	case CF_CHAIN_FAILS:
		return a->fails == b->fails;
	case CF_POLICY:
		return policy_eq(a, b);
	case CF_CHAIN_BIT:
		return a->fails == b->fails &&
		       (a->chain.error & c->bit) == (b->chain.error & c->bit);
	case CF_CHAIN:
		break;
	}
	return chain_eq(a, b, (cf_status){0, 0});
}

bool cf_windows_accepts(const cf_case *c, const cs_profile *p,
                        const cf_result *r)
{
	switch (c->kind) {
	case CF_CHAIN_FAILS:
		return r->fails;
	case CF_CHAIN_BIT:
		return bit_ok(c, r);
	case CF_POLICY:
		if (policy_eq(r, &c->want))
			return true;
		break;
	case CF_CHAIN:
		if (chain_eq(r, &c->want, (cf_status){0, 0}))
			return true;
		break;
	}
	for (size_t i = 0; i < c->nalt; i++) {
		const cf_alt *a = &c->alt[i];
		if (!a->profiles[p->id])
			continue;
		if (c->kind == CF_CHAIN && chain_eq(r, &a->want, a->ignore))
			return true;
		if (c->kind != CF_POLICY || r->fails || r->policy_call_failed)
			continue;
		if (a->any_zero_error ? r->error == 0
		    : a->error_only   ? r->error == a->want.error
		                      : policy_eq(r, &a->want))
			return true;
	}
	return false;
}

void cf_describe(const cf_case *c, const cf_result *r, char *buf, size_t cap)
{
	if (r->fails) {
		snprintf(buf, cap, "CertGetCertificateChain fails");
		return;
	}
	if (c->kind == CF_POLICY) {
		if (r->policy_call_failed)
			snprintf(buf, cap,
			         "CertVerifyCertificateChainPolicy "
			         "fails");
		else
			snprintf(buf, cap, "0x%08X (%ld, %ld)", r->error,
			         r->chain_index, r->element_index);
		return;
	}
	int used = snprintf(buf, cap, "chain 0x%x/0x%x [", r->chain.error,
	                    r->chain.info);
	for (size_t i = 0; i < r->n && used > 0 && (size_t)used < cap; i++)
		used += snprintf(buf + used, cap - (size_t)used, "%s0x%x/0x%x",
		                 i ? " " : "", r->el[i].error, r->el[i].info);
	if (used > 0 && (size_t)used < cap)
		snprintf(buf + used, cap - (size_t)used, "]");
}
