/*
 * explain.h -- record why a query matched what it matched, for
 * `dxsearch query --explain` and `explain=1` in the JSON API.
 *
 * search.c feeds the recorder while it works (the normalized query, each
 * item's tokens and groups, the Xapian query of each tier, and per
 * hit the terms that matched with their weight); the recorder keeps a
 * JSON object and a terminal rendering side by side.
 *
 * Ownership: the caller owns the dx_explain (dx_explain_free); the
 * strings returned by dx_explain_json/text are borrowed from it.
 */
#ifndef DX_EXPLAIN_H
#define DX_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"
#include "highlight.h"

typedef struct dx_explain dx_explain;

dx_explain *dx_explain_new(const char *normalized, size_t len);
void dx_explain_free(dx_explain *ex);

/* The quoted phrases were found nowhere and are searched as words
 * ("unquoted": true); call right after dx_explain_new(). */
void dx_explain_unquoted(dx_explain *ex);
/* One query item: its text and flags. */
void dx_explain_item(dx_explain *ex, const char *text, size_t len,
                     int phrase, int negate, int or_prev);
/* A token of the current item (base may be NULL). */
void dx_explain_token(dx_explain *ex, const char *surface, const char *base,
                      dx_pos_class pclass);
/* A group of the current item, with its synonym set size (0: none). */
void dx_explain_group(dx_explain *ex, const dx_qgroup *g, size_t nsyn);
/* A filter item (filter.h): field name, value, flags, and the term or
 * date range it became, or NULL and why it was left out. */
void dx_explain_filter(dx_explain *ex, const char *field, const char *value,
                       size_t len, int negate, int or_prev,
                       const char *query, const char *ignored);
/* The Xapian query of tier 1 (every word), 2 (every word, some as
 * substrings of other words) or 3 (some words). */
void dx_explain_query(dx_explain *ex, int tier, const char *desc);
/* A hit: rank, tier, and its matching terms with their weights. */
void dx_explain_hit(dx_explain *ex, unsigned int rank, int tier,
                    const char *path, unsigned int passage);
void dx_explain_term(dx_explain *ex, const char *term, size_t len,
                     double weight);
/* A ranking signal of the current hit that is not a term's weight:
 * "proximity" (its words stand close together) or "article" (other
 * passages of its article match too: `passages` of them in all; 0 for
 * the others). */
void dx_explain_signal(dx_explain *ex, const char *name, double weight,
                       uint64_t passages);

/* Finish and read: a JSON object, and lines of text for a terminal. */
const char *dx_explain_json(dx_explain *ex);
const char *dx_explain_text(dx_explain *ex);

#endif
