/* Name constraints (2.5.29.30) of a CA against a certificate below it: the
 * matching rules of RFC 5280 4.2.1.10 as Wine applies them - DNS names by
 * whole labels, e-mail by host or domain, URIs by host, IP by mask,
 * directory names by contained RDNs. The names checked are the subject's
 * alternative names, its subject DN as a directoryName (an empty DN has
 * none) and the DN's e-mail attributes as rfc822 names (WINE). What the
 * findings mean for trust is the chain engine's (engine/chain/check.c). */
#ifndef CAPISIM_PKI_NAMECONSTRAINTS_H
#define CAPISIM_PKI_NAMECONSTRAINTS_H

#include <stdbool.h>

#include "pki/cert.h"

/* Findings of cs_nc_check, or'ed. */
enum {
	CS_NC_EXCLUDED = 1u << 0,      /* a name is in an excluded subtree */
	CS_NC_NOT_PERMITTED = 1u << 1, /* a name of a form the permitted
	                                  subtrees list is in none of them */
	CS_NC_NOT_SUPPORTED = 1u << 2, /* a subtree of a form not matched */
	/* the subject's alternative names cannot be decoded, so they cannot
	 * be checked (pki/cert.h san_undecodable) */
	CS_NC_NAMES_UNDECODABLE = 1u << 3,
};

/* ca->name_constraints (non-NULL) can be applied: it lists subtrees, and
 * none has a minimum other than 0 or a maximum. */
bool cs_nc_supported(const struct cs_cert *ca);

/* subject's names against ca's constraints: CS_NC_* findings, 0 when
 * every name is allowed. */
unsigned cs_nc_check(const struct cs_cert *ca, const struct cs_cert *subject);

#endif
