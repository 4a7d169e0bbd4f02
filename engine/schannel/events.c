/* Schannel's System-log events 36885 and 36887 (server.h), logged through
 * the event catalogue (model/event_catalog.h), which holds their texts and
 * sources (KB 2801679's event table; the 2012+ 36887 wording from the
 * Schannel samples). The profile column alert_text picks the 36887 row. */
#include <stdio.h>
#include <stdlib.h>

#include "engine/schannel/server.h"
#include "model/event_catalog.h"

static cs_event_def alert_row(const cs_schannel_profile *sp)
{
	return sp->alert_text == CS_SCH_ALERT_TEXT_2008
	           ? CS_EV_SCHANNEL_ALERT_RECEIVED_2008
	           : CS_EV_SCHANNEL_ALERT_RECEIVED;
}

const char *cs_sch_text_36885(void)
{
	return cs_event_info_get(CS_EV_SCHANNEL_ISSUER_LIST_TRUNCATED)->text;
}

void cs_sch_text_36887(const cs_schannel_profile *sp, unsigned alert, char *buf,
                       size_t size)
{
	char num[16];
	snprintf(num, sizeof num, "%u", alert);
	const char *args[1] = {num};
	char *t =
	    cs_event_format(cs_event_info_get(alert_row(sp))->text, args, 1);
	snprintf(buf, size, "%s", t ? t : "");
	free(t);
}

cs_status cs_sch_log_36885(cs_world *w)
{
	return cs_event_log(w, CS_EV_SCHANNEL_ISSUER_LIST_TRUNCATED, NULL, 0);
}

cs_status cs_sch_log_36887(cs_world *w, const cs_schannel_profile *sp,
                           unsigned alert)
{
	char num[16];
	snprintf(num, sizeof num, "%u", alert);
	const char *args[1] = {num};
	return cs_event_log(w, alert_row(sp), args, 1);
}
