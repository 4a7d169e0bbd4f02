/* Schannel's System-log events 36885 and 36887 (server.h).
 *
 * Texts: samples/schannel_36885_36887_texts_msdocs.txt (KB 2801679's event
 * table for 36885 and the 2008-era 36887, the Windows release-health text
 * for the 2012+ 36887). 36885 has no inserts; 36887 carries AlertDesc. Level:
 * 36885 Warning (KB 2801679, KB 933430), 36887 Error (Level 2 in
 * samples/schannel_36887_xml_alert20_2015.txt). The event catalogue
 * (model/event_catalog.h) takes these rows over when it lands. */
#include <stdio.h>
#include <stdlib.h>

#include "engine/schannel/server.h"

static const char text_36885[] =
    "When asking for client authentication, this server sends a list of "
    "trusted certificate authorities to the client. The client uses this "
    "list to choose a client certificate that is trusted by the server. "
    "Currently, this server trusts so many certificate authorities that the "
    "list has grown too long. This list has thus been truncated. The "
    "administrator of this machine should review the certificate "
    "authorities trusted for client authentication and remove those that "
    "do not really need to be trusted.";

const char *cs_sch_text_36885(void)
{
	return text_36885;
}

void cs_sch_text_36887(const cs_schannel_profile *sp, unsigned alert, char *buf,
                       size_t size)
{
	if (sp->alert_text == CS_SCH_ALERT_TEXT_2008)
		snprintf(buf, size,
		         "The following fatal alert was received: %u", alert);
	else
		snprintf(buf, size,
		         "A fatal alert was received from the remote endpoint. "
		         "The TLS protocol defined fatal alert code is %u.",
		         alert);
}

static void log_event(cs_world *w, unsigned line, unsigned id,
                      cs_event_level level, const char *text, const char *rule,
                      const char *source, int alert)
{
	cs_event e = {.t = w->now,
	              .log = CS_LOG_SYSTEM,
	              .source = "Schannel",
	              .id = id,
	              .level = level,
	              .keywords = "Classic",
	              .text = (char *)(uintptr_t)text};
	cs_status st = cs_eventlog_add(&w->events, &e);
	cs_obs *o = cs_trace_begin(&w->trace, w->now, line, "event", NULL);
	cs_obs_rule(o, rule, source);
	cs_obs_str(o, "log", CS_LOG_SYSTEM);
	cs_obs_str(o, "source", "Schannel");
	cs_obs_int(o, "id", id);
	cs_obs_str(o, "level", level == CS_LEVEL_ERROR ? "Error" : "Warning");
	if (alert >= 0)
		cs_obs_int(o, "AlertDesc", alert);
	cs_obs_str(o, "text", text);
	if (st != CS_OK)
		cs_obs_bool(o, "lost", true); /* out of memory: trace says so */
}

void cs_sch_log_36885(cs_world *w, unsigned line)
{
	log_event(w, line, 36885, CS_LEVEL_WARNING, text_36885,
	          "schannel.issuer_list.truncated",
	          "KB 2801679 (SEED 002_224b0faaf246eeeb.txt)", -1);
}

void cs_sch_log_36887(cs_world *w, unsigned line, const cs_schannel_profile *sp,
                      unsigned alert)
{
	char text[160];
	cs_sch_text_36887(sp, alert, text, sizeof text);
	log_event(w, line, 36887, CS_LEVEL_ERROR, text,
	          "schannel.alert.received",
	          "SEED 002_224b0faaf246eeeb.txt (H-sch-6)", (int)alert);
}
