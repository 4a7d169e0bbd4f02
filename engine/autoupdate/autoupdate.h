/* Automatic root update (authroot.stl) and the disallowed-certificate list
 * sync, as CertGetCertificateChain and CryptSvc do them (RULES.md 6, 7).
 *
 * The STL cache contract (per account, two copies):
 * - What is cached: the authrootstl.cab body as downloaded, with its
 *   download time. Parsed CTLs are interned in the object pool by the
 *   SHA-256 of the cabinet, so a copy is parsed once per run - but judged
 *   (signature, signer chain, times) at every use, at that use's time.
 * - Key: the cabinet URL (<RootDirUrl>authrootstl.cab) and the account whose
 *   process holds it.
 * - Disk copy: the account's CryptnetUrlCache entry (model/urlcache.h),
 *   offered while now < download + the profile's lifetime (SEED 000: 7
 *   days); `certutil -urlcache * delete` removes it for the acting account
 *   only (EVIDENCE.md A: the "only the user's cache was cleared" trap).
 * - Memory copy: the chain engine's, in CS_AREA_AUTOUPDATE, per account; it
 *   survives certutil, is dropped by reboot and by ChainCacheResyncFiletime
 *   (when loaded before it), and ages out with the disk copy's lifetime
 *   (profile column, H-au-2).
 * - A hit never skips verification: an expired signer fails on a cached
 *   copy exactly as on a fresh one (that is incident A).
 * - Eviction: lifetime, certutil (disk), reboot / resync (memory).
 *
 * Every decision leaves a trace observation (kinds "cache", "fetch",
 * "autoupdate", "registry", "event") with a rule id under "autoupdate.". */
#ifndef CAPISIM_ENGINE_AUTOUPDATE_AUTOUPDATE_H
#define CAPISIM_ENGINE_AUTOUPDATE_AUTOUPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/status.h"
#include "model/registry_names.h"
#include "engine/chain/chain.h"
#include "engine/machine.h"
#include "model/profile_autoupdate.h"

#define CS_AU_STL_CAB    "authrootstl.cab"
#define CS_AU_STL_MEMBER "authroot.stl"
#define CS_AU_DIS_CAB    "disallowedcertstl.cab"
#define CS_AU_DIS_MEMBER "disallowedcert.stl"

/* ---- area state (engine/areas.c row CS_AREA_AUTOUPDATE) ---------------- */

CS_MUST_USE cs_status cs_autoupdate_area_create(cs_machine *m, void **state);
CS_MUST_USE cs_status cs_autoupdate_area_clone(void **dst, const void *src);
void cs_autoupdate_area_reboot(cs_machine *m, void *state);
void cs_autoupdate_area_free(void *state);

/* ---- root auto-update on demand --------------------------------------- */

/* What the chain engine is looking for. Either the thumbprint of a
 * self-signed top certificate not in the logical Root store, or - for a
 * path whose top's issuer was not found - that top's authority key id and
 * issuer name (matched against the entries' key-identifier and
 * subject-name-MD5 properties). */
typedef struct {
	const uint8_t *sha1; /* 20 bytes, or NULL */
	const uint8_t *key_id;
	size_t key_id_len;
	const uint8_t *issuer_name_der; /* encoded Name, or NULL */
	size_t issuer_name_len;
	uint32_t chain_flags; /* the call's dwFlags (DISABLE_AUTH_ROOT...) */
	/* A one-shot process (certutil -verify, a new browser window): no
	 * in-memory copy to use, none kept. */
	bool fresh_process;
} cs_au_root_query;

#define CS_AU_OUTCOMES(X)                                                      \
	X(FOUND, "found")                     /* root retrieved and matches */ \
	X(DISABLED, "disabled")               /* flag, policy or profile */    \
	X(STL_UNAVAILABLE, "stl_unavailable") /* cab fetch failed: ev 3 */     \
	X(STL_REJECTED, "stl_rejected") /* extract/verify failed: ev 11 */     \
	X(NOT_LISTED, "not_listed")     /* the STL does not list it */         \
	X(ROOT_UNAVAILABLE, "root_unavailable") /* .crt failed: ev 5 */

typedef enum {
#define CS_AU_OUTCOME_ENUM(id, name) CS_AU_##id,
	CS_AU_OUTCOMES(CS_AU_OUTCOME_ENUM)
#undef CS_AU_OUTCOME_ENUM
} cs_au_outcome;

const char *cs_au_outcome_name(cs_au_outcome o);

typedef struct {
	cs_au_outcome outcome;
	uint32_t error;    /* HRESULT of events 3, 5, 11; 0 otherwise */
	cs_bytes root_der; /* FOUND: the root's DER (pool-owned) */
	/* FOUND: the entry's CERT_ENHKEY_USAGE_PROP_ID, to set on the
	 * installed root (pool-owned); NULL when the entry has none or
	 * eku_prop_unreadable (not a SEQUENCE OF OID: left unset). */
	const cs_usage *eku_prop;
	bool eku_prop_unreadable;
	char sha1_hex[41];    /* FOUND: upper-case, as the .crt file name */
	const char *stl_from; /* "memory", "disk", "wire" or NULL */
} cs_au_root_result;

/* Consult authroot.stl for acct's process and retrieve the root the query
 * names. Does not install it: the chain hook (hook_root.c) interns the
 * certificate, adds it to AuthRoot and logs event 1. Logs events 2-5 and
 * 11 itself. CS_OK unless the model failed (memory). */
CS_MUST_USE cs_status cs_autoupdate_find_root(cs_machine *m, cs_account acct,
                                              const cs_au_root_query *q,
                                              cs_au_root_result *out);

/* The directory the profile fetches from: RootDirUrl when set (with a '/'
 * added when missing), else the profile's default. */
void cs_autoupdate_root_dir(const cs_machine *m, char *buf, size_t len);

/* ---- disallowed-certificate list (RULES.md 7) -------------------------- */

typedef struct {
	bool attempted; /* false: the profile has no sync */
	bool fetched;   /* the cabinet arrived */
	bool verified;  /* the CTL inside passed */
	bool persisted; /* both registry values written */
	uint32_t error; /* HRESULT of the failing step, 0 when none */
} cs_au_sync_result;

/* One sync by CryptSvc (as the profile's service account): fetch
 * disallowedcertstl.cab, verify disallowedcert.stl, write
 * DisallowedCertEncodedCtl and DisallowedCertLastSyncTime under CS_REG_KEY(AU).
 * An ACL denying the account makes the write fail (logged in the trace,
 * nothing written); success logs event 16 (4112). why is for the trace
 * ("scheduled", "scenario", "chain refresh"). */
/* Whether m's CryptSvc syncs the disallowed list: as shipped (2012+), or
 * with KB 2677070 installed on Vista .. 2008 R2. */
bool cs_autoupdate_disallowed_sync_on(const cs_machine *m);

CS_MUST_USE cs_status cs_disallowed_sync(cs_machine *m, const char *why,
                                         cs_au_sync_result *out);

/* `service CryptSvc start|stop`: a running CryptSvc syncs at start and then
 * every DisallowedCertSyncDeltaTime seconds. Not running at machine
 * creation, so scenarios that do not model it see no syncs; a reboot
 * restarts it when it was running. */
void cs_cryptsvc_set_running(cs_machine *m, bool running);
bool cs_cryptsvc_running(const cs_machine *m);

/* CryptSvc's sync timer (sim/scenario/agenda.h): when the next scheduled
 * sync is due (CS_NET_FOREVER when none; at or before now when it is
 * overdue, as after a reboot), and the sync itself, run at m->w.now when
 * due. Only the runner moves the clock between the two. */
cs_filetime cs_autoupdate_next_due(const cs_machine *m);
CS_MUST_USE cs_status cs_autoupdate_run_due(cs_machine *m);

/* The staleness rule: only for chain calls that ask for revocation
 * checking. Takes the newer of the HKLM and HKCU (acct's hive)
 * DisallowedCertLastSyncTime (future clamps to now; absent from both: the
 * rule does not apply, H-au-8); when now - last >= 1.5 x
 * DisallowedCertSyncDeltaTime it tries a refresh (a CryptSvc sync; not with
 * CACHE_ONLY revocation, not while backing off); when the refresh is not
 * persisted *bits = REVOCATION_STATUS_UNKNOWN | IS_OFFLINE_REVOCATION
 * (0x01000040), else 0. */
CS_MUST_USE cs_status cs_disallowed_stale_check(cs_machine *m, cs_account acct,
                                                uint32_t chain_flags,
                                                uint32_t *bits);

/* The staleness rule applied to a chain being built (cs_chain_get calls
 * it after cs_revocation_check_chain, with the call's flags): sets
 * the 0x01000040 bits where the profile's stale_bits_scope says - the
 * simple chain and context words (default), element 0, or every element.
 * Chain-level bits must survive the chain area's fold and be read by the
 * SSL policy (0x80092013, element -1): see docs/autoupdate.md. */
CS_MUST_USE cs_status cs_autoupdate_revocation_stale(cs_machine *m,
                                                     cs_chain_context *ctx,
                                                     uint32_t flags);

/* Root auto-update for a chain being built: cs_chain_get calls it once per
 * build when the path ends in a self-signed certificate that is not in the
 * logical Root store, or in a certificate whose issuer was not found (top =
 * that certificate), unless the call has
 * CS_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE (RULES.md 6: "a chain ending in a
 * root not in the store makes the engine check the STL"). It may install a
 * root into the machine's AuthRoot store and set *rebuild; the engine then
 * builds the path again, once, without asking again. */
CS_MUST_USE cs_status cs_autoupdate_install_root(cs_machine *m,
                                                 cs_account account,
                                                 const cs_chain_context *ctx,
                                                 const struct cs_cert *top,
                                                 bool *rebuild);

/* True when the disallowed-certificate list CryptSvc synced lists c: the
 * chain engine asks it for every element of every path, beside the
 * Disallowed store lookup (the element then gets
 * CERT_TRUST_IS_EXPLICIT_DISTRUST, as if it were in the Disallowed store:
 * KB 2677070, H-au-11). Never fails: a list it cannot read lists nothing. */
bool cs_disallowed_listed(cs_machine *m, cs_account account,
                          const struct cs_cert *c);

/* The sync window in ticks: max(DisallowedCertSyncDeltaTime, floor) x
 * 1.5, from the registry or the profile's default. */
int64_t cs_disallowed_stale_window(const cs_machine *m);
/* Newer of HKLM / HKCU DisallowedCertLastSyncTime for acct, clamped to
 * now. False when neither exists. */
bool cs_disallowed_last_sync(const cs_machine *m, cs_account acct,
                             cs_filetime *out);

#endif
