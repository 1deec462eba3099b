/*
 * filter.h -- the filter items of a query (path:, tag:, date:) as
 * Xapian filters over the facets the writer indexed (facet.h).
 *
 *   path:kurashi/gomi   articles in that folder (any depth of the
 *                       stored path: a run of its folder names)
 *   tag:防災             articles with that tag (normalized as text is)
 *   tag:防*, path:ku*   a tag or folder run starting so (at most
 *                       DX_FILTER_EXPANSION of them, the most used)
 *   date:2023           inclusive ranges at year, month or day
 *   date:2023-01..2024-03, date:2023-04-01.., date:..2024
 *                       granularity; reversed bounds are swapped;
 *                       articles without a date never match
 * Positive filters are ANDed (filters joined by OR are one filter) and
 * restrict the text query without changing scores; negated ones (-tag:X)
 * remove articles.  A malformed filter (date:abc, path:/) restricts
 * nothing: it is left out and the explain output says so.
 *
 * Ownership: the caller owns *filter and *exclude (dx_xq_free).
 */
#ifndef DX_FILTER_H
#define DX_FILTER_H

#include <stddef.h>

#include "explain.h"
#include "parse.h"
#include "xdb.h"

/* Most tags or folder runs a prefix filter (tag:防*) stands for. */
#define DX_FILTER_EXPANSION 10000

/* Build the filters of items[0..n): *filter the positive ones, *exclude
 * the OR of the negated ones (each NULL when there is none).  Returns
 * how many filter items were used (0: none), or a negative dx_code.  ex
 * (may be NULL) records each filter item. */
int dx_filters_build(dx_xq **filter, dx_xq **exclude, const dx_qitem *items,
                     size_t n, dx_explain *ex);

/* Parse the value of date: ("2023-01..2024-03", "2023", "..2024",
 * "2023-04-01.."; full-width forms are normalized first) into inclusive
 * 8-digit bounds (facet.h's date values).  Returns 0, or -1 when it is
 * not a date or range. */
int dx_date_range(const char *s, size_t len, char lo[9], char hi[9]);

#endif
