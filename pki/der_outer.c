#include "pki/der_outer.h"

#include <limits.h>

#include <openssl/asn1.h>
#include <openssl/err.h>

bool cs_der_outer_check(const uint8_t *data, size_t len, const char *file,
                        const char *expected, cs_diag *d)
{
	if (len == 0) {
		cs_diag_set(d, file, 0, 0, "empty file: expected %s", expected);
		return false;
	}
	if (data[0] != 0x30) {
		cs_diag_set_offset(d, file, 0, "expected %s, found 0x%02x",
		                   expected, data[0]);
		return false;
	}
	const unsigned char *p = data;
	long plen = -1;
	int tag, cls;
	long max = len > LONG_MAX ? LONG_MAX : (long)len;
	int rc = ASN1_get_object(&p, &plen, &tag, &cls, max);
	ERR_clear_error();
	size_t hdr = (size_t)(p - data);
	/* 0x80 with the pointer not moved: the length octets are malformed
	 * or cut off (X.690 8.1.3). 0x80 with the pointer moved: the header
	 * was read and the length runs past the end. Bit 0x01: the BER
	 * indefinite form (0x80), length 0. */
	if ((rc & 0x80) && (hdr == 0 || plen < 0)) {
		cs_diag_set_offset(d, file, 1,
		                   "malformed or cut-off DER length (%zu bytes "
		                   "in the file)",
		                   len);
		return false;
	}
	if (!(rc & 0x80) && (rc & 0x01)) {
		cs_diag_set_offset(d, file, 1,
		                   "indefinite length (BER 0x80): DER needs a "
		                   "definite length");
		return false;
	}
	size_t have = len - hdr;
	if ((unsigned long)plen > have) {
		cs_diag_set_offset(d, file, len,
		                   "truncated DER: the SEQUENCE at byte 0 "
		                   "declares %ld content bytes after its "
		                   "%zu-byte header, %zu present",
		                   plen, hdr, have);
		return false;
	}
	if ((unsigned long)plen < have) {
		size_t end = hdr + (size_t)plen;
		size_t more = len - end;
		cs_diag_set_offset(d, file, end,
		                   "trailing data: the DER SEQUENCE at byte 0 "
		                   "ends here, followed by %zu byte%s",
		                   more, more == 1 ? "" : "s");
		return false;
	}
	return true;
}
