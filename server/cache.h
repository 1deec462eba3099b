/*
 * cache.h -- the server's result cache: response bodies of /api/search
 * by request key and index revision, least recently used first out,
 * bounded by entries and bytes (as Groonga's query cache and
 * Elasticsearch's request cache).
 *
 * An entry belongs to one revision of the index (its UUID and revision
 * number, dx_index_revision()); a look-up or insert for a newer revision
 * of the same index, or for another index UUID, drops the entries of the
 * others, and an insert for an older revision than one seen is ignored:
 * once the server has seen a commit, no answer from before it is served.
 *
 * Threads: one mutex guards everything; it is held to look up (copying
 * the body out), insert and evict, never while a search runs.  A miss
 * claims its key until the caller puts the body or releases the claim;
 * meanwhile other look-ups of that key at that revision wait for it
 * instead of running the same search (after a commit empties the cache,
 * the popular queries are each searched once, not once per worker).
 *
 * Ownership: the cache copies keys and bodies in; dx_cache_get() hands
 * out a malloc'ed copy that the caller frees.
 */
#ifndef DX_CACHE_H
#define DX_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct dx_cache dx_cache;

/* What dx_cache_stats() reports. */
typedef struct {
	size_t   capacity;   /* entries at most */
	size_t   entries;
	size_t   bytes;      /* keys, bodies and bookkeeping */
	uint64_t hits, misses;
} dx_cache_stats;

/* A cache of at most max_entries entries and max_bytes bytes; NULL when
 * max_entries is 0 (no cache: the calls below accept NULL and do
 * nothing, dx_cache_get() misses). */
dx_cache *dx_cache_new(size_t max_entries, size_t max_bytes);
void      dx_cache_free(dx_cache *c);

/* The body cached for key[0..klen) at revision (uuid, rev): 1 and a copy
 * in *body (NUL-terminated, *len bytes; the caller frees it).  Else 0:
 * the caller computes the body and must end with dx_cache_put() or
 * dx_cache_release(), which end the key's claim.  The caller has the
 * claim unless it waited on one that ended without a body (too big to
 * keep, a failed search): then the waiters compute side by side instead
 * of one after another.  With c NULL there is no claim. */
int  dx_cache_get(dx_cache *c, const char *uuid, uint64_t rev,
                  const char *key, size_t klen, char **body, size_t *len);

/* Cache body[0..len) for key[0..klen) at revision (uuid, rev), the least
 * recently used entries making room, and end the caller's claim; a body
 * larger than an eighth of the byte bound is not kept. */
void dx_cache_put(dx_cache *c, const char *uuid, uint64_t rev,
                  const char *key, size_t klen, const char *body,
                  size_t len);

/* End the claim of a miss without a body (the search failed, or a
 * commit came in while it ran). */
void dx_cache_release(dx_cache *c, uint64_t rev, const char *key,
                      size_t klen);

void dx_cache_stats_get(dx_cache *c, dx_cache_stats *out);

#endif
