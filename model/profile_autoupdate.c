/* The auto-update columns, one row per profile (model/profile_autoupdate.h).
 * Sources: RULES.md 6/7; H-au-* in docs/hypotheses.md for the choices. */
#include "model/profile_autoupdate.h"

#include <assert.h>

#include "capisim/clock.h"

/* SEED 000: the STL is cached 7 days after download. */
#define WEEK (7 * CS_TICKS_PER_DAY)
/* H-au-1: daily polling on Windows 8+ after KB 3004394 (RULES.md 6). */
#define DAY CS_TICKS_PER_DAY

/* The columns every Windows row shares; a row overrides what differs. */
#define WINDOWS_COMMON                                                   \
	.root_auto_update = true, .stl_memory_copy_ages_out = true,      \
	.log_retrieval_success = true, .disallowed_sync_delta_s = 57600, \
	.disallowed_sync_delta_floor_s = 15, .stale_factor_num = 3,      \
	.stale_factor_den = 2,                                           \
	.stale_bits_scope = CS_AU_STALE_BITS_SIMPLE_CHAIN,               \
	.stale_refresh_backoff = 0, .wu_service_data_lifetime = DAY

#define XP_ROW                                                              \
	{                                                                   \
		WINDOWS_COMMON, .default_root_dir_url = CS_AU_URL_DOWNLOAD, \
		                .stl_cache_lifetime = WEEK,                 \
		                .disallowed_sync = false,                   \
		                .cryptsvc_account = CS_ACCOUNT_SYSTEM       \
	}
/* Vista .. 2008 R2: shipped with www.download; KB 2677070 moves them to
 * ctldl. 2012 and later: ctldl as shipped. */
#define NT6_ROW(url, kb_url, lifetime)                                         \
	{                                                                      \
		WINDOWS_COMMON, .default_root_dir_url = (url),                 \
		                .kb2677070_root_dir_url = (kb_url),            \
		                .stl_cache_lifetime = (lifetime),              \
		                .disallowed_sync = (kb_url) == NULL,           \
		                .cryptsvc_account = CS_ACCOUNT_NETWORK_SERVICE \
	}
#define NT60_61(lifetime) NT6_ROW(CS_AU_URL_DOWNLOAD, CS_AU_URL_CTLDL, lifetime)
#define NT62_UP(lifetime) NT6_ROW(CS_AU_URL_CTLDL, NULL, lifetime)

static const cs_autoupdate_profile rows[CS_PROFILE_COUNT] = {
    [CS_PROFILE_XP_SP3] = XP_ROW,
    [CS_PROFILE_SERVER_2003] = XP_ROW,
    [CS_PROFILE_VISTA] = NT60_61(WEEK),
    [CS_PROFILE_WIN7_RTM] = NT60_61(WEEK),
    [CS_PROFILE_WIN7_SP1] = NT60_61(WEEK),
    [CS_PROFILE_WIN7_SP1_KB2666300] = NT60_61(WEEK),
    [CS_PROFILE_SERVER_2008R2] = NT60_61(WEEK),
    [CS_PROFILE_SERVER_2008R2_KB2666300] = NT60_61(WEEK),
    [CS_PROFILE_SERVER_2012] = NT62_UP(WEEK),
    [CS_PROFILE_SERVER_2012R2] = NT62_UP(WEEK),
    [CS_PROFILE_WIN10_22H2] = NT62_UP(DAY),
    [CS_PROFILE_WIN11] = NT62_UP(DAY),
    /* RULES.md 3: Wine 8 has no auto-update and no disallowed CTL. */
    [CS_PROFILE_WINE_8] = {.root_auto_update = false,
                           .default_root_dir_url = CS_AU_URL_CTLDL,
                           .stl_cache_lifetime = WEEK,
                           .disallowed_sync = false,
                           .cryptsvc_account = CS_ACCOUNT_SYSTEM,
                           .disallowed_sync_delta_s = 57600,
                           .disallowed_sync_delta_floor_s = 15,
                           .stale_factor_num = 3,
                           .stale_factor_den = 2},
};

const cs_autoupdate_profile *cs_profile_autoupdate(const cs_profile *p)
{
	assert(p->id < CS_PROFILE_COUNT);
	/* every row is filled: a designated initialiser left out would give
	 * a NULL URL, caught here in debug builds */
	assert(rows[p->id].default_root_dir_url != NULL);
	return &rows[p->id];
}
