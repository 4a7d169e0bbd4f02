/* A certificate as Schannel's rules see it (store_cert.h). */
#include "engine/schannel/store_cert.h"

#include <string.h>

/* anyExtendedKeyUsage counts as client auth (RFC 5280 4.2.1.12). */
static bool lists_client_auth(const cs_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], CS_OID_CLIENT_AUTH) == 0 ||
		    strcmp(l->v[i], CS_OID_ANY_EKU) == 0)
			return true;
	return false;
}

cs_sch_usage cs_sch_cert_eku(const cs_sch_cert *v)
{
	if (!v->cert->has_eku)
		return CS_SCH_USAGE_ANY;
	return lists_client_auth(&v->cert->eku) ? CS_SCH_USAGE_CLIENT_AUTH
	                                        : CS_SCH_USAGE_OTHER;
}

cs_sch_usage cs_sch_usage_of(const cs_usage *prop)
{
	/* The same two usages as the extension (RFC 5280 4.2.1.12). */
	return cs_usage_has(prop, CS_OID_CLIENT_AUTH) ||
	               cs_usage_has(prop, CS_OID_ANY_EKU)
	           ? CS_SCH_USAGE_CLIENT_AUTH
	           : CS_SCH_USAGE_OTHER;
}

bool cs_sch_cert_client_auth_ok(const cs_sch_cert *v)
{
	return cs_sch_cert_eku(v) != CS_SCH_USAGE_OTHER &&
	       v->prop != CS_SCH_USAGE_OTHER;
}

bool cs_sch_cert_issued_by(const cs_sch_cert *c, const cs_sch_cert *i)
{
	return cs_cert_name_matches_issuer(c->cert, i->cert) &&
	       cs_cert_signature_ok(c->cert, i->cert);
}

bool cs_sch_cert_same(const cs_sch_cert *a, const cs_sch_cert *b)
{
	return a == b || a->cert == b->cert;
}
