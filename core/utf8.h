/*
 * utf8.h -- UTF-8 decoding, validation and repair.
 *
 * Everything past the decoder works on valid UTF-8: dx_utf8_repair() is
 * the gate where invalid bytes become U+FFFD and NUL bytes become spaces.
 */
#ifndef DX_UTF8_H
#define DX_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decode the code point at s[*i] (i < len) and advance *i past it.
 * Returns the code point, or -1 for an invalid or truncated sequence (then
 * *i advances by one byte). */
int32_t dx_utf8_next(const char *s, size_t len, size_t *i);

/* Append the UTF-8 encoding of `cp` to `out`. */
void dx_utf8_put(dx_buf *out, uint32_t cp);

/* Bytes in the encoding of `cp` (1-4). */
size_t dx_utf8_width(uint32_t cp);

/* Nonzero if s[0..len) is valid UTF-8 without NUL bytes. */
int dx_utf8_valid(const char *s, size_t len);

/* Copy s to `out` (appending), replacing each invalid sequence with
 * U+FFFD and each NUL with a space.  Returns the number of replacements
 * of invalid sequences. */
size_t dx_utf8_repair(dx_buf *out, const char *s, size_t len);

/* Number of code points in s[0..len) (valid UTF-8). */
size_t dx_utf8_count(const char *s, size_t len);

/* The largest n <= max such that s[0..n) ends on a character boundary. */
size_t dx_utf8_floor(const char *s, size_t len, size_t max);

/* Whether s[0..len) holds sub[0..sublen) (a byte search: in valid UTF-8
 * a match starts and ends on character boundaries); an empty sub is
 * held by anything. */
int dx_utf8_holds(const char *s, size_t len, const char *sub, size_t sublen);

/* Whether cp is a kanji: a CJK ideograph (unified, extensions A-H,
 * compatibility) or the iteration mark 々. */
int dx_utf8_is_kanji(int32_t cp);

#ifdef __cplusplus
}
#endif

#endif
