/* The comparison's network: a small HTTP/1.0 proxy on 127.0.0.1 that Wine's
 * cryptnet reaches through http_proxy (RULES.md 3: Wine 8 honours it), so
 * fixture URLs keep their real host names and nothing leaves the machine.
 *
 * It answers from the plan's `serve` / `fail` lines, judged at the process
 * clock the probe sets (the libfaketime timestamp file), and logs every
 * request as a JSON line {"clock":..,"method":..,"url":..,"status":N}. A URL
 * no rule names gets 404. The HTTP side is libmicrohttpd, in a forked
 * child; every answer says `Connection: close`. */
#ifndef CAPISIM_COMPARE_WINE_HTTPD_H
#define CAPISIM_COMPARE_WINE_HTTPD_H

#include <stdbool.h>
#include <sys/types.h>

#include "capisim/capisim.h"

#define HTTPD_MAX_RULES 256

typedef struct {
	char *url;  /* exact URL; a URL ending in '/' also matches below it */
	char *path; /* body file; NULL for a fail rule */
	int status; /* 200 for serve; the HTTP status for fail; 0 = drop */
	cs_filetime from, until; /* half-open [from, until); INT64_MIN/MAX */
} httpd_rule;

typedef struct {
	httpd_rule rules[HTTPD_MAX_RULES];
	unsigned n;
} httpd_rules;

typedef struct {
	pid_t pid;
	int port;
} httpd;

/* Read the `serve` and `fail` lines of a probe plan (docs/compare.md). */
CS_MUST_USE cs_status httpd_rules_load(httpd_rules *r, const char *plan_path,
                                       cs_diag *d);
void httpd_rules_free(httpd_rules *r);

/* Start the server on an ephemeral loopback port; clock_path is the
 * timestamp file, log_path gets the request log. */
CS_MUST_USE cs_status httpd_start(httpd *h, const httpd_rules *r,
                                  const char *clock_path, const char *log_path,
                                  cs_diag *d);
void httpd_stop(httpd *h);

#endif
