/* UTF-8 validation (RFC 3629 section 4, Unicode 15 table 3-7): the one
 * encoding scenario files, time arguments and diagnostics accept. A
 * sequence is well-formed only in its shortest form (no overlongs such as
 * C0 AF for '/'), never encodes a UTF-16 surrogate (U+D800..U+DFFF: ED A0..
 * ED BF) and stays at or below U+10FFFF (F4 8F BF BF). */
#ifndef CAPISIM_MODEL_UTF8_H
#define CAPISIM_MODEL_UTF8_H

#include <stddef.h>

/* Length of the well-formed sequence at s[0..len), 1..4, or 0 when s does
 * not start one (a stray continuation byte, an overlong, a surrogate, a
 * code point above U+10FFFF, a sequence cut off by the end). len > 0. */
size_t cs_utf8_seq_len(const unsigned char *s, size_t len);

/* Offset of the first byte that does not start a well-formed sequence, or
 * len when all of s[0..len) is UTF-8. */
size_t cs_utf8_invalid_at(const char *s, size_t len);

#endif
