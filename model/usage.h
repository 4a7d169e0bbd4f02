/* A certificate's enhanced key usage as a store property: the list
 * CERT_ENHKEY_USAGE_PROP_ID (9) holds, how authroot.stl restricts a root it
 * installs (RULES.md 6: entry properties under 1.3.6.1.4.1.311.10.11.<id>)
 * and how MMC's "Disable all purposes" / "Enable only the following
 * purposes" restrict any certificate.
 *
 * n == 0 means valid for no usage (CertGetEnhancedKeyUsage reports zero
 * usages and no error); no property at all (a NULL pointer) means the
 * property does not restrict (zero usages with CRYPT_E_NOT_FOUND). Lists
 * are immutable once made: the engine interns them in the object pool, so
 * stores borrow them and fleet clones copy pointers. */
#ifndef CAPISIM_MODEL_USAGE_H
#define CAPISIM_MODEL_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct cs_usage {
	size_t n;
	const char *const *oids; /* dotted OIDs, in the order given */
} cs_usage;

static inline bool cs_usage_has(const cs_usage *u, const char *oid)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->oids[i], oid) == 0)
			return true;
	return false;
}

#endif
