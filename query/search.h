/*
 * search.h -- what query/search.c offers the other query modules and the
 * tests beyond dxsearch.h (dx_index, dx_search).
 *
 * Ownership: the groups returned are the caller's (dx_qgroup_clear()
 * each, then free() the array); the session is borrowed from the index
 * and used by one thread at a time, like the index.
 */
#ifndef DX_SEARCH_H
#define DX_SEARCH_H

#include <stddef.h>

#include "analyze.h"
#include "dxsearch.h"
#include "highlight.h"

/* The groups dx_search() highlights in its hits for `query` (the query
 * analyzed as dx_search() analyzes it, on the index's latest commit). */
int dx_search_highlight_groups(dx_index *idx, const char *query,
                               size_t len, dx_qgroup **out, size_t *n);

/* The index's analyzer session, the one its highlights use. */
dx_session *dx_index_session(dx_index *idx);

#endif
