/* Default hooks (see engine/chain/hooks.h): what the chain engine does while
 * the revocation and auto-update areas are not linked in. Each function is
 * replaced by its owning area; remove it from engine/chain/meson.build then.
 * The revocation hook lives in engine/revocation/hook.c, the root
 * auto-update hook in engine/autoupdate/hook_root.c: no default is left. */
#include "engine/chain/hooks.h"
