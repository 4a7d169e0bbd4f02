/* The scenario command table and the helpers its parse functions share.
 *
 * To add a command: write its parse/run functions in your area's file,
 * declare them in a header of yours, and add one row below. Keep the rows
 * in the order docs/scenario-language.md lists the commands. */
#include "sim/scenario/commands.h"
#include "model/error.h"
#include "capisim/clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario/cmd_service.h"
#include "sim/scenario/cmd_update.h"
#include "pki/cert.h"
#include "sim/scenario/cmd_files.h"
#include "sim/scenario/cmd_impl.h"
#include "sim/scenario/cmd_schannel.h"
#include "model/profile_autoupdate.h"

static const char *const verify_opts[] = {
    "policy",     "revocation", "server", "usage",      "usage-match",
    "at",         "flags",      "auth",   "ssl-checks", "ssl-para",
    "additional", "process",    NULL};
static const char *const wu_opts[] = {"server", NULL};
static const char *const schannel_opts[] = {"app-store", "find", NULL};
static const char *const store_opts[] = {"disposition", NULL};
static const char *const revocation_opts[] = {"issuer", "crl-store", "time",
                                              "flags",  "provider",  NULL};
static const char *const tls_client_auth_opts[] = {"client-ca", "app-store",
                                                   "revocation", NULL};

const cs_command cs_scenario_commands[] = {
    /* identity and time */
    {"as",
     "as SYSTEM|LocalService|NetworkService|Administrator|user NAME|lsass|"
     "w3wp|CryptSvc",
     {1, 2, NULL},
     cs_cmd_as_parse,
     cs_cmd_as_run,
     NULL,
     false,
     false},
    {"advance",
     "advance DURATION (e.g. 90s, 15m, 24h, 7d)",
     {1, 1, NULL},
     cs_cmd_advance_parse,
     cs_cmd_advance_run,
     NULL,
     false,
     false},
    {"reboot",
     "reboot",
     {0, 0, NULL},
     NULL,
     cs_cmd_reboot_run,
     NULL,
     false,
     false},
    {"restart",
     "restart service NAME",
     {2, 2, NULL},
     cs_cmd_restart_parse,
     cs_cmd_restart_run,
     NULL,
     false,
     false},
    {"iisreset",
     "iisreset",
     {0, 0, NULL},
     NULL,
     cs_cmd_iisreset_run,
     NULL,
     false,
     false},
    {"wevtutil",
     "wevtutil sl CHANNEL /e:true|false",
     {3, 3, NULL},
     cs_cmd_wevtutil_parse,
     cs_cmd_wevtutil_run,
     NULL,
     false,
     false},
    /* certificate stores */
    {"store",
     "store [machine|user] STORE add|remove FILE... [disposition=D] | "
     "purposes all|none|USAGE[,USAGE...] FILE...",
     {3, CS_ARGS_MANY, store_opts},
     cs_cmd_store_parse,
     cs_cmd_store_run,
     cs_cmd_store_free,
     true,
     true},
    /* the virtual network */
    {"serve",
     "serve URL FILE [from TIME] [until TIME]",
     {2, 6, NULL},
     cs_cmd_serve_parse,
     cs_cmd_net_rule_run,
     cs_cmd_net_rule_free,
     false,
     false},
    {"fail",
     "fail URL http=STATUS|timeout|refused|dns [from TIME] "
     "[until TIME]",
     {2, 6, NULL},
     cs_cmd_fail_parse,
     cs_cmd_net_rule_run,
     cs_cmd_net_rule_free,
     false,
     false},
    {"latency",
     "latency URL DURATION",
     {2, 2, NULL},
     cs_cmd_latency_parse,
     cs_cmd_latency_run,
     NULL,
     false,
     false},
    /* services (engine/autoupdate: CryptSvc's disallowed-list sync) */
    {"service",
     "service CryptSvc start|stop|restart|sync",
     {2, 2, NULL},
     cs_cmd_service_parse,
     cs_cmd_service_run,
     NULL,
     false,
     false},
    /* the registry */
    {"reg",
     "reg add KEY [/v NAME|/ve] [/t TYPE] [/d DATA] [/f] | reg delete KEY "
     "[/v NAME|/ve] [/f] | reg deny ACCOUNT KEY | reg allow ACCOUNT KEY",
     {2, 10, NULL},
     cs_cmd_reg_parse,
     cs_cmd_reg_run,
     NULL,
     true,
     true},
    /* files: the folders that are views of the caches (model/fs_paths.h) */
    {"del",
     "del [/q] [/f] [/s] PATH",
     {1, 4, NULL},
     cs_cmd_del_parse,
     cs_cmd_files_run,
     NULL,
     true,
     false},
    {"rd",
     "rd /s [/q] PATH",
     {1, 3, NULL},
     cs_cmd_rd_parse,
     cs_cmd_files_run,
     NULL,
     true,
     false},
    {"move",
     "move [/y] SRC DST",
     {2, 3, NULL},
     cs_cmd_move_parse,
     cs_cmd_files_run,
     NULL,
     true,
     false},
    {"dir",
     "dir PATH (a profile's AppData\\LocalLow\\Microsoft\\X509Objects)",
     {1, 2, NULL},
     cs_cmd_dir_parse,
     cs_cmd_dir_run,
     NULL,
     true,
     false},
    /* updates */
    {"install",
     "install KB2677070",
     {1, 1, NULL},
     cs_cmd_install_parse,
     cs_cmd_install_run,
     NULL,
     true,
     false},
    {"windows-update",
     "windows-update scan CERT server=HOST",
     {2, 2, wu_opts},
     cs_cmd_wu_parse,
     cs_cmd_wu_run,
     free,
     true,
     true},
    /* certutil as administrators type it */
    {"certutil",
     "certutil -urlcache *|CRL|URL [delete] | certutil -setreg chain\\NAME "
     "VALUE "
     "| certutil -verify -urlfetch FILE",
     {2, 4, NULL},
     cs_cmd_certutil_parse,
     cs_cmd_certutil_run,
     NULL,
     true,
     true},
    /* actions */
    {"verify",
     "verify FILE [policy=base|ssl|authenticode|nt-auth|microsoft-root"
     "|...|N] [revocation=none|end|chain|chain-exclude-root[,MODIFIER]] "
     "[usage=serverAuth|clientAuth|codeSigning|any|OID[,...]] "
     "[usage-match=and|or] [additional=FILE[,FILE...]] [at=TIME] "
     "[flags=allow-unknown-ca|ignore-...[,...]|0xN] [server=NAME] "
     "[auth=server|client|N] [ssl-checks=ignore-unknown-ca|...|0xN] "
     "[ssl-para=none] [process=new|NAME]",
     {1, 1, verify_opts},
     cs_cmd_verify_parse,
     cs_cmd_verify_run,
     NULL,
     true,
     true},
    /* crypt32 / cryptnet calls (sim/scenario/cmd_call.c, docs/calls.md) */
    {"revocation",
     "revocation CERT... [issuer=FILE] [crl-store=FILE,...|STORE] "
     "[time=TIME] [flags=N] [provider=crypt32|cryptnet]",
     {1, CS_ARGS_MANY, revocation_opts},
     cs_cmd_revocation_parse,
     cs_cmd_call_run,
     cs_cmd_call_free,
     true,
     /* not replayed: a call builds its memory stores afresh each time
      * (sim/call/call_run.c), a change of state by the rules' count */
     false},
    {"call",
     "call FUNCTION KEY=VALUE... (docs/calls.md)",
     {1, CS_ARGS_MANY, NULL},
     cs_cmd_call_parse,
     cs_cmd_call_run,
     cs_cmd_call_free,
     true,
     false},
    /* Schannel (sim/scenario/cmd_schannel.c, docs/schannel.md) */
    {"schannel",
     "schannel issuer-list [app-store=FILE,...] [find=FILE]",
     {1, 1, schannel_opts},
     cs_cmd_schannel_parse,
     cs_cmd_schannel_run,
     NULL,
     true,
     true},
    {"tls-client-auth",
     "tls-client-auth iis|tls CLIENT-CERT [client-ca=FILE,...] "
     "[app-store=FILE,...] [revocation=none|end|chain|chain-exclude-root]",
     {2, 2, tls_client_auth_opts},
     cs_cmd_tls_client_auth_parse,
     cs_cmd_tls_client_auth_run,
     NULL,
     true,
     true},
};

const size_t cs_scenario_command_count =
    sizeof cs_scenario_commands / sizeof cs_scenario_commands[0];

const cs_command *cs_command_find(const char *keyword)
{
	for (size_t i = 0; i < cs_scenario_command_count; i++)
		if (strcmp(cs_scenario_commands[i].keyword, keyword) == 0)
			return &cs_scenario_commands[i];
	return NULL;
}

cs_status cs_origin_verror(cs_diag *d, const cs_origin *o, unsigned col,
                           const char *fmt, va_list ap)
{
	char msg[CS_DIAG_MSG];
	vsnprintf(msg, sizeof msg, fmt, ap);
	cs_diag_set(d, o->file, o->line, col, "%s", msg);
	cs_diag_source(d, o->src, strlen(o->src));
	return CS_ERR_SYNTAX;
}

cs_status cs_parse_error(cs_parse_ctx *pc, const cs_step *step, unsigned col,
                         const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cs_status st = cs_origin_verror(pc->d, &step->at_src, col, fmt, ap);
	va_end(ap);
	return st;
}

static bool is_option_word(const char *w, const char *key)
{
	size_t n = strlen(key);
	return strncmp(w, key, n) == 0 && w[n] == '=';
}

const char *cs_step_option(const cs_step *step, const char *key, unsigned *col)
{
	for (size_t i = 0; i < step->nargs; i++)
		if (is_option_word(step->args[i].text, key) &&
		    !strstr(step->args[i].text, "://")) {
			if (col)
				*col = step->args[i].col +
				       (unsigned)strlen(key) + 1;
			return step->args[i].text + strlen(key) + 1;
		}
	return NULL;
}

/* Positional = not an option of the command's schema. A word with "://"
 * is a URL (http://host/a?b=c), never an option, as for cs_step_option and
 * the parser's schema check: the three must agree, or a command counted as
 * having its FILE finds none. */
static bool is_positional(const cs_step *step, const char *w)
{
	if (strstr(w, "://"))
		return true;
	const char *const *o = step->cmd ? step->cmd->schema.options : NULL;
	for (; o && *o; o++)
		if (is_option_word(w, *o))
			return false;
	return true;
}

const cs_tok *cs_step_pos(const cs_step *step, size_t i)
{
	for (size_t k = 0; k < step->nargs; k++)
		if (is_positional(step, step->args[k].text) && i-- == 0)
			return &step->args[k];
	return NULL;
}

size_t cs_step_npos(const cs_step *step)
{
	size_t n = 0;
	for (size_t k = 0; k < step->nargs; k++)
		n += is_positional(step, step->args[k].text);
	return n;
}

cs_status cs_parse_time_word(cs_parse_ctx *pc, const cs_step *step,
                             const cs_tok *tok, cs_filetime *out)
{
	size_t col = 0;
	const char *why = "";
	if (cs_time_expr_parse(tok->text, &pc->now, out, &col, &why) != CS_OK)
		return cs_parse_error(pc, step, tok->col + (unsigned)col,
		                      "expected %s (a time is "
		                      "2010-07-09T12:00:00Z, now-8d, "
		                      "ft:TICKS, unix:SECONDS or bin:HEX, with "
		                      "+/- offsets)",
		                      why);
	return CS_OK;
}

cs_status cs_parse_duration_word(cs_parse_ctx *pc, const cs_step *step,
                                 const cs_tok *tok, int64_t *out)
{
	size_t col = 0;
	const char *why = "";
	if (cs_duration_parse(tok->text, out, &col, &why) != CS_OK)
		return cs_parse_error(pc, step, tok->col + (unsigned)col,
		                      "expected %s", why);
	return CS_OK;
}

cs_status cs_parse_url_word(cs_parse_ctx *pc, const cs_step *step,
                            const cs_tok *tok)
{
	static const char *const schemes[] = {"http://", "https://", "ldap://",
	                                      NULL};
	const char *w = tok->text;
	size_t skip = 0;
	for (const char *const *s = schemes; *s; s++)
		if (strncmp(w, *s, strlen(*s)) == 0)
			skip = strlen(*s);
	if (!skip)
		return cs_parse_error(pc, step, tok->col,
		                      "expected a URL starting with http://, "
		                      "https:// or ldap://, got '%s'",
		                      w);
	size_t host = strcspn(w + skip, "/?#");
	if (host == 0)
		return cs_parse_error(pc, step, tok->col + (unsigned)skip,
		                      "expected a host name after '%.*s'",
		                      (int)skip, w);
	for (const char *c = w; *c; c++)
		if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f)
			return cs_parse_error(
			    pc, step, tok->col + (unsigned)(c - w),
			    "a URL may not hold this character (write it "
			    "%%-encoded)");
	return CS_OK;
}

cs_status cs_fixture_path(const cs_step *step, const cs_tok *tok, char *buf,
                          size_t cap)
{
	int n = tok->text[0] == '/'
	            ? snprintf(buf, cap, "%s", tok->text)
	            : snprintf(buf, cap, "%s%s", step->at_src.dir, tok->text);
	return n < 0 || (size_t)n >= cap ? CS_ERR_LIMIT : CS_OK;
}

cs_status cs_parse_fixture(cs_parse_ctx *pc, const cs_step *step,
                           const cs_tok *tok, cs_bytes *out, const char **name)
{
	char path[4096];
	if (cs_fixture_path(step, tok, path, sizeof path) != CS_OK)
		return cs_parse_error(pc, step, tok->col, "path too long");
	cs_diag pd;
	cs_status st = cs_pool_file(pc->s->pool, path, out, name, &pd);
	CS_FORWARD_FAILURE(st); /* not the file's fault */
	if (st != CS_OK)
		return cs_parse_error(pc, step, tok->col,
		                      "missing fixture '%s': %s", tok->text,
		                      pd.msg);
	return CS_OK;
}

cs_status cs_parse_cert(cs_parse_ctx *pc, const cs_step *step,
                        const cs_tok *tok, const struct cs_cert **out)
{
	cs_bytes der;
	cs_status rc = cs_parse_fixture(pc, step, tok, &der, NULL);
	if (rc != CS_OK)
		return rc;
	cs_diag cd;
	memset(&cd, 0, sizeof cd);
	char why[CS_DIAG_MSG + 32];
	cs_status st = cs_cert_from_der(pc->s->pool, der, out, &cd);
	CS_FORWARD_FAILURE(st);
	if (st != CS_OK)
		return cs_parse_error(
		    pc, step, tok->col, "'%s' is not a certificate: %s",
		    tok->text, cs_diag_detail(&cd, why, sizeof why));
	return CS_OK;
}

cs_status cs_parse_certs(cs_parse_ctx *pc, const cs_step *step,
                         const cs_tok *tok, const struct cs_cert ***out,
                         size_t *n)
{
	cs_bytes der;
	cs_status rc = cs_parse_fixture(pc, step, tok, &der, NULL);
	if (rc != CS_OK)
		return rc;
	cs_diag cd;
	memset(&cd, 0, sizeof cd);
	char why[CS_DIAG_MSG + 32];
	rc = cs_certs_from_bytes(pc->s->pool, der, out, n, &cd);
	if (rc == CS_ERR_NOMEM)
		return rc;
	if (rc != CS_OK)
		return cs_parse_error(
		    pc, step, tok->col, "'%s' is not a certificate: %s",
		    tok->text, cs_diag_detail(&cd, why, sizeof why));
	return CS_OK;
}

/* The account a service runs as (`sc qc` SERVICE_START_NAME): lsass is
 * LocalSystem everywhere; CryptSvc's is the profile's auto-update column
 * (LocalSystem on XP/2003, NetworkService from Vista: H-au-5). NULL: not a
 * service name. */
static const char *service_account(const cs_profile *p, const char *w)
{
	static const char *const names[CS_ACCOUNT_WELL_KNOWN] = {
	    [CS_ACCOUNT_SYSTEM] = "SYSTEM",
	    [CS_ACCOUNT_LOCAL_SERVICE] = "LocalService",
	    [CS_ACCOUNT_NETWORK_SERVICE] = "NetworkService",
	    [CS_ACCOUNT_DEFAULT_USER] = "user:Administrator",
	};
	if (strcmp(w, "lsass") == 0)
		return names[CS_ACCOUNT_SYSTEM];
	if (strcmp(w, "w3wp") == 0)
		return names[CS_ACCOUNT_NETWORK_SERVICE];
	if (strcmp(w, "CryptSvc") == 0) {
		cs_account a = cs_profile_autoupdate(p)->cryptsvc_account;
		return a < CS_ACCOUNT_WELL_KNOWN ? names[a] : NULL;
	}
	return NULL;
}

/* The process a service word names (`as lsass`, `as w3wp`, `as
 * CryptSvc`): lsass itself; IIS's worker process w3wp (NetworkService, the
 * IIS 7 application pool default); the svchost that hosts CryptSvc. NULL:
 * an account word, which runs in that account's usual process. */
const char *cs_service_process(const char *word)
{
	if (strcmp(word, "lsass") == 0 || strcmp(word, "w3wp") == 0)
		return word;
	if (strcmp(word, "CryptSvc") == 0)
		return "svchost";
	return NULL;
}

cs_status cs_parse_account_word(cs_parse_ctx *pc, const cs_step *step,
                                const cs_tok *tok,
                                char out[CS_ACCOUNT_NAME_MAX])
{
	const char *w = tok->text;
	const char *name = NULL;
	if (strcmp(w, "SYSTEM") == 0 || strcmp(w, "LocalSystem") == 0)
		name = "SYSTEM";
	else if (strcmp(w, "LocalService") == 0 ||
	         strcmp(w, "NetworkService") == 0)
		name = w;
	else if (strcmp(w, "Administrator") == 0)
		name = "user:Administrator";
	if (!name)
		name = service_account(pc->s->profile, w);
	if (!name && strncmp(w, "user:", 5) == 0) {
		const char *u = w + 5;
		bool ok = *u && strlen(w) < CS_ACCOUNT_NAME_MAX;
		for (const char *c = u; ok && *c; c++)
			ok = (*c >= 'a' && *c <= 'z') ||
			     (*c >= 'A' && *c <= 'Z') ||
			     (*c >= '0' && *c <= '9') || *c == '_' ||
			     *c == '-' || *c == '.';
		if (!ok)
			return cs_parse_error(
			    pc, step, tok->col + 5,
			    "expected a user name of letters, digits, '_', '-' "
			    "or '.' (at most %d characters)",
			    CS_ACCOUNT_NAME_MAX - 6);
		name = w;
	}
	if (!name)
		return cs_parse_error(
		    pc, step, tok->col,
		    "unknown account '%s' (expected SYSTEM, "
		    "LocalService, NetworkService, "
		    "Administrator, user NAME, or the processes "
		    "lsass, w3wp, CryptSvc)",
		    w);
	snprintf(out, CS_ACCOUNT_NAME_MAX, "%s", name);
	return CS_OK;
}

cs_account cs_run_account(const cs_run_ctx *rc)
{
	return rc->m->w.acting;
}

const char *cs_run_account_name(const cs_run_ctx *rc)
{
	return cs_world_account_name(&rc->m->w, rc->m->w.acting);
}
