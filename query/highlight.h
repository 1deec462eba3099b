/*
 * highlight.h -- find where a query's groups occur in a passage and build
 * the HTML snippet.  The passage is analyzed with the same analyzer as
 * the index, so a highlight is exactly where a query term matched.
 *
 * A group is a sequence of positions; each position accepts any of its
 * alternative terms (surface or base form), or a pattern: "x*" (starts
 * with x), "*x" (ends with x), "*x*" (contains x).  A one-position group
 * marks each token that matches; a longer group (a compound or a phrase)
 * marks each run of consecutive tokens that matches it whole.
 *
 * Ownership: groups are owned by the caller (query/search.c).  Spans and
 * snippets are written into caller-owned buffers.
 */
#ifndef DX_HIGHLIGHT_H
#define DX_HIGHLIGHT_H

#include <stddef.h>

#include "analyze.h"
#include "buf.h"
#include "dxsearch.h"

typedef struct {
	char  **alts;     /* NUL-terminated normalized terms */
	size_t  nalts;
} dx_qpos;

typedef struct {
	dx_qpos *pos;
	size_t   npos;
} dx_qgroup;

/* Free what g holds (its positions and their terms), not g itself. */
void dx_qgroup_clear(dx_qgroup *g);

/* Compute the sorted, merged highlight spans of `groups` in text.
 * Only the sentences where some group may match are analyzed (the
 * prefilter in highlight.c; a match never spans two sentences), and
 * those through the sentence memo (dx_analyze_filtered()).
 * *spans is allocated (caller frees with free()); *n gets the count. */
int dx_highlight(dx_session *ss, const char *text, size_t len,
                 const dx_qgroup *groups, size_t ngroups,
                 dx_span **spans, size_t *n);

/* The passage's tokens as dx_highlight() reads them, to find the spans
 * of several queries' groups in one passage with one analysis:
 * dx_hl_text_new() analyzes text[0..len) whole (groups NULL) or, as
 * dx_highlight() does, only the sentences where `groups` may match
 * (the prefilter in highlight.c; either gives the same spans for those
 * groups); dx_hl_text_spans() is dx_highlight() on them.  The caller
 * frees *out with dx_hl_text_free() and *spans with free(). */
typedef struct dx_hl_text dx_hl_text;

int  dx_hl_text_new(dx_hl_text **out, dx_session *ss, const char *text,
                    size_t len, const dx_qgroup *groups, size_t ngroups);
void dx_hl_text_spans(const dx_hl_text *t, const dx_qgroup *groups,
                      size_t ngroups, dx_span **spans, size_t *n);
void dx_hl_text_free(dx_hl_text *t);

/* Append to out an HTML-escaped excerpt of text (about `width`
 * characters around the first highlight, "…" where cut) with each span
 * inside <mark></mark>. */
void dx_snippet(dx_buf *out, const char *text, size_t len,
                const dx_span *spans, size_t n, size_t width);

#endif
