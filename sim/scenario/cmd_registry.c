/* reg add | delete | deny | allow - the registry as reg.exe edits it, plus
 * `deny`/`allow` for the ACL changes seed 004 describes (inheritance off,
 * CryptSvc's write permission removed on AuthRoot\AutoUpdate).
 *
 * Writes run as the acting account and obey deny entries; the outcome is
 * the HRESULT reg.exe's failure would carry: E_ACCESSDENIED 0x80070005, or
 * HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) 0x80070002 when deleting what is
 * not there. ACL edits are administrative and never denied.
 *
 * Data forms: REG_SZ text; REG_MULTI_SZ strings separated by "\0" (reg.exe's
 * default separator); REG_DWORD / REG_QWORD decimal or 0x hex; REG_BINARY hex
 * digits as reg.exe takes them ("00c080acf91ecb01"). A FILETIME for
 * REG_BINARY or REG_QWORD: @now, @now-8d, @2010-07-09T00:00:00Z (8 bytes,
 * little endian, as the chain engine's sync times are stored). The model
 * stores REG_SZ / REG_MULTI_SZ as UTF-8 with their terminating NULs. */
#include <errno.h>
#include "model/alloc.h"
#include "model/hresult.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/cert.h"
#include "sim/scenario/cmd_impl.h"
#include "model/registry.h"
#include "model/store_keys.h"

typedef enum { REG_OP_ADD, REG_OP_DELETE, REG_OP_DENY, REG_OP_ALLOW } reg_op;

typedef struct {
	reg_op op;
	const char *key; /* as written; canonicalised at run (HKCU) */
	bool has_value;  /* /v NAME or /ve */
	const char *name;
	cs_reg_type type;
	uint8_t data[CS_REG_DATA_MAX];
	size_t len;
	bool is_filetime; /* written as @...: traced as a time too */
	bool data_is_now; /* @now[+-D]: resolved at each run */
	int64_t now_offset;
	char account[CS_ACCOUNT_NAME_MAX]; /* deny / allow */
} reg_data;

static const struct {
	const char *name;
	cs_reg_type type;
} types[] = {
    {"REG_SZ", CS_REG_SZ},       {"REG_BINARY", CS_REG_BINARY},
    {"REG_DWORD", CS_REG_DWORD}, {"REG_MULTI_SZ", CS_REG_MULTI_SZ},
    {"REG_QWORD", CS_REG_QWORD},
};

static const char *type_name(cs_reg_type t)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].type == t)
			return types[i].name;
	return "?";
}

static cs_status check_key(cs_parse_ctx *pc, cs_step *st, const cs_tok *k)
{
	char canon[CS_REG_PATH_MAX];
	cs_status rc = cs_reg_canon(k->text, "x", canon);
	if (rc == CS_ERR_LIMIT)
		return cs_parse_error(pc, st, k->col,
		                      "registry path longer than %d bytes",
		                      CS_REG_PATH_MAX - 1);
	if (rc != CS_OK)
		return cs_parse_error(pc, st, k->col,
		                      "expected a registry key starting with "
		                      "HKLM\\, HKCU\\, HKU\\ (or "
		                      "HKEY_LOCAL_MACHINE\\ ...)");
	return CS_OK;
}

static void put_le(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static cs_status parse_number(cs_parse_ctx *pc, cs_step *st, const cs_tok *t,
                              uint64_t max, uint64_t *out)
{
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(t->text, &end, 0);
	if (!t->text[0] || t->text[0] == '-' || errno || *end || v > max)
		return cs_parse_error(pc, st, t->col,
		                      "expected a number (decimal or 0x hex) "
		                      "up to %llu",
		                      (unsigned long long)max);
	*out = v;
	return CS_OK;
}

/* @now, @now-8d, @TIME -> FILETIME */
static cs_status parse_filetime(cs_parse_ctx *pc, cs_step *st, const cs_tok *t,
                                reg_data *d)
{
	cs_tok rest = {t->text + 1, t->col + 1};
	cs_filetime ft;
	cs_status rc = cs_parse_time_word(pc, st, &rest, &ft);
	if (rc != CS_OK)
		return rc;
	if (strncmp(rest.text, "now", 3) == 0) {
		d->data_is_now = true;
		d->now_offset = ft - pc->now;
	}
	put_le(d->data, (uint64_t)ft, 8);
	d->len = 8;
	d->is_filetime = true;
	return CS_OK;
}

static cs_status parse_data(cs_parse_ctx *pc, cs_step *st, const cs_tok *t,
                            reg_data *d)
{
	const char *w = t->text;
	if (w[0] == '@' &&
	    (d->type == CS_REG_BINARY || d->type == CS_REG_QWORD))
		return parse_filetime(pc, st, t, d);
	switch (d->type) {
	case CS_REG_SZ:
		if (strlen(w) + 1 > CS_REG_DATA_MAX)
			return cs_parse_error(pc, st, t->col, "data too long");
		memcpy(d->data, w, strlen(w) + 1);
		d->len = strlen(w) + 1;
		return CS_OK;
	case CS_REG_MULTI_SZ: {
		size_t n = 0;
		for (const char *p = w;; p++) {
			if (n + 2 > CS_REG_DATA_MAX)
				return cs_parse_error(pc, st, t->col,
				                      "data too long");
			if (*p == '\0') {
				d->data[n++] = 0;
				break;
			}
			if (p[0] == '\\' && p[1] == '0') {
				d->data[n++] = 0;
				p++;
			} else {
				d->data[n++] = (uint8_t)*p;
			}
		}
		d->data[n++] = 0;
		d->len = n;
		return CS_OK;
	}
	case CS_REG_DWORD:
	case CS_REG_QWORD: {
		uint64_t v = 0;
		bool dw = d->type == CS_REG_DWORD;
		cs_status rc =
		    parse_number(pc, st, t, dw ? UINT32_MAX : UINT64_MAX, &v);
		if (rc != CS_OK)
			return rc;
		d->len = dw ? 4 : 8;
		put_le(d->data, v, d->len);
		return CS_OK;
	}
	case CS_REG_BINARY: {
		size_t n = strlen(w);
		if (n % 2 || n / 2 > CS_REG_DATA_MAX)
			return cs_parse_error(
			    pc, st, t->col,
			    "expected an even number of hex "
			    "digits (00c080acf91ecb01) or a "
			    "FILETIME (@now, @now-8d, @TIME)");
		for (size_t i = 0; i < n; i++) {
			char c = w[i];
			int v = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			        : c >= 'A' && c <= 'F' ? c - 'A' + 10
			                               : -1;
			if (v < 0)
				return cs_parse_error(pc, st,
				                      t->col + (unsigned)i,
				                      "expected a hex digit");
			if (i % 2 == 0)
				d->data[i / 2] = (uint8_t)(v << 4);
			else
				d->data[i / 2] |= (uint8_t)v;
		}
		d->len = n / 2;
		return CS_OK;
	}
	}
	CS_BAIL(CS_ERR_INTERNAL);
}

cs_status cs_cmd_reg_parse(cs_parse_ctx *pc, cs_step *st)
{
	reg_data *d = cs_calloc(1, sizeof *d);
	if (!d)
		return cs_alloc_failed();
	st->data = d;
	const cs_tok *op = &st->args[0];
	cs_status rc;
	if (strcmp(op->text, "deny") == 0 || strcmp(op->text, "allow") == 0) {
		d->op = op->text[0] == 'd' ? REG_OP_DENY : REG_OP_ALLOW;
		if (st->nargs != 3)
			return cs_parse_error(pc, st, op->col,
			                      "expected 'reg %s ACCOUNT KEY'",
			                      op->text);
		if ((rc = cs_parse_account_word(pc, st, &st->args[1],
		                                d->account)) != CS_OK)
			return rc;
		d->key = st->args[2].text;
		return check_key(pc, st, &st->args[2]);
	}
	if (strcmp(op->text, "add") != 0 && strcmp(op->text, "delete") != 0)
		return cs_parse_error(
		    pc, st, op->col,
		    "expected add, delete, deny or allow after "
		    "'reg'");
	d->op = op->text[0] == 'a' ? REG_OP_ADD : REG_OP_DELETE;
	d->key = st->args[1].text;
	if ((rc = check_key(pc, st, &st->args[1])) != CS_OK)
		return rc;
	d->type = CS_REG_SZ; /* reg add's default /t */
	const cs_tok *data = NULL;
	bool has_type = false;
	for (size_t i = 2; i < st->nargs; i++) {
		const cs_tok *t = &st->args[i];
		const cs_tok *v = i + 1 < st->nargs ? &st->args[i + 1] : NULL;
		bool takes_value = strcmp(t->text, "/v") == 0 ||
		                   strcmp(t->text, "/t") == 0 ||
		                   strcmp(t->text, "/d") == 0;
		if (takes_value && !v)
			return cs_parse_error(
			    pc, st, t->col + (unsigned)strlen(t->text),
			    "'%s' needs a value", t->text);
		if ((takes_value || strcmp(t->text, "/ve") == 0) &&
		    d->has_value && t->text[1] == 'v')
			return cs_parse_error(pc, st, t->col,
			                      "only one of /v and /ve");
		if (strcmp(t->text, "/v") == 0) {
			if (strlen(v->text) >= CS_REG_NAME_MAX)
				return cs_parse_error(pc, st, v->col,
				                      "value name too long");
			d->has_value = true;
			d->name = v->text;
			i++;
		} else if (strcmp(t->text, "/ve") == 0) {
			d->has_value = true;
			d->name = "";
		} else if (strcmp(t->text, "/t") == 0 && d->op == REG_OP_ADD) {
			bool found = false;
			for (size_t k = 0; k < sizeof types / sizeof types[0];
			     k++)
				if (strcmp(types[k].name, v->text) == 0) {
					d->type = types[k].type;
					found = true;
				}
			if (!found)
				return cs_parse_error(
				    pc, st, v->col,
				    "unknown type '%s' (expected REG_SZ, "
				    "REG_MULTI_SZ, REG_DWORD, REG_QWORD or "
				    "REG_BINARY)",
				    v->text);
			has_type = true;
			i++;
		} else if (strcmp(t->text, "/d") == 0 && d->op == REG_OP_ADD) {
			data = v;
			i++;
		} else if (strcmp(t->text, "/f") == 0) {
			/* no prompt to suppress: accepted as reg.exe does */
		} else {
			return cs_parse_error(pc, st, t->col,
			                      "unexpected '%s' (usage: %s)",
			                      t->text, st->cmd->synopsis);
		}
	}
	if (d->op == REG_OP_DELETE)
		return CS_OK;
	if ((data || has_type) && !d->has_value)
		return cs_parse_error(pc, st, (data ? data : &st->args[1])->col,
		                      "/t and /d need a value name: /v NAME "
		                      "(or /ve)");
	if (d->has_value && !data && d->type != CS_REG_SZ)
		return cs_parse_error(pc, st, st->args[st->nargs - 1].col,
		                      "%s needs /d DATA", type_name(d->type));
	if (data)
		return parse_data(pc, st, data, d);
	d->len = 1; /* an empty REG_SZ: just its NUL */
	return CS_OK;
}

static bool hex_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a | 0x20) != (*b | 0x20))
			return false;
	return *a == *b;
}

/* reg delete KEY: the registry key and, since store keys are views of the
 * stores (model/store_keys.h), the certificates of every store whose key is
 * at or below it. The key counts as present while such a store holds a
 * certificate. A store key the account may not write (a deny entry on it or
 * between it and KEY) fails the whole delete with nothing changed: reg.exe
 * stops at that subkey, and which siblings went before it is enumeration
 * order the model does not reproduce. *removed: certificates taken out. */
static cs_status delete_key(cs_world *w, cs_account acct, const char *key,
                            size_t *removed)
{
	*removed = 0;
	if (!cs_reg_can_write(&w->reg, acct, key))
		return CS_ERR_ACCESS_DENIED;
	enum { MAX_HITS = CS_STORE_COUNT * (CS_ACCOUNT_MAX + 1) };
	cs_store_key_hit *hits = cs_calloc(MAX_HITS, sizeof *hits);
	if (!hits)
		return cs_alloc_failed();
	size_t n = cs_store_keys_under(w, key, hits, MAX_HITS);
	for (size_t i = 0; i < n; i++)
		if (!cs_reg_can_write(&w->reg, acct, hits[i].key)) {
			free(hits);
			return CS_ERR_ACCESS_DENIED;
		}
	for (size_t i = 0; i < n; i++) {
		cs_store *s = hits[i].store;
		if (!hits[i].thumbprint[0]) {
			*removed += s->n;
			cs_store_clear(s);
			continue;
		}
		for (size_t c = 0; c < s->n; c++)
			if (hex_ieq(cs_cert_sha1_hex(s->certs[c]),
			            hits[i].thumbprint)) {
				cs_store_remove(s, s->certs[c]);
				(*removed)++;
				break;
			}
	}
	free(hits);
	cs_status st = cs_reg_delete_key(&w->reg, acct, key);
	return st == CS_ERR_NOT_FOUND && *removed ? CS_OK : st;
}

static void data_hex(char *buf, size_t cap, const uint8_t *p, size_t n)
{
	size_t l = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && l + 3 < cap; i++)
		l += (size_t)snprintf(buf + l, cap - l, "%02x", p[i]);
}

cs_status cs_cmd_reg_run(cs_run_ctx *rc, cs_outcome *out)
{
	const reg_data *d = rc->step->data;
	cs_world *w = &rc->m->w;
	char key[CS_REG_PATH_MAX];
	/* HKCU is the acting account's hive. */
	/* checked at parse time: a failure here is the runner's bug */
	CS_GUARD(cs_reg_canon(d->key, cs_run_account_name(rc), key));
	cs_status st = CS_OK;
	uint8_t data[CS_REG_DATA_MAX];
	size_t len = d->len;
	memcpy(data, d->data, len);
	if (d->data_is_now)
		put_le(data, (uint64_t)(w->now + d->now_offset), 8);
	cs_account acct = w->acting;
	const char *op = "";
	size_t removed = 0;
	switch (d->op) {
	case REG_OP_ADD:
		op = "add";
		st = d->has_value ? cs_reg_set(&w->reg, acct, key, d->name,
		                               d->type, data, len)
		                  : cs_reg_create_key(&w->reg, acct, key);
		break;
	case REG_OP_DELETE:
		op = "delete";
		st = d->has_value
		         ? cs_reg_delete_value(&w->reg, acct, key, d->name)
		         : delete_key(w, acct, key, &removed);
		break;
	case REG_OP_DENY:
	case REG_OP_ALLOW: {
		op = d->op == REG_OP_DENY ? "deny" : "allow";
		cs_account target;
		if ((st = cs_world_account(w, d->account, &target)) != CS_OK)
			return st;
		if (d->op == REG_OP_DENY)
			st = cs_reg_deny_write(&w->reg, target, key);
		else
			cs_reg_allow_write(&w->reg, target, key);
		break;
	}
	}
	if (st == CS_ERR_NOMEM)
		return st;
	out->has_hresult = true;
	out->hresult = st == CS_OK                  ? 0
	               : st == CS_ERR_ACCESS_DENIED ? CS_E_ACCESSDENIED
	               : st == CS_ERR_NOT_FOUND     ? CS_ERROR_FILE_NOT_FOUND
	                                            : 0x80004005u; /* E_FAIL */
	cs_obs *o = cs_trace_begin(&w->trace, w->now, "registry",
	                           cs_run_account_name(rc));
	if (d->op == REG_OP_ADD || d->op == REG_OP_DELETE)
		cs_obs_rule(o, CS_RULE_REGISTRY_ACL);
	cs_obs_str(o, "op", op);
	cs_obs_str(o, "key", key);
	if (d->op == REG_OP_DENY || d->op == REG_OP_ALLOW)
		cs_obs_str(o, "for", d->account);
	if (d->has_value)
		cs_obs_str(o, "name", d->name);
	if (d->op == REG_OP_ADD && d->has_value) {
		char hex[2 * 64 + 1];
		cs_obs_str(o, "type", type_name(d->type));
		if (d->type == CS_REG_SZ) {
			cs_obs_str(o, "data", (const char *)data);
		} else {
			data_hex(hex, sizeof hex, data, len < 64 ? len : 64);
			cs_obs_str(o, "data", hex);
		}
		if (d->is_filetime) {
			uint64_t v = 0;
			for (int i = 7; i >= 0; i--)
				v = (v << 8) | data[i];
			cs_obs_time(o, "filetime", (cs_filetime)v);
		}
	}
	if (removed) {
		cs_obs_rule(o, CS_RULE_REGISTRY_STORE_KEYS);
		cs_obs_int(o, "certificates_removed", (int64_t)removed);
	}
	cs_obs_str(o, "result", st == CS_OK ? "ok" : cs_status_str(st));
	if (st != CS_OK)
		snprintf(out->note, sizeof out->note, "%s", cs_status_str(st));
	return CS_OK;
}
