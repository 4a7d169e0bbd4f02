/* Digests of bytes (OpenSSL's EVP): the hashes the engine areas key
 * things by - cache keys, thumbprints, the MD5 of a name that authroot.stl
 * lists roots by. False only when OpenSSL fails. */
#ifndef CAPISIM_PKI_DIGEST_H
#define CAPISIM_PKI_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool cs_sha256(const void *data, size_t len, uint8_t out[32]);
bool cs_sha1(const void *data, size_t len, uint8_t out[20]);
bool cs_md5(const void *data, size_t len, uint8_t out[16]);

#endif
