#include "model/registry.h"

#include <stdio.h>
#include "model/alloc.h"
#include <stdlib.h>
#include <string.h>

#include "model/mutation.h"
#include "model/ascii.h"

/* key equals ancestor or lies below it */
static bool path_under(const char *key, const char *ancestor)
{
	size_t n = strlen(ancestor);
	if (!cs_ascii_prefix_ieq(key, ancestor, n))
		return false;
	return key[n] == '\0' || key[n] == '\\';
}

/* Every write: the world's mutation count and the registry's own. */
static void changed(cs_registry *r)
{
	r->changes++;
	cs_mutated_world();
}

void cs_reg_init(cs_registry *r)
{
	memset(r, 0, sizeof *r);
}

void cs_reg_free(cs_registry *r)
{
	for (size_t i = 0; i < r->nkeys; i++)
		free(r->keys[i]);
	for (size_t i = 0; i < r->nvalues; i++)
		free(r->values[i].data);
	free(r->keys);
	free(r->values);
	free(r->denies);
	memset(r, 0, sizeof *r);
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	void *np = cs_realloc(*p, ncap * size);
	if (!np)
		return false;
	*p = np;
	*cap = ncap;
	return true;
}

cs_status cs_reg_clone(cs_registry *dst, const cs_registry *src)
{
	cs_reg_init(dst);
	for (size_t i = 0; i < src->nkeys; i++)
		if (cs_reg_create_key(dst, CS_ACCOUNT_SYSTEM, src->keys[i]) !=
		    CS_OK)
			goto oom;
	for (size_t i = 0; i < src->nvalues; i++) {
		const cs_reg_value *v = &src->values[i];
		if (cs_reg_set(dst, CS_ACCOUNT_SYSTEM, v->key, v->name, v->type,
		               v->data, v->len) != CS_OK)
			goto oom;
	}
	for (size_t i = 0; i < src->ndenies; i++)
		if (cs_reg_deny_write(dst, src->denies[i].account,
		                      src->denies[i].key) != CS_OK)
			goto oom;
	return CS_OK;
oom:
	cs_reg_free(dst);
	return cs_alloc_failed();
}

static const struct {
	const char *alias;
	const char *canon;
} roots[] = {
    {"HKEY_LOCAL_MACHINE", "HKLM"}, {"HKLM", "HKLM"},
    {"HKEY_USERS", "HKU"},          {"HKU", "HKU"},
    {"HKEY_CURRENT_USER", NULL},    {"HKCU", NULL}, /* NULL: HKU\<user> */
};

cs_status cs_reg_canon(const char *path, const char *user,
                       char out[CS_REG_PATH_MAX])
{
	size_t rootlen = strcspn(path, "\\");
	const char *canon_root = NULL;
	bool found = false;
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		if (strlen(roots[i].alias) == rootlen &&
		    cs_ascii_prefix_ieq(path, roots[i].alias, rootlen)) {
			canon_root = roots[i].canon;
			found = true;
			break;
		}
	}
	if (!found)
		return CS_ERR_SYNTAX;
	size_t n;
	if (canon_root)
		n = (size_t)snprintf(out, CS_REG_PATH_MAX, "%s", canon_root);
	else
		n = (size_t)snprintf(out, CS_REG_PATH_MAX, "HKU\\%s", user);
	if (n >= CS_REG_PATH_MAX)
		return CS_ERR_LIMIT;
	/* Copy the rest, collapsing repeated and trailing backslashes. */
	for (const char *p = path + rootlen; *p; p++) {
		if (*p == '\\' && (p[1] == '\\' || p[1] == '\0'))
			continue;
		if (n + 1 >= CS_REG_PATH_MAX)
			return CS_ERR_LIMIT;
		out[n++] = *p;
	}
	out[n] = '\0';
	return CS_OK;
}

bool cs_reg_can_write(const cs_registry *r, cs_account account, const char *key)
{
	for (size_t i = 0; i < r->ndenies; i++)
		if (r->denies[i].account == account &&
		    path_under(key, r->denies[i].key))
			return false;
	return true;
}

static cs_reg_value *find_value(const cs_registry *r, const char *key,
                                const char *name)
{
	/* the name first: short, and where values differ (their keys share
	 * long prefixes); the chain engine asks at every build */
	for (size_t i = 0; i < r->nvalues; i++)
		if (cs_ascii_ieq(r->values[i].name, name) &&
		    cs_ascii_ieq(r->values[i].key, key))
			return &r->values[i];
	return NULL;
}

bool cs_reg_key_exists(const cs_registry *r, const char *key)
{
	for (size_t i = 0; i < r->nkeys; i++)
		if (path_under(r->keys[i], key))
			return true;
	return false;
}

cs_status cs_reg_create_key(cs_registry *r, cs_account account, const char *key)
{
	if (!cs_reg_can_write(r, account, key))
		return CS_ERR_ACCESS_DENIED;
	if (strlen(key) >= CS_REG_PATH_MAX)
		return CS_ERR_LIMIT;
	for (size_t i = 0; i < r->nkeys; i++)
		if (cs_ascii_ieq(r->keys[i], key))
			return CS_OK;
	if (!grow((void **)&r->keys, &r->capkeys, r->nkeys + 1,
	          sizeof *r->keys))
		return cs_alloc_failed();
	char *copy = cs_strdup(key);
	if (!copy)
		return cs_alloc_failed();
	r->keys[r->nkeys++] = copy;
	changed(r);
	return CS_OK;
}

cs_status cs_reg_set(cs_registry *r, cs_account account, const char *key,
                     const char *name, cs_reg_type type, const void *data,
                     size_t len)
{
	if (strlen(name) >= CS_REG_NAME_MAX || len > CS_REG_DATA_MAX)
		return CS_ERR_LIMIT;
	cs_status st = cs_reg_create_key(r, account, key);
	if (st != CS_OK)
		return st;
	uint8_t *copy = cs_malloc(len ? len : 1);
	if (!copy)
		return cs_alloc_failed();
	if (len)
		memcpy(copy, data, len);
	cs_reg_value *v = find_value(r, key, name);
	if (!v) {
		if (!grow((void **)&r->values, &r->capvalues, r->nvalues + 1,
		          sizeof *r->values)) {
			free(copy);
			return cs_alloc_failed();
		}
		v = &r->values[r->nvalues++];
		memset(v, 0, sizeof *v);
		snprintf(v->key, sizeof v->key, "%s", key);
		snprintf(v->name, sizeof v->name, "%s", name);
	}
	free(v->data);
	v->type = type;
	v->data = copy;
	v->len = len;
	changed(r);
	return CS_OK;
}

cs_status cs_reg_delete_key(cs_registry *r, cs_account account, const char *key)
{
	if (!cs_reg_can_write(r, account, key))
		return CS_ERR_ACCESS_DENIED;
	if (!cs_reg_key_exists(r, key))
		return CS_ERR_NOT_FOUND;
	size_t w = 0;
	for (size_t i = 0; i < r->nkeys; i++) {
		if (path_under(r->keys[i], key))
			free(r->keys[i]);
		else
			r->keys[w++] = r->keys[i];
	}
	r->nkeys = w;
	w = 0;
	for (size_t i = 0; i < r->nvalues; i++) {
		if (path_under(r->values[i].key, key))
			free(r->values[i].data);
		else
			r->values[w++] = r->values[i];
	}
	r->nvalues = w;
	/* The ACL belongs to the key object: it goes with the key. A key
	 * created again later inherits from its parent (cs_reg_can_write
	 * looks at the ancestors). */
	w = 0;
	for (size_t i = 0; i < r->ndenies; i++)
		if (!path_under(r->denies[i].key, key))
			r->denies[w++] = r->denies[i];
	r->ndenies = w;
	changed(r);
	return CS_OK;
}

cs_status cs_reg_delete_value(cs_registry *r, cs_account account,
                              const char *key, const char *name)
{
	if (!cs_reg_can_write(r, account, key))
		return CS_ERR_ACCESS_DENIED;
	cs_reg_value *v = find_value(r, key, name);
	if (!v)
		return CS_ERR_NOT_FOUND;
	free(v->data);
	*v = r->values[--r->nvalues];
	changed(r);
	return CS_OK;
}

const cs_reg_value *cs_reg_get(const cs_registry *r, const char *key,
                               const char *name)
{
	return find_value(r, key, name);
}

bool cs_reg_get_filetime(const cs_registry *r, const char *key,
                         const char *name, cs_filetime *out)
{
	const cs_reg_value *v = find_value(r, key, name);
	if (!v || v->type != CS_REG_BINARY || v->len != 8)
		return false;
	uint64_t x = 0;
	for (int i = 7; i >= 0; i--)
		x = (x << 8) | v->data[i];
	*out = (cs_filetime)x;
	return true;
}

bool cs_reg_get_dword(const cs_registry *r, const char *key, const char *name,
                      uint32_t *out)
{
	const cs_reg_value *v = find_value(r, key, name);
	if (!v || v->type != CS_REG_DWORD || v->len != 4)
		return false;
	*out = (uint32_t)v->data[0] | (uint32_t)v->data[1] << 8 |
	       (uint32_t)v->data[2] << 16 | (uint32_t)v->data[3] << 24;
	return true;
}

cs_status cs_reg_deny_write(cs_registry *r, cs_account account, const char *key)
{
	for (size_t i = 0; i < r->ndenies; i++)
		if (r->denies[i].account == account &&
		    cs_ascii_ieq(r->denies[i].key, key))
			return CS_OK;
	if (strlen(key) >= CS_REG_PATH_MAX)
		return CS_ERR_LIMIT;
	/* An ACL is set on a key that exists (regedit's Permissions dialog
	 * opens one): the key is there from now on. */
	cs_status st = cs_reg_create_key(r, CS_ACCOUNT_SYSTEM, key);
	if (st != CS_OK)
		return st;
	if (!grow((void **)&r->denies, &r->capdenies, r->ndenies + 1,
	          sizeof *r->denies))
		return cs_alloc_failed();
	cs_reg_deny *d = &r->denies[r->ndenies++];
	snprintf(d->key, sizeof d->key, "%s", key);
	d->account = account;
	changed(r);
	return CS_OK;
}

void cs_reg_allow_write(cs_registry *r, cs_account account, const char *key)
{
	size_t w = 0;
	for (size_t i = 0; i < r->ndenies; i++)
		if (!(r->denies[i].account == account &&
		      cs_ascii_ieq(r->denies[i].key, key)))
			r->denies[w++] = r->denies[i];
	if (w != r->ndenies)
		changed(r);
	r->ndenies = w;
}
