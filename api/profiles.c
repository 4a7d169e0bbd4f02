/* capisim/profiles.h: the one reader of a profile name. */
#include <string.h>

#include "api/api.h"
#include "model/profile.h"
#include "render/profiles_view.h"

cs_status api_profile(const char *name, const cs_profile **out, cs_diag *d)
{
	char err[CS_PROFILE_ERR];
	*out = cs_profile_parse(name, err);
	if (*out)
		return CS_OK;
	cs_diag_set(d, "", 0, 0, "%s", err);
	return CS_ERR_NOT_FOUND;
}

cs_status capisim_profile_check(const char *name, cs_diag *d)
{
	const cs_profile *p;
	memset(d, 0, sizeof *d);
	return api_profile(name, &p, d);
}

cs_status capisim_profiles_write(FILE *out, const char *const *names, size_t n,
                                 bool json, cs_diag *d)
{
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < n; i++) {
		cs_status st = capisim_profile_check(names[i], d);
		if (st != CS_OK)
			return st;
	}
	return cs_profiles_write(out, names, n, json);
}
