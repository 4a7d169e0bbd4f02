/* Fuzz target: the signed CTL (STL) parser of auto-update (cs_ctl_parse:
 * PKCS #7 SignedData, content type szOID_CTL, the CTL's entries and their
 * property attributes), and the EKU property reader an installed root's
 * entry goes through (cs_usage_from_der). Properties: success gives a CTL
 * whose lookups run and whose EKU properties read or are refused with a
 * reason; failure says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pki/ctl.h"
#include "pki/usage_prop.h"
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
		cs_pool *pool = NULL;
		if (cs_pool_new(&pool, ".") != CS_OK)
			abort();
		for (size_t i = 0; i < ctl->nentries; i++) {
			const cs_ctl_entry *e = &ctl->entries[i];
			const cs_usage *u = NULL;
			char bad[160] = "";
			if (!e->eku_prop)
				continue;
			cs_status st = cs_usage_from_der(
			    pool, (cs_bytes){e->eku_prop, e->eku_prop_len}, &u,
			    bad, sizeof bad);
			FUZZ_CHECK(st == CS_OK ? u != NULL
			                       : st != CS_ERR_FORMAT || bad[0]);
			char text[256];
			if (u)
				(void)cs_usage_text(u, text, sizeof text);
		}
		cs_pool_free(pool);
		cs_ctl_free(ctl);
	} else {
		FUZZ_CHECK(why[0] != '\0' && memchr(why, 0, sizeof why));
	}
	return 0;
}
