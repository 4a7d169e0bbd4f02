/* The scenario command table: one row per command keyword.
 *
 * The parser knows nothing about individual commands: it splits a line into
 * words, handles the time prefixes (`at`, `every .. until`) and `expect`,
 * looks the keyword up here, checks the words against the row's argument
 * schema, and calls the row's parse function, which validates the words,
 * loads fixture files into the pool and stores its parsed form in
 * step->data. The runner later calls the row's run function at the step's
 * time. An area adds a command by adding one row to cs_scenario_commands[]
 * in sim/scenario/commands.c (and its functions in its own file); the
 * parser is never touched. */
#ifndef CAPISIM_SIM_SCENARIO_COMMANDS_H
#define CAPISIM_SIM_SCENARIO_COMMANDS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/scenario/scenario.h"

/* What parse functions get: the scenario being built and the diagnostics. */
typedef struct {
	cs_scenario *s;
	cs_diag *d;
	cs_filetime now; /* the clock at this step (for @now, from/until) */
	int64_t advance; /* set by a command that moves the clock (advance) */
} cs_parse_ctx;

/* What an action did, for expectations and the trace's "step" record. */
typedef struct cs_outcome {
	bool has_hresult;
	uint32_t hresult; /* 0 = success; else an HRESULT */
	bool has_status;
	uint32_t status; /* chain TrustStatus.dwErrorStatus */
	char note[128];  /* short outcome text for the timeline, or "" */
	/* The command's own outcome as space-separated words, for `expect
	 * result=WORD` ("no-client-certificate 403.7"), or "". */
	char result[128];
	/* The account that did the work when it is not the acting one (a
	 * service's: Windows Update's scan runs as SYSTEM whoever asks); a
	 * name from cs_world_account_name, or NULL. The "step" record names
	 * it. */
	const char *ran_as;
} cs_outcome;

typedef struct {
	cs_machine *m;
	const cs_scenario *s;
	const cs_step *step;
} cs_run_ctx;

/* A command's argument schema: how many positional words (after the
 * keyword) it takes and which key=value options it accepts. Positional
 * words are the ones without '=' (a URL with '=' in its query is still
 * positional when it contains "://"). */
typedef struct {
	unsigned min_pos, max_pos;  /* max_pos CS_ARGS_MANY = no limit */
	const char *const *options; /* NULL-terminated; NULL = none */
} cs_arg_schema;
#define CS_ARGS_MANY 0xffffu

typedef struct cs_command {
	const char *keyword;
	const char *synopsis; /* "verify FILE [policy=..] ..." for errors */
	cs_arg_schema schema;
	/* Validate step->args, load fixtures, set step->data. Errors: fill
	 * pc->d through cs_parse_error and return CS_ERR_SYNTAX. NULL: the
	 * schema check is all there is. */
	CS_MUST_USE cs_status (*parse)(cs_parse_ctx *pc, cs_step *step);
	/* Play the step at m->w.now (already set to the step's time). Return
	 * an error status only for internal failures (out of memory). */
	CS_MUST_USE cs_status (*run)(cs_run_ctx *rc, cs_outcome *out);
	void (*free_data)(void *data); /* NULL: free() */
	bool is_action; /* has an outcome that `expect ok|error=` can test */
	/* Every rule its run reaches reports what it reads that changes
	 * with time (model/horizon.h) and counts its changes of state: a
	 * run that changed nothing is replayed for later occurrences until
	 * its horizon (sim/scenario/reuse.h). */
	bool reusable;
} cs_command;

extern const cs_command cs_scenario_commands[];
extern const size_t cs_scenario_command_count;

const cs_command *cs_command_find(const char *keyword);

/* Helpers for parse functions. */

/* Fill d for a problem at column col of line o (file:line:col, the message,
 * the source line for the caret); returns CS_ERR_SYNTAX. The one place the
 * parser and the commands make diagnostics. */
cs_status cs_origin_verror(cs_diag *d, const cs_origin *o, unsigned col,
                           const char *fmt, va_list ap)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;
/* Fill pc->d for a problem at column col of the step's line; returns
 * CS_ERR_SYNTAX. */
cs_status cs_parse_error(cs_parse_ctx *pc, const cs_step *step, unsigned col,
                         const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Value of option key=... among step->args, or NULL; *col its column. */
const char *cs_step_option(const cs_step *step, const char *key, unsigned *col);
/* The i-th positional word, or NULL. */
const cs_tok *cs_step_pos(const cs_step *step, size_t i);
size_t cs_step_npos(const cs_step *step);

/* A time word: ISO 8601 UTC ("2010-07-09T12:00:00Z"), "now", or
 * "now+DURATION" / "now-DURATION" relative to pc->now. */
CS_MUST_USE cs_status cs_parse_time_word(cs_parse_ctx *pc, const cs_step *step,
                                         const cs_tok *tok, cs_filetime *out);
CS_MUST_USE cs_status cs_parse_duration_word(cs_parse_ctx *pc,
                                             const cs_step *step,
                                             const cs_tok *tok, int64_t *out);
/* An http://, https:// or ldap:// URL with a host. */
CS_MUST_USE cs_status cs_parse_url_word(cs_parse_ctx *pc, const cs_step *step,
                                        const cs_tok *tok);
/* Load a fixture (path relative to the step's file) into the pool. */
CS_MUST_USE cs_status cs_parse_fixture(cs_parse_ctx *pc, const cs_step *step,
                                       const cs_tok *tok, cs_bytes *out,
                                       const char **name);
/* Every certificate of a fixture file (DER, or each block of a PEM
 * bundle), interned; *out a malloc'd array the caller frees. */
struct cs_cert;
CS_MUST_USE cs_status cs_parse_certs(cs_parse_ctx *pc, const cs_step *step,
                                     const cs_tok *tok,
                                     const struct cs_cert ***out, size_t *n);
/* Load a certificate fixture (DER or PEM) and intern it. */
struct cs_cert;
CS_MUST_USE cs_status cs_parse_cert(cs_parse_ctx *pc, const cs_step *step,
                                    const cs_tok *tok,
                                    const struct cs_cert **out);
/* The path of a fixture word as the pool knows it (step dir + word). */
CS_MUST_USE cs_status cs_fixture_path(const cs_step *step, const cs_tok *tok,
                                      char *buf, size_t cap);
/* The process a service word of `as` names: "lsass", "w3wp", "svchost"
 * for CryptSvc; NULL for an account word. */
const char *cs_service_process(const char *word);
/* An account name: SYSTEM, LocalSystem, LocalService, NetworkService,
 * Administrator, user:NAME, or a process/service name (lsass, w3wp,
 * CryptSvc -> the account it runs as). Writes the world's spelling
 * ("SYSTEM", "user:alice") to out. */
CS_MUST_USE cs_status cs_parse_account_word(cs_parse_ctx *pc,
                                            const cs_step *step,
                                            const cs_tok *tok,
                                            char out[CS_ACCOUNT_NAME_MAX]);
/* Intern a string in the scenario (freed with it); NULL on OOM. */
char *cs_scenario_strdup(cs_scenario *s, const char *str);

/* Helpers for run functions: the step's record in the trace gets the
 * outcome; these add observations of the scenario's own actions. */
cs_account cs_run_account(const cs_run_ctx *rc);
const char *cs_run_account_name(const cs_run_ctx *rc);

#endif
