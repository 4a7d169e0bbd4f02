/* SSL server name matching (RULES.md 2): the SAN's dNSName entries when the
 * extension is present, else the subject's common names; a pattern may have
 * one wildcard, as the whole left-most label, standing for exactly one
 * label. Comparison ignores ASCII case. */
#include <string.h>
#include <strings.h>

#include "engine/chain/internal.h"

static bool pattern_matches(const char *pat, size_t plen, const char *name)
{
	size_t nlen = strlen(name);
	if (plen >= 2 && pat[0] == '*' && pat[1] == '.') {
		const char *dot = strchr(name, '.');
		/* "*" covers one non-empty label; the rest must match and
		 * must itself have two labels ("*.com" is not allowed). */
		if (!dot || dot == name ||
		    memchr(pat + 2, '.', plen - 2) == NULL)
			return false;
		size_t rest = nlen - (size_t)(dot - name);
		return rest == plen - 1 &&
		       strncasecmp(dot, pat + 1, plen - 1) == 0;
	}
	if (memchr(pat, '*', plen))
		return false; /* partial-label wildcards are not supported */
	return nlen == plen && strncasecmp(name, pat, plen) == 0;
}

/* A common name with a NUL in it never matches. */
static bool cn_matches(const char *cn, size_t len, void *server_name)
{
	return memchr(cn, '\0', len) == NULL &&
	       pattern_matches(cn, len, server_name);
}

bool cs_ssl_name_matches(const struct cs_cert *c, const char *server_name)
{
	if (c->has_san) {
		for (size_t i = 0; i < c->san_dns.n; i++)
			if (pattern_matches(c->san_dns.v[i],
			                    strlen(c->san_dns.v[i]),
			                    server_name))
				return true;
		return false;
	}
	return cs_cert_subject_cn_any(c, cn_matches, (void *)server_name);
}
