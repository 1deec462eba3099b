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

#endif
