/* EKU property values (usage_prop.h). */
#include "pki/usage_prop.h"
#include "pki/ossl.h"
#include "model/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

/* One allocation (the struct, the pointer array, then the strings), so
 * free() frees it. */
static cs_usage *usage_new(const EXTENDED_KEY_USAGE *e)
{
	int n = sk_ASN1_OBJECT_num(e);
	size_t bytes = sizeof(cs_usage) + (size_t)n * sizeof(char *);
	for (int i = 0; i < n; i++) {
		int len = OBJ_obj2txt(NULL, 0, sk_ASN1_OBJECT_value(e, i), 1);
		if (len <= 0)
			return NULL;
		bytes += (size_t)len + 1;
	}
	cs_usage *u = cs_malloc(bytes);
	if (!u)
		return NULL;
	const char **oids = (const char **)(u + 1);
	char *p = (char *)(oids + n);
	for (int i = 0; i < n; i++) {
		int len = OBJ_obj2txt(p, (int)(bytes - (size_t)(p - (char *)u)),
		                      sk_ASN1_OBJECT_value(e, i), 1);
		oids[i] = p;
		p += len + 1;
	}
	u->n = (size_t)n;
	u->oids = oids;
	return u;
}

cs_status cs_usage_from_der(cs_pool *pool, cs_bytes der, const cs_usage **out,
                            char *why, size_t why_len)
{
	*out = NULL;
	const unsigned char *p = der.data;
	EXTENDED_KEY_USAGE *e = d2i_EXTENDED_KEY_USAGE(NULL, &p, (long)der.len);
	if (!e || p != der.data + der.len) {
		EXTENDED_KEY_USAGE_free(e);
		ERR_clear_error();
		snprintf(
		    why, why_len,
		    "enhanced key usage: expected a DER SEQUENCE OF OBJECT "
		    "IDENTIFIER (%zu bytes)",
		    der.len);
		return CS_ERR_FORMAT;
	}
	cs_usage *u = usage_new(e);
	EXTENDED_KEY_USAGE_free(e);
	if (!u)
		return cs_alloc_failed();
	void *kept;
	cs_status st =
	    cs_pool_intern(pool, "usage", der.data, der.len, u, free, &kept);
	*out = kept;
	return st;
}

cs_status cs_usage_from_oids(cs_pool *pool, const char *const *oids, size_t n,
                             const cs_usage **out)
{
	*out = NULL;
	EXTENDED_KEY_USAGE *e = sk_ASN1_OBJECT_new_null();
	CS_GUARD_OSSL(e);
	cs_status st = CS_OK;
	for (size_t i = 0; st == CS_OK && i < n; i++) {
		ASN1_OBJECT *o = OBJ_txt2obj(oids[i], 1);
		if (!o)
			st = CS_ERR_FORMAT;
		else if (!sk_ASN1_OBJECT_push(e, o)) {
			ASN1_OBJECT_free(o);
			st = CS_OSSL_FAILED();
		}
	}
	unsigned char *der = NULL;
	int len = st == CS_OK ? i2d_EXTENDED_KEY_USAGE(e, &der) : 0;
	if (st == CS_OK && len <= 0)
		st = CS_OSSL_FAILED();
	EXTENDED_KEY_USAGE_free(e);
	ERR_clear_error();
	if (st == CS_OK) {
		char why[128];
		st = cs_usage_from_der(pool, (cs_bytes){der, (size_t)len}, out,
		                       why, sizeof why);
	}
	OPENSSL_free(der);
	return st;
}

const char *cs_usage_text(const cs_usage *u, char *buf, size_t cap)
{
	if (cap == 0)
		return buf;
	buf[0] = '\0';
	if (u->n == 0) {
		snprintf(buf, cap, "none");
		return buf;
	}
	size_t used = 0;
	for (size_t i = 0; i < u->n && used < cap; i++) {
		int w = snprintf(buf + used, cap - used, "%s%s", i ? "," : "",
		                 u->oids[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}
