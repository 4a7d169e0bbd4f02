/* The outer object of a DER file, checked before (or after) a typed parse
 * fails, so that the error says where the bytes go wrong: a wrong first
 * byte, a BER indefinite or malformed length, a file cut short of the
 * length its header declares, or bytes after the object's end. The header
 * is read with OpenSSL's ASN1_get_object (X.690 8.1.2-8.1.3); nothing
 * inside the object is walked. */
#ifndef CAPISIM_PKI_DER_OUTER_H
#define CAPISIM_PKI_DER_OUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/diag.h"

/* True when data holds exactly one SEQUENCE (0x30) with a definite length
 * that ends at the last byte. Otherwise false, and d (binary form: file
 * and byte offset) says what is wrong; expected names what byte 0 should
 * start, e.g. "0x30 (a DER SEQUENCE: an X.509 certificate)". */
bool cs_der_outer_check(const uint8_t *data, size_t len, const char *file,
                        const char *expected, cs_diag *d);

#endif
