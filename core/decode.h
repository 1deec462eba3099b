/*
 * decode.h -- from a file's bytes to valid UTF-8: detect the encoding
 * (UTF-8, UTF-16 with a BOM, Shift_JIS/CP932, EUC-JP, ISO-2022-JP) and
 * convert it with iconv.
 *
 * What decides the encoding, first match wins:
 *  1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
 *  2. the hint (an HTML <meta> charset, see dx_decode_html_charset()),
 *     if the data converts under it without an invalid sequence;
 *  3. sniffing: 7-bit data with ISO-2022-JP escapes is ISO-2022-JP;
 *     valid UTF-8 is UTF-8 (unless it only decodes to mojibake-like
 *     characters while CP932 or EUC-JP decode it cleanly to Japanese,
 *     which rescues one- or two-kanji texts); otherwise each of UTF-8,
 *     CP932 and EUC-JP is scored by how plausible its characters are
 *     (kana and JIS level-1 kanji count most, invalid sequences, user-
 *     defined rows and half-width katakana count against) and the best
 *     wins.  A hint whose conversion had invalid sequences is kept when
 *     sniffing finds no encoding with fewer.
 *
 * Conversion: Shift_JIS labels use glibc's CP932 (NEC and IBM extensions
 * such as ①, ㈱, 髙; 0x5C is the backslash).  EUC-JP uses glibc's EUC-JP
 * with EUC-JP-MS for the characters EUC-JP lacks (NEC row 13, IBM
 * extensions).  ISO-2022-JP is rewritten to EUC-JP bytes and converted
 * the same way (so the Microsoft variant's ① also decodes; ESC ( J is
 * read as ASCII).  Each invalid sequence becomes one U+FFFD and decoding
 * goes on; NUL becomes a space, as in dx_utf8_repair().
 *
 * Ownership: the caller owns `out` (appended to); the strings in
 * dx_decode_info are static.  Thread-safe (no shared state).
 */
#ifndef DX_DECODE_H
#define DX_DECODE_H

#include <stddef.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Canonical encoding names (static strings, compared by value). */
#define DX_ENC_UTF8       "UTF-8"
#define DX_ENC_UTF8_BOM   "UTF-8 (BOM)"
#define DX_ENC_UTF16LE    "UTF-16LE"
#define DX_ENC_UTF16BE    "UTF-16BE"
#define DX_ENC_CP932      "CP932"
#define DX_ENC_EUCJP      "EUC-JP"
#define DX_ENC_ISO2022JP  "ISO-2022-JP"

typedef struct {
	const char *encoding;   /* one of DX_ENC_* (static) */
	size_t      invalid;    /* invalid sequences replaced by U+FFFD */
	int         from_hint;  /* 1: the hint decided the encoding */
} dx_decode_info;

/*
 * Append the UTF-8 text of bytes[0..len) to `out`; it is valid UTF-8
 * without NUL bytes.  `hint` is an encoding label ("shift_jis",
 * "EUC-JP", "utf-8", …; see dx_decode_label()) or NULL; an unknown label
 * is ignored.  `info` (may be NULL) receives what was found.
 * Returns DX_OK, or DX_ERROR if iconv cannot open a needed converter
 * (glibc's gconv modules missing); `out` then holds nothing new.
 */
int dx_decode(dx_buf *out, const char *bytes, size_t len, const char *hint,
              dx_decode_info *info);

/* The DX_ENC_* name of an encoding label (case-insensitive, surrounding
 * blanks ignored; WHATWG-style aliases such as "sjis", "windows-31j",
 * "x-euc-jp", "csISO2022JP"), or NULL if it is not one dxsearch reads.
 * UTF-16 labels give UTF-8: text whose label can be read as ASCII is
 * not UTF-16 (the HTML standard does the same). */
const char *dx_decode_label(const char *label, size_t len);

/* The DX_ENC_* name declared by an HTML document in its first 1024
 * bytes: <meta charset=…>, <meta http-equiv="Content-Type"
 * content="…; charset=…">, or an <?xml … encoding="…"?> declaration.
 * Works on the raw bytes of any ASCII-compatible encoding; comments are
 * skipped.  NULL if there is none or it names an unknown encoding. */
const char *dx_decode_html_charset(const char *bytes, size_t len);

/* A file's bytes to UTF-8, as the indexer does it: dx_decode() with the
 * HTML charset declaration as the hint when `html` is nonzero. */
int dx_decode_document(dx_buf *out, const char *bytes, size_t len, int html,
                       dx_decode_info *info);

/* Nonzero if a file's bytes look binary: NUL bytes and no UTF-16 byte
 * order mark (UTF-16 text is full of NUL bytes). */
int dx_decode_is_binary(const char *bytes, size_t len);

#ifdef __cplusplus
}
#endif

#endif
