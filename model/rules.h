/* The rule registry (model/rules.def): every rule id the engine and the
 * runner record, with its area, the sentence `capisim explain` renders and
 * its source. Code names a rule by symbol, cs_obs_rule(o,
 * CS_RULE_REVOCATION_CRL_GOOD), and the trace carries the dotted id and the
 * row's source, so an id without a row cannot be recorded. */
#ifndef CAPISIM_MODEL_RULES_H
#define CAPISIM_MODEL_RULES_H

#include <stddef.h>

typedef enum {
#define RULE(sym, id, area, sentence, source) CS_RULE_##sym,
#include "model/rules.def"
#undef RULE
	CS_RULE_COUNT
} cs_rule_id;

typedef struct {
	const char *id;       /* "revocation.crl.good" */
	const char *area;     /* "revocation" */
	const char *sentence; /* {field} / [optional part] template */
	const char *source;   /* DOC / SEED / WINE / KB / HYPOTHESIS ... */
} cs_rule;

extern const cs_rule cs_rules[CS_RULE_COUNT];

/* The row of a dotted id; NULL when the registry has none. */
const cs_rule *cs_rule_find(const char *id);

#endif
