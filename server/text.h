/*
 * text.h -- string building and escaping for the HTTP server: a growable
 * output buffer, HTML, JSON and URL escaping, UTF-8 checks and the link
 * safety rule shared by the page.
 *
 * The server includes only <dxsearch.h> from the library (STYLE.md), so
 * it keeps these small helpers of its own.  A dx_sb owns its memory:
 * release it with dx_sb_free() or take it with dx_sb_detach() (the caller
 * then frees the pointer with free()).  Out of memory aborts, as in the
 * library: no response is ever sent half-built.
 */
#ifndef DX_SERVER_TEXT_H
#define DX_SERVER_TEXT_H

#include <stddef.h>

typedef struct {
	char  *ptr;   /* NUL-terminated once anything was written */
	size_t len;   /* bytes used */
	size_t cap;   /* bytes allocated */
} dx_sb;
#define DX_SB_INIT { NULL, 0, 0 }

void  dx_sb_put(dx_sb *b, const char *s, size_t len);
void  dx_sb_puts(dx_sb *b, const char *s);
void  dx_sb_printf(dx_sb *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Text or attribute value: & < > " ' become entities. */
void  dx_sb_html(dx_sb *b, const char *s, size_t len);
/* A quoted JSON string (NULL: null); '<' and U+2028/9 escaped too. */
void  dx_sb_json(dx_sb *b, const char *s);
/* Percent-encode for a query string value (RFC 3986 unreserved kept). */
void  dx_sb_urlenc(dx_sb *b, const char *s);
char *dx_sb_detach(dx_sb *b);   /* never NULL; caller free()s */
void  dx_sb_free(dx_sb *b);

/* 1 when s[0..len) is valid UTF-8 without NUL or other C0 controls
 * (tab excepted), else 0. */
int    dx_text_valid(const char *s, size_t len);
/* Code points in valid UTF-8. */
size_t dx_text_chars(const char *s, size_t len);

/*
 * 1 when `url` may be put in an href: http: or https: (any case), or a
 * relative reference without a scheme (path, "//host", "?…", "#…").
 * Anything else (javascript:, data:, vbscript:, …) and any URL with
 * whitespace or control characters, which browsers strip before reading
 * the scheme, is refused.
 */
int    dx_text_safe_url(const char *url);

#endif
