/* Text views of PKI objects for people: what `capisim fixtures show` prints
 * for a certificate, CRL, OCSP response, signed CTL (STL) or CAB, in the
 * spirit of `certutil -dump`. Times are printed in UTC ISO 8601. */
#ifndef CAPISIM_RENDER_PKI_DUMP_H
#define CAPISIM_RENDER_PKI_DUMP_H

#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"

/* Detect the kind of the DER (or CAB) object in the file and print it to
 * out. Returns 0, or -1 with d describing the problem (file and byte offset,
 * what was expected); nothing is printed then. */
int cs_render_file(FILE *out, const char *path, cs_diag *d);

#endif
