/* The explanation of a run as data, for the text of `capisim explain` and
 * the cards of `capisim report`: each result (a "step" observation with an
 * HRESULT), grouped with its repetitions that tell the same story, with
 * the sentences of the rules that decided it, the cached objects it used,
 * its expectations, and - when the scenario was at hand - the computed
 * alternatives that would have changed it (sim/counterfactual.h). Built
 * from the trace only (render/explain.h). */
#ifndef CAPISIM_RENDER_EXPLAIN_MODEL_H
#define CAPISIM_RENDER_EXPLAIN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "sim/counterfactual.h"

typedef struct {
	char *sentence;     /* the rule's sentence, its values filled */
	const char *rule;   /* borrowed from the trace */
	const char *source; /* borrowed; NULL when the trace has none */
	size_t obs;         /* index of the observation in the trace */
} cs_ex_reason;

typedef struct {
	char **items;
	size_t n, cap;
} cs_ex_list;

typedef struct {
	size_t first, end; /* trace indices: the step, and the next step */
	unsigned line;
	const char *include; /* the included file of the line, or NULL */
	cs_filetime t;       /* when the first of the group ran */
	const char *t_text, *last_t_text, *account, *action; /* borrowed */
	size_t count; /* repetitions with the same story */
	bool has_hresult;
	uint32_t hresult;
	const char *status; /* "0x..." or NULL */
	const char *words;  /* the outcome's words ("no-client-certificate
	                       403.7"), or NULL */
	bool failed;        /* an error, or an expectation that failed */
	cs_ex_reason *because;
	size_t nbecause;
	cs_ex_list cached;  /* "URL: in-memory copy of SYSTEM, filled ..." */
	cs_ex_list expects; /* "expect ok: held" */
	/* Computed alternatives (NULL: none computed - a trace file) */
	const cs_cf_answer *cf;
} cs_ex_result;

typedef struct {
	const char *title, *profile; /* borrowed; NULL when absent */
	cs_ex_result *r;             /* one per group, in trace order */
	size_t n;
	size_t nresults;  /* results before grouping */
	size_t ntrace;    /* observations in the trace */
	size_t *group_of; /* per observation: its result's group, or SIZE_MAX */
	bool counterfactuals; /* alternatives were computed */
} cs_explanation;

/* Build the explanation of trace (a json_t * array); line != 0 keeps only
 * results of that scenario line. */
CS_MUST_USE cs_status cs_explanation_build(const void *trace, unsigned line,
                                           cs_explanation *out);
void cs_explanation_free(cs_explanation *e);

/* The sentence of obs's rule (obs: a json_t * observation), the row of
 * the rule registry (model/rules.def) filled from obs's fields into buf:
 * {key} is the field's value, a [...] part is left out when a field it
 * names is absent. NULL when obs has no rule or its id has no row. */
const char *cs_rule_sentence(const void *obs, char *buf, size_t cap);

/* The targets for cs_counterfactuals: the first result of every failed
 * group. *out is malloc'ed (NULL when n is 0). */
CS_MUST_USE cs_status cs_explanation_targets(const cs_explanation *e,
                                             cs_cf_target **out, size_t *n);
/* Attach the computed answers to their results (set stays the caller's
 * and must outlive e). */
void cs_explanation_attach(cs_explanation *e, const cs_cf_set *set);

/* "reboot before line 42" and the like: one alternative as a sentence
 * (with the scenario lines that apply it), and the result it gives
 * ("ok" / "error 0x800B010A CERT_E_CHAINING"). */
void cs_ex_alt_text(const cs_ex_result *r, const cs_cf_alt *a, char *buf,
                    size_t cap);
void cs_ex_alt_result(const cs_cf_alt *a, char *buf, size_t cap);

/* A result without an HRESULT whose words do not start with "ok" (a
 * handshake that ended without a client certificate). */
bool cs_ex_words_failed(const cs_ex_result *r);

/* "error 0x800B010A CERT_E_CHAINING" or "ok" for a result (or its words
 * when it has no HRESULT). */
void cs_ex_result_word(const cs_ex_result *r, char *buf, size_t cap);

#endif
