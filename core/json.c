/* json.c -- JSON and HTML escaping; see json.h. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The bytes dx_json_str() does not copy as they are (json.h): controls,
 * '"', '<', '\\', DEL, and 0xE2, which may begin U+2028 or U+2029. */
static const unsigned char json_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x10 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x20 " */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   /* 0x30 < */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   /* 0x50 \\ */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,   /* 0x70 DEL */
	[0xE2] = 1,
};

void dx_json_str(dx_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run;

	dx_buf_grow(b, len + 2);
	dx_buf_putc(b, '"');
	while (i < len) {
		unsigned char c;
		const char *esc = NULL;
		char tmp[7];

		for (run = i; run < len &&
		     !json_special[(unsigned char)s[run]]; run++)
			;
		dx_buf_put(b, s + i, run - i);
		if ((i = run) == len)
			break;
		c = (unsigned char)s[i++];
		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\t')
			esc = "\\t";
		else if (c == 0xE2) {
			if (i + 1 < len && (unsigned char)s[i] == 0x80 &&
			    ((unsigned char)s[i + 1] == 0xA8 ||
			     (unsigned char)s[i + 1] == 0xA9)) {
				esc = (unsigned char)s[i + 1] == 0xA8 ?
				      "\\u2028" : "\\u2029";
				i += 2;
			} else {
				dx_buf_putc(b, (char)c);
				continue;
			}
		} else {   /* other controls, DEL, '<' */
			memcpy(tmp, "\\u00", 4);
			tmp[4] = hex[c >> 4];
			tmp[5] = hex[c & 15];
			tmp[6] = '\0';
			esc = tmp;
		}
		dx_buf_puts(b, esc);
	}
	dx_buf_putc(b, '"');
}

void dx_json_cstr(dx_buf *b, const char *s)
{
	if (!s)
		dx_buf_puts(b, "null");
	else
		dx_json_str(b, s, strlen(s));
}

void dx_json_num(dx_buf *b, double v)
{
	char tmp[64];

	if (!isfinite(v))
		v = 0;
	snprintf(tmp, sizeof(tmp), "%.6g", v);
	dx_buf_puts(b, tmp);
}

void dx_html_escape(dx_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *esc;

		switch (s[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		default: run++; continue;
		}
		dx_buf_put(b, s + i - run, run);
		run = 0;
		dx_buf_puts(b, esc);
	}
	dx_buf_put(b, s + len - run, run);
}
