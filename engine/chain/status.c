/* Names of trust bits and HRESULTs, as certutil and winerror.h spell them. */
#include <stddef.h>
#include <string.h>

#include "engine/chain/chain.h"

bool cs_trust_bit_from_name(const char *name, uint32_t *bit)
{
#define CS_BIT_BY_NAME(n, v)                       \
	if (strcmp(name, "CERT_TRUST_" #n) == 0) { \
		*bit = (v);                        \
		return true;                       \
	}
	CS_TRUST_ERROR_BITS(CS_BIT_BY_NAME)
	CS_TRUST_INFO_BITS(CS_BIT_BY_NAME)
#undef CS_BIT_BY_NAME
	return false;
}

const char *cs_trust_bit_name(uint32_t bit, bool info)
{
#define CS_BIT_NAME(name, v) \
	if (bit == (v))      \
		return "CERT_TRUST_" #name;
	if (info) {
		CS_TRUST_INFO_BITS(CS_BIT_NAME)
	} else {
		CS_TRUST_ERROR_BITS(CS_BIT_NAME)
	}
#undef CS_BIT_NAME
	return NULL;
}

const char *cs_chain_flag_name(uint32_t bit)
{
#define CS_CHAIN_FLAG_NAME(n, v) \
	if (bit == (v))          \
		return "CERT_" #n;
	CS_CHAIN_FLAGS(CS_CHAIN_FLAG_NAME)
#undef CS_CHAIN_FLAG_NAME
	return NULL;
}

static const struct {
	cs_policy_id id;
	const char *name, *symbol;
} policies[] = {
    {CS_POLICY_BASE, "base", "CERT_CHAIN_POLICY_BASE"},
    {CS_POLICY_AUTHENTICODE, "authenticode", "CERT_CHAIN_POLICY_AUTHENTICODE"},
    {CS_POLICY_AUTHENTICODE_TS, "authenticode-ts",
     "CERT_CHAIN_POLICY_AUTHENTICODE_TS"},
    {CS_POLICY_SSL, "ssl", "CERT_CHAIN_POLICY_SSL"},
    {CS_POLICY_BASIC_CONSTRAINTS, "basic-constraints",
     "CERT_CHAIN_POLICY_BASIC_CONSTRAINTS"},
    {CS_POLICY_NT_AUTH, "nt-auth", "CERT_CHAIN_POLICY_NT_AUTH"},
    {CS_POLICY_MICROSOFT_ROOT, "microsoft-root",
     "CERT_CHAIN_POLICY_MICROSOFT_ROOT"},
    {CS_POLICY_EV, "ev", "CERT_CHAIN_POLICY_EV"},
    {CS_POLICY_SSL_F12, "ssl-f12", "CERT_CHAIN_POLICY_SSL_F12"},
    {CS_POLICY_SSL_HPKP_HEADER, "ssl-hpkp-header",
     "CERT_CHAIN_POLICY_SSL_HPKP_HEADER"},
    {CS_POLICY_THIRD_PARTY_ROOT, "third-party-root",
     "CERT_CHAIN_POLICY_THIRD_PARTY_ROOT"},
    {CS_POLICY_SSL_KEY_PIN, "ssl-key-pin", "CERT_CHAIN_POLICY_SSL_KEY_PIN"},
};

bool cs_policy_from_name(const char *name, cs_policy_id *out)
{
	for (size_t i = 0; i < sizeof policies / sizeof *policies; i++)
		if (strcmp(policies[i].name, name) == 0) {
			*out = policies[i].id;
			return true;
		}
	return false;
}

const char *cs_policy_name(cs_policy_id id)
{
	for (size_t i = 0; i < sizeof policies / sizeof *policies; i++)
		if (policies[i].id == id)
			return policies[i].name;
	return "?";
}

const char *cs_policy_symbol(cs_policy_id id)
{
	for (size_t i = 0; i < sizeof policies / sizeof *policies; i++)
		if (policies[i].id == id)
			return policies[i].symbol;
	return "?";
}
