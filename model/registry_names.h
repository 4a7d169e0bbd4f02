/* The registry keys and values the model reads or writes: one table each,
 * so a path is spelled once (test 'tables-lint' rejects a registry path
 * written elsewhere). Use CS_REG_KEY(AU) / CS_REG_VALUE(LAST_SYNC); add a
 * row for a new one. Sources: RULES.md 6, 7; DOC pages named per row. */
#ifndef CAPISIM_MODEL_REGISTRY_NAMES_H
#define CAPISIM_MODEL_REGISTRY_NAMES_H

/* X(ID, path) */
#define CS_REG_KEY_TABLE(X)                                                    \
	/* DOC Certificate Trust List auto-update: the machine's sync state */ \
	X(AU, "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\"      \
	      "AutoUpdate")                                                    \
	/* the same per user (RULES.md 7: the newer of HKLM and HKCU) */       \
	X(AU_USER, "HKCU\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\" \
	           "AutoUpdate")                                               \
	/* DOC Configure Trusted Roots and Disallowed Certificates (policy) */ \
	X(AU_POLICY,                                                           \
	  "HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot") \
	/* wincrypt.h CERT_PROT_ROOT_*: Flags (NT_AUTH policy) */              \
	X(PROTECTED_ROOTS, "HKLM\\SOFTWARE\\Policies\\Microsoft\\"             \
	                   "SystemCertificates\\Root\\ProtectedRoots")         \
	/* DOC certutil -setreg chain\NAME; ChainCacheResyncFiletime */        \
	X(CHAIN_CONFIG, "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\OID\\"       \
	                "EncodingType 0\\"                                     \
	                "CertDllCreateCertificateChainEngine\\Config")         \
	/* a channel's "Enabled" (wevtutil sl CHANNEL /e:true) */              \
	X(EVENT_CHANNELS, "HKLM\\SOFTWARE\\Microsoft\\Windows\\"               \
	                  "CurrentVersion\\WINEVT\\Channels")                  \
	/* DOC Schannel: SendTrustedIssuerList, ClientAuthTrustMode */         \
	X(SCHANNEL, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"               \
	            "SecurityProviders\\SCHANNEL")

/* X(ID, name) */
#define CS_REG_VALUE_TABLE(X)                                \
	X(ENCODED_CTL, "DisallowedCertEncodedCtl")           \
	X(LAST_SYNC, "DisallowedCertLastSyncTime")           \
	X(SYNC_DELTA, "DisallowedCertSyncDeltaTime")         \
	X(DISABLE_ROOT_AUTO_UPDATE, "DisableRootAutoUpdate") \
	X(ROOT_DIR_URL, "RootDirUrl")                        \
	X(CHAIN_CACHE_RESYNC, "ChainCacheResyncFiletime")    \
	X(CHANNEL_ENABLED, "Enabled")                        \
	X(SEND_TRUSTED_ISSUER_LIST, "SendTrustedIssuerList") \
	X(CLIENT_AUTH_TRUST_MODE, "ClientAuthTrustMode")     \
	X(PROTECTED_ROOTS_FLAGS, "Flags")

typedef enum {
#define CS_REG_KEY_ENUM(id, path) CS_REGKEY_##id,
	CS_REG_KEY_TABLE(CS_REG_KEY_ENUM)
#undef CS_REG_KEY_ENUM
	    CS_REGKEY_COUNT
} cs_reg_key_id;

typedef enum {
#define CS_REG_VALUE_ENUM(id, name) CS_REGVAL_##id,
	CS_REG_VALUE_TABLE(CS_REG_VALUE_ENUM)
#undef CS_REG_VALUE_ENUM
	    CS_REGVAL_COUNT
} cs_reg_value_id;

extern const char *const cs_reg_key_paths[CS_REGKEY_COUNT];
extern const char *const cs_reg_value_names[CS_REGVAL_COUNT];

#define CS_REG_KEY(id)   (cs_reg_key_paths[CS_REGKEY_##id])
#define CS_REG_VALUE(id) (cs_reg_value_names[CS_REGVAL_##id])

#endif
