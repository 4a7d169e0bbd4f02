/* The boundary between pki/ and OpenSSL: where a failed OpenSSL call
 * becomes a capisim status, named once here (model/error.h).
 *
 * An OpenSSL call that fails on an object the model handed it, or for
 * want of memory inside OpenSSL, gives CS_ERR_CRYPTO, recorded with the
 * file and line of the call: the model cannot tell the two apart, so it
 * claims neither. Input OpenSSL cannot parse is not a failure of the call
 * but bad input, CS_ERR_FORMAT, decided by the parser. */
#ifndef CAPISIM_PKI_OSSL_H
#define CAPISIM_PKI_OSSL_H

#include "model/error.h"

#define CS_OSSL_FAILED() cs_error_set_at(CS_ERR_CRYPTO, __FILE__, __LINE__)
#define CS_GUARD_OSSL(ok)                        \
	do {                                     \
		if (!(ok))                       \
			return CS_OSSL_FAILED(); \
	} while (0)

#endif
