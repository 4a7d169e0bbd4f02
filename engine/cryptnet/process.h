/* cryptnet's in-process state (area CS_AREA_CRYPTNET): for each account,
 * the long-lived process that runs as it (lsass for SYSTEM) holds a memory
 * URL cache, the offline back-off counters of the URLs it retrieved, and the
 * revocation provider's per-issuer pins (H-rev-1). All of it is lost on
 * reboot and on a restart of that process, and nothing else clears it:
 * `certutil -urlcache * delete` runs in its own process and only touches the
 * account's disk cache. Internal to engine/cryptnet and engine/revocation. */
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

typedef struct {
	cs_urlcache memory;
	cs_ocsp_count *ocsp_counts;
	size_t nocsp, capocsp;
	cs_backoff_entry *backoff;
	size_t nbackoff, capbackoff;
	cs_crl_pin *pins;
	size_t npins, cappins;
} cs_cryptnet_process;

typedef struct {
	cs_cryptnet_process proc[CS_ACCOUNT_MAX];
} cs_cryptnet_state;

/* The area's row in engine/areas.c. */
CS_MUST_USE cs_status cs_cryptnet_area_create(cs_machine *m, void **state);
CS_MUST_USE cs_status cs_cryptnet_area_clone(void **dst, const void *src);
void cs_cryptnet_area_reboot(cs_machine *m, void *state);
void cs_cryptnet_area_free(void *state);

/* The process of acct on m (never NULL for a valid account). */
cs_cryptnet_process *cs_cryptnet_process_of(cs_machine *m, cs_account acct);
/* Drop a process's memory (the process restarted: `iisreset` restarts the
 * IIS worker, which is NetworkService's or the app pool's, not lsass).
 * Records a trace observation "process-restart". */
void cs_cryptnet_process_restart(cs_machine *m, cs_account acct);

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
