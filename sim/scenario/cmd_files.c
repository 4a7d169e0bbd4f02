/* File operations on the folders that are views of the machine's state
 * (model/fs_paths.h): `del [/q] [/f] [/s] PATH`, `rd /s [/q] PATH` (also
 * `rmdir`), `move SRC DST`, and `dir PATH` (an X509Objects folder's .crl
 * files with their modification times: seed 003 read them). Seed 001 deletes
 * the files in the CryptnetUrlCache Content and MetaData folders of the service
 * profiles; seed 003 deleted those of Administrator and system; seed 004 moves
 * %SystemRoot%\SoftwareDistribution away. Run as an administrator: no ACL
 * stops them (seed 001: answer "Continue" to the access prompt). */
#include "sim/scenario/cmd_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cryptnet/urlcache_cmd.h"
#include "model/alloc.h"
#include "model/fs_paths.h"
#include "model/hresult.h"
#include "model/mutation.h"

typedef struct {
	char path[CS_REG_PATH_MAX]; /* the path the command changes */
} files_data;

static bool is_switch(const char *w)
{
	return w[0] == '/' && w[1] && !w[2];
}

/* The one path word (the first for move). Switches: del /q /f /s, rd /s /q
 * (letters after '/', any case). */
static cs_status parse_path(cs_parse_ctx *pc, cs_step *st, const char *allowed,
                            size_t want, const cs_tok **path)
{
	size_t n = 0;
	*path = NULL;
	for (size_t i = 0; i < st->nargs; i++) {
		const cs_tok *t = &st->args[i];
		if (is_switch(t->text)) {
			char c = t->text[1] | 0x20;
			if (!strchr(allowed, c))
				return cs_parse_error(
				    pc, st, t->col,
				    "unknown switch '%s' for %s", t->text,
				    st->cmd->keyword);
			continue;
		}
		if (n++ == 0)
			*path = t;
	}
	if (n != want)
		return cs_parse_error(pc, st, st->cmd_col,
		                      "expected %zu path%s (usage: %s)", want,
		                      want == 1 ? "" : "s", st->cmd->synopsis);
	return CS_OK;
}

static cs_status keep(cs_step *st, const char *path)
{
	files_data *d = cs_calloc(1, sizeof *d);
	CS_GUARD_ALLOC(d);
	snprintf(d->path, sizeof d->path, "%s", path);
	st->data = d;
	return CS_OK;
}

/* The path must be one the model holds (known at parse time for every
 * form but a user profile, which names an account). */
static cs_status check_modelled(cs_parse_ctx *pc, cs_step *st, const cs_tok *t)
{
	static const char *const known =
	    "a CryptnetUrlCache folder (Content, MetaData) of a profile, or "
	    "%SystemRoot%\\SoftwareDistribution";
	if (strlen(t->text) >= CS_REG_PATH_MAX)
		return cs_parse_error(pc, st, t->col, "path too long");
	cs_world w;
	CS_GUARD(cs_world_init(&w, pc->s->profile, 0, false));
	cs_fs_target tg;
	cs_status r = cs_fs_resolve(&w, t->text, &tg);
	cs_world_free(&w);
	if (r == CS_ERR_NOT_FOUND)
		return cs_parse_error(pc, st, t->col,
		                      "'%s' is not a folder the model holds "
		                      "(expected %s)",
		                      t->text, known);
	if (r == CS_OK && tg.kind == CS_FS_X509OBJECTS)
		return cs_parse_error(
		    pc, st, t->col,
		    "'%s' is an X509Objects folder: the model "
		    "lists it (dir) but does not delete from it "
		    "(expected %s)",
		    t->text, known);
	return r == CS_ERR_NOT_FOUND || r == CS_ERR_LIMIT ? CS_OK : r;
}

/* del, rd and move: their switches and positional count, one path that
 * must be a modelled folder, kept for the run. */
static cs_status parse_file_command(cs_parse_ctx *pc, cs_step *st,
                                    const char *switches, size_t npos)
{
	const cs_tok *p;
	cs_status r = parse_path(pc, st, switches, npos, &p);
	if (r == CS_OK)
		r = check_modelled(pc, st, p);
	return r == CS_OK ? keep(st, p->text) : r;
}

cs_status cs_cmd_del_parse(cs_parse_ctx *pc, cs_step *st)
{
	return parse_file_command(pc, st, "qfs", 1);
}

cs_status cs_cmd_rd_parse(cs_parse_ctx *pc, cs_step *st)
{
	return parse_file_command(pc, st, "sq", 1);
}

cs_status cs_cmd_move_parse(cs_parse_ctx *pc, cs_step *st)
{
	return parse_file_command(pc, st, "y", 2);
}

/* Empty what the folder holds; the number of entries gone. */
static size_t empty(cs_machine *m, const cs_fs_target *t)
{
	if (t->kind == CS_FS_WU_DATASTORE) {
		size_t n = m->w.wu_service_data ? 1 : 0;
		if (n)
			cs_mutated();
		m->w.wu_service_data = 0;
		return n;
	}
	return cs_urlcache_clear(&m->w.accounts[t->account].disk_cache);
}

cs_status cs_cmd_files_run(cs_run_ctx *rc, cs_outcome *out)
{
	const files_data *d = rc->step->data;
	cs_machine *m = rc->m;
	cs_fs_target t;
	cs_status st = cs_fs_resolve(&m->w, d->path, &t);
	if (st == CS_ERR_LIMIT || st == CS_ERR_NOMEM)
		return st;
	if (st != CS_OK) { /* checked at parse time */
		out->has_hresult = true;
		out->hresult = CS_ERROR_PATH_NOT_FOUND;
		return CS_OK;
	}
	size_t n = empty(m, &t);
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "files",
	                           t.kind == CS_FS_URLCACHE
	                               ? cs_world_account_name(&m->w, t.account)
	                               : NULL);
	cs_obs_rule(o, t.kind == CS_FS_URLCACHE
	                   ? CS_RULE_FILES_URLCACHE_FOLDER_EMPTIED
	                   : CS_RULE_FILES_WU_DATASTORE_REMOVED);
	cs_obs_str(o, "command", rc->step->cmd->keyword);
	cs_obs_str(o, "path", d->path);
	if (t.part[0])
		cs_obs_str(o, "folder", t.part);
	cs_obs_int(o, "entries", (int64_t)n);
	out->has_hresult = true;
	out->hresult = 0;
	snprintf(out->note, sizeof out->note, "%zu cache entr%s gone", n,
	         n == 1 ? "y" : "ies");
	snprintf(out->result, sizeof out->result, "entries=%zu", n);
	return CS_OK;
}

cs_status cs_cmd_dir_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *p;
	cs_status r = parse_path(pc, st, "", 1, &p);
	if (r != CS_OK)
		return r;
	if (strlen(p->text) >= CS_REG_PATH_MAX)
		return cs_parse_error(pc, st, p->col, "path too long");
	cs_world w;
	CS_GUARD(cs_world_init(&w, pc->s->profile, 0, false));
	cs_fs_target tg;
	r = cs_fs_resolve(&w, p->text, &tg);
	cs_world_free(&w);
	if (r == CS_ERR_NOT_FOUND ||
	    (r == CS_OK && tg.kind != CS_FS_X509OBJECTS))
		return cs_parse_error(
		    pc, st, p->col,
		    "'%s' is not a folder dir can list (expected a profile's "
		    "AppData\\LocalLow\\Microsoft\\X509Objects, e.g. "
		    "%%windir%%\\System32\\config\\systemprofile\\AppData\\"
		    "LocalLow\\Microsoft\\X509Objects)",
		    p->text);
	if (r != CS_OK && r != CS_ERR_LIMIT)
		return r;
	return keep(st, p->text);
}

cs_status cs_cmd_dir_run(cs_run_ctx *rc, cs_outcome *out)
{
	const files_data *d = rc->step->data;
	cs_fs_target t;
	cs_status st = cs_fs_resolve(&rc->m->w, d->path, &t);
	if (st == CS_ERR_LIMIT || st == CS_ERR_NOMEM)
		return st;
	out->has_hresult = true;
	if (st != CS_OK || t.kind != CS_FS_X509OBJECTS) { /* checked at parse */
		out->hresult = CS_ERROR_PATH_NOT_FOUND;
		return CS_OK;
	}
	size_t n = cs_urlcache_x509objects_dir(rc->m, t.account, d->path);
	out->hresult = 0;
	snprintf(out->note, sizeof out->note, "%zu .crl file%s", n,
	         n == 1 ? "" : "s");
	snprintf(out->result, sizeof out->result, "files=%zu", n);
	return CS_OK;
}
