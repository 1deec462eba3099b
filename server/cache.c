/* cache.c -- the server's result cache; see cache.h. */
#include "cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	struct entry *chain;        /* next in its hash bucket */
	struct entry *newer, *older;/* the LRU list */
	uint64_t      hash;
	uint64_t      rev, terms;   /* the state of the index it is of */
	size_t        klen, blen;
	char          data[];       /* key, then body and a NUL */
} entry;

/* A key being computed after a miss or a stale hit, at one state of the
 * index: other look-ups of it at that state wait for its body instead
 * of computing it too. */
typedef struct claim {
	struct claim *next;
	uint64_t      hash, rev, terms;
	int           refresh;      /* 1: of a stale hit (nobody waits) */
	size_t        klen;
	char          key[];
} claim;

#define NSEEN 256  /* states remembered: a commit is one or two (its term
                      list may come later), so a minute of busy commits */

struct dx_cache {
	pthread_mutex_t lock;
	pthread_cond_t  released;   /* a claim ended */
	claim          *claims;
	entry         **bucket;
	size_t          nbuckets;   /* a power of two */
	entry          *newest, *oldest;
	size_t          max_entries, max_bytes, entries, bytes;
	uint64_t        hits, misses, stale, refreshes;
	double          stale_max;  /* ms: the stalest body served */
	unsigned int    max_stale;  /* ms a stale entry may be served */
	char           *uuid;       /* the index entries belong to */
	uint64_t        rev, terms; /* its current state */
	/* the last states seen (current last) and since when, to tell how
	 * long an older entry has been stale */
	struct {
		uint64_t rev, terms;
		double   at;
	}               seen[NSEEN];
	size_t          nseen;      /* ever (seen[nseen % NSEEN] is next) */
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

dx_cache *dx_cache_new(size_t max_entries, size_t max_bytes,
                       unsigned int max_stale_ms)
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
	c->max_stale = max_stale_ms;
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

/* States in order: the revision, then the term list's. */
static int state_cmp(uint64_t rev_a, uint64_t terms_a, uint64_t rev_b,
                     uint64_t terms_b)
{
	if (rev_a != rev_b)
		return rev_a < rev_b ? -1 : 1;
	return terms_a < terms_b ? -1 : terms_a > terms_b;
}

static void drop_all(dx_cache *c)
{
	while (c->oldest)
		drop(c, c->oldest);
}

/* Take note of state `at`, with the lock held: a newer state becomes the
 * current one (with no stale serving, the older entries go), another
 * index empties the cache.  1: `at` is the current state; 0: it is
 * older (or there is no state: out of memory). */
static int note(dx_cache *c, const dx_cache_at *at)
{
	if (c->uuid && !strcmp(c->uuid, at->uuid)) {
		int d = state_cmp(at->rev, at->terms, c->rev, c->terms);

		if (d <= 0)
			return d == 0;
		if (!c->max_stale)
			drop_all(c);
	} else {
		drop_all(c);
		/* another index: its claims are not this one's (their holders'
		 * release then finds nothing; their waiters look again) */
		while (c->claims) {
			claim *cl = c->claims;

			c->claims = cl->next;
			free(cl);
			pthread_cond_broadcast(&c->released);
		}
		free(c->uuid);
		c->nseen = 0;
		if (!(c->uuid = strdup(at->uuid)))
			return 0;
	}
	c->rev = at->rev;
	c->terms = at->terms;
	c->seen[c->nseen % NSEEN].rev = at->rev;
	c->seen[c->nseen % NSEEN].terms = at->terms;
	c->seen[c->nseen % NSEEN].at = at->now_ms;
	c->nseen++;
	return 1;
}

static int fresh(const dx_cache *c, const entry *e)
{
	return e->rev == c->rev && e->terms == c->terms;
}

/* How long stale entry e has been stale at time now (ms since a newer
 * state was first seen), or -1 when it may no longer be served: more
 * than max_stale, or unknown (older than the states remembered). */
static double stale_age(const dx_cache *c, const entry *e, double now)
{
	size_t n = c->nseen < NSEEN ? c->nseen : NSEEN, i;

	if (!c->max_stale)
		return -1;
	for (i = 0; i < n; i++) {
		size_t k = (c->nseen - n + i) % NSEEN;
		double age = now - c->seen[k].at;

		if (state_cmp(c->seen[k].rev, c->seen[k].terms, e->rev,
		              e->terms) > 0)
			return (i > 0 || c->nseen <= NSEEN) &&
			       age <= c->max_stale ? (age > 0 ? age : 0) : -1;
	}
	return -1;
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

/* Whether key is claimed: by a miss at the current state (exact 1:
 * what a look-up waits for), or by anyone (0). */
static int claimed(const dx_cache *c, const char *key, size_t klen,
                   uint64_t h, int exact)
{
	const claim *cl;

	for (cl = c->claims; cl; cl = cl->next)
		if (cl->hash == h && cl->klen == klen &&
		    memcmp(cl->key, key, klen) == 0 &&
		    (!exact || (!cl->refresh && cl->rev == c->rev &&
		                cl->terms == c->terms)))
			return 1;
	return 0;
}

static void add_claim(dx_cache *c, const dx_cache_at *at, const char *key,
                      size_t klen, uint64_t h, int refresh)
{
	claim *cl = malloc(sizeof(*cl) + klen);

	if (!cl)
		return;
	cl->hash = h;
	cl->rev = at->rev;
	cl->terms = at->terms;
	cl->refresh = refresh;
	cl->klen = klen;
	memcpy(cl->key, key, klen);
	cl->next = c->claims;
	c->claims = cl;
}

/* End the claims on key at states up to `at`; with the lock held. */
static void release(dx_cache *c, const dx_cache_at *at, const char *key,
                    size_t klen, uint64_t h)
{
	claim **p = &c->claims, *cl;
	int ended = 0;

	while ((cl = *p)) {
		if (cl->hash == h && cl->klen == klen &&
		    memcmp(cl->key, key, klen) == 0 &&
		    state_cmp(cl->rev, cl->terms, at->rev, at->terms) <= 0) {
			*p = cl->next;
			free(cl);
			ended = 1;
		} else {
			p = &cl->next;
		}
	}
	if (ended)
		pthread_cond_broadcast(&c->released);
}

void dx_cache_note(dx_cache *c, const dx_cache_at *at)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	note(c, at);
	pthread_mutex_unlock(&c->lock);
}

int dx_cache_get(dx_cache *c, const dx_cache_at *at, const char *key,
                 size_t klen, char **body, size_t *len)
{
	uint64_t h = fnv1a(key, klen);
	entry *e = NULL;
	int waited = 0, answer = DX_CACHE_MISS;
	double age = 0;

	*body = NULL;
	*len = 0;
	if (!c)
		return DX_CACHE_MISS;
	pthread_mutex_lock(&c->lock);
	/* An older state than the current one (a worker that reopened just
	 * before a commit) is answered as the current one: never older. */
	while (note(c, at) || c->uuid) {
		if ((e = find(c, key, klen, h)) && fresh(c, e)) {
			answer = DX_CACHE_HIT;
			break;
		}
		if (e && (age = stale_age(c, e, at->now_ms)) >= 0) {
			answer = claimed(c, key, klen, h, 0) ? DX_CACHE_STALE
			                                     : DX_CACHE_REFRESH;
			break;
		}
		if (e) {            /* stale for too long */
			drop(c, e);
			e = NULL;
		}
		/* someone computes it: wait for the body (or its failure) */
		if (!claimed(c, key, klen, h, 1))
			break;
		pthread_cond_wait(&c->released, &c->lock);
		waited = 1;
	}
	if (answer != DX_CACHE_MISS && (*body = malloc(e->blen + 1))) {
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
		c->hits++;
		c->stale += answer != DX_CACHE_HIT;
		if (answer != DX_CACHE_HIT && age > c->stale_max)
			c->stale_max = age;
		c->refreshes += answer == DX_CACHE_REFRESH;
	} else {
		answer = DX_CACHE_MISS;
		c->misses++;
	}
	/* The caller computes it now: claim it, unless a claim it waited on
	 * ended without a body (too big to keep, a failed search): then the
	 * waiters go ahead together, not in turn. */
	if (c->uuid && (answer == DX_CACHE_REFRESH ||
	                (answer == DX_CACHE_MISS && !waited &&
	                 !claimed(c, key, klen, h, 1))))
		add_claim(c, at, key, klen, h, answer == DX_CACHE_REFRESH);
	pthread_mutex_unlock(&c->lock);
	return answer;
}

int dx_cache_is_current(dx_cache *c, const dx_cache_at *at,
                        const char *key, size_t klen)
{
	entry *e;
	int yes;

	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	yes = note(c, at) && (e = find(c, key, klen, fnv1a(key, klen))) &&
	      fresh(c, e);
	pthread_mutex_unlock(&c->lock);
	return yes;
}

void dx_cache_release(dx_cache *c, const dx_cache_at *at, const char *key,
                      size_t klen)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	release(c, at, key, klen, fnv1a(key, klen));
	pthread_mutex_unlock(&c->lock);
}

void dx_cache_put(dx_cache *c, const dx_cache_at *at, const char *key,
                  size_t klen, const char *body, size_t len)
{
	uint64_t h = fnv1a(key, klen);
	entry *e, *old;

	if (!c)
		return;
	if (sizeof(entry) + klen + len + 1 > c->max_bytes / 8 ||
	    !(e = malloc(sizeof(entry) + klen + len + 1))) {
		dx_cache_release(c, at, key, klen);
		return;
	}
	e->hash = h;
	e->rev = at->rev;
	e->terms = at->terms;
	e->klen = klen;
	e->blen = len;
	memcpy(e->data, key, klen);
	memcpy(e->data + klen, body, len);
	e->data[klen + len] = '\0';
	pthread_mutex_lock(&c->lock);
	release(c, at, key, klen, h);
	if (!note(c, at)) {     /* a newer state is current */
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
	out->stale = c->stale;
	out->refreshes = c->refreshes;
	out->stale_max_ms = c->stale_max;
	pthread_mutex_unlock(&c->lock);
}

void dx_cache_free(dx_cache *c)
{
	if (!c)
		return;
	drop_all(c);
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
