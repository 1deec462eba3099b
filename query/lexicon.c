/* lexicon.c -- substring look-ups in the index's terms; see lexicon.h. */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef struct {
	char    *term;
	size_t   len;
	uint64_t freq;
} entry;

struct dx_lexicon {
	entry *e;
	size_t n, cap;
};

static int add_term(void *payload, const char *t, size_t len, uint64_t freq)
{
	dx_lexicon *lx = payload;

	if (len == 0 || (t[0] >= 'A' && t[0] <= 'Z'))
		return 0;
	if (lx->n == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 1024;
		lx->e = dx_xrealloc(lx->e, lx->cap * sizeof(entry));
	}
	lx->e[lx->n].term = dx_xstrndup(t, len);
	lx->e[lx->n].len = len;
	lx->e[lx->n].freq = freq;
	lx->n++;
	return 0;
}

int dx_lexicon_load(dx_lexicon **out, dx_xdb *db)
{
	dx_lexicon *lx = dx_xcalloc(1, sizeof(*lx));
	int error = dx_xdb_allterms(db, "", 0, add_term, lx);

	if (error < 0) {
		dx_lexicon_free(lx);
		*out = NULL;
		return error;
	}
	*out = lx;
	return DX_OK;
}

void dx_lexicon_free(dx_lexicon *lx)
{
	size_t i;

	if (!lx)
		return;
	for (i = 0; i < lx->n; i++)
		free(lx->e[i].term);
	free(lx->e);
	free(lx);
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
	for (i = 0; i < lx->n; i++) {
		const entry *e = &lx->e[i];

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
