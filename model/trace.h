/* The trace: every decision the engine makes, as a list of observations.
 *
 * An observation has a time, the scenario line that caused it, a kind
 * ("chain", "policy", "fetch", "cache", "event", "registry", "schannel",
 * "note", ...), the acting account, and - when a rule decided it - the rule id
 * and its source (seed file, KB, document). Then its own fields, in the order
 * they were added (the JSON writer keeps that order, so traces diff well).
 * Keys, kinds, rule ids and sources are static strings (borrowed); string
 * values are copied. A disabled trace (fleet runs) records nothing and every
 * call is a cheap no-op on NULL. Writing JSON is trace/'s job, not model/'s. */
#ifndef CAPISIM_MODEL_TRACE_H
#define CAPISIM_MODEL_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"

typedef enum {
	CS_FIELD_STR,
	CS_FIELD_INT,
	CS_FIELD_HEX32,   /* printed "0x%08x", as trust status words */
	CS_FIELD_HRESULT, /* printed "0x%08X", as Windows prints HRESULTs */
	CS_FIELD_BOOL,
	CS_FIELD_TIME, /* printed as ISO 8601 UTC */
	CS_FIELD_LIST, /* a list of child observations (fields only) */
} cs_field_type;

struct cs_obs;

typedef struct {
	const char *key;
	cs_field_type type;
	union {
		char *s;
		int64_t i;
		struct {
			struct cs_obs *items;
			size_t n, cap;
		} list;
	} v;
} cs_field;

typedef struct cs_obs {
	cs_filetime t;
	unsigned line;    /* scenario line, 0 = none */
	const char *file; /* the included file line is in (owned by the
	                     trace); NULL: the main scenario file */
	const char *kind;
	const char *account; /* NULL = machine-wide */
	const char *rule;    /* NULL = no rule decided it */
	const char *source;
	cs_field *fields;
	size_t nfields, cap;
	bool failed; /* an allocation failed inside: trace is partial */
} cs_obs;

typedef struct {
	bool enabled;
	cs_obs *obs;
	size_t n, cap;
	bool oom; /* some observation could not be recorded */
	/* The origin every observation is stamped with (cs_trace_set_origin):
	 * the scenario line the run is playing and its file, and every file
	 * name ever set, owned. */
	unsigned line;
	const char *file;
	char **files;
	size_t nfiles;
} cs_trace;

void cs_trace_init(cs_trace *tr, bool enabled);
void cs_trace_free(cs_trace *tr);

/* Where the following observations come from: the scenario line (0 =
 * none) and its file, NULL for the main file, else an included file's path
 * (copied). The scenario runner sets it for each entry of its agenda (the
 * step it plays, or 0 for a fleet's reboot and the run's end), so the
 * rules that record observations never pass a line around. Observations
 * with line 0 never carry the file. On out of memory the name is dropped
 * and tr->oom set. */
void cs_trace_set_origin(cs_trace *tr, unsigned line, const char *file);

/* Start an observation at time t, stamped with the trace's origin; NULL
 * when the trace is disabled or memory ran out (then tr->oom is set). The
 * pointer is valid until the next cs_trace_begin. */
cs_obs *cs_trace_begin(cs_trace *tr, cs_filetime t, const char *kind,
                       const char *account);
void cs_obs_rule(cs_obs *o, const char *rule, const char *source);
void cs_obs_str(cs_obs *o, const char *key, const char *val);
void cs_obs_int(cs_obs *o, const char *key, int64_t v);
void cs_obs_hex32(cs_obs *o, const char *key, uint32_t v);
void cs_obs_hresult(cs_obs *o, const char *key, uint32_t v);
void cs_obs_bool(cs_obs *o, const char *key, bool v);
void cs_obs_time(cs_obs *o, const char *key, cs_filetime t);
/* Append a child to the list field key (created on first use); the child
 * takes fields only. NULL on NULL o or out of memory. */
cs_obs *cs_obs_list_add(cs_obs *o, const char *key);

/* Field lookups for checkers (expect lines, explain). NULL when absent. */
const cs_field *cs_obs_field(const cs_obs *o, const char *key);
/* key's string; NULL when absent or not a string. */
const char *cs_obs_get_str(const cs_obs *o, const char *key);
/* key's number (INT, HEX32, HRESULT, BOOL, TIME) in *v; false, *v
 * untouched, when absent or not a number. */
bool cs_obs_get_int(const cs_obs *o, const char *key, int64_t *v);

#endif
