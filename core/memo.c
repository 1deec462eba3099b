/* memo.c -- the analyzer's sentence and passage memos; see memo.h. */
#include "memo.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

typedef struct {
	char    *data;    /* key, then value; NULL: empty */
	size_t   klen, vlen;
	uint64_t used;    /* when last put or found (tick) */
} slot;

/* One memo: its slots, their bytes and its own lock. */
typedef struct {
	slot           *slots;
	size_t          nslots, max_bytes, entry_max;
	size_t          bytes, hand;   /* in all; the next slot to free */
	uint64_t        tick;
	pthread_mutex_t lock;
} table;

static slot sentence_slots[DX_MEMO_SLOTS];
static slot passage_slots[DX_PASSAGE_MEMO_SLOTS];
static table tables[] = {
	[DX_MEMO_SENTENCES] = { sentence_slots, DX_MEMO_SLOTS, DX_MEMO_BYTES,
	                        DX_MEMO_ENTRY_MAX, 0, 0, 0,
	                        PTHREAD_MUTEX_INITIALIZER },
	[DX_MEMO_PASSAGES]  = { passage_slots, DX_PASSAGE_MEMO_SLOTS,
	                        DX_PASSAGE_MEMO_BYTES,
	                        DX_PASSAGE_MEMO_ENTRY_MAX, 0, 0, 0,
	                        PTHREAD_MUTEX_INITIALIZER },
};

/* A hash of key[0..klen), eight bytes at a step (a memo key is two
 * copies of a sentence: FNV-1a's byte at a time costs more here). */
static uint64_t key_hash(const char *key, size_t klen)
{
	uint64_t h = DX_FNV1A_INIT ^ klen, w;
	size_t i;

	for (i = 0; i + 8 <= klen; i += 8) {
		memcpy(&w, key + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 32;
	}
	return dx_fnv1a(h, key + i, klen - i);
}

/* The first of the DX_MEMO_WAYS slots where key may be. */
static slot *set_of(const table *t, const char *key, size_t klen)
{
	uint64_t h = key_hash(key, klen);

	return &t->slots[(h ^ (h >> 29)) % (t->nslots / DX_MEMO_WAYS) *
	                 DX_MEMO_WAYS];
}

/* The slot of set that holds key, or NULL; with the lock held. */
static slot *find(slot *set, const char *key, size_t klen)
{
	size_t w;

	for (w = 0; w < DX_MEMO_WAYS; w++)
		if (set[w].data && set[w].klen == klen &&
		    memcmp(set[w].data, key, klen) == 0)
			return &set[w];
	return NULL;
}

/* Empty s of t; with the lock held.  Returns what it held, to free. */
static char *vacate(table *t, slot *s)
{
	char *old = s->data;

	if (old)
		t->bytes -= s->klen + s->vlen;
	s->data = NULL;
	s->klen = s->vlen = 0;
	return old;
}

int dx_memo_get(dx_memo_id id, const char *key, size_t klen, dx_buf *out)
{
	table *t = &tables[id];
	slot *set = set_of(t, key, klen), *s;

	pthread_mutex_lock(&t->lock);
	if ((s = find(set, key, klen)) != NULL) {
		s->used = ++t->tick;
		dx_buf_put(out, s->data + klen, s->vlen);
	}
	pthread_mutex_unlock(&t->lock);
	return s != NULL;
}

void dx_memo_put(dx_memo_id id, const char *key, size_t klen,
                 const char *val, size_t vlen)
{
	table *t = &tables[id];
	slot *set = set_of(t, key, klen), *s;
	char *data, *old;
	size_t w;

	if (klen + vlen > t->entry_max)
		return;
	data = dx_xmalloc(klen + vlen + 1);
	memcpy(data, key, klen);
	memcpy(data + klen, val, vlen);
	pthread_mutex_lock(&t->lock);
	/* the key's own slot, else an empty one, else the least used */
	if ((s = find(set, key, klen)) == NULL)
		for (s = set, w = 1; w < DX_MEMO_WAYS && s->data; w++)
			if (!set[w].data || set[w].used < s->used)
				s = &set[w];
	old = vacate(t, s);
	while (t->bytes + klen + vlen > t->max_bytes) {   /* make room */
		free(vacate(t, &t->slots[t->hand]));
		t->hand = (t->hand + 1) % t->nslots;
	}
	s->data = data;
	s->klen = klen;
	s->vlen = vlen;
	s->used = ++t->tick;
	t->bytes += klen + vlen;
	pthread_mutex_unlock(&t->lock);
	free(old);
}
