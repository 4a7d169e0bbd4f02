/* Registry paths as the tests spell them, from the Windows documentation
 * (not from model/registry_names.h: a test states what it expects). */
#ifndef CAPISIM_TESTS_REG_PATHS_H
#define CAPISIM_TESTS_REG_PATHS_H

#define CS_AU_USER_KEY_TAIL \
	"SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate"
#define CS_AU_KEY "HKLM\\" CS_AU_USER_KEY_TAIL
#define CS_AU_POLICY_KEY \
	"HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot"
#define CS_CHAIN_CONFIG_KEY                                           \
	"HKLM\\SOFTWARE\\Microsoft\\Cryptography\\OID\\EncodingType " \
	"0\\CertDllCreateCertificateChainEngine\\Config"
#define CS_EVENT_CHANNELS_KEY \
	"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels"
#define CS_SCH_REG_KEY                                                         \
	"HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNE" \
	"L"

#endif
