/*
 * manifest.h -- the file manifest kept in the index's metadata, which
 * makes re-indexing incremental: for each article, the size,
 * modification time and content hash of the file it came from, and its
 * detected encoding and stored path (see schema.h for the format).
 *
 * The key is DX_META_MANIFEST + the article key (schema.h: the path, or
 * a hash of a path longer than DX_KEY_MAX), so entries under a folder
 * can be listed by key prefix; hashed keys sort under "m:#" and are
 * matched by the path kept in the value.
 *
 * Ownership: plain values; strings go to caller-owned dx_bufs.  The
 * functions taking a dx_xdb follow its thread rule (the writer thread).
 */
#ifndef DX_MANIFEST_H
#define DX_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "xdb.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	uint64_t size;      /* bytes; 0: not from a file (never matches) */
	int64_t  mtime_ns;  /* modification time, ns since the epoch */
	uint64_t hash;      /* dx_content_hash() of the bytes */
	char     encoding[24];   /* the detected encoding (decode.h names,
	                          * e.g. "shift_jis"); "" unknown */
} dx_manifest;

/* The 64-bit content hash (XXH3-64, seed 0) of data[0..len). */
uint64_t dx_content_hash(const void *data, size_t len);

/* Append the metadata key of `path` to b. */
void dx_manifest_key(dx_buf *b, const char *path);

/* Append the stored value of m for `path` to b. */
void dx_manifest_format(dx_buf *b, const dx_manifest *m, const char *path);

/* Parse a stored value: 0 and *m (and *path, *plen: borrowed from val,
 * when not NULL) set, or -1 if it is malformed. */
int dx_manifest_parse(const char *val, size_t len, dx_manifest *m,
                      const char **path, size_t *plen);

/* Read the entry of `path`: 1 found (*m set), 0 none or malformed, or a
 * negative dx_code. */
int dx_manifest_get(dx_xdb *db, const char *path, dx_manifest *m);

/* Writer: store (m non-NULL) or delete (m NULL) the entry of `path`. */
int dx_manifest_put(dx_xdb *db, const char *path, const dx_manifest *m);

/* Call cb with the stored path of each entry whose path starts with
 * `prefix` ("" for all), in key order; cb's nonzero return stops the
 * walk (< 0 is passed through).  cb may change entries. */
int dx_manifest_each(dx_xdb *db, const char *prefix,
                     int (*cb)(void *payload, const char *path),
                     void *payload);

#ifdef __cplusplus
}
#endif

#endif
