/* The English system text of the HRESULTs the model puts into event
 * messages and traces, as FormatMessage returns it on an English Windows
 * (the message table behind winerror.h). Event texts embed it: event 4107's
 * "with error: A required certificate is not within its validity period
 * ..." (EVIDENCE.md A) is CERT_E_EXPIRED's text. */
#ifndef CAPISIM_MODEL_HRESULT_TEXT_H
#define CAPISIM_MODEL_HRESULT_TEXT_H

#include <stdint.h>

/* NULL when the code is not in the table. (Symbolic names:
 * cs_hresult_name in engine/chain/chain.h.) */
const char *cs_hresult_text(uint32_t hr);
/* The winerror.h / ntstatus.h symbol of a code in the table
 * ("CRYPT_E_REVOKED", "E_INVALIDARG", "ERROR_FILE_NOT_FOUND"), or NULL. */
const char *cs_hresult_symbol(uint32_t hr);

#endif
