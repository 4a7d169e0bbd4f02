/* The HRESULTs of the model: one table gives each its value, its
 * winerror.h symbol and its English system text, and generates the
 * constants (CS_CERT_E_EXPIRED, ...), cs_hresult_name and
 * cs_hresult_text. No other file writes an HRESULT value (test
 * 'tables-lint'); add a row here for a new one.
 *
 * Texts are what FormatMessage returns on an English Windows (the message
 * table behind winerror.h); event texts embed them: event 4107's "with
 * error: A required certificate is not within its validity period ..."
 * (EVIDENCE.md A) is CERT_E_EXPIRED's. A row whose text the project has no
 * source for has NULL (the model then prints the code alone).
 *
 * Sources, per row group: RULES.md 2 and EVIDENCE.md (texts quoted from
 * real events), the samples in samples/ (CAPI2 <Result> elements, KB
 * 2253680's crypt32 event), otherwise winerror.h's message text as
 * Microsoft's "COM Error Codes (Security and Setup)" and "Certificate and
 * Trust Return Values" pages list it. */
#ifndef CAPISIM_MODEL_HRESULT_H
#define CAPISIM_MODEL_HRESULT_H

#include <stddef.h>
#include <stdint.h>

/* X(SYMBOL, value, text) */
#define CS_HRESULT_TABLE(X)                                                   \
	/* RULES.md 2; EVIDENCE.md A (event 4107's "with error:" part). */    \
	X(CERT_E_EXPIRED, 0x800B0101u,                                        \
	  "A required certificate is not within its validity period when "    \
	  "verifying against the current system clock or the timestamp in "   \
	  "the signed file.")                                                 \
	X(CERT_E_VALIDITYPERIODNESTING, 0x800B0102u,                          \
	  "The validity periods of the certification chain do not nest "      \
	  "correctly.")                                                       \
	X(CERT_E_CRITICAL, 0x800B0105u,                                       \
	  "A certificate contains an unknown extension that is marked "       \
	  "'critical'.")                                                      \
	/* samples/capi2_op_30_xml_ssl_policy_untrusted_root_msdocs.txt */    \
	X(CERT_E_UNTRUSTEDROOT, 0x800B0109u,                                  \
	  "A certificate chain processed, but terminated in a root "          \
	  "certificate which is not trusted by the trust provider.")          \
	X(CERT_E_CHAINING, 0x800B010Au,                                       \
	  "A certificate chain could not be built to a trusted root "         \
	  "authority.")                                                       \
	X(CERT_E_REVOKED, 0x800B010Cu,                                        \
	  "A certificate was explicitly revoked by its issuer.")              \
	X(CERT_E_UNTRUSTEDTESTROOT, 0x800B010Du,                              \
	  "The certification path terminates with the test root which is "    \
	  "not trusted with the current policy settings.")                    \
	X(CERT_E_REVOCATION_FAILURE, 0x800B010Eu,                             \
	  "The revocation process could not continue - the certificate(s) "   \
	  "could not be checked.")                                            \
	X(CERT_E_CN_NO_MATCH, 0x800B010Fu,                                    \
	  "The certificate's CN name does not match the passed value.")       \
	X(CERT_E_WRONG_USAGE, 0x800B0110u,                                    \
	  "The certificate is not valid for the requested usage.")            \
	X(TRUST_E_EXPLICIT_DISTRUST, 0x800B0111u,                             \
	  "The certificate was explicitly marked as untrusted by the user.")  \
	/* DOC Certificate and Trust Return Values */                         \
	X(CERT_E_UNTRUSTEDCA, 0x800B0112u,                                    \
	  "A certification chain processed correctly, but one of the CA "     \
	  "certificates is not trusted by the policy provider.")              \
	/* winerror.h's message texts, as .NET's interop tables quote them    \
	 * beside CERT_E_INVALID_POLICY / _NAME. */                           \
	X(CERT_E_INVALID_POLICY, 0x800B0113u,                                 \
	  "The certificate has invalid policy.")                              \
	X(CERT_E_INVALID_NAME, 0x800B0114u,                                   \
	  "The certificate has an invalid name. The name is not included in " \
	  "the permitted list or is explicitly excluded.")                    \
	X(TRUST_E_CERT_SIGNATURE, 0x80096004u,                                \
	  "The signature of the certificate cannot be verified.")             \
	X(TRUST_E_BAD_DIGEST, 0x80096010u,                                    \
	  "The digital signature of the object did not verify.")              \
	X(TRUST_E_BASIC_CONSTRAINTS, 0x80096019u,                             \
	  "A certificate's basic constraint extension has not been "          \
	  "observed.")                                                        \
	X(CRYPT_E_NOT_FOUND, 0x80092004u, "Cannot find object or property.")  \
	/* samples/capi2_op_41_eventviewer_excerpt_revoked_msdocs_vpn.txt */  \
	X(CRYPT_E_REVOKED, 0x80092010u, "The certificate is revoked.")        \
	/* DOC Certificate and Trust Return Values */                         \
	X(CRYPT_E_NO_REVOCATION_CHECK, 0x80092012u,                           \
	  "The revocation function was unable to check revocation for the "   \
	  "certificate.")                                                     \
	/* RULES.md 2; samples/capi2_op_41_xml_revocation_offline_2023.txt */ \
	X(CRYPT_E_REVOCATION_OFFLINE, 0x80092013u,                            \
	  "The revocation function was unable to check revocation because "   \
	  "the revocation server was offline.")                               \
	X(CRYPT_E_NOT_IN_REVOCATION_DATABASE, 0x80092014u,                    \
	  "The certificate is not in the revocation server's database.")      \
	X(E_ACCESSDENIED, 0x80070005u, "Access is denied.")                   \
	/* WinINet/WinHTTP failures cryptnet reports for a URL. Their texts   \
	 * end without a period: certutil prints "Error retrieving URL: The   \
	 * server name or address could not be resolved 0x80072ee7" and       \
	 * CAPI2 event 53 the same words (samples/certutil_*,                 \
	 * capi2_op_53_*). */                                                 \
	X(WININET_E_NAME_NOT_RESOLVED, 0x80072EE7u,                           \
	  "The server name or address could not be resolved")                 \
	X(WININET_E_TIMEOUT, 0x80072EE2u, "The operation timed out")          \
	X(WININET_E_CANNOT_CONNECT, 0x80072EFDu,                              \
	  "A connection with the server could not be established")            \
	/* ERROR_WINHTTP_INVALID_SERVER_RESPONSE (12152): the zh-CN certutil  \
	 * sample prints it; the English text is not in a sample. */          \
	X(ERROR_WINHTTP_INVALID_SERVER_RESPONSE, 0x80072F78u, NULL)           \
	X(ERROR_WINHTTP_SECURE_FAILURE, 0x80072F8Fu,                          \
	  "A security error occurred")                                        \
	/* HRESULT_FROM_WIN32(ERROR_TIMEOUT 1460): a retrieval over its       \
	 * timeout (engine/cryptnet). */                                      \
	X(ERROR_TIMEOUT, 0x800705B4u, NULL)                                   \
	/* Auto-update (engine/autoupdate, H-au-4): winerror.h message texts  \
	 * of the codes a rejected STL or a failed retrieval reports. */      \
	X(ERROR_FILE_NOT_FOUND, 0x80070002u,                                  \
	  "The system cannot find the file specified.")                       \
	/* del/rd/move on a path that is no folder the model knows.           \
	 * (sim/scenario/cmd_files.c) */                                      \
	X(ERROR_PATH_NOT_FOUND, 0x80070003u,                                  \
	  "The system cannot find the path specified.")                       \
	X(ERROR_INVALID_DATA, 0x8007000Du, "The data is invalid.")            \
	X(NTE_BAD_SIGNATURE, 0x80090006u, "Invalid Signature.")               \
	X(CRYPT_E_HASH_VALUE, 0x80091007u, "The hash value is not correct.")  \
	X(CRYPT_E_SIGNER_NOT_FOUND, 0x8009100Eu,                              \
	  "Cannot find the original signer.")                                 \
	X(CRYPT_E_ASN1_BADTAG, 0x8009310Bu, "ASN1 bad tag value met.")        \
	X(HTTP_E_STATUS_NOT_FOUND, 0x80190194u, "Not found (404).")           \
	/* cryptnet's offline back-off (engine/cryptnet): HRESULT_FROM_WIN32  \
	 * of ERROR_NETWORK_UNREACHABLE 1231, winerror.h's message text. */   \
	X(ERROR_NETWORK_UNREACHABLE, 0x800704CFu,                             \
	  "The network location cannot be reached. For information about "    \
	  "network troubleshooting, see Windows Help.")                       \
	/* What crypt32's and cryptnet's entry points leave as the last error \
	 * (engine/api, engine/revocation/verify_revocation.c; the values     \
	 * Wine's tests expect, WINETEST cert.c, crl.c, ctl.c, cryptnet.c),   \
	 * with winerror.h's message texts. */                                \
	X(E_INVALIDARG, 0x80070057u, "The parameter is incorrect.")           \
	X(CRYPT_E_EXISTS, 0x80092005u,                                        \
	  "The object or property already exists.")                           \
	X(CRYPT_E_NO_MATCH, 0x80092009u, "Cannot find the requested object.") \
	X(CRYPT_E_NO_REVOCATION_DLL, 0x80092011u,                             \
	  "No Dll or exported function was found to verify revocation.")      \
	X(CRYPT_E_ASN1_EOD, 0x80093102u, "ASN1 unexpected end of data.")      \
	X(OSS_DATA_ERROR, 0x80093005u, "OSS ASN.1 Error: Invalid data.")

enum {
#define CS_HRESULT_ENUM(sym, v, text) CS_##sym = v,
	CS_HRESULT_TABLE(CS_HRESULT_ENUM)
#undef CS_HRESULT_ENUM
};

/* Last errors that are not HRESULTs: the Win32 error codes and NTSTATUS
 * values crypt32 and cryptnet leave with SetLastError (the revocation
 * corpus' expected values: CryptGetObjectUrl's ERROR_FILE_NOT_FOUND for the
 * NULL OID, CryptRetrieveObjectByUrl's ERROR_PATH_NOT_FOUND, the
 * STATUS_ACCESS_VIOLATION of CertAddEncodedCRLToStore with disposition 0).
 * X(SYMBOL, value, text); the constants are CS_W32_SYMBOL. Texts:
 * winerror.h's messages (NULL: none sourced). */
#define CS_LAST_ERROR_TABLE(X)                                         \
	X(ERROR_FILE_NOT_FOUND, 2u,                                    \
	  "The system cannot find the file specified.")                \
	X(ERROR_PATH_NOT_FOUND, 3u,                                    \
	  "The system cannot find the path specified.")                \
	X(ERROR_INVALID_DATA, 13u, "The data is invalid.")             \
	X(ERROR_INVALID_PARAMETER, 87u, "The parameter is incorrect.") \
	X(STATUS_ACCESS_VIOLATION, 0xC0000005u, NULL)

enum {
#define CS_LAST_ERROR_ENUM(sym, v, text) CS_W32_##sym = v,
	CS_LAST_ERROR_TABLE(CS_LAST_ERROR_ENUM)
#undef CS_LAST_ERROR_ENUM
};

/* The symbol and text of a GetLastError() value: an HRESULT of the table
 * above, else a row of CS_LAST_ERROR_TABLE; NULL when neither has it. */
const char *cs_last_error_name(uint32_t v);
const char *cs_last_error_text(uint32_t v);

/* HRESULT_FROM_WIN32 of a Win32 error code (winerror.h: FACILITY_WIN32
 * in the high word, severity bit set; 0 stays 0). */
uint32_t cs_hresult_from_win32(uint32_t err);

/* The winerror.h symbol ("CERT_E_EXPIRED"), the English text; NULL when
 * the code has no row (or, for the text, no sourced text). */
const char *cs_hresult_name(uint32_t hr);
const char *cs_hresult_text(uint32_t hr);

/* The table for walkers (tests, docs): row i of count. */
typedef struct {
	const char *name;
	uint32_t value;
	const char *text;
} cs_hresult_row;
extern const cs_hresult_row cs_hresult_rows[];
extern const size_t cs_hresult_count;

#endif
