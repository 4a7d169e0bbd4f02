/* CertVerifyCertificateChainPolicy for AUTHENTICODE, AUTHENTICODE_TS,
 * NT_AUTH and MICROSOFT_ROOT, each built on the checks of policy.c as the
 * documentation describes it (DOC CertVerifyCertificateChainPolicy), and
 * which policies a profile evaluates at all. */
#include <string.h>

#include "engine/chain/internal.h"
#include "model/registry_names.h"
#include "engine/chain/policy_internal.h"

/* The Microsoft roots the MICROSOFT_ROOT policy looks for, by the SHA-256
 * of the root's SubjectPublicKeyInfo (DOC: "checks the last element of the
 * first simple chain for a Microsoft root public key"; the application
 * root "Microsoft Root Certificate Authority 2011" only with
 * MICROSOFT_ROOT_CERT_CHAIN_POLICY_CHECK_APPLICATION_ROOT_FLAG, and then
 * instead of the others). Hashes of the public certificates. The test and
 * flight roots (ENABLE_TEST_ROOT_FLAG, DISABLE_FLIGHT_ROOT_FLAG) are not
 * known to the model: those flags change nothing. */
static const struct {
	const char *name;
	bool application;
	uint8_t spki_sha256[32];
} ms_roots[] = {
    {"Microsoft Root Authority (1997)",
     false,
     {0x44, 0x62, 0xc1, 0x07, 0xc4, 0x85, 0xdd, 0x6a, 0x54, 0x43, 0xf5,
      0xe7, 0xa1, 0x60, 0x44, 0x16, 0x03, 0x4a, 0x37, 0x4c, 0x3f, 0x4d,
      0x10, 0x87, 0x5f, 0x1c, 0x37, 0x15, 0x02, 0x75, 0x63, 0xaf}},
    {"Microsoft Root Certificate Authority (2001)",
     false,
     {0xdf, 0x53, 0x0b, 0xac, 0x9f, 0xcd, 0x91, 0x4c, 0x25, 0x2c, 0x2f,
      0xbd, 0xce, 0xdd, 0xc6, 0x18, 0x3d, 0x4a, 0xe8, 0xc6, 0x80, 0xad,
      0x65, 0xf0, 0x3e, 0x20, 0x48, 0x61, 0xdd, 0x7b, 0x1c, 0x73}},
    {"Microsoft Root Certificate Authority 2010",
     false,
     {0xc9, 0x90, 0x5b, 0x0e, 0xe0, 0x12, 0x02, 0x29, 0x3c, 0xa0, 0x26,
      0xe6, 0x4f, 0x08, 0x41, 0x24, 0x42, 0xc5, 0x50, 0x4c, 0x06, 0xe4,
      0x4c, 0xa7, 0xe9, 0x72, 0x6d, 0x61, 0xf2, 0x0e, 0x40, 0x89}},
    {"Microsoft Root Certificate Authority 2011",
     true,
     {0x02, 0x37, 0x6d, 0x09, 0x08, 0xac, 0x23, 0x04, 0x1c, 0xc7, 0xd6,
      0x66, 0xd9, 0xda, 0xf1, 0x92, 0x55, 0x4f, 0x7f, 0xc3, 0x63, 0x17,
      0xaa, 0x9c, 0xb8, 0x00, 0x90, 0x86, 0x16, 0xb2, 0x8a, 0xf8}},
};

static bool is_ms_root(const struct cs_cert *c, bool application)
{
	uint8_t md[32];
	bool ok = cs_cert_spki_sha256(c, md);
	for (size_t i = 0; ok && i < sizeof ms_roots / sizeof *ms_roots; i++)
		if (ms_roots[i].application == application &&
		    memcmp(ms_roots[i].spki_sha256, md, sizeof md) == 0)
			return true;
	return false;
}

/* MICROSOFT_ROOT: the root's key alone decides (DOC). A failure is
 * CERT_E_UNTRUSTEDROOT at the last element, the root looked at (0, n-1),
 * or at element 0 (profile column); a success leaves both indexes as the
 * caller zeroed them (WINETEST chain.c msRootPolicyCheck[2]: {0, 0, 0} for
 * Microsoft Root Certificate Authority 2010 at the top; [0], [1], [3] and
 * msRootPolicyCheck_approot: the failures). */
static bool microsoft_root(const cs_chain_profile *pr,
                           const cs_chain_context *ctx, uint32_t f,
                           cs_policy_status *out)
{
	size_t last = ctx->chain.n - 1;
	if (is_ms_root(ctx->chain.elements[last].cert,
	               f & CS_MSROOT_CHECK_APPLICATION_ROOT)) {
		out->error = 0;
		out->chain_index = out->element_index = 0;
		return false;
	}
	out->error = CS_CERT_E_UNTRUSTEDROOT;
	out->chain_index = 0;
	out->element_index = pr->msroot_failure_names_root ? (long)last : 0;
	return false;
}

/* HKLM\SOFTWARE\Policies\Microsoft\SystemCertificates\Root\ProtectedRoots
 * Flags & CERT_PROT_ROOT_DISABLE_NT_AUTH_REQUIRED_FLAG (wincrypt.h). */
#define PROT_ROOT_DISABLE_NT_AUTH_REQUIRED 0x10u

/* NT_AUTH (DOC): BASE with the LOWORD of dwFlags, then BASIC_CONSTRAINTS
 * with the HIWORD, then the CA that issued the end certificate must be in
 * the enterprise NTAuth store, else CERT_E_UNTRUSTEDCA; with the
 * ProtectedRoots flag DISABLE_NT_AUTH_REQUIRED a chain whose info has
 * CERT_TRUST_HAS_VALID_NAME_CONSTRAINTS passes that last check. */
static void nt_auth(cs_machine *m, const cs_chain_profile *pr,
                    const cs_chain_context *ctx, uint32_t f,
                    cs_policy_status *out)
{
	cs_policy_base(pr, ctx, f & 0xffffu, out);
	if (out->error)
		return;
	cs_policy_basic_constraints(ctx, f & 0xffff0000u, out);
	if (out->error)
		return;
	size_t ca = ctx->chain.n > 1 ? 1 : 0;
	const cs_store *ntauth = &m->w.machine_stores[CS_STORE_NTAUTH];
	if (cs_store_contains(ntauth, ctx->chain.elements[ca].cert))
		return;
	uint32_t prot = 0;
	if (cs_reg_get_dword(&m->w.reg, CS_REG_KEY(PROTECTED_ROOTS),
	                     CS_REG_VALUE(PROTECTED_ROOTS_FLAGS), &prot) &&
	    (prot & PROT_ROOT_DISABLE_NT_AUTH_REQUIRED) &&
	    (ctx->info_status & CS_TRUST_HAS_VALID_NAME_CONSTRAINTS))
		return;
	out->error = CS_CERT_E_UNTRUSTEDCA;
	out->chain_index = 0;
	out->element_index = (long)ca;
}

bool cs_policy_more(cs_machine *m, const cs_chain_profile *pr,
                    const cs_chain_context *ctx, const cs_policy_para *p,
                    cs_policy_status *out)
{
	switch (p->policy) {
	case CS_POLICY_AUTHENTICODE:
	case CS_POLICY_AUTHENTICODE_TS:
		/* No check beyond the base policy shows on chains outside
		 * Microsoft's test roots (WINETEST chain.c
		 * authenticodePolicyCheck: "doesn't seem to check anything
		 * beyond the base policy"). The test roots, which turn
		 * CERT_E_UNTRUSTEDROOT into CERT_E_UNTRUSTEDTESTROOT (WINE
		 * verify_authenticode_policy), are not known to the model. */
		cs_policy_base(pr, ctx, p->flags, out);
		return true;
	case CS_POLICY_NT_AUTH:
		nt_auth(m, pr, ctx, p->flags, out);
		return true;
	case CS_POLICY_MICROSOFT_ROOT:
		return microsoft_root(pr, ctx, p->flags, out);
	default:
		return true; /* refused by cs_policy_modelled */
	}
}

bool cs_policy_provided(const cs_profile *p, cs_policy_id id)
{
	return id >= 1 && id <= CS_POLICY_MAX &&
	       (cs_profile_chain(p)->policies & (1u << id));
}

const char *cs_policy_modelled(const cs_profile *p, cs_policy_id id)
{
	if (!cs_policy_provided(p, id))
		return NULL; /* a result: the call fails (cs_chain_policy) */
	switch (id) {
	case CS_POLICY_BASE:
	case CS_POLICY_AUTHENTICODE:
	case CS_POLICY_AUTHENTICODE_TS:
	case CS_POLICY_SSL:
	case CS_POLICY_BASIC_CONSTRAINTS:
	case CS_POLICY_NT_AUTH:
	case CS_POLICY_MICROSOFT_ROOT:
		return NULL;
	case CS_POLICY_EV:
		return "it decides by the root program's EV policy OIDs, which "
		       "no store of the model holds";
	case CS_POLICY_SSL_F12:
		return "it reports the root program's compliance and weak-"
		       "crypto settings, which the model does not hold";
	case CS_POLICY_SSL_HPKP_HEADER:
	case CS_POLICY_SSL_KEY_PIN:
		return "it checks key pins (HTTP headers, pin rules), which "
		       "the "
		       "model does not hold";
	case CS_POLICY_THIRD_PARTY_ROOT:
		return "its checks are not documented in enough detail";
	}
	return "no such policy";
}
