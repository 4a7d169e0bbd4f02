/* capisim/run.h's capisim_hypotheses_score: play scenarios under each named
 * alternative of docs/hypotheses.md and score each against the seed
 * observables the scenarios declare (explains / contradicts / silent,
 * computed from their tagged expectations). Built on the run API alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "model/alloc.h"

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
		obs_row *n = cs_realloc(t->rows, cap * sizeof *n);
		if (!n)
			return NULL;
		t->rows = n;
		t->cap = cap;
	}
	obs_row *r = &t->rows[t->n];
	r->v = cs_calloc(t->nalt ? t->nalt : 1, 1);
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
static void print_no_effect(FILE *out, const table *t, const char *lead)
{
	bool any = false;
	for (size_t a = 1; a < t->nalt; a++) {
		if (t->effect[a])
			continue;
		fprintf(out, "%s%s", any ? ", " : lead,
		        capisim_hypothesis(a, NULL));
		any = true;
	}
	if (any)
		fprintf(out, "\n");
}

static void print_text(FILE *out, const table *t)
{
	fprintf(out, "Alternatives (docs/hypotheses.md):\n");
	for (size_t a = 0; a < t->nalt; a++) {
		if (!t->effect[a])
			continue;
		const char *title;
		const char *id = capisim_hypothesis(a, &title);
		fprintf(out, "  %c  %-24s %s\n", (int)('A' + a), id, title);
	}
	print_no_effect(out, t,
	                "No effect on these scenarios (the same trace as "
	                "A): ");
	fprintf(out, "\n%-6s", "");
	for (size_t a = 0; a < t->nalt; a++)
		if (t->effect[a])
			fprintf(out, " %c ", (int)('A' + a));
	fprintf(out, "  observable\n");
	for (size_t i = 0; i < t->n; i++) {
		fprintf(out, "%-6s", t->rows[i].id);
		for (size_t a = 0; a < t->nalt; a++)
			if (t->effect[a])
				fprintf(out, " %s ",
				        t->rows[i].v[a] == 1   ? "+"
				        : t->rows[i].v[a] == 2 ? "x"
				                               : ".");
		fprintf(out, "  %s\n", t->rows[i].text);
	}
	fprintf(out, "\n(+ explains, x contradicts, . silent)\n");
	for (size_t a = 0; a < t->nalt; a++) {
		if (!t->effect[a])
			continue;
		size_t c[3];
		counts(t, a, c);
		fprintf(out,
		        "  %c  explains %zu, contradicts %zu, silent %zu\n",
		        (int)('A' + a), c[1], c[2], c[0]);
	}
}

static void print_markdown(FILE *out, const table *t)
{
	fprintf(out, "| observable |");
	for (size_t a = 0; a < t->nalt; a++)
		if (t->effect[a])
			fprintf(out, " %s |", capisim_hypothesis(a, NULL));
	fprintf(out, "\n|---|");
	for (size_t a = 0; a < t->nalt; a++)
		if (t->effect[a])
			fprintf(out, "---|");
	fprintf(out, "\n");
	for (size_t i = 0; i < t->n; i++) {
		fprintf(out, "| %s %s |", t->rows[i].id, t->rows[i].text);
		for (size_t a = 0; a < t->nalt; a++)
			if (t->effect[a])
				fprintf(out, " %s |", word(t->rows[i].v[a]));
		fprintf(out, "\n");
	}
	fprintf(out, "| **explains / contradicts / silent** |");
	for (size_t a = 0; a < t->nalt; a++) {
		if (!t->effect[a])
			continue;
		size_t c[3];
		counts(t, a, c);
		fprintf(out, " %zu / %zu / %zu |", c[1], c[2], c[0]);
	}
	fprintf(out, "\n");
	print_no_effect(out, t,
	                "\nNo effect on these scenarios (the same trace as "
	                "the profiles as shipped): ");
}

static cs_status print_json(FILE *out, const table *t)
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
		return cs_alloc_failed();
	cs_status rc =
	    json_dumpf(root, out, JSON_INDENT(2)) ? CS_ERR_IO : CS_OK;
	fputc('\n', out);
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

cs_status capisim_hypotheses_score(const char *const *paths, size_t nfiles,
                                   capisim_hypotheses_format fmt, FILE *out,
                                   FILE *warn, bool *better, cs_diag *d)
{
	memset(d, 0, sizeof *d);
	if (better)
		*better = false;
	table t = {.nalt = capisim_hypotheses()};
	t.runs = cs_calloc(t.nalt * nfiles + 1, sizeof *t.runs);
	t.effect = cs_calloc(t.nalt ? t.nalt : 1, sizeof *t.effect);
	if (!t.runs || !t.effect) {
		table_free(&t);
		return cs_alloc_failed();
	}
	if (t.nalt)
		t.effect[0] = true;
	cs_status st = CS_OK;
	for (size_t f = 0; f < nfiles && st == CS_OK; f++) {
		const char *path = paths[f];
		char *first = NULL;
		size_t nfirst = 0;
		for (size_t a = 0; a < t.nalt && st == CS_OK; a++) {
			capisim_run_options o = {
			    .no_trace = false,
			    .hypothesis = capisim_hypothesis(a, NULL)};
			capisim_run *r;
			st = capisim_run_file(path, &o, &r, d);
			if (st != CS_OK)
				break;
			t.runs[t.nruns++] = r;
			size_t n = 0;
			char *tr = trace_of(r, &n);
			if (!tr) {
				st = cs_alloc_failed();
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
					st = cs_alloc_failed();
					break;
				}
				merge(&row->v[a], v);
			}
		}
		free(first);
	}
	if (st == CS_OK) {
		qsort(t.rows, t.n, sizeof *t.rows, row_cmp);
		if (fmt == CAPISIM_HYPOTHESES_JSON)
			st = print_json(out, &t);
		else if (fmt == CAPISIM_HYPOTHESES_MARKDOWN)
			print_markdown(out, &t);
		else
			print_text(out, &t);
		if (st == CS_OK && ferror(out))
			st = CS_ERR_IO;
	}
	/* The profiles as shipped (the first alternative) must explain at
	 * least as many observables as any other. */
	if (st == CS_OK && t.nalt) {
		size_t c0[3];
		counts(&t, 0, c0);
		for (size_t a = 1; a < t.nalt; a++) {
			size_t ca[3];
			counts(&t, a, ca);
			if (ca[1] <= c0[1])
				continue;
			if (warn)
				fprintf(warn,
				        "capisim hypotheses: %s explains more "
				        "observables (%zu) than the profiles "
				        "as shipped (%zu)\n",
				        capisim_hypothesis(a, NULL), ca[1],
				        c0[1]);
			if (better)
				*better = true;
		}
	}
	table_free(&t);
	return st;
}
