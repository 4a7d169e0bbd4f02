/* English system texts of HRESULTs (see model/hresult_text.h).
 *
 * Sources, per row: RULES.md 2 and EVIDENCE.md (texts quoted from real
 * events), the samples in samples/ (CAPI2 <Result> elements, KB 2253680's
 * crypt32 event), otherwise the message text of winerror.h as Microsoft's
 * "COM Error Codes (Security and Setup)" and "Certificate and Trust Return
 * Values" pages list it. */
#include "model/hresult_text.h"

#include <stddef.h>

static const struct {
	uint32_t hr;
	const char *name; /* winerror.h symbol, for readers of this table */
	const char *text;
} table[] = {
    /* RULES.md 2; EVIDENCE.md A (event 4107's "with error:" part). */
    {0x800B0101, "CERT_E_EXPIRED",
     "A required certificate is not within its validity period when "
     "verifying against the current system clock or the timestamp in the "
     "signed file."},
    {0x800B0102, "CERT_E_VALIDITYPERIODNESTING",
     "The validity periods of the certification chain do not nest "
     "correctly."},
    {0x800B0105, "CERT_E_CRITICAL",
     "A certificate contains an unknown extension that is marked "
     "'critical'."},
    /* samples/capi2_op_30_xml_ssl_policy_untrusted_root_msdocs.txt */
    {0x800B0109, "CERT_E_UNTRUSTEDROOT",
     "A certificate chain processed, but terminated in a root certificate "
     "which is not trusted by the trust provider."},
    {0x800B010A, "CERT_E_CHAINING",
     "A certificate chain could not be built to a trusted root authority."},
    {0x800B010C, "CERT_E_REVOKED",
     "A certificate was explicitly revoked by its issuer."},
    {0x800B010D, "CERT_E_UNTRUSTEDTESTROOT",
     "The certification path terminates with the test root which is not "
     "trusted with the current policy settings."},
    {0x800B010E, "CERT_E_REVOCATION_FAILURE",
     "The revocation process could not continue - the certificate(s) could "
     "not be checked."},
    {0x800B010F, "CERT_E_CN_NO_MATCH",
     "The certificate's CN name does not match the passed value."},
    {0x800B0110, "CERT_E_WRONG_USAGE",
     "The certificate is not valid for the requested usage."},
    {0x800B0111, "TRUST_E_EXPLICIT_DISTRUST",
     "The certificate was explicitly marked as untrusted by the user."},
    /* DOC Certificate and Trust Return Values */
    {0x800B0112, "CERT_E_UNTRUSTEDCA",
     "A certification chain processed correctly, but one of the CA "
     "certificates is not trusted by the policy provider."},
    {0x80096004, "TRUST_E_CERT_SIGNATURE",
     "The signature of the certificate cannot be verified."},
    {0x80096010, "TRUST_E_BAD_DIGEST",
     "The digital signature of the object did not verify."},
    {0x80096019, "TRUST_E_BASIC_CONSTRAINTS",
     "A certificate's basic constraint extension has not been observed."},
    {0x80092004, "CRYPT_E_NOT_FOUND", "Cannot find object or property."},
    /* samples/capi2_op_41_eventviewer_excerpt_revoked_msdocs_vpn.txt */
    {0x80092010, "CRYPT_E_REVOKED", "The certificate is revoked."},
    /* DOC Certificate and Trust Return Values */
    {0x80092012, "CRYPT_E_NO_REVOCATION_CHECK",
     "The revocation function was unable to check revocation for the "
     "certificate."},
    /* RULES.md 2; samples/capi2_op_41_xml_revocation_offline_2023.txt */
    {0x80092013, "CRYPT_E_REVOCATION_OFFLINE",
     "The revocation function was unable to check revocation because the "
     "revocation server was offline."},
    {0x80092014, "CRYPT_E_NOT_IN_REVOCATION_DATABASE",
     "The certificate is not in the revocation server's database."},
    {0x80070005, "E_ACCESSDENIED", "Access is denied."},
    /* WinINet/WinHTTP failures cryptnet reports for a URL. Their texts end
     * without a period: certutil prints "Error retrieving URL: The server
     * name or address could not be resolved 0x80072ee7" and CAPI2 event 53
     * the same words (samples/certutil_*, capi2_op_53_*). */
    {0x80072EE7, "WININET_E_NAME_NOT_RESOLVED",
     "The server name or address could not be resolved"},
    {0x80072EE2, "WININET_E_TIMEOUT", "The operation timed out"},
    {0x80072EFD, "WININET_E_CANNOT_CONNECT",
     "A connection with the server could not be established"},
    {0x80072F8F, "ERROR_WINHTTP_SECURE_FAILURE", "A security error occurred"},
    /* Auto-update (engine/autoupdate, H-au-4): winerror.h message texts
     * of the codes a rejected STL or a failed retrieval reports. */
    {0x80070002, "ERROR_FILE_NOT_FOUND",
     "The system cannot find the file specified."},
    {0x8007000D, "ERROR_INVALID_DATA", "The data is invalid."},
    {0x80090006, "NTE_BAD_SIGNATURE", "Invalid Signature."},
    {0x80091007, "CRYPT_E_HASH_VALUE", "The hash value is not correct."},
    {0x8009100E, "CRYPT_E_SIGNER_NOT_FOUND",
     "Cannot find the original signer."},
    {0x8009310B, "CRYPT_E_ASN1_BADTAG", "ASN1 bad tag value met."},
    {0x80190194, "HTTP_E_STATUS_NOT_FOUND", "Not found (404)."},
    /* cryptnet's offline back-off (engine/cryptnet): HRESULT_FROM_WIN32
     * of ERROR_NETWORK_UNREACHABLE 1231, winerror.h's message text. */
    {0x800704CF, "ERROR_NETWORK_UNREACHABLE",
     "The network location cannot be reached. For information about "
     "network troubleshooting, see Windows Help."},
    /* The codes crypt32's and cryptnet's entry points leave as the last
     * error (engine/api; the revocation corpus' expected values): the
     * message texts of winerror.h, Win32 codes as themselves. */
    {0x80070057, "E_INVALIDARG", "The parameter is incorrect."},
    {0x00000002, "ERROR_FILE_NOT_FOUND",
     "The system cannot find the file specified."},
    {0x00000003, "ERROR_PATH_NOT_FOUND",
     "The system cannot find the path specified."},
    {0x00000057, "ERROR_INVALID_PARAMETER", "The parameter is incorrect."},
    {0xC0000005, "STATUS_ACCESS_VIOLATION", NULL},
    {0x80092005, "CRYPT_E_EXISTS", "The object or property already exists."},
    {0x80092009, "CRYPT_E_NO_MATCH", "Cannot find the requested object."},
    {0x80092011, "CRYPT_E_NO_REVOCATION_DLL",
     "No Dll or exported function was found to verify revocation."},
    {0x80093102, "CRYPT_E_ASN1_EOD", "ASN1 unexpected end of data."},
    {0x80093005, "OSS_DATA_ERROR", "OSS ASN.1 Error: Invalid data."},
};

const char *cs_hresult_symbol(uint32_t hr)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].hr == hr)
			return table[i].name;
	return NULL;
}

const char *cs_hresult_text(uint32_t hr)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].hr == hr)
			return table[i].text;
	return NULL;
}
