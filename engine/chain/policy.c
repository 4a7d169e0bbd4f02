/* CertVerifyCertificateChainPolicy: the dispatch, and BASE, SSL and
 * BASIC_CONSTRAINTS (the others build on them in policy_more.c). Microsoft
 * does not document the precedence; the order is Wine's (RULES.md 2), with
 * the profile columns where Windows and Wine 8 differ. */
#include <string.h>

#include "engine/chain/internal.h"
#include "engine/chain/policy_internal.h"

/* First element carrying bit (DOC: lElementIndex names the first element
 * with the error); (0, -1) when only the simple chain carries it. */
static void locate(const cs_chain_context *ctx, uint32_t bits,
                   cs_policy_status *out)
{
	out->chain_index = 0;
	out->element_index = -1;
	for (size_t i = 0; i < ctx->chain.n; i++)
		if (ctx->chain.elements[i].error_status & bits) {
			out->element_index = (long)i;
			return;
		}
}

bool cs_policy_fail(const cs_chain_context *ctx, uint32_t bits, uint32_t hr,
                    cs_policy_status *out)
{
	if (!(ctx->error_status & bits))
		return false;
	out->error = hr;
	locate(ctx, bits, out);
	return true;
}

/* Revocation-unknown bits that the flags do not tell us to ignore, per
 * element position (end / CA / root): DOC IGNORE_*_REV_UNKNOWN flags. */
static uint32_t offline_bits(const cs_chain_context *ctx, uint32_t bits,
                             uint32_t flags)
{
	uint32_t seen = 0, on_elements = 0;
	for (size_t i = 0; i < ctx->chain.n; i++) {
		bool root = i == ctx->chain.n - 1 && i > 0;
		uint32_t ignore = i == 0 ? CS_POLICY_IGNORE_END_REV_UNKNOWN
		                  : root ? CS_POLICY_IGNORE_ROOT_REV_UNKNOWN
		                         : CS_POLICY_IGNORE_CA_REV_UNKNOWN;
		on_elements |= ctx->chain.elements[i].error_status;
		if (!(flags & ignore))
			seen |= ctx->chain.elements[i].error_status & bits;
	}
	/* bits only the simple chain carries (SEED 004's stale disallowed
	 * CTL, H-au-6): reported at element -1 */
	return seen | (ctx->chain.error_status & ~on_elements & bits);
}

/* Revoked, then revocation unknown (RULES.md 2: SSL's order; BASE on
 * Windows too, H-cmp-1). True when it reported one. */
static bool revocation(const cs_chain_profile *pr, const cs_chain_context *ctx,
                       uint32_t f, cs_policy_status *out)
{
	bool legacy = pr->ssl_uses_cert_e_revocation_codes;
	if (cs_policy_fail(ctx, CS_TRUST_IS_REVOKED,
	                   legacy ? CS_CERT_E_REVOKED : CS_CRYPT_E_REVOKED,
	                   out))
		return true;
	uint32_t off = offline_bits(ctx, pr->ssl_offline_bits, f);
	return off && cs_policy_fail(ctx, off,
	                             legacy ? CS_CERT_E_REVOCATION_FAILURE
	                                    : CS_CRYPT_E_REVOCATION_OFFLINE,
	                             out);
}

void cs_policy_base(const cs_chain_profile *pr, const cs_chain_context *ctx,
                    uint32_t f, cs_policy_status *out)
{
	if (cs_policy_fail(ctx, CS_TRUST_IS_NOT_SIGNATURE_VALID,
	                   CS_TRUST_E_CERT_SIGNATURE, out))
		return;
	if (pr->base_checks_constraints &&
	    cs_policy_fail(ctx, CS_TRUST_IS_EXPLICIT_DISTRUST,
	                   CS_TRUST_E_EXPLICIT_DISTRUST, out))
		return;
	if (cs_policy_fail(ctx, CS_TRUST_IS_CYCLIC, CS_CERT_E_CHAINING, out)) {
		out->element_index = -1; /* WINE: which element is moot */
		return;
	}
	if (!(f & CS_POLICY_ALLOW_UNKNOWN_CA) &&
	    cs_policy_fail(ctx, CS_TRUST_IS_UNTRUSTED_ROOT,
	                   CS_CERT_E_UNTRUSTEDROOT, out))
		return;
	if (pr->partial_chain_is_chaining_error &&
	    cs_policy_fail(ctx, CS_TRUST_IS_PARTIAL_CHAIN, CS_CERT_E_CHAINING,
	                   out))
		return;
	if (!(f & CS_POLICY_IGNORE_NOT_TIME_VALID) &&
	    cs_policy_fail(ctx, CS_TRUST_IS_NOT_TIME_VALID, CS_CERT_E_EXPIRED,
	                   out))
		return;
	if (!(f & CS_POLICY_IGNORE_WRONG_USAGE) &&
	    cs_policy_fail(ctx, CS_TRUST_IS_NOT_VALID_FOR_USAGE,
	                   CS_CERT_E_WRONG_USAGE, out))
		return;
	if (!(f & CS_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT) &&
	    cs_policy_fail(ctx, CS_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT,
	                   CS_CERT_E_CRITICAL, out))
		return;
	if (pr->base_reports_revocation && revocation(pr, ctx, f, out))
		return;
	if (!pr->base_checks_constraints)
		return;
	if (!(f & CS_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS) &&
	    cs_policy_fail(ctx, CS_TRUST_INVALID_BASIC_CONSTRAINTS,
	                   CS_TRUST_E_BASIC_CONSTRAINTS, out))
		return;
	if (!(f & CS_POLICY_IGNORE_INVALID_NAME))
		(void)cs_policy_fail(
		    ctx,
		    CS_TRUST_INVALID_NAME_CONSTRAINTS |
		        CS_TRUST_HAS_NOT_SUPPORTED_NAME_CONSTRAINT |
		        CS_TRUST_HAS_NOT_DEFINED_NAME_CONSTRAINT |
		        CS_TRUST_HAS_NOT_PERMITTED_NAME_CONSTRAINT |
		        CS_TRUST_HAS_EXCLUDED_NAME_CONSTRAINT,
		    CS_CERT_E_INVALID_NAME, out);
}

uint32_t cs_chain_event_result(const cs_chain_profile *pr,
                               const cs_chain_context *ctx)
{
	for (size_t i = 0; i < ctx->chain.n; i++) {
		const cs_revocation_info *r =
		    &ctx->chain.elements[i].revocation;
		if (r->present && r->result)
			return r->result;
	}
	cs_policy_status st = {0};
	cs_policy_base(pr, ctx, 0, &st);
	return st.error;
}

static void ssl(const cs_chain_profile *pr, const cs_chain_context *ctx,
                const cs_policy_para *p, cs_policy_status *out)
{
	/* Without SSL_EXTRA_CERT_CHAIN_POLICY_PARA there are no fdwChecks
	 * and no name (WINE verify_ssl_policy reads them only from it). */
	uint32_t f = p->flags, chk = p->no_ssl_para ? 0 : p->ssl_checks;
	if (cs_policy_fail(ctx, CS_TRUST_IS_NOT_SIGNATURE_VALID,
	                   CS_TRUST_E_CERT_SIGNATURE, out))
		return;
	if (pr->base_checks_constraints &&
	    cs_policy_fail(ctx, CS_TRUST_IS_EXPLICIT_DISTRUST,
	                   CS_TRUST_E_EXPLICIT_DISTRUST, out))
		return;
	/* SECURITY_FLAG_IGNORE_UNKNOWN_CA and the policy's ALLOW_UNKNOWN_CA
	 * both let an untrusted root pass (WINETEST chain.c
	 * ignoredUnknownCAPolicyCheck: CERT_E_EXPIRED instead). */
	bool unknown_ca_ok = (chk & CS_SECURITY_FLAG_IGNORE_UNKNOWN_CA) ||
	                     (f & CS_POLICY_ALLOW_UNKNOWN_CA);
	if (!unknown_ca_ok && cs_policy_fail(ctx, CS_TRUST_IS_UNTRUSTED_ROOT,
	                                     CS_CERT_E_UNTRUSTEDROOT, out))
		return;
	if (cs_policy_fail(ctx, CS_TRUST_IS_CYCLIC, CS_CERT_E_UNTRUSTEDROOT,
	                   out)) {
		out->element_index = -1; /* WINE */
		return;
	}
	if (pr->partial_chain_is_chaining_error &&
	    cs_policy_fail(ctx, CS_TRUST_IS_PARTIAL_CHAIN, CS_CERT_E_CHAINING,
	                   out))
		return;
	if (!(chk & CS_SECURITY_FLAG_IGNORE_CERT_DATE_INVALID) &&
	    !(f & CS_POLICY_IGNORE_NOT_TIME_VALID) &&
	    cs_policy_fail(ctx, CS_TRUST_IS_NOT_TIME_VALID, CS_CERT_E_EXPIRED,
	                   out))
		return;
	if (!(chk & CS_SECURITY_FLAG_IGNORE_WRONG_USAGE) &&
	    !(f & CS_POLICY_IGNORE_WRONG_USAGE) &&
	    cs_policy_fail(ctx, CS_TRUST_IS_NOT_VALID_FOR_USAGE,
	                   CS_CERT_E_WRONG_USAGE, out))
		return;
	if (!(chk & CS_SECURITY_FLAG_IGNORE_REVOCATION) &&
	    revocation(pr, ctx, f, out))
		return;
	if (!(f & CS_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT) &&
	    cs_policy_fail(ctx, CS_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT,
	                   CS_CERT_E_CRITICAL, out))
		return;
	/* The name only matters when the chain is otherwise fine, and only
	 * for a server: dwAuthType AUTHTYPE_SERVER with a name (WINE
	 * verify_ssl_policy; WINETEST chain.c sslPolicyCheck passes with
	 * AUTHTYPE_CLIENT and a name). An empty name is a name. */
	if (!p->no_ssl_para && p->auth_type == CS_AUTHTYPE_SERVER &&
	    p->server_name &&
	    !(chk & CS_SECURITY_FLAG_IGNORE_CERT_CN_INVALID) &&
	    !cs_ssl_name_matches(ctx->chain.elements[0].cert, p->server_name)) {
		out->error = CS_CERT_E_CN_NO_MATCH;
		out->chain_index = 0;
		out->element_index = 0;
	}
}

/* BASIC_CONSTRAINTS: the bit anywhere, then the optional CA / end-entity
 * expectations on the end certificate (DOC). */
void cs_policy_basic_constraints(const cs_chain_context *ctx, uint32_t f,
                                 cs_policy_status *out)
{
	if (cs_policy_fail(ctx, CS_TRUST_INVALID_BASIC_CONSTRAINTS,
	                   CS_TRUST_E_BASIC_CONSTRAINTS, out))
		return;
	const struct cs_cert *leaf = ctx->chain.elements[0].cert;
	bool want_ca = f & CS_BASIC_CONSTRAINTS_CA_FLAG;
	bool want_ee = f & CS_BASIC_CONSTRAINTS_END_ENTITY_FLAG;
	if ((want_ca || want_ee) && !(want_ca && leaf->bc_ca) &&
	    !(want_ee && !leaf->bc_ca)) {
		out->error = CS_TRUST_E_BASIC_CONSTRAINTS;
		out->chain_index = 0;
		out->element_index = 0;
	}
}

/* The rule that records a policy's verdict. */
static cs_rule_id policy_rule(cs_policy_id id)
{
	switch (id) {
	case CS_POLICY_NT_AUTH:
		return CS_RULE_CHAIN_POLICY_NT_AUTH;
	case CS_POLICY_MICROSOFT_ROOT:
		return CS_RULE_CHAIN_POLICY_MICROSOFT_ROOT;
	case CS_POLICY_AUTHENTICODE:
	case CS_POLICY_AUTHENTICODE_TS:
		return CS_RULE_CHAIN_POLICY_AUTHENTICODE;
	default:
		return CS_RULE_CHAIN_POLICY;
	}
}

cs_status cs_chain_policy(cs_machine *m, const cs_chain_context *ctx,
                          const cs_policy_para *p, cs_policy_status *out)
{
	*out = (cs_policy_status){0, -1, -1};
	if (ctx->chain.n == 0)
		return CS_ERR_RANGE;
	if (!cs_policy_provided(m->w.profile, p->policy)) {
		/* CertVerifyCertificateChainPolicy returns FALSE */
		cs_obs *o =
		    cs_trace_begin(&m->w.trace, m->w.now, "policy",
		                   cs_world_account_name(&m->w, ctx->account));
		cs_obs_rule(o, CS_RULE_CHAIN_POLICY_NO_PROVIDER);
		cs_obs_str(o, "policy", cs_policy_name(p->policy));
		cs_obs_hex32(o, "call_error", CS_WIN32_FILE_NOT_FOUND);
		return CS_ERR_NOT_FOUND;
	}
	if (cs_policy_modelled(m->w.profile, p->policy))
		return CS_ERR_RANGE;
	const cs_chain_profile *pr = cs_profile_chain(m->w.profile);
	/* Whether a success leaves the indexes at -1 (BASE and the policies
	 * built on it) or as the caller's zeroed structure had them. */
	bool success_indexes = true;
	switch (p->policy) {
	case CS_POLICY_BASE:
		cs_policy_base(pr, ctx, p->flags, out);
		break;
	case CS_POLICY_SSL:
		ssl(pr, ctx, p, out);
		break;
	case CS_POLICY_BASIC_CONSTRAINTS:
		cs_policy_basic_constraints(ctx, p->flags, out);
		break;
	default:
		success_indexes = cs_policy_more(m, pr, ctx, p, out);
		break;
	}
	if (out->error == 0 && success_indexes)
		out->chain_index = out->element_index = -1;
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "policy",
	                           cs_world_account_name(&m->w, ctx->account));
	cs_obs_rule(o, policy_rule(p->policy));
	cs_obs_str(o, "policy", cs_policy_name(p->policy));
	cs_obs_hresult(o, "error", out->error);
	cs_obs_int(o, "chain_index", out->chain_index);
	cs_obs_int(o, "element_index", out->element_index);
	cs_chain_log_policy(m, cs_policy_name(p->policy), out->error);
	return CS_OK;
}
