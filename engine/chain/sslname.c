/* SSL server name matching (RULES.md 2): the SAN's dNSName entries when the
 * extension is present, else the subject's common names; a pattern may have
 * one wildcard, as the whole left-most label, standing for exactly one
 * label. Comparison ignores ASCII case. */
#include <openssl/x509.h>
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
	X509_NAME *subj = X509_get_subject_name(c->x509);
	for (int i = -1;
	     (i = X509_NAME_get_index_by_NID(subj, NID_commonName, i)) >= 0;) {
		unsigned char *cn = NULL;
		int len = ASN1_STRING_to_UTF8(
		    &cn,
		    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, i)));
		bool ok =
		    len > 0 && memchr(cn, '\0', (size_t)len) == NULL &&
		    pattern_matches((const char *)cn, (size_t)len, server_name);
		OPENSSL_free(cn);
		if (ok)
			return true;
	}
	return false;
}
