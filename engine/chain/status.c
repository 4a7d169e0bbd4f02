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

static const struct {
	cs_policy_id id;
	const char *name;
} policies[] = {
    {CS_POLICY_BASE, "base"},
    {CS_POLICY_SSL, "ssl"},
    {CS_POLICY_BASIC_CONSTRAINTS, "basic-constraints"},
};

bool cs_policy_from_name(const char *name, cs_policy_id *out)
{
	for (size_t i = 0; i < sizeof policies / sizeof *policies; i++) {
		const char *a = policies[i].name, *b = name;
		while (*a && *a == *b)
			a++, b++;
		if (*a == *b) {
			*out = policies[i].id;
			return true;
		}
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
