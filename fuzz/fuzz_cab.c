/* Fuzz target: CAB extraction (cs_cab_extract with libgcab, in memory):
 * authrootstl.cab / disallowedcertstl.cab as a hostile server could send
 * them. Properties: success gives at most CS_CAB_MEMBER_MAX bytes; failure
 * names a class and a reason. */
#include <stdint.h>
#include <stdlib.h>

#include "pki/cab.h"
#include "fuzz/fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_bytes cab = {data, size}, out = {0};
	cs_cab_error err = CS_CAB_OK;
	char why[256] = "";
	if (cs_cab_extract(cab, "authroot.stl", &out, &err, why, sizeof why) ==
	    CS_OK) {
		FUZZ_CHECK(err == CS_CAB_OK && out.len <= CS_CAB_MEMBER_MAX);
		free((void *)out.data);
	} else {
		FUZZ_CHECK(err != CS_CAB_OK);
	}
	return 0;
}
