/* certutil's words, in the languages a real sample shows them in: the one
 * table both the certutil-like renderer (render/certutil_verify.h) and the
 * importer of real pastes (compare/import/certutil.c) read.
 *
 * Every text has the sample it was read from beside it (certutil_lang.c).
 * A language column is NULL where no sample of that language shows the text:
 * the renderer then refuses to print that language (it never guesses a
 * translation) and the importer reads only the languages it has.
 *
 * Localised certutil translates headings, status words and messages but not
 * the CERT_TRUST_* / CA_VERIFY_* names, "CertContext[i][j]:", the element
 * keys (Issuer:, NotBefore:, Cert: ...) or "Exclude leaf cert:" / "Full
 * chain:" (samples/certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt,
 * its localisation notes); those are written in the renderer, not here. */
#ifndef CAPISIM_RENDER_CERTUTIL_LANG_H
#define CAPISIM_RENDER_CERTUTIL_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"

typedef enum { CU_LANG_EN_US, CU_LANG_ZH_CN, CU_LANG_COUNT } cu_lang;

typedef enum {
	/* the certificate header */
	CU_T_ISSUER,      /* "Issuer:" */
	CU_T_SUBJECT,     /* "Subject:" */
	CU_T_NAME_HASH,   /* "Name Hash" (then "(sha1): ..") */
	CU_T_CERT_SERIAL, /* "Cert Serial Number:" */
	/* -urlfetch sections, the words of a URL line */
	CU_T_SEC_AIA,          /* "Certificate AIA" */
	CU_T_SEC_CDP,          /* "Certificate CDP" */
	CU_T_SEC_BASE_CRL_CDP, /* "Base CRL CDP" */
	CU_T_SEC_OCSP,         /* "Certificate OCSP" */
	CU_T_VERIFIED,         /* "Verified" */
	CU_T_FAILED,           /* "Failed" */
	CU_T_EXPIRED,          /* "Expired" */
	CU_T_OK,               /* "OK" */
	CU_T_NO_URLS,          /* "No URLs" */
	CU_T_NO_IDP,           /* "No IDP Intersection" */
	CU_T_OBJ_CERTIFICATE,  /* "Certificate" in "Certificate (0)" */
	CU_T_OBJ_BASE_CRL,     /* "Base CRL" */
	CU_T_OBJ_DELTA_CRL,    /* "Delta CRL" */
	CU_T_OBJ_NONE,         /* "None" in No URLs "None" */
	CU_T_TIME,             /* "Time:" */
	CU_T_ERROR_RETRIEVING, /* "Error retrieving URL:" */
	/* after the dump */
	CU_T_ISSUANCE_POLICIES,    /* "Verified Issuance Policies:" */
	CU_T_APPLICATION_POLICIES, /* "Verified Application Policies:" */
	CU_T_POLICIES_NONE,        /* "None" after the issuance heading */
	CU_T_POLICIES_ALL,         /* "All" after the application heading */
	CU_T_CERT_IS_CA,           /* "Cert is a CA certificate" */
	CU_T_CERT_IS_END_ENTITY,   /* "Cert is an End Entity certificate" */
	CU_T_SKIPPED_OFFLINE, /* "Revocation check skipped -- server offline" */
	CU_T_INCOMPLETE_CHAIN, /* "Incomplete certificate chain" */
	CU_T_CANNOT_FIND_CERT, /* "Cannot find certificate:" */
	CU_T_MISSING_ISSUER,   /* "Missing Issuer:" */
	CU_T_LEAF_REV_PASSED,  /* "Leaf certificate revocation check passed" */
	CU_T_LEAF_REV_ERROR,   /* "ERROR: Verifying leaf certificate
	                          revocation status returned" */
	CU_T_CERT_REVOKED,     /* "Certificate is REVOKED" */
	CU_T_LEAF_REVOKED,     /* "Leaf certificate is REVOKED" */
	CU_T_VERIFY_OK,        /* "CertUtil: -verify command completed
	                          successfully." */
	CU_T_COMMAND_OK,       /* "command completed successfully" in
	                          "CertUtil: -X command ..." */
	CU_T_COMMAND_FAILED,   /* "command FAILED:" */
	CU_T_URLCACHE_ENTRIES, /* "WinHttp Cache entries:" */
	CU_T_URLCACHE_DELETED, /* "WinHttp Cache entries deleted:" */
	/* EKU display names (Application[i] = OID NAME) */
	CU_T_EKU_SERVER_AUTH,
	CU_T_EKU_CLIENT_AUTH,
	CU_T_EKU_CODE_SIGNING,
	CU_T_COUNT
} cu_text;

/* "en-US" / "zh-CN" -> the language; false for anything else. */
bool cu_lang_from_name(const char *name, cu_lang *out);
const char *cu_lang_name(cu_lang l);

/* The text in language l; NULL when no sample of l shows it. */
const char *cu_text_get(cu_lang l, cu_text t);
/* The English text (never NULL), for messages naming a missing text. */
const char *cu_text_en(cu_text t);

/* The localised system message of an HRESULT as certutil prints it before
 * "0x.. (-.. SYMBOL)": English from model/hresult_text.h, the others from
 * their samples. NULL when unknown in that language. */
const char *cu_hresult_text(cu_lang l, uint32_t hr);

/* s starts with text t in some language: true, *len the length matched
 * (lang_out, optional, which language). */
bool cu_text_starts(const char *s, cu_text t, size_t *len, cu_lang *lang_out);
/* s (n bytes) is exactly text t in some language. */
bool cu_text_is(const char *s, size_t n, cu_text t);

/* A time as certutil prints it in language l (UTC: the model has no time
 * zone): en-US "9/9/2022 10:34 AM", zh-CN "2025-05-26 02:32". */
void cu_time_format(cu_lang l, cs_filetime t, char *buf, size_t n);

#endif
