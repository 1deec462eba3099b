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
 * Ownership and threads: dx_lexicon_load() and dx_lexicon_latest() hand
 * out a reference to a read-only lexicon that every reader handle of
 * the same database revision shares (built once); dx_lexicon_free()
 * gives the reference back and the last one frees it.  Look-ups never
 * change a lexicon, so threads may share it.  Strings returned by
 * dx_lexicon_match() are borrowed from it.
 *
 * After a commit (eventual, as Elasticsearch's refresh): building the
 * new revision's lexicon takes tens of milliseconds, during which the
 * searches of a busy server would all wait.  dx_lexicon_latest() does
 * not wait: while a background thread builds the newest revision's,
 * it hands out the newest lexicon built from an older revision of the
 * same database, so for those milliseconds a word new in the commit is
 * not yet found inside or across other words (its exact match is).
 * What a search finds with it is complete only for that older
 * lexicon (dx_lexicon_revision()): a cache keys it by both revisions.
 * A database's first lexicon is built in the caller's thread.  The
 * background thread ends when it has nothing to build, and at exit.
 */
#ifndef DX_LEXICON_H
#define DX_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "xdb.h"

typedef struct dx_lexicon dx_lexicon;

/* The lexicon of db's revision: built now in this thread, or waited
 * for if another thread builds it (a writer's handle: its own, built
 * now).  DX_OK, or the error of the walk over the terms. */
int  dx_lexicon_load(dx_lexicon **out, dx_xdb *db);

/* The same (DX_OK), unless db's revision has none built yet but an
 * older revision of the same database has: then 1 and the newest of
 * those, and a build of the newest revision of the database at `path`
 * (db's, opened again by the background thread) is under way. */
int  dx_lexicon_latest(dx_lexicon **out, dx_xdb *db, const char *path);

/* The first revision a shared lexicon was built for (a later revision
 * with the same terms, frequencies and readings shares it: only the
 * walk over the terms is done again); 0 for a writer's. */
uint64_t dx_lexicon_revision(const dx_lexicon *lx);

void dx_lexicon_free(dx_lexicon *lx);

/* For tests: hold the background builds back (on 1) until released
 * (on 0), to see what searches do meanwhile; and wait until the
 * background thread has nothing left to build (not while held). */
void dx_lexicon_builds_hold(int on);
void dx_lexicon_builds_wait(void);

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
