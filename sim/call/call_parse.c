/* The call parser (see call.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/storeadd.h"
#include "sim/call/call_impl.h"
#include "model/alloc.h"
#include "model/ascii.h"

/* Named constants a numeric key also takes, by key. */
typedef struct {
	const char *word;
	uint32_t value;
} named;

static const named encodings[] = {
    {"x509", 0x1}, {"pkcs7", 0x10000}, {"x509|pkcs7", 0x10001}, {NULL, 0}};
static const named find_types[] = {{"any", 0},
                                   {"issued-by", 1},
                                   {"existing", 2},
                                   {"issued-for", 3},
                                   {NULL, 0}};
static const named rev_types[] = {{"cert", 1}, {NULL, 0}};
static const named oids[] = {{"URL_OID_CERTIFICATE_ISSUER", 1},
                             {"URL_OID_CERTIFICATE_CRL_DIST_POINT", 2},
                             {"URL_OID_CERTIFICATE_FRESHEST_CRL", 6},
                             {"URL_OID_CERTIFICATE_OCSP", 9},
                             {"CONTEXT_OID_CERTIFICATE", 1},
                             {"CONTEXT_OID_CRL", 2},
                             {"CONTEXT_OID_CTL", 3},
                             {"CONTEXT_OID_PKCS7", 4},
                             {"CONTEXT_OID_CAPI2_ANY", 5},
                             {NULL, 0}};
static const named arrays[] = {
    {"null", 0}, {"size", 1}, {"buffer", 2}, {NULL, 0}};
static const named infos[] = {{"null", 0}, {"size", 1}, {NULL, 0}};
static const named auxes[] = {
    {"null", 0}, {"zero", 1}, {"sizeof", 2}, {"sync", 3}, {NULL, 0}};
static const named paras[] = {{"null", 0}, {"sizeof", 1}, {NULL, 0}};
static const named sizes[] = {{"sizeof", 24}, {NULL, 0}};

static const named *table_of(const char *key)
{
	if (!strcmp(key, "encoding"))
		return encodings;
	if (!strcmp(key, "type"))
		return NULL; /* per function: see parse_num */
	if (!strcmp(key, "oid"))
		return oids;
	if (!strcmp(key, "array"))
		return arrays;
	if (!strcmp(key, "info"))
		return infos;
	if (!strcmp(key, "aux"))
		return auxes;
	if (!strcmp(key, "para"))
		return paras;
	if (!strcmp(key, "status-size"))
		return sizes;
	return NULL;
}

static cs_status bad(cs_diag *d, const char *fmt, const char *a, const char *b)
{
	cs_diag_set(d, NULL, 0, 0, fmt, a, b);
	return CS_ERR_SYNTAX;
}

static bool parse_u32(const char *s, uint32_t *out)
{
	if (!*s)
		return false;
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	if (*end || v > 0xffffffffull || s[0] == '-')
		return false;
	*out = (uint32_t)v;
	return true;
}

static cs_status parse_num(const cs_call *c, const char *key, const char *v,
                           uint32_t *out, cs_diag *d)
{
	const named *t = table_of(key);
	if (!strcmp(key, "type"))
		t = !strcmp(c->fn->name, "CertFindCRLInStore") ? find_types
		                                               : rev_types;
	if (!strcmp(key, "disposition")) {
		if (cs_store_add_parse(v, out) || parse_u32(v, out))
			return CS_OK;
		return bad(d,
		           "disposition=%s: expected new, use-existing, "
		           "replace-existing, always, "
		           "replace-existing-inherit-properties, newer, "
		           "newer-inherit-properties or a number%s",
		           v, "");
	}
	for (size_t i = 0; t && t[i].word; i++)
		if (cs_ascii_ieq(v, t[i].word)) {
			*out = t[i].value;
			return CS_OK;
		}
	if (strcmp(key, "oid") == 0 && strcmp(v, "null") == 0) {
		*out = 0;
		return CS_OK;
	}
	if (parse_u32(v, out))
		return CS_OK;
	return bad(d,
	           "%s=%s: expected a number (decimal or 0x hex) or a "
	           "name docs/calls.md lists for it",
	           key, v);
}

/* Load an object word as kind (OBJ_ANY: a certificate, else a CRL, else
 * a CTL). */
static cs_status load_obj(const cs_call_loader *ld, const char *word,
                          obj_kind kind, call_obj *o, cs_diag *d)
{
	memset(o, 0, sizeof *o);
	cs_status st = ld->load(ld->ctx, word, &o->der, &o->name, d);
	if (st == CS_ERR_NOMEM)
		return st;
	if (st != CS_OK) {
		char why[CS_DIAG_MSG];
		snprintf(why, sizeof why, "%s", d->msg);
		return bad(d, "'%s': %s", word, why);
	}
	if (kind == OBJ_BYTES) {
		o->kind = OBJ_BYTES;
		return CS_OK;
	}
	cs_diag cd;
	memset(&cd, 0, sizeof cd);
	char why[128];
	if (kind == OBJ_CERT || kind == OBJ_ANY) {
		st = cs_cert_from_der(ld->pool, o->der, &o->cert, &cd);
		if (st == CS_OK) {
			o->kind = OBJ_CERT;
			return CS_OK;
		}
		if (st != CS_OK && st != CS_ERR_FORMAT)
			return st;
	}
	if (kind == OBJ_CRL || kind == OBJ_ANY) {
		st = cs_crl_get(ld->pool, o->der, &o->crl);
		if (st == CS_OK) {
			o->kind = OBJ_CRL;
			return CS_OK;
		}
		if (st != CS_OK && st != CS_ERR_FORMAT)
			return st;
	}
	if (kind == OBJ_CTL || kind == OBJ_ANY) {
		st = cs_ctl_get(ld->pool, o->der, &o->ctl, why, sizeof why);
		if (st == CS_OK) {
			o->kind = OBJ_CTL;
			return CS_OK;
		}
		if (st != CS_OK && st != CS_ERR_FORMAT)
			return st;
	}
	static const char *const what[] = {
	    [OBJ_CERT] = "a certificate",
	    [OBJ_CRL] = "a CRL",
	    [OBJ_CTL] = "a CTL",
	    [OBJ_ANY] = "a certificate, CRL or CTL",
	};
	return bad(d, "'%s' is not %s (in its signed or to-be-signed form)",
	           word, what[kind]);
}

/* Split v at ',' into at most CALL_MAX_LIST words, in buf. */
static size_t split(char *buf, char **words)
{
	size_t n = 0;
	for (char *w = buf, *end; w && *w && n < CALL_MAX_LIST; w = end) {
		if ((end = strchr(w, ',')))
			*end++ = '\0';
		words[n++] = w;
	}
	return n;
}

static cs_status parse_store(const cs_call_loader *ld, const char *v,
                             call_store *s, cs_diag *d)
{
	memset(s, 0, sizeof *s);
	if (!strcmp(v, "null")) {
		s->kind = ST_NULL;
		return CS_OK;
	}
	if (!strcmp(v, "empty")) {
		s->kind = ST_EMPTY;
		return CS_OK;
	}
	const char *name = v;
	bool user = strncmp(v, "user:", 5) == 0;
	if (user || strncmp(v, "machine:", 8) == 0)
		name = strchr(v, ':') + 1;
	if (cs_store_id_from_name(name, &s->id)) {
		s->kind = ST_SYSTEM;
		s->user = user;
		return CS_OK;
	}
	char buf[2048], *items[CALL_MAX_LIST];
	if (strlen(v) >= sizeof buf)
		return bad(d, "store=%s...: too long%s", "", "");
	strcpy(buf, v);
	s->kind = ST_MEMORY;
	size_t n = split(buf, items);
	for (size_t i = 0; i < n; i++) {
		char *colon = strchr(items[i], ':');
		unsigned disp = 4; /* CERT_STORE_ADD_ALWAYS */
		const char *obj = items[i];
		if (colon) {
			*colon = '\0';
			if (!cs_store_add_parse(items[i], &disp))
				return bad(
				    d,
				    "store item '%s:...': expected a "
				    "disposition (always, new, newer, ...) "
				    "before ':'%s",
				    items[i], "");
			obj = colon + 1;
		}
		s->disp[s->nadds] = disp;
		cs_status st = load_obj(ld, obj, OBJ_ANY, &s->obj[s->nadds], d);
		if (st != CS_OK)
			return st;
		s->nadds++;
	}
	return CS_OK;
}

static cs_status parse_time(const char *v, call_arg *a, cs_diag *d)
{
	if (!strcmp(v, "null")) {
		a->is_null = true;
		return CS_OK;
	}
	bool digits = *v != '\0';
	for (const char *p = v; *p; p++)
		digits &= *p >= '0' && *p <= '9';
	if (digits) { /* FILETIME ticks, as the probe takes them */
		a->time = (cs_filetime)strtoll(v, NULL, 10);
		return CS_OK;
	}
	if (cs_time_parse(v, &a->time, NULL, NULL) == CS_OK)
		return CS_OK;
	return bad(d,
	           "'%s' is not a time: expected ISO 8601 UTC "
	           "(2007-10-01T00:00:00Z) or FILETIME ticks%s",
	           v, "");
}

static cs_status parse_url(cs_call *c, const cs_call_loader *ld, const char *v,
                           call_arg *a, cs_diag *d)
{
	if (!strcmp(v, "null")) {
		a->is_null = true;
		return CS_OK;
	}
	if (!strncmp(v, "file:", 5) || !strncmp(v, "file-deleted:", 13)) {
		a->file = true;
		a->deleted = v[4] == '-';
		return load_obj(ld, strchr(v, ':') + 1, OBJ_BYTES, &a->obj, d);
	}
	if (!strstr(v, "://"))
		return bad(d,
		           "url=%s: expected null, file:OBJECT, "
		           "file-deleted:OBJECT or an http://, https:// or "
		           "ldap:// URL%s",
		           v, "");
	CS_ENSURE(c->nstrings < CALL_MAX_ARGS, CS_ERR_LIMIT);
	a->url = cs_strdup(v);
	CS_GUARD_ALLOC(a->url);
	c->strings[c->nstrings++] = (char *)a->url;
	return CS_OK;
}

static cs_status parse_arg(cs_call *c, const cs_call_loader *ld,
                           const call_key *k, const char *v, call_arg *a,
                           cs_diag *d)
{
	a->key = k->key;
	a->type = k->type;
	switch (k->type) {
	case A_NUM:
		if (!strcmp(v, "null") && table_of(k->key) == NULL &&
		    strcmp(k->key, "oid") != 0)
			return bad(d, "%s=null: %s takes a number", k->key,
			           k->key);
		return parse_num(c, k->key, v, &a->num, d);
	case A_OBJ:
		if (!strcmp(v, "null")) {
			a->is_null = true;
			return CS_OK;
		}
		return load_obj(ld, v, k->kind, &a->obj, d);
	case A_OBJLIST: {
		if (!strcmp(v, "null")) {
			a->is_null = true;
			return CS_OK;
		}
		char buf[2048], *items[CALL_MAX_LIST];
		if (strlen(v) >= sizeof buf)
			return bad(d, "%s=...: too long%s", k->key, "");
		strcpy(buf, v);
		size_t n = split(buf, items);
		for (size_t i = 0; i < n; i++) {
			cs_status st =
			    load_obj(ld, items[i], k->kind, &a->list[i], d);
			if (st != CS_OK)
				return st;
		}
		a->nlist = n;
		return CS_OK;
	}
	case A_STORE:
		return parse_store(ld, v, &a->store, d);
	case A_TIME:
		return parse_time(v, a, d);
	case A_URL:
		return parse_url(c, ld, v, a, d);
	}
	return CS_ERR_INTERNAL;
}

const char *const *cs_call_functions(size_t *n)
{
	static const char *names[32];
	for (size_t i = 0; i < cs_call_table_count && i < 32; i++)
		names[i] = cs_call_table[i].name;
	*n = cs_call_table_count;
	return names;
}

const char *cs_call_function(const cs_call *c)
{
	return c->fn->name;
}

const call_arg *call_arg_get(const cs_call *c, const char *key)
{
	for (size_t i = 0; i < c->nargs; i++)
		if (!strcmp(c->args[i].key, key))
			return &c->args[i];
	return NULL;
}

void cs_call_free(cs_call *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nstrings; i++)
		free(c->strings[i]);
	free(c);
}

static void list_keys(const call_fn *fn, char *buf, size_t cap)
{
	buf[0] = '\0';
	for (const call_key *k = fn->keys; k->key; k++) {
		size_t len = strlen(buf);
		snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", k->key);
	}
}

cs_status cs_call_parse(const char *function, const char *const *words,
                        size_t n, const cs_call_loader *ld, cs_call **out,
                        size_t *bad_word, cs_diag *d)
{
	*out = NULL;
	*bad_word = n;
	const call_fn *fn = NULL;
	for (size_t i = 0; i < cs_call_table_count && !fn; i++)
		if (cs_ascii_ieq(function, cs_call_table[i].name))
			fn = &cs_call_table[i];
	/* CryptRetrieveObjectByUrlA/W: the A and W forms are one call. */
	if (!fn && (cs_ascii_ieq(function, "CryptRetrieveObjectByUrlA") ||
	            cs_ascii_ieq(function, "CryptRetrieveObjectByUrlW")))
		return cs_call_parse("CryptRetrieveObjectByUrl", words, n, ld,
		                     out, bad_word, d);
	if (!fn)
		return bad(d,
		           "unknown function '%s' (`capisim call --list` "
		           "names the ones capisim plays)%s",
		           function, "");
	cs_call *c = cs_calloc(1, sizeof *c);
	CS_GUARD_ALLOC(c);
	c->fn = fn;
	cs_status st = CS_OK;
	for (size_t i = 0; i < n && st == CS_OK; i++) {
		*bad_word = i;
		const char *eq = strchr(words[i], '=');
		char key[32];
		size_t klen = eq ? (size_t)(eq - words[i]) : 0;
		if (!eq || klen == 0 || klen >= sizeof key) {
			st = bad(d, "'%s': expected KEY=VALUE%s", words[i], "");
			break;
		}
		memcpy(key, words[i], klen);
		key[klen] = '\0';
		const call_key *k = fn->keys;
		while (k->key && strcmp(k->key, key) != 0)
			k++;
		if (!k->key) {
			char keys[512];
			list_keys(fn, keys, sizeof keys);
			cs_diag_set(d, NULL, 0, 0,
			            "%s takes no '%s' (its keys: %s)", fn->name,
			            key, keys);
			st = CS_ERR_SYNTAX;
			break;
		}
		if (call_arg_get(c, k->key)) {
			st = bad(d, "%s= is given twice%s", k->key, "");
			break;
		}
		st = parse_arg(c, ld, k, eq + 1, &c->args[c->nargs], d);
		if (st == CS_OK)
			c->nargs++;
	}
	for (const call_key *k = fn->keys; st == CS_OK && k->key; k++)
		if (k->required && !call_arg_get(c, k->key)) {
			*bad_word = n;
			st = bad(d, "%s needs %s=", fn->name, k->key);
		}
	if (st != CS_OK) {
		cs_call_free(c);
		return st;
	}
	*out = c;
	return CS_OK;
}
