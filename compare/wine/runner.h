/* The Wine runner: runs one probe plan (compare/probe/plan.h) in Wine under
 * a controlled clock and a loopback network, and returns the probe's trace.
 *
 * One WINEPREFIX is created on first use and reused (its creation costs
 * seconds); one probe process runs the whole plan. The process clock is
 * libfaketime's: LD_PRELOAD, FAKETIME_TIMESTAMP_FILE naming a file the probe
 * rewrites before each step, FAKETIME_NO_CACHE=1 so every clock read sees
 * the file, and FAKETIME_DONT_FAKE_MONOTONIC=1 so Wine's timeouts keep real
 * time. The network is httpd.h's proxy, set as http_proxy. */
#ifndef CAPISIM_COMPARE_WINE_RUNNER_H
#define CAPISIM_COMPARE_WINE_RUNNER_H

#include "capisim/capisim.h"

typedef struct {
	const char *wine;     /* NULL: $CAPISIM_WINE, wine64 or wine on PATH */
	const char *probe;    /* NULL: $CAPISIM_PROBE or default_probe */
	const char *prefix;   /* NULL: $CAPISIM_WINEPREFIX or default_prefix */
	const char *faketime; /* NULL: $CAPISIM_LIBFAKETIME or Debian's path */
	const char
	    *fetch_log;     /* NULL: none kept; else the proxy's request log */
	unsigned timeout_s; /* the whole probe run; 0 = 300 s */
	/* Used when neither the option nor the environment names one (the
	 * caller's: a build tree's or an installation's; NULL: none). */
	const char *default_probe, *default_prefix;
} wine_run_opts;

/* Run plan_path; on success *trace holds the probe's JSON Lines (malloc'd,
 * caller frees). CS_ERR_NOT_FOUND when Wine, the probe or libfaketime is
 * missing (the test suite skips then). */
CS_MUST_USE cs_status wine_run_plan(const wine_run_opts *o,
                                    const char *plan_path, char **trace,
                                    cs_diag *d);

/* "Z:\dir\file" for an absolute host path (Wine maps Z: to /). Caller frees. */
char *wine_path(const char *host_path);

/* The tools found, for messages; NULL when missing. */
const char *wine_find(const wine_run_opts *o);
const char *wine_find_probe(const wine_run_opts *o);
/* The wineserver for the loader `wine`: $WINESERVER, the one next to the
 * loader, on PATH, or a distribution's private folder (Debian 12:
 * /usr/lib/wine/wineserver); NULL when none. Static buffer. */
const char *wine_find_server(const char *wine);

#endif
