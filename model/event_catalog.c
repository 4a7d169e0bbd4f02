/* The event catalogue's rows (see model/event_catalog.h). */
#include "model/event_catalog.h"
#include "model/registry_names.h"
#include "model/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/trace.h"

/* cc733922 / cc734018: the message templates of the auto-update events;
 * KB 2328240 and seed 001: ID + 4096 on 7 / 2008 R2, level Error, keyword
 * Classic, Task Category None. */
#define AU_DOC "DOC TechNet cc733922, KB 2328240, SEED 001"
#define AU(name_, id_, level_, text_, on_xp_, a1, a2, n_)               \
	{                                                               \
		.name = name_, .log = CS_LOG_APPLICATION,               \
		.source_rule = CS_EVSRC_AUTOUPDATE, .base_id = id_,     \
		.level = level_, .keywords = "Classic", .task = "None", \
		.text = text_, .text_crypt32 = (on_xp_) ? text_ : NULL, \
		.arg_names = {a1, a2}, .nargs = n_, .doc = AU_DOC       \
	}

/* The CAPI2 Operational events all carry the same message line (their
 * content is the Details section, here the inserts). Task names as Event
 * Viewer shows them (manifest tasks BuildChain, VerifyChainPolicy, ...);
 * keywords from the captured XML where a sample shows them, "" where none
 * does (samples/capi2_op_*.txt). */
#define CAPI2_TEXT                                                          \
	"For more details for this event, please refer to the \"Details\" " \
	"section"
#define CAPI2_SOURCE "Microsoft-Windows-CAPI2"
#define OP(name_, id_, level_, kw_, task_, a1, a2, n_)                   \
	{                                                                \
		.name = name_, .log = CS_LOG_CAPI2,                      \
		.source_rule = CS_EVSRC_CAPI2_OPERATIONAL,               \
		.source = CAPI2_SOURCE, .base_id = id_, .level = level_, \
		.keywords = kw_, .task = task_, .text = CAPI2_TEXT,      \
		.arg_names = {a1, a2}, .nargs = n_,                      \
		.doc = "DOC CAPI2 manifest; samples/capi2_op_*.txt"      \
	}

static const cs_event_info catalog[CS_EV_COUNT] = {
    /* One template for crypt32 (XP/2003) and CAPI2 (Vista+): URL in
     * angle brackets, and no period after the error insert - the system
     * text carries its own. Seed 000 quotes the XP and the Vista event 11
     * with the same "<https://...authrootstl.cab> ..." text ending in one
     * 。; seed 001's 4107 shows <Data>...signed file.</Data> and the
     * message ending "...signed file." (samples/app_capi2_4107_*); a
     * 2010 blog (108.bz, "Symantec Endpoint Protection crypt32 errors")
     * shows crypt32 events 8 and 11 as "from: <http://...> with error:
     * ...". KB 2253680's XP event 8 prints the URL without brackets:
     * Markdown took "<http://...>" for an autolink (H-au-13). So TechNet's
     * "%2." is not what renders. on_xp: crypt32's table has the event. */
    [CS_EV_AU_ROOT_INSTALLED] =
        AU("au.root_installed", 1, CS_LEVEL_INFORMATION,
           "Successful auto update of third-party root certificate:: "
           "Subject: <%1> Sha1 thumbprint: <%2>.",
           true, "subject", "sha1", 2),
    [CS_EV_AU_ROOT_LIST_RETRIEVED] =
        AU("au.root_list_retrieved", 2, CS_LEVEL_INFORMATION,
           "Successful auto update retrieval of third-party root list cab "
           "from: <%1>.",
           true, "url", NULL, 1),
    [CS_EV_AU_ROOT_LIST_RETRIEVE_FAILED] =
        AU("au.root_list_retrieve_failed", 3, CS_LEVEL_ERROR,
           "Failed auto update retrieval of third-party root list cab from: "
           "<%1> with error: %2",
           true, "url", "error", 2),
    [CS_EV_AU_ROOT_RETRIEVED] =
        AU("au.root_retrieved", 4, CS_LEVEL_INFORMATION,
           "Successful auto update retrieval of third-party root "
           "certificate from: <%1>.",
           true, "url", NULL, 1),
    [CS_EV_AU_ROOT_RETRIEVE_FAILED] =
        AU("au.root_retrieve_failed", 5, CS_LEVEL_ERROR,
           "Failed auto update retrieval of third-party root certificate "
           "from: <%1> with error: %2",
           true, "url", "error", 2),
    [CS_EV_AU_SEQ_RETRIEVED] =
        AU("au.seq_retrieved", 7, CS_LEVEL_INFORMATION,
           "Successful auto update retrieval of third-party root list "
           "sequence number from: <%1>.",
           true, "url", NULL, 1),
    [CS_EV_AU_SEQ_RETRIEVE_FAILED] =
        AU("au.seq_retrieve_failed", 8, CS_LEVEL_ERROR,
           "Failed auto update retrieval of third-party root list sequence "
           "number from: <%1> with error: %2",
           true, "url", "error", 2),
    [CS_EV_AU_ROOT_LIST_EXTRACT_FAILED] =
        AU("au.root_list_extract_failed", 11, CS_LEVEL_ERROR,
           "Failed extract of third-party root list from auto update cab "
           "at: <%1> with error: %2",
           true, "url", "error", 2),
    [CS_EV_AU_ROOT_DELETED] =
        AU("au.root_deleted", 12, CS_LEVEL_INFORMATION,
           "Successful auto delete of third-party root certificate:: "
           "Subject: <%1> Sha1 thumbprint: <%2>.",
           true, "subject", "sha1", 2),
    /* RULES.md 7: 4112 on 7+; base 16 is 4112 - 4096 by the same +4096
     * rule as 4107 = 11 (inferred, no Vista capture). XP has no
     * disallowed-list update. */
    [CS_EV_AU_DISALLOWED_LIST_UPDATED] =
        AU("au.disallowed_list_updated", 16, CS_LEVEL_INFORMATION,
           "Successful auto update of disallowed certificate list with "
           "effective date: %1.",
           false, "effective_date", NULL, 1),

    /* KB 2801679's event table gives the full text (System, Schannel,
     * Warning per RULES.md 8); Schannel events show no keywords. */
    [CS_EV_SCHANNEL_ISSUER_LIST_TRUNCATED] =
        {.name = "schannel.issuer_list_truncated",
         .log = CS_LOG_SYSTEM,
         .source_rule = CS_EVSRC_FIXED,
         .source = "Schannel",
         .base_id = 36885,
         .level = CS_LEVEL_WARNING,
         .keywords = "",
         .task = "None",
         .text = "When asking for client authentication, this server sends "
                 "a list of trusted certificate authorities to the client. "
                 "The client uses this list to choose a client certificate "
                 "that is trusted by the server. Currently, this server "
                 "trusts so many certificate authorities that the list has "
                 "grown too long. This list has thus been truncated. The "
                 "administrator of this machine should review the "
                 "certificate authorities trusted for client "
                 "authentication and remove those that do not really need "
                 "to be trusted.",
         .nargs = 0,
         .doc = "DOC KB 2801679 (event table); RULES.md 8"},
    /* 36887's wording changed with 2012 (samples/schannel_36885_36887):
     * the Schannel area picks the row for its profile. */
    [CS_EV_SCHANNEL_ALERT_RECEIVED] =
        {.name = "schannel.alert_received",
         .log = CS_LOG_SYSTEM,
         .source_rule = CS_EVSRC_FIXED,
         .source = "Schannel",
         .base_id = 36887,
         .level = CS_LEVEL_ERROR,
         .keywords = "",
         .task = "None",
         .text = "A fatal alert was received from the remote endpoint. The "
                 "TLS protocol defined fatal alert code is %1.",
         .arg_names = {"alert"},
         .nargs = 1,
         .doc = "DOC Windows release health (CVE-2019-1318); "
                "samples/schannel_36885_36887_texts_msdocs.txt"},
    [CS_EV_SCHANNEL_ALERT_RECEIVED_2008] =
        {.name = "schannel.alert_received_2008",
         .log = CS_LOG_SYSTEM,
         .source_rule = CS_EVSRC_FIXED,
         .source = "Schannel",
         .base_id = 36887,
         .level = CS_LEVEL_ERROR,
         .keywords = "",
         .task = "None",
         .text = "The following fatal alert was received: %1",
         .arg_names = {"alert"},
         .nargs = 1,
         .doc = "DOC KB 2801679 (event table)"},
    [CS_EV_SCHANNEL_ALERT_GENERATED] =
        {.name = "schannel.alert_generated",
         .log = CS_LOG_SYSTEM,
         .source_rule = CS_EVSRC_FIXED,
         .source = "Schannel",
         .base_id = 36888,
         .level = CS_LEVEL_ERROR,
         .keywords = "",
         .task = "None",
         .text = "A fatal alert was generated and sent to the remote "
                 "endpoint. This may result in termination of the "
                 "connection. The TLS protocol defined fatal error code is "
                 "%1. The Windows SChannel error state is %2.",
         .arg_names = {"alert", "error_state"},
         .nargs = 2,
         .doc = "samples/schannel_36888_text_and_xml_2020.txt"},

    [CS_EV_CAPI2_BUILD_CHAIN_START] =
        OP("capi2.build_chain_start", 10, CS_LEVEL_INFORMATION, "",
           "Build Chain", NULL, NULL, 0),
    [CS_EV_CAPI2_BUILD_CHAIN] =
        OP("capi2.build_chain", 11, CS_LEVEL_INFORMATION, "0x4000000000000003",
           "Build Chain", "subject", "result", 2),
    [CS_EV_CAPI2_VERIFY_CHAIN_POLICY] =
        OP("capi2.verify_chain_policy", 30, CS_LEVEL_INFORMATION,
           "0x4000000000000001", "Verify Chain Policy", "policy", "result", 2),
    [CS_EV_CAPI2_VERIFY_REVOCATION_START] =
        OP("capi2.verify_revocation_start", 40, CS_LEVEL_INFORMATION, "",
           "Verify Revocation", NULL, NULL, 0),
    [CS_EV_CAPI2_VERIFY_REVOCATION] =
        OP("capi2.verify_revocation", 41, CS_LEVEL_INFORMATION,
           "0x4000000000000005", "Verify Revocation", "subject", "result", 2),
    [CS_EV_CAPI2_REJECT_REVOCATION_INFO] =
        OP("capi2.reject_revocation_info", 42, CS_LEVEL_ERROR, "",
           "Reject Revocation Information", "url", "result", 2),
    [CS_EV_CAPI2_RETRIEVE_CACHE_START] =
        OP("capi2.retrieve_cache_start", 50, CS_LEVEL_INFORMATION, "",
           "Retrieve Object from Cache", "url", NULL, 1),
    [CS_EV_CAPI2_RETRIEVE_CACHE] =
        OP("capi2.retrieve_cache", 51, CS_LEVEL_INFORMATION, "",
           "Retrieve Object from Cache", "url", "result", 2),
    [CS_EV_CAPI2_RETRIEVE_NETWORK_START] =
        OP("capi2.retrieve_network_start", 52, CS_LEVEL_INFORMATION, "",
           "Retrieve Object from Network", "url", NULL, 1),
    [CS_EV_CAPI2_RETRIEVE_NETWORK] =
        OP("capi2.retrieve_network", 53, CS_LEVEL_INFORMATION,
           "0x4000000000000036", "Retrieve Object from Network", "url",
           "result", 2),
    [CS_EV_CAPI2_X509_OBJECTS] =
        OP("capi2.x509_objects", 90, CS_LEVEL_INFORMATION, "", "X509 Objects",
           "subject", NULL, 1),
};

/* XP / 2003's crypt32 has its own message table (text_crypt32). The
 * template belongs to the provider's message table, so the provider name
 * picks it. */
#define CRYPT32_SOURCE "crypt32"

const cs_event_info *cs_event_info_get(cs_event_def def)
{
	return (unsigned)def < CS_EV_COUNT ? &catalog[def] : NULL;
}

bool cs_event_resolve(const cs_profile *p, cs_event_def def,
                      const char **source, unsigned *id)
{
	const cs_event_info *e = cs_event_info_get(def);
	if (!e)
		return false;
	switch (e->source_rule) {
	case CS_EVSRC_FIXED:
		*source = e->source;
		*id = e->base_id;
		return true;
	case CS_EVSRC_AUTOUPDATE:
		if (!p->events.autoupdate_source[0])
			return false;
		*source = p->events.autoupdate_source;
		*id = e->base_id + p->events.autoupdate_id_base;
		return true;
	case CS_EVSRC_CAPI2_OPERATIONAL:
		if (!p->events.has_capi2_operational)
			return false;
		*source = e->source;
		*id = e->base_id;
		return true;
	}
	return false;
}

bool cs_event_channel_enabled(cs_world *w, const char *log)
{
	if (strcmp(log, CS_LOG_CAPI2) != 0)
		return true;
	/* asked at every chain build: the answer is kept until the registry
	 * is written */
	if (w->capi2_read_at == w->reg.changes + 1)
		return w->capi2_enabled;
	/* once per machine at least: put together without snprintf */
	char key[CS_REG_PATH_MAX];
	const char *base = CS_REG_KEY(EVENT_CHANNELS);
	size_t nb = strlen(base), nl = strlen(log);
	if (nb + 1 + nl >= sizeof key)
		return false;
	memcpy(key, base, nb);
	key[nb] = '\\';
	memcpy(key + nb + 1, log, nl + 1);
	uint32_t enabled = 0;
	w->capi2_enabled =
	    cs_reg_get_dword(&w->reg, key, CS_REG_VALUE(CHANNEL_ENABLED),
	                     &enabled) &&
	    enabled != 0;
	w->capi2_read_at = w->reg.changes + 1;
	return w->capi2_enabled;
}

char *cs_event_format(const char *tmpl, const char *const *args, size_t nargs)
{
	/* Two passes: measure, then write. */
	char *out = NULL;
	size_t len = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t n = 0;
		for (const char *p = tmpl; *p; p++) {
			const char *ins = NULL;
			size_t inslen = 1;
			if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
				size_t k = (size_t)(p[1] - '1');
				ins = k < nargs && args[k] ? args[k] : "";
				inslen = strlen(ins);
				p++;
			} else if (p[0] == '%' && p[1] == '%') {
				ins = "%";
				p++;
			} else {
				ins = p;
			}
			if (out)
				memcpy(out + n, ins, inslen);
			n += inslen;
		}
		if (!out) {
			len = n;
			out = cs_malloc(len + 1);
			if (!out)
				return NULL;
		}
	}
	out[len] = '\0';
	return out;
}

const char *cs_event_level_name(cs_event_level level)
{
	switch (level) {
	case CS_LEVEL_ERROR:
		return "Error";
	case CS_LEVEL_WARNING:
		return "Warning";
	case CS_LEVEL_INFORMATION:
		return "Information";
	}
	return "?";
}

cs_status cs_event_log_level(cs_world *w, cs_event_def def,
                             cs_event_level level, const char *const *args,
                             size_t nargs)
{
	const cs_event_info *e = cs_event_info_get(def);
	if (!e || nargs != e->nargs)
		CS_BAIL(CS_ERR_INTERNAL);
	const char *source;
	unsigned id;
	if (!cs_event_resolve(w->profile, def, &source, &id))
		return CS_OK; /* this OS does not have that log or source */
	if (!cs_event_channel_enabled(w, e->log))
		return CS_OK; /* the channel exists but is disabled */
	bool crypt32 = strcmp(source, CRYPT32_SOURCE) == 0;
	if (crypt32 && !e->text_crypt32)
		return CS_OK; /* the XP message table has no such event */
	char *text =
	    cs_event_format(crypt32 ? e->text_crypt32 : e->text, args, nargs);
	if (!text)
		return cs_alloc_failed();
	/* XP's event log has no keywords. */
	const char *keywords = crypt32 ? "" : e->keywords;
	cs_event ev = {
	    .t = w->now,
	    .log = e->log,
	    .source = source,
	    .id = id,
	    .level = level,
	    .keywords = keywords,
	    .text = text,
	};
	cs_status st = cs_eventlog_add(&w->events, &ev);
	if (st == CS_OK) {
		cs_obs *o = cs_trace_begin(&w->trace, w->now, "event", NULL);
		cs_obs_str(o, "log", e->log);
		cs_obs_str(o, "source", source);
		cs_obs_int(o, "id", id);
		cs_obs_str(o, "level", cs_event_level_name(level));
		if (keywords[0])
			cs_obs_str(o, "keywords", keywords);
		cs_obs_str(o, "task", e->task);
		for (size_t i = 0; i < nargs; i++)
			if (e->arg_names[i])
				cs_obs_str(o, e->arg_names[i], args[i]);
		cs_obs_str(o, "text", text);
	}
	free(text);
	return st;
}

cs_status cs_event_log(cs_world *w, cs_event_def def, const char *const *args,
                       size_t nargs)
{
	const cs_event_info *e = cs_event_info_get(def);
	if (!e)
		CS_BAIL(CS_ERR_INTERNAL);
	return cs_event_log_level(w, def, e->level, args, nargs);
}
