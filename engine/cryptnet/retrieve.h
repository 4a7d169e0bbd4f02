/* cryptnet's URL retrieval: CryptRetrieveObjectByUrl as the chain engine,
 * the revocation provider and root auto-update use it.
 *
 * Lookup order (RULES.md 4, BLOG): the process's memory cache, the account's
 * disk URL cache (m->w.accounts[a].disk_cache, model/urlcache.h), then the
 * wire (the virtual network, model/network.h). What the wire returns goes to
 * both caches unless the request says not to. Windows callers do this in two
 * calls - first CRYPT_CACHE_ONLY_RETRIEVAL, then, if the cached object is not
 * good enough, CRYPT_WIRE_ONLY_RETRIEVAL (CAPI2 events 50/51 then 52/53) -
 * and so should callers here: the flags below are those two.
 *
 * Memory cache contract: what is cached is a URL's body with its download
 * time and expiry. Key: the request's cache key (the URL unless given).
 * One memory cache per account: it stands for the long-lived process that
 * runs as that account (lsass for SYSTEM, which is where Schannel checks
 * client certificates). It is lost on reboot and only on reboot; `certutil
 * -urlcache * delete` clears the disk cache, never another process's memory.
 * A hit never skips the caller's own validity checks (signature, time).
 * Eviction: replacement by a newer download, reboot.
 *
 * Offline back-off (RE, values PARAMETER: model/profile_revocation.h): each
 * failed wire retrieval of a URL raises its counter (capped at 6); before
 * last_failure + table[count-1] the wire is not tried and the result is
 * CS_FETCH_OFFLINE; a success clears the counter. Lives in process memory.
 *
 * Timeouts (DOC): each URL gets the profile's per-URL timeout (15000 ms,
 * ChainUrlRetrievalTimeoutMilliseconds). With an accumulative budget
 * (CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT, 20000 ms in total) each URL
 * gets half of what remains, never more than the per-URL timeout. A server
 * slower than the URL's timeout is a timeout; the time spent is charged to the
 * budget. The world clock is not moved: result.elapsed reports the time.
 *
 * Every call leaves one trace observation of kind "fetch" (url, account,
 * outcome, http status, bytes, from = memory|disk|wire|none, rule + source)
 * and, on profiles with a CAPI2 Operational log, events 50/51 (cache) or
 * 52/53 (wire). */
#ifndef CAPISIM_ENGINE_CRYPTNET_RETRIEVE_H
#define CAPISIM_ENGINE_CRYPTNET_RETRIEVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/machine.h"

/* What the URL is expected to hold (CAPI2's Object type). */
typedef enum {
	CS_OBJ_CRL,  /* CONTEXT_OID_CRL: base or delta CRL */
	CS_OBJ_OCSP, /* an OCSP response (the URL is the responder) */
	CS_OBJ_CERT, /* AIA caIssuers: a certificate (or PKCS#7 bundle) */
	CS_OBJ_CAB,  /* authrootstl.cab, disallowedcertstl.cab, ... */
	CS_OBJ_ANY,  /* certutil -urlcache filters: every kind */
} cs_cryptnet_kind;

/* Request flags (the CRYPT_*_RETRIEVAL flag each stands for in comments). */
enum {
	/* CRYPT_CACHE_ONLY_RETRIEVAL: memory then disk; never the wire. */
	CS_RETRIEVE_CACHE_ONLY = 1u << 0,
	/* CRYPT_WIRE_ONLY_RETRIEVAL: skip both caches, go to the wire. */
	CS_RETRIEVE_WIRE_ONLY = 1u << 1,
	/* CRYPT_DONT_CACHE_RESULT: do not store what the wire returned. */
	CS_RETRIEVE_DONT_CACHE = 1u << 2,
	/* A short-lived process (certutil, a one-off tool): it has no memory
	 * cache of its own and none is filled. */
	CS_RETRIEVE_FRESH_PROCESS = 1u << 3,
	/* Ignore the offline back-off (certutil -urlfetch retrieves anyway). */
	CS_RETRIEVE_IGNORE_BACKOFF = 1u << 4,
	/* A CRL fetched because every OCSP URL failed: never pre-fetched
	 * (DOC "Pre-Fetching", ee619723). */
	CS_RETRIEVE_NO_PREFETCH = 1u << 5,
	/* This is the pre-fetch itself (engine/cryptnet/prefetch.h): the copy
	 * goes to the disk cache marked unused, no process memory. */
	CS_RETRIEVE_PREFETCH = 1u << 6,
};

/* The accumulative timeout budget of one chain build. */
typedef struct {
	bool accumulative;   /* false: every URL gets the per-URL timeout */
	int64_t remaining;   /* ticks left (accumulative only) */
	int64_t url_timeout; /* per URL: the profile's, or the call's
	                        dwUrlRetrievalTimeout */
} cs_cryptnet_budget;

/* Budget for one CertGetCertificateChain call on m's profile. */
void cs_cryptnet_budget_init(cs_cryptnet_budget *b, const cs_machine *m,
                             bool accumulative);

typedef struct {
	unsigned flags;             /* CS_RETRIEVE_* */
	cs_cryptnet_budget *budget; /* NULL: per-URL timeout only */
	const char *cache_key;      /* NULL: the URL */
	/* When the stored copy stops being offered. 0: derived from the object
	 * (CRL NextUpdate, OCSP nextUpdate, certificate notAfter; none for a
	 * CAB or an object that does not parse). */
	cs_filetime expires;
	size_t max_bytes; /* 0: no limit (AIA: MaxAIAUrlRetrievalByteCount) */
	const char *purpose; /* trace only: "revocation", "aia", "autoupdate" */
} cs_cryptnet_request;

typedef enum {
	CS_FETCH_OK,         /* body delivered (from a cache or the wire) */
	CS_FETCH_NOT_CACHED, /* cache-only and nothing usable cached */
	CS_FETCH_OFFLINE,    /* back-off: URL offline, wire not tried */
	CS_FETCH_TIMEOUT,    /* the server was slower than the URL's timeout */
	CS_FETCH_HTTP_ERROR, /* an HTTP status other than 200 */
	CS_FETCH_REFUSED,    /* TCP connection refused */
	CS_FETCH_DNS,        /* host name does not resolve */
	CS_FETCH_TOO_BIG,    /* body over max_bytes */
	CS_FETCH_NO_BUDGET,  /* accumulative budget spent: not tried */
	CS_FETCH_BAD_OBJECT, /* HTTP 200, but the body is not the kind asked
	                        for (a .crt where an OCSP response belongs) */
} cs_fetch_outcome;

typedef enum {
	CS_FROM_NONE,
	CS_FROM_MEMORY,
	CS_FROM_DISK,
	CS_FROM_WIRE,
} cs_fetch_source;

typedef struct {
	cs_fetch_outcome outcome;
	cs_fetch_source from;
	cs_bytes body;         /* borrowed from the pool; empty unless OK */
	const char *body_name; /* fixture path, for traces */
	int http_status;       /* wire only: 200, 404, ...; 0 otherwise */
	size_t wire_bytes;     /* wire only: the body's size as the server
	                          sent it (also for a body of the wrong kind) */
	cs_filetime fetched;   /* when the delivered copy was downloaded */
	int64_t timeout;       /* ticks this URL was allowed (wire only) */
	int64_t elapsed;       /* ticks spent on the wire */
	/* The error CAPI2 event 53 would show: 0, or a WinHTTP code (0x2EE2
	 * timeout, 0x2EE7 name not resolved, 0x2EFD cannot connect) or an
	 * HRESULT_FROM_WIN32 of the HTTP status class. */
	uint32_t error;
} cs_cryptnet_result;

/* Retrieve url for acct. CS_OK with the outcome in *out; an error status
 * only when memory ran out. line is the scenario line (trace). */
CS_MUST_USE cs_status cs_cryptnet_retrieve(cs_machine *m, cs_account acct,
                                           const char *url,
                                           cs_cryptnet_kind kind,
                                           const cs_cryptnet_request *req,
                                           cs_cryptnet_result *out);

const char *cs_fetch_outcome_name(cs_fetch_outcome o); /* "ok", "timeout" */
const char *cs_fetch_source_name(cs_fetch_source s);   /* "memory", ... */
const char *cs_cryptnet_kind_name(cs_cryptnet_kind k); /* "crl", ... */

#endif
