/* Fuzz target: the revocation provider's readers - the CRL parser
 * (cs_crl_get: times, cRLNumber, delta indicator, Freshest CRL, Microsoft's
 * next-publish extension) and the OCSP response evaluation
 * (cs_ocsp_evaluate) against the basic/ fixture leaf and its issuer. The
 * first byte picks the reader so one corpus serves both. */
#include <stdint.h>
#include <string.h>

#include "pki/crl.h"
#include "pki/ocsp.h"
#include "fuzz/fuzz_text.h"

#ifndef FUZZ_FIXTURES
#define FUZZ_FIXTURES "fixtures/data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cs_pool *certs_pool;
static const struct cs_cert *leaf, *issuer;

static void load_certs(void)
{
	cs_diag d;
	if (cs_pool_new(&certs_pool, FUZZ_FIXTURES) != CS_OK ||
	    cs_cert_load(certs_pool, "basic/leaf-revoked.crt", &leaf, &d) !=
	        CS_OK ||
	    cs_cert_load(certs_pool, "basic/intermediate.crt", &issuer, &d) !=
	        CS_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!certs_pool)
		load_certs();
	if (size < 1)
		return 0;
	cs_bytes body = {data + 1, size - 1};
	if (data[0] & 1) {
		cs_ocsp_verdict v;
		memset(&v, 0, sizeof v);
		/* 2025-01-01T00:00:00Z, the basic/ reference time */
		cs_ocsp_evaluate(body, leaf, issuer,
		                 INT64_C(133801632000000000), true, true, &v);
		FUZZ_CHECK(v.status != CS_OCSP_UNUSABLE || v.why);
		return 0;
	}
	cs_pool *pool = NULL;
	if (cs_pool_new(&pool, ".") != CS_OK)
		abort();
	const cs_crl *crl = NULL;
	if (cs_crl_get(pool, body, &crl) == CS_OK) {
		FUZZ_CHECK(crl && crl->nfreshest <= CS_CRL_MAX_FRESHEST);
		(void)cs_crl_check(crl, issuer, crl->this_update, true, true);
	}
	cs_pool_free(pool);
	return 0;
}
