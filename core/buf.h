/*
 * buf.h -- a growable byte buffer, always NUL-terminated.
 *
 * A dx_buf starts as DX_BUF_INIT and owns its memory; release it with
 * dx_buf_free() or take it with dx_buf_detach() (then the caller frees the
 * pointer with free()).  Out-of-memory aborts the process (dx_xmalloc),
 * as cmark does: the callers stay simple and no path runs half-built.
 */
#ifndef DX_BUF_H
#define DX_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "errors.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	char  *ptr;   /* NUL-terminated; NULL until the first write */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated */
} dx_buf;
#define DX_BUF_INIT { NULL, 0, 0 }

void *dx_xmalloc(size_t n);
void *dx_xcalloc(size_t n, size_t size);
void *dx_xrealloc(void *p, size_t n);
char *dx_xstrndup(const char *s, size_t n);
char *dx_xstrdup(const char *s);

void  dx_buf_grow(dx_buf *b, size_t extra);
void  dx_buf_put(dx_buf *b, const void *data, size_t len);
void  dx_buf_puts(dx_buf *b, const char *s);
void  dx_buf_putc(dx_buf *b, char c);
void  dx_buf_printf(dx_buf *b, const char *fmt, ...) DX_PRINTF(2, 3);
void  dx_buf_clear(dx_buf *b);                 /* len = 0, keeps memory */
char *dx_buf_detach(dx_buf *b);                /* never NULL */
void  dx_buf_free(dx_buf *b);
/* The contents as a C string ("" for an empty, unallocated buffer). */
const char *dx_buf_cstr(const dx_buf *b);

#ifdef __cplusplus
}
#endif

#endif
