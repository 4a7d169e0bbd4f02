/* Fuzz target: the time and duration parsers and the registry path
 * canonicaliser. Properties checked beyond "no crash": a parsed time formats
 * and parses back to itself; an error column lies inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/clock.h"
#include "model/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	size_t len = strlen(s);

	cs_filetime t;
	size_t col = 0;
	const char *why = NULL;
	if (cs_time_parse(s, &t, &col, &why) == CS_OK) {
		char buf[CS_TIME_BUF];
		cs_filetime back;
		if (cs_time_parse(cs_time_format(t, buf), &back, NULL, NULL) !=
		        CS_OK ||
		    back != t)
			abort();
	} else if (col > len || !why) {
		abort();
	}
	int64_t d;
	if (cs_duration_parse(s, &d, &col, &why) == CS_OK) {
		char buf[CS_TIME_BUF];
		int64_t back;
		if (cs_duration_parse(cs_duration_format(d, buf), &back, NULL,
		                      NULL) != CS_OK ||
		    back != d)
			abort();
	} else if (col > len || !why) {
		abort();
	}
	char canon[CS_REG_PATH_MAX];
	if (cs_reg_canon(s, "user:fuzz", canon) == CS_OK &&
	    strlen(canon) >= CS_REG_PATH_MAX)
		abort();
	free(s);
	return 0;
}
