/* capisim hypotheses [--markdown|--json] SCENARIO.scn...: play the scenarios
 * under each named alternative of docs/hypotheses.md and score each against
 * the seed observables the scenarios declare (explains / contradicts /
 * silent, computed from their tagged expectations). Uses the public API
 * only (capisim/run.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include <jansson.h>

typedef struct {
	const char *id;   /* borrowed from the first run that declares it */
	const char *text; /* idem */
	const char *file; /* the scenario that declares it (first) */
	/* per alternative: 0 silent, 1 explains, 2 contradicts */
	unsigned char *v;
} obs_row;

typedef struct {
	obs_row *rows;
	size_t n, cap;
	size_t nalt;
	capisim_run **runs; /* kept for their strings: nalt x nfiles */
	size_t nruns;
	/* per alternative: its trace differs from the first's on some
	 * scenario (an alternative of another area changes nothing here) */
	bool *effect;
} table;

static obs_row *row_for(table *t, const char *id, const char *text,
                        const char *file)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].id, id) == 0)
			return &t->rows[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		obs_row *n = realloc(t->rows, cap * sizeof *n);
		if (!n)
			return NULL;
		t->rows = n;
		t->cap = cap;
	}
	obs_row *r = &t->rows[t->n];
	r->v = calloc(t->nalt, 1);
	if (!r->v)
		return NULL;
	r->id = id;
	r->text = text;
	r->file = file;
	t->n++;
	return r;
}

/* Across scenarios: a contradiction anywhere wins, then an explanation. */
static void merge(unsigned char *cell, capisim_observable_verdict v)
{
	unsigned char x = v == CAPISIM_OBSERVABLE_CONTRADICTS ? 2
	                  : v == CAPISIM_OBSERVABLE_EXPLAINS  ? 1
	                                                      : 0;
	if (x > *cell)
		*cell = x;
}

static const char *word(unsigned char v)
{
	return v == 2 ? "contradicts" : v == 1 ? "explains" : "silent";
}

static void counts(const table *t, size_t a, size_t c[3])
{
	c[0] = c[1] = c[2] = 0;
	for (size_t i = 0; i < t->n; i++)
		c[t->rows[i].v[a]]++;
}

/* The alternatives without effect on these scenarios, on one line. */
static void print_no_effect(const table *t, const char *lead)
{
	bool any = false;
	for (size_t a = 1; a < t->nalt; a++) {
		if (t->effect[a])
			continue;
		printf("%s%s", any ? ", " : lead, capisim_hypothesis(a, NULL));
		any = true;
	}
	if (any)
		printf("\n");
}

static void print_text(const table *t)
{
	printf("Alternatives (docs/hypotheses.md):\n");
	for (size_t a = 0; a < t->nalt; a++) {
		if (!t->effect[a])
			continue;
		const char *title;
		const char *id = capisim_hypothesis(a, &title);
		printf("  %c  %-24s %s\n", (int)('A' + a), id, title);
	}
	print_no_effect(t, "No effect on these scenarios (the same trace as "
	                   "A): ");
	printf("\n%-6s", "");
	for (size_t a = 0; a < t->nalt; a++)
		if (t->effect[a])
			printf(" %c ", (int)('A' + a));
	printf("  observable\n");
	for (size_t i = 0; i < t->n; i++) {
		printf("%-6s", t->rows[i].id);
		for (size_t a = 0; a < t->nalt; a++)
			if (t->effect[a])
				printf(" %s ", t->rows[i].v[a] == 1   ? "+"
				               : t->rows[i].v[a] == 2 ? "x"
				                                      : ".");
		printf("  %s\n", t->rows[i].text);
	}
	printf("\n(+ explains, x contradicts, . silent)\n");
	for (size_t a = 0; a < t->nalt; a++) {
		if (!t->effect[a])
			continue;
		size_t c[3];
		counts(t, a, c);
		printf("  %c  explains %zu, contradicts %zu, silent %zu\n",
		       (int)('A' + a), c[1], c[2], c[0]);
	}
}

static void print_markdown(const table *t)
{
	printf("| observable |");
	for (size_t a = 0; a < t->nalt; a++)
		if (t->effect[a])
			printf(" %s |", capisim_hypothesis(a, NULL));
	printf("\n|---|");
	for (size_t a = 0; a < t->nalt; a++)
		if (t->effect[a])
			printf("---|");
	printf("\n");
	for (size_t i = 0; i < t->n; i++) {
		printf("| %s %s |", t->rows[i].id, t->rows[i].text);
		for (size_t a = 0; a < t->nalt; a++)
			if (t->effect[a])
				printf(" %s |", word(t->rows[i].v[a]));
		printf("\n");
	}
	printf("| **explains / contradicts / silent** |");
	for (size_t a = 0; a < t->nalt; a++) {
		if (!t->effect[a])
			continue;
		size_t c[3];
		counts(t, a, c);
		printf(" %zu / %zu / %zu |", c[1], c[2], c[0]);
	}
	printf("\n");
	print_no_effect(t, "\nNo effect on these scenarios (the same trace as "
	                   "the profiles as shipped): ");
}

static int print_json(const table *t)
{
	json_t *alts = json_array(), *rows = json_array();
	for (size_t a = 0; a < t->nalt; a++) {
		const char *title;
		const char *id = capisim_hypothesis(a, &title);
		size_t c[3];
		counts(t, a, c);
		json_array_append_new(
		    alts,
		    json_pack("{s:s, s:s, s:b, s:i, s:i, s:i}", "id", id,
		              "title", title, "effect", t->effect[a],
		              "explains", (json_int_t)c[1], "contradicts",
		              (json_int_t)c[2], "silent", (json_int_t)c[0]));
	}
	for (size_t i = 0; i < t->n; i++) {
		json_t *v = json_object();
		for (size_t a = 0; a < t->nalt; a++)
			json_object_set_new(v, capisim_hypothesis(a, NULL),
			                    json_string(word(t->rows[i].v[a])));
		json_array_append_new(
		    rows, json_pack("{s:s, s:s, s:s, s:o}", "id", t->rows[i].id,
		                    "text", t->rows[i].text, "scenario",
		                    t->rows[i].file, "verdicts", v));
	}
	json_t *root =
	    json_pack("{s:o, s:o}", "alternatives", alts, "observables", rows);
	if (!root)
		return CLI_EXIT_INTERNAL;
	int rc = json_dumpf(root, stdout, JSON_INDENT(2)) ? CLI_EXIT_INTERNAL
	                                                  : CLI_EXIT_OK;
	putchar('\n');
	json_decref(root);
	return rc;
}

/* "C2" before "C10": letters compared as text, digit runs as numbers. */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10);
			unsigned long y = strtoul(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int row_cmp(const void *x, const void *y)
{
	return natural_cmp(((const obs_row *)x)->id, ((const obs_row *)y)->id);
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].v);
	free(t->rows);
	for (size_t i = 0; i < t->nruns; i++)
		capisim_run_free(t->runs[i]);
	free(t->runs);
	free(t->effect);
}

/* The run's trace in memory (free it); NULL on failure. */
static char *trace_of(const capisim_run *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	cs_status st = capisim_run_write_trace(r, f);
	if (fclose(f) != 0 || st != CS_OK) {
		free(buf);
		return NULL;
	}
	return buf;
}

int cli_cmd_hypotheses(int argc, char **argv)
{
	enum { OPT_HELP = 256, OPT_MARKDOWN, OPT_JSON };
	static const struct option opts[] = {
	    {"help", no_argument, NULL, OPT_HELP},
	    {"markdown", no_argument, NULL, OPT_MARKDOWN},
	    {"json", no_argument, NULL, OPT_JSON},
	    {NULL, 0, NULL, 0},
	};
	bool markdown = false, json = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP:
			cli_print_usage(stdout, cli_find_command("hypotheses"));
			return CLI_EXIT_OK;
		case OPT_MARKDOWN:
			markdown = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		default:
			return cli_usage_error("hypotheses",
			                       "unknown option '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("hypotheses", "no scenario given");
	if (markdown && json)
		return cli_usage_error("hypotheses",
		                       "--markdown and --json exclude each "
		                       "other");
	table t = {.nalt = capisim_hypotheses()};
	size_t nfiles = (size_t)(argc - optind);
	t.runs = calloc(t.nalt * nfiles, sizeof *t.runs);
	t.effect = calloc(t.nalt ? t.nalt : 1, sizeof *t.effect);
	if (!t.runs || !t.effect) {
		table_free(&t);
		return CLI_EXIT_INTERNAL;
	}
	if (t.nalt)
		t.effect[0] = true;
	int rc = CLI_EXIT_OK;
	for (size_t f = 0; f < nfiles && rc == CLI_EXIT_OK; f++) {
		const char *path = argv[optind + (int)f];
		char *first = NULL;
		size_t nfirst = 0;
		for (size_t a = 0; a < t.nalt && rc == CLI_EXIT_OK; a++) {
			capisim_run_options o = {
			    .no_trace = false,
			    .hypothesis = capisim_hypothesis(a, NULL)};
			capisim_run *r;
			cs_diag d;
			cs_status st = capisim_run_file(path, &o, &r, &d);
			if (st != CS_OK) {
				rc = cli_fail_status(st, &d);
				break;
			}
			t.runs[t.nruns++] = r;
			size_t n = 0;
			char *tr = trace_of(r, &n);
			if (!tr) {
				rc = CLI_EXIT_INTERNAL;
				break;
			}
			if (a == 0) {
				first = tr;
				nfirst = n;
			} else {
				if (n != nfirst || memcmp(tr, first, n) != 0)
					t.effect[a] = true;
				free(tr);
			}
			for (size_t i = 0; i < capisim_run_observables(r);
			     i++) {
				const char *text;
				capisim_observable_verdict v;
				const char *id =
				    capisim_run_observable(r, i, &text, &v);
				obs_row *row = row_for(&t, id, text, path);
				if (!row) {
					rc = CLI_EXIT_INTERNAL;
					break;
				}
				merge(&row->v[a], v);
			}
		}
		free(first);
	}
	if (rc == CLI_EXIT_OK) {
		qsort(t.rows, t.n, sizeof *t.rows, row_cmp);
		if (json)
			rc = print_json(&t);
		else if (markdown)
			print_markdown(&t);
		else
			print_text(&t);
	}
	/* The profiles as shipped (the first alternative) must explain at
	 * least as many observables as any other. */
	if (rc == CLI_EXIT_OK && t.nalt) {
		size_t c0[3];
		counts(&t, 0, c0);
		for (size_t a = 1; a < t.nalt; a++) {
			size_t ca[3];
			counts(&t, a, ca);
			if (ca[1] > c0[1]) {
				fprintf(
				    stderr,
				    "capisim hypotheses: %s explains more "
				    "observables (%zu) than the profiles as "
				    "shipped (%zu)\n",
				    capisim_hypothesis(a, NULL), ca[1], c0[1]);
				rc = CLI_EXIT_DIFFERENT;
			}
		}
	}
	table_free(&t);
	return rc;
}
