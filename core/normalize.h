/*
 * normalize.h -- the text normalizer shared by documents and queries.
 *
 * NFKC (utf8proc) plus case folding, applied per cluster (a starter and
 * the combining marks after it, including half-width (han)dakuten, at
 * most 32 code points) so that every normalized byte can be traced back
 * to the original bytes it came from.  Default-ignorable code points
 * (ZWSP, BOM, soft hyphen, variation selectors) are dropped.  Beyond NFKC:
 *  - wave-dash variants (U+301C, U+FF5E, U+2053) become '~';
 *  - hyphen/dash variants (U+2010-U+2015, U+2212, U+FF0D, '-') directly
 *    after a kana character (U+3041-U+3096, U+30A1-U+30FA, U+30FC)
 *    become the long-vowel mark U+30FC;
 *  - LF stays LF; a lone CR, NEL, U+2028 and U+2029 become LF (line ends
 *    are sentence ends for the analyzer); every other control character
 *    (the CR of CR LF, TAB, NUL, ...) and every space separator becomes
 *    ASCII space.
 *  - variant kanji common in names become the everyday form (髙 → 高,
 *    﨑 → 崎, 齋 → 斎, 邊/邉 → 辺, 澤 → 沢, 濱 → 浜, 𠮷 → 吉, ...: the
 *    table in normalize.c);
 *  - a kanji repeated right after itself becomes the iteration mark
 *    々 (佐佐木 → 佐々木, 人人 → 人々), the spelling the dictionary knows.
 * Dakuten are never stripped: バ stays distinct from ハ (ﾊﾞ becomes バ).
 * Invalid sequences, should any get through, become U+FFFD.
 *
 * Input must be valid UTF-8 (see dx_utf8_repair()).
 */
#ifndef DX_NORMALIZE_H
#define DX_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bump whenever the normalizer's output may change: it is part of the
 * analyzer fingerprint stored in every index. */
#define DX_NORMALIZER_VERSION "norm-3"

typedef struct {
	char     *text;    /* normalized UTF-8, NUL-terminated; owned */
	size_t    len;     /* bytes in text */
	uint32_t *ostart;  /* [len+1]: original start offset of each byte */
	uint32_t *oend;    /* [len+1]: original end offset of each byte */
	size_t    cap;     /* entries allocated in each array (internal) */
} dx_norm;
#define DX_NORM_INIT { NULL, 0, NULL, NULL, 0 }

/* Normalize text[0..len).  For a normalized byte range [s, e) the
 * original byte range is [ostart[s], oend[e-1]); ostart[len] and
 * oend[len] hold the original length.  Returns DX_OK or DX_EINVAL (input
 * larger than 4 GiB).  Free with dx_norm_free(). */
int  dx_normalize(dx_norm *out, const char *text, size_t len);
void dx_norm_free(dx_norm *n);

/* Core-private: like dx_normalize() but reuses the buffers of `n`, which
 * is DX_NORM_INIT or holds an earlier result (the analyzer's session
 * keeps one so that documents do not each allocate).  On error `n` stays
 * valid (empty) and is still freed with dx_norm_free(). */
int  dx_normalize__reuse(dx_norm *n, const char *text, size_t len);

/* Core-private: append the result `n` (text and both offset maps) to
 * out as one record, for the passage memo (memo.h); its size is
 * dx_norm__packed_size(n->len).  dx_norm__unpack() puts such a record
 * back into the buffers of `n` (as dx_normalize__reuse() would have
 * left them) and returns 1, or 0 if rec[0..len) is not one. */
size_t dx_norm__packed_size(size_t norm_len);
void dx_norm__pack(const dx_norm *n, dx_buf *out);
int  dx_norm__unpack(dx_norm *n, const char *rec, size_t len);

#ifdef __cplusplus
}
#endif

#endif
