/*
 * cache.h -- the server's result cache: response bodies of /api/search
 * by request key and index revision, least recently used first out,
 * bounded by entries and bytes (as Groonga's query cache and
 * Elasticsearch's request cache).
 *
 * An entry belongs to one state of the index: its UUID, its revision
 * number (dx_index_revision()) and the revision of the term list its
 * search used (dx_index_term_list_revision()), compared in that order.
 * The newest state the cache has been told of (by a look-up, an insert
 * or dx_cache_note()) is the current one; another UUID empties the
 * cache.  An entry of an older state is stale: with max_stale_ms 0 it
 * is dropped at once (no answer from before a commit is served once the
 * cache has seen it), else it may still be served for max_stale_ms after
 * the cache first saw a newer state, while one caller refreshes it (as
 * Elasticsearch's refresh interval and HTTP's stale-while-revalidate:
 * every commit is in the answers at most max_stale_ms after it was seen).
 *
 * Threads: one mutex guards everything; it is held to look up (copying
 * the body out), insert and evict, never while a search runs.  A miss
 * claims its key until the caller puts the body or releases the claim;
 * meanwhile other look-ups of that key wait for it instead of running
 * the same search (after a commit, the popular queries are each searched
 * once, not once per worker).  A stale hit hands a refresh claim to one
 * caller, who refreshes the entry (the server does so on a background
 * thread); the others get the stale body meanwhile.  Nobody waits for a
 * refresh claim: past max_stale, a look-up misses and computes the body
 * itself.
 *
 * Ownership: the cache copies keys, bodies and the UUID in;
 * dx_cache_get() hands out a malloc'ed copy that the caller frees.
 */
#ifndef DX_CACHE_H
#define DX_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct dx_cache dx_cache;

/* The state of the index a call is about, and the time of the call
 * (milliseconds of a monotonic clock). */
typedef struct {
	const char *uuid;
	uint64_t    rev;     /* dx_index_revision() */
	uint64_t    terms;   /* dx_index_term_list_revision() */
	double      now_ms;
} dx_cache_at;

/* What dx_cache_stats() reports. */
typedef struct {
	size_t   capacity;   /* entries at most */
	size_t   entries;
	size_t   bytes;      /* keys, bodies and bookkeeping */
	uint64_t hits, misses;
	uint64_t stale;      /* of the hits: stale bodies served */
	uint64_t refreshes;  /* stale hits handed a refresh claim */
	double   stale_max_ms; /* the longest a stale body served had been
	                          stale (since a newer state was seen) */
} dx_cache_stats;

/* dx_cache_get()'s answers. */
enum {
	DX_CACHE_MISS    = 0,  /* no body: compute it (the caller may have
	                          the claim, see below) */
	DX_CACHE_HIT     = 1,  /* the body of the current state */
	DX_CACHE_STALE   = 2,  /* an older state's body; another caller
	                          refreshes it */
	DX_CACHE_REFRESH = 3   /* an older state's body, and the claim: the
	                          caller refreshes it (put or release) */
};

/* A cache of at most max_entries entries and max_bytes bytes that serves
 * a stale body for up to max_stale_ms; NULL when max_entries is 0 (no
 * cache: the calls below accept NULL and do nothing, dx_cache_get()
 * misses). */
dx_cache *dx_cache_new(size_t max_entries, size_t max_bytes,
                       unsigned int max_stale_ms);
void      dx_cache_free(dx_cache *c);

/* Tell the cache of the index's state `at` (a newer one makes the
 * entries stale from now on). */
void dx_cache_note(dx_cache *c, const dx_cache_at *at);

/* The body cached for key[0..klen) at state `at`: one of the answers
 * above, with a copy of the body in *body (NUL-terminated, *len bytes;
 * the caller frees it) unless DX_CACHE_MISS.  After a miss the caller
 * computes the body and must end with dx_cache_put() or
 * dx_cache_release(), which end the key's claim; after
 * DX_CACHE_REFRESH likewise.  A missing caller has the claim unless it
 * waited on one that ended without a body (too big to keep, a failed
 * search): then the waiters compute side by side instead of one after
 * another.  With c NULL there is no claim. */
int  dx_cache_get(dx_cache *c, const dx_cache_at *at, const char *key,
                  size_t klen, char **body, size_t *len);

/* Cache body[0..len) for key[0..klen) at state `at` (not if a newer
 * state is current), the least recently used entries making room, and
 * end the claims on the key of states up to `at`; a body larger than an
 * eighth of the byte bound is not kept. */
void dx_cache_put(dx_cache *c, const dx_cache_at *at, const char *key,
                  size_t klen, const char *body, size_t len);

/* 1 when key has a body of state `at` and that is the current state
 * (a queued refresh that a miss has done meanwhile need not run). */
int  dx_cache_is_current(dx_cache *c, const dx_cache_at *at,
                         const char *key, size_t klen);

/* End the claims on the key of states up to `at` without a body (the
 * search failed, or a commit came in while it ran). */
void dx_cache_release(dx_cache *c, const dx_cache_at *at, const char *key,
                      size_t klen);

void dx_cache_stats_get(dx_cache *c, dx_cache_stats *out);

#endif
