/* json.c -- JSON and HTML escaping; see json.h. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void dx_json_str(dx_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	dx_buf_grow(b, len + 2);
	dx_buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char tmp[8];

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
		else if (c < 0x20 || c == 0x7f || c == '<') {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			esc = tmp;
		} else if (c == 0xE2 && i + 2 < len &&
		           (unsigned char)s[i + 1] == 0x80 &&
		           ((unsigned char)s[i + 2] == 0xA8 ||
		            (unsigned char)s[i + 2] == 0xA9)) {
			esc = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028"
			                                      : "\\u2029";
			dx_buf_put(b, s + i - run, run);
			run = 0;
			dx_buf_puts(b, esc);
			i += 2;
			continue;
		}
		if (esc) {
			dx_buf_put(b, s + i - run, run);
			run = 0;
			dx_buf_puts(b, esc);
		} else {
			run++;
		}
	}
	dx_buf_put(b, s + len - run, run);
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
