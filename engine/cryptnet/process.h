/* cryptnet's in-process state (area CS_AREA_CRYPTNET): the machine's
 * long-lived processes - lsass, the svchost service hosts, IIS's w3wp
 * worker, a user's browser - each running as one account, each holding a
 * memory URL cache, the offline back-off counters of the URLs it retrieved,
 * the revocation provider's per-issuer counts and the H-rev-1 pins. All of
 * it is lost on reboot and on a restart of that process, and nothing else
 * clears it: `certutil -urlcache * delete` runs in its own process and only
 * touches the account's disk cache; a one-shot process (certutil -verify, a
 * new browser window: CS_RETRIEVE_FRESH_PROCESS) holds nothing at all.
 * Internal to engine/cryptnet, engine/revocation and engine/autoupdate. */
#ifndef CAPISIM_ENGINE_CRYPTNET_PROCESS_H
#define CAPISIM_ENGINE_CRYPTNET_PROCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/machine.h"
#include "model/urlcache.h"

typedef struct {
	char *url;
	unsigned count;           /* failures in a row, capped */
	cs_filetime last_failure; /* wire not tried before this + wait */
} cs_backoff_entry;

/* H-rev-1: a base CRL copy the unpatched provider keeps using after an OCSP
 * failure. Key: the base CRL URL; the copy by its ThisUpdate. */
typedef struct {
	char *url;
	cs_filetime copy_this_update; /* which copy is pinned */
	cs_filetime until;            /* pin released at this time */
} cs_crl_pin;

/* The OCSP->CRL switch (H-rev-7): OCSP responses of one issuer the process
 * cached. Key: the issuer certificate's SHA-1 (hex). */
typedef struct {
	char issuer[41];
	unsigned count;
} cs_ocsp_count;

/* One long-lived process: what it holds in memory (RULES.md 3-4: caches
 * are per process). Key: its name and the account it runs as. */
typedef struct {
	char name[CS_PROCESS_NAME_MAX]; /* "lsass", "svchost", "w3wp", ... */
	cs_account account;
	/* A number no earlier incarnation of any process had: areas that keep
	 * per-process state elsewhere (engine/autoupdate's in-memory
	 * authroot.stl) tell a restarted process from the one before. */
	unsigned generation;
	cs_filetime started;
	cs_urlcache memory;
	cs_ocsp_count *ocsp_counts;
	size_t nocsp, capocsp;
	cs_backoff_entry *backoff;
	size_t nbackoff, capbackoff;
	cs_crl_pin *pins;
	size_t npins, cappins;
} cs_cryptnet_process;

typedef struct {
	cs_cryptnet_process **procs; /* stable addresses: each malloc'ed */
	size_t n, cap;
	unsigned generations; /* handed out so far */
} cs_cryptnet_state;

/* The area's row in engine/areas.c. */
CS_MUST_USE cs_status cs_cryptnet_area_create(cs_machine *m, void **state);
CS_MUST_USE cs_status cs_cryptnet_area_clone(void **dst, const void *src);
void cs_cryptnet_area_reboot(cs_machine *m, void *state);
void cs_cryptnet_area_free(void *state);

/* The process acct's work runs in now: the acting account's `as` process
 * (m->w.acting_process) when acct acts and one is set, otherwise acct's
 * usual long-lived process - lsass for SYSTEM (Schannel, which checks
 * client certificates, lives there), svchost for LocalService and
 * NetworkService, the user's browser for a user. */
const char *cs_process_name(const cs_machine *m, cs_account acct);
/* That process, started on first use; NULL only when memory runs out. */
cs_cryptnet_process *cs_cryptnet_process_of(cs_machine *m, cs_account acct);
/* The process name of acct, started now if it was not running; NULL when
 * memory runs out. */
cs_cryptnet_process *cs_cryptnet_process_named(cs_machine *m, const char *name,
                                               cs_account acct);
/* Restart process `name` of acct (a service restart: `iisreset` restarts
 * the IIS worker w3wp, not lsass): everything it held is gone, and its next
 * use starts a new incarnation. Records a trace observation
 * "process-restart". */
void cs_cryptnet_process_restart(cs_machine *m, const char *name,
                                 cs_account acct);

const cs_backoff_entry *cs_backoff_find(const cs_cryptnet_process *p,
                                        const char *url);
CS_MUST_USE cs_status cs_backoff_fail(cs_cryptnet_process *p, const char *url,
                                      cs_filetime now);
void cs_backoff_clear(cs_cryptnet_process *p, const char *url);

/* Cached OCSP responses counted for issuer_sha1 (hex): 0 when none. */
unsigned cs_ocsp_count_get(const cs_cryptnet_process *p,
                           const char *issuer_sha1);
CS_MUST_USE cs_status cs_ocsp_count_add(cs_cryptnet_process *p,
                                        const char *issuer_sha1);

cs_crl_pin *cs_pin_find(cs_cryptnet_process *p, const char *url);
CS_MUST_USE cs_status cs_pin_set(cs_cryptnet_process *p, const char *url,
                                 cs_filetime copy_this_update,
                                 cs_filetime until);

#endif
