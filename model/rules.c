/* The rule registry's rows (see model/rules.h, model/rules.def). */
#include "model/rules.h"

#include <string.h>

const cs_rule cs_rules[CS_RULE_COUNT] = {
#define RULE(sym, id, area, sentence, source) \
	[CS_RULE_##sym] = {id, area, sentence, source},
#include "model/rules.def"
#undef RULE
};

const cs_rule *cs_rule_find(const char *id)
{
	for (size_t i = 0; id && i < CS_RULE_COUNT; i++)
		if (strcmp(cs_rules[i].id, id) == 0)
			return &cs_rules[i];
	return NULL;
}
