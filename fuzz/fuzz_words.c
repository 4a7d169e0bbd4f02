/* Fuzz target: the input words of the chain engine (engine/chain/words.h),
 * the parsers `capisim verify`, `compare wine --verify` and the scenario's
 * verify step share. Properties checked beyond "no crash": a failure says
 * why in a NUL-terminated message and leaves the output alone; a parsed
 * policy is a CERT_CHAIN_POLICY_* value and its name parses back to it. */
#include <stdint.h>
#include <string.h>

#include "engine/chain/words.h"
#include "fuzz/fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size);
	char err[CS_WORDS_ERR];
	cs_policy_id id = (cs_policy_id)0;
	if (cs_words_policy(s, &id, err)) {
		FUZZ_CHECK(id >= 1 && id <= CS_POLICY_MAX);
		cs_policy_id back;
		FUZZ_CHECK(cs_words_policy(cs_policy_name(id), &back, err) &&
		           back == id);
	} else {
		FUZZ_CHECK(id == 0 && memchr(err, '\0', sizeof err) && err[0]);
	}
	bool (*const flags[])(const char *, uint32_t *, char *) = {
	    cs_words_policy_flags, cs_words_ssl_checks, cs_words_chain_flags};
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
		uint32_t v = 0xdeadbeefu;
		if (!flags[i](s, &v, err))
			FUZZ_CHECK(v == 0xdeadbeefu &&
			           memchr(err, '\0', sizeof err) && err[0]);
	}
	int auth = -7;
	if (!cs_words_auth_type(s, &auth, err))
		FUZZ_CHECK(auth == -7);
	cs_usage_match m = (cs_usage_match)9;
	if (cs_words_usage_match(s, &m, err))
		FUZZ_CHECK(m == CS_USAGE_MATCH_AND || m == CS_USAGE_MATCH_OR);
	else
		FUZZ_CHECK(m == (cs_usage_match)9);
	const char *oid = cs_words_usage_oid(s);
	FUZZ_CHECK(!oid || strchr(oid, '.'));
	free(s);
	return 0;
}
