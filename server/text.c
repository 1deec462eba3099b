/* text.c -- output buffer and escaping for the server; see text.h. */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void grow(dx_sb *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 256;
	while (b->cap < need)
		b->cap *= 2;
	b->ptr = realloc(b->ptr, b->cap);
	if (!b->ptr) {
		fputs("dxsearch: out of memory\n", stderr);
		abort();
	}
}

void dx_sb_put(dx_sb *b, const char *s, size_t len)
{
	grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, s, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void dx_sb_puts(dx_sb *b, const char *s)
{
	dx_sb_put(b, s, strlen(s));
}

void dx_sb_printf(dx_sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void dx_sb_html(dx_sb *b, const char *s, size_t len)
{
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		const char *e;

		switch (s[i]) {
		case '&':  e = "&amp;";  break;
		case '<':  e = "&lt;";   break;
		case '>':  e = "&gt;";   break;
		case '"':  e = "&quot;"; break;
		case '\'': e = "&#39;";  break;
		default:   continue;
		}
		dx_sb_put(b, s + from, i - from);
		dx_sb_puts(b, e);
		from = i + 1;
	}
	dx_sb_put(b, s + from, len - from);
}

void dx_sb_json(dx_sb *b, const char *s)
{
	size_t i, from = 0, len;

	if (!s) {
		dx_sb_puts(b, "null");
		return;
	}
	len = strlen(s);
	dx_sb_put(b, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char tmp[8];
		const char *e = tmp;
		size_t skip = 1;

		if (c == '"')
			e = "\\\"";
		else if (c == '\\')
			e = "\\\\";
		else if (c < 0x20 || c == 0x7f || c == '<')
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
		else if (c == 0xE2 && i + 2 < len &&
		         (unsigned char)s[i + 1] == 0x80 &&
		         ((unsigned char)s[i + 2] & 0xFE) == 0xA8) {
			e = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
			skip = 3;
		} else
			continue;
		dx_sb_put(b, s + from, i - from);
		dx_sb_puts(b, e);
		i += skip - 1;
		from = i + 1;
	}
	dx_sb_put(b, s + from, len - from);
	dx_sb_put(b, "\"", 1);
}

void dx_sb_urlenc(dx_sb *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char tmp[3];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			dx_sb_put(b, (const char *)&c, 1);
			continue;
		}
		tmp[0] = '%';
		tmp[1] = hex[c >> 4];
		tmp[2] = hex[c & 15];
		dx_sb_put(b, tmp, 3);
	}
}

char *dx_sb_detach(dx_sb *b)
{
	char *p;

	if (!b->ptr) {
		grow(b, 0);
		b->ptr[0] = '\0';
	}
	p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void dx_sb_free(dx_sb *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

int dx_text_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t n, k;
		unsigned long cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		if (len - i <= n)             /* truncated sequence */
			return 0;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t dx_text_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int dx_text_safe_url(const char *url)
{
	const char *p;

	if (!url || !*url)
		return 0;
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8))
		return 1;
	/* A relative reference has no ':' before its first '/', '?' or '#'. */
	for (p = url; *p && *p != '/' && *p != '?' && *p != '#'; p++)
		if (*p == ':')
			return 0;
	return 1;
}
