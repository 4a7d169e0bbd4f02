/* `certutil -urlcache` semantics (see urlcache_cmd.h). */
#include "engine/cryptnet/urlcache_cmd.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/network.h"
#include "pki/fetched.h"

cs_cryptnet_kind cs_urlcache_entry_kind(const cs_urlcache_entry *e)
{
	switch (cs_fetched_kind_of(e->content)) {
	case CS_FETCHED_CRL:
		return CS_OBJ_CRL;
	case CS_FETCHED_OCSP:
		return CS_OBJ_OCSP;
	case CS_FETCHED_CERT:
		return CS_OBJ_CERT;
	default: /* a bundle is listed with everything else */
		return CS_OBJ_ANY;
	}
}

static bool matches(const cs_urlcache_entry *e, const char *filter)
{
	if (strcmp(filter, "*") == 0)
		return true;
	if (strcasecmp(filter, "CRL") == 0)
		return cs_urlcache_entry_kind(e) == CS_OBJ_CRL;
	return cs_url_eq(e->url, filter);
}

size_t cs_urlcache_cmd_list(cs_machine *m, cs_account acct, const char *filter,
                            cs_urlcache_visit visit, void *ctx)
{
	const cs_urlcache *c = &m->w.accounts[acct].disk_cache;
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (matches(&c->entries[i], filter)) {
			n++;
			if (visit)
				visit(&c->entries[i],
				      cs_urlcache_entry_kind(&c->entries[i]),
				      ctx);
		}
	return n;
}

/* The account certutil runs as, and only it (SEED 000/001: the SYSTEM
 * account's cache needed its own `certutil -urlcache * delete`). */
static cs_obs *observe(cs_machine *m, cs_account acct, const char *op,
                       cs_rule_id rule, const char *filter)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "cache",
	                           cs_world_account_name(&m->w, acct));
	cs_obs_rule(o, rule);
	cs_obs_str(o, "op", op);
	cs_obs_str(o, "filter", filter);
	return o;
}

size_t cs_urlcache_cmd_delete(cs_machine *m, cs_account acct,
                              const char *filter)
{
	cs_urlcache *c = &m->w.accounts[acct].disk_cache;
	size_t n = 0;
	for (size_t i = c->n; i-- > 0;)
		if (matches(&c->entries[i], filter)) {
			cs_urlcache_remove_at(c, i);
			n++;
		}
	cs_obs *o = observe(m, acct, "delete",
	                    CS_RULE_URLCACHE_DELETE_OWN_ACCOUNT, filter);
	cs_obs_int(o, "deleted", (int64_t)n);
	return n;
}

static void show_one(const cs_urlcache_entry *e, cs_cryptnet_kind kind,
                     void *ctx)
{
	cs_obs *item = cs_obs_list_add(ctx, "entries");
	cs_obs_str(item, "url", e->url);
	cs_obs_str(item, "object",
	           kind == CS_OBJ_ANY ? "other" : cs_cryptnet_kind_name(kind));
	cs_obs_int(item, "bytes", (int64_t)e->content.len);
	cs_obs_time(item, "fetched", e->fetched);
}

size_t cs_urlcache_cmd_show(cs_machine *m, cs_account acct, const char *filter)
{
	cs_obs *o =
	    observe(m, acct, "list", CS_RULE_URLCACHE_LIST_OWN_ACCOUNT, filter);
	size_t n =
	    cs_urlcache_cmd_list(m, acct, filter, o ? show_one : NULL, o);
	cs_obs_int(o, "count", (int64_t)n);
	return n;
}

size_t cs_urlcache_x509objects(cs_machine *m, cs_account acct,
                               cs_urlcache_visit visit, void *ctx)
{
	return cs_urlcache_cmd_list(m, acct, "CRL", visit, ctx);
}

const char *cs_urlcache_x509objects_name(const cs_urlcache_entry *e)
{
	/* the path's last segment, before any query or fragment */
	const char *end = e->url + strcspn(e->url, "?#");
	const char *name = end;
	while (name > e->url && name[-1] != '/')
		name--;
	return name;
}

typedef struct {
	cs_machine *m;
	cs_obs *o;
} dir_ctx;

static void dir_one(const cs_urlcache_entry *e, cs_cryptnet_kind kind,
                    void *ctx)
{
	(void)kind;
	dir_ctx *d = ctx;
	const char *name = cs_urlcache_x509objects_name(e);
	size_t len = strcspn(name, "?#");
	char file[256];
	snprintf(file, sizeof file, "%.*s", (int)len, name);
	if (d->o) {
		cs_obs *item = cs_obs_list_add(d->o, "files");
		cs_obs_str(item, "name", file);
		cs_obs_str(item, "url", e->url);
		cs_obs_time(item, "modified", e->fetched);
		cs_obs_int(item, "bytes", (int64_t)e->content.len);
	}
	cs_decision dec = {.kind = CS_DECISION_FILE_LISTED,
	                   .file = file,
	                   .modified = e->fetched};
	cs_world_decide(&d->m->w, &dec);
}

size_t cs_urlcache_x509objects_dir(cs_machine *m, cs_account acct,
                                   const char *path)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "files",
	                           cs_world_account_name(&m->w, acct));
	cs_obs_rule(o, CS_RULE_FILES_X509OBJECTS_LISTED);
	cs_obs_str(o, "op", "dir");
	cs_obs_str(o, "path", path);
	dir_ctx d = {m, o};
	size_t n = cs_urlcache_x509objects(m, acct, dir_one, &d);
	cs_obs_int(o, "count", (int64_t)n);
	return n;
}
