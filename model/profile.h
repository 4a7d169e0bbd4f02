/* OS profiles: each Windows build (and Wine 8) is one row of constants and
 * switches. Behaviour differences are columns, never `if (version)`.
 *
 * The table is split by area so that each area's file holds its own columns
 * for every row: model/profile.c has the general columns below; an area adds
 * a header with its column struct and a file with one row per cs_profile_id,
 * e.g. `const cs_revocation_profile *cs_profile_revocation(const cs_profile *)`
 * indexing a table [CS_PROFILE_COUNT] by p->id. A row missing in an area's
 * table is a build error there (use designated initialisers and a
 * static_assert on the count). Values marked PARAMETER/HYPOTHESIS in RULES.md
 * are documented in docs/hypotheses.md. */
#ifndef CAPISIM_MODEL_PROFILE_H
#define CAPISIM_MODEL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Event sources and IDs the profile logs under (RULES.md 6). */
typedef struct {
	const char
	    *autoupdate_source; /* "crypt32" or "Microsoft-Windows-CAPI2" */
	unsigned
	    autoupdate_id_base;     /* 0 (XP, Vista) or 4096 (7+): 11 -> 4107 */
	bool has_capi2_operational; /* Vista+: the CAPI2 Operational log */
} cs_profile_events;

#define CS_EVENTS_XP                \
	{                           \
		"crypt32", 0, false \
	}
#define CS_EVENTS_VISTA                            \
	{                                          \
		"Microsoft-Windows-CAPI2", 0, true \
	}
#define CS_EVENTS_WIN7                                \
	{                                             \
		"Microsoft-Windows-CAPI2", 4096, true \
	}
#define CS_EVENTS_NONE       \
	{                    \
		"", 0, false \
	}

/* The general columns, one row per OS: X(ID, name, description, user agent,
 * is_wine, events). User agents: seed 003's IIS log shows
 * Microsoft-CryptoAPI/6.1 on 7 / 2008 R2 (the NT version); the others follow
 * the NT version the same way (PARAMETER, docs/hypotheses.md). */
#define CS_PROFILE_ROWS(X)                                                   \
	X(XP_SP3, "xp-sp3", "Windows XP SP3", "Microsoft-CryptoAPI/5.131",   \
	  false, CS_EVENTS_XP)                                               \
	X(SERVER_2003, "server-2003", "Windows Server 2003 SP2",             \
	  "Microsoft-CryptoAPI/5.131", false, CS_EVENTS_XP)                  \
	X(VISTA, "vista", "Windows Vista SP2 / Server 2008",                 \
	  "Microsoft-CryptoAPI/6.0", false, CS_EVENTS_VISTA)                 \
	X(WIN7_RTM, "win7-rtm", "Windows 7 RTM", "Microsoft-CryptoAPI/6.1",  \
	  false, CS_EVENTS_WIN7)                                             \
	X(WIN7_SP1, "win7-sp1", "Windows 7 SP1 without KB 2666300",          \
	  "Microsoft-CryptoAPI/6.1", false, CS_EVENTS_WIN7)                  \
	X(WIN7_SP1_KB2666300, "win7-sp1-kb2666300",                          \
	  "Windows 7 SP1 with hotfix KB 2666300", "Microsoft-CryptoAPI/6.1", \
	  false, CS_EVENTS_WIN7)                                             \
	X(SERVER_2008R2, "server-2008r2",                                    \
	  "Windows Server 2008 R2 SP1 without KB 2666300",                   \
	  "Microsoft-CryptoAPI/6.1", false, CS_EVENTS_WIN7)                  \
	X(SERVER_2008R2_KB2666300, "server-2008r2-kb2666300",                \
	  "Windows Server 2008 R2 SP1 with hotfix KB 2666300",               \
	  "Microsoft-CryptoAPI/6.1", false, CS_EVENTS_WIN7)                  \
	X(SERVER_2012, "server-2012", "Windows Server 2012",                 \
	  "Microsoft-CryptoAPI/6.2", false, CS_EVENTS_WIN7)                  \
	X(SERVER_2012R2, "server-2012r2", "Windows Server 2012 R2",          \
	  "Microsoft-CryptoAPI/6.3", false, CS_EVENTS_WIN7)                  \
	X(WIN10_22H2, "win10-22h2", "Windows 10 22H2 (build 19045)",         \
	  "Microsoft-CryptoAPI/10.0", false, CS_EVENTS_WIN7)                 \
	X(WIN11, "win11", "Windows 11", "Microsoft-CryptoAPI/10.0", false,   \
	  CS_EVENTS_WIN7)                                                    \
	X(WINE_8, "wine-8", "Wine 8.0 crypt32/cryptnet", "", true,           \
	  CS_EVENTS_NONE)

typedef enum {
#define CS_PROFILE_ENUM(id, ...) CS_PROFILE_##id,
	CS_PROFILE_ROWS(CS_PROFILE_ENUM)
#undef CS_PROFILE_ENUM
	    CS_PROFILE_COUNT
} cs_profile_id;

struct cs_revocation_profile;
struct cs_schannel_profile;

typedef struct {
	cs_profile_id id;
	const char *name; /* as scenarios spell it: "win7-sp1" */
	const char *description;
	const char *user_agent; /* cryptnet's HTTP User-Agent ("" = none) */
	bool is_wine;           /* the row models Wine, compared against Wine */
	cs_profile_events events;
	/* NULL in the table. A run scoring an alternative hypothesis
	 * (model/hypotheses.h) copies the row and points this at its own
	 * revocation columns. */
	const struct cs_revocation_profile *revocation;
	/* Likewise for the Schannel columns. */
	const struct cs_schannel_profile *schannel;
} cs_profile;

const cs_profile *cs_profile_by_id(cs_profile_id id);
/* NULL when unknown. */
const cs_profile *cs_profile_find(const char *name);
/* The one reader of a profile name (a scenario's `profile` line, --profile,
 * a fleet's profile=mix and patch=): the profile, or NULL with err set to
 * "unknown profile 'NAME' (known: xp-sp3, ...)". */
#define CS_PROFILE_ERR 640
const cs_profile *cs_profile_parse(const char *name, char err[CS_PROFILE_ERR]);
/* The profile a scenario gets without a `profile` line. */
const cs_profile *cs_profile_default(void);

#endif
