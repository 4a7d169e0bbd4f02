/* The auto-update columns of the OS profiles (RULES.md 6 and 7): one row per
 * cs_profile_id in model/profile_autoupdate.c. Values RULES.md marks
 * PARAMETER or HYPOTHESIS are explained in docs/hypotheses.md (H-au-*). */
#ifndef CAPISIM_MODEL_PROFILE_AUTOUPDATE_H
#define CAPISIM_MODEL_PROFILE_AUTOUPDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/account.h"
#include "model/profile.h"

/* The directory authrootstl.cab, disallowedcertstl.cab and <SHA1>.crt are
 * fetched from when RootDirUrl is not set (RULES.md 6, DOC). Every release
 * up to 2008 R2 shipped with www.download (seed 000's 2010 events: XP, Vista
 * and 2008 alike); KB 2677070 (2012) moved Vista / 7 / 2008 / 2008 R2 to
 * ctldl; XP and 2003 keep the old one; 2012 and later ship with ctldl. */
#define CS_AU_URL_CTLDL                                                        \
	"http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/" \
	"en/"
#define CS_AU_URL_DOWNLOAD                                            \
	"http://www.download.windowsupdate.com/msdownload/update/v3/" \
	"static/trustedr/en/"

/* Where the staleness bits of the disallowed CTL rule land (RULES.md 7:
 * PARAMETER; SEED 004 shows them on the simple chain). */
typedef enum {
	CS_AU_STALE_BITS_SIMPLE_CHAIN, /* simple chain + chain context only */
	CS_AU_STALE_BITS_END_ELEMENT,  /* also on element 0 */
	CS_AU_STALE_BITS_ALL_ELEMENTS, /* also on every element */
} cs_au_stale_bits_scope;

typedef struct {
	/* Root auto-update on demand exists (CertGetCertificateChain consults
	 * authroot.stl for an untrusted root). Wine 8: no (RULES.md 3). */
	bool root_auto_update;
	const char *default_root_dir_url; /* as shipped; ends in '/' */
	/* The directory once KB 2677070 is installed (`install KB2677070`);
	 * NULL: the update does not apply (XP, 2003, 2012+, Wine). */
	const char *kb2677070_root_dir_url;
	/* How long a downloaded authrootstl.cab is used without being
	 * fetched again, per account copy (SEED 000: 7 days). H-au-1. */
	int64_t stl_cache_lifetime;
	/* The process's in-memory copy also ages out at download + lifetime
	 * (else only reboot / ChainCacheResyncFiletime drop it). H-au-2. */
	bool stl_memory_copy_ages_out;
	/* Log the Information events 2 and 4 on a successful retrieval. H-au-3.
	 */
	bool log_retrieval_success;

	/* CryptSvc syncs disallowedcert.stl as shipped (2012 and later); on
	 * Vista .. 2008 R2 it comes with KB 2677070 (kb2677070_root_dir_url
	 * set): cs_autoupdate_disallowed_sync_on. */
	bool disallowed_sync;
	/* The account CryptSvc runs as: it is the one whose registry writes
	 * an ACL can deny (SEED 004). H-au-5. */
	cs_account cryptsvc_account;
	/* DisallowedCertSyncDeltaTime default, seconds (RULES.md 7: 57600). */
	uint32_t disallowed_sync_delta_s;
	/* Floor of the delta, seconds (RULES.md 7, RE: 15). */
	uint32_t disallowed_sync_delta_floor_s;
	/* Stale when now - last >= delta * num / den (RULES.md 7: 1.5). */
	unsigned stale_factor_num, stale_factor_den;
	cs_au_stale_bits_scope stale_bits_scope; /* H-au-6 */
	/* After a failed refresh from the chain engine, no new attempt before
	 * this many ticks have passed (RULES.md 7 "not while backing off":
	 * PARAMETER). H-au-7. */
	int64_t stale_refresh_backoff;
	/* How long Windows Update's agent uses the service data it saved in
	 * SoftwareDistribution without reaching the service again (SEED 004:
	 * "a warm cache hides it"; the duration is a PARAMETER). H-au-14. */
	int64_t wu_service_data_lifetime;
} cs_autoupdate_profile;

const cs_autoupdate_profile *cs_profile_autoupdate(const cs_profile *p);

/* KB 2677070 ("an automatic updater of untrusted certificates", 2012). */
#define CS_KB2677070 2677070u

#endif
