/* Fuzz target: calls written as words (sim/call: cs_call_parse and
 * cs_call_run), one per line, FUNCTION KEY=VALUE... as `capisim call` and
 * its --batch take them; object words are files under fixtures/data. Each
 * line that parses is played on a fresh win10-22h2 machine (the calls read
 * only the objects and the machine's stores; nothing is served).
 * Properties: a refused line says why; a parsed one plays without an error
 * status; a result has at most CS_CALL_MAX_FIELDS fields. */
#include <stdint.h>
#include <string.h>

#include "sim/call/call.h"
#include "fuzz/fuzz_text.h"

#ifndef FUZZ_FIXTURES
#define FUZZ_FIXTURES "fixtures/data"
#endif

#define MAX_WORDS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cs_status load(void *ctx, const char *word, cs_bytes *bytes,
                      const char **name, cs_diag *d)
{
	*name = word;
	return cs_pool_file(ctx, word, bytes, NULL, d);
}

static void one_line(cs_pool *pool, char *line)
{
	const char *words[MAX_WORDS];
	size_t n = 0;
	char *fn = strtok(line, " \t");
	if (!fn)
		return;
	for (char *w; n < MAX_WORDS && (w = strtok(NULL, " \t"));)
		words[n++] = w;
	cs_call_loader ld = {pool, load, pool};
	cs_call *c = NULL;
	size_t bad = 0;
	cs_diag d;
	memset(&d, 0, sizeof d);
	if (cs_call_parse(fn, words, n, &ld, &c, &bad, &d) != CS_OK) {
		FUZZ_CHECK(c == NULL && d.msg[0] != '\0' && bad <= n);
		return;
	}
	cs_machine m;
	if (cs_machine_init(&m, pool, cs_profile_find("win10-22h2"),
	                    INT64_C(133497936000000000), false) != CS_OK)
		abort();
	cs_call_result r;
	FUZZ_CHECK(cs_call_run(c, &m, m.w.acting, &r) == CS_OK);
	FUZZ_CHECK(r.nfields <= CS_CALL_MAX_FIELDS);
	cs_machine_free(&m);
	cs_call_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	cs_pool *pool = NULL;
	if (cs_pool_new(&pool, FUZZ_FIXTURES) != CS_OK)
		abort();
	for (char *p = text, *next; p && *p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		one_line(pool, p);
	}
	cs_pool_free(pool);
	free(text);
	return 0;
}
