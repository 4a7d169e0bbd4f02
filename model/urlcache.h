/* cryptnet's URL cache as data.
 *
 * What is cached: the body of a retrieved URL (CRL, OCSP response, CAB,
 * certificate) with the times the rules need. Key: the URL (cs_url_eq).
 * One cs_urlcache per account models the on-disk CryptnetUrlCache
 * (Content + MetaData under the account's profile): it survives reboots and
 * is what `certutil -urlcache * delete` clears, for the acting account only.
 * The same type also serves as a process's in-memory copy, which only reboot
 * (or a process restart) clears. A hit never skips the caller's validity
 * checks: expiry here is only the time after which the entry is not
 * offered. Eviction: never by size; entries leave by delete or replacement.
 * A cache with no entries is just empty - there is no size limit to set. */
#ifndef CAPISIM_MODEL_URLCACHE_H
#define CAPISIM_MODEL_URLCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "model/bytes.h"

#define CS_URLCACHE_NEVER INT64_MAX

typedef struct {
	char *url;
	cs_bytes content;         /* borrowed from the object pool */
	const char *content_name; /* fixture path, for traces; borrowed */
	cs_filetime fetched;      /* when it was downloaded */
	cs_filetime expires;      /* not offered at or after this time */
	cs_filetime last_sync;    /* last time the server was asked */
	char etag[64];            /* HTTP validator, "" when none */
	/* Pre-fetch metadata (CRYPTNET_URL_CACHE_PRE_FETCH_INFO lives in the
	 * MetaData file): when the pre-fetch is due (0 = not scheduled);
	 * exempt: a CRL fetched because every OCSP URL failed, never
	 * pre-fetched (DOC); used: a chain used this copy since it arrived (a
	 * pre-fetched copy nobody uses stops the pre-fetching, DOC). */
	cs_filetime prefetch_at;
	bool prefetch_exempt;
	bool used;
} cs_urlcache_entry;

typedef struct {
	cs_urlcache_entry *entries;
	size_t n, cap;
} cs_urlcache;

/* Zero bytes are an empty cache, as for cs_store_init. */
void cs_urlcache_init(cs_urlcache *c);
void cs_urlcache_free(cs_urlcache *c);
CS_MUST_USE cs_status cs_urlcache_clone(cs_urlcache *dst,
                                        const cs_urlcache *src);
/* Entry for url whatever its expiry; NULL when none. */
const cs_urlcache_entry *cs_urlcache_find(const cs_urlcache *c,
                                          const char *url);
/* Entry for url that is offered at time t (t < expires); NULL when none. */
const cs_urlcache_entry *cs_urlcache_lookup(const cs_urlcache *c,
                                            const char *url, cs_filetime t);
/* Insert or replace (e->url is copied). */
CS_MUST_USE cs_status cs_urlcache_put(cs_urlcache *c,
                                      const cs_urlcache_entry *e);
bool cs_urlcache_delete(cs_urlcache *c, const char *url);
/* Delete entry i (i < c->n); later entries move down by one. */
void cs_urlcache_remove_at(cs_urlcache *c, size_t i);
/* Number of entries deleted. */
size_t cs_urlcache_clear(cs_urlcache *c);

#endif
