#include "capisim/status.h"

const char *cs_status_str(cs_status st)
{
	static const char *const msgs[] = {
#define CS_STATUS_MSG(name, msg) msg,
	    CS_STATUS_TABLE(CS_STATUS_MSG)
#undef CS_STATUS_MSG
	};
	if ((unsigned)st >= CS_STATUS_COUNT)
		return "unknown status";
	return msgs[st];
}
