/* parse.c -- split a query into items; see parse.h. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"

/* Length of a space at q[i] (ASCII whitespace or U+3000), else 0. */
static size_t space_at(const char *q, size_t len, size_t i)
{
	unsigned char c = (unsigned char)q[i];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v')
		return 1;
	if (i + 2 < len && c == 0xE3 && (unsigned char)q[i + 1] == 0x80 &&
	    (unsigned char)q[i + 2] == 0x80)
		return 3;
	return 0;
}

/* If an opening quote starts at q[i], its length and the closing quote
 * it expects; else 0. */
static size_t open_quote_at(const char *q, size_t len, size_t i,
                            const char **close)
{
	static const struct { const char *open, *close; } quotes[] = {
		{ "\"", "\"" }, { "\xE2\x80\x9C", "\xE2\x80\x9D" }, /* “ ” */
		{ "\xE3\x80\x8C", "\xE3\x80\x8D" },                 /* 「 」 */
		{ "\xEF\xBC\x82", "\xEF\xBC\x82" },                 /* ＂ */
	};
	size_t k;

	for (k = 0; k < sizeof(quotes) / sizeof(quotes[0]); k++) {
		size_t n = strlen(quotes[k].open);
		if (i + n <= len && memcmp(q + i, quotes[k].open, n) == 0) {
			*close = quotes[k].close;
			return n;
		}
	}
	return 0;
}

static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

int dx_query_parse(dx_qitem **out, size_t *n, const char *q, size_t len)
{
	dx_qitem *items = NULL;
	size_t count = 0, cap = 0, i = 0;
	int pending_or = 0;
	static const struct { const char *name; dx_qfield field; } fields[] = {
		{ "title:", DX_QFIELD_TITLE }, { "heading:", DX_QFIELD_HEADING },
		{ "path:", DX_QFIELD_PATH }, { "tag:", DX_QFIELD_TAG },
		{ "date:", DX_QFIELD_DATE },
	};
	size_t f;

	while (i < len) {
		dx_qitem it;
		const char *close = NULL;
		size_t sp, qn, start;

		if ((sp = space_at(q, len, i)) > 0) {
			i += sp;
			continue;
		}
		memset(&it, 0, sizeof(it));
		start = i;
		if ((q[i] == '-') && i + 1 < len && !space_at(q, len, i + 1)) {
			it.negate = 1;
			i++;
		}
		/* title:WORD, heading:"a phrase" */
		for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
			size_t fl = strlen(fields[f].name);

			if (i + fl < len && memcmp(q + i, fields[f].name, fl) == 0 &&
			    !space_at(q, len, i + fl)) {
				it.field = fields[f].field;
				i += fl;
				start = i - it.negate;
				break;
			}
		}
		if ((qn = open_quote_at(q, len, i, &close)) > 0) {
			const char *end;

			i += qn;
			end = find(q + i, len - i, close);
			it.text = q + i;
			it.len = end ? (size_t)(end - (q + i)) : len - i;
			it.phrase = 1;
			i += it.len + (end ? strlen(close) : 0);
		} else {
			while (i < len && !space_at(q, len, i))
				i++;
			it.text = q + start + it.negate;
			it.len = i - start - it.negate;
			if (!it.negate && !it.field && it.len == 2 &&
			    memcmp(it.text, "OR", 2) == 0) {
				pending_or = count > 0;
				continue;
			}
			if (!it.negate && !it.field && it.len == 3 &&
			    memcmp(it.text, "AND", 3) == 0)
				continue;
			if (it.len > 1 && it.text[it.len - 1] == '*') {
				it.prefix = 1;
				it.len--;
			}
		}
		if (it.len == 0)
			continue;
		it.or_prev = pending_or && !it.negate &&
		             dx_qitem_is_filter(&it) ==
		             dx_qitem_is_filter(&items[count - 1]);
		pending_or = 0;
		if (count == cap) {
			cap = cap ? cap * 2 : 8;
			items = dx_xrealloc(items, cap * sizeof(*items));
		}
		items[count++] = it;
	}
	*out = items;
	*n = count;
	return DX_OK;
}

void dx_query_items_free(dx_qitem *items)
{
	free(items);
}
