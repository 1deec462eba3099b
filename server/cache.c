/* cache.c -- the server's result cache; see cache.h. */
#include "cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	struct entry *chain;        /* next in its hash bucket */
	struct entry *newer, *older;/* the LRU list */
	uint64_t      hash;
	size_t        klen, blen;
	char          data[];       /* key, then body and a NUL */
} entry;

/* A key being computed after a miss (one claim per key and revision):
 * other look-ups of it wait for its body instead of computing it too. */
typedef struct claim {
	struct claim *next;
	uint64_t      hash, rev;
	size_t        klen;
	char          key[];
} claim;

struct dx_cache {
	pthread_mutex_t lock;
	pthread_cond_t  released;   /* a claim ended */
	claim          *claims;
	entry         **bucket;
	size_t          nbuckets;   /* a power of two */
	entry          *newest, *oldest;
	size_t          max_entries, max_bytes, entries, bytes;
	uint64_t        hits, misses;
	char           *uuid;       /* the revision entries belong to */
	uint64_t        rev;
};

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static size_t entry_size(const entry *e)
{
	return sizeof(*e) + e->klen + e->blen + 1;
}

dx_cache *dx_cache_new(size_t max_entries, size_t max_bytes)
{
	dx_cache *c;

	if (max_entries == 0)
		return NULL;
	if (!(c = calloc(1, sizeof(*c))))
		return NULL;
	c->nbuckets = 16;
	while (c->nbuckets < 2 * max_entries && c->nbuckets < ((size_t)1 << 30))
		c->nbuckets *= 2;
	if (!(c->bucket = calloc(c->nbuckets, sizeof(entry *)))) {
		free(c);
		return NULL;
	}
	c->max_entries = max_entries;
	c->max_bytes = max_bytes;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->released, NULL);
	return c;
}

/* Unlink e from its bucket and the LRU list, and free it. */
static void drop(dx_cache *c, entry *e)
{
	entry **p = &c->bucket[e->hash & (c->nbuckets - 1)];

	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	c->entries--;
	c->bytes -= entry_size(e);
	free(e);
}

static void to_front(dx_cache *c, entry *e)
{
	e->newer = NULL;
	e->older = c->newest;
	if (c->newest)
		c->newest->newer = e;
	c->newest = e;
	if (!c->oldest)
		c->oldest = e;
}

/* Whether (uuid, rev) may be looked up and inserted: a newer revision
 * or another index drops what the cache holds; an older one is refused
 * (0).  Called with the lock held. */
static int current(dx_cache *c, const char *uuid, uint64_t rev)
{
	if (c->uuid && !strcmp(c->uuid, uuid)) {
		if (rev < c->rev)
			return 0;
		if (rev == c->rev)
			return 1;
	}
	while (c->oldest)
		drop(c, c->oldest);
	free(c->uuid);
	c->uuid = strdup(uuid);
	c->rev = rev;
	return c->uuid != NULL;
}

static entry *find(dx_cache *c, const char *key, size_t klen, uint64_t h)
{
	entry *e;

	for (e = c->bucket[h & (c->nbuckets - 1)]; e; e = e->chain)
		if (e->hash == h && e->klen == klen &&
		    memcmp(e->data, key, klen) == 0)
			return e;
	return NULL;
}

/* The claim on key at rev, or NULL; *at: where it is linked from. */
static claim *claimed(dx_cache *c, const char *key, size_t klen,
                      uint64_t h, uint64_t rev, claim ***at)
{
	claim **p;

	for (p = &c->claims; *p; p = &(*p)->next)
		if ((*p)->hash == h && (*p)->rev == rev && (*p)->klen == klen &&
		    memcmp((*p)->key, key, klen) == 0)
			break;
	if (at)
		*at = p;
	return *p;
}

/* End the claim on key at rev, if there is one; with the lock held. */
static void release(dx_cache *c, const char *key, size_t klen, uint64_t h,
                    uint64_t rev)
{
	claim **at, *cl = claimed(c, key, klen, h, rev, &at);

	if (cl) {
		*at = cl->next;
		free(cl);
		pthread_cond_broadcast(&c->released);
	}
}

int dx_cache_get(dx_cache *c, const char *uuid, uint64_t rev,
                 const char *key, size_t klen, char **body, size_t *len)
{
	uint64_t h = fnv1a(key, klen);
	entry *e = NULL;
	claim *cl;
	int waited = 0;

	*body = NULL;
	*len = 0;
	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	/* someone computes it: wait for the body (or for its failure) */
	while (current(c, uuid, rev) && !find(c, key, klen, h) &&
	       claimed(c, key, klen, h, rev, NULL)) {
		pthread_cond_wait(&c->released, &c->lock);
		waited = 1;
	}
	if (current(c, uuid, rev) && (e = find(c, key, klen, h)) &&
	    (*body = malloc(e->blen + 1))) {
		memcpy(*body, e->data + e->klen, e->blen + 1);
		*len = e->blen;
		if (e != c->newest) {   /* most recently used now */
			e->newer->older = e->older;
			if (e->older)
				e->older->newer = e->newer;
			else
				c->oldest = e->newer;
			to_front(c, e);
		}
	}
	if (*body) {
		c->hits++;
	} else {
		c->misses++;
		/* the caller computes it now: claim it, unless a claim it
		 * waited on ended without a body (too big to keep, a failed
		 * search): then the waiters go ahead together, not in turn */
		if (!e && !waited && (cl = malloc(sizeof(*cl) + klen))) {
			cl->hash = h;
			cl->rev = rev;
			cl->klen = klen;
			memcpy(cl->key, key, klen);
			cl->next = c->claims;
			c->claims = cl;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return *body != NULL;
}

void dx_cache_release(dx_cache *c, uint64_t rev, const char *key,
                      size_t klen)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	release(c, key, klen, fnv1a(key, klen), rev);
	pthread_mutex_unlock(&c->lock);
}

void dx_cache_put(dx_cache *c, const char *uuid, uint64_t rev,
                  const char *key, size_t klen, const char *body,
                  size_t len)
{
	uint64_t h = fnv1a(key, klen);
	entry *e, *old;

	if (!c)
		return;
	if (sizeof(entry) + klen + len + 1 > c->max_bytes / 8 ||
	    !(e = malloc(sizeof(entry) + klen + len + 1))) {
		dx_cache_release(c, rev, key, klen);
		return;
	}
	e->hash = h;
	e->klen = klen;
	e->blen = len;
	memcpy(e->data, key, klen);
	memcpy(e->data + klen, body, len);
	e->data[klen + len] = '\0';
	pthread_mutex_lock(&c->lock);
	release(c, key, klen, h, rev);
	if (!current(c, uuid, rev)) {
		pthread_mutex_unlock(&c->lock);
		free(e);
		return;
	}
	if ((old = find(c, key, klen, h)))
		drop(c, old);
	e->chain = c->bucket[h & (c->nbuckets - 1)];
	c->bucket[h & (c->nbuckets - 1)] = e;
	to_front(c, e);
	c->entries++;
	c->bytes += entry_size(e);
	while (c->oldest != e &&
	       (c->entries > c->max_entries || c->bytes > c->max_bytes))
		drop(c, c->oldest);
	pthread_mutex_unlock(&c->lock);
}

void dx_cache_stats_get(dx_cache *c, dx_cache_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	out->capacity = c->max_entries;
	out->entries = c->entries;
	out->bytes = c->bytes;
	out->hits = c->hits;
	out->misses = c->misses;
	pthread_mutex_unlock(&c->lock);
}

void dx_cache_free(dx_cache *c)
{
	if (!c)
		return;
	while (c->oldest)
		drop(c, c->oldest);
	while (c->claims) {
		claim *cl = c->claims;

		c->claims = cl->next;
		free(cl);
	}
	free(c->bucket);
	free(c->uuid);
	pthread_cond_destroy(&c->released);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
