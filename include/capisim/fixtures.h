/* The fixture catalogue and object dumps (fixtures/README.md): every
 * certificate, CRL, OCSP response, STL and CAB the tests and incidents use
 * is made, reproducibly, from the committed keys; any such object can be
 * shown in a certutil-like view. */
#ifndef CAPISIM_FIXTURES_H
#define CAPISIM_FIXTURES_H

#include <stdbool.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Make the catalogue from the keys in keys_dir and write it under dir, all
 * or nothing, with its SHA-256 manifest: at the path manifest (written
 * beside it first, renamed in once the fixtures are in place), to
 * manifest_out when manifest is "-", nowhere when it is NULL. On failure d's
 * message says why (a missing key, a folder that cannot be written). */
CAPISIM_API CS_MUST_USE cs_status
capisim_fixtures_generate(const char *keys_dir, const char *dir,
                          const char *manifest, FILE *manifest_out, cs_diag *d);

/* Every file of the catalogue with its purpose and the time to verify it
 * at; as a Markdown table (runs of files with one purpose in one row) when
 * markdown. */
CAPISIM_API CS_MUST_USE cs_status capisim_fixtures_list(const char *keys_dir,
                                                        FILE *out,
                                                        bool markdown,
                                                        cs_diag *d);

/* The DER (or PEM, or CAB) object in the file at path, whatever its kind,
 * in a certutil-like view (`capisim fixtures show`). Bad input: d at the
 * byte offset with what was expected, and nothing written. */
CAPISIM_API CS_MUST_USE cs_status capisim_object_dump(FILE *out,
                                                      const char *path,
                                                      cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
