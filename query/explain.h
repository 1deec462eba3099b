/*
 * explain.h -- record why a query matched what it matched, for
 * `dxsearch query --explain` and `explain=1` in the JSON API.
 *
 * search.c feeds the recorder while it works (the normalized query, each
 * item's tokens and groups, the Xapian queries of both tiers, and per
 * hit the terms that matched with their weight); the recorder keeps a
 * JSON object and a terminal rendering side by side.
 *
 * Ownership: the caller owns the dx_explain (dx_explain_free); the
 * strings returned by dx_explain_json/text are borrowed from it.
 */
#ifndef DX_EXPLAIN_H
#define DX_EXPLAIN_H

#include <stddef.h>

#include "analyze.h"
#include "highlight.h"

typedef struct dx_explain dx_explain;

dx_explain *dx_explain_new(const char *normalized, size_t len);
void dx_explain_free(dx_explain *ex);

/* One query item: its text and flags. */
void dx_explain_item(dx_explain *ex, const char *text, size_t len,
                     int phrase, int negate, int or_prev);
/* A token of the current item (base may be NULL). */
void dx_explain_token(dx_explain *ex, const char *surface, const char *base,
                      dx_pos_class pclass);
/* A group of the current item, with its synonym set size (0: none). */
void dx_explain_group(dx_explain *ex, const dx_qgroup *g, size_t nsyn);
/* The Xapian query of tier 1 (every word) or 2 (some words). */
void dx_explain_query(dx_explain *ex, int tier, const char *desc);
/* A hit: rank, tier, and its matching terms with their weights. */
void dx_explain_hit(dx_explain *ex, unsigned int rank, int tier,
                    const char *path, unsigned int passage);
void dx_explain_term(dx_explain *ex, const char *term, size_t len,
                     double weight);

/* Finish and read: a JSON object, and lines of text for a terminal. */
const char *dx_explain_json(dx_explain *ex);
const char *dx_explain_text(dx_explain *ex);

#endif
