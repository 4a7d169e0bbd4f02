/* The trace diff behind `capisim compare A.jsonl B.jsonl` (docs/compare.md,
 * "Reading the diff").
 *
 * Both files are JSON Lines, one observation per line: `capisim verify
 * --json` objects, probe traces, scenario traces and importer output alike.
 *
 * A run's trace records a verification as a "chain" observation and, later
 * in the same step, a "policy" one: the two are folded into one "verify"
 * observation first (chain_flags, chain{error_status, info_status,
 * elements}, policy{name, error, chain_index, element_index}), the shape
 * `capisim verify --json`, the Wine probe and the importers give.
 *
 * Selection (--only, --log): after the fold, observations of other kinds,
 * and events of other logs, are dropped from both sides.
 *
 * Pairing: an observation's kind is its "kind" field, else "verify" when it
 * has "chain" or "policy", "revocation" when it has "revocation", "fetch"
 * when it has "url". Observations of one kind pair up by scenario line
 * ("step") when every observation of that kind in both files has one (the
 * n-th of a step with the n-th of the same step), otherwise by order (the
 * n-th with the n-th). An observation with no partner is "only in" its file.
 *
 * Fields: nested objects and arrays are flattened to paths
 * ("chain.elements[1].error_status", and "chain.elements#" for an array's
 * length). A path is compared when both observations have it; a path one
 * side does not observe (certutil prints no policy indexes, Wine no rule
 * ids) is not a difference. Never compared: "profile" (the two sides differ
 * by design), "clock" (the probe's own clock read-back), "rule" and
 * "source" (model-only provenance), "subject" (each tool formats names its
 * own way; "thumbprint_sha1" identifies the certificate exactly), "line"
 * (an importer's input line), "kind" and "step" (they paired the two). Values:
 * "0x..." strings compare as numbers (0x1000040 == 0x01000040), ISO 8601 times
 * as instants, hex digests without regard to case, anything else exactly. A
 * pair with no path in common is a difference ("nothing to compare"), never a
 * silent match. */
#ifndef CAPISIM_COMPARE_DIFF_H
#define CAPISIM_COMPARE_DIFF_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "capisim/capisim.h"

typedef struct {
	unsigned matched;
	unsigned different; /* includes the only-in-one observations */
	unsigned only_a, only_b;
} cmp_summary;

typedef struct {
	const char *name_a, *name_b; /* for messages ("A.jsonl") */
	int verbose;                 /* 1: also list matched observations */
	const char *only; /* "verify,event": compare only these kinds (after
	                     the fold); NULL = every kind */
	const char *log;  /* compare only the "event" observations of this
	                     log (a CAPI2 export has no Application events);
	                     NULL = every log */
} cmp_opts;

/* Compare two JSON Lines texts; report to out. CS_ERR_SYNTAX (with d set to
 * file:line:col) when a line is not a JSON object. */
CS_MUST_USE cs_status cmp_texts(const char *a, const char *b, const cmp_opts *o,
                                FILE *out, cmp_summary *sum, cs_diag *d);

/* Same, reading the files. */
CS_MUST_USE cs_status cmp_files(const char *path_a, const char *path_b,
                                const cmp_opts *o, FILE *out, cmp_summary *sum,
                                cs_diag *d);

/* One run's "chain" and "policy" observations (trace objects) folded into
 * the "verify" observation the comparison uses (policy may be NULL). New
 * reference. */
json_t *cmp_fold_verify(json_t *chain, json_t *policy);

/* Every field path a and b both have, flattened and compared as the diff
 * does (ignored keys left out), in a's order: fn gets the path, both values
 * and whether they agree. Returns how many paths were compared. */
typedef void (*cmp_field_fn)(void *ctx, const char *path, json_t *a, json_t *b,
                             bool same);
unsigned cmp_each_field(json_t *a, json_t *b, cmp_field_fn fn, void *ctx);

/* A field's value as the diff prints it: a string bare, anything else as
 * compact JSON. */
void cmp_print_value(FILE *out, json_t *v);

/* The summary line "N matched, N different" (+ the only-in-one split). */
void cmp_print_summary(FILE *out, const cmp_opts *o, const cmp_summary *s);

#endif
