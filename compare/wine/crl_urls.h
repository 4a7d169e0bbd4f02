/* Where `capisim verify --crl FILE` serves a CRL, for the Wine side of a
 * comparison: the model serves it on its virtual network at the CDP URLs
 * (Freshest CRL URLs for a delta CRL) of every given certificate the CRL's
 * issuer issued, and a delta also at the Freshest CRL URLs of the base CRLs
 * given (api/verify_build.c). The Wine side must be served the same bytes at
 * the same URLs through the loopback proxy: putting the CRL in the
 * additional store instead would be a different input (cryptnet only reads
 * a store's CRL for a certificate without a CDP). */
#ifndef CAPISIM_COMPARE_WINE_CRL_URLS_H
#define CAPISIM_COMPARE_WINE_CRL_URLS_H

#include <stddef.h>
#include <stdio.h>

#include "capisim/capisim.h"

/* Write one plan line "serve URL CRL_PATH" per URL the model serves
 * crls[i] at. certs: the leaf, --ca and --root files (DER or PEM). */
CS_MUST_USE cs_status crl_serve_lines(FILE *plan, const char *const *crls,
                                      size_t ncrls, const char *const *certs,
                                      size_t ncerts, cs_diag *d);

#endif
