/* In-memory test certificates (schannel_testcerts.h). */
#include "schannel_testcerts.h"

#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

static EVP_PKEY *key;

EVP_PKEY *tc_key(void)
{
	if (!key)
		key = EVP_EC_gen("P-256");
	return key;
}

size_t tc_name_len(const X509_NAME *n)
{
	int l = i2d_X509_NAME(n, NULL);
	return l > 0 ? (size_t)l : 0;
}

/* OU attributes (nou of them, the last ou_last characters long, the others
 * 40) and a CN of k characters "Tag 00017 Root CA abc...". */
static X509_NAME *make_name(unsigned tag, size_t nou, size_t ou_last, size_t k)
{
	char buf[80];
	X509_NAME *n = X509_NAME_new();
	for (size_t i = 0; i < nou; i++) {
		size_t len = i + 1 == nou ? ou_last : 40;
		for (size_t c = 0; c < len; c++)
			buf[c] = (char)('A' + (c + i) % 26);
		buf[len] = '\0';
		X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_ASC,
		                           (const unsigned char *)buf, -1, -1,
		                           0);
	}
	snprintf(buf, sizeof buf, "Tag %05u Root CA ", tag);
	for (size_t c = strlen(buf); c < k && c < 64; c++)
		buf[c] = (char)('a' + c % 26);
	buf[k < 64 ? k : 64] = '\0';
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	                           (const unsigned char *)buf, -1, -1, 0);
	return n;
}

static X509_NAME *name_cn(const char *o, const char *cn)
{
	X509_NAME *n = X509_NAME_new();
	if (o)
		X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC,
		                           (const unsigned char *)o, -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	                           (const unsigned char *)cn, -1, -1, 0);
	return n;
}

/* The encoding grows one byte per CN character except where a length octet
 * goes long-form (past 127); OU attributes carry the longer names (each is
 * at most 64 characters, ub-organizational-unit-name). */
X509_NAME *tc_name_of_len(size_t der_len, unsigned tag)
{
	for (size_t nou = 0; nou <= 8; nou++) {
		for (size_t ou = nou ? 1 : 0; ou <= (nou ? 40u : 0u); ou++) {
			X509_NAME *n = make_name(tag, nou, ou, 18);
			size_t l0 = tc_name_len(n);
			X509_NAME_free(n);
			if (der_len < l0 || der_len > l0 + 45)
				continue;
			for (size_t k = 18 + (der_len - l0);
			     k >= 18 && k <= 18 + (der_len - l0) + 2; k--) {
				n = make_name(tag, nou, ou, k);
				if (tc_name_len(n) == der_len)
					return n;
				X509_NAME_free(n);
			}
		}
	}
	return NULL;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

X509 *tc_cert(const X509_NAME *subject, X509 *issuer, bool ca, int eku)
{
	static long serial = 1;
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	X509_set_subject_name(x, subject);
	X509_set_issuer_name(x,
	                     issuer ? X509_get_subject_name(issuer) : subject);
	ASN1_TIME_set_string_X509(X509_getm_notBefore(x), "20100101000000Z");
	ASN1_TIME_set_string_X509(X509_getm_notAfter(x), "20300101000000Z");
	X509_set_pubkey(x, tc_key());
	add_ext(x, issuer, NID_basic_constraints,
	        ca ? "critical,CA:TRUE" : "CA:FALSE");
	if (eku == TC_EKU_CLIENT)
		add_ext(x, issuer, NID_ext_key_usage, "clientAuth");
	else if (eku == TC_EKU_SERVER_ONLY)
		add_ext(x, issuer, NID_ext_key_usage, "serverAuth");
	X509_sign(x, tc_key(), EVP_sha256());
	return x;
}

X509 *tc_cert_cn(const char *cn, X509 *issuer, bool ca, int eku)
{
	X509_NAME *n = name_cn(NULL, cn);
	X509 *x = tc_cert(n, issuer, ca, eku);
	X509_NAME_free(n);
	return x;
}

static cs_pool *shared_pool;

static void free_pool(void)
{
	cs_pool_free(shared_pool);
	shared_pool = NULL;
}

cs_sch_cert tc_view(X509 *x)
{
	if (!shared_pool) {
		ck_assert_int_eq(cs_pool_new(&shared_pool, "."), CS_OK);
		atexit(free_pool);
	}
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	ck_assert_int_gt(n, 0);
	const struct cs_cert *c = NULL;
	cs_diag d = {0};
	cs_status st =
	    cs_cert_from_der(shared_pool, (cs_bytes){der, (size_t)n}, &c, &d);
	OPENSSL_free(der);
	ck_assert_int_eq(st, CS_OK);
	return cs_sch_cert_of(c);
}
