/* Digests of bytes (see digest.h). */
#include "pki/digest.h"

#include <openssl/evp.h>

static bool digest(const EVP_MD *md, const void *data, size_t len, uint8_t *out)
{
	unsigned int n = 0;
	return EVP_Digest(data, len, out, &n, md, NULL) == 1;
}

bool cs_sha256(const void *data, size_t len, uint8_t out[32])
{
	return digest(EVP_sha256(), data, len, out);
}

bool cs_sha1(const void *data, size_t len, uint8_t out[20])
{
	return digest(EVP_sha1(), data, len, out);
}

bool cs_md5(const void *data, size_t len, uint8_t out[16])
{
	return digest(EVP_md5(), data, len, out);
}
