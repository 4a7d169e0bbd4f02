/* The words of the chain engine's inputs, one parser per kind, shared by
 * `capisim verify`, `capisim compare wine --verify` and the scenario
 * language's verify step (docs/verify.md, docs/scenario-language.md).
 *
 * Every parser takes the short word (allow-unknown-ca), the wincrypt.h /
 * wininet.h name (CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG) or a number
 * (16, 0x10); flag lists join words with ',' or '|'. On failure it returns
 * false with what it expected in err (one sentence, no trailing period),
 * and *out is unchanged. */
#ifndef CAPISIM_ENGINE_CHAIN_WORDS_H
#define CAPISIM_ENGINE_CHAIN_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/chain/chain.h"

#define CS_WORDS_ERR 256

/* pszPolicyOID: base, ssl, ..., CERT_CHAIN_POLICY_BASE, or 1..12. */
bool cs_words_policy(const char *s, cs_policy_id *out, char err[CS_WORDS_ERR]);
/* CERT_CHAIN_POLICY_PARA.dwFlags: the IGNORE_* family, ALLOW_UNKNOWN_CA,
 * the test-root flags, MICROSOFT_ROOT's and BASIC_CONSTRAINTS' flags. */
bool cs_words_policy_flags(const char *s, uint32_t *out,
                           char err[CS_WORDS_ERR]);
/* SSL_EXTRA_CERT_CHAIN_POLICY_PARA.fdwChecks: SECURITY_FLAG_IGNORE_*. */
bool cs_words_ssl_checks(const char *s, uint32_t *out, char err[CS_WORDS_ERR]);
/* SSL_EXTRA_CERT_CHAIN_POLICY_PARA.dwAuthType: client, server or a
 * number (0: neither). */
bool cs_words_auth_type(const char *s, int *out, char err[CS_WORDS_ERR]);
/* CERT_USAGE_MATCH.dwType: and, or, USAGE_MATCH_TYPE_AND/_OR, 0, 1. */
bool cs_words_usage_match(const char *s, cs_usage_match *out,
                          char err[CS_WORDS_ERR]);
/* CertGetCertificateChain's revocation dwFlags: none, end, chain,
 * chain-exclude-root, with the modifiers cache-only, accumulative, no-aia,
 * no-auto-update, cache-only-urls; CERT_CHAIN_* names or numbers. */
bool cs_words_chain_flags(const char *s, uint32_t *out, char err[CS_WORDS_ERR]);
/* A requested usage: serverAuth, clientAuth, codeSigning, any, or a dotted
 * OID; the OID (static or s itself), NULL when neither. */
const char *cs_words_usage_oid(const char *s);

/* The words of one kind ("policy", "policy-flags", "ssl-checks", "auth",
 * "usage-match", "revocation") joined by ", " into buf, for messages. */
void cs_words_list(const char *kind, char *buf, size_t cap);

#endif
