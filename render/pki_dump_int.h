/* Shared helpers of the pki_dump*.c files (not a public interface). */
#ifndef CAPISIM_RENDER_PKI_DUMP_INT_H
#define CAPISIM_RENDER_PKI_DUMP_INT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include <openssl/bio.h>
#include <openssl/x509.h>

#include "capisim/diag.h"

void dump_time(BIO *b, const char *label, const ASN1_TIME *t);
void dump_name(BIO *b, const char *label, const X509_NAME *n);
void dump_hex(BIO *b, const unsigned char *p, size_t n);
void dump_serial(BIO *b, const char *label, const ASN1_INTEGER *s);
void dump_exts(BIO *b, const STACK_OF(X509_EXTENSION) * exts);

/* Each returns false, printing nothing, when data is not of its kind. */
bool dump_ocsp(BIO *b, const unsigned char *data, size_t len);
bool dump_stl(BIO *b, const unsigned char *data, size_t len);
/* A CAB is recognised by its signature; errors go to d. */
bool dump_cab(BIO *b, const char *path, const unsigned char *data, size_t len,
              cs_diag *d);

#endif
