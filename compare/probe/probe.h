/* What probe.c shares with the probe's other step runners (probe_ctl.c):
 * the trace writer and the file reader. Windows types; the probe only. */
#ifndef CAPISIM_COMPARE_PROBE_H
#define CAPISIM_COMPARE_PROBE_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <wincrypt.h>

#include <stdint.h>
#include <stdio.h>

#include "plan.h"

extern FILE *probe_out; /* the trace (JSON Lines) */

/* "capisim-probe: error: ..." on stderr, then exit(code). */
int die(int code, const char *fmt, ...);
/* The whole file plus a NUL; dies (exit 2) when it cannot be read. */
BYTE *read_file(const char *path, DWORD *len);

/* JSON values on probe_out: a string (UTF-8, escaped), a FILETIME as
 * capisim prints times ("2010-07-08T00:00:00Z"). */
void json_str(const char *s);
void json_time(int64_t ticks);
/* A certificate's SHA-1 (lower-case hex) and subject (RFC 2253 order). */
void print_thumbprint(PCCERT_CONTEXT c);
void print_subject(PCCERT_CONTEXT c);
/* The head every trace line starts with: {"profile":..,"step":..,"at":..,
 * "clock":.. (no closing brace). */
void print_head(const plan *p, const plan_step *st);

/* Point libfaketime's timestamp file at ticks (a stopped clock). */
void probe_set_clock(const char *path, int64_t ticks);

/* An API plan ("capisim-probe-api 1", probe_api.c): every call line, one
 * trace line each. text is modified. */
int probe_api_run(const char *path, char *text);

/* One ctl-check step (probe_ctl.c): one trace line. */
void run_ctl_check(const plan *p, const plan_step *st);

#endif
