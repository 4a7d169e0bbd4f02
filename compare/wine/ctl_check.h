/* Signed CTLs (.stl) in Wine and in the model: the model's side of the
 * probe's ctl-check record (compare/probe/probe_ctl.c), read through the
 * engine's own CTL parser and verifier (pki/ctl.h), and the
 * field-by-field comparison of the two (docs/compare.md, "Checking STLs").
 *
 * Both sides are the same JSON object:
 *   {"file":..,"create":"ok"|WHY,"subject_usage":[..],"sequence_number":HEX,
 *    "this_update":..,"next_update":..,"subject_algorithm":..,"entries":[..],
 *    "entry_properties":[{"key_id":HEX,"name_md5":HEX,"eku":OIDS}..],
 *    "signer_sha1":..,"verify_signature":..,"get_and_verify_signer":..}
 * where entry_properties runs parallel to entries (a key absent when the
 * entry has no such property) and eku is the OIDs joined by ',', "none"
 * for an empty list, or why it could not be read (Wine: CryptDecodeObject's
 * error code; the model: "rejected: why", from cs_usage_from_der)
 * plus "message_digest" (the model only: Wine never compares it with the
 * content, RULES.md 6) and "signer_subject" (Wine only: each side formats
 * names its own way; signer_sha1 identifies the signer). */
#ifndef CAPISIM_COMPARE_WINE_CTL_CHECK_H
#define CAPISIM_COMPARE_WINE_CTL_CHECK_H

#include <stdio.h>

#include "capisim/capisim.h"

typedef struct json_t json_t;

/* The model's record for the file at path (name goes into "file"). NULL
 * with d set when the file cannot be read (bad input); a file the parser
 * rejects is a record whose "create" says why. */
json_t *ctl_model_record(const char *path, const char *name, cs_diag *d);

typedef struct {
	unsigned same, different, one_sided;
} ctl_compare_sum;

/* Print one line per field (each entry's identifier and its properties
 * as entries[i] and entries[i].key_id / .name_md5 / .eku), "LABEL: FIELD:
 * same: V", "...: different:
 * wine=A model=B" or "...: wine only: V (why)" / "model only", and add
 * them up in sum. Returns the number of differences. */
unsigned ctl_compare_records(const char *label, const json_t *wine,
                             const json_t *model, FILE *out,
                             ctl_compare_sum *sum);

#endif
