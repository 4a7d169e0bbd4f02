/* The simulated event logs: Application, System and the CAPI2 Operational
 * channel. Texts are English, as the profile's message tables give them. */
#ifndef CAPISIM_MODEL_EVENTLOG_H
#define CAPISIM_MODEL_EVENTLOG_H

#include <stddef.h>

#include "capisim/clock.h"
#include "capisim/status.h"

typedef enum {
	CS_LEVEL_ERROR = 2,
	CS_LEVEL_WARNING = 3,
	CS_LEVEL_INFORMATION = 4,
} cs_event_level; /* values as the Windows event schema numbers them */

/* Channel names as Windows spells them. */
#define CS_LOG_APPLICATION "Application"
#define CS_LOG_SYSTEM      "System"
#define CS_LOG_CAPI2       "Microsoft-Windows-CAPI2/Operational"

typedef struct {
	cs_filetime t;
	const char *log;    /* static: one of CS_LOG_* */
	const char *source; /* static: provider name */
	unsigned id;
	cs_event_level level;
	const char *keywords; /* static: "Classic", ... */
	char *text;           /* owned */
} cs_event;

typedef struct {
	cs_event *events;
	size_t n, cap;
} cs_eventlog;

void cs_eventlog_init(cs_eventlog *l);
void cs_eventlog_free(cs_eventlog *l);
CS_MUST_USE cs_status cs_eventlog_clone(cs_eventlog *dst,
                                        const cs_eventlog *src);
/* e->text is copied. */
CS_MUST_USE cs_status cs_eventlog_add(cs_eventlog *l, const cs_event *e);

#endif
