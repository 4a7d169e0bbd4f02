#include "engine/pool.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	struct entry *next;
	const char *kind;
	uint8_t *key;
	size_t keylen;
	void *obj;
	void (*free_fn)(void *);
} entry;

typedef struct file_entry {
	struct file_entry *next;
	char *path;
	uint8_t *data;
	size_t len;
} file_entry;

#define NBUCKETS 4096u /* power of two; 10^4 objects stay at ~2 per chain */

struct cs_pool {
	char *base;
	entry *buckets[NBUCKETS];
	file_entry *files;
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
	cs_pool *p = calloc(1, sizeof *p);
	if (!p)
		return CS_ERR_NOMEM;
	p->base = strdup(base_dir ? base_dir : ".");
	if (!p->base) {
		free(p);
		return CS_ERR_NOMEM;
	}
	*out = p;
	return CS_OK;
}

void cs_pool_free(cs_pool *p)
{
	if (!p)
		return;
	for (unsigned i = 0; i < NBUCKETS; i++) {
		for (entry *e = p->buckets[i], *n; e; e = n) {
			n = e->next;
			if (e->free_fn)
				e->free_fn(e->obj);
			free(e->key);
			free(e);
		}
	}
	for (file_entry *f = p->files, *n; f; f = n) {
		n = f->next;
		free(f->path);
		free(f->data);
		free(f);
	}
	free(p->base);
	free(p);
}

const char *cs_pool_base_dir(const cs_pool *p)
{
	return p->base;
}

cs_status cs_pool_file(cs_pool *p, const char *path, cs_bytes *out,
                       const char **name_out, cs_diag *d)
{
	for (file_entry *f = p->files; f; f = f->next)
		if (strcmp(f->path, path) == 0) {
			*out = (cs_bytes){f->data, f->len};
			if (name_out)
				*name_out = f->path;
			return CS_OK;
		}
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
	FILE *fp = fopen(full, "rb");
	if (!fp) {
		cs_diag_set(d, full, 0, 0, "cannot open: %s", strerror(errno));
		return CS_ERR_IO;
	}
	file_entry *f = calloc(1, sizeof *f);
	size_t cap = 1 << 16;
	uint8_t *buf = malloc(cap);
	size_t len = 0;
	cs_status st = f && buf ? CS_OK : CS_ERR_NOMEM;
	while (st == CS_OK) {
		if (len == cap) {
			if (cap >= CS_POOL_FILE_MAX) {
				cs_diag_set(d, full, 0, 0,
				            "file larger than %u MiB",
				            CS_POOL_FILE_MAX >> 20);
				st = CS_ERR_LIMIT;
				break;
			}
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb) {
				st = CS_ERR_NOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0) {
			if (ferror(fp)) {
				cs_diag_set(d, full, 0, 0, "read error");
				st = CS_ERR_IO;
			}
			break;
		}
	}
	fclose(fp);
	if (st == CS_OK && !(f->path = strdup(path)))
		st = CS_ERR_NOMEM;
	if (st != CS_OK) {
		if (st == CS_ERR_NOMEM)
			cs_diag_set(d, full, 0, 0, "out of memory");
		free(buf);
		if (f)
			free(f->path);
		free(f);
		return st;
	}
	f->data = buf;
	f->len = len;
	f->next = p->files;
	p->files = f;
	*out = (cs_bytes){f->data, f->len};
	if (name_out)
		*name_out = f->path;
	return CS_OK;
}

void *cs_pool_lookup(const cs_pool *p, const char *kind, const void *key,
                     size_t keylen)
{
	uint64_t h = fnv1a(kind, key, keylen);
	for (entry *e = p->buckets[h & (NBUCKETS - 1)]; e; e = e->next)
		if (e->keylen == keylen && strcmp(e->kind, kind) == 0 &&
		    memcmp(e->key, key, keylen) == 0)
			return e->obj;
	return NULL;
}

cs_status cs_pool_insert(cs_pool *p, const char *kind, const void *key,
                         size_t keylen, void *obj, void (*free_fn)(void *))
{
	entry *e = calloc(1, sizeof *e);
	uint8_t *k = malloc(keylen ? keylen : 1);
	if (!e || !k) {
		free(e);
		free(k);
		if (free_fn)
			free_fn(obj);
		return CS_ERR_NOMEM;
	}
	memcpy(k, key, keylen);
	*e = (entry){NULL, kind, k, keylen, obj, free_fn};
	uint64_t h = fnv1a(kind, key, keylen) & (NBUCKETS - 1);
	e->next = p->buckets[h];
	p->buckets[h] = e;
	return CS_OK;
}
