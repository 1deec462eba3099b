/* memo.c -- the analyzer's sentence memo; see memo.h. */
#include "memo.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

typedef struct {
	char  *data;    /* key, then value; NULL: empty */
	size_t klen, vlen;
} slot;

static slot            slots[DX_MEMO_SLOTS];
static size_t          bytes, hand;   /* in all; the next slot to free */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static slot *slot_of(const char *key, size_t klen)
{
	uint64_t h = dx_fnv1a(DX_FNV1A_INIT, key, klen);

	return &slots[(h ^ (h >> 29)) % DX_MEMO_SLOTS];
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
	slot *s = slot_of(key, klen);
	int found;

	pthread_mutex_lock(&lock);
	found = s->data && s->klen == klen && memcmp(s->data, key, klen) == 0;
	if (found)
		dx_buf_put(out, s->data + klen, s->vlen);
	pthread_mutex_unlock(&lock);
	return found;
}

void dx_memo_put(const char *key, size_t klen, const char *val, size_t vlen)
{
	slot *s = slot_of(key, klen);
	char *data, *old;

	if (klen + vlen > DX_MEMO_ENTRY_MAX)
		return;
	data = dx_xmalloc(klen + vlen + 1);
	memcpy(data, key, klen);
	memcpy(data + klen, val, vlen);
	pthread_mutex_lock(&lock);
	old = vacate(s);
	while (bytes + klen + vlen > DX_MEMO_BYTES) {   /* make room */
		free(vacate(&slots[hand]));
		hand = (hand + 1) % DX_MEMO_SLOTS;
	}
	s->data = data;
	s->klen = klen;
	s->vlen = vlen;
	bytes += klen + vlen;
	pthread_mutex_unlock(&lock);
	free(old);
}
