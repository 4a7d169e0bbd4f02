/* The simulated registry: keys, typed values and deny ACLs.
 *
 * Key paths are stored canonical: root abbreviated (HKLM, HKU\<account>),
 * backslash separated, no trailing backslash, compared case-insensitively (as
 * Windows does). HKCU is not a root here: callers resolve it to
 * HKU\<account name> for the account that acts. A deny entry (account, key)
 * makes writes by that account to the key and its subkeys fail with
 * CS_ERR_ACCESS_DENIED - the state seed 004 found after inheritance was
 * disabled on AuthRoot\AutoUpdate. Reads are never denied (no seed needs it).
 * As on Windows (DOC "Registry Key Security and Access Rights": a key's
 * security descriptor is the key's; a new key gets the inheritable entries
 * of its parent), the entry belongs to the key object: deleting the key
 * deletes it, and a key created again under the same name inherits only
 * what its ancestors deny - seed 004's "or delete the AutoUpdate key".
 */
#ifndef CAPISIM_MODEL_REGISTRY_H
#define CAPISIM_MODEL_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "model/account.h"

typedef enum {
	CS_REG_SZ = 1,
	CS_REG_BINARY = 3,
	CS_REG_DWORD = 4,
	CS_REG_MULTI_SZ = 7,
	CS_REG_QWORD = 11,
} cs_reg_type; /* values as in winnt.h */

#define CS_REG_PATH_MAX 512
#define CS_REG_NAME_MAX 128
#define CS_REG_DATA_MAX 4096

typedef struct {
	char key[CS_REG_PATH_MAX];
	char name[CS_REG_NAME_MAX]; /* "" is the key's default value */
	cs_reg_type type;
	size_t len;
	uint8_t *data;
} cs_reg_value;

typedef struct {
	char key[CS_REG_PATH_MAX];
	cs_account account;
} cs_reg_deny;

typedef struct {
	char **keys; /* explicitly created keys, canonical */
	size_t nkeys, capkeys;
	cs_reg_value *values;
	size_t nvalues, capvalues;
	cs_reg_deny *denies;
	size_t ndenies, capdenies;
	/* Writes so far: a reader that derives something from the registry
	 * may keep it until this changes (the chain engine asks whether
	 * the CAPI2 channel is enabled at every build). */
	uint64_t changes;
} cs_registry;

void cs_reg_init(cs_registry *r);
void cs_reg_free(cs_registry *r);
CS_MUST_USE cs_status cs_reg_clone(cs_registry *dst, const cs_registry *src);

/* Canonicalise "HKEY_LOCAL_MACHINE\\Software\\..." / "HKLM\\..." /
 * "HKU\\..." into out; HKCU and HKEY_CURRENT_USER become HKU\<user>.
 * CS_ERR_SYNTAX for an unknown root or an empty path. */
CS_MUST_USE cs_status cs_reg_canon(const char *path, const char *user,
                                   char out[CS_REG_PATH_MAX]);

/* True when account may write key (no deny entry on it or an ancestor). */
bool cs_reg_can_write(const cs_registry *r, cs_account account,
                      const char *key);

/* Writes as account: CS_ERR_ACCESS_DENIED when denied. Creating a value
 * creates its key. key must be canonical. */
CS_MUST_USE cs_status cs_reg_set(cs_registry *r, cs_account account,
                                 const char *key, const char *name,
                                 cs_reg_type type, const void *data,
                                 size_t len);
CS_MUST_USE cs_status cs_reg_create_key(cs_registry *r, cs_account account,
                                        const char *key);
/* Deletes the key, its subkeys and their values (reg delete KEY /f). */
CS_MUST_USE cs_status cs_reg_delete_key(cs_registry *r, cs_account account,
                                        const char *key);
CS_MUST_USE cs_status cs_reg_delete_value(cs_registry *r, cs_account account,
                                          const char *key, const char *name);

/* NULL when absent. The pointer is valid until the next write. */
const cs_reg_value *cs_reg_get(const cs_registry *r, const char *key,
                               const char *name);
bool cs_reg_key_exists(const cs_registry *r, const char *key);
/* REG_BINARY of 8 bytes, little endian: the FILETIME form the chain engine's
 * sync times and ChainCacheResyncFiletime use. False when absent/other. */
bool cs_reg_get_filetime(const cs_registry *r, const char *key,
                         const char *name, cs_filetime *out);
bool cs_reg_get_dword(const cs_registry *r, const char *key, const char *name,
                      uint32_t *out);

/* ACL edits are administrative (regedit as an administrator): never denied.
 * Denying creates the key when it is not there (an ACL needs a key). */
CS_MUST_USE cs_status cs_reg_deny_write(cs_registry *r, cs_account account,
                                        const char *key);
void cs_reg_allow_write(cs_registry *r, cs_account account, const char *key);

#endif
