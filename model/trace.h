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
#include "model/rules.h"

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
	/* A TIME field that is the observation's own time (cs_obs_now): a
	 * replayed result (model/horizon.h) moves it with the observation. */
	bool now;
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
	/* A list child's observation (cs_obs_list_add), valid while it is
	 * being filled; NULL for a top-level one. */
	struct cs_obs *parent;
} cs_obs;

/* Where a streamed trace goes (cs_trace_stream): write gets each
 * finished observation once, in order. render and replay are optional:
 * render turns an observation into the sink's own form, kept by whoever
 * replays results (sim/scenario/reuse.c), and replay writes that form
 * again at another time - what makes a replayed result cost what it
 * writes, not what building and serialising it costs. */
typedef struct {
	CS_MUST_USE cs_status (*write)(void *ctx, const struct cs_obs *o);
	void *(*render)(void *ctx, const struct cs_obs *o);
	CS_MUST_USE cs_status (*replay)(void *ctx, const void *rendered,
	                                cs_filetime t);
	void (*free_rendered)(void *ctx, void *rendered);
	void *ctx;
} cs_trace_sink;

typedef struct {
	bool enabled;
	cs_obs *obs; /* in memory: all of them, or when streamed the ones
	                not written yet */
	size_t n, cap;
	size_t total; /* observations recorded, written ones included */
	const cs_trace_sink *sink; /* NULL: kept in memory */
	cs_status sink_status;     /* the first failure of the sink */
	bool oom;                  /* some observation could not be recorded */
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

/* Stream the trace: from now on observations go to sink as they are
 * finished (cs_trace_flush) and leave memory, so memory follows the
 * machine's state, not the trace's length. The sink outlives the trace's
 * use. */
void cs_trace_stream(cs_trace *tr, const cs_trace_sink *sink);
/* Hand the observations recorded so far to the sink and free them. The
 * scenario runner calls it after each entry of its agenda: nothing reads
 * an observation after that. No sink: nothing happens. The first failure
 * of the sink is returned (and kept in sink_status). */
CS_MUST_USE cs_status cs_trace_flush(cs_trace *tr);
/* The sink's rendering of o, for later replays (cs_trace_replay); NULL
 * when the trace keeps observations in memory or the sink cannot render
 * (replays then append copies). Free with cs_trace_free_rendered. */
void *cs_trace_render(cs_trace *tr, const cs_obs *o);
void cs_trace_free_rendered(cs_trace *tr, void *rendered);
/* Write a rendered observation again, at time t, after everything
 * recorded so far. */
CS_MUST_USE cs_status cs_trace_replay(cs_trace *tr, const void *rendered,
                                      cs_filetime t);

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
/* Some observation could not be recorded whole (out of memory): the trace
 * is partial and the run must fail. */
bool cs_trace_failed(const cs_trace *tr);
/* The rule that decided o (model/rules.h): the trace carries its dotted id
 * and the registry's source. */
void cs_obs_rule(cs_obs *o, cs_rule_id rule);
void cs_obs_str(cs_obs *o, const char *key, const char *val);
void cs_obs_int(cs_obs *o, const char *key, int64_t v);
void cs_obs_hex32(cs_obs *o, const char *key, uint32_t v);
void cs_obs_hresult(cs_obs *o, const char *key, uint32_t v);
void cs_obs_bool(cs_obs *o, const char *key, bool v);
void cs_obs_time(cs_obs *o, const char *key, cs_filetime t);
/* A TIME field whose value is the observation's time because it is now
 * (a verify time without pTime): printed as cs_obs_time prints it, and
 * moved with the observation when a result is replayed. */
void cs_obs_now(cs_obs *o, const char *key);
/* Append a child to the list field key (created on first use); the child
 * takes fields only. NULL on NULL o or out of memory. */
cs_obs *cs_obs_list_add(cs_obs *o, const char *key);

/* Copies, for results replayed instead of recomputed (model/horizon.h,
 * sim/scenario/reuse.c): dst becomes a deep copy of src moved by delta
 * ticks (its time and its now fields); CS_ERR_NOMEM leaves dst empty.
 * cs_obs_clear frees a copy's contents. */
CS_MUST_USE cs_status cs_obs_copy(cs_obs *dst, const cs_obs *src,
                                  int64_t delta);
void cs_obs_clear(cs_obs *o);
/* Append a copy of src moved by delta, with src's origin. */
CS_MUST_USE cs_status cs_trace_append(cs_trace *tr, const cs_obs *src,
                                      int64_t delta);
/* a equals b moved by delta (times, now fields, every field in order). */
bool cs_obs_same(const cs_obs *a, const cs_obs *b, int64_t delta);

/* Field lookups for checkers (expect lines, explain). NULL when absent. */
const cs_field *cs_obs_field(const cs_obs *o, const char *key);
/* key's string; NULL when absent or not a string. */
const char *cs_obs_get_str(const cs_obs *o, const char *key);
/* key's number (INT, HEX32, HRESULT, BOOL, TIME) in *v; false, *v
 * untouched, when absent or not a number. */
bool cs_obs_get_int(const cs_obs *o, const char *key, int64_t *v);

#endif
