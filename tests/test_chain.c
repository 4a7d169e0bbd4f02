/* Chain engine: one case per basic/ fixture variant (fixtures/README.md),
 * time boundaries, the engine cache, the profiles table.
 *
 * Expected values come from RULES.md (sections 1-3, citing DOC / WINE), the
 * certutil samples under /work/shared/samples (SAMPLE), and the fixture
 * catalogue's statement of each variant's single defect - never from running
 * this code. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "chain_testkit.h"
#include "check_main.h"
#include "engine/chain/chain.h"
#include "engine/autoupdate/autoupdate.h"
#include "engine/revocation/revocation.h"
#include "engine/machine.h"
#include "model/profile_chain.h"

#define T_REF CT_T_REF

/* Element expectations: error and info words, end certificate first. */
typedef struct {
	const char *name;
	const char *leaf;
	const char *cas[3];
	bool no_root;
	const char *disallowed;
	const char *usage;
	cs_policy_id policy;
	const char *server_name;
	const char *profile; /* NULL = win10-22h2 */
	size_t n;
	uint32_t err[4], info[4];
	uint32_t chain_err;
	uint32_t policy_error;
	long chain_index, element_index;
} row;

/* Info words of the good chain: the basic/ certificates carry an AKI key
 * id, so each issuer is found by key (HAS_KEY_MATCH_ISSUER 0x2), the root
 * names itself by key and is self-signed (0x8); Windows adds
 * HAS_PREFERRED_ISSUER 0x100 (SAMPLE certutil_verify_urlfetch_success_
 * subca_ws2022.txt: 102 on the CA, 0x100 on the chain). */
#define I_CA   0x102u
#define I_ROOT 0x10au
/* The same words on a chain that does not end in a trusted root: no
 * HAS_PREFERRED_ISSUER on any element (WINETEST chain.c chainCheck[0]-[29],
 * chainCheckNoStore; H-chain-1). */
#define I_CA_UNTRUSTED   0x2u
#define I_ROOT_UNTRUSTED 0xau

static const row rows[] = {
    /* The good chain: no error bits; every policy passes (DOC). */
    {"good chain",
     "leaf.crt",
     {"intermediate.crt"},
     .policy = CS_POLICY_SSL,
     .server_name = "www.capisim.test",
     .n = 3,
     .err = {0, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0,
     .policy_error = 0,
     .chain_index = -1,
     .element_index = -1},
    /* Expired / not yet valid leaf: IS_NOT_TIME_VALID 0x1 on the leaf,
     * BASE -> CERT_E_EXPIRED at element 0 (RULES.md 1, 2). */
    {"expired leaf",
     "leaf-expired.crt",
     {"intermediate.crt"},
     .n = 3,
     .err = {0x1, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x1,
     .policy_error = 0x800B0101,
     .chain_index = 0,
     .element_index = 0},
    {"not yet valid leaf",
     "leaf-not-yet-valid.crt",
     {"intermediate.crt"},
     .n = 3,
     .err = {0x1, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x1,
     .policy_error = 0x800B0101,
     .chain_index = 0,
     .element_index = 0},
    /* Expired intermediate: the bit on element 1 (RULES.md 1). */
    {"expired intermediate",
     "leaf-int-expired.crt",
     {"int-expired.crt"},
     .n = 3,
     .err = {0, 0x1, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x1,
     .policy_error = 0x800B0101,
     .chain_index = 0,
     .element_index = 1},
    /* Bad leaf signature: IS_NOT_SIGNATURE_VALID 0x8 on the subject whose
     * signature fails; BASE -> TRUST_E_CERT_SIGNATURE first (RULES.md 2). */
    {"bad signature",
     "leaf-bad-signature.crt",
     {"intermediate.crt"},
     .n = 3,
     .err = {0x8, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x8,
     .policy_error = 0x80096004,
     .chain_index = 0,
     .element_index = 0},
    /* Intermediate CA:FALSE: INVALID_BASIC_CONSTRAINTS 0x400 on it; it also
     * asserts keyCertSign without being a CA -> NOT_VALID_FOR_USAGE 0x10
     * (WINE CRYPT_KeyUsageValid, RULES.md 3); BASE takes usage before
     * basic constraints (RULES.md 2 order). */
    {"intermediate not a CA",
     "leaf-int-not-ca.crt",
     {"int-not-ca.crt"},
     .n = 3,
     .err = {0, 0x410, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x410,
     .policy_error = 0x800B0110,
     .chain_index = 0,
     .element_index = 1},
    {"intermediate not a CA, basic constraints policy",
     "leaf-int-not-ca.crt",
     {"int-not-ca.crt"},
     .policy = CS_POLICY_BASIC_CONSTRAINTS,
     .n = 3,
     .err = {0, 0x410, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x410,
     .policy_error = 0x80096019,
     .chain_index = 0,
     .element_index = 1},
    /* pathLen 0 CA above a sub-CA: the constraining CA and every CA below
     * it get INVALID_BASIC_CONSTRAINTS (WINE CRYPT_CheckSimpleChain). */
    {"path length exceeded",
     "leaf-pathlen.crt",
     {"int-pathlen0.crt", "subca-pathlen.crt"},
     .n = 4,
     .err = {0, 0x400, 0x400, 0},
     .info = {I_CA, I_CA, I_CA, I_ROOT},
     .chain_err = 0x400,
     .policy_error = 0x80096019,
     .chain_index = 0,
     .element_index = 1},
    /* EKU clientAuth only, serverAuth requested: NOT_VALID_FOR_USAGE on the
     * end certificate (WINE CRYPT_CheckUsages) -> CERT_E_WRONG_USAGE. */
    {"EKU clientAuth only",
     "leaf-clientauth.crt",
     {"intermediate.crt"},
     .usage = "1.3.6.1.5.5.7.3.1",
     .policy = CS_POLICY_SSL,
     .n = 3,
     .err = {0x10, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x10,
     .policy_error = 0x800B0110,
     .chain_index = 0,
     .element_index = 0},
    /* Missing intermediate, nothing served: a one-element partial chain;
     * the leaf keeps KEY_MATCH_ISSUER 0x2 without PREFERRED (SAMPLE
     * certutil_verify_offline_partialchain_dc_2021.txt: dwInfoStatus=2,
     * IS_PARTIAL_CHAIN 0x10000 on the chain only, CERT_E_CHAINING). */
    {"missing intermediate",
     "leaf.crt",
     {NULL},
     .n = 1,
     .err = {0},
     .info = {0x2},
     .chain_err = 0x10000,
     .policy_error = 0x800B010A,
     .chain_index = 0,
     .element_index = -1},
    /* Self-signed leaf not in Root: IS_UNTRUSTED_ROOT 0x20, IS_SELF_SIGNED
     * (RULES.md 2-3) -> CERT_E_UNTRUSTEDROOT. */
    {"self-signed leaf",
     "selfsigned-leaf.crt",
     {NULL},
     .n = 1,
     .err = {0x20},
     .info = {I_ROOT_UNTRUSTED},
     .chain_err = 0x20,
     .policy_error = 0x800B0109,
     .chain_index = 0,
     .element_index = 0},
    /* Name constraints: errors on the constraining CA (RULES.md 3),
     * excluded 0x8000, not permitted 0x4000; a CA whose constraints hold
     * gets HAS_VALID_NAME_CONSTRAINTS 0x400 (WINE). */
    {"name constraints excluded",
     "leaf-nc-excluded.crt",
     {"int-nc-excluded.crt"},
     .n = 3,
     .err = {0, 0x8000, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x8000,
     .policy_error = 0x800B0114,
     .chain_index = 0,
     .element_index = 1},
    {"name constraints not permitted",
     "leaf-nc-not-permitted.crt",
     {"int-nc-permitted.crt"},
     .n = 3,
     .err = {0, 0x4000, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x4000,
     .policy_error = 0x800B0114,
     .chain_index = 0,
     .element_index = 1},
    {"name constraints permitted",
     "leaf-nc-permitted-ok.crt",
     {"int-nc-permitted.crt"},
     .n = 3,
     .err = {0, 0, 0},
     .info = {I_CA, I_CA | 0x400, I_ROOT},
     .chain_err = 0,
     .policy_error = 0,
     .chain_index = -1,
     .element_index = -1},
    /* Unknown critical extension: INVALID_EXTENSION |
     * HAS_NOT_SUPPORTED_CRITICAL_EXT (RULES.md 3) -> CERT_E_CRITICAL. */
    {"unknown critical extension",
     "leaf-unknown-critical.crt",
     {"intermediate.crt"},
     .n = 3,
     .err = {0x08000100, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x08000100,
     .policy_error = 0x800B0105,
     .chain_index = 0,
     .element_index = 0},
    /* Leaf in Disallowed: IS_EXPLICIT_DISTRUST 0x04000000 (RULES.md 2-3)
     * -> TRUST_E_EXPLICIT_DISTRUST (H-chain-6 places it). */
    {"leaf in Disallowed",
     "leaf-disallowed.crt",
     {"intermediate.crt"},
     .disallowed = "leaf-disallowed.crt",
     .n = 3,
     .err = {0x04000000, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0x04000000,
     .policy_error = 0x800B0111,
     .chain_index = 0,
     .element_index = 0},
    /* Wine 8 has no Disallowed store (RULES.md 3): the chain is fine and
     * Wine never sets HAS_PREFERRED_ISSUER. */
    {"leaf in Disallowed, wine-8",
     "leaf-disallowed.crt",
     {"intermediate.crt"},
     .disallowed = "leaf-disallowed.crt",
     .profile = "wine-8",
     .n = 3,
     .err = {0, 0, 0},
     .info = {0x2, 0x2, 0xa},
     .chain_err = 0,
     .policy_error = 0,
     .chain_index = -1,
     .element_index = -1},
    /* SHA-1 signed CA: no weak-signature bit by default (H-chain-8). */
    {"SHA-1 intermediate",
     "leaf-int-sha1.crt",
     {"int-sha1.crt"},
     .n = 3,
     .err = {0, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0,
     .policy_error = 0,
     .chain_index = -1,
     .element_index = -1},
    /* Cycle A-B-A: the repeated certificate ends the chain with IS_CYCLIC
     * | INVALID_BASIC_CONSTRAINTS, the chain is partial (WINE
     * CRYPT_CheckSimpleChainForCycles); BASE -> CERT_E_CHAINING with no
     * element (RULES.md 2). */
    {"cycle",
     "leaf-cycle.crt",
     {"cycle-a.crt", "cycle-b.crt"},
     .n = 4,
     .err = {0, 0, 0, 0x480},
     /* the repeated cycle-a keeps the match bit of its lookup
      * (WINETEST chain.c chainCheck[9]) */
     .info = {I_CA_UNTRUSTED, I_CA_UNTRUSTED, I_CA_UNTRUSTED, I_CA_UNTRUSTED},
     .chain_err = 0x10480,
     .policy_error = 0x800B010A,
     .chain_index = 0,
     .element_index = -1},
    {"cycle, ssl",
     "leaf-cycle.crt",
     {"cycle-a.crt", "cycle-b.crt"},
     .policy = CS_POLICY_SSL,
     .n = 4,
     .err = {0, 0, 0, 0x480},
     /* the repeated cycle-a keeps the match bit of its lookup
      * (WINETEST chain.c chainCheck[9]) */
     .info = {I_CA_UNTRUSTED, I_CA_UNTRUSTED, I_CA_UNTRUSTED, I_CA_UNTRUSTED},
     .chain_err = 0x10480,
     .policy_error = 0x800B0109,
     .chain_index = 0,
     .element_index = -1},
    /* SSL name mismatch: only checked when the chain is otherwise fine,
     * reported at (0, 0) (RULES.md 2). */
    {"ssl wrong name",
     "leaf.crt",
     {"intermediate.crt"},
     .policy = CS_POLICY_SSL,
     .server_name = "other.capisim.test",
     .n = 3,
     .err = {0, 0, 0},
     .info = {I_CA, I_CA, I_ROOT},
     .chain_err = 0,
     .policy_error = 0x800B010F,
     .chain_index = 0,
     .element_index = 0},
    /* Untrusted root: the good chain with no roots given. */
    {"untrusted root",
     "leaf.crt",
     {"intermediate.crt", "root.crt"},
     .no_root = true,
     .n = 3,
     .err = {0, 0, 0x20},
     .info = {I_CA_UNTRUSTED, I_CA_UNTRUSTED, I_ROOT_UNTRUSTED},
     .chain_err = 0x20,
     .policy_error = 0x800B0109,
     .chain_index = 0,
     .element_index = 2},
};

START_TEST(variant)
{
	const row *r = &rows[_i];
	cs_machine m;
	ct_machine(&m, r->profile, ct_at(T_REF));
	if (!r->no_root)
		ct_add(&m, CS_STORE_ROOT, "root.crt");
	for (int i = 0; i < 3 && r->cas[i]; i++)
		ct_add(&m, CS_STORE_CA, r->cas[i]);
	if (r->disallowed)
		ct_add(&m, CS_STORE_DISALLOWED, r->disallowed);
	const char *usages[1] = {r->usage};
	cs_chain_para para = {.account = m.w.acting,
	                      .leaf = ct_load(r->leaf),
	                      .usages = usages,
	                      .nusages = r->usage ? 1 : 0};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	ck_assert_msg(ctx.chain.n == r->n, "%s: %zu elements, expected %zu",
	              r->name, ctx.chain.n, r->n);
	for (size_t i = 0; i < r->n; i++) {
		ck_assert_msg(ctx.chain.elements[i].error_status == r->err[i],
		              "%s: element %zu error 0x%x, expected 0x%x",
		              r->name, i, ctx.chain.elements[i].error_status,
		              r->err[i]);
		ck_assert_msg(ctx.chain.elements[i].info_status == r->info[i],
		              "%s: element %zu info 0x%x, expected 0x%x",
		              r->name, i, ctx.chain.elements[i].info_status,
		              r->info[i]);
	}
	ck_assert_msg(ctx.error_status == r->chain_err,
	              "%s: chain error 0x%x, expected 0x%x", r->name,
	              ctx.error_status, r->chain_err);
	cs_policy_para pp = {.policy = r->policy ? r->policy : CS_POLICY_BASE,
	                     .auth_type = CS_AUTHTYPE_SERVER,
	                     .server_name = r->server_name};
	cs_policy_status ps;
	ck_assert_int_eq(cs_chain_policy(&m, &ctx, &pp, &ps), CS_OK);
	ck_assert_msg(ps.error == r->policy_error &&
	                  ps.chain_index == r->chain_index &&
	                  ps.element_index == r->element_index,
	              "%s: policy 0x%08X (%ld, %ld), expected 0x%08X (%ld, "
	              "%ld)",
	              r->name, ps.error, ps.chain_index, ps.element_index,
	              r->policy_error, r->chain_index, r->element_index);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* RULES.md 1 / DOC CertVerifyTimeValidity: valid on [notBefore, notAfter],
 * notAfter itself included. leaf.crt: 2024-07-01 .. 2025-07-01 (SAMPLE-free:
 * the fixture catalogue's dates, read back from the certificate). */
static const struct {
	const char *t;
	uint32_t leaf_err;
} boundaries[] = {
    {"2024-06-30T23:59:59Z", 0x1}, /* notBefore - 1 s */
    {"2024-07-01T00:00:00Z", 0},   /* notBefore */
    {"2024-07-01T00:00:01Z", 0},   /* notBefore + 1 s */
    {"2025-06-30T23:59:59Z", 0},   /* notAfter - 1 s */
    {"2025-07-01T00:00:00Z", 0},   /* notAfter: still valid */
    {"2025-07-01T00:00:01Z", 0x1}, /* notAfter + 1 s */
};

START_TEST(time_boundary)
{
	cs_machine m;
	ct_machine(&m, NULL, ct_at(T_REF));
	ct_add(&m, CS_STORE_ROOT, "root.crt");
	ct_add(&m, CS_STORE_CA, "intermediate.crt");
	const struct cs_cert *leaf = ct_load("leaf.crt");
	ck_assert_int_eq(cs_cert_not_after(leaf),
	                 ct_at("2025-07-01T00:00:00Z"));
	cs_filetime t = ct_at(boundaries[_i].t);
	cs_chain_para para = {.account = m.w.acting, .leaf = leaf, .time = &t};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	ck_assert_msg(ctx.chain.elements[0].error_status ==
	                  boundaries[_i].leaf_err,
	              "at %s: 0x%x", boundaries[_i].t,
	              ctx.chain.elements[0].error_status);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

static bool verify_from_cache(cs_machine *m, const cs_filetime *resync)
{
	cs_chain_para para = {.account = m->w.acting,
	                      .leaf = ct_load("leaf.crt"),
	                      .cache_resync = resync};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(m, &para, &ctx), CS_OK);
	ck_assert_uint_eq(ctx.error_status, 0);
	bool hit = ctx.from_cache;
	cs_chain_context_free(&ctx);
	return hit;
}

#define RESYNC_KEY                                                    \
	"HKLM\\SOFTWARE\\Microsoft\\Cryptography\\OID\\EncodingType " \
	"0\\CertDllCreateCertificateChainEngine\\Config"

static void set_resync(cs_machine *m, cs_filetime v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)((uint64_t)v >> (8 * i));
	ck_assert_int_eq(cs_reg_set(&m->w.reg, CS_ACCOUNT_SYSTEM, RESYNC_KEY,
	                            "ChainCacheResyncFiletime", CS_REG_BINARY,
	                            b, 8),
	                 CS_OK);
}

/* DOC How Certificate Revocation Works: chains cached per process; reboot
 * and ChainCacheResyncFiletime (newer than the entry; a future value clamps
 * to now) invalidate (RULES.md 3). */
START_TEST(engine_cache)
{
	cs_machine m;
	ct_machine(&m, NULL, ct_at(T_REF));
	ct_add(&m, CS_STORE_ROOT, "root.crt");
	ct_add(&m, CS_STORE_CA, "intermediate.crt");
	ck_assert(!verify_from_cache(&m, NULL)); /* cold */
	ck_assert(verify_from_cache(&m, NULL));  /* warm */
	m.w.now += CS_TICKS_PER_HOUR;
	set_resync(&m, m.w.now - CS_TICKS_PER_MIN); /* newer than the fill */
	ck_assert(!verify_from_cache(&m, NULL));
	ck_assert(verify_from_cache(&m, NULL)); /* refilled after resync */
	m.w.now += CS_TICKS_PER_HOUR;
	set_resync(&m, m.w.now + 100 * CS_TICKS_PER_DAY); /* future: = now */
	ck_assert(!verify_from_cache(&m, NULL));
	/* Entries made at "now" are not older than the clamped value. */
	ck_assert(verify_from_cache(&m, NULL));
	m.w.now += CS_TICKS_PER_HOUR;
	cs_filetime para_resync = m.w.now;
	ck_assert(!verify_from_cache(&m, &para_resync)); /* pftCacheResync */
	cs_machine_reboot(&m);
	m.w.now += CS_TICKS_PER_HOUR;
	cs_reg_free(&m.w.reg);
	cs_reg_init(&m.w.reg);
	ck_assert(!verify_from_cache(&m, NULL)); /* reboot emptied it */
	ck_assert(verify_from_cache(&m, NULL));
	/* A store change is seen at once (the engine resyncs on store
	 * changes): the root removed -> untrusted. */
	cs_store_remove(&m.w.machine_stores[CS_STORE_ROOT],
	                ct_load("root.crt"));
	cs_chain_para para = {.account = m.w.acting,
	                      .leaf = ct_load("leaf.crt")};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	ck_assert_uint_eq(ctx.error_status, CS_TRUST_IS_PARTIAL_CHAIN);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* Wine has no chain cache (RULES.md 3). */
START_TEST(wine_has_no_cache)
{
	cs_machine m;
	ct_machine(&m, "wine-8", ct_at(T_REF));
	ct_add(&m, CS_STORE_ROOT, "root.crt");
	ct_add(&m, CS_STORE_CA, "intermediate.crt");
	ck_assert(!verify_from_cache(&m, NULL));
	ck_assert(!verify_from_cache(&m, NULL));
	cs_machine_free(&m);
}
END_TEST

/* Partial chain with revocation requested on Windows: the leaf whose
 * issuer is missing carries 0x01000040, the chain 0x01010040 (SAMPLE
 * certutil_verify_offline_partialchain_dc_2021.txt: CertContext[0][0]
 * dwErrorStatus=1000040, ChainContext 0x40 + 0x1000000 + 0x10000). */
START_TEST(partial_chain_revocation)
{
	cs_machine m;
	ct_machine(&m, NULL, ct_at(T_REF));
	ct_add(&m, CS_STORE_ROOT, "root.crt");
	cs_chain_para para = {.account = m.w.acting,
	                      .leaf = ct_load("leaf.crt"),
	                      .flags =
	                          CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	ck_assert_uint_eq(ctx.chain.n, 1);
	ck_assert_uint_eq(ctx.chain.elements[0].error_status, 0x01000040);
	ck_assert_uint_eq(ctx.chain.elements[0].info_status, 0x2);
	ck_assert_uint_eq(ctx.error_status, 0x01010040);
	cs_chain_context_free(&ctx);
	cs_machine_free(&m);
}
END_TEST

/* Every profile row has chain columns (a zero row would mean a row was
 * forgotten: every real OS has AIA limits, RULES.md 3). */
START_TEST(profile_rows)
{
	for (int i = 0; i < CS_PROFILE_COUNT; i++) {
		const cs_chain_profile *c =
		    cs_profile_chain(cs_profile_by_id((cs_profile_id)i));
		ck_assert_uint_eq(c->max_aia_urls_in_cert, 5);
		ck_assert_uint_eq(c->max_aia_retrievals_per_chain, 3);
		ck_assert_uint_eq(c->max_aia_bytes, 100000);
	}
	const cs_chain_profile *wine =
	    cs_profile_chain(cs_profile_find("wine-8"));
	ck_assert(wine->preferred_issuer == CS_PREFERRED_NEVER &&
	          !wine->has_disallowed_store &&
	          wine->revocation_on_untrusted_chains &&
	          wine->ssl_uses_cert_e_revocation_codes);
}
END_TEST

/* Names as certutil prints them (SAMPLE: "CN=RootCA, DC=###, ...": most
 * specific first). */
START_TEST(certutil_names)
{
	const struct cs_cert *c = ct_load("leaf.crt");
	ck_assert_str_eq(cs_cert_subject(c),
	                 "CN=www.capisim.test, O=capisim Test PKI, C=US");
	ck_assert_uint_eq(cs_cert_cdp_urls(c).n, 1);
	ck_assert_str_eq(cs_cert_cdp_urls(c).v[0],
	                 "http://pki.capisim.test/crl/intermediate.crl");
	ck_assert_str_eq(cs_cert_aia_ocsp_urls(c).v[0],
	                 "http://ocsp.capisim.test/");
	/* Interning: the same bytes give the same object. */
	ck_assert_ptr_eq(ct_load("leaf.crt"), c);
	cs_diag d = {0};
	const struct cs_cert *bad;
	static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01};
	ck_assert_int_eq(
	    cs_cert_from_der(ct_pool, (cs_bytes){junk, sizeof junk}, &bad, &d),
	    CS_ERR_FORMAT);
	ck_assert(d.msg[0] != '\0');
}
END_TEST

static Suite *chain_suite(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("chain");
	tcase_add_checked_fixture(tc, ct_setup, ct_teardown);
	tcase_add_loop_test(tc, variant, 0, sizeof rows / sizeof rows[0]);
	tcase_add_loop_test(tc, time_boundary, 0,
	                    sizeof boundaries / sizeof boundaries[0]);
	tcase_add_test(tc, engine_cache);
	tcase_add_test(tc, wine_has_no_cache);
	tcase_add_test(tc, partial_chain_revocation);
	tcase_add_test(tc, profile_rows);
	tcase_add_test(tc, certutil_names);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(chain_suite)
