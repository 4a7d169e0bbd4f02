/* ASCII case folding for names Windows compares case-insensitively
 * (registry paths, store names, URL schemes and hosts). ASCII only and
 * locale-free on purpose: the model never depends on the host's locale. */
#ifndef CAPISIM_MODEL_ASCII_H
#define CAPISIM_MODEL_ASCII_H

#include <stdbool.h>
#include <stddef.h>

static inline char cs_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* The first n bytes of a and b agree, ignoring ASCII case. */
static inline bool cs_ascii_prefix_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cs_ascii_lower(a[i]) != cs_ascii_lower(b[i]))
			return false;
	return true;
}

/* a and b are equal, ignoring ASCII case. */
static inline bool cs_ascii_ieq(const char *a, const char *b)
{
	for (; *a && cs_ascii_lower(*a) == cs_ascii_lower(*b); a++, b++)
		;
	return *a == '\0' && *b == '\0';
}

#endif
