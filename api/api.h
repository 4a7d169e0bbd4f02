/* What the files of api/ share: the handles of include/capisim/ over the
 * layers' own types. api/ is the top layer of the library: it may use every
 * layer below, and the program (cli/) uses nothing but it. */
#ifndef CAPISIM_API_API_H
#define CAPISIM_API_API_H

#include "capisim/capisim.h"
#include "engine/machine.h"
#include "model/profile_revocation.h"
#include "model/profile_schannel.h"
#include "sim/scenario/observables.h"
#include "sim/scenario/scenario.h"

struct capisim_scenario {
	cs_pool *pool;
	cs_scenario *s;
};

/* Copies of observations a streamed run keeps for a writer at the end. */
typedef struct {
	cs_obs *v;
	size_t n, cap;
} api_obs_list;

struct capisim_run {
	const capisim_scenario *sc; /* borrowed, or own */
	capisim_scenario *own;      /* capisim_run_file / _string */
	cs_machine machine;
	cs_run_result result;
	bool ran;             /* machine and result hold something to free */
	bool streamed;        /* the trace went to streams, not memory */
	char *failure_text;   /* cs_failures_write's lines, NUL-separated */
	char **failures;      /* pointers into failure_text */
	api_obs_list fetches; /* for the fetch log of a streamed run */
	api_obs_list capi2;   /* for the CAPI2 events of a streamed run */
	cs_observable_verdict *verdicts; /* one per scenario observable */
	cs_profile profile; /* a hypothesis's copy of the profile row */
	cs_revocation_profile revocation;
	cs_schannel_profile schannel;
};

/* Play r->sc with the trace streaming to o's trace_out and view_out
 * (api/run_stream.c); ro holds the other options. The run's status. */
CS_MUST_USE cs_status api_run_streamed(capisim_run *r,
                                       const capisim_run_options *o,
                                       cs_run_options *ro);

/* "unknown profile 'NAME' (known: a, b, ...)" into d, CS_ERR_NOT_FOUND;
 * CS_OK with *out set when name is a profile (api/profiles.c). */
CS_MUST_USE cs_status api_profile(const char *name, const cs_profile **out,
                                  cs_diag *d);

/* The verification's options checked together and its leaf set, on
 * profile (NULL: the one set), before it runs (api/verify.c). */
struct verify_opts;
CS_MUST_USE cs_status api_verify_prepare(capisim_verify *v, const char *leaf,
                                         const char *profile, cs_diag *d);
const struct verify_opts *api_verify_opts(const capisim_verify *v);

#endif
