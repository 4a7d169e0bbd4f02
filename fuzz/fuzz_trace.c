/* Fuzz target: reading traces back - the JSON Lines reader of `capisim
 * check` and `compare` (trace/read.c) and the trace diff (compare/diff.c).
 * Properties: a trace read successfully has no first difference with
 * itself, and the diff of a text with itself finds nothing different. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "compare/diff.h"
#include "fuzz/fuzz_text.h"
#include "trace/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *arr = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	if (cs_trace_read_jsonl_buf((const char *)data, size, "fuzz.jsonl",
	                            &arr, &d) == CS_OK) {
		char why[256];
		FUZZ_CHECK(
		    cs_trace_first_difference(arr, arr, why, sizeof why) == 0);
		json_decref(arr);
	} else {
		FUZZ_CHECK(d.msg[0] != '\0');
	}

	char *text = fuzz_text(data, size);
	FILE *sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	cmp_opts o = {.name_a = "a.jsonl", .name_b = "b.jsonl", .verbose = 1};
	cmp_summary sum;
	memset(&sum, 0, sizeof sum);
	memset(&d, 0, sizeof d);
	if (cmp_texts(text, text, &o, sink, &sum, &d) == CS_OK)
		FUZZ_CHECK(sum.only_a == 0 && sum.only_b == 0);
	else
		FUZZ_CHECK(d.msg[0] != '\0');
	fclose(sink);
	free(text);
	return 0;
}
