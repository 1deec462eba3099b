/*
 * passage.h -- split an article's blocks into passages, the unit that is
 * indexed and returned.
 *
 * A heading starts a new passage (and names the passages under it; its
 * text is not part of them); paragraphs under one heading accumulate,
 * joined by "\n", until they reach min_chars, and a heading or the end
 * flushes a shorter rest, so a short paragraph is never lost.  A passage
 * longer than max_chars is cut after the last sentence end that fits
 * (。．！？!?, ". ", or a line break, with closing 」）), else after the
 * last 、 or space in the second half, else at max_chars on a character
 * boundary; a short tail of a cut joins the next paragraph.  Lengths
 * count characters (code points), not bytes.  Headings without
 * paragraphs give no passage.
 *
 * Ownership: the dx_passage array and its strings are owned by the
 * caller, released with dx_passages_free().
 */
#ifndef DX_PASSAGE_H
#define DX_PASSAGE_H

#include <stddef.h>

#include "extract.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	size_t min_chars;  /* merge paragraphs below this (default 300);
	                    * 0: every paragraph alone; clamped to max */
	size_t max_chars;  /* split passages above this (default 800);
	                    * 0: the default */
} dx_passage_opts;
#define DX_PASSAGE_OPTS_INIT { 300, 800 }

typedef struct {
	char  *heading;  /* nearest heading above, "" if none */
	char  *anchor;   /* that heading's anchor, "" if none */
	char  *text;     /* paragraphs joined by "\n", NUL-terminated */
	size_t len;
} dx_passage;

/* Split `a` into *out (count in *n).  An article with no text gives 0
 * passages and *out = NULL.  opts NULL: defaults.  Returns DX_OK, or
 * DX_EINVAL when a is NULL. */
int  dx_passages(dx_passage **out, size_t *n, const dx_article *a,
                 const dx_passage_opts *opts);
/* Free n passages and the array; NULL is a no-op. */
void dx_passages_free(dx_passage *p, size_t n);

#ifdef __cplusplus
}
#endif

#endif
