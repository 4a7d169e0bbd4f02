#include "model/store.h"

#include <stdlib.h>
#include <string.h>

static const char *const store_names[CS_STORE_COUNT] = {
#define CS_STORE_NAME(id, name) [CS_STORE_##id] = name,
    CS_STORE_IDS(CS_STORE_NAME)
#undef CS_STORE_NAME
};

static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

bool cs_store_id_from_name(const char *name, cs_store_id *out)
{
	for (int i = 0; i < CS_STORE_COUNT; i++)
		if (name_eq(name, store_names[i])) {
			*out = (cs_store_id)i;
			return true;
		}
	return false;
}

const char *cs_store_name(cs_store_id id)
{
	return id < CS_STORE_COUNT ? store_names[id] : "?";
}

void cs_store_init(cs_store *s)
{
	memset(s, 0, sizeof *s);
}

void cs_store_free(cs_store *s)
{
	free(s->certs);
	memset(s, 0, sizeof *s);
}

cs_status cs_store_clone(cs_store *dst, const cs_store *src)
{
	cs_store_init(dst);
	if (src->n == 0)
		return CS_OK;
	dst->certs = malloc(src->n * sizeof *dst->certs);
	if (!dst->certs)
		return CS_ERR_NOMEM;
	memcpy(dst->certs, src->certs, src->n * sizeof *dst->certs);
	dst->n = dst->cap = src->n;
	return CS_OK;
}

bool cs_store_contains(const cs_store *s, const struct cs_cert *c)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->certs[i] == c)
			return true;
	return false;
}

cs_status cs_store_add(cs_store *s, const struct cs_cert *c)
{
	if (cs_store_contains(s, c))
		return CS_OK;
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 8;
		const struct cs_cert **n = realloc(s->certs, ncap * sizeof *n);
		if (!n)
			return CS_ERR_NOMEM;
		s->certs = n;
		s->cap = ncap;
	}
	s->certs[s->n++] = c;
	return CS_OK;
}

bool cs_store_remove(cs_store *s, const struct cs_cert *c)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->certs[i] == c) {
			memmove(&s->certs[i], &s->certs[i + 1],
			        (s->n - i - 1) * sizeof *s->certs);
			s->n--;
			return true;
		}
	return false;
}

void cs_store_clear(cs_store *s)
{
	s->n = 0;
}
