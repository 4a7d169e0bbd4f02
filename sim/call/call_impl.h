/* A parsed call (call.h), shared by the parser (call_parse.c) and the
 * runner (call_run.c). */
#ifndef CAPISIM_SIM_CALL_CALL_IMPL_H
#define CAPISIM_SIM_CALL_CALL_IMPL_H

#include "pki/crl.h"
#include "pki/ctl.h"
#include "sim/call/call.h"
#include "model/store.h"

#define CALL_MAX_ARGS 24
#define CALL_MAX_LIST 16

typedef enum { OBJ_CERT, OBJ_CRL, OBJ_CTL, OBJ_BYTES, OBJ_ANY } obj_kind;

typedef struct {
	obj_kind kind; /* what it is (never OBJ_ANY once loaded) */
	const char *name;
	cs_bytes der;
	const struct cs_cert *cert;
	const cs_crl *crl;
	const cs_ctl *ctl;
} call_obj;

typedef enum { ST_NULL, ST_EMPTY, ST_SYSTEM, ST_MEMORY } store_kind;

typedef struct {
	store_kind kind;
	bool user; /* ST_SYSTEM: the acting account's store */
	cs_store_id id;
	unsigned disp[CALL_MAX_LIST]; /* ST_MEMORY: the adds */
	call_obj obj[CALL_MAX_LIST];
	size_t nadds;
} call_store;

typedef enum {
	A_NUM,     /* a DWORD, or a word of the key's table */
	A_OBJ,     /* one object (or null) */
	A_OBJLIST, /* objects joined by ',' (or null) */
	A_STORE,   /* a store */
	A_TIME,    /* a time (or null) */
	A_URL,     /* CryptRetrieveObjectByUrl's url */
} arg_type;

typedef struct {
	const char *key;
	arg_type type;
	bool is_null;
	uint32_t num;
	cs_filetime time;
	call_obj obj; /* A_OBJ; A_URL: the file's content */
	call_obj list[CALL_MAX_LIST];
	size_t nlist;
	call_store store;
	const char *url;    /* A_URL: an http(s)/ldap URL, or NULL */
	bool file, deleted; /* A_URL: file:OBJ / file-deleted:OBJ */
} call_arg;

typedef struct call_fn call_fn;

struct cs_call {
	const call_fn *fn;
	call_arg args[CALL_MAX_ARGS];
	size_t nargs;
	char *strings[CALL_MAX_ARGS]; /* owned copies of URL words */
	size_t nstrings;
};

/* The key table of a function: key, type, the object kind for A_OBJ /
 * A_OBJLIST / A_URL, whether it must be given. */
typedef struct {
	const char *key;
	arg_type type;
	obj_kind kind;
	bool required;
} call_key;

typedef CS_MUST_USE cs_status (*call_run_fn)(const cs_call *c, cs_machine *m,
                                             cs_account acct,
                                             cs_call_result *r);

struct call_fn {
	const char *name;
	const call_key *keys;
	call_run_fn run;
};

/* The function table (call_run.c). */
extern const call_fn cs_call_table[];
extern const size_t cs_call_table_count;

/* The argument given for key, or NULL. */
const call_arg *call_arg_get(const cs_call *c, const char *key);

#endif
