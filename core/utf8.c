/* utf8.c -- UTF-8 decoding and repair; see utf8.h. */
#include "utf8.h"

#include <string.h>

int32_t dx_utf8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str + *i;
	size_t left = len - *i, n, k;
	uint32_t cp, min;

	if (s[0] < 0x80) {
		*i += 1;
		return s[0];
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2; cp = s[0] & 0x1F; min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3; cp = s[0] & 0x0F; min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4; cp = s[0] & 0x07; min = 0x10000;
	} else {
		*i += 1;
		return -1;
	}
	/* A truncated or broken sequence is replaced as one unit: its lead
	 * byte and the continuation bytes that follow it. */
	for (k = 1; k < n; k++) {
		if (k >= left || (s[k] & 0xC0) != 0x80) {
			*i += k;
			return -1;
		}
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*i += 1;
		return -1;
	}
	*i += n;
	return (int32_t)cp;
}

size_t dx_utf8_width(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

void dx_utf8_put(dx_buf *out, uint32_t cp)
{
	char b[4];
	size_t n = dx_utf8_width(cp);

	switch (n) {
	case 1:
		b[0] = (char)cp;
		break;
	case 2:
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		break;
	case 3:
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		break;
	default:
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		break;
	}
	dx_buf_put(out, b, n);
}

int dx_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		int32_t cp = dx_utf8_next(s, len, &i);
		if (cp <= 0)
			return 0;
	}
	return 1;
}

size_t dx_utf8_repair(dx_buf *out, const char *s, size_t len)
{
	size_t i = 0, bad = 0;

	dx_buf_grow(out, len);
	while (i < len) {
		/* Copy each run of valid, NUL-free characters in one go. */
		size_t run = i;
		int32_t cp = 1;

		while (i < len) {
			size_t at = i;
			if ((unsigned char)s[i] >= 0x01 &&
			    (unsigned char)s[i] < 0x80) {
				i++;
				continue;
			}
			cp = dx_utf8_next(s, len, &i);
			if (cp <= 0) {
				dx_buf_put(out, s + run, at - run);
				break;
			}
		}
		if (cp > 0) {
			dx_buf_put(out, s + run, i - run);
		} else if (cp < 0) {
			dx_utf8_put(out, 0xFFFD);
			bad++;
		} else {
			dx_buf_putc(out, ' ');
		}
	}
	return bad;
}

size_t dx_utf8_floor(const char *s, size_t len, size_t max)
{
	size_t n = max < len ? max : len;

	if (n == len)
		return n;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

size_t dx_utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* memmem is not in POSIX.  The search is led by sub's last byte: in
 * UTF-8 a character's last byte varies more than its first, which
 * Japanese text shares with most of its characters. */
int dx_utf8_holds(const char *s, size_t len, const char *sub, size_t sublen)
{
	const char *p, *end = s + len;

	if (sublen == 0)
		return 1;
	if (sublen > len)
		return 0;
	for (p = s + sublen - 1;
	     (p = memchr(p, (unsigned char)sub[sublen - 1],
	                 (size_t)(end - p))) != NULL; p++)
		if (memcmp(p - (sublen - 1), sub, sublen - 1) == 0)
			return 1;
	return 0;
}

int dx_utf8_is_kanji(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||    /* CJK unified */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||    /* extension A */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||    /* compatibility */
	       (cp >= 0x20000 && cp <= 0x3FFFF) ||  /* extensions B-H */
	       cp == 0x3005;                        /* 々 */
}
