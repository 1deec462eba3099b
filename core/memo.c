/* memo.c -- the analyzer's sentence memo; see memo.h. */
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

static slot            slots[DX_MEMO_SLOTS];
static size_t          bytes, hand;   /* in all; the next slot to free */
static uint64_t        tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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
static slot *set_of(const char *key, size_t klen)
{
	uint64_t h = key_hash(key, klen);

	return &slots[(h ^ (h >> 29)) % (DX_MEMO_SLOTS / DX_MEMO_WAYS) *
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

/* Empty s; with the lock held.  Returns what it held, to free. */
static char *vacate(slot *s)
{
	char *old = s->data;

	if (old)
		bytes -= s->klen + s->vlen;
	s->data = NULL;
	s->klen = s->vlen = 0;
	return old;
}

int dx_memo_get(const char *key, size_t klen, dx_buf *out)
{
	slot *set = set_of(key, klen), *s;

	pthread_mutex_lock(&lock);
	if ((s = find(set, key, klen)) != NULL) {
		s->used = ++tick;
		dx_buf_put(out, s->data + klen, s->vlen);
	}
	pthread_mutex_unlock(&lock);
	return s != NULL;
}

void dx_memo_put(const char *key, size_t klen, const char *val, size_t vlen)
{
	slot *set = set_of(key, klen), *s;
	char *data, *old;
	size_t w;

	if (klen + vlen > DX_MEMO_ENTRY_MAX)
		return;
	data = dx_xmalloc(klen + vlen + 1);
	memcpy(data, key, klen);
	memcpy(data + klen, val, vlen);
	pthread_mutex_lock(&lock);
	/* the key's own slot, else an empty one, else the least used */
	if ((s = find(set, key, klen)) == NULL)
		for (s = set, w = 1; w < DX_MEMO_WAYS && s->data; w++)
			if (!set[w].data || set[w].used < s->used)
				s = &set[w];
	old = vacate(s);
	while (bytes + klen + vlen > DX_MEMO_BYTES) {   /* make room */
		free(vacate(&slots[hand]));
		hand = (hand + 1) % DX_MEMO_SLOTS;
	}
	s->data = data;
	s->klen = klen;
	s->vlen = vlen;
	s->used = ++tick;
	bytes += klen + vlen;
	pthread_mutex_unlock(&lock);
	free(old);
}
