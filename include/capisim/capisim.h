/* libcapisim: the public API. Include this one header.
 *
 *   status.h    statuses, CAPISIM_API
 *   clock.h     simulated time: parse, format, convert
 *   diag.h      diagnostics for bad input (file:line:col)
 *   scenario.h  a parsed scenario
 *   run.h       playing it: trace, timeline, fetch log, goldens
 *   verify.h    one verification on a fresh machine (`capisim verify`)
 *   fleet.h     playing it on a fleet of machines
 *   profiles.h  the OS profiles
 *   explain.h   explain and report a run
 *   compare.h   the trace diff, and comparing with Wine
 *   import.h    Windows evidence (certutil, CAPI2 events, IIS logs)
 *   reproduce.h a real certutil paste rebuilt and compared (`reproduce`)
 *   fixtures.h  the fixture catalogue, object dumps
 *   schannel.h  Schannel's trusted-issuer list
 *   call.h      crypt32/cryptnet functions called directly, revocation
 *   bench.h     the measurements of `capisim bench`
 *
 * asn1time.h (FILETIME <-> OpenSSL's ASN1_TIME) is included on its own. */
#ifndef CAPISIM_H
#define CAPISIM_H

#include "capisim/version.h"
#include "capisim/status.h"
#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/scenario.h"
#include "capisim/run.h"
#include "capisim/verify.h"
#include "capisim/fleet.h"
#include "capisim/profiles.h"
#include "capisim/explain.h"
#include "capisim/compare.h"
#include "capisim/import.h"
#include "capisim/reproduce.h"
#include "capisim/fixtures.h"
#include "capisim/schannel.h"
#include "capisim/call.h"
#include "capisim/bench.h"

#endif
