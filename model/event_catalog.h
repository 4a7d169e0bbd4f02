/* The event catalogue: every Windows event the model logs, as data.
 *
 * One row per message: the log (channel) it goes to, who decides the source
 * (a fixed provider, or the profile's auto-update columns - crypt32 on XP,
 * Microsoft-Windows-CAPI2 on Vista+, RULES.md 6), the base event ID (the
 * profile adds its id base, 0 or 4096, to auto-update events), the level,
 * the keywords as Event Viewer shows them, the task name, and the English
 * message template with %1 %2 ... inserts, as the message tables give it.
 *
 * Areas log through cs_event_emit(m, CS_EV_..., args, nargs, line): it formats
 * the text, appends it to the machine's event log and records a trace
 * observation of kind "event". A profile without the log (XP has no CAPI2
 * Operational channel; the Wine profile logs nothing) logs nothing.
 *
 * Sources of the texts (cited per row in event_catalog.c): TechNet cc733922
 * (auto-update message templates), KB 2328240 (4107 = 11 + 4096), seed 001
 * (level Error, keyword Classic), KB 2801679 (Schannel 36885, 36887), the
 * Schannel samples (36887 2012+ wording, 36888), the CAPI2 manifest task names
 * as Event Viewer shows them. */
#ifndef CAPISIM_MODEL_EVENT_CATALOG_H
#define CAPISIM_MODEL_EVENT_CATALOG_H

#include <stddef.h>

#include "capisim/status.h"
#include "model/registry_names.h"
#include "model/eventlog.h"
#include "model/world.h"

typedef enum {
	/* Application log, auto root update (RULES.md 6). ID = base + the
	 * profile's autoupdate_id_base; source = the profile's. */
	CS_EV_AU_ROOT_INSTALLED,            /* 1: Subject %1, SHA-1 %2 */
	CS_EV_AU_ROOT_LIST_RETRIEVED,       /* 2: cab URL %1 */
	CS_EV_AU_ROOT_LIST_RETRIEVE_FAILED, /* 3: cab URL %1, error %2 */
	CS_EV_AU_ROOT_RETRIEVED,            /* 4: .crt URL %1 */
	CS_EV_AU_ROOT_RETRIEVE_FAILED,      /* 5: .crt URL %1, error %2 */
	CS_EV_AU_SEQ_RETRIEVED,             /* 7: authrootseq.txt URL %1 */
	CS_EV_AU_SEQ_RETRIEVE_FAILED,       /* 8: seq URL %1, error %2 */
	CS_EV_AU_ROOT_LIST_EXTRACT_FAILED, /* 11 (4107): cab URL %1, error %2 */
	CS_EV_AU_ROOT_DELETED,             /* 12: Subject %1, SHA-1 %2 */
	CS_EV_AU_DISALLOWED_LIST_UPDATED,  /* 16 (4112): effective date %1 */
	/* System log, Schannel (RULES.md 8). */
	CS_EV_SCHANNEL_ISSUER_LIST_TRUNCATED, /* 36885, no inserts */
	CS_EV_SCHANNEL_ALERT_RECEIVED,        /* 36887 (2012+): alert %1 */
	CS_EV_SCHANNEL_ALERT_RECEIVED_2008,   /* 36887 (2008/R2): %1 */
	CS_EV_SCHANNEL_ALERT_GENERATED,       /* 36888: alert %1, state %2 */
	/* Microsoft-Windows-CAPI2/Operational (RULES.md 4). Their message is
	 * the fixed "see Details" line; the inserts are the details. */
	CS_EV_CAPI2_BUILD_CHAIN_START,       /* 10 */
	CS_EV_CAPI2_BUILD_CHAIN,             /* 11: result %1 */
	CS_EV_CAPI2_VERIFY_CHAIN_POLICY,     /* 30: policy %1, result %2 */
	CS_EV_CAPI2_VERIFY_REVOCATION_START, /* 40 */
	CS_EV_CAPI2_VERIFY_REVOCATION,       /* 41: subject %1, result %2 */
	CS_EV_CAPI2_REJECT_REVOCATION_INFO,  /* 42: url %1, result %2 */
	CS_EV_CAPI2_RETRIEVE_CACHE_START,    /* 50: url %1 */
	CS_EV_CAPI2_RETRIEVE_CACHE,          /* 51: url %1, result %2 */
	CS_EV_CAPI2_RETRIEVE_NETWORK_START,  /* 52: url %1 */
	CS_EV_CAPI2_RETRIEVE_NETWORK,        /* 53: url %1, result %2 */
	CS_EV_CAPI2_X509_OBJECTS,            /* 90: subject %1 */
	CS_EV_COUNT
} cs_event_def;

/* Who decides the provider name and the final ID. */
typedef enum {
	CS_EVSRC_FIXED,      /* .source and .base_id as written */
	CS_EVSRC_AUTOUPDATE, /* profile events.autoupdate_source, base_id +
	                        events.autoupdate_id_base ("" = not logged) */
	CS_EVSRC_CAPI2_OPERATIONAL, /* .source; only when the profile has the
	                               Operational channel */
} cs_event_source_rule;

#define CS_EVENT_MAX_ARGS 4

typedef struct {
	const char *name; /* "au.root_list_extract_failed": stable, for docs */
	const char *log;  /* CS_LOG_* */
	cs_event_source_rule source_rule;
	const char *source; /* provider for FIXED / CAPI2_OPERATIONAL */
	unsigned base_id;
	cs_event_level level; /* the level when the operation failed, or the
	                         only level; see cs_event_emit_level */
	const char *keywords; /* as Event Viewer prints them; "" = none shown */
	const char *task;     /* Task Category; "None" for classic events */
	const char *text;     /* English template, %1..%9 inserts */
	const char *text_crypt32; /* XP/2003 crypt32 message table form; NULL
	                             when crypt32 has no such event */
	const char *arg_names[CS_EVENT_MAX_ARGS]; /* trace field per insert */
	unsigned nargs;
	const char *doc; /* where the row's facts come from */
} cs_event_info;

const cs_event_info *cs_event_info_get(cs_event_def def);

/* The (source, id) a profile logs def under. False when the profile does not
 * log it at all (no such channel, or no auto-update source). */
/* Where a channel's enabled state lives, as on Windows: a DWORD
 * CS_REG_VALUE(CHANNEL_ENABLED)
 * under HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WINEVT\Channels\
 * <channel>; `wevtutil sl CHANNEL /e:true` sets it. */

/* Application and System always log. The CAPI2 Operational channel is
 * disabled until an administrator enables it (DOC TechNet Wiki "Windows PKI
 * Troubleshooting: CAPI2 Diagnostics": "right-click on Operational and
 * select Enable Log"), so its events are dropped unless it is enabled. */
bool cs_event_channel_enabled(cs_world *w, const char *log);

bool cs_event_resolve(const cs_profile *p, cs_event_def def,
                      const char **source, unsigned *id);

/* Format the template: %N becomes args[N-1] ("" when missing), "%%" a
 * percent sign. Returns a malloc'ed string, NULL on out of memory. */
char *cs_event_format(const char *tmpl, const char *const *args, size_t nargs);

/* Log def on w at w->now: append to w->events and record a trace
 * observation "event" (log, source, id, level, keywords, task, the inserts
 * under their arg_names, text). nargs must equal the row's nargs
 * (CS_ERR_INTERNAL otherwise: a caller bug, reported, never silent). */
CS_MUST_USE cs_status cs_event_log(cs_world *w, cs_event_def def,
                                   const char *const *args, size_t nargs);
/* The same with an explicit level (CAPI2 Operational events are
 * Information on success and Error on failure). */
CS_MUST_USE cs_status cs_event_log_level(cs_world *w, cs_event_def def,
                                         cs_event_level level,
                                         const char *const *args, size_t nargs);

/* For engine code holding a cs_machine (engine/machine.h): model/ cannot
 * name the machine type, so these take anything with a world member `w`. */
#define cs_event_emit(m, def, args, nargs) \
	cs_event_log(&(m)->w, (def), (args), (nargs))
#define cs_event_emit_level(m, def, level, args, nargs) \
	cs_event_log_level(&(m)->w, (def), (level), (args), (nargs))

/* "Error", "Warning", "Information" (as Event Viewer prints levels). */
const char *cs_event_level_name(cs_event_level level);

#endif
