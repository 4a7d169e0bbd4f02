/* Folders that are views of the machine's state.
 *
 * Some recovery steps of the seeds are file operations: seed 001 deletes the
 * files in the CryptnetUrlCache Content and MetaData folders of
 * LocalService, NetworkService and systemprofile; seed 003's administrator
 * deleted those of Administrator and system; seed 004 moves
 * %SystemRoot%\SoftwareDistribution away. The model keeps those caches as
 * data (an account's disk URL cache, model/urlcache.h; Windows Update's
 * data store, cs_world.wu_service_data), so the folders are views of them:
 *
 *   <profile>\AppData\LocalLow\Microsoft\CryptnetUrlCache\Content | MetaData
 *     (Vista and later) and <profile>\Application Data\Microsoft\
 *     CryptnetUrlCache\... (XP / 2003), where <profile> is
 *       %windir%\System32\config\systemprofile        SYSTEM
 *       %windir%\ServiceProfiles\LocalService         LocalService (Vista+)
 *       %windir%\ServiceProfiles\NetworkService       NetworkService (Vista+)
 *       C:\Documents and Settings\LocalService        LocalService (XP)
 *       C:\Documents and Settings\NetworkService      NetworkService (XP)
 *       C:\Users\NAME, C:\Documents and Settings\NAME, %USERPROFILE%
 *                                                     a user (the acting one
 *                                                     for %USERPROFILE%)
 *     a file in either folder describes or holds a cache entry: deleting the
 *     files of either makes every entry of that account unusable;
 *   <profile>\AppData\LocalLow\Microsoft\X509Objects (and the XP form under
 *     Application Data): the CRLs of that account's disk URL cache as .crl
 *     files (SEED 003; HYPOTHESIS H-fs-1), listed by `dir`, never deleted;
 *   %SystemRoot%\SoftwareDistribution  Windows Update's data store.
 *
 * %windir% and %SystemRoot% are C:\Windows. Names compare case-insensitively;
 * a trailing \* or \*.* names the folder's files. Other paths are not
 * modelled. */
#ifndef CAPISIM_MODEL_FS_PATHS_H
#define CAPISIM_MODEL_FS_PATHS_H

#include <stdbool.h>

#include "model/world.h"

typedef enum {
	CS_FS_URLCACHE,     /* an account's CryptnetUrlCache folder */
	CS_FS_WU_DATASTORE, /* %SystemRoot%\SoftwareDistribution */
	CS_FS_X509OBJECTS,  /* an account's X509Objects folder (H-fs-1) */
} cs_fs_kind;

typedef struct {
	cs_fs_kind kind;
	cs_account account; /* CS_FS_URLCACHE, CS_FS_X509OBJECTS */
	const char *part;   /* "Content", "MetaData" or "" (the whole folder) */
	bool files;         /* the path ended in \* or \*.*: its files */
} cs_fs_target;

/* What path names on w's machine. users are created on first use as
 * cs_world_account does. CS_ERR_NOT_FOUND for a path the model does not
 * hold; CS_ERR_LIMIT when the accounts are full. */
CS_MUST_USE cs_status cs_fs_resolve(cs_world *w, const char *path,
                                    cs_fs_target *out);

#endif
