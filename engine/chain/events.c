/* The CAPI2 Operational events of the chain engine (RULES.md 4), in the
 * order the correlated sequences of the samples show them: 10 when
 * CertGetCertificateChain starts, the revocation and retrieval events of
 * the build, then 90 (the X509 objects the chain used) and 11 (the chain
 * and its result); 30 for each CertVerifyCertificateChainPolicy
 * (samples/capi2_op_sequence_10-40-41-50-51-42-90-11_de-DE_formatlist_2022
 * and capi2_op_41_xml_revocation_offline_2023: "... 41, 42, 90, 11, 30").
 * Level: Information on success, Error when the result is an error (the
 * samples' 11 and 30 with a Result are Level 2). */
#include <stdio.h>

#include "engine/chain/internal.h"
#include "model/event_catalog.h"
#include "pki/cert.h"

static void emit(cs_machine *m, cs_event_def def, const char *a, uint32_t hr,
                 size_t nargs)
{
	char hex[16];
	snprintf(hex, sizeof hex, "%X", (unsigned)hr);
	const char *args[2] = {a, hex};
	cs_event_level lvl = hr ? CS_LEVEL_ERROR : CS_LEVEL_INFORMATION;
	if (cs_event_emit_level(m, def, lvl, args, nargs) != CS_OK)
		m->w.trace.oom = true;
}

void cs_chain_log_start(cs_machine *m)
{
	emit(m, CS_EV_CAPI2_BUILD_CHAIN_START, NULL, 0, 0);
}

void cs_chain_log_built(cs_machine *m, const struct cs_cert *leaf,
                        uint32_t result)
{
	emit(m, CS_EV_CAPI2_X509_OBJECTS, cs_cert_subject(leaf), 0, 1);
	emit(m, CS_EV_CAPI2_BUILD_CHAIN, cs_cert_subject(leaf), result, 2);
}

void cs_chain_log_policy(cs_machine *m, const char *policy, uint32_t result)
{
	emit(m, CS_EV_CAPI2_VERIFY_CHAIN_POLICY, policy, result, 2);
}
