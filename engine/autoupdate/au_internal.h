/* Internals shared by engine/autoupdate's files. */
#ifndef CAPISIM_ENGINE_AUTOUPDATE_AU_INTERNAL_H
#define CAPISIM_ENGINE_AUTOUPDATE_AU_INTERNAL_H

#include "engine/autoupdate/autoupdate.h"
#include "pki/ctl.h"
#include "model/event_catalog.h"

/* The HRESULTs this area reports are rows of model/hresult.h; H-au-4
 * says which step gives which. */

/* The in-memory authroot.stl copy of one process (engine/cryptnet/
 * process.h), known by the process's generation: a restarted process is a
 * new generation and has no copy. */
typedef struct {
	unsigned generation; /* 0: free slot */
	bool present;
	cs_bytes cab;         /* borrowed from the pool */
	const char *cab_name; /* fixture path, for traces */
	cs_filetime fetched;  /* when it was downloaded (lifetime) */
	cs_filetime loaded;   /* when this process took it (resync) */
} au_mem_copy;

/* Processes with a copy at once (more: the oldest slot is reused). */
#define AU_PROCESS_COPIES 16

typedef struct {
	au_mem_copy stl[AU_PROCESS_COPIES];
	bool cryptsvc_running;
	cs_filetime next_sync; /* CryptSvc's schedule */
	bool refresh_failed;   /* the chain engine's back-off */
	cs_filetime refresh_failed_at;
} au_state;

au_state *au_state_of(cs_machine *m);

/* A cabinet's CTL, parsed once per run and interned in the pool by the
 * SHA-256 of the cabinet bytes and the member name. ctl is NULL when the
 * cabinet or the CTL was bad; error and why say how. */
typedef struct {
	cs_ctl *ctl;
	cs_bytes stl; /* the member's bytes (malloc'ed), empty when bad */
	uint32_t error;
	char why[256];
} au_parsed;

CS_MUST_USE cs_status au_parse_cab(cs_machine *m, cs_bytes cab,
                                   const char *member, const au_parsed **out);

/* The certificates a CTL signer may chain to: the logical Root store of
 * acct (machine Root, AuthRoot, EnterpriseRoot, and the account's Root).
 * *out is malloc'ed (free it); NULL with n = 0 when empty. */
CS_MUST_USE cs_status au_anchors(const cs_machine *m, cs_account acct,
                                 struct x509_st ***out, size_t *n);

/* Verify a parsed cabinet's CTL (p->ctl non-NULL) now, for subject usage
 * usage_oid, signed by a CTL-signing certificate that chains to acct's
 * logical Root store. *v says how it went; the status fails only for the
 * model itself (out of memory). */
CS_MUST_USE cs_status au_verify_ctl(cs_machine *m, cs_account acct,
                                    const au_parsed *p, const char *usage_oid,
                                    cs_ctl_verdict *v);

/* A download through cryptnet (engine/cryptnet/retrieve.h): always the
 * wire (the callers look at their own copies first), with cryptnet's offline
 * back-off, CAPI2 events 52/53, a "fetch" observation with the profile's
 * user agent (and so a line in `capisim run --fetch-log`). The outcome is
 * mapped to the HRESULT events 3, 5 and the sync report (0 on success).
 * keep_until: 0 = do not store the body; else cryptnet writes the
 * account's disk URL cache entry (CryptnetUrlCache) offered until then.
 * cryptnet's own memory cache is never filled: the STL's memory copy is
 * this area's (it obeys ChainCacheResyncFiletime, cryptnet's does not). */
typedef struct {
	bool ok;
	cs_bytes body;
	const char *body_name;
	uint32_t error;
} au_fetch;
CS_MUST_USE cs_status au_fetch_url(cs_machine *m, cs_account acct,
                                   const char *url, bool is_cab,
                                   cs_filetime keep_until, const char *purpose,
                                   au_fetch *out);

/* Log an auto-update event whose last insert is an HRESULT's system text
 * (EVIDENCE.md A: the 4107 "with error:" part is CERT_E_EXPIRED's). */
CS_MUST_USE cs_status au_event_error(cs_machine *m, cs_event_def def,
                                     const char *url, uint32_t hr);
CS_MUST_USE cs_status au_event_url(cs_machine *m, cs_event_def def,
                                   const char *url);

const char *au_account_name(const cs_machine *m, cs_account a);

#endif
