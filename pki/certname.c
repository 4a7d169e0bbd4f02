/* certutil's name format: the RDNs in reverse encoding order, "KEY=value"
 * joined by ", " (multi-valued RDNs by " + "), keys as CertNameToStr's
 * CERT_X500_NAME_STR spells them, values quoted when they hold a separator
 * (DOC CertNameToStr). */
#include "pki/certname.h"
#include "model/alloc.h"

#include <openssl/objects.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	int nid;
	const char *key;
} keys[] = {
    {NID_commonName, "CN"},
    {NID_organizationName, "O"},
    {NID_organizationalUnitName, "OU"},
    {NID_countryName, "C"},
    {NID_localityName, "L"},
    {NID_stateOrProvinceName, "S"},
    {NID_streetAddress, "STREET"},
    {NID_pkcs9_emailAddress, "E"},
    {NID_domainComponent, "DC"},
    {NID_serialNumber, "SERIALNUMBER"},
    {NID_title, "T"},
    {NID_givenName, "G"},
    {NID_surname, "SN"},
    {NID_initials, "I"},
    {NID_userId, "UID"},
    {NID_postalCode, "PostalCode"},
    {NID_description, "Description"},
};

typedef struct {
	char *s;
	size_t n, cap;
	bool oom;
} buf;

static void put(buf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (b->n + len + 1 > b->cap) {
		size_t ncap = (b->cap ? b->cap : 64);
		while (ncap < b->n + len + 1)
			ncap *= 2;
		char *ns = cs_realloc(b->s, ncap);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->n, s, len);
	b->n += len;
	b->s[b->n] = '\0';
}

static void puts_(buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static bool needs_quotes(const char *v, size_t len)
{
	if (len == 0)
		return true;
	if (v[0] == ' ' || v[len - 1] == ' ')
		return true;
	return strpbrk(v, ",+=\"\n<>#;") != NULL;
}

static void put_entry(buf *b, const X509_NAME_ENTRY *e)
{
	const ASN1_OBJECT *obj = X509_NAME_ENTRY_get_object(e);
	int nid = OBJ_obj2nid(obj);
	const char *key = NULL;
	char oid[80];
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (keys[i].nid == nid)
			key = keys[i].key;
	if (!key) {
		if (OBJ_obj2txt(oid, sizeof oid, obj, 1) <= 0)
			snprintf(oid, sizeof oid, "?");
		key = oid;
	}
	puts_(b, key);
	put(b, "=", 1);
	unsigned char *utf8 = NULL;
	int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
	if (len < 0) {
		puts_(b, "?");
		return;
	}
	const char *v = (const char *)utf8;
	if (needs_quotes(v, (size_t)len)) {
		put(b, "\"", 1);
		for (int i = 0; i < len; i++)
			put(b, v[i] == '"' ? "\"\"" : &v[i],
			    v[i] == '"' ? 2 : 1);
		put(b, "\"", 1);
	} else {
		put(b, v, (size_t)len);
	}
	OPENSSL_free(utf8);
}

char *cs_name_to_str(const X509_NAME *name)
{
	return cs_name_to_str_sep(name, ", ");
}

char *cs_name_to_str_sep(const X509_NAME *name, const char *sep)
{
	buf b = {0};
	put(&b, "", 0);
	int n = X509_NAME_entry_count(name);
	int prev_set = -1;
	for (int i = n - 1; i >= 0; i--) {
		const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
		int set = X509_NAME_ENTRY_set(e);
		if (i != n - 1)
			puts_(&b, set == prev_set ? " + " : sep);
		put_entry(&b, e);
		prev_set = set;
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* DOC CertGetNameString, CERT_NAME_SIMPLE_DISPLAY_TYPE: the first of
 * commonName, organizationalUnitName, organizationName, emailAddress,
 * else the first attribute (the first encoded one of a kind). */
char *cs_name_simple_display(const X509_NAME *name)
{
	static const int order[] = {NID_commonName, NID_organizationalUnitName,
	                            NID_organizationName,
	                            NID_pkcs9_emailAddress};
	int idx = -1;
	for (size_t k = 0; k < sizeof order / sizeof *order && idx < 0; k++)
		idx = X509_NAME_get_index_by_NID(name, order[k], -1);
	if (idx < 0 && X509_NAME_entry_count(name) > 0)
		idx = 0;
	if (idx < 0)
		return cs_strdup("");
	unsigned char *utf8 = NULL;
	int len = ASN1_STRING_to_UTF8(
	    &utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx)));
	if (len < 0)
		return cs_strdup("");
	char *s = cs_strndup((const char *)utf8, (size_t)len);
	OPENSSL_free(utf8);
	return s;
}
