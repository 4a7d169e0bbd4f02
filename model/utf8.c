#include "model/utf8.h"

size_t cs_utf8_seq_len(const unsigned char *s, size_t len)
{
	unsigned char b = s[0];
	if (b < 0x80)
		return 1;
	/* Lead byte: the sequence length and the range of the second byte,
	 * which is where overlongs (E0, F0), surrogates (ED) and code points
	 * past U+10FFFF (F4) are excluded (Unicode table 3-7). C0, C1 and
	 * F5..FF never occur; 80..BF are continuation bytes. */
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (b >= 0xc2 && b <= 0xdf) {
		n = 2;
	} else if (b >= 0xe0 && b <= 0xef) {
		n = 3;
		if (b == 0xe0)
			lo = 0xa0;
		else if (b == 0xed)
			hi = 0x9f;
	} else if (b >= 0xf0 && b <= 0xf4) {
		n = 4;
		if (b == 0xf0)
			lo = 0x90;
		else if (b == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

size_t cs_utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (u[i] < 0x80) { /* ASCII runs are the common case */
			i++;
			continue;
		}
		size_t n = cs_utf8_seq_len(u + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}
