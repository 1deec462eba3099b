/*
 * record.h -- the byte format of a passage's stored data (Xapian document
 * data): a version tag, then length-prefixed fields ("<len>:<bytes>").
 * Binary-safe and cheap to parse; the writer encodes, the searcher
 * decodes.  Decoded fields point into the caller's data (borrowed).
 */
#ifndef DX_RECORD_H
#define DX_RECORD_H

#include <stddef.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DX_RECORD_TAG "dx1;"

/* Append one field. */
void dx_record_put(dx_buf *b, const char *s, size_t len);
void dx_record_puts(dx_buf *b, const char *s);   /* NULL: empty field */

/* Read the field at *pos; returns 0 and advances *pos, or -1 when the
 * data is exhausted or malformed. */
int dx_record_get(const char *data, size_t len, size_t *pos,
                  const char **s, size_t *slen);

#ifdef __cplusplus
}
#endif

#endif
