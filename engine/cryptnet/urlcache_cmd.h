/* `certutil -urlcache` as engine operations (the scenario runner and the CLI
 * wire the command; this is what it does).
 *
 * `certutil -urlcache [URL | CRL | *] [delete]` (DOC certutil): lists or
 * deletes entries of the CryptnetUrlCache of the account certutil runs as -
 * the disk cache only. certutil is its own process: it never touches the
 * memory of another process (lsass keeps its copies until reboot), and it
 * never touches another account's cache (SEED 000/001: the SYSTEM account
 * needs its own run). Filter: "*" every entry, "CRL" (any case) the entries
 * whose content is a CRL, otherwise one URL. */
#ifndef CAPISIM_ENGINE_CRYPTNET_URLCACHE_CMD_H
#define CAPISIM_ENGINE_CRYPTNET_URLCACHE_CMD_H

#include <stddef.h>

#include "engine/cryptnet/retrieve.h"
#include "model/urlcache.h"

/* What a cached body holds, found by decoding it (CS_OBJ_ANY: none of the
 * known kinds, e.g. a CAB). */
cs_cryptnet_kind cs_urlcache_entry_kind(const cs_urlcache_entry *e);

typedef void (*cs_urlcache_visit)(const cs_urlcache_entry *e,
                                  cs_cryptnet_kind kind, void *ctx);

/* Visit the matching entries of acct's disk cache in insertion order;
 * returns how many matched. */
size_t cs_urlcache_cmd_list(cs_machine *m, cs_account acct, const char *filter,
                            cs_urlcache_visit visit, void *ctx);

/* `certutil -urlcache FILTER delete`: delete the matching entries of acct's
 * disk cache; returns how many. Records a trace observation "cache" (op
 * "delete", filter, deleted; rule urlcache.delete.own_account). */
size_t cs_urlcache_cmd_delete(cs_machine *m, cs_account acct,
                              const char *filter);

/* `certutil -urlcache FILTER` (no delete): records a trace observation
 * "cache" (op "list", filter, `entries`: one {url, object, bytes, fetched}
 * per matching entry in cache order, `count`; rule
 * urlcache.list.own_account) from which views print certutil's listing;
 * returns the count. The url is the cache key (an OCSP response's key adds
 * "#<issuer sha1>:<serial>" to the responder URL). */
size_t cs_urlcache_cmd_show(cs_machine *m, cs_account acct, const char *filter);

/* The X509Objects-like view (SEED 003: the .crl files under systemprofile
 * whose modification time shows which CRLs were fetched when): acct's
 * cached CRLs with their download time, visited as cs_urlcache_cmd_list
 * does with filter "CRL". */
size_t cs_urlcache_x509objects(cs_machine *m, cs_account acct,
                               cs_urlcache_visit visit, void *ctx);

/* A .crl file's name in that view: the last segment of the entry's URL
 * ("XXX-CA(1)+.crl"; H-fs-1). Points into e->url. */
const char *cs_urlcache_x509objects_name(const cs_urlcache_entry *e);

/* `dir` of acct's X509Objects folder (path as written): records a trace
 * observation "files" (op "dir", path, `files`: one {name, url, modified,
 * bytes} per .crl file in cache order, `count`; rule
 * files.x509objects_listed) and announces each file as a decision
 * (CS_DECISION_FILE_LISTED) for `expect files modified`; returns the
 * count. */
size_t cs_urlcache_x509objects_dir(cs_machine *m, cs_account acct,
                                   const char *path);

#endif
