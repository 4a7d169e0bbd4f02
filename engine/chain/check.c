/* Trust status bits of a path (RULES.md 2-3): time, signature, basic
 * constraints and path length, key usage, name constraints, critical
 * extensions, root trust, explicit distrust, self-signed/issuer-match info.
 * The order of the checks and where each bit lands follow Wine's
 * CRYPT_CheckSimpleChain (WINE), which matches Windows' tests. */
#include <stdatomic.h>
#include <stdlib.h>
#include "model/alloc.h"
#include <string.h>

#include "engine/autoupdate/autoupdate.h"
#include "engine/chain/internal.h"
#include "model/horizon.h"
#include "pki/nameconstraints.h"

/* Critical extensions the engine understands (WINE: basic constraints old
 * and new, name constraints, key usage, subject alt name old and new,
 * extended key usage). */
static const char *const supported_critical[] = {
    "2.5.29.19", "2.5.29.10", "2.5.29.30", "2.5.29.15",
    "2.5.29.17", "2.5.29.7",  "2.5.29.37",
};

static bool critical_check(const struct cs_cert *c)
{
	for (size_t i = 0; i < c->critical_oids.n; i++) {
		bool known = false;
		for (size_t k = 0; !known && k < sizeof supported_critical /
		                                     sizeof *supported_critical;
		     k++)
			known = strcmp(c->critical_oids.v[i],
			               supported_critical[k]) == 0;
		if (!known)
			return false;
	}
	return true;
}

/* critical_check, asked once per certificate (pki/cert.h). */
static bool critical_ok(const struct cs_cert *c)
{
	struct cs_cert *w = (struct cs_cert *)c;
	unsigned char v =
	    atomic_load_explicit(&w->critical_memo, memory_order_relaxed);
	if (!v) {
		v = critical_check(c) ? 1 : 2;
		atomic_store_explicit(&w->critical_memo, v,
		                      memory_order_relaxed);
	}
	return v == 1;
}

/* WINE CRYPT_IsCertVersionValid: a v1 certificate has no unique ids or
 * extensions, a v2 no extensions. */
static bool version_ok(const struct cs_cert *c)
{
	if (c->version == 1)
		return !c->has_unique_ids && c->ext_count == 0;
	if (c->version == 2)
		return c->ext_count == 0;
	return c->version == 3;
}

bool cs_chain_signature(cs_build *b, const struct cs_cert *subj,
                        const struct cs_cert *iss)
{
	b->sig_checks++;
	if (b->cache) {
		int r = cs_chain_cache_sig_get(b->cache, subj, iss, b->resync);
		if (r >= 0) {
			b->sig_hits++;
			return r == 1;
		}
	}
	bool ok = cs_cert_signature_ok(subj, iss);
	if (b->cache &&
	    !cs_chain_cache_sig_put(b->cache, subj, iss, ok, b->now))
		b->oom = true;
	return ok;
}

/* Info bits of a self-signed top: how its own AKI names it (WINE
 * CRYPT_IsCertificateSelfSigned): issuer+serial -> exact, key id -> key,
 * no AKI -> name. */
static uint32_t self_match(const struct cs_cert *c)
{
	if (c->aki_issuer.len && c->aki_serial.len)
		return CS_TRUST_HAS_EXACT_MATCH_ISSUER;
	if (c->aki_keyid.len && c->aki_keyid.len == c->ski.len &&
	    memcmp(c->aki_keyid.data, c->ski.data, c->ski.len) == 0)
		return CS_TRUST_HAS_KEY_MATCH_ISSUER;
	return CS_TRUST_HAS_NAME_MATCH_ISSUER;
}

/* Basic constraints and path length, from the top down (WINE
 * CRYPT_CheckBasicConstraintsForCA). A CA without the extension is a CA only
 * as the self-signed root, or as a v1/v2 certificate installed locally. */
static void check_basic_constraints(cs_build *b, const cs_path *p,
                                    cs_chain_element *el, bool *is_ca)
{
	bool violated = false;
	long limit = -1; /* tightest remaining path length, -1 = none */
	for (size_t i = p->n; i-- > 1;) {
		const struct cs_cert *c = p->certs[i];
		bool root = i == p->n - 1 && c->self_issued && !p->partial;
		bool ca;
		if (c->has_bc)
			ca = c->bc_ca;
		else
			ca = root ||
			     (c->version < 3 &&
			      cs_chain_in_stores(c, b->world, b->nworld));
		is_ca[i] = ca;
		if (violated) {
			el[i].error_status |=
			    CS_TRUST_INVALID_BASIC_CONSTRAINTS;
			continue;
		}
		bool valid = ca;
		if (ca && c->has_bc && c->bc_pathlen >= 0 &&
		    (limit < 0 || c->bc_pathlen < limit))
			limit = c->bc_pathlen;
		long below =
		    (long)i - 1; /* CAs between this one and the leaf */
		if (limit >= 0 && below > limit) {
			valid = false;
			violated = true;
		}
		if (!valid)
			el[i].error_status |=
			    CS_TRUST_INVALID_BASIC_CONSTRAINTS;
		else if (limit > 0)
			limit--;
		/* Wine 8: an endless (cyclic) path violates every path
		 * length below its top. */
		if (i == p->n - 1 && p->cyclic &&
		    b->prof->cycle_is_endless_path)
			violated = true;
	}
	is_ca[0] = p->certs[0]->bc_ca;
}

/* Key usage (RULES.md 3): a CA with the extension needs keyCertSign; a
 * non-CA must not assert it (WINE CRYPT_KeyUsageValid). */
static bool key_usage_ok(const struct cs_cert *c, bool is_ca)
{
	if (!c->has_ku)
		return true;
	bool cert_sign = c->ku & CS_KU_KEY_CERT_SIGN;
	return is_ca ? cert_sign : !cert_sign;
}

/* Name constraints: errors on the constraining CA (RULES.md 3, WINE
 * CRYPT_CheckChainNameConstraints), checked against every certificate below
 * it except self-issued intermediates. */
/* The trust bits of name-constraint findings (pki/nameconstraints.h);
 * errors belong to the CA's element (RULES.md 3). */
static uint32_t nc_bits(unsigned f)
{
	uint32_t e = 0;
	if (f & CS_NC_EXCLUDED)
		e |= CS_TRUST_HAS_EXCLUDED_NAME_CONSTRAINT;
	if (f & CS_NC_NOT_PERMITTED)
		e |= CS_TRUST_HAS_NOT_PERMITTED_NAME_CONSTRAINT;
	if (f & CS_NC_NOT_SUPPORTED)
		e |= CS_TRUST_HAS_NOT_SUPPORTED_NAME_CONSTRAINT;
	/* Alt names that cannot be decoded cannot be checked: the
	 * constraining CA's extension is reported invalid (WINETEST chain.c
	 * chainCheckEmbeddedNull: 0x920 on the root, nothing on the leaf;
	 * WINE CRYPT_CheckNameConstraints). */
	if (f & CS_NC_NAMES_UNDECODABLE)
		e |= CS_TRUST_INVALID_NAME_CONSTRAINTS |
		     CS_TRUST_INVALID_EXTENSION;
	return e;
}

static void check_name_constraints(const cs_build *b, const cs_path *p,
                                   cs_chain_element *el, cs_chain_context *ctx)
{
	/* Wine 8 folds a CA's HAS_VALID_NAME_CONSTRAINTS into the chain only
	 * when a later (lower) certificate then violates the same CA's
	 * constraints (WINE CRYPT_CheckChainNameConstraints). */
	ctx->valid_nc_info_folded =
	    b->prof->chain_info_has_valid_name_constraints;
	for (size_t i = p->n; i-- > 1;) {
		const struct cs_cert *ca = p->certs[i];
		if (!ca->name_constraints)
			continue;
		if (!cs_nc_supported(ca)) {
			el[i].error_status |=
			    CS_TRUST_HAS_NOT_SUPPORTED_NAME_CONSTRAINT;
			continue;
		}
		for (size_t j = i; j-- > 0;) {
			if (j != 0 && p->certs[j]->self_issued)
				continue;
			uint32_t e = nc_bits(cs_nc_check(ca, p->certs[j]));
			if (e && (el[i].info_status &
			          CS_TRUST_HAS_VALID_NAME_CONSTRAINTS))
				ctx->valid_nc_info_folded = true;
			/* Wine 8 folds the top element into the chain once
			 * more at the end (profile column). */
			if (!e && i == p->n - 1)
				ctx->valid_nc_info_folded = true;
			if (e)
				el[i].error_status |= e;
			else
				el[i].info_status |=
				    CS_TRUST_HAS_VALID_NAME_CONSTRAINTS;
		}
	}
}

/* CERT_TRUST_HAS_PREFERRED_ISSUER (H-chain-1, profile column). On the
 * rows since Vista only a chain that ends in a trusted root has it: from
 * the end certificate up, while each issuer came from the engine's own
 * stores or AIA - none the caller passed in hAdditionalStore (WINETEST
 * chain.c chainCheck[0]-[29]: none on untrusted chains; chainCheck[30],
 * [31], opensslChainCheck: none below an issuer of the test's store;
 * certutil samples: every element of a chain from the machine's stores);
 * and a trusted root whose AKI names its own key, found by it in the Root
 * store (chainCheck[30]: 0x10a on GeoTrust Global CA, 0xc on the roots
 * without AKI). */
static void mark_preferred(const cs_build *b, const cs_path *p,
                           cs_chain_element *el, bool trusted)
{
	const struct cs_cert *top = p->certs[p->n - 1];
	bool complete = !p->partial && !p->cyclic && top->self_issued;
	switch (b->prof->preferred_issuer) {
	case CS_PREFERRED_NEVER:
		return;
	case CS_PREFERRED_EVERY_ELEMENT:
		for (size_t i = 0; i < p->n; i++)
			if (i + 1 < p->n || complete)
				el[i].info_status |=
				    CS_TRUST_HAS_PREFERRED_ISSUER;
		return;
	case CS_PREFERRED_ENGINE_STORES:
		break;
	}
	if (!trusted)
		return;
	const cs_store *caller = b->para->additional;
	for (size_t i = 0; i < p->n; i++) {
		const struct cs_cert *issuer =
		    i + 1 < p->n ? p->certs[i + 1] : top;
		if (caller && cs_store_contains(caller, issuer))
			break;
		el[i].info_status |= CS_TRUST_HAS_PREFERRED_ISSUER;
	}
	if (self_match(top) == CS_TRUST_HAS_KEY_MATCH_ISSUER)
		el[p->n - 1].info_status |= CS_TRUST_HAS_PREFERRED_ISSUER;
}

/* Requested usages against the end certificate's EKU (WINE
 * CRYPT_CheckUsages): no extension = valid for everything. */
static bool usage_ok(const cs_chain_para *para, const struct cs_cert *leaf)
{
	if (para->nusages == 0 || !leaf->has_eku)
		return true;
	size_t found = 0;
	for (size_t i = 0; i < para->nusages; i++)
		for (size_t j = 0; j < leaf->eku.n; j++)
			if (strcmp(para->usages[i], leaf->eku.v[j]) == 0) {
				found++;
				break;
			}
	return para->usage_match == CS_USAGE_MATCH_OR ? found > 0
	                                              : found == para->nusages;
}

/* Valid on [notBefore, notAfter] at the verify time (RULES.md 1); a
 * verify time that is the clock's reports when the answer changes. */
static bool time_valid(cs_build *b, const struct cs_cert *c)
{
	cs_world *w = &b->m->w;
	return !cs_time_before(w, b->t, b->t_is_now, c->not_before) &&
	       cs_time_at_or_before(w, b->t, b->t_is_now, c->not_after);
}

cs_status cs_chain_check(cs_build *b, const cs_path *p, cs_chain_context *ctx)
{
	cs_chain_element *el =
	    cs_realloc(ctx->chain.elements, p->n * sizeof *el);
	if (!el)
		return cs_alloc_failed();
	ctx->chain.elements = el;
	ctx->chain.n = p->n;
	memset(el, 0, p->n * sizeof *el);
	bool is_ca[CS_CHAIN_MAX_DEPTH] = {false};
	const struct cs_cert *top = p->certs[p->n - 1];
	bool complete = !p->partial && !p->cyclic && top->self_issued;

	for (size_t i = 0; i < p->n; i++) {
		const struct cs_cert *c = p->certs[i];
		el[i].cert = c;
		el[i].info_status = p->match_info[i];
		if (!version_ok(c) || c->malformed_ext)
			el[i].error_status |= CS_TRUST_INVALID_EXTENSION;
		if (!time_valid(b, c))
			el[i].error_status |= CS_TRUST_IS_NOT_TIME_VALID;
		if (i + 1 < p->n && !cs_chain_signature(b, c, p->certs[i + 1]))
			el[i].error_status |= CS_TRUST_IS_NOT_SIGNATURE_VALID;
		if (!critical_ok(c))
			el[i].error_status |=
			    CS_TRUST_INVALID_EXTENSION |
			    CS_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT;
		if ((b->ndisallowed &&
		     cs_chain_in_stores(c, b->disallowed, b->ndisallowed)) ||
		    cs_disallowed_listed(b->m, b->para->account, c))
			el[i].error_status |= CS_TRUST_IS_EXPLICIT_DISTRUST;
	}
	check_basic_constraints(b, p, el, is_ca);
	for (size_t i = 0; i < p->n; i++)
		if (!key_usage_ok(p->certs[i], is_ca[i]))
			el[i].error_status |= CS_TRUST_IS_NOT_VALID_FOR_USAGE;
	check_name_constraints(b, p, el, ctx);
	if (p->cyclic)
		el[p->n - 1].error_status |=
		    CS_TRUST_IS_CYCLIC | CS_TRUST_INVALID_BASIC_CONSTRAINTS;

	cs_chain_element *t = &el[p->n - 1];
	ctx->root_trusted = false;
	if (complete) {
		t->info_status |= CS_TRUST_IS_SELF_SIGNED | self_match(top);
		if (!cs_chain_signature(b, top, top))
			t->error_status |= CS_TRUST_IS_NOT_SIGNATURE_VALID;
		ctx->root_trusted =
		    cs_chain_in_stores(top, b->roots, b->nroots);
		if (!ctx->root_trusted)
			t->error_status |= CS_TRUST_IS_UNTRUSTED_ROOT;
	}
	mark_preferred(b, p, el, complete && ctx->root_trusted);
	if (!usage_ok(b->para, p->certs[0]))
		el[0].error_status |= CS_TRUST_IS_NOT_VALID_FOR_USAGE;

	uint32_t chain_only = 0;
	if (p->partial)
		chain_only |= CS_TRUST_IS_PARTIAL_CHAIN;
	if (p->cyclic) /* WINE: a cycle is an endless, incomplete path */
		chain_only |= CS_TRUST_IS_PARTIAL_CHAIN |
		              CS_TRUST_INVALID_BASIC_CONSTRAINTS;
	cs_chain_fold(ctx, chain_only);
	return CS_OK;
}

void cs_chain_fold(cs_chain_context *ctx, uint32_t chain_only_errors)
{
	uint32_t err = chain_only_errors, info = 0;
	for (size_t i = 0; i < ctx->chain.n; i++) {
		err |= ctx->chain.elements[i].error_status;
		/* WINE CRYPT_CombineTrustStatus: the issuer-match and
		 * self-signed nibble stays on the element (certutil samples:
		 * elements 0x102 / 0x10c, chain 0x100). */
		info |= ctx->chain.elements[i].info_status & 0xfffffff0u;
	}
	if (!ctx->valid_nc_info_folded)
		info &= ~(uint32_t)CS_TRUST_HAS_VALID_NAME_CONSTRAINTS;
	/* The chain has a preferred issuer when every element has one
	 * (certutil samples: 0x102 / 0x102 / 0x10c -> 0x100; WINETEST chain.c
	 * chainCheck[30]: 0x2 / 0x2 / 0x10a -> 0). */
	for (size_t i = 0; i < ctx->chain.n; i++)
		if (!(ctx->chain.elements[i].info_status &
		      CS_TRUST_HAS_PREFERRED_ISSUER))
			info &= ~(uint32_t)CS_TRUST_HAS_PREFERRED_ISSUER;
	ctx->chain.error_status = err;
	ctx->chain.info_status = info;
	ctx->error_status = err;
	ctx->info_status = info;
}

/* RULES.md 3 (WINE CRYPT_ChainQuality): signature valid > time valid >
 * complete > basic constraints > trusted root, as bits of one number. */
uint32_t cs_chain_quality(const cs_chain_context *ctx)
{
	uint32_t e = ctx->error_status, q = 0;
	if (!(e & CS_TRUST_IS_NOT_SIGNATURE_VALID))
		q |= 16;
	if (!(e & (CS_TRUST_IS_NOT_TIME_VALID | CS_TRUST_IS_NOT_TIME_NESTED)))
		q |= 8;
	if (!(e & CS_TRUST_IS_PARTIAL_CHAIN))
		q |= 4;
	if (!(e & CS_TRUST_INVALID_BASIC_CONSTRAINTS))
		q |= 2;
	if (!(e & CS_TRUST_IS_UNTRUSTED_ROOT))
		q |= 1;
	return q;
}
