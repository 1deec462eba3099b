/*
 * page.h -- the search page, rendered on the server (works without
 * JavaScript): search box, result count and time, a relevance/date order
 * switch, results with the title linked to url#anchor, heading,
 * highlighted snippet and date, pagination (which keeps the order).
 *
 * Every string from documents or the query is HTML-escaped here, except
 * the hit's snippet, which the library gives already escaped (only its
 * <mark> tags are markup).  Links are emitted only for http(s) or
 * relative URLs (dx_text_safe_url).
 */
#ifndef DX_SERVER_PAGE_H
#define DX_SERVER_PAGE_H

#include <stddef.h>

#include <dxsearch.h>

#include "text.h"

#define DX_PAGE_SIZE 10      /* results per page */

typedef struct {
	const char      *q;        /* query as given (valid UTF-8), NULL: none */
	unsigned int     page;     /* 1-based page number */
	const dx_result *res;      /* hits of that page; NULL without a query */
	const char      *error;    /* message shown instead of results, or NULL */
	const char      *base_url; /* prefix for hits without a url, or NULL */
	int              sort;     /* dx_sort of the results */
} dx_page;

/* Append the page's HTML to `out`. */
void dx_page_render(dx_sb *out, const dx_page *p);

/*
 * Append the escaped href of hit `h` (url, or base_url + path, then
 * "#anchor") to `out`.  Returns 1, or 0 (and appends nothing) when the
 * hit has no URL that is safe to link.
 */
int dx_page_href(dx_sb *out, const dx_hit *h, const char *base_url);

#endif
