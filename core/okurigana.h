/*
 * okurigana.h -- one key for the okurigana spellings of a word:
 * 申し込み, 申込み and 申込 are all 申込; 取り扱い, 取扱い and 取扱 are 取扱.
 *
 * The key is the word without its hiragana, for words written only in
 * kanji (with 々) and hiragana that keep at least two kanji: one kanji
 * and its okurigana (見る, 早め) are too short to tell words apart.
 * Katakana, dakuten and everything else are left alone (バ stays バ).
 *
 * Pure functions, no state.
 */
#ifndef DX_OKURIGANA_H
#define DX_OKURIGANA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write the key of t[0..len) (UTF-8, normalized) to out (room for len
 * bytes) and return its length, or 0 when t has no key (other
 * characters, fewer than two kanji).  *had_kana (may be NULL) tells
 * whether t had hiragana, i.e. whether the key differs from t. */
size_t dx_okurigana_key(const char *t, size_t len, char *out, int *had_kana);

#ifdef __cplusplus
}
#endif

#endif
