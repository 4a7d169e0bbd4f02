/* Parsing and verifying signed CTLs (see ctl.h). */
#include "pki/ctl.h"
#include "model/alloc.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/asn1time.h"
#include "pki/ctl_asn1.h"
#include "pki/lenient.h"
#include "pki/pool.h"

/* A signer chain longer than this is refused as broken: Microsoft's CTL
 * signers sit two below their root; 8 leaves room without looping. */
#define SIGNER_CHAIN_MAX 8

static const struct {
	const char *name;
	uint32_t hr;
} verdicts[] = {
#define CS_CTL_VERDICT_ROW(id, name, hr) {name, hr},
    CS_CTL_VERDICTS(CS_CTL_VERDICT_ROW)
#undef CS_CTL_VERDICT_ROW
};

const char *cs_ctl_verdict_name(cs_ctl_verdict_code c)
{
	return verdicts[c].name;
}

uint32_t cs_ctl_verdict_hresult(cs_ctl_verdict_code c)
{
	return verdicts[c].hr;
}

void cs_ctl_free(cs_ctl *ctl)
{
	if (!ctl)
		return;
	for (size_t i = 0; i < ctl->nusages; i++)
		free(ctl->usages[i]);
	free(ctl->usages);
	for (size_t i = 0; i < ctl->nentries; i++)
		free(ctl->entries[i].eku_prop);
	free(ctl->entries);
	free(ctl->content);
	free(ctl->signer_issuer);
	free(ctl->signer_serial);
	PKCS7_free(ctl->p7);
	cs_pair_memo_destroy(&ctl->link_memo);
	free(ctl);
}

static cs_status bad(char *why, size_t len, const char *msg)
{
	unsigned long e = ERR_peek_last_error();
	char ossl[160] = "";
	if (e)
		ERR_error_string_n(e, ossl, sizeof ossl);
	ERR_clear_error();
	snprintf(why, len, "%s%s%s", msg, e ? " (OpenSSL: " : "",
	         e ? ossl : "");
	if (e && strlen(why) + 1 < len)
		strcat(why, ")");
	return CS_ERR_FORMAT;
}

static void oid_text(const ASN1_OBJECT *o, char *buf, size_t len)
{
	if (OBJ_obj2txt(buf, (int)len, o, 1) <= 0)
		snprintf(buf, len, "?");
}

/* The property id of an attribute 1.3.6.1.4.1.311.10.11.<id>, or -1. */
static long prop_id(const ASN1_OBJECT *o)
{
	static const char prefix[] = CS_OID_PROP_PREFIX;
	char buf[80];
	oid_text(o, buf, sizeof buf);
	if (strncmp(buf, prefix, sizeof prefix - 1) != 0)
		return -1;
	char *end;
	long id = strtol(buf + sizeof prefix - 1, &end, 10);
	return *end == '\0' ? id : -1;
}

static cs_status read_attributes(cs_ctl_entry *e,
                                 const STACK_OF(X509_ATTRIBUTE) * attrs)
{
	int n = sk_X509_ATTRIBUTE_num(attrs);
	e->nattrs = n > 0 ? (unsigned)n : 0;
	for (int i = 0; i < n; i++) {
		X509_ATTRIBUTE *a = sk_X509_ATTRIBUTE_value(attrs, i);
		long id = prop_id(X509_ATTRIBUTE_get0_object(a));
		ASN1_TYPE *v = X509_ATTRIBUTE_get0_type(a, 0);
		if (!v || v->type != V_ASN1_OCTET_STRING)
			continue;
		const ASN1_OCTET_STRING *os = v->value.octet_string;
		size_t len = (size_t)ASN1_STRING_length(os);
		const unsigned char *p = ASN1_STRING_get0_data(os);
		/* The first of a repeated property counts, as
		 * CertFindAttribute finds it. */
		if (id == CS_PROP_KEY_IDENTIFIER && len <= CS_CTL_ID_MAX &&
		    !e->key_id_len) {
			memcpy(e->key_id, p, len);
			e->key_id_len = len;
		} else if (id == CS_PROP_SUBJECT_NAME_MD5 && len == 16 &&
		           !e->has_name_md5) {
			memcpy(e->name_md5, p, 16);
			e->has_name_md5 = true;
		} else if (id == CS_PROP_ENHKEY_USAGE && !e->eku_prop) {
			if (!(e->eku_prop = cs_malloc(len ? len : 1)))
				return cs_alloc_failed();
			memcpy(e->eku_prop, p, len);
			e->eku_prop_len = len;
		}
	}
	return CS_OK;
}

static cs_status read_info(cs_ctl *ctl, const CS_CTL_INFO *info, char *why,
                           size_t why_len)
{
	int nu = sk_ASN1_OBJECT_num(info->subject_usage);
	if (nu > 0) {
		ctl->usages = cs_calloc((size_t)nu, sizeof *ctl->usages);
		if (!ctl->usages)
			return cs_alloc_failed();
	}
	for (int i = 0; i < nu; i++) {
		char buf[128];
		oid_text(sk_ASN1_OBJECT_value(info->subject_usage, i), buf,
		         sizeof buf);
		if (!(ctl->usages[i] = cs_strdup(buf)))
			return cs_alloc_failed();
		ctl->nusages++;
	}
	if (info->list_identifier) {
		int len = ASN1_STRING_length(info->list_identifier);
		if (len > CS_CTL_ID_MAX)
			return bad(why, why_len,
			           "CTL listIdentifier longer than 64 bytes");
		memcpy(ctl->list_id,
		       ASN1_STRING_get0_data(info->list_identifier),
		       (size_t)len);
		ctl->list_id_len = (size_t)len;
		ctl->has_list_id = true;
	}
	if (info->sequence_number) {
		const ASN1_INTEGER *s = info->sequence_number;
		int len = ASN1_STRING_length(s);
		if (len > CS_CTL_ID_MAX)
			return bad(why, why_len,
			           "CTL sequenceNumber longer than 64 bytes");
		const unsigned char *p = ASN1_STRING_get0_data(s);
		for (int i = 0; i < len; i++)
			snprintf(ctl->sequence_hex + 2 * i, 3, "%02x", p[i]);
	}
	if (cs_time_from_asn1(info->this_update, &ctl->this_update) != CS_OK)
		return bad(why, why_len, "CTL thisUpdate is not a valid time");
	if (info->next_update) {
		if (cs_time_from_asn1(info->next_update, &ctl->next_update) !=
		    CS_OK)
			return bad(why, why_len,
			           "CTL nextUpdate is not a valid time");
		ctl->has_next_update = true;
	}
	if (info->subject_algorithm) /* NULL: an OID OpenSSL cannot read */
		oid_text(info->subject_algorithm->algorithm, ctl->subject_alg,
		         sizeof ctl->subject_alg);
	int ns = sk_CS_CTL_SUBJECT_num(info->subjects);
	if (ns > 0) {
		ctl->entries = cs_calloc((size_t)ns, sizeof *ctl->entries);
		if (!ctl->entries)
			return cs_alloc_failed();
	}
	for (int i = 0; i < ns; i++) {
		const CS_CTL_SUBJECT *s =
		    sk_CS_CTL_SUBJECT_value(info->subjects, i);
		cs_ctl_entry *e = &ctl->entries[ctl->nentries];
		int len = ASN1_STRING_length(s->identifier);
		if (len <= 0 || len > CS_CTL_ID_MAX) {
			char msg[96];
			snprintf(msg, sizeof msg,
			         "CTL entry %d: subjectIdentifier of %d bytes "
			         "(expected 1..64)",
			         i, len);
			return bad(why, why_len, msg);
		}
		memcpy(e->id, ASN1_STRING_get0_data(s->identifier),
		       (size_t)len);
		e->idlen = (size_t)len;
		ctl->nentries++; /* counted first: cs_ctl_free frees its copy */
		CS_GUARD(read_attributes(e, s->attributes));
	}
	return CS_OK;
}

static cs_status copy_bytes(uint8_t **dst, size_t *len, const void *src,
                            size_t n)
{
	*dst = cs_malloc(n ? n : 1);
	CS_GUARD_ALLOC(*dst);
	if (n)
		memcpy(*dst, src, n);
	*len = n;
	return CS_OK;
}

/* The first SignerInfo's issuer and serial, as a store compares CTLs. */
static cs_status read_signer(cs_ctl *ctl)
{
	STACK_OF(PKCS7_SIGNER_INFO) *sis = PKCS7_get_signer_info(ctl->p7);
	if (sk_PKCS7_SIGNER_INFO_num(sis) < 1)
		return CS_OK;
	const PKCS7_ISSUER_AND_SERIAL *is =
	    sk_PKCS7_SIGNER_INFO_value(sis, 0)->issuer_and_serial;
	const unsigned char *name;
	size_t name_len;
	if (!is || !X509_NAME_get0_der(is->issuer, &name, &name_len))
		return CS_OK;
	CS_GUARD(copy_bytes(&ctl->signer_issuer, &ctl->signer_issuer_len, name,
	                    name_len));
	return copy_bytes(&ctl->signer_serial, &ctl->signer_serial_len,
	                  ASN1_STRING_get0_data(is->serial),
	                  (size_t)ASN1_STRING_length(is->serial));
}

/* The SignedData by OpenSSL's PKCS7 reader: its content SEQUENCE copied
 * into ctl->content. */
static cs_status strict_content(cs_ctl *ctl, char *why, size_t why_len)
{
	if (!PKCS7_type_is_signed(ctl->p7) || !ctl->p7->d.sign ||
	    !ctl->p7->d.sign->contents)
		return bad(why, why_len, "PKCS#7 message is not SignedData");
	PKCS7 *inner = ctl->p7->d.sign->contents;
	char oid[80];
	oid_text(inner->type, oid, sizeof oid);
	if (strcmp(oid, CS_OID_CTL) != 0) {
		char msg[160];
		snprintf(msg, sizeof msg,
		         "SignedData content type is %s, expected szOID_CTL "
		         "1.3.6.1.4.1.311.10.1",
		         oid);
		return bad(why, why_len, msg);
	}
	/* An unknown content type keeps its [0] EXPLICIT value as an
	 * ASN1_TYPE: the CTL SEQUENCE, whole. */
	const ASN1_TYPE *any = inner->d.other;
	if (!any || any->type != V_ASN1_SEQUENCE)
		return bad(
		    why, why_len,
		    "CTL content is not a SEQUENCE inside [0] EXPLICIT "
		    "(an OCTET STRING wrapper is the CMS form, not a CTL)");
	const ASN1_STRING *seq = any->value.sequence;
	CS_GUARD(copy_bytes(&ctl->content, &ctl->content_len,
	                    ASN1_STRING_get0_data(seq),
	                    (size_t)ASN1_STRING_length(seq)));
	return read_signer(ctl);
}

/* The SignedData by pki/lenient.h, when OpenSSL's reader refused it. */
static cs_status lenient_content(cs_ctl *ctl, cs_bytes der)
{
	cs_lenient_signed ls;
	cs_status st = cs_lenient_signed_data(der, &ls);
	if (st != CS_OK)
		return st;
	if (strcmp(ls.content_oid, CS_OID_CTL) != 0) {
		cs_lenient_signed_free(&ls);
		return CS_ERR_FORMAT;
	}
	ctl->content = ls.content;
	ctl->content_len = ls.content_len;
	ctl->signer_issuer = ls.signer_issuer;
	ctl->signer_issuer_len = ls.signer_issuer_len;
	ctl->signer_serial = ls.signer_serial;
	ctl->signer_serial_len = ls.signer_serial_len;
	return CS_OK;
}

cs_status cs_ctl_parse(cs_bytes der, cs_ctl **out, char *why, size_t why_len)
{
	*out = NULL;
	ERR_clear_error();
	cs_ctl *ctl = cs_calloc(1, sizeof *ctl);
	if (!ctl)
		return cs_alloc_failed();
	cs_pair_memo_init(&ctl->link_memo);
	cs_status st = CS_OK;
	CS_CTL_INFO *info = NULL;
	CS_CTL_INFO_ANYALG *any_alg = NULL;
	const unsigned char *p = der.data;
	ctl->p7 = d2i_PKCS7(NULL, &p, (long)der.len);
	if (!ctl->p7) {
		st = lenient_content(ctl, der);
		if (st == CS_ERR_FORMAT)
			st = bad(why, why_len,
			         "not a PKCS#7 message (expected ContentInfo "
			         "SEQUENCE at byte 0)");
		if (st != CS_OK)
			goto done;
	} else if ((size_t)(p - der.data) != der.len) {
		char msg[96];
		snprintf(msg, sizeof msg,
		         "trailing data after the PKCS#7 message at byte %zu",
		         (size_t)(p - der.data));
		st = bad(why, why_len, msg);
		goto done;
	} else if ((st = strict_content(ctl, why, why_len)) != CS_OK) {
		goto done;
	}
	/* RFC 2315 9.3: the digest covers the contents octets, without the
	 * SEQUENCE's tag and length. */
	const unsigned char *q = ctl->content;
	long body_len = 0;
	int tag = 0, cls = 0;
	int r =
	    ASN1_get_object(&q, &body_len, &tag, &cls, (long)ctl->content_len);
	if ((r & 0x80) || tag != V_ASN1_SEQUENCE) {
		st = bad(why, why_len, "CTL is not a DER SEQUENCE");
		goto done;
	}
	ctl->content_hdr_len = (size_t)(q - ctl->content);
	p = ctl->content;
	info = d2i_CS_CTL_INFO(NULL, &p, (long)ctl->content_len);
	if (!info) {
		/* subjectAlgorithm with an empty OID (pki/lenient.h): the same
		 * fields, the algorithm left unread. */
		p = ctl->content;
		any_alg =
		    d2i_CS_CTL_INFO_ANYALG(NULL, &p, (long)ctl->content_len);
	}
	if (!info && !any_alg) {
		st = bad(why, why_len,
		         "CTL SEQUENCE does not match CertificateTrustList "
		         "(version, subjectUsage, ..., thisUpdate, ...)");
		goto done;
	}
	if (info) {
		st = read_info(ctl, info, why, why_len);
	} else {
		CS_CTL_INFO view = {.version = any_alg->version,
		                    .subject_usage = any_alg->subject_usage,
		                    .list_identifier = any_alg->list_identifier,
		                    .sequence_number = any_alg->sequence_number,
		                    .this_update = any_alg->this_update,
		                    .next_update = any_alg->next_update,
		                    .subject_algorithm = NULL,
		                    .subjects = any_alg->subjects,
		                    .extensions = any_alg->extensions};
		st = read_info(ctl, &view, why, why_len);
	}
done:
	CS_CTL_INFO_free(info);
	CS_CTL_INFO_ANYALG_free(any_alg);
	if (st != CS_OK)
		cs_ctl_free(ctl);
	else
		*out = ctl;
	ERR_clear_error();
	return st;
}

const cs_ctl_entry *cs_ctl_find_id(const cs_ctl *ctl, const uint8_t *id,
                                   size_t idlen)
{
	for (size_t i = 0; i < ctl->nentries; i++)
		if (ctl->entries[i].idlen == idlen &&
		    memcmp(ctl->entries[i].id, id, idlen) == 0)
			return &ctl->entries[i];
	return NULL;
}

const cs_ctl_entry *cs_ctl_find_key_id(const cs_ctl *ctl, const uint8_t *key_id,
                                       size_t len)
{
	for (size_t i = 0; len && i < ctl->nentries; i++)
		if (ctl->entries[i].key_id_len == len &&
		    memcmp(ctl->entries[i].key_id, key_id, len) == 0)
			return &ctl->entries[i];
	return NULL;
}

const cs_ctl_entry *cs_ctl_find_name_md5(const cs_ctl *ctl,
                                         const uint8_t md5[16])
{
	for (size_t i = 0; i < ctl->nentries; i++)
		if (ctl->entries[i].has_name_md5 &&
		    memcmp(ctl->entries[i].name_md5, md5, 16) == 0)
			return &ctl->entries[i];
	return NULL;
}

bool cs_ctl_has_usage(const cs_ctl *ctl, const char *oid)
{
	for (size_t i = 0; i < ctl->nusages; i++)
		if (strcmp(ctl->usages[i], oid) == 0)
			return true;
	return false;
}

static void ctl_free_any(void *p)
{
	cs_ctl_free(p);
}

cs_status cs_ctl_get(cs_pool *pool, cs_bytes der, const cs_ctl **out, char *why,
                     size_t why_len)
{
	unsigned char key[32];
	if (!EVP_Digest(der.data, der.len, key, NULL, EVP_sha256(), NULL))
		return CS_ERR_INTERNAL;
	const cs_ctl *hit = cs_pool_lookup(pool, "ctl", key, sizeof key);
	if (hit) {
		*out = hit;
		return CS_OK;
	}
	cs_ctl *ctl;
	cs_status st = cs_ctl_parse(der, &ctl, why, why_len);
	if (st != CS_OK)
		return st;
	void *kept;
	if ((st = cs_pool_intern(pool, "ctl", key, sizeof key, ctl,
	                         ctl_free_any, &kept)) != CS_OK)
		return st;
	*out = kept;
	return CS_OK;
}
