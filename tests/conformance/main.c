/* conformance WINETESTS_DIR: every case of Wine's crypt32 chain tests on
 * every Windows profile of the model and, through the probe, in Wine 8
 * against the wine-8 profile (docs/conformance.md). TAP on stdout: one test
 * per required profile (win7-sp1, win10-22h2, win11, wine-8 vs Wine 8) and
 * one for the number of cases the model can express; every profile's counts
 * and mismatching ids as comments.
 *
 * $CAPISIM_WINETESTS overrides the folder. The Wine part is skipped under a
 * sanitizer build ($CAPISIM_SANITIZE other than none: Wine runs once, in the
 * plain build) and with $CAPISIM_CONFORMANCE_WINE=0. Without the folder the
 * plan is "1..0 # SKIP" (TAP's skip; exit 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/conformance/conformance.h"

/* Every expressible case must match on these rows (the bar). */
static const cs_profile_id required[] = {
    CS_PROFILE_WIN7_SP1, CS_PROFILE_WIN10_22H2, CS_PROFILE_WIN11};

#define MAX_IDS 4096

typedef struct {
	unsigned matched, mismatched, inexpressible;
	char ids[MAX_IDS];
} tally;

static void add_id(tally *t, const char *id)
{
	size_t used = strlen(t->ids);
	if (used + strlen(id) + 3 < sizeof t->ids)
		snprintf(t->ids + used, sizeof t->ids - used, "%s%s",
		         used ? " " : "", id);
}

static bool is_required(cs_profile_id id)
{
	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		if (required[i] == id)
			return true;
	return false;
}

static void report(const char *what, const tally *t)
{
	printf("# %-24s %3u matched, %3u mismatched, %3u not expressible\n",
	       what, t->matched, t->mismatched, t->inexpressible);
	if (t->mismatched)
		printf("#   mismatched: %s\n", t->ids);
}

/* The model on every profile; on the Windows rows against Windows'
 * answers. results[i * CS_PROFILE_COUNT + p]. */
static bool run_model(const char *dir, const cf_cases *cases,
                      cf_result *results, tally *t, int *tap, bool *all_ok)
{
	for (int p = 0; p < CS_PROFILE_COUNT; p++) {
		const cs_profile *prof = cs_profile_by_id((cs_profile_id)p);
		tally *tp = &t[p];
		for (size_t i = 0; i < cases->n; i++) {
			const cf_case *c = &cases->v[i];
			cf_result *r =
			    &results[i * CS_PROFILE_COUNT + (size_t)p];
			if (c->not_expressible) {
				tp->inexpressible++;
				continue;
			}
			if (!cf_model_run(dir, c, prof, r)) {
				fprintf(stderr,
				        "conformance: %s on %s: the "
				        "model failed\n",
				        c->id, prof->name);
				return false;
			}
			if (prof->is_wine)
				continue; /* compared with Wine itself */
			if (cf_windows_accepts(c, prof, r)) {
				tp->matched++;
				continue;
			}
			tp->mismatched++;
			add_id(tp, c->id);
			if (is_required((cs_profile_id)p)) {
				char got[256], want[256];
				cf_describe(c, r, got, sizeof got);
				cf_describe(c, &c->want, want, sizeof want);
				printf("# %s %s: Windows %s, model %s\n",
				       prof->name, c->id, want, got);
			}
		}
		if (prof->is_wine)
			continue;
		report(prof->name, tp);
		if (is_required((cs_profile_id)p)) {
			printf("%s %d - %s: %u matched, %u mismatched\n",
			       tp->mismatched ? "not ok" : "ok", ++*tap,
			       prof->name, tp->matched, tp->mismatched);
			*all_ok = *all_ok && !tp->mismatched;
		}
	}
	return true;
}

/* wine-8 against Wine 8 itself; also how often Wine 8 differs from
 * Windows' answer (its todo_wine fields and more), for the record. */
static void run_wine(const char *dir, const cf_cases *cases,
                     const cf_result *model, int *tap, bool *all_ok)
{
	const char *san = getenv("CAPISIM_SANITIZE");
	const char *want = getenv("CAPISIM_CONFORMANCE_WINE");
	++*tap;
	if ((san && *san && strcmp(san, "none") != 0) ||
	    (want && strcmp(want, "0") == 0)) {
		printf("ok %d - wine-8 vs Wine 8 # SKIP %s\n", *tap,
		       want && strcmp(want, "0") == 0
		           ? "CAPISIM_CONFORMANCE_WINE=0"
		           : "sanitizer build: Wine runs in the plain build");
		return;
	}
	cf_result *wine = calloc(cases->n, sizeof *wine);
	bool *ran = calloc(cases->n, sizeof *ran), skipped = false;
	if (!wine || !ran || !cf_wine_run(dir, cases, wine, ran, &skipped)) {
		if (skipped)
			printf("ok %d - wine-8 vs Wine 8 # SKIP Wine, "
			       "libfaketime or the probe is missing\n",
			       *tap);
		else {
			printf("not ok %d - wine-8 vs Wine 8: the probe did "
			       "not run\n",
			       *tap);
			*all_ok = false;
		}
		free(wine);
		free(ran);
		return;
	}
	tally t = {0}, windows = {0};
	unsigned todo = 0; /* of the differences, fields the test marks todo */
	for (size_t i = 0; i < cases->n; i++) {
		const cf_case *c = &cases->v[i];
		if (!ran[i]) {
			t.inexpressible++;
			continue;
		}
		const cf_result *m =
		    &model[i * CS_PROFILE_COUNT + CS_PROFILE_WINE_8];
		if (cf_windows_accepts(c, cs_profile_by_id(CS_PROFILE_WINE_8),
		                       &wine[i]))
			windows.matched++;
		else {
			windows.mismatched++;
			todo += c->wine_todo;
			add_id(&windows, c->id);
		}
		if (cf_same(c, m, &wine[i])) {
			t.matched++;
			continue;
		}
		t.mismatched++;
		add_id(&t, c->id);
		char got[256], w[256];
		cf_describe(c, m, got, sizeof got);
		cf_describe(c, &wine[i], w, sizeof w);
		printf("# wine-8 %s: Wine 8 %s, model %s\n", c->id, w, got);
	}
	report("wine-8 (vs Wine 8)", &t);
	printf("# Wine 8 itself vs Windows: %u as Windows, %u differ (%u of "
	       "them marked todo_wine by the test): %s\n",
	       windows.matched, windows.mismatched, todo, windows.ids);
	printf("%s %d - wine-8 vs Wine 8: %u matched, %u mismatched\n",
	       t.mismatched ? "not ok" : "ok", *tap, t.matched, t.mismatched);
	*all_ok = *all_ok && !t.mismatched;
	free(wine);
	free(ran);
}

int main(int argc, char **argv)
{
	const char *env = getenv("CAPISIM_WINETESTS");
	const char *dir = env && *env ? env : argc > 1 ? argv[1] : NULL;
	char path[4096];
	struct stat sb;
	snprintf(path, sizeof path, "%s/cases.json", dir ? dir : ".");
	if (!dir || stat(path, &sb) != 0) {
		printf("1..0 # SKIP %s not found: the winetests corpus is read "
		       "from ../shared/winetests (or $CAPISIM_WINETESTS)\n",
		       path);
		return 0;
	}
	cf_cases cases;
	if (!cf_cases_load(dir, &cases))
		return 2;
	cf_result *results =
	    calloc(cases.n * CS_PROFILE_COUNT, sizeof *results);
	tally *t = calloc(CS_PROFILE_COUNT, sizeof *t);
	if (!results || !t)
		return 3;
	int tap = 0;
	bool all_ok = true;
	printf("1..%zu\n", sizeof required / sizeof *required + 2);
	printf("# %zu cases from %s\n", cases.n, path);
	if (!run_model(dir, &cases, results, t, &tap, &all_ok))
		return 3;
	unsigned expressible = (unsigned)cases.n - t[0].inexpressible;
	printf("%s %d - %u of %zu cases expressible\n",
	       expressible + 4 >= cases.n ? "ok" : "not ok", ++tap, expressible,
	       cases.n);
	for (size_t i = 0; i < cases.n; i++)
		if (cases.v[i].not_expressible)
			printf("#   not expressible: %s: %s\n", cases.v[i].id,
			       cases.v[i].not_expressible);
	run_wine(dir, &cases, results, &tap, &all_ok);
	free(results);
	free(t);
	cf_cases_free(&cases);
	return all_ok ? 0 : 1;
}
