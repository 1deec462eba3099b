/*
 * synonyms.h -- query-time synonym sets (dict/synonyms.tsv).
 *
 * Each line of the file is one set of equal alternatives separated by
 * tabs (DX<TAB>デジタルトランスフォーメーション); '#' starts a comment.
 * Every member is analyzed with the index's analyzer into a token
 * sequence, so matching is on terms, never on raw strings: a query group
 * (or a whole query word) whose surfaces equal a member's expands to all
 * members of its set, searched as equals (Xapian OP_SYNONYM).
 *
 * Ownership: the table owns its groups; dx_synonyms_find() returns a
 * pointer into it, valid until dx_synonyms_free().
 */
#ifndef DX_SYNONYMS_H
#define DX_SYNONYMS_H

#include <stddef.h>

#include "analyze.h"
#include "highlight.h"

typedef struct dx_synonyms dx_synonyms;

/* Load `path`.  DX_ENOTFOUND if the file does not exist; lines that
 * analyze to nothing are ignored.  *out is caller-owned. */
int  dx_synonyms_load(dx_synonyms **out, dx_session *ss, const char *path);
void dx_synonyms_free(dx_synonyms *s);

/* The set containing a member equal to g (by surface terms): *set points
 * at its members (g's own spelling included), the count is returned; 0 if
 * none. */
size_t dx_synonyms_find(const dx_synonyms *s, const dx_qgroup *g,
                        const dx_qgroup **set);

#endif
