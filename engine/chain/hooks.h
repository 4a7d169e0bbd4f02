/* Hook points where other engine areas join a chain build.
 *
 * cs_chain_get calls these at the moments CertGetCertificateChain does. The
 * chain area ships trivial defaults (engine/chain/hooks_default.c); the
 * owning area replaces a default by providing the function in its own file
 * and removing the default from engine/chain/meson.build's list (the link
 * would otherwise see two definitions).
 *
 * 1. cs_hook_root_autoupdate (issue 7, engine/autoupdate): called once per
 *    build when the path ends in a self-signed certificate that is not in the
 *    logical Root store, or in a certificate whose issuer was not found
 *    (top = that certificate), unless the call has
 *    CS_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE (RULES.md 6: "a chain ending in a
 *    root not in the store makes the engine check the STL"). It may install
 *    a root into the machine's AuthRoot store and set *rebuild = true; the
 *    engine then builds the path again (once) and does not call the hook a
 *    second time for the same build. The default does nothing.
 *
 * 2. cs_hook_revocation (issue 6, engine/revocation): called when the call's
 *    flags hold any CS_CHAIN_REVOCATION_CHECK_* bit, after the path and its
 *    trust bits are final, on a chain that ends in a trusted root - or, when
 *    the profile's chain column revocation_on_untrusted_chains is set (Wine
 *    8, RULES.md 4), also on an untrusted one. The hook walks the elements
 *    from the root down (RULES.md 4), sets each element's revocation info
 *    and its CS_TRUST_IS_REVOKED / REVOCATION_STATUS_UNKNOWN /
 *    IS_OFFLINE_REVOCATION bits. The chain area then folds element bits into
 *    the simple-chain and context words (it does that after the hook; the
 *    hook must not). flags are the call's dwFlags. The default sets no bits
 *    and records that revocation is not modelled yet.
 *
 * 3. cs_hook_disallowed_listed (engine/autoupdate): called for every
 *    element of every path, beside the Disallowed store lookup; true when
 *    the disallowed-certificate list CryptSvc synced lists the certificate
 *    (the element then gets CERT_TRUST_IS_EXPLICIT_DISTRUST, as if it were
 *    in the Disallowed store: KB 2677070, H-au-11). Never fails: a list it
 *    cannot read lists nothing. */
#ifndef CAPISIM_ENGINE_CHAIN_HOOKS_H
#define CAPISIM_ENGINE_CHAIN_HOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include "capisim/status.h"
#include "engine/chain/chain.h"
#include "engine/machine.h"

CS_MUST_USE cs_status cs_hook_root_autoupdate(cs_machine *m, cs_account account,
                                              const cs_chain_context *ctx,
                                              const struct cs_cert *top,
                                              bool *rebuild);

CS_MUST_USE cs_status cs_hook_revocation(cs_machine *m, cs_account account,
                                         cs_chain_context *ctx, uint32_t flags);

bool cs_hook_disallowed_listed(cs_machine *m, cs_account account,
                               const struct cs_cert *c);

#endif
