#include "model/urlcache.h"

#include <stdlib.h>
#include "model/alloc.h"
#include <string.h>

#include "model/network.h"
#include "model/mutation.h"

void cs_urlcache_init(cs_urlcache *c)
{
	memset(c, 0, sizeof *c);
}

void cs_urlcache_free(cs_urlcache *c)
{
	cs_urlcache_clear(c);
	free(c->entries);
	memset(c, 0, sizeof *c);
}

cs_status cs_urlcache_clone(cs_urlcache *dst, const cs_urlcache *src)
{
	cs_urlcache_init(dst);
	for (size_t i = 0; i < src->n; i++)
		if (cs_urlcache_put(dst, &src->entries[i]) != CS_OK) {
			cs_urlcache_free(dst);
			return cs_alloc_failed();
		}
	return CS_OK;
}

const cs_urlcache_entry *cs_urlcache_find(const cs_urlcache *c, const char *url)
{
	for (size_t i = 0; i < c->n; i++)
		if (cs_url_eq(c->entries[i].url, url))
			return &c->entries[i];
	return NULL;
}

const cs_urlcache_entry *cs_urlcache_lookup(const cs_urlcache *c,
                                            const char *url, cs_filetime t)
{
	const cs_urlcache_entry *e = cs_urlcache_find(c, url);
	return e && t < e->expires ? e : NULL;
}

cs_status cs_urlcache_put(cs_urlcache *c, const cs_urlcache_entry *e)
{
	char *url = cs_strdup(e->url);
	if (!url)
		return cs_alloc_failed();
	cs_urlcache_entry *slot =
	    (cs_urlcache_entry *)cs_urlcache_find(c, e->url);
	if (!slot) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 8;
			cs_urlcache_entry *n =
			    cs_realloc(c->entries, cap * sizeof *n);
			if (!n) {
				free(url);
				return cs_alloc_failed();
			}
			c->entries = n;
			c->cap = cap;
		}
		slot = &c->entries[c->n++];
	} else {
		free(slot->url);
	}
	*slot = *e;
	slot->url = url;
	cs_mutated();
	return CS_OK;
}

void cs_urlcache_remove_at(cs_urlcache *c, size_t i)
{
	free(c->entries[i].url);
	memmove(&c->entries[i], &c->entries[i + 1],
	        (c->n - i - 1) * sizeof *c->entries);
	c->n--;
	cs_mutated();
}

bool cs_urlcache_delete(cs_urlcache *c, const char *url)
{
	for (size_t i = 0; i < c->n; i++)
		if (cs_url_eq(c->entries[i].url, url)) {
			cs_urlcache_remove_at(c, i);
			return true;
		}
	return false;
}

size_t cs_urlcache_clear(cs_urlcache *c)
{
	size_t n = c->n;
	for (size_t i = 0; i < c->n; i++)
		free(c->entries[i].url);
	if (n)
		cs_mutated();
	c->n = 0;
	return n;
}
