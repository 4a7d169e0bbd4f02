/* The plain-English reading of each rule id the engine records (the
 * "because" lines of `capisim explain`). What would have changed a result
 * is computed, not written here (sim/counterfactual.h). */
#ifndef CAPISIM_RENDER_EXPLAIN_RULES_H
#define CAPISIM_RENDER_EXPLAIN_RULES_H

#include <stddef.h>

typedef struct {
	const char *rule;     /* exact id, or a prefix ending in '.' */
	const char *sentence; /* template: {field}, [optional {field} part] */
} cs_rule_text;

/* The entry for rule (exact match first, then the longest prefix); NULL
 * when the rule is not described. */
const cs_rule_text *cs_rule_text_find(const char *rule);

/* Fill template tpl from the fields of obs (a json_t * object) into buf:
 * {key} is the field's value; a [...] part is left out when a field it
 * names is absent. Returns buf. */
char *cs_rule_template_fill(const char *tpl, const void *obs, char *buf,
                            size_t cap);

#endif
