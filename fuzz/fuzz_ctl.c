/* Fuzz target: the signed CTL (STL) parser of auto-update (cs_ctl_parse:
 * PKCS #7 SignedData, content type szOID_CTL, the CTL's entries and their
 * property attributes). Properties: success gives a CTL whose lookups run;
 * failure says why. */
#include <stdint.h>
#include <string.h>

#include "engine/autoupdate/ctl.h"
#include "fuzz/fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_ctl *ctl = NULL;
	char why[256] = "";
	cs_bytes der = {data, size};
	if (cs_ctl_parse(der, &ctl, why, sizeof why) == CS_OK) {
		static const uint8_t zero[20];
		FUZZ_CHECK(ctl != NULL);
		(void)cs_ctl_find_id(ctl, zero, sizeof zero);
		(void)cs_ctl_find_key_id(ctl, zero, sizeof zero);
		(void)cs_ctl_has_usage(ctl, "1.3.6.1.4.1.311.10.3.9");
		cs_ctl_free(ctl);
	} else {
		FUZZ_CHECK(why[0] != '\0' && memchr(why, 0, sizeof why));
	}
	return 0;
}
