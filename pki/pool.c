#include "pki/pool.h"

#include <pthread.h>
#include "model/alloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/file_read.h"

/* One table for everything interned: parsed objects under their kind and
 * file contents under kind "file" keyed by path. Chained buckets that
 * double when the table holds over two entries per bucket, so a lookup
 * stays O(1) amortised at any size (10^5 certificates and files: see
 * docs/robustness.md). Every call takes the pool's lock (pool.h: fleet
 * threads share the pool); what an entry points to never moves. */
typedef struct entry {
	struct entry *next;
	uint64_t hash;
	const char *kind;
	void *obj;
	void (*free_fn)(void *);
	size_t keylen;
	uint8_t key[]; /* inline: one cache miss less per lookup */
} entry;

typedef struct file_entry {
	char *path;
	uint8_t *data;
	size_t len;
} file_entry;

#define FIRST_BUCKETS 1024u /* power of two; doubles as the pool grows */

struct cs_pool {
	char *base;
	entry **buckets;
	size_t nbuckets, count;
	pthread_mutex_t lock;
};

static uint64_t fnv1a(const char *kind, const void *key, size_t len)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (const char *k = kind; *k; k++)
		h = (h ^ (uint8_t)*k) * UINT64_C(0x100000001b3);
	const uint8_t *b = key;
	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * UINT64_C(0x100000001b3);
	return h;
}

cs_status cs_pool_new(cs_pool **out, const char *base_dir)
{
	cs_pool *p = cs_calloc(1, sizeof *p);
	if (!p)
		return cs_alloc_failed();
	p->base = cs_strdup(base_dir ? base_dir : ".");
	p->buckets = cs_calloc(FIRST_BUCKETS, sizeof *p->buckets);
	if (!p->base || !p->buckets ||
	    pthread_mutex_init(&p->lock, NULL) != 0) {
		free(p->base);
		free(p->buckets);
		free(p);
		return cs_alloc_failed();
	}
	p->nbuckets = FIRST_BUCKETS;
	*out = p;
	return CS_OK;
}

void cs_pool_free(cs_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nbuckets; i++) {
		for (entry *e = p->buckets[i], *n; e; e = n) {
			n = e->next;
			if (e->free_fn)
				e->free_fn(e->obj);
			free(e);
		}
	}
	pthread_mutex_destroy(&p->lock);
	free(p->buckets);
	free(p->base);
	free(p);
}

const char *cs_pool_base_dir(const cs_pool *p)
{
	return p->base;
}

/* Callers hold the lock. */
static void *find(const cs_pool *p, const char *kind, const void *key,
                  size_t keylen)
{
	uint64_t h = fnv1a(kind, key, keylen);
	for (entry *e = p->buckets[h & (p->nbuckets - 1)]; e; e = e->next)
		if (e->hash == h && e->keylen == keylen &&
		    strcmp(e->kind, kind) == 0 &&
		    memcmp(e->key, key, keylen) == 0)
			return e->obj;
	return NULL;
}

/* Callers hold the lock. Doubling when over two entries per bucket; a
 * failed doubling only leaves the chains longer. */
static cs_status add(cs_pool *p, const char *kind, const void *key,
                     size_t keylen, void *obj, void (*free_fn)(void *))
{
	entry *e = cs_malloc(sizeof *e + keylen);
	if (!e) {
		if (free_fn)
			free_fn(obj);
		return cs_alloc_failed();
	}
	uint64_t h = fnv1a(kind, key, keylen);
	*e = (entry){NULL, h, kind, obj, free_fn, keylen};
	memcpy(e->key, key, keylen);
	if (p->count >= 2 * p->nbuckets) {
		size_t nb = p->nbuckets * 2;
		entry **b = cs_calloc(nb, sizeof *b);
		for (size_t i = 0; b && i < p->nbuckets; i++)
			for (entry *x = p->buckets[i], *n; x; x = n) {
				n = x->next;
				x->next = b[x->hash & (nb - 1)];
				b[x->hash & (nb - 1)] = x;
			}
		if (b) {
			free(p->buckets);
			p->buckets = b;
			p->nbuckets = nb;
		}
	}
	e->next = p->buckets[h & (p->nbuckets - 1)];
	p->buckets[h & (p->nbuckets - 1)] = e;
	p->count++;
	return CS_OK;
}

static void file_entry_free(void *v)
{
	file_entry *f = v;
	free(f->path);
	free(f->data);
	free(f);
}

static cs_status read_file(cs_pool *p, const char *path, file_entry **out,
                           cs_diag *d);

cs_status cs_pool_file(cs_pool *p, const char *path, cs_bytes *out,
                       const char **name_out, cs_diag *d)
{
	pthread_mutex_lock(&p->lock);
	cs_status st = CS_OK;
	file_entry *f = find(p, "file", path, strlen(path));
	if (!f) {
		st = read_file(p, path, &f, d);
		if (st == CS_OK && (st = add(p, "file", path, strlen(path), f,
		                             file_entry_free)) != CS_OK) {
			f = NULL; /* add freed it */
			cs_diag_set(d, path, 0, 0, "out of memory");
		}
	}
	pthread_mutex_unlock(&p->lock);
	if (st != CS_OK)
		return st;
	*out = (cs_bytes){f->data, f->len};
	if (name_out)
		*name_out = f->path;
	return CS_OK;
}

/* The file's bytes, read whole (up to CS_POOL_FILE_MAX), in a new entry. */
static cs_status read_file(cs_pool *p, const char *path, file_entry **out,
                           cs_diag *d)
{
	*out = NULL;
	/* Relative to the base folder; with the current folder as base the
	 * path stays as the user typed it (messages name "big.bin", not
	 * "./big.bin"). */
	char full[4096];
	int n = path[0] == '/' || strcmp(p->base, ".") == 0
	            ? snprintf(full, sizeof full, "%s", path)
	            : snprintf(full, sizeof full, "%s/%s", p->base, path);
	if (n < 0 || (size_t)n >= sizeof full) {
		cs_diag_set(d, path, 0, 0, "path too long");
		return CS_ERR_LIMIT;
	}
	char too_big[64];
	snprintf(too_big, sizeof too_big, "file larger than %u MiB",
	         CS_POOL_FILE_MAX >> 20);
	const cs_file_limits lim = {.max = CS_POOL_FILE_MAX,
	                            .too_big = too_big};
	char *data;
	size_t len;
	cs_status st = cs_file_read(full, &lim, &data, &len, d);
	if (st != CS_OK)
		return st;
	file_entry *f = cs_calloc(1, sizeof *f);
	if (!f || !(f->path = cs_strdup(path))) {
		free(f);
		free(data);
		cs_diag_set(d, full, 0, 0, "out of memory");
		return cs_alloc_failed();
	}
	f->data = (uint8_t *)data;
	f->len = len;
	*out = f;
	return CS_OK;
}

void *cs_pool_lookup(const cs_pool *p, const char *kind, const void *key,
                     size_t keylen)
{
	cs_pool *mp = (cs_pool *)p; /* the lock is not the pool's value */
	pthread_mutex_lock(&mp->lock);
	void *obj = find(p, kind, key, keylen);
	pthread_mutex_unlock(&mp->lock);
	return obj;
}

cs_status cs_pool_intern(cs_pool *p, const char *kind, const void *key,
                         size_t keylen, void *obj, void (*free_fn)(void *),
                         void **out)
{
	*out = NULL;
	pthread_mutex_lock(&p->lock);
	void *have = find(p, kind, key, keylen);
	cs_status st = have ? CS_OK : add(p, kind, key, keylen, obj, free_fn);
	pthread_mutex_unlock(&p->lock);
	if (have) {
		if (free_fn)
			free_fn(obj); /* another thread interned it first */
		*out = have;
	} else if (st == CS_OK) {
		*out = obj;
	}
	return st;
}
