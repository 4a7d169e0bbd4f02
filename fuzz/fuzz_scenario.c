/* Fuzz target: the scenario parser (cs_scenario_parse_string: lexer,
 * includes, times, every command's arguments, expectations, fixture loads).
 * The pool's base is tests/scenario, so seeds that include a fragment or
 * name fixtures the goldens use parse as they do in the suite. Properties:
 * success gives a scenario; failure gives a message with a line number
 * (every scenario error is about a line). */
#include <stdint.h>
#include <string.h>

#include "sim/scenario/scenario.h"
#include "fuzz/fuzz_text.h"

#ifndef FUZZ_SCENARIO_DIR
#define FUZZ_SCENARIO_DIR "tests/scenario"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	cs_pool *pool = NULL;
	if (cs_pool_new(&pool, FUZZ_SCENARIO_DIR) != CS_OK)
		abort();
	cs_scenario *s = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	if (cs_scenario_parse_string(&s, "fuzz.scn", text, pool, &d) == CS_OK)
		FUZZ_CHECK(s != NULL && s->nsteps <= (size_t)-1 / 2);
	else
		FUZZ_CHECK(s == NULL && d.msg[0] != '\0');
	cs_scenario_free(s);
	cs_pool_free(pool);
	free(text);
	return 0;
}
