/*
 * parse.h -- the query syntax, before analysis.
 *
 *   words separated by spaces (ASCII or U+3000)   all should match
 *   "a phrase" (also “…” and 「…」)                  exact sequence
 *   -word, -"phrase"                               must not match
 *   a OR b                                         either
 *   title:WORD, heading:"a phrase"                 in that field only
 *   kint*, デジ*                                    words starting so
 *   path:kurashi/gomi, tag:防災, date:2023-01..2024-03
 *                                                  filters (filter.h);
 *                                                  -tag:X excludes, and
 *                                                  filters joined by OR
 *                                                  form one filter
 * Anything else (brackets, a stray quote, a lone '-') is text: the
 * analyzer drops symbols, so no input is a syntax error.  An OR between
 * a filter and a word is dropped (a filter cannot be an alternative to
 * a word).
 *
 * Ownership: dx_query_parse() fills an array the caller frees with
 * dx_query_items_free(); item text points into the caller's query string.
 */
#ifndef DX_PARSE_H
#define DX_PARSE_H

#include <stddef.h>

typedef enum {
	DX_QFIELD_ANY = 0,       /* passage text (title and heading boost) */
	DX_QFIELD_TITLE,         /* title:WORD: the article title only */
	DX_QFIELD_HEADING,       /* heading:WORD: the passage heading only */
	/* filters: the item is a value, not words to search */
	DX_QFIELD_PATH,          /* path:FOLDERS */
	DX_QFIELD_TAG,           /* tag:TAG */
	DX_QFIELD_DATE           /* date:RANGE */
} dx_qfield;

#define dx_qitem_is_filter(it) ((it)->field >= DX_QFIELD_PATH)

typedef struct {
	const char *text;     /* borrowed from the query string */
	size_t      len;
	int         phrase;   /* was quoted */
	int         negate;   /* had a leading '-' */
	int         or_prev;  /* joined to the previous item by OR */
	dx_qfield   field;    /* title:/heading: restriction */
	int         prefix;   /* ended with '*': words starting with text */
} dx_qitem;

int  dx_query_parse(dx_qitem **out, size_t *n, const char *q, size_t len);
void dx_query_items_free(dx_qitem *items);

#endif
