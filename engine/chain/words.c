/* One parser per input kind of the chain engine (words.h). The values are
 * those of wincrypt.h and wininet.h (mingw-w64's headers agree; RULES.md 2
 * lists the ones the rules read). */
#include "engine/chain/words.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ascii.h"

typedef struct {
	const char *word, *symbol;
	uint32_t value;
} word;

#define END                   \
	{                     \
		NULL, NULL, 0 \
	}

static const word policy_flag_words[] = {
    {"ignore-not-time-valid", "CERT_CHAIN_POLICY_IGNORE_NOT_TIME_VALID_FLAG",
     CS_POLICY_IGNORE_NOT_TIME_VALID},
    {"ignore-ctl-not-time-valid",
     "CERT_CHAIN_POLICY_IGNORE_CTL_NOT_TIME_VALID_FLAG",
     CS_POLICY_IGNORE_CTL_NOT_TIME_VALID},
    {"ignore-not-time-nested", "CERT_CHAIN_POLICY_IGNORE_NOT_TIME_NESTED_FLAG",
     CS_POLICY_IGNORE_NOT_TIME_NESTED},
    {"ignore-all-not-time-valid",
     "CERT_CHAIN_POLICY_IGNORE_ALL_NOT_TIME_VALID_FLAGS",
     CS_POLICY_IGNORE_NOT_TIME_VALID | CS_POLICY_IGNORE_CTL_NOT_TIME_VALID |
         CS_POLICY_IGNORE_NOT_TIME_NESTED},
    {"ignore-invalid-basic-constraints",
     "CERT_CHAIN_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS_FLAG",
     CS_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS},
    {"allow-unknown-ca", "CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG",
     CS_POLICY_ALLOW_UNKNOWN_CA},
    {"ignore-wrong-usage", "CERT_CHAIN_POLICY_IGNORE_WRONG_USAGE_FLAG",
     CS_POLICY_IGNORE_WRONG_USAGE},
    {"ignore-invalid-name", "CERT_CHAIN_POLICY_IGNORE_INVALID_NAME_FLAG",
     CS_POLICY_IGNORE_INVALID_NAME},
    {"ignore-invalid-policy", "CERT_CHAIN_POLICY_IGNORE_INVALID_POLICY_FLAG",
     CS_POLICY_IGNORE_INVALID_POLICY},
    {"ignore-end-rev-unknown", "CERT_CHAIN_POLICY_IGNORE_END_REV_UNKNOWN_FLAG",
     CS_POLICY_IGNORE_END_REV_UNKNOWN},
    {"ignore-ctl-signer-rev-unknown",
     "CERT_CHAIN_POLICY_IGNORE_CTL_SIGNER_REV_UNKNOWN_FLAG",
     CS_POLICY_IGNORE_CTL_SIGNER_REV_UNKNOWN},
    {"ignore-ca-rev-unknown", "CERT_CHAIN_POLICY_IGNORE_CA_REV_UNKNOWN_FLAG",
     CS_POLICY_IGNORE_CA_REV_UNKNOWN},
    {"ignore-root-rev-unknown",
     "CERT_CHAIN_POLICY_IGNORE_ROOT_REV_UNKNOWN_FLAG",
     CS_POLICY_IGNORE_ROOT_REV_UNKNOWN},
    {"ignore-all-rev-unknown", "CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS",
     CS_POLICY_IGNORE_END_REV_UNKNOWN |
         CS_POLICY_IGNORE_CTL_SIGNER_REV_UNKNOWN |
         CS_POLICY_IGNORE_CA_REV_UNKNOWN | CS_POLICY_IGNORE_ROOT_REV_UNKNOWN},
    {"ignore-peer-trust", "CERT_CHAIN_POLICY_IGNORE_PEER_TRUST_FLAG",
     CS_POLICY_IGNORE_PEER_TRUST},
    {"ignore-not-supported-critical-ext",
     "CERT_CHAIN_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT_FLAG",
     CS_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT},
    {"trust-testroot", "CERT_CHAIN_POLICY_TRUST_TESTROOT_FLAG",
     CS_POLICY_TRUST_TESTROOT},
    {"allow-testroot", "CERT_CHAIN_POLICY_ALLOW_TESTROOT_FLAG",
     CS_POLICY_ALLOW_TESTROOT},
    {"ignore-weak-signature", "CERT_CHAIN_POLICY_IGNORE_WEAK_SIGNATURE_FLAG",
     CS_POLICY_IGNORE_WEAK_SIGNATURE},
    {"ms-enable-test-root",
     "MICROSOFT_ROOT_CERT_CHAIN_POLICY_ENABLE_TEST_ROOT_FLAG",
     CS_MSROOT_ENABLE_TEST_ROOT},
    {"ms-check-application-root",
     "MICROSOFT_ROOT_CERT_CHAIN_POLICY_CHECK_APPLICATION_ROOT_FLAG",
     CS_MSROOT_CHECK_APPLICATION_ROOT},
    {"ms-disable-flight-root",
     "MICROSOFT_ROOT_CERT_CHAIN_POLICY_DISABLE_FLIGHT_ROOT_FLAG",
     CS_MSROOT_DISABLE_FLIGHT_ROOT},
    {"bc-ca", "BASIC_CONSTRAINTS_CERT_CHAIN_POLICY_CA_FLAG",
     CS_BASIC_CONSTRAINTS_CA_FLAG},
    {"bc-end-entity", "BASIC_CONSTRAINTS_CERT_CHAIN_POLICY_END_ENTITY_FLAG",
     CS_BASIC_CONSTRAINTS_END_ENTITY_FLAG},
    END,
};

static const word ssl_check_words[] = {
    {"ignore-revocation", "SECURITY_FLAG_IGNORE_REVOCATION",
     CS_SECURITY_FLAG_IGNORE_REVOCATION},
    {"ignore-unknown-ca", "SECURITY_FLAG_IGNORE_UNKNOWN_CA",
     CS_SECURITY_FLAG_IGNORE_UNKNOWN_CA},
    {"ignore-wrong-usage", "SECURITY_FLAG_IGNORE_WRONG_USAGE",
     CS_SECURITY_FLAG_IGNORE_WRONG_USAGE},
    {"ignore-cert-cn-invalid", "SECURITY_FLAG_IGNORE_CERT_CN_INVALID",
     CS_SECURITY_FLAG_IGNORE_CERT_CN_INVALID},
    {"ignore-cert-date-invalid", "SECURITY_FLAG_IGNORE_CERT_DATE_INVALID",
     CS_SECURITY_FLAG_IGNORE_CERT_DATE_INVALID},
    {"ignore-weak-signature", "SECURITY_FLAG_IGNORE_WEAK_SIGNATURE",
     CS_SECURITY_FLAG_IGNORE_WEAK_SIGNATURE},
    END,
};

static const word auth_words[] = {
    {"client", "AUTHTYPE_CLIENT", CS_AUTHTYPE_CLIENT},
    {"server", "AUTHTYPE_SERVER", CS_AUTHTYPE_SERVER},
    END,
};

static const word match_words[] = {
    {"and", "USAGE_MATCH_TYPE_AND", CS_USAGE_MATCH_AND},
    {"or", "USAGE_MATCH_TYPE_OR", CS_USAGE_MATCH_OR},
    END,
};

static const word chain_flag_words[] = {
    {"none", "0", 0},
    {"end", "CERT_CHAIN_REVOCATION_CHECK_END_CERT",
     CS_CHAIN_REVOCATION_CHECK_END_CERT},
    {"chain", "CERT_CHAIN_REVOCATION_CHECK_CHAIN",
     CS_CHAIN_REVOCATION_CHECK_CHAIN},
    {"chain-exclude-root", "CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT",
     CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT},
    {"cache-only", "CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY",
     CS_CHAIN_REVOCATION_CHECK_CACHE_ONLY},
    {"accumulative", "CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT",
     CS_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT},
    {"no-aia", "CERT_CHAIN_DISABLE_AIA", CS_CHAIN_DISABLE_AIA},
    {"no-auto-update", "CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE",
     CS_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE},
    {"cache-only-urls", "CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL",
     CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL},
    END,
};

/* A whole decimal or 0x-hexadecimal number of 32 bits. */
static bool number(const char *s, size_t n, uint32_t *out)
{
	char buf[24];
	if (n == 0 || n >= sizeof buf || s[0] == '-' || s[0] == '+')
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *end;
	errno = 0;
	unsigned long long v = strtoull(buf, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool word_eq(const char *w, const char *s, size_t n)
{
	return w && strlen(w) == n && cs_ascii_prefix_ieq(w, s, n);
}

static bool one(const word *t, const char *s, size_t n, uint32_t *out)
{
	for (; t->word; t++)
		if (word_eq(t->word, s, n) || word_eq(t->symbol, s, n)) {
			*out = t->value;
			return true;
		}
	return number(s, n, out);
}

static void append(char *buf, size_t cap, size_t *used, const char *s)
{
	if (*used < cap)
		*used += (size_t)snprintf(buf + *used, cap - *used, "%s%s",
		                          *used ? ", " : "", s);
}

static void list_words(const word *t, char *buf, size_t cap)
{
	size_t used = 0;
	buf[0] = '\0';
	for (; t->word; t++)
		append(buf, cap, &used, t->word);
}

/* "unknown policy flag 'x' (expected allow-unknown-ca, ..., the
 * wincrypt.h name or a number)": the bad word first, so that a long list
 * of words is what gets cut. */
static bool expected(char err[CS_WORDS_ERR], const char *what, const char *got,
                     size_t n, const word *t)
{
	char words[160];
	list_words(t, words, sizeof words);
	snprintf(err, CS_WORDS_ERR,
	         "unknown %s '%.*s' (expected %s, the wincrypt.h name or a "
	         "number)",
	         what, (int)n, got, words);
	return false;
}

/* Words or numbers joined by ',' or '|', OR-ed together. */
static bool flag_list(const word *t, const char *what, const char *s,
                      uint32_t *out, char err[CS_WORDS_ERR])
{
	uint32_t v = 0;
	const char *p = s;
	do {
		size_t n = strcspn(p, ",|");
		uint32_t one_v;
		if (!one(t, p, n, &one_v))
			return expected(err, what, p, n, t);
		v |= one_v;
		p += n;
	} while (*p && *++p);
	if (*s == '\0' || (p > s && (p[-1] == ',' || p[-1] == '|')))
		return expected(err, what, s, strlen(s), t);
	*out = v;
	return true;
}

bool cs_words_policy(const char *s, cs_policy_id *out, char err[CS_WORDS_ERR])
{
	uint32_t v;
	cs_policy_id id;
	if (cs_policy_from_name(s, &id)) {
		*out = id;
		return true;
	}
	for (int i = 1; i <= CS_POLICY_MAX; i++)
		if (cs_ascii_ieq(s, cs_policy_symbol((cs_policy_id)i))) {
			*out = (cs_policy_id)i;
			return true;
		}
	if (number(s, strlen(s), &v) && v >= 1 && v <= CS_POLICY_MAX) {
		*out = (cs_policy_id)v;
		return true;
	}
	char words[192];
	cs_words_list("policy", words, sizeof words);
	snprintf(err, CS_WORDS_ERR,
	         "unknown policy '%s' (expected %s, CERT_CHAIN_POLICY_BASE.. "
	         "or 1..%d)",
	         s, words, CS_POLICY_MAX);
	return false;
}

bool cs_words_policy_flags(const char *s, uint32_t *out, char err[CS_WORDS_ERR])
{
	return flag_list(policy_flag_words, "policy flag", s, out, err);
}

bool cs_words_ssl_checks(const char *s, uint32_t *out, char err[CS_WORDS_ERR])
{
	return flag_list(ssl_check_words, "SSL check", s, out, err);
}

bool cs_words_chain_flags(const char *s, uint32_t *out, char err[CS_WORDS_ERR])
{
	return flag_list(chain_flag_words, "revocation mode", s, out, err);
}

bool cs_words_auth_type(const char *s, int *out, char err[CS_WORDS_ERR])
{
	uint32_t v;
	if (!one(auth_words, s, strlen(s), &v) || v > INT32_MAX)
		return expected(err, "authentication type", s, strlen(s),
		                auth_words);
	*out = (int)v;
	return true;
}

bool cs_words_usage_match(const char *s, cs_usage_match *out,
                          char err[CS_WORDS_ERR])
{
	uint32_t v;
	if (!one(match_words, s, strlen(s), &v) || v > CS_USAGE_MATCH_OR)
		return expected(err, "usage match type", s, strlen(s),
		                match_words);
	*out = (cs_usage_match)v;
	return true;
}

const char *cs_words_usage_oid(const char *s)
{
	static const struct {
		const char *name, *oid;
	} names[] = {
	    {"serverAuth", CS_OID_SERVER_AUTH},
	    {"clientAuth", CS_OID_CLIENT_AUTH},
	    {"codeSigning", CS_OID_CODE_SIGNING},
	    {"any", CS_OID_ANY_EKU},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i].name, s) == 0)
			return names[i].oid;
	bool digit = false;
	int dots = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (*p == '.' && digit) {
			digit = false;
			dots++;
		} else
			return NULL;
	}
	return digit && dots >= 1 ? s : NULL;
}

void cs_words_list(const char *kind, char *buf, size_t cap)
{
	const word *t = strcmp(kind, "policy-flags") == 0  ? policy_flag_words
	                : strcmp(kind, "ssl-checks") == 0  ? ssl_check_words
	                : strcmp(kind, "auth") == 0        ? auth_words
	                : strcmp(kind, "usage-match") == 0 ? match_words
	                : strcmp(kind, "revocation") == 0  ? chain_flag_words
	                                                   : NULL;
	if (t) {
		list_words(t, buf, cap);
		return;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 1; i <= CS_POLICY_MAX; i++)
		append(buf, cap, &used, cs_policy_name((cs_policy_id)i));
}
