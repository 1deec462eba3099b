/* test_cache.c -- the server's result cache (server/cache.c): hits and
 * misses, least recently used eviction under the entry and byte bounds,
 * revisions (a newer one or another index empties it, an older one is
 * never served or stored), stale answers for a while after a commit
 * (with max_stale), and claims (a second look-up of a key being
 * computed waits for its body instead of computing it again). */
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "harness.h"

#define UUID "0f6b1c3e-2d4a-4e5f-9a8b-7c6d5e4f3a2b"

/* The time the calls are made at (ms), set by the stale tests. */
static double clock_ms = 1000;

/* The index state at revision rev (term list of the same revision). */
#define AT(rev) (&(dx_cache_at){ UUID, (rev), (rev), clock_ms })

/* Put key -> body (the caller's claim from a miss), as the server does. */
static void fill(dx_cache *c, uint64_t rev, const char *key,
                 const char *body)
{
	char *got;
	size_t len;

	OK(!dx_cache_get(c, AT(rev), key, strlen(key), &got, &len));
	dx_cache_put(c, AT(rev), key, strlen(key), body, strlen(body));
}

static int has(dx_cache *c, uint64_t rev, const char *key, const char *body)
{
	char *got = NULL;
	size_t len = 0;
	int hit = dx_cache_get(c, AT(rev), key, strlen(key), &got, &len);

	if (!hit)   /* a miss claims the key: give it back */
		dx_cache_release(c, AT(rev), key, strlen(key));
	hit = hit && len == strlen(body) && !strcmp(got, body);
	free(got);
	return hit;
}

static void hits_and_lru(void)
{
	dx_cache *c = dx_cache_new(3, 1 << 20, 0);
	dx_cache_stats st;

	OK(c != NULL);
	OK(dx_cache_new(0, 1 << 20, 0) == NULL);   /* 0 entries: no cache */
	fill(c, 1, "a", "AAA");
	fill(c, 1, "b", "BBB");
	fill(c, 1, "c", "CCC");
	OK(has(c, 1, "a", "AAA"));     /* a is now the most recent */
	fill(c, 1, "d", "DDD");        /* evicts b, the least recent */
	OK(!has(c, 1, "b", "BBB"));
	OK(has(c, 1, "a", "AAA") && has(c, 1, "c", "CCC") &&
	   has(c, 1, "d", "DDD"));
	dx_cache_put(c, AT(1), "a", 1, "A2", 2);   /* replaced */
	OK(has(c, 1, "a", "A2"));
	dx_cache_stats_get(c, &st);
	INT_EQ(st.capacity, 3);
	INT_EQ(st.entries, 3);
	OK(st.bytes > 0);
	INT_EQ(st.hits, 5);
	INT_EQ(st.misses, 5);
	/* keys are bytes: a NUL inside counts */
	dx_cache_put(c, AT(1), "x\0y", 3, "XY", 2);
	OK(!has(c, 1, "x", "XY"));
	dx_cache_free(c);
	dx_cache_free(NULL);
}

static void byte_bound(void)
{
	char body[3000];
	dx_cache *c = dx_cache_new(100, 32 * 1024, 0);
	dx_cache_stats st;
	int i;

	memset(body, 'x', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	for (i = 0; i < 20; i++) {
		char key[16];

		snprintf(key, sizeof(key), "k%d", i);
		fill(c, 1, key, body);
		dx_cache_stats_get(c, &st);
		OK(st.bytes <= 32 * 1024);
	}
	OK(st.entries >= 4 && st.entries < 20);
	OK(has(c, 1, "k19", body) && !has(c, 1, "k0", body));
	/* a body over an eighth of the bound is not kept */
	{
		static char big[5000];

		memset(big, 'y', sizeof(big) - 1);
		fill(c, 1, "big", big);
		OK(!has(c, 1, "big", big));
	}
	dx_cache_free(c);
}

static void revisions(void)
{
	dx_cache *c = dx_cache_new(10, 1 << 20, 0);
	dx_cache_at other = { "another-uuid", 1, 1, 1000 };
	char *got;
	size_t len;

	fill(c, 5, "q", "rev5");
	OK(has(c, 5, "q", "rev5"));
	/* a newer revision: what was cached before is gone */
	OK(!has(c, 6, "q", "rev5"));
	fill(c, 6, "q", "rev6");
	OK(has(c, 6, "q", "rev6"));
	/* a look-up at an older revision (a worker that reopened just
	 * before a commit) gets the current answer, never an older one */
	OK(has(c, 5, "q", "rev6"));
	OK(!dx_cache_get(c, AT(5), "old", 3, &got, &len));
	dx_cache_put(c, AT(5), "old", 3, "stale", 5);
	OK(!has(c, 6, "old", "stale") && has(c, 6, "q", "rev6"));
	/* another index (a new UUID) starts afresh */
	OK(!dx_cache_get(c, &other, "q", 1, &got, &len));
	dx_cache_release(c, AT(1), "q", 1);
	OK(!has(c, 6, "q", "rev6"));
	/* a claim of the other index is not waited for in this one, even
	 * at an equal revision (alarm: it would hang) */
	OK(!dx_cache_get(c, &other, "k", 1, &got, &len));    /* claims */
	alarm(10);
	OK(!dx_cache_get(c, AT(1), "k", 1, &got, &len));
	alarm(0);
	dx_cache_put(c, AT(1), "k", 1, "K", 1);
	OK(has(c, 1, "k", "K"));
	dx_cache_free(c);
}

/* claims: a waiter gets the body the first one puts */
typedef struct {
	dx_cache *c;
	uint64_t  rev;
	int       hit;
	char     *body;
} waiter;

static void *wait_for(void *p)
{
	waiter *w = p;
	size_t len;

	w->hit = dx_cache_get(w->c, AT(w->rev), "slow", 4, &w->body, &len);
	if (!w->hit)
		dx_cache_put(w->c, AT(w->rev), "slow", 4, "mine", 4);
	return NULL;
}

static void claims(void)
{
	dx_cache *c = dx_cache_new(10, 1 << 20, 0);
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	dx_cache_stats st;
	pthread_t t;
	waiter w = { c, 1, -1, NULL };
	char *got;
	size_t len;

	/* this thread misses and claims; the other waits for the put */
	OK(!dx_cache_get(c, AT(1), "slow", 4, &got, &len));
	OK(pthread_create(&t, NULL, wait_for, &w) == 0);
	nanosleep(&nap, NULL);
	dx_cache_stats_get(c, &st);
	INT_EQ(st.hits + st.misses, 1);      /* still waiting */
	dx_cache_put(c, AT(1), "slow", 4, "body", 4);
	pthread_join(t, NULL);
	OK(w.hit == 1 && w.body && !strcmp(w.body, "body"));
	free(w.body);

	/* a released claim (the search failed): the waiter searches */
	w.rev = 2;
	w.hit = -1;
	w.body = NULL;
	OK(!dx_cache_get(c, AT(2), "slow", 4, &got, &len));
	OK(pthread_create(&t, NULL, wait_for, &w) == 0);
	nanosleep(&nap, NULL);
	dx_cache_stats_get(c, &st);
	INT_EQ(st.hits + st.misses, 3);      /* still waiting */
	dx_cache_release(c, AT(2), "slow", 4);
	pthread_join(t, NULL);
	OK(w.hit == 0 && !w.body);
	OK(has(c, 2, "slow", "mine"));
	dx_cache_free(c);
}

/* A waiter whose claim ended without a body searches without a claim:
 * a third look-up does not queue behind it (alarm: it would hang). */
typedef struct {
	dx_cache   *c;
	_Atomic int missed, go;
} holder;

static void *miss_and_hold(void *p)
{
	holder *h = p;
	struct timespec nap = { 0, 1000 * 1000 };
	char *body = NULL;
	size_t len;

	if (!dx_cache_get(h->c, AT(3), "big", 3, &body, &len)) {
		h->missed = 1;
		while (!h->go)
			nanosleep(&nap, NULL);
		dx_cache_put(h->c, AT(3), "big", 3, "late", 4);
	}
	free(body);
	return NULL;
}

static void released_claims(void)
{
	dx_cache *c = dx_cache_new(10, 1 << 20, 0);
	struct timespec nap = { 0, 50 * 1000 * 1000 }, tick = { 0, 1000000 };
	holder h = { c, 0, 0 };
	pthread_t t;
	char *got = NULL;
	size_t len;

	OK(!dx_cache_get(c, AT(3), "big", 3, &got, &len));   /* claims */
	OK(pthread_create(&t, NULL, miss_and_hold, &h) == 0);
	nanosleep(&nap, NULL);
	dx_cache_release(c, AT(3), "big", 3);   /* e.g. too big to keep */
	while (!h.missed)
		nanosleep(&tick, NULL);
	alarm(10);
	OK(!dx_cache_get(c, AT(3), "big", 3, &got, &len));   /* no wait */
	alarm(0);
	h.go = 1;
	pthread_join(t, NULL);
	dx_cache_put(c, AT(3), "big", 3, "body", 4);
	OK(has(c, 3, "big", "body"));
	dx_cache_free(c);
}

/* Stale answers (max_stale 500 ms): after a commit the body from before
 * it is served for 500 ms from when a newer state was first seen; the
 * first such look-up gets the claim to refresh it, the others only the
 * body (no waiting); a refresh makes it current; past 500 ms it is a
 * miss. */
static void stale(void)
{
	dx_cache *c = dx_cache_new(10, 1 << 20, 500);
	dx_cache_at terms5 = { UUID, 4, 5, 0 };
	dx_cache_stats st;
	char *got = NULL;
	size_t len;
	uint64_t r;

	alarm(10);              /* a look-up that waited would hang */
	clock_ms = 1000;
	fill(c, 1, "q", "one");
	fill(c, 1, "r", "r1");
	OK(has(c, 1, "q", "one"));
	clock_ms = 1100;
	dx_cache_note(c, AT(2));                 /* a commit, seen at 1100 */
	clock_ms = 1300;
	INT_EQ(dx_cache_get(c, AT(2), "q", 1, &got, &len), DX_CACHE_REFRESH);
	OK(got && len == 3 && !strcmp(got, "one"));
	free(got);
	INT_EQ(dx_cache_get(c, AT(2), "q", 1, &got, &len), DX_CACHE_STALE);
	OK(got && !strcmp(got, "one"));
	free(got);
	dx_cache_put(c, AT(2), "q", 1, "two", 3); /* the refresh */
	INT_EQ(dx_cache_get(c, AT(2), "q", 1, &got, &len), DX_CACHE_HIT);
	OK(got && !strcmp(got, "two"));
	free(got);
	/* r, never refreshed: served up to 500 ms after 1100, then a miss */
	clock_ms = 1600;
	INT_EQ(dx_cache_get(c, AT(2), "r", 1, &got, &len), DX_CACHE_REFRESH);
	free(got);
	/* its refresh is slow: past 500 ms a look-up does not wait for it
	 * (alarm) but misses, and searches it itself */
	clock_ms = 1601;
	INT_EQ(dx_cache_get(c, AT(2), "r", 1, &got, &len), DX_CACHE_MISS);
	OK(!got);
	OK(!dx_cache_is_current(c, AT(2), "r", 1));
	dx_cache_put(c, AT(2), "r", 1, "r2", 2);
	OK(dx_cache_is_current(c, AT(2), "r", 1));  /* the refresh may go */
	dx_cache_release(c, AT(2), "r", 1);
	OK(has(c, 2, "r", "r2"));
	/* the time counts from the first newer state, not the latest */
	clock_ms = 1700;
	dx_cache_note(c, AT(3));
	clock_ms = 2000;
	dx_cache_note(c, AT(4));
	clock_ms = 2150;
	/* a look-up at an older state (state 3: a worker that reopened
	 * before the last commit) is answered as the current one; its
	 * refresh, searched at state 3, is not kept but ends the claim */
	INT_EQ(dx_cache_get(c, AT(3), "q", 1, &got, &len), DX_CACHE_REFRESH);
	free(got);
	dx_cache_put(c, AT(3), "q", 1, "three", 5);
	INT_EQ(dx_cache_get(c, AT(4), "q", 1, &got, &len), DX_CACHE_REFRESH);
	OK(got && !strcmp(got, "two"));
	free(got);
	dx_cache_release(c, AT(4), "q", 1);
	clock_ms = 2201;
	INT_EQ(dx_cache_get(c, AT(4), "q", 1, &got, &len), DX_CACHE_MISS);
	dx_cache_put(c, AT(4), "q", 1, "four", 4);
	/* a newer term list is a newer state too */
	INT_EQ(dx_cache_get(c, &terms5, "q", 1, &got, &len), DX_CACHE_REFRESH);
	OK(got && !strcmp(got, "four"));
	free(got);
	dx_cache_put(c, &terms5, "q", 1, "four'", 5);
	INT_EQ(dx_cache_get(c, &terms5, "q", 1, &got, &len), DX_CACHE_HIT);
	OK(got && !strcmp(got, "four'"));
	free(got);
	/* more newer states than the cache remembers: stale for too long,
	 * however recent the clock says they are */
	clock_ms = 3000;
	fill(c, 10, "w", "w10");
	for (r = 11; r <= 300; r++)
		dx_cache_note(c, AT(r));
	INT_EQ(dx_cache_get(c, AT(300), "w", 1, &got, &len), DX_CACHE_MISS);
	dx_cache_release(c, AT(300), "w", 1);
	dx_cache_stats_get(c, &st);
	INT_EQ(st.stale, 6);
	INT_EQ(st.refreshes, 5);
	OK(st.stale_max_ms == 500);             /* r at 1600 */
	alarm(0);
	dx_cache_free(c);
}

int main(void)
{
	hits_and_lru();
	byte_bound();
	revisions();
	claims();
	released_claims();
	stale();
	return dx_test_finish();
}
