/* Schannel's columns, one row per profile (model/profile_schannel.h).
 *
 * Sources: the 16 KB limit on 2008, 2008 R2 and 2012 is DOC (KB 2801679,
 * seed 002; "What's New in TLS/SSL" for 2012: "remains the same as in
 * Windows Server 2008 R2"); the list was already truncated on 2003 (KB
 * 933430 quotes event 36885 there), the size there and on 2012 R2+ is
 * PARAMETER (H-sch-1). SendTrustedIssuerList's default flipped to 0 in 2012
 * / 8, which also brought ClientAuthIssuer and ClientAuthTrustMode (DOC
 * "What's New in TLS/SSL (Schannel SSP)", Windows Server 2012). KB 2880390
 * (2012 / 8) says client authentication breaks past 16 KB whatever
 * SendTrustedIssuerList says: H-sch-5. The counting rule and the store order
 * are PARAMETERs of RULES.md 8 (H-sch-1, H-sch-3). Wine 8's schannel (GnuTLS)
 * builds no such list: its row only keeps the TLS cap (H-sch-8). */
#include "model/profile_schannel.h"

#include <assert.h>

#define ROOT_ORDER                                                         \
	{                                                                  \
		CS_STORE_ROOT, CS_STORE_AUTHROOT, CS_STORE_ENTERPRISE_ROOT \
	}

/* XP / 2003 / Vista / 2008 / 7 / 2008 R2: the Root store, always sent. */
#define SCH_LEGACY                                                 \
	{                                                          \
		.issuer_list_limit = 16384,                        \
		.count_rule = CS_SCH_COUNT_ENCODED_LIST,           \
		.send_issuer_list_default = true,                  \
		.has_client_auth_issuer_store = false,             \
		.has_trust_modes = false,                          \
		.validation_uses_truncated_list = false,           \
		.root_parts = ROOT_ORDER, .client_auth_alert = 47, \
		.alert_text = CS_SCH_ALERT_TEXT_2008               \
	}

/* 2012 / 8 as released: stores and trust modes, not sent by default, and
 * mode 0 checks against the truncated list (KB 2880390). */
#define SCH_2012                                                               \
	{                                                                      \
		.issuer_list_limit = 16384,                                    \
		.count_rule = CS_SCH_COUNT_ENCODED_LIST,                       \
		.send_issuer_list_default = false,                             \
		.has_client_auth_issuer_store = true, .has_trust_modes = true, \
		.validation_uses_truncated_list = true,                        \
		.root_parts = ROOT_ORDER, .client_auth_alert = 47,             \
		.alert_text = CS_SCH_ALERT_TEXT_2012                           \
	}

/* 2012 R2 and later: as 2012 with the KB 2880390 correction (H-sch-5). */
#define SCH_MODERN                                                             \
	{                                                                      \
		.issuer_list_limit = 16384,                                    \
		.count_rule = CS_SCH_COUNT_ENCODED_LIST,                       \
		.send_issuer_list_default = false,                             \
		.has_client_auth_issuer_store = true, .has_trust_modes = true, \
		.validation_uses_truncated_list = false,                       \
		.root_parts = ROOT_ORDER, .client_auth_alert = 47,             \
		.alert_text = CS_SCH_ALERT_TEXT_2012                           \
	}

#define SCH_WINE                                                   \
	{                                                          \
		.issuer_list_limit = 0,                            \
		.count_rule = CS_SCH_COUNT_ENCODED_LIST,           \
		.send_issuer_list_default = false,                 \
		.has_client_auth_issuer_store = false,             \
		.has_trust_modes = false,                          \
		.validation_uses_truncated_list = false,           \
		.root_parts = ROOT_ORDER, .client_auth_alert = 47, \
		.alert_text = CS_SCH_ALERT_TEXT_2012               \
	}

static const cs_schannel_profile rows[CS_PROFILE_COUNT] = {
    [CS_PROFILE_XP_SP3] = SCH_LEGACY,
    [CS_PROFILE_SERVER_2003] = SCH_LEGACY,
    [CS_PROFILE_VISTA] = SCH_LEGACY,
    [CS_PROFILE_WIN7_RTM] = SCH_LEGACY,
    [CS_PROFILE_WIN7_SP1] = SCH_LEGACY,
    [CS_PROFILE_WIN7_SP1_KB2666300] = SCH_LEGACY,
    [CS_PROFILE_SERVER_2008R2] = SCH_LEGACY,
    [CS_PROFILE_SERVER_2008R2_KB2666300] = SCH_LEGACY,
    [CS_PROFILE_SERVER_2012] = SCH_2012,
    [CS_PROFILE_SERVER_2012R2] = SCH_MODERN,
    [CS_PROFILE_WIN10_22H2] = SCH_MODERN,
    [CS_PROFILE_WIN11] = SCH_MODERN,
    [CS_PROFILE_WINE_8] = SCH_WINE,
};

/* A row left out above would be all zeros (Root three times in
 * root_parts): tests/test_schannel_list.c walks every profile and checks
 * that AuthRoot is the second part. */
const cs_schannel_profile *cs_profile_schannel(const cs_profile *p)
{
	assert(p->id < CS_PROFILE_COUNT);
	if (p->schannel)
		return p->schannel;
	return &rows[p->id];
}
