/*
 * lexicon.h -- the index's own passage-text terms, for finding a query
 * word inside or across indexed words.
 *
 * MeCab keeps some compounds and unknown runs as one token (IPADIC:
 * 関西国際空港), and cuts a text where it likes, so a query word may sit
 * inside a term or across terms.  The substring layer (substring.h)
 * looks the word up here: terms that contain it (through an index of
 * each character's terms), end with its head (a byte-reversed copy of
 * the terms) or start with its tail.  It also holds the readings (the
 * synonym table's R keys), to cut a kana-only query into known
 * readings.  Loaded once per index revision; other prefixed terms are
 * left out.
 *
 * Ownership and threads: dx_lexicon_load() hands out a reference to a
 * read-only lexicon that every reader handle of the same database
 * revision shares (built once, by the first to ask; the others wait);
 * dx_lexicon_free() gives the reference back and the last one frees it.
 * Look-ups never change a lexicon, so threads may share it.  Strings
 * returned by dx_lexicon_match() are borrowed from it.
 */
#ifndef DX_LEXICON_H
#define DX_LEXICON_H

#include <stddef.h>

#include "xdb.h"

typedef struct dx_lexicon dx_lexicon;

int  dx_lexicon_load(dx_lexicon **out, dx_xdb *db);
void dx_lexicon_free(dx_lexicon *lx);

/* How a term must hold the key in dx_lexicon_match(). */
typedef enum {
	DX_LEX_PREFIX,   /* starts with it */
	DX_LEX_SUFFIX,   /* ends with it */
	DX_LEX_INFIX     /* contains it */
} dx_lex_mode;

/* Terms that hold key[0..klen) as `mode` says (the key itself included;
 * an empty key matches every term) and that `keep` accepts (NULL: all):
 * the `max` most frequent go into out[], most frequent first.  Returns
 * how many match in all, which may exceed max (max 0: count only; a
 * prefix or suffix count without `keep` is a binary search). */
size_t dx_lexicon_match(const dx_lexicon *lx, dx_lex_mode mode,
                        const char *key, size_t klen,
                        int (*keep)(const char *t, size_t len),
                        const char **out, size_t max);

/* Whether t[0..len) is a passage-text term. */
int dx_lexicon_has(const dx_lexicon *lx, const char *t, size_t len);

/* Whether some passage word has the reading r[0..len) (katakana). */
int dx_lexicon_has_reading(const dx_lexicon *lx, const char *r, size_t len);

#endif
