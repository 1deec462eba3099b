/*
 * substring.h -- the substring layer: a query word finds the passages
 * whose normalized text contains it, wherever MeCab cut that text.
 *
 * The index holds MeCab's words, so a query word that MeCab cut
 * differently in a passage (都市|計画 holds 市計, 東京|都 holds 京都) or
 * kept inside a longer token (関西国際空港 holds 空港) is not among the
 * passage's terms.  Instead of n-gram terms in the index (no index cost
 * at all), the word is matched against the index's own lexicon
 * (lexicon.h) at query time.  A string occurs in a passage's token
 * sequence iff
 *   - one term contains it, or
 *   - it is a suffix of a term, then zero or more whole terms, then a
 *     prefix of a term, at consecutive positions:
 *     PHRASE(OR(terms ending with the head), middle terms...,
 *            OR(terms starting with the tail)).
 * Every cut is tried except between two ASCII letters or two ASCII
 * digits (MeCab never separates those), longest pieces first, up to the
 * caps in substring.c (most frequent terms first when a piece has too
 * many).  Katakana stemming is undone where a piece may end a word
 * (the surface サーバー is the term サーバ).
 *
 * Ownership: *out and the *hl groups (with their strings) are the
 * caller's: dx_xq_free(), dx_qgroup_clear() each and free() the array.
 */
#ifndef DX_SUBSTRING_H
#define DX_SUBSTRING_H

#include <stddef.h>

#include "highlight.h"
#include "lexicon.h"
#include "xdb.h"

/* The layer for text[0..len) (normalized, as the analyzer's terms are):
 * *out = SYNONYM of the alternatives above (unweighted by the caller's
 * scale), or NULL when the lexicon has none.  `skip` (may be NULL) is a
 * term the caller matches already and that is left out.  The highlight
 * groups of the alternatives (with "*x", "x*" and "*x*" wildcards, see
 * highlight.h) are appended to *hl / *nhl.  Returns DX_OK or a negative
 * dx_code. */
int dx_substring_layer(dx_xq **out, const dx_lexicon *lx, const char *text,
                       size_t len, const char *skip, dx_qgroup **hl,
                       size_t *nhl);

/* The words of a query token that the index does not hold as a word:
 * the fewest terms of the lexicon, two characters each at least, that
 * spell text[0..len) one after another, the longest first where there
 * is a choice (MeCab keeps an unknown katakana run whole, so the query
 * パッケージアクティビティーログ is one token, while the passages say
 * パッケージアクティビティー … ログ).  Only for a token of two such
 * words at least and without hiragana (a word with okurigana is not a
 * compound of others); cuts as in the layer (never between two ASCII
 * letters or digits), a final ー that stemming removed left out.
 * Returns how many words (2 to max; 0: text is a term itself, or has
 * no such spelling) and each word's term in out[k], allocated (the
 * caller frees each). */
size_t dx_substring_words(const dx_lexicon *lx, const char *text,
                          size_t len, char **out, size_t max);

#endif
