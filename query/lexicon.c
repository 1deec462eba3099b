/* lexicon.c -- substring look-ups in the index's terms; see lexicon.h. */
#include "lexicon.h"

#include <pthread.h>
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
	struct shared *sh;  /* its entry in the shared set; NULL: private */
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

static int lexicon_build(dx_lexicon **out, dx_xdb *db)
{
	dx_lexicon *lx = dx_xcalloc(1, sizeof(*lx));
	int error = dx_xdb_unprefixed_terms(db, add_term, lx);

	if (error == DX_OK)
		error = dx_xdb_synonym_keys(db, DX_PREFIX_READING,
		                            strlen(DX_PREFIX_READING),
		                            add_reading, lx);

	if (error < 0) {
		lexicon_destroy(lx);
		*out = NULL;
		return error;
	}
	build_reversed(lx);
	build_chars(lx);
	*out = lx;
	return DX_OK;
}

/* ---- one lexicon per revision, shared ----------------------------------
 *
 * Every server worker holds its own index handle and, after each
 * commit, would build the same lexicon again (tens of milliseconds of
 * CPU each).  The handles that read one revision of one database (its
 * UUID and revision number) share one lexicon instead: the first to ask
 * builds it, the others wait for it; the last to let go frees it.  A
 * writer's handle (uncommitted terms, no revision) gets its own. */

typedef struct shared {
	struct shared *next;
	dx_buf         uuid;
	uint64_t       rev;
	dx_lexicon    *lx;       /* NULL while `building` */
	unsigned int   refs;
	int            building;
} shared;

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  shared_built = PTHREAD_COND_INITIALIZER;
static shared         *shared_set;

static shared *shared_find(const dx_buf *uuid, uint64_t rev)
{
	shared *s;

	for (s = shared_set; s; s = s->next)
		if (s->rev == rev && s->uuid.len == uuid->len &&
		    memcmp(s->uuid.ptr, uuid->ptr, uuid->len) == 0)
			return s;
	return NULL;
}

static void shared_unlink(shared *s)
{
	shared **p = &shared_set;

	while (*p && *p != s)
		p = &(*p)->next;
	if (*p)
		*p = s->next;
}

int dx_lexicon_load(dx_lexicon **out, dx_xdb *db)
{
	dx_buf uuid = DX_BUF_INIT;
	uint64_t rev = 0;
	shared *s;
	int error;

	*out = NULL;
	if (dx_xdb_revision(db, &rev, &uuid) < 0) {
		dx_error_clear();
		dx_buf_free(&uuid);
		return lexicon_build(out, db);     /* a writer: its own */
	}
	pthread_mutex_lock(&shared_lock);
	while ((s = shared_find(&uuid, rev)) && s->building)
		pthread_cond_wait(&shared_built, &shared_lock);
	if (s) {
		s->refs++;
		*out = s->lx;
		pthread_mutex_unlock(&shared_lock);
		dx_buf_free(&uuid);
		return DX_OK;
	}
	s = dx_xcalloc(1, sizeof(*s));
	s->uuid = uuid;
	s->rev = rev;
	s->refs = 1;
	s->building = 1;
	s->next = shared_set;
	shared_set = s;
	pthread_mutex_unlock(&shared_lock);

	error = lexicon_build(out, db);     /* outside the lock */

	pthread_mutex_lock(&shared_lock);
	if (error < 0) {
		shared_unlink(s);
		dx_buf_free(&s->uuid);
		free(s);
	} else {
		s->lx = *out;
		s->lx->sh = s;
		s->building = 0;
	}
	pthread_cond_broadcast(&shared_built);
	pthread_mutex_unlock(&shared_lock);
	return error;
}

void dx_lexicon_free(dx_lexicon *lx)
{
	shared *s;

	if (!lx)
		return;
	if ((s = lx->sh)) {
		pthread_mutex_lock(&shared_lock);
		if (--s->refs > 0) {
			pthread_mutex_unlock(&shared_lock);
			return;
		}
		shared_unlink(s);
		pthread_mutex_unlock(&shared_lock);
		dx_buf_free(&s->uuid);
		free(s);
	}
	lexicon_destroy(lx);
}

static void lexicon_destroy(dx_lexicon *lx)
{
	entries_free(&lx->body);
	entries_free(&lx->rbody);
	entries_free(&lx->readings);
	free(lx->chars);
	free(lx->terms);
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
