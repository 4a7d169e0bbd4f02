/* The situation `capisim verify` builds from its options, shared with
 * `capisim reproduce`: the leaf and the store files loaded, the CRLs served
 * at the CDP URLs of the certificates given, --serve bodies at their URLs,
 * then CertGetCertificateChain and CertVerifyCertificateChainPolicy on the
 * machine (trace on, so the certutil-like text and the comparisons read
 * it). Behind capisim/verify.h; `reproduce` builds its verify_opts from a
 * paste. */
#ifndef CAPISIM_API_VERIFY_BUILD_H
#define CAPISIM_API_VERIFY_BUILD_H

#include <stdbool.h>

#include "engine/chain/chain.h"
#include "engine/machine.h"
#include "model/bytes.h"
#include "render/certutil_lang.h"

#define MAX_FILES 64

typedef struct {
	const char *files[MAX_FILES];
	int n;
} file_list;

typedef struct verify_opts {
	const cs_profile *profile;
	cs_filetime at;
	bool have_at;
	file_list roots, cas, disallowed, crls, crl_store, additional, ntauth;
	file_list serves; /* URL=FILE */
	const char *usages[MAX_FILES];
	int nusages;
	cs_usage_match usage_match;
	uint32_t rev_flags;
	cs_policy_id policy;
	bool policy_given;
	uint32_t policy_flags;
	/* SSL_EXTRA_CERT_CHAIN_POLICY_PARA: absent with --no-ssl-para */
	bool no_ssl_para, ssl_para_given;
	int auth_type;
	uint32_t ssl_checks;
	const char *server_name;
	bool json;
	bool urlfetch; /* certutil -urlfetch: its own process, URL sections */
	cu_lang lang;
	const char *leaf;
	/* Filled while running: the host bundle the roots came from (wine-8
	 * without --root), and how many certificates it gave. */
	const char *bundle_used;
	size_t bundle_roots;
} verify_opts;

/* Load and serve o's files on m, build the chain of o->leaf and evaluate
 * o->policy on it. CS_OK with *ctx (free it) and *ps filled, or
 * *call_failed when the profile has no provider for the policy (the call
 * fails). Otherwise d says why: an input file's status with its name, or
 * CS_ERR_RANGE without a file for a policy the model does not evaluate on
 * the profile. */
CS_MUST_USE cs_status api_verify_build(verify_opts *o, cs_machine *m,
                                       cs_chain_context *ctx,
                                       cs_policy_status *ps, bool *call_failed,
                                       cs_diag *d);

/* A CRL's bytes, DER or else PEM, as OpenSSL's X509_CRL (free it); NULL
 * when they are neither. */
struct X509_crl_st *api_read_crl(cs_bytes b);

#endif
