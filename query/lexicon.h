/*
 * lexicon.h -- the index's own passage-text terms, for finding a query
 * word inside longer indexed words.
 *
 * MeCab keeps some compounds and unknown runs as one token (IPADIC:
 * 関西国際空港), so the term 空港 is not in such a passage.  The searcher
 * looks the query word up in the lexicon and adds every term that
 * contains it as a weaker alternative.  It also holds the readings (the
 * synonym table's R keys), to cut a kana-only query into known readings.  Loaded once per
 * index revision; other prefixed terms are left out.
 *
 * Ownership: the caller owns the dx_lexicon; strings returned by
 * dx_lexicon_containing() are borrowed from it.
 */
#ifndef DX_LEXICON_H
#define DX_LEXICON_H

#include <stddef.h>

#include "xdb.h"

typedef struct dx_lexicon dx_lexicon;

int  dx_lexicon_load(dx_lexicon **out, dx_xdb *db);
void dx_lexicon_free(dx_lexicon *lx);

/* Up to `max` terms that contain key[0..klen) and are longer than it,
 * the most frequent first, into out[]; returns how many. */
size_t dx_lexicon_containing(const dx_lexicon *lx, const char *key,
                             size_t klen, const char **out, size_t max);

/* Whether some passage word has the reading r[0..len) (katakana). */
int dx_lexicon_has_reading(const dx_lexicon *lx, const char *r, size_t len);

#endif
