/* "What would have changed it", computed: the scenario is played again and,
 * just before a chosen result's step runs, the machine is cloned
 * (cs_machine_clone) and each alternative applied to a clone - a reboot, a
 * service restart, an account's URL cache deleted, a registry value set or
 * an ACL undone, the clock moved later - then the step itself is played on
 * the clone. A hotfix alternative (a profile named `<profile>-kb...` in the
 * profiles table) plays the whole scenario on that profile. Only
 * alternatives that give a different result are kept, each with the result
 * it gives - those that make the step succeed, or, when none does, those
 * that change it to another failure; a pair of changes is tried only when
 * neither of its halves changes the result alone, so every alternative
 * listed is minimal.
 *
 * Deterministic (the same scenario gives the same alternatives, in the same
 * order) and bounded: at most CS_CF_MAX_TARGETS results, CS_CF_MAX_SINGLES
 * single changes each, their pairs, and one extra run per hotfix profile. */
#ifndef CAPISIM_SIM_COUNTERFACTUAL_H
#define CAPISIM_SIM_COUNTERFACTUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "sim/scenario/scenario.h"

#define CS_CF_MAX_TARGETS 64
#define CS_CF_MAX_SINGLES 12

/* A result to find alternatives for: the step at scenario line `line` that
 * ran at time t (unique: a repeated line runs at a new time each time). */
typedef struct {
	unsigned line;
	cs_filetime t;
	/* The included file the line is in, as the trace names it ("include"),
	 * or NULL for the main file. Borrowed. */
	const char *include;
} cs_cf_target;

typedef enum {
	CS_CF_COMMANDS, /* scenario lines played before the step */
	CS_CF_LATER,    /* the step played `later` ticks after its time */
	CS_CF_PROFILE,  /* the whole scenario on another profile */
	CS_CF_ROOT,     /* a self-issued certificate the machine holds (text:
	                   its subject) added to the machine's Root store */
} cs_cf_kind;

typedef struct {
	cs_cf_kind kind;
	/* CS_CF_COMMANDS: the lines as a scenario writes them, '\n'
	 * between ("as SYSTEM\ncertutil -urlcache * delete"). CS_CF_PROFILE:
	 * the profile's name. CS_CF_LATER: "". */
	char text[800];
	int64_t later;
	/* The result the alternative gives. */
	bool has_hresult;
	uint32_t hresult;
	bool has_status;
	uint32_t status;
	char result[128]; /* the outcome's words ("ok 200"), or "" */
} cs_cf_alt;

typedef struct {
	cs_cf_target target;
	bool found;      /* the step ran at that time in the replay */
	bool tried;      /* alternatives were tried (not over a bound) */
	cs_cf_alt *alts; /* only those that change the result */
	size_t nalts;
} cs_cf_answer;

typedef struct {
	cs_cf_answer *answers; /* one per target, in the targets' order */
	size_t n;
} cs_cf_set;

/* Compute the alternatives for each target (at most CS_CF_MAX_TARGETS; the
 * rest get tried = false). On CS_OK *out is the caller's
 * (cs_cf_set_free). */
CS_MUST_USE cs_status cs_counterfactuals(const cs_scenario *s,
                                         const cs_cf_target *targets,
                                         size_t ntargets, cs_cf_set **out);
void cs_cf_set_free(cs_cf_set *set);

/* The answer for (line, t, include), or NULL. */
const cs_cf_answer *cs_cf_set_find(const cs_cf_set *set, unsigned line,
                                   cs_filetime t, const char *include);

#endif
