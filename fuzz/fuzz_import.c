/* Fuzz targets: the importers of Windows evidence (compare/import/):
 * certutil text, CAPI2 event XML (libxml2), events pasted as text, IIS W3C
 * logs. Built once per importer with FUZZ_IMPORTER naming it, one corpus
 * each.
 * Properties: success appends only JSON objects; failure appends nothing
 * and sets a message (the importers' "nothing appended" contract). */
#include <stdint.h>
#include <string.h>

#include "compare/import/import.h"
#include "fuzz/fuzz_text.h"

#ifndef FUZZ_IMPORTER
#error \
    "define FUZZ_IMPORTER (import_certutil, import_capi2, import_events, import_w3c)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	json_t *out = json_array();
	cs_diag d;
	memset(&d, 0, sizeof d);
	if (FUZZ_IMPORTER(text, "fuzz.txt", out, &d) == CS_OK) {
		for (size_t i = 0; i < json_array_size(out); i++)
			FUZZ_CHECK(json_is_object(json_array_get(out, i)));
		char *dump = json_dumps(out, JSON_COMPACT);
		FUZZ_CHECK(dump != NULL);
		free(dump);
	} else {
		FUZZ_CHECK(json_array_size(out) == 0 && d.msg[0] != '\0');
	}
	json_decref(out);
	free(text);
	return 0;
}
