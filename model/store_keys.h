/* Store keys are views of the stores.
 *
 * On Windows a system store of the registry provider lives under a key
 * (DOC "System Store Locations"): HKLM\SOFTWARE\Microsoft\SystemCertificates
 * \<Store>\Certificates for the local machine, HKCU\Software\Microsoft\
 * SystemCertificates\<Store>\Certificates for a user, with one subkey per
 * certificate named by its SHA-1 thumbprint. The model keeps certificates in
 * cs_store lists (model/store.h), not as registry values, so the registry
 * keys of the stores are views of those lists: deleting a key at or above a
 * store's Certificates key empties the store (EVIDENCE.md B: deleting
 * HKLM\...\AuthRoot\Certificates removes all third-party roots), and
 * deleting Certificates\<SHA1> removes that one certificate.
 *
 * Locations (model store -> key below the hive):
 *   machine Root, AuthRoot, CA, Disallowed, My, ClientAuthIssuer, Trust:
 *     HKLM\SOFTWARE\Microsoft\SystemCertificates\<Store>\Certificates
 *   machine EnterpriseRoot (Group Policy and enterprise roots, one list in
 *   the model): HKLM\SOFTWARE\Policies\Microsoft\SystemCertificates\Root
 *     \Certificates and HKLM\SOFTWARE\Microsoft\EnterpriseCertificates\Root
 *     \Certificates - deleting either empties the whole list
 *   an account's stores: HKU\<account>\Software\Microsoft\SystemCertificates
 *     \<Store>\Certificates (EnterpriseRoot: ...\Policies\... as above) */
#ifndef CAPISIM_MODEL_STORE_KEYS_H
#define CAPISIM_MODEL_STORE_KEYS_H

#include <stddef.h>

#include "model/world.h"

typedef struct {
	char key[CS_REG_PATH_MAX]; /* the store's Certificates key */
	cs_store *store;
	const char *scope; /* "machine" or the account's name */
	cs_store_id id;
	/* "" = the whole store; else the thumbprint the key names (as
	 * written, hex; compare case-insensitively). */
	const char *thumbprint;
} cs_store_key_hit;

/* The stores whose keys lie at or below the canonical registry key (as
 * cs_reg_canon writes it). Returns how many were found (at most cap). */
size_t cs_store_keys_under(cs_world *w, const char *key, cs_store_key_hit *out,
                           size_t cap);

#endif
