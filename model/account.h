/* Accounts of the simulated machine. Each has its own URL cache (the
 * CryptnetUrlCache folders under its profile), its own user certificate stores
 * and HKCU hive; services run as the well-known ones. */
#ifndef CAPISIM_MODEL_ACCOUNT_H
#define CAPISIM_MODEL_ACCOUNT_H

#include <stdbool.h>

/* Index into cs_world.accounts. The first four always exist, in this order. */
typedef unsigned cs_account;
enum {
	CS_ACCOUNT_SYSTEM = 0,          /* LocalSystem: lsass, CryptSvc on XP */
	CS_ACCOUNT_LOCAL_SERVICE = 1,   /* NT AUTHORITY\LocalService */
	CS_ACCOUNT_NETWORK_SERVICE = 2, /* NT AUTHORITY\NetworkService */
	CS_ACCOUNT_DEFAULT_USER = 3, /* the interactive user, "Administrator" */
	CS_ACCOUNT_WELL_KNOWN = 4,
};
/* Named users beyond the default ("as user alice"): a bound on per-machine
 * state so that fleet clones stay small. */
#define CS_ACCOUNT_MAX 16

/* A process name ("lsass", "svchost", "w3wp", "browser"), with its NUL. */
#define CS_PROCESS_NAME_MAX 24

/* Names as scenarios and traces spell them: "SYSTEM", "LocalService",
 * "NetworkService", "user:Administrator". */
#define CS_ACCOUNT_NAME_MAX 64

#endif
