/*
 * hash.h -- 64-bit FNV-1a over bytes, the one non-cryptographic hash of
 * the core (article keys, dictionary fingerprints, the sentence memo).
 *
 * Pure function, no state.
 */
#ifndef DX_HASH_H
#define DX_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* FNV-1a's offset basis: the usual first h. */
#define DX_FNV1A_INIT 0xcbf29ce484222325ULL

/* h extended by data[0..n): chain calls to hash several pieces. */
uint64_t dx_fnv1a(uint64_t h, const void *data, size_t n);

#ifdef __cplusplus
}
#endif

#endif
