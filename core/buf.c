/* buf.c -- growable byte buffer; see buf.h. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("dxsearch: out of memory\n", stderr);
	abort();
}

void *dx_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *dx_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *dx_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *dx_xstrndup(const char *s, size_t n)
{
	char *p = dx_xmalloc(n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *dx_xstrdup(const char *s)
{
	return dx_xstrndup(s, strlen(s));
}

void dx_buf_grow(dx_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;

	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->ptr = dx_xrealloc(b->ptr, cap);
	b->cap = cap;
}

void dx_buf_put(dx_buf *b, const void *data, size_t len)
{
	dx_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void dx_buf_puts(dx_buf *b, const char *s)
{
	dx_buf_put(b, s, strlen(s));
}

void dx_buf_putc(dx_buf *b, char c)
{
	dx_buf_put(b, &c, 1);
}

void dx_buf_printf(dx_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	dx_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void dx_buf_clear(dx_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *dx_buf_detach(dx_buf *b)
{
	char *p = b->ptr ? b->ptr : dx_xstrdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void dx_buf_free(dx_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

const char *dx_buf_cstr(const dx_buf *b)
{
	return b->ptr ? b->ptr : "";
}

void dx_free(void *p)
{
	free(p);
}
