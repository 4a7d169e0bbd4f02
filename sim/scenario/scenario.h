/* Scenarios: the timeline language (docs/scenario-language.md), parsed into
 * steps, and the runner that plays them on one simulated machine.
 *
 * Parsing does everything that can fail on bad input: every line is read,
 * every include followed, every time computed, every fixture file loaded
 * into the pool, every account/profile/URL checked - so a run either starts
 * with a complete, valid scenario or nothing happens at all (no output
 * written). Running never fails on user input; it fails only when memory
 * runs out or the model reports an internal error.
 *
 * Time is computed at parse time: `start`, `at`, `advance` and `every ..
 * until` are the only ways the clock moves, so each step carries the
 * absolute time it runs at. */
#ifndef CAPISIM_SIM_SCENARIO_SCENARIO_H
#define CAPISIM_SIM_SCENARIO_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/status.h"
#include "engine/machine.h"
#include "pki/pool.h"

/* Includes nest at most this deep: deeper is certainly a mistake (a loop
 * through different spellings of one path is caught earlier). */
#define CS_SCENARIO_INCLUDE_DEPTH 16
/* One scenario line; longer lines are an error, not truncated. */
#define CS_SCENARIO_LINE_MAX 4096
/* The last instant the text forms can write: 9999-12-31T23:59:59.9999999Z
 * (capisim/clock.h, CS_YEAR_MAX). The clock never moves past it. */
#define CS_SCENARIO_TIME_MAX INT64_C(2650467743999999999)
/* Steps one scenario runs, each repetition of an `every` line counted: a
 * bound on what a few lines can ask for (`every 1t until` a day later
 * would be 8.64 * 10^11). A week of `every 1s` fits. */
#define CS_SCENARIO_RUNS_MAX UINT64_C(1000000)
/* Tokens on one line. */
#define CS_SCENARIO_TOKENS_MAX 64

/* A word of a line, with where it came from (for diagnostics). */
typedef struct {
	char *text;   /* unquoted; owned by the scenario */
	unsigned col; /* 1-based byte column of its first character */
} cs_tok;

/* Where a step came from. */
typedef struct {
	const char *file; /* owned by the scenario (one per source file) */
	const char *dir;  /* the file's folder, relative to the pool's base
	                     ("" for the main file), ends with '/' if not "" */
	unsigned line;
	const char *src; /* the source line, for diagnostics */
	/* NULL in the main file; in an included file, its path as the main
	 * file's folder sees it (the trace's "include": docs/trace-format.md)
	 */
	const char *include;
} cs_origin;

typedef enum {
	CS_EXPECT_OK,           /* the action succeeded (HRESULT 0) */
	CS_EXPECT_ERROR,        /* the action's HRESULT equals u */
	CS_EXPECT_STATUS,       /* the chain's dwErrorStatus equals u */
	CS_EXPECT_EVENT,        /* n events with id u (source s) were logged */
	CS_EXPECT_FETCH,        /* a wire request for url s was made */
	CS_EXPECT_NO_FETCH,     /* no wire request for url s */
	CS_EXPECT_CACHE_HIT,    /* url s was served from a cache */
	CS_EXPECT_EVENTS_SINCE, /* the events logged since t are ids[] */
	CS_EXPECT_RESULT,       /* s is one of the outcome's result words */
	CS_EXPECT_FILES_MODIFIED, /* the files listed with mtime t are s */
} cs_expect_kind;

typedef struct {
	cs_expect_kind kind;
	unsigned col;    /* column of the item, for failure reports */
	char *text;      /* the item as written, for reports */
	uint32_t u;      /* error / status / event id */
	const char *s;   /* url or event source (borrowed from tokens); files
	                  * modified: the names, space separated, or "" */
	long count;      /* event count, -1 = at least one */
	cs_filetime t;   /* events since; files modified */
	const char *log; /* events since: only this log (NULL = all) */
	unsigned *ids;   /* events since: expected ids in order */
	size_t nids;
	/* The seed observables this item stands for (`obs=ID,...` before it
	 * on its line), comma separated; NULL when none. With tag_given the
	 * item is a precondition of those observables (`given=ID,...`): when
	 * it fails, the observable is not judged. */
	const char *tag;
	bool tag_given;
} cs_expect;

/* `observable ID TEXT`: a seed observable the scenario's tagged
 * expectations reproduce (sim/scenario/observables.h). */
typedef struct {
	const char *id;   /* [A-Za-z0-9._-]+ */
	const char *text; /* one line */
} cs_observable;

struct cs_command; /* sim/scenario/commands.h */

typedef struct cs_step {
	cs_origin at_src;
	const struct cs_command *cmd; /* NULL: expectations only */
	cs_filetime t;                /* when it runs */
	int64_t every;                /* > 0: repeat every .. */
	cs_filetime until;            /* .. while t < until */
	cs_tok *args;                 /* words after the keyword */
	size_t nargs;
	unsigned cmd_col; /* column of the keyword */
	char *action;     /* the command as written (trace, timeline) */
	void *data;       /* the command's parsed form, owned */
	cs_expect *expects;
	size_t nexpects;
} cs_step;

typedef struct cs_scenario {
	char *title;
	char **sources; /* `source` lines, in order */
	size_t nsources;
	const cs_profile *profile;
	cs_filetime start;
	bool has_seed;
	uint64_t seed;
	cs_step *steps;
	size_t nsteps, capsteps;
	cs_filetime end;            /* the clock after the last step */
	cs_observable *observables; /* in declaration order */
	size_t nobservables;
	/* Owned strings: file names, dirs, source lines. */
	char **strings;
	size_t nstrings, capstrings;
	cs_pool *pool; /* borrowed: fixtures are loaded into it */
} cs_scenario;

/* Parse path (relative to the current directory or absolute). Fixture
 * paths in it are relative to the scenario file's folder; the pool must
 * have been created with that folder as its base (cs_scenario_base_dir).
 * On bad input: CS_ERR_SYNTAX (or CS_ERR_IO for an unreadable file) with d
 * filled (file:line:col, message, source line). */
CS_MUST_USE cs_status cs_scenario_parse_file(cs_scenario **out,
                                             const char *path, cs_pool *pool,
                                             cs_diag *d);
/* The same from a string; name is used in diagnostics. */
CS_MUST_USE cs_status cs_scenario_parse_string(cs_scenario **out,
                                               const char *name,
                                               const char *text, cs_pool *pool,
                                               cs_diag *d);
void cs_scenario_free(cs_scenario *s);

/* The folder part of path ("." when none), written to buf. */
const char *cs_scenario_base_dir(const char *path, char *buf, size_t cap);

/* One failed expectation, for reports. */
typedef struct {
	const cs_step *step;
	const cs_expect *expect; /* NULL: the step itself failed */
	cs_filetime t;           /* first time it failed */
	unsigned long times;     /* how many times it failed (every ..) */
	char detail[256];        /* what was found instead */
} cs_failure;

typedef struct {
	cs_failure *failures;
	size_t nfailures, capfailures;
	unsigned long expectations_checked;
	unsigned long steps_run;
	/* Of steps_run, the occurrences replayed from a recorded result
	 * (sim/scenario/reuse.h) instead of played on the engine. */
	unsigned long steps_replayed;
	/* --reuse check found a replay that would have differed from the
	 * naive run (the run then fails with CS_ERR_INTERNAL): the step, the
	 * instant and what differs. "" otherwise. */
	char reuse_error[384];
} cs_run_result;

/* How the runner plays occurrences of reusable steps (model/horizon.h). */
typedef enum {
	CS_REUSE_ON,    /* replay recorded results while they hold */
	CS_REUSE_OFF,   /* play every occurrence on the engine */
	CS_REUSE_CHECK, /* play every occurrence on the engine, and fail
	                   where a replay would have differed */
} cs_reuse_mode;

typedef struct {
	bool has_until; /* --until: stop before steps later than until */
	cs_filetime until;
	bool trace; /* record the trace (false: faster, for benches) */
	/* Per-machine overrides for fleet runs (sim/fleet); zero values
	 * play the scenario as written. The parsed scenario is shared and
	 * never modified. */
	const cs_profile *profile; /* NULL: the scenario's `profile` */
	/* > 0: the machine's own steps run this much later; the network's
	 * (serve, fail, latency) keep their times, as the outside world keeps
	 * its calendar. The run ends at end + shift. */
	int64_t shift;
	/* > 0: the machine also reboots every reboot_every ticks, the first
	 * at start + shift + reboot_every. */
	int64_t reboot_every;
	/* Non-NULL (and reboot_every 0): the machine reboots at the instants
	 * this returns, each after the one before (the first after start +
	 * shift); fleets draw them (random reboots). */
	cs_filetime (*next_reboot)(void *ctx, cs_filetime after);
	void *next_reboot_ctx;
	/* > 0: at patch_at (calendar time) the machine's profile becomes
	 * patch_profile and it reboots, as installing an update does. */
	cs_filetime patch_at;
	const cs_profile *patch_profile;
	/* Called after each command with its time and HRESULT (has_hresult
	 * false for commands without one): lets a fleet aggregate outcomes
	 * without a trace. */
	void (*on_step)(void *ctx, const cs_step *step, cs_filetime t,
	                bool has_hresult, uint32_t hresult);
	void *on_step_ctx;
	/* The same for count occurrences at first, first + every, ... with
	 * one outcome (replays folded together); NULL: on_step for each. */
	void (*on_steps)(void *ctx, const cs_step *step, cs_filetime first,
	                 int64_t every, unsigned long count, bool has_hresult,
	                 uint32_t hresult);
	cs_reuse_mode reuse;
	/* Self-test of CS_REUSE_CHECK only (tests/test_reuse.c): memos
	 * ignore the horizons the rules report, as a rule that forgot to
	 * report would - the check must then fail. */
	bool test_ignore_horizons;
	/* Non-NULL: the trace streams to this sink (model/trace.h) and only
	 * what one agenda entry records is in memory at a time; the machine's
	 * trace then holds nothing at the end. */
	const cs_trace_sink *trace_sink;
	/* Called before each command runs, once the clock has moved to its
	 * time: lets sim/counterfactual.c clone the machine as the step finds
	 * it. A status other than CS_OK stops the run with that status. */
	CS_MUST_USE cs_status (*before_step)(void *ctx, cs_machine *m,
	                                     const cs_step *step);
	void *before_step_ctx;
	/* Non-NULL: the run's tables come from here and go back to it, for
	 * callers that run many machines (sim/scenario/workspace.h); NULL:
	 * the run allocates its own. */
	struct cs_run_workspace *workspace;
} cs_run_options;

/* Boot a machine for s (its profile, start, seed) and play every step.
 * m must be freed by the caller (cs_machine_free) whatever the result; res
 * with cs_run_result_free. */
CS_MUST_USE cs_status cs_scenario_run(const cs_scenario *s,
                                      const cs_run_options *opt, cs_machine *m,
                                      cs_run_result *res);
void cs_run_result_free(cs_run_result *r);

struct cs_outcome;
/* Run step's command on m at m's current time, as the runner would (no
 * "step" observation, no expectations): for replaying one step on a clone.
 * out receives the outcome (commands.h: cs_outcome). */
CS_MUST_USE cs_status cs_scenario_step_play(const cs_scenario *s,
                                            const cs_step *step, cs_machine *m,
                                            struct cs_outcome *out);

#endif
