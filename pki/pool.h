/* The object pool: immutable inputs shared by every machine of a run.
 *
 * What is cached: file contents by path, and any parsed object (certificate,
 * CRL, OCSP response, CTL) an area interns under a kind tag and a key (the
 * DER bytes or a digest of them). Key: (kind, key bytes), exact. A hit
 * returns the same pointer, so identity of objects is pointer identity across
 * machines and fleet clones. Eviction: none; everything lives until
 * cs_pool_free. Paths are resolved against the base directory given at
 * creation (the scenario's folder); absolute paths are used as they are. */
#ifndef CAPISIM_PKI_POOL_H
#define CAPISIM_PKI_POOL_H

#include <stddef.h>

#include "capisim/diag.h"
#include "capisim/status.h"
#include "model/bytes.h"

/* Largest input file read: beyond any real CRL or authroot CAB (a few MB),
 * small enough that a wrong path to a disk image fails fast and clearly. */
#define CS_POOL_FILE_MAX (64u << 20)

typedef struct cs_pool cs_pool;

CS_MUST_USE cs_status cs_pool_new(cs_pool **out, const char *base_dir);
void cs_pool_free(cs_pool *p); /* NULL is a no-op */
const char *cs_pool_base_dir(const cs_pool *p);

/* Bytes of a file, read once. On failure d says why (file name, errno text
 * or the size limit) and the status is CS_ERR_IO / CS_ERR_LIMIT. *name_out
 * (optional) is the pool's copy of the path, valid for the pool's life. */
CS_MUST_USE cs_status cs_pool_file(cs_pool *p, const char *path, cs_bytes *out,
                                   const char **name_out, cs_diag *d);

/* Interned objects. kind is a static tag ("cert", "crl", ...).
 *
 * Thread safety: a fleet plays machines on several threads that share one
 * pool, and they parse objects (downloaded CRLs, certificates, CABs) while
 * they run, so every pool call takes the pool's lock. Identity must stay
 * pointer identity even when two threads parse the same bytes at once:
 * cs_pool_intern inserts only if no object is there yet and otherwise frees
 * the caller's copy, handing back the one that is kept. */
void *cs_pool_lookup(const cs_pool *p, const char *kind, const void *key,
                     size_t keylen);
/* Takes ownership of obj. *out is the object the pool keeps under (kind,
 * key): obj, or an equal one interned first (obj is then freed with
 * free_fn). On CS_ERR_NOMEM obj is freed and *out is NULL. */
CS_MUST_USE cs_status cs_pool_intern(cs_pool *p, const char *kind,
                                     const void *key, size_t keylen, void *obj,
                                     void (*free_fn)(void *), void **out);

#endif
