/* Name constraints of a CA against a certificate below it (see
 * nameconstraints.h). */
#include "pki/nameconstraints.h"

#include <openssl/x509v3.h>
#include <string.h>
#include <strings.h>

static bool str_of(const ASN1_IA5STRING *s, const char **p, size_t *len)
{
	*p = (const char *)ASN1_STRING_get0_data(s);
	*len = (size_t)ASN1_STRING_length(s);
	return memchr(*p, '\0', *len) == NULL;
}

static bool suffix_ci(const char *n, size_t nl, const char *c, size_t cl)
{
	return nl >= cl && strncasecmp(n + nl - cl, c, cl) == 0;
}

/* DNS: equal, or name ends in "." + constraint. */
static bool dns_match(const char *c, size_t cl, const char *n, size_t nl)
{
	if (cl == 0)
		return true;
	if (nl == cl)
		return strncasecmp(n, c, cl) == 0;
	return nl > cl && suffix_ci(n, nl, c, cl) &&
	       (c[0] == '.' || n[nl - cl - 1] == '.');
}

static bool domain_match(const char *c, size_t cl, const char *n, size_t nl)
{
	if (cl && c[0] == '.')
		return nl > cl && suffix_ci(n, nl, c, cl);
	return nl == cl && strncasecmp(n, c, cl) == 0;
}

static bool email_match(const char *c, size_t cl, const char *n, size_t nl)
{
	if (memchr(c, '@', cl))
		return nl == cl && strncasecmp(n, c, cl) == 0;
	const char *at = memchr(n, '@', nl);
	if (!at)
		return false;
	return domain_match(c, cl, at + 1, nl - (size_t)(at + 1 - n));
}

static bool uri_match(const char *c, size_t cl, const char *n, size_t nl)
{
	const char *h = memchr(n, ':', nl);
	if (h && (size_t)(h - n) + 2 < nl && h[1] == '/' && h[2] == '/')
		h += 3;
	else
		h = n;
	size_t hl = nl - (size_t)(h - n);
	const char *at = memchr(h, '@', hl);
	if (at) {
		hl -= (size_t)(at + 1 - h);
		h = at + 1;
	}
	size_t end = 0;
	while (end < hl && h[end] != '/' && h[end] != '?' && h[end] != ':')
		end++;
	return domain_match(c, cl, h, end);
}

static bool ip_match(const ASN1_OCTET_STRING *c, const ASN1_OCTET_STRING *n)
{
	int cl = ASN1_STRING_length(c), nl = ASN1_STRING_length(n);
	if (cl != 2 * nl)
		return false;
	const unsigned char *cp = ASN1_STRING_get0_data(c);
	const unsigned char *np = ASN1_STRING_get0_data(n);
	for (int i = 0; i < nl; i++)
		if ((np[i] & cp[nl + i]) != (cp[i] & cp[nl + i]))
			return false;
	return true;
}

/* Every attribute of the constraint's name appears in the subject's name
 * (WINE directory_name_matches, case-insensitive). */
static bool dirname_match(const X509_NAME *c, const X509_NAME *n)
{
	for (int i = 0; i < X509_NAME_entry_count(c); i++) {
		const X509_NAME_ENTRY *ce = X509_NAME_get_entry(c, i);
		bool found = false;
		for (int j = 0; !found && j < X509_NAME_entry_count(n); j++) {
			const X509_NAME_ENTRY *ne = X509_NAME_get_entry(n, j);
			if (OBJ_cmp(X509_NAME_ENTRY_get_object(ce),
			            X509_NAME_ENTRY_get_object(ne)) != 0)
				continue;
			const ASN1_STRING *a = X509_NAME_ENTRY_get_data(ce);
			const ASN1_STRING *b = X509_NAME_ENTRY_get_data(ne);
			found =
			    ASN1_STRING_length(a) == ASN1_STRING_length(b) &&
			    strncasecmp((const char *)ASN1_STRING_get0_data(a),
			                (const char *)ASN1_STRING_get0_data(b),
			                (size_t)ASN1_STRING_length(a)) == 0;
		}
		if (!found)
			return false;
	}
	return true;
}

/* 1 match, 0 no match, -1 unsupported form. */
static int gn_match(const GENERAL_NAME *c, const GENERAL_NAME *n)
{
	const char *cp, *np;
	size_t cl, nl;
	switch (c->type) {
	case GEN_DNS:
		return str_of(c->d.dNSName, &cp, &cl) &&
		       str_of(n->d.dNSName, &np, &nl) &&
		       dns_match(cp, cl, np, nl);
	case GEN_EMAIL:
		return str_of(c->d.rfc822Name, &cp, &cl) &&
		       str_of(n->d.rfc822Name, &np, &nl) &&
		       email_match(cp, cl, np, nl);
	case GEN_URI:
		return str_of(c->d.uniformResourceIdentifier, &cp, &cl) &&
		       str_of(n->d.uniformResourceIdentifier, &np, &nl) &&
		       uri_match(cp, cl, np, nl);
	case GEN_IPADD:
		return ip_match(c->d.iPAddress, n->d.iPAddress);
	case GEN_DIRNAME:
		return dirname_match(c->d.directoryName, n->d.directoryName);
	default:
		return -1;
	}
}

bool cs_nc_supported(const struct cs_cert *ca)
{
	const NAME_CONSTRAINTS *nc = ca->name_constraints;
	STACK_OF(GENERAL_SUBTREE) *
	    lists[2] = {nc->permittedSubtrees, nc->excludedSubtrees};
	if (sk_GENERAL_SUBTREE_num(lists[0]) <= 0 &&
	    sk_GENERAL_SUBTREE_num(lists[1]) <= 0)
		return false; /* RFC 5280: one of the two must be present */
	for (int l = 0; l < 2; l++)
		for (int i = 0; i < sk_GENERAL_SUBTREE_num(lists[l]); i++) {
			const GENERAL_SUBTREE *st =
			    sk_GENERAL_SUBTREE_value(lists[l], i);
			if (st->maximum ||
			    (st->minimum && ASN1_INTEGER_get(st->minimum) != 0))
				return false;
		}
	return true;
}

/* Check one name against the constraints. */
static unsigned check_name(const NAME_CONSTRAINTS *nc, const GENERAL_NAME *n)
{
	unsigned e = 0;
	for (int i = 0; i < sk_GENERAL_SUBTREE_num(nc->excludedSubtrees); i++) {
		const GENERAL_NAME *c =
		    sk_GENERAL_SUBTREE_value(nc->excludedSubtrees, i)->base;
		if (c->type != n->type)
			continue;
		int r = gn_match(c, n);
		if (r < 0)
			e |= CS_NC_NOT_SUPPORTED;
		else if (r)
			e |= CS_NC_EXCLUDED;
	}
	bool present = false, permitted = false;
	for (int i = 0; i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees);
	     i++) {
		const GENERAL_NAME *c =
		    sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)->base;
		if (c->type != n->type)
			continue;
		present = true;
		int r = gn_match(c, n);
		if (r < 0)
			e |= CS_NC_NOT_SUPPORTED;
		else if (r)
			permitted = true;
	}
	if (present && !permitted)
		e |= CS_NC_NOT_PERMITTED;
	return e;
}

unsigned cs_nc_check(const struct cs_cert *ca, const struct cs_cert *subject)
{
	const NAME_CONSTRAINTS *nc = ca->name_constraints;
	unsigned e = 0;
	if (subject->san_undecodable)
		e |= CS_NC_NAMES_UNDECODABLE;
	for (int i = 0; i < sk_GENERAL_NAME_num(subject->san); i++)
		e |= check_name(nc, sk_GENERAL_NAME_value(subject->san, i));
	/* The subject DN as a directoryName (an empty DN has no name form),
	 * and its e-mail attributes as rfc822 names (WINE). */
	X509_NAME *dn = X509_get_subject_name(subject->x509);
	if (X509_NAME_entry_count(dn) > 0) {
		GENERAL_NAME g = {.type = GEN_DIRNAME};
		g.d.directoryName = dn;
		e |= check_name(nc, &g);
	}
	for (int i = -1; (i = X509_NAME_get_index_by_NID(
	                      dn, NID_pkcs9_emailAddress, i)) >= 0;) {
		GENERAL_NAME g = {.type = GEN_EMAIL};
		g.d.rfc822Name =
		    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(dn, i));
		e |= check_name(nc, &g);
	}
	return e;
}
