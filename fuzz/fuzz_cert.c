/* Fuzz target: the chain engine's certificate loader (cs_cert_from_der:
 * DER or PEM, every extension the chain rules read decoded at load time,
 * interned in the pool). Properties: success gives an object whose DER is
 * what was interned and loading the same bytes again gives the same pointer
 * (pool identity); failure gives a message. */
#include <stdint.h>
#include <string.h>

#include "pki/cert.h"
#include "fuzz/fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_pool *pool = NULL;
	if (cs_pool_new(&pool, ".") != CS_OK)
		abort();
	cs_bytes in = {data, size};
	const struct cs_cert *c = NULL, *again = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	if (cs_cert_from_der(pool, in, &c, &d) == CS_OK) {
		FUZZ_CHECK(c && cs_cert_der(c).len > 0);
		FUZZ_CHECK(cs_cert_subject(c) && cs_cert_issuer(c));
		FUZZ_CHECK(strlen(cs_cert_sha1_hex(c)) == 40);
		FUZZ_CHECK(cs_cert_from_der(pool, in, &again, &d) == CS_OK &&
		           again == c);
		(void)cs_cert_time_valid(c, cs_cert_not_before(c));
		(void)cs_cert_name_matches_issuer(c, c);
		(void)cs_cert_signature_ok(c, c);
	} else {
		FUZZ_CHECK(d.msg[0] != '\0');
	}
	cs_pool_free(pool);
	return 0;
}
