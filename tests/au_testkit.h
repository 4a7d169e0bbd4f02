/* Helpers for the auto-update suites: fixture files, certificates as the
 * stores hold them (without the chain engine), cabinets built in memory. */
#ifndef CAPISIM_TESTS_AU_TESTKIT_H
#define CAPISIM_TESTS_AU_TESTKIT_H

#include <openssl/x509.h>

#include "pki/cert.h"
#include "pki/pool.h"
#include "model/bytes.h"

/* The pool over fixtures/data (CAPISIM_FIXTURES, set by tests/meson.build). */
cs_pool *kit_pool(void);
void kit_pool_free(void);
cs_bytes kit_file(const char *rel);
X509 *kit_x509(const char *rel); /* owned by the kit */
/* The chain engine's certificate object for rel (interned in the pool). */
const struct cs_cert *kit_cert(const char *rel);
/* A cabinet holding one member, bytes owned by the kit. */
cs_bytes kit_cab(const char *member, cs_bytes data);
/* A copy of b (owned by the kit) with byte i XOR 0x01. */
cs_bytes kit_flip(cs_bytes b, size_t i);
/* Offset of needle in hay, or (size_t)-1. */
size_t kit_find(cs_bytes hay, const void *needle, size_t len);
void kit_sha1(cs_bytes b, unsigned char out[20]);
cs_filetime kit_time(const char *iso);

#endif
