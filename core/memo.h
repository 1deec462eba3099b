/*
 * memo.h -- the analyzer's sentence memo: what MeCab made of a sentence,
 * kept so that the same sentence is not analyzed again (the highlighter
 * analyzes the same passages' sentences for query after query, and
 * again after every commit).
 *
 * A process-wide map from byte strings to byte strings: DX_MEMO_SLOTS
 * slots in sets of DX_MEMO_WAYS, each key in the set its hash picks (a
 * newer key takes an empty slot of the set, else the one least recently
 * put or found: two keys of one set do not evict each other in turn),
 * at most DX_MEMO_BYTES of keys and values in all (a clock hand frees
 * slots in turn to make room) and DX_MEMO_ENTRY_MAX in one.
 *
 * A second, smaller map of the same kind (DX_PASSAGE_MEMO_*) keeps the
 * normalized passages the highlighter analyzes (analyze.c), so that a
 * passage is not normalized again for every query that shows it.
 *
 * Threads: one mutex per map, held to copy a value in or out.
 * Ownership: keys and values are copied in; dx_memo_get() appends a
 * copy to the caller's buffer.
 */
#ifndef DX_MEMO_H
#define DX_MEMO_H

#include <stddef.h>

#include "buf.h"

#define DX_MEMO_SLOTS     32768
#define DX_MEMO_WAYS      4
#define DX_MEMO_BYTES     ((size_t)32 << 20)
#define DX_MEMO_ENTRY_MAX ((size_t)64 << 10)

#define DX_PASSAGE_MEMO_SLOTS     2048
#define DX_PASSAGE_MEMO_BYTES     ((size_t)16 << 20)
#define DX_PASSAGE_MEMO_ENTRY_MAX ((size_t)256 << 10)

typedef enum {
	DX_MEMO_SENTENCES,   /* a sentence's tokens */
	DX_MEMO_PASSAGES     /* a passage's normalized text (dx_norm) */
} dx_memo_id;

/* 1 and the value of key[0..klen) in memo `id` appended to out, or 0. */
int  dx_memo_get(dx_memo_id id, const char *key, size_t klen, dx_buf *out);

/* Keep val[0..vlen) for key[0..klen) in memo `id` (not when they are
 * too long). */
void dx_memo_put(dx_memo_id id, const char *key, size_t klen,
                 const char *val, size_t vlen);

#endif
