/* The plain-English reading of each rule id the engine records (the
 * "because" lines of `capisim explain`) and what kind of change would have
 * altered a failed result that the rule took part in. */
#ifndef CAPISIM_RENDER_EXPLAIN_RULES_H
#define CAPISIM_RENDER_EXPLAIN_RULES_H

#include <stddef.h>

typedef enum {
	CS_CF_NONE,
	CS_CF_URL_CACHE,   /* a URL came from a cache: which one, how to drop it
	                    */
	CS_CF_CHAIN_CACHE, /* the chain came from the engine's memory */
	CS_CF_STL_DISK,    /* authroot.stl came from the account's disk cache */
	CS_CF_STL_MEMORY,  /* authroot.stl came from the process's memory */
	CS_CF_KB2666300,   /* the base CRL was pinned (H-rev-1) */
	CS_CF_ACL,         /* a registry write was denied */
	CS_CF_STALE_SYNC,  /* the disallowed list's last sync was too old */
	CS_CF_ISSUER_LIST, /* Schannel's issuer list was truncated */
	CS_CF_UNTRUSTED,   /* the root was not trusted */
	CS_CF_BACKOFF,     /* cryptnet was backing off a failed URL */
} cs_counterfactual;

typedef struct {
	const char *rule;     /* exact id, or a prefix ending in '.' */
	const char *sentence; /* template: {field}, [optional {field} part] */
	cs_counterfactual cf;
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
