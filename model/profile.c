/* The general columns of the profiles table (rows in model/profile.h). */
#include "model/profile.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const cs_profile profiles[CS_PROFILE_COUNT] = {
#define CS_PROFILE_ROW(id_, name_, desc_, ua_, wine_, events_) \
	[CS_PROFILE_##id_] = {.id = CS_PROFILE_##id_,          \
	                      .name = name_,                   \
	                      .description = desc_,            \
	                      .user_agent = ua_,               \
	                      .is_wine = wine_,                \
	                      .events = events_},
    CS_PROFILE_ROWS(CS_PROFILE_ROW)
#undef CS_PROFILE_ROW
};

const cs_profile *cs_profile_by_id(cs_profile_id id)
{
	assert(id < CS_PROFILE_COUNT); /* programmer error, not user data */
	return &profiles[id];
}

const cs_profile *cs_profile_find(const char *name)
{
	for (int i = 0; i < CS_PROFILE_COUNT; i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

static const char *profile_names(char *buf, size_t cap)
{
	size_t len = 0;
	if (cap)
		buf[0] = '\0';
	for (int i = 0; i < CS_PROFILE_COUNT && len < cap; i++) {
		int w = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "",
		                 profiles[i].name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

const cs_profile *cs_profile_parse(const char *name, char err[CS_PROFILE_ERR])
{
	const cs_profile *p = cs_profile_find(name);
	if (!p) {
		char known[512];
		snprintf(err, CS_PROFILE_ERR,
		         "unknown profile '%s' (known: %s)", name,
		         profile_names(known, sizeof known));
	}
	return p;
}

const cs_profile *cs_profile_default(void)
{
	return &profiles[CS_PROFILE_WIN7_SP1];
}
