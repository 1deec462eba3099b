/* lexicon.c -- substring look-ups in the index's terms; see lexicon.h. */
#include "lexicon.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "schema.h"
#include "utf8.h"

/* A term of a list: bytes [off, off+len) of the list's blob, where each
 * term is followed by a NUL (so it is also a C string). */
typedef struct {
	size_t   off, len;
	uint64_t freq;
	size_t   orig;     /* rbody: the index of the term in body */
} entry;

typedef struct {
	entry *e;
	size_t n, cap;
	dx_buf blob;
} entries;

/* A character and the body terms that hold it (a run of `terms`). */
typedef struct {
	int32_t cp;         /* -1: a free slot */
	size_t  first, n;
} char_slot;

struct dx_lexicon {
	entries body;       /* unprefixed terms, in byte order */
	entries rbody;      /* the same terms byte-reversed, in byte order
	                       (suffix look-ups are prefix look-ups here) */
	entries readings;   /* R keys without the R, in byte order */
	char_slot *chars;   /* open addressing on cp; nchars a power of 2 */
	size_t     nchars, used;
	size_t    *terms;   /* body indices, in byte order per character */
	/* Shared ones (the shared set below, under its lock): */
	int        shared;  /* 0: a writer's own */
	dx_buf     uuid;    /* its database */
	uint64_t   rev;     /* the first revision it was built for */
	unsigned int refs;  /* references handed out */
	unsigned int uses;  /* revisions (entries) it is the lexicon of */
	atomic_int *stop;   /* while building: nonzero gives up; may be NULL */
};

static const char *term_of(const entries *l, size_t i)
{
	return l->blob.ptr + l->e[i].off;
}

static void push(entries *l, const char *t, size_t len, uint64_t freq)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->e = dx_xrealloc(l->e, l->cap * sizeof(entry));
	}
	l->e[l->n].off = l->blob.len;
	l->e[l->n].len = len;
	l->e[l->n].freq = freq;
	l->e[l->n].orig = l->n;
	l->n++;
	dx_buf_put(&l->blob, t, len);
	dx_buf_putc(&l->blob, '\0');
}

static void entries_free(entries *l)
{
	free(l->e);
	dx_buf_free(&l->blob);
	memset(l, 0, sizeof(*l));
}

/* Byte order, a prefix first (std::string's order, Xapian's). */
static int cmp_key(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int add_term(void *payload, const char *t, size_t len, uint64_t freq)
{
	dx_lexicon *lx = payload;

	if (lx->stop && atomic_load(lx->stop))
		return 1;    /* the process exits: the walk ends here */
	/* Terms never hold a NUL (the blob's separator); be sure. */
	if (len > 0 && !(t[0] >= 'A' && t[0] <= 'Z') && !memchr(t, '\0', len))
		push(&lx->body, t, len, freq);
	return 0;
}

static int add_reading(void *payload, const char *k, size_t len)
{
	dx_lexicon *lx = payload;

	if (len > 1 && !memchr(k, '\0', len))
		push(&lx->readings, k + 1, len - 1, 0);
	return 0;
}

typedef struct {
	const char *s;
	size_t      len, i;
} sort_item;

static int cmp_item(const void *x, const void *y)
{
	const sort_item *a = x, *b = y;

	return cmp_key(a->s, a->len, b->s, b->len);
}

/* rbody: each body term byte-reversed, sorted. */
static void build_reversed(dx_lexicon *lx)
{
	const entries *b = &lx->body;
	entries *r = &lx->rbody;
	sort_item *it;
	entry *sorted;
	dx_buf t = DX_BUF_INIT;
	size_t i, k;

	for (i = 0; i < b->n; i++) {
		const char *s = term_of(b, i);
		size_t len = b->e[i].len;

		dx_buf_clear(&t);
		for (k = len; k > 0; k--)
			dx_buf_putc(&t, s[k - 1]);
		push(r, t.ptr, len, b->e[i].freq);
		r->e[r->n - 1].orig = i;
	}
	dx_buf_free(&t);
	if (r->n < 2)
		return;
	/* The blob is complete: sort by the reversed strings. */
	it = dx_xmalloc(r->n * sizeof(sort_item));
	for (i = 0; i < r->n; i++) {
		it[i].s = term_of(r, i);
		it[i].len = r->e[i].len;
		it[i].i = i;
	}
	qsort(it, r->n, sizeof(sort_item), cmp_item);
	sorted = dx_xmalloc(r->cap * sizeof(entry));
	for (i = 0; i < r->n; i++)
		sorted[i] = r->e[it[i].i];
	free(r->e);
	r->e = sorted;
	free(it);
}

/* ---- infix look-ups: the terms of each character ------------------- */

static char_slot *slot_of(const dx_lexicon *lx, int32_t cp)
{
	size_t i = ((uint32_t)cp * 2654435761u) & (lx->nchars - 1);

	while (lx->chars[i].cp != -1 && lx->chars[i].cp != cp)
		i = (i + 1) & (lx->nchars - 1);
	return &lx->chars[i];
}

static void chars_grow(dx_lexicon *lx)
{
	char_slot *old = lx->chars;
	size_t n = lx->nchars, i;

	lx->nchars = n ? n * 2 : 4096;
	lx->chars = dx_xmalloc(lx->nchars * sizeof(char_slot));
	for (i = 0; i < lx->nchars; i++)
		lx->chars[i].cp = -1;
	for (i = 0; i < n; i++)
		if (old[i].cp != -1)
			*slot_of(lx, old[i].cp) = old[i];
	free(old);
}

/* Call f on each distinct character of body term i (a character's
 * bytes found earlier in the term are that character: UTF-8 lead bytes
 * never occur inside a character). */
static void each_char(dx_lexicon *lx, size_t i,
                      void (*f)(dx_lexicon *lx, int32_t cp, size_t i))
{
	const char *t = term_of(&lx->body, i);
	size_t len = lx->body.e[i].len, at = 0, start;

	while (at < len) {
		int32_t cp;

		start = at;
		cp = dx_utf8_next(t, len, &at);
		if (cp >= 0 &&
		    !dx_utf8_holds(t, start, t + start, at - start))
			f(lx, cp, i);
	}
}

static void count_char(dx_lexicon *lx, int32_t cp, size_t i)
{
	char_slot *s;

	(void)i;
	if (2 * (lx->used + 1) > lx->nchars)
		chars_grow(lx);
	s = slot_of(lx, cp);
	if (s->cp == -1) {
		s->cp = cp;
		s->first = s->n = 0;
		lx->used++;
	}
	s->n++;
}

static void place_char(dx_lexicon *lx, int32_t cp, size_t i)
{
	char_slot *s = slot_of(lx, cp);

	lx->terms[s->first + s->n++] = i;
}

/* chars and terms: two passes over the body terms. */
static void build_chars(dx_lexicon *lx)
{
	size_t i, total = 0;

	chars_grow(lx);
	for (i = 0; i < lx->body.n; i++)
		each_char(lx, i, count_char);
	for (i = 0; i < lx->nchars; i++)
		if (lx->chars[i].cp != -1) {
			lx->chars[i].first = total;
			total += lx->chars[i].n;
			lx->chars[i].n = 0;
		}
	lx->terms = dx_xmalloc((total ? total : 1) * sizeof(size_t));
	for (i = 0; i < lx->body.n; i++)
		each_char(lx, i, place_char);
}

static void lexicon_destroy(dx_lexicon *lx);

/* Read db's terms and readings into *out (the look-up indexes are
 * lexicon_index()'s); `stop` (may be NULL) set gives up (DX_ERROR). */
static int lexicon_walk(dx_lexicon **out, dx_xdb *db, atomic_int *stop)
{
	dx_lexicon *lx = dx_xcalloc(1, sizeof(*lx));
	int error;

	lx->stop = stop;
	error = dx_xdb_unprefixed_terms(db, add_term, lx);
	if (error == DX_OK)
		error = dx_xdb_synonym_keys(db, DX_PREFIX_READING,
		                            strlen(DX_PREFIX_READING),
		                            add_reading, lx);
	if (error == DX_OK && stop && atomic_load(stop))
		error = DX_ERROR;
	lx->stop = NULL;
	if (error < 0) {
		lexicon_destroy(lx);
		lx = NULL;
	}
	*out = lx;
	return error;
}

static void lexicon_index(dx_lexicon *lx)
{
	build_reversed(lx);
	build_chars(lx);
}

static int lexicon_build(dx_lexicon **out, dx_xdb *db)
{
	int error = lexicon_walk(out, db, NULL);

	if (error == DX_OK)
		lexicon_index(*out);
	return error;
}

static int same_entries(const entries *a, const entries *b)
{
	size_t i;

	if (a->n != b->n || a->blob.len != b->blob.len ||
	    (a->blob.len && memcmp(a->blob.ptr, b->blob.ptr, a->blob.len)))
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->e[i].freq != b->e[i].freq)
			return 0;
	return 1;
}

/* Whether walked lexicon a has the terms, frequencies and readings of
 * b (the NUL after each term makes equal blobs equal lists). */
static int same_terms(const dx_lexicon *a, const dx_lexicon *b)
{
	return same_entries(&a->body, &b->body) &&
	       same_entries(&a->readings, &b->readings);
}

/* ---- one lexicon per revision, shared ----------------------------------
 *
 * Every server worker holds its own index handle and, after each
 * commit, would build the same lexicon again (tens of milliseconds of
 * CPU each).  The handles that read one revision of one database (its
 * UUID and revision number) share one lexicon instead, and a revision
 * whose terms, frequencies and readings are those of the newest older
 * one shares that one's (only the walk over the terms is done again).
 * A writer's handle (uncommitted terms, no revision) gets its own.
 *
 * dx_lexicon_load() builds a revision's lexicon in the caller's thread
 * (or waits for the thread building it).  dx_lexicon_latest() does so
 * only when the database has no lexicon yet; after a commit it hands
 * out the newest one built for an older revision and queues the
 * database's path for the background builder: one thread, started when
 * there is work and ending when there is none, that opens its own
 * handle (handles are not shared between threads) and builds the newest
 * revision it finds.
 *
 * An entry (a revision) goes once no one holds its lexicon, unless that
 * is the newest lexicon of a database some reader still holds a lexicon
 * of (so that one is at hand while the next is built); a lexicon goes
 * with its last entry. */

typedef struct shared {
	struct shared *next;
	dx_buf         uuid;
	uint64_t       rev;
	dx_lexicon    *lx;       /* NULL while `building` */
	int            building;
} shared;

/* A database path waiting for the background builder. */
typedef struct queued {
	struct queued *next;
	char           path[];
} queued;

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  shared_built = PTHREAD_COND_INITIALIZER;
                                /* a build ended; the builder's state moved */
static shared         *shared_set;
static queued         *build_queue;
static int             builder_running, builds_held;
static atomic_int      builds_stopping;    /* the process exits */
static pthread_once_t  exit_hook_once = PTHREAD_ONCE_INIT;

static int same_db(const shared *s, const dx_buf *uuid)
{
	return s->uuid.len == uuid->len &&
	       memcmp(s->uuid.ptr, uuid->ptr, uuid->len) == 0;
}

static shared *shared_find(const dx_buf *uuid, uint64_t rev)
{
	shared *s;

	for (s = shared_set; s; s = s->next)
		if (s->rev == rev && same_db(s, uuid))
			return s;
	return NULL;
}

/* The newest built entry of the database below revision `below` (any
 * revision: UINT64_MAX), or NULL. */
static shared *shared_newest(const dx_buf *uuid, uint64_t below)
{
	shared *s, *best = NULL;

	for (s = shared_set; s; s = s->next)
		if (!s->building && s->rev < below && same_db(s, uuid) &&
		    (!best || s->rev > best->rev))
			best = s;
	return best;
}

static int held(const dx_buf *uuid)
{
	shared *s;

	for (s = shared_set; s; s = s->next)
		if (!s->building && s->lx->refs > 0 && same_db(s, uuid))
			return 1;
	return 0;
}

/* Unlink s onto *dead, to be freed outside the lock (with its lexicon
 * if it was the lexicon's last entry). */
static void shared_unlink(shared *s, shared **dead)
{
	shared **p = &shared_set;

	while (*p != s)
		p = &(*p)->next;
	*p = s->next;
	if (s->lx && --s->lx->uses > 0)
		s->lx = NULL;
	s->next = *dead;
	*dead = s;
}

/* Unlink the database's entries that no one needs any more (see above). */
static void shared_sweep(const dx_buf *uuid, shared **dead)
{
	shared *s = shared_set, *next;
	const shared *newest = shared_newest(uuid, UINT64_MAX);
	int in_use = held(uuid);

	for (; s; s = next) {
		next = s->next;
		if (!s->building && s->lx->refs == 0 && same_db(s, uuid) &&
		    (s->lx != newest->lx || !in_use))
			shared_unlink(s, dead);
	}
}

static void shared_destroy(shared *dead)
{
	while (dead) {
		shared *s = dead;

		dead = s->next;
		lexicon_destroy(s->lx);
		dx_buf_free(&s->uuid);
		free(s);
	}
}

static shared *shared_add(const dx_buf *uuid, uint64_t rev)
{
	shared *s = dx_xcalloc(1, sizeof(*s));

	dx_buf_put(&s->uuid, uuid->ptr, uuid->len);
	s->rev = rev;
	s->building = 1;
	s->next = shared_set;
	shared_set = s;
	return s;
}

/* Build the lexicon of entry s from db (its revision): the lock is held
 * on entry and on return, not meanwhile.  The newest older lexicon
 * again if the terms are the same.  *out (with take, a reference for
 * the caller): the lexicon, NULL if the build failed (s is gone then).
 * Entries made unneeded go onto *dead. */
static int shared_build(shared *s, dx_xdb *db, atomic_int *stop, int take,
                        dx_lexicon **out, shared **dead)
{
	shared *prev = shared_newest(&s->uuid, s->rev);
	dx_lexicon *old = prev ? prev->lx : NULL, *lx = NULL;
	int error;

	if (old)
		old->refs++;          /* kept for the comparison */
	pthread_mutex_unlock(&shared_lock);
	error = lexicon_walk(&lx, db, stop);
	if (error == DX_OK && old && same_terms(lx, old)) {
		lexicon_destroy(lx);
		lx = old;
	} else if (error == DX_OK) {
		lexicon_index(lx);
	}
	pthread_mutex_lock(&shared_lock);
	if (old)
		old->refs--;
	s->building = 0;
	if (lx) {
		if (!lx->shared) {
			lx->shared = 1;
			dx_buf_put(&lx->uuid, s->uuid.ptr, s->uuid.len);
			lx->rev = s->rev;
		}
		lx->uses++;
		lx->refs += take != 0;
		s->lx = lx;
	} else {
		shared_unlink(s, dead);
	}
	shared_sweep(&s->uuid, dead);
	pthread_cond_broadcast(&shared_built);
	*out = lx;
	return error;
}

/* ---- the background builder -------------------------------------------- */

/* At exit: stop the builder (a build in progress gives up) and wait for
 * it, before the libraries it uses are torn down. */
static void builds_stop(void)
{
	pthread_mutex_lock(&shared_lock);
	atomic_store(&builds_stopping, 1);
	pthread_cond_broadcast(&shared_built);
	while (builder_running)
		pthread_cond_wait(&shared_built, &shared_lock);
	pthread_mutex_unlock(&shared_lock);
}

static void exit_hook(void)
{
	atexit(builds_stop);
}

/* Build the newest revision of the database at path, unless it has its
 * lexicon (or a newer one) already, or no reader holds any of its. */
static void build_newest(const char *path)
{
	dx_xdb *db = NULL;
	dx_buf uuid = DX_BUF_INIT;
	uint64_t rev = 0;
	dx_lexicon *lx;
	shared *s, *dead = NULL, *newest;

	if (dx_xdb_open(&db, path, DX_XDB_READ) < 0 ||
	    dx_xdb_revision(db, &rev, &uuid) < 0) {
		dx_error_clear();    /* the readers keep what they have */
		goto done;
	}
	pthread_mutex_lock(&shared_lock);
	newest = shared_newest(&uuid, UINT64_MAX);
	if (!shared_find(&uuid, rev) && held(&uuid) &&
	    (!newest || newest->rev < rev)) {
		s = shared_add(&uuid, rev);
		if (shared_build(s, db, &builds_stopping, 0, &lx, &dead) < 0)
			dx_error_clear();
	}
	pthread_mutex_unlock(&shared_lock);
	shared_destroy(dead);
done:
	dx_buf_free(&uuid);
	dx_xdb_close(db);
}

static void *builder(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&shared_lock);
	while (build_queue && !atomic_load(&builds_stopping)) {
		queued *q = build_queue;

		if (builds_held) {
			pthread_cond_wait(&shared_built, &shared_lock);
			continue;
		}
		build_queue = q->next;
		pthread_mutex_unlock(&shared_lock);
		build_newest(q->path);
		free(q);
		pthread_mutex_lock(&shared_lock);
	}
	while (build_queue) {         /* stopping */
		queued *q = build_queue;

		build_queue = q->next;
		free(q);
	}
	builder_running = 0;
	pthread_cond_broadcast(&shared_built);
	pthread_mutex_unlock(&shared_lock);
	return NULL;
}

/* Queue path for the builder, starting it if needed; with the lock
 * held.  -1: no builder (the process exits, or no thread to be had). */
static int build_later(const char *path)
{
	queued *q, **end = &build_queue;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	if (atomic_load(&builds_stopping))
		return -1;
	for (; *end; end = &(*end)->next)
		if (!strcmp((*end)->path, path))
			break;
	if (!*end) {
		q = dx_xmalloc(sizeof(*q) + strlen(path) + 1);
		q->next = NULL;
		strcpy(q->path, path);
		*end = q;
	}
	if (builder_running)
		return 0;
	pthread_once(&exit_hook_once, exit_hook);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, builder, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0)
		return -1;
	builder_running = 1;
	return 0;
}

void dx_lexicon_builds_hold(int on)
{
	pthread_mutex_lock(&shared_lock);
	builds_held = on;
	pthread_cond_broadcast(&shared_built);
	pthread_mutex_unlock(&shared_lock);
}

void dx_lexicon_builds_wait(void)
{
	pthread_mutex_lock(&shared_lock);
	while (builder_running)
		pthread_cond_wait(&shared_built, &shared_lock);
	pthread_mutex_unlock(&shared_lock);
}

/* ---- handing lexicons out ---------------------------------------------- */

/* dx_lexicon_load() (path NULL) and dx_lexicon_latest(). */
static int lexicon_get(dx_lexicon **out, dx_xdb *db, const char *path)
{
	dx_buf uuid = DX_BUF_INIT;
	uint64_t rev = 0;
	shared *s, *older, *dead = NULL;
	int error = DX_OK;

	*out = NULL;
	if (dx_xdb_revision(db, &rev, &uuid) < 0) {
		dx_error_clear();
		dx_buf_free(&uuid);
		return lexicon_build(out, db);   /* a writer: its own */
	}
	pthread_mutex_lock(&shared_lock);
	for (;;) {
		s = shared_find(&uuid, rev);
		if (s && !s->building) {
			s->lx->refs++;
			*out = s->lx;
			goto unlock;
		}
		/* Someone builds it, or the builder will: an older one. */
		if (path && (older = shared_newest(&uuid, rev)) &&
		    (s || build_later(path) == 0)) {
			older->lx->refs++;
			*out = older->lx;
			error = 1;
			goto unlock;
		}
		if (!s)
			break;
		pthread_cond_wait(&shared_built, &shared_lock);
	}
	s = shared_add(&uuid, rev);
	error = shared_build(s, db, NULL, 1, out, &dead);
unlock:
	pthread_mutex_unlock(&shared_lock);
	shared_destroy(dead);
	dx_buf_free(&uuid);
	return error;
}

int dx_lexicon_load(dx_lexicon **out, dx_xdb *db)
{
	return lexicon_get(out, db, NULL);
}

int dx_lexicon_latest(dx_lexicon **out, dx_xdb *db, const char *path)
{
	return lexicon_get(out, db, path);
}

uint64_t dx_lexicon_revision(const dx_lexicon *lx)
{
	return lx && lx->shared ? lx->rev : 0;
}

void dx_lexicon_free(dx_lexicon *lx)
{
	shared *dead = NULL;

	if (!lx)
		return;
	if (!lx->shared) {
		lexicon_destroy(lx);
		return;
	}
	pthread_mutex_lock(&shared_lock);
	lx->refs--;
	shared_sweep(&lx->uuid, &dead);   /* lx may go: not used after */
	pthread_mutex_unlock(&shared_lock);
	shared_destroy(dead);
}

static void lexicon_destroy(dx_lexicon *lx)
{
	if (!lx)
		return;
	entries_free(&lx->body);
	entries_free(&lx->rbody);
	entries_free(&lx->readings);
	free(lx->chars);
	free(lx->terms);
	dx_buf_free(&lx->uuid);
	free(lx);
}

/* The first entry of l not below key[0..klen). */
static size_t lower_bound(const entries *l, const char *key, size_t klen)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_key(term_of(l, mid), l->e[mid].len, key, klen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int has(const entries *l, const char *t, size_t len)
{
	size_t i = lower_bound(l, t, len);

	return i < l->n && cmp_key(term_of(l, i), l->e[i].len, t, len) == 0;
}

int dx_lexicon_has_reading(const dx_lexicon *lx, const char *r, size_t len)
{
	return lx && has(&lx->readings, r, len);
}

int dx_lexicon_has(const dx_lexicon *lx, const char *t, size_t len)
{
	return lx && has(&lx->body, t, len);
}

/* The entries [*lo, *hi) of l that start with key[0..klen). */
static void prefix_range(const entries *l, const char *key, size_t klen,
                         size_t *lo, size_t *hi)
{
	size_t a = lower_bound(l, key, klen), b = l->n;

	*lo = a;
	/* From a on, the entries starting with key come first. */
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		const entry *e = &l->e[mid];

		if (e->len >= klen && memcmp(term_of(l, mid), key, klen) == 0)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

/* The `max` most frequent of the matches so far, most frequent first;
 * of equal frequencies the first found stays first. */
typedef struct {
	const char **out;
	uint64_t    *freq;
	size_t       n, max, count;
	int        (*keep)(const char *t, size_t len);
} top;

static void top_add(top *tp, const char *t, size_t len, uint64_t freq)
{
	size_t k;

	if (tp->keep && !tp->keep(t, len))
		return;
	tp->count++;
	if (tp->max == 0 || (tp->n == tp->max && freq <= tp->freq[tp->n - 1]))
		return;
	k = tp->n < tp->max ? tp->n++ : tp->n - 1;
	while (k > 0 && tp->freq[k - 1] < freq) {
		tp->out[k] = tp->out[k - 1];
		tp->freq[k] = tp->freq[k - 1];
		k--;
	}
	tp->out[k] = t;
	tp->freq[k] = freq;
}

/* Infix: the terms of the key's rarest character that hold the key. */
static void match_infix(const dx_lexicon *lx, const char *key, size_t klen,
                        top *tp)
{
	const char_slot *best = NULL;
	size_t at = 0, i;

	while (at < klen) {
		const char_slot *s = slot_of(lx, dx_utf8_next(key, klen, &at));

		if (s->cp == -1)
			return;   /* a character no term has */
		if (!best || s->n < best->n)
			best = s;
	}
	for (i = 0; best && i < best->n; i++) {
		size_t k = lx->terms[best->first + i];
		const entry *e = &lx->body.e[k];

		if (dx_utf8_holds(term_of(&lx->body, k), e->len, key, klen))
			top_add(tp, term_of(&lx->body, k), e->len, e->freq);
	}
}

size_t dx_lexicon_match(const dx_lexicon *lx, dx_lex_mode mode,
                        const char *key, size_t klen,
                        int (*keep)(const char *t, size_t len),
                        const char **out, size_t max)
{
	top tp;
	size_t lo, hi, i;

	if (!lx || (klen > 0 && memchr(key, '\0', klen)))
		return 0;
	memset(&tp, 0, sizeof(tp));
	tp.out = out;
	tp.max = out ? max : 0;
	tp.keep = keep;
	if (tp.max)
		tp.freq = dx_xcalloc(tp.max, sizeof(uint64_t));
	if (mode == DX_LEX_PREFIX || klen == 0) {
		prefix_range(&lx->body, key, klen, &lo, &hi);
		if (!keep && tp.max == 0)
			return hi - lo;
		for (i = lo; i < hi; i++)
			top_add(&tp, term_of(&lx->body, i), lx->body.e[i].len,
			        lx->body.e[i].freq);
	} else if (mode == DX_LEX_SUFFIX) {
		char *rkey = dx_xmalloc(klen);

		for (i = 0; i < klen; i++)
			rkey[i] = key[klen - 1 - i];
		prefix_range(&lx->rbody, rkey, klen, &lo, &hi);
		free(rkey);
		if (!keep && tp.max == 0)
			return hi - lo;
		for (i = lo; i < hi; i++) {
			size_t o = lx->rbody.e[i].orig;

			top_add(&tp, term_of(&lx->body, o), lx->body.e[o].len,
			        lx->body.e[o].freq);
		}
	} else {
		match_infix(lx, key, klen, &tp);
	}
	free(tp.freq);
	return tp.count;
}
