#include "capisim/asn1time.h"

#include <openssl/asn1.h>
#include <time.h>

cs_status cs_time_from_asn1(const ASN1_TIME *t, cs_filetime *out)
{
	struct tm tm;
	/* ASN1_TIME_to_tm is pure parsing (no TZ): it returns the UTC fields.
	 */
	if (t == NULL || ASN1_TIME_check(t) != 1 ||
	    ASN1_TIME_to_tm(t, &tm) != 1)
		return CS_ERR_FORMAT;
	cs_civil c = {
	    .year = tm.tm_year + 1900,
	    .month = tm.tm_mon + 1,
	    .day = tm.tm_mday,
	    .hour = tm.tm_hour,
	    .min = tm.tm_min,
	    .sec = tm.tm_sec,
	};
	return cs_civil_to_filetime(&c, out);
}

ASN1_TIME *cs_time_to_asn1(cs_filetime t)
{
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	if (c.year < CS_YEAR_MIN || c.year > CS_YEAR_MAX)
		return NULL;
	char buf[CS_TIME_BUF];
	/* "YYYY-MM-DDTHH:MM:SS..." -> "YYYYMMDDHHMMSSZ" */
	cs_time_format(t - c.ticks, buf);
	char gen[16] = {buf[0],  buf[1],  buf[2],  buf[3],  buf[5],  buf[6],
	                buf[8],  buf[9],  buf[11], buf[12], buf[14], buf[15],
	                buf[17], buf[18], 'Z',     '\0'};
	ASN1_TIME *a = ASN1_TIME_new();
	/* set_string_X509 picks UTCTime inside 1950..2049 (RFC 5280). */
	if (a == NULL || ASN1_TIME_set_string_X509(a, gen) != 1) {
		ASN1_TIME_free(a);
		return NULL;
	}
	return a;
}
