/* lexicon.c -- substring look-ups in the index's terms; see lexicon.h. */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "schema.h"

typedef struct {
	char    *term;
	size_t   len;
	uint64_t freq;
} entry;

typedef struct {
	entry *e;
	size_t n, cap;
} entries;

struct dx_lexicon {
	entries body;       /* unprefixed terms */
	entries readings;   /* R synonym keys without the R, in byte order */
};

static void push(entries *l, const char *t, size_t len, uint64_t freq)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->e = dx_xrealloc(l->e, l->cap * sizeof(entry));
	}
	l->e[l->n].term = dx_xstrndup(t, len);
	l->e[l->n].len = len;
	l->e[l->n].freq = freq;
	l->n++;
}

static int add_term(void *payload, const char *t, size_t len, uint64_t freq)
{
	dx_lexicon *lx = payload;

	if (len > 0 && !(t[0] >= 'A' && t[0] <= 'Z'))
		push(&lx->body, t, len, freq);
	return 0;
}

static int add_reading(void *payload, const char *k, size_t len)
{
	dx_lexicon *lx = payload;

	if (len > 1)
		push(&lx->readings, k + 1, len - 1, 0);
	return 0;
}

int dx_lexicon_load(dx_lexicon **out, dx_xdb *db)
{
	dx_lexicon *lx = dx_xcalloc(1, sizeof(*lx));
	int error = dx_xdb_allterms(db, "", 0, add_term, lx);

	if (error == DX_OK)
		error = dx_xdb_synonym_keys(db, DX_PREFIX_READING,
		                            strlen(DX_PREFIX_READING),
		                            add_reading, lx);

	if (error < 0) {
		dx_lexicon_free(lx);
		*out = NULL;
		return error;
	}
	*out = lx;
	return DX_OK;
}

static void entries_free(entries *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->e[i].term);
	free(l->e);
}

void dx_lexicon_free(dx_lexicon *lx)
{
	if (!lx)
		return;
	entries_free(&lx->body);
	entries_free(&lx->readings);
	free(lx);
}

int dx_lexicon_has_reading(const dx_lexicon *lx, const char *r, size_t len)
{
	size_t lo = 0, hi = lx ? lx->readings.n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const entry *e = &lx->readings.e[mid];
		size_t n = e->len < len ? e->len : len;
		int c = memcmp(e->term, r, n);

		if (c == 0)
			c = e->len < len ? -1 : e->len > len;
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static const char *find(const char *hay, size_t hlen, const char *key,
                        size_t klen)
{
	size_t i;

	for (i = 0; i + klen <= hlen; i++)
		if (hay[i] == key[0] && memcmp(hay + i, key, klen) == 0)
			return hay + i;
	return NULL;
}

size_t dx_lexicon_containing(const dx_lexicon *lx, const char *key,
                             size_t klen, const char **out, size_t max)
{
	size_t i, n = 0, k;
	uint64_t *freq;

	if (!lx || klen == 0 || max == 0)
		return 0;
	freq = dx_xcalloc(max, sizeof(uint64_t));
	for (i = 0; i < lx->body.n; i++) {
		const entry *e = &lx->body.e[i];

		if (e->len <= klen || !find(e->term, e->len, key, klen))
			continue;
		/* Keep the `max` most frequent, by insertion. */
		if (n == max && e->freq <= freq[n - 1])
			continue;
		k = n < max ? n++ : n - 1;
		while (k > 0 && freq[k - 1] < e->freq) {
			out[k] = out[k - 1];
			freq[k] = freq[k - 1];
			k--;
		}
		out[k] = e->term;
		freq[k] = e->freq;
	}
	free(freq);
	return n;
}
