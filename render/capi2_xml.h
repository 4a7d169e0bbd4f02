/* The model's CAPI2 Operational events as the XML Windows exports them
 * (`capisim run --capi2 FILE.xml`), so `capisim import capi2` reads them
 * back and a real export can be compared with the model's.
 *
 * One <Event> per "event" observation of the Microsoft-Windows-CAPI2/
 * Operational log in the run's trace, in trace order, with the System block
 * (provider name and GUID, EventID, Version, Level, Task = the event ID,
 * Opcode, Keywords, TimeCreated, EventRecordID, Correlation, Execution,
 * Channel, Computer, Security) and the UserData element the event ID has on
 * Windows (CertGetCertificateChainStart, CertGetCertificateChain,
 * CertVerifyCertificateChainPolicy, CertVerifyRevocationStart,
 * CertVerifyRevocation, CertRejectedRevocationInfo,
 * CryptRetrieveObjectByUrlCacheStart/Cache, CryptRetrieveObjectByUrlWireStart/
 * Wire, X509Objects), filled from the observations of the same step: the
 * chain (elements, trust status words with their flag names), the policy
 * result and indexes, the URL and the kind of object retrieved, the Result
 * with its English text.
 *
 * Layout: events one after another without a root element, two spaces per
 * level, empty elements closed with " />" - as PowerShell's
 * ([xml]$e.ToXml()).Save() and Event Viewer's XML view print them
 * (samples/capi2_op_41_xml_revocation_offline_2023.txt).
 *
 * What the model does not know is left out, never made up (docs/capi2.md):
 * the process and thread ids (written as 0), the process name except for
 * certutil steps, user SIDs other than the service accounts', the chain
 * engine context, the objects' decoded contents in X509Objects, signature
 * and key algorithms, the cache and network details (CacheInfo,
 * NetworkConnectivityStatus). Computer is "capisim" (a scenario has no host
 * name). */
#ifndef CAPISIM_RENDER_CAPI2_XML_H
#define CAPISIM_RENDER_CAPI2_XML_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/machine.h"

/* Write the CAPI2 Operational events of a run's observations obs[0..n)
 * (its whole trace, or the copies of what cs_capi2_wants kept from a
 * streamed one); certificates are looked up in pool. *count (may be NULL)
 * gets how many. CS_ERR_IO on a write error, CS_ERR_NOMEM when out of
 * memory. */
CS_MUST_USE cs_status cs_capi2_xml_write_obs(const cs_pool *pool,
                                             const cs_obs *obs, size_t n,
                                             FILE *out, size_t *count);
/* The same for m's trace held in memory. */
CS_MUST_USE cs_status cs_capi2_xml_write(const cs_machine *m, FILE *out,
                                         size_t *count);
/* The observations the writer reads: the CAPI2 events and, for their
 * details, the steps, chains, policies, fetches and revocation checks. */
bool cs_capi2_wants(const cs_obs *o);

#endif
