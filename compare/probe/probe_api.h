/* What the API plan's files share (probe_api.c: the plan and most
 * calls; probe_api_url.c: the URL calls). Windows only (mingw-w64). */
#ifndef CAPISIM_PROBE_API_H
#define CAPISIM_PROBE_API_H

#include "probe.h"

#define MAX_OBJECTS 64
#define MAX_ARGS    24
#define MAX_LIST    16

typedef enum { OBJ_CERT, OBJ_CRL, OBJ_CTL } obj_kind;

typedef struct {
	char *name;
	obj_kind kind;
	BYTE *der;
	DWORD len;
	PCCERT_CONTEXT cert;
	PCCRL_CONTEXT crl;
	PCCTL_CONTEXT ctl;
} api_object;

typedef struct {
	char *key, *value;
} api_arg;

typedef struct {
	unsigned line;
	char *id, *function;
	api_arg args[MAX_ARGS];
	unsigned nargs;
} api_call;

/* The plan file's name, for messages. */
extern const char *plan_name;

/* c's value for key, NULL when absent. */
const char *plan_arg(const api_call *c, const char *key);
/* key as a number (decimal or 0x hex), dflt when absent; dies when bad. */
DWORD plan_number(const api_call *c, const char *key, DWORD dflt);
/* The object of the plan named name; dies when there is none. */
api_object *plan_object(const api_call *c, const char *name);
/* key's certificate, NULL for `null` or absent; dies when not one. */
PCCERT_CONTEXT plan_cert(const api_call *c, const char *key);
/* Start c's output line with ret and err; call_out_end() closes it. */
void call_out_begin(const api_call *c, long ret, DWORD err);
void call_out_end(void);

/* probe_api_url.c */
void call_get_object_url(const api_call *c);
void call_retrieve(const api_call *c);

#endif
