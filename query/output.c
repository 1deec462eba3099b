/* output.c -- the JSON result contract of DESIGN.md. */
#include <string.h>

#include "buf.h"
#include "dxsearch.h"
#include "json.h"

/* Append v in decimal (as printf's %u, %zu and %llu write it). */
static void put_uint(dx_buf *b, unsigned long long v)
{
	char tmp[24];
	size_t at = sizeof(tmp);

	do {
		tmp[--at] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	dx_buf_put(b, tmp + at, sizeof(tmp) - at);
}

char *dx_result_json(const dx_result *res, const char *query)
{
	dx_buf b = DX_BUF_INIT;
	size_t i, k, n = dx_result_count(res), need = 256;

	/* room for about all of it at once: each text and 1 KB besides
	 * (snippet, path, title...), not more than growing would take */
	for (i = 0; i < n; i++)
		need += dx_result_hit(res, i)->text_len + 1024;
	dx_buf_grow(&b, need);

	dx_buf_puts(&b, "{\"query\":");
	dx_json_cstr(&b, query ? query : "");
	dx_buf_puts(&b, ",\"total\":");
	put_uint(&b, (unsigned long long)dx_result_total(res));
	dx_buf_puts(&b, ",\"took_ms\":");
	dx_json_num(&b, dx_result_took_ms(res));
	if (dx_result_unquoted(res))
		dx_buf_puts(&b, ",\"unquoted\":true");
	dx_buf_puts(&b, ",\"results\":[");
	for (i = 0; i < n; i++) {
		const dx_hit *h = dx_result_hit(res, i);

		dx_buf_puts(&b, i ? ",{\"rank\":" : "{\"rank\":");
		put_uint(&b, h->rank);
		dx_buf_puts(&b, ",\"score\":");
		dx_json_num(&b, h->score);
		dx_buf_puts(&b, ",\"path\":");
		dx_json_cstr(&b, h->path);
		dx_buf_puts(&b, ",\"url\":");
		dx_json_cstr(&b, h->url);
		dx_buf_puts(&b, ",\"title\":");
		dx_json_cstr(&b, h->title);
		dx_buf_puts(&b, ",\"heading\":");
		dx_json_cstr(&b, h->heading);
		dx_buf_puts(&b, ",\"anchor\":");
		dx_json_cstr(&b, h->anchor);
		dx_buf_puts(&b, ",\"passage\":");
		put_uint(&b, h->passage);
		dx_buf_puts(&b, ",\"text\":");
		dx_json_str(&b, h->text, h->text_len);
		dx_buf_puts(&b, ",\"snippet\":");
		dx_json_cstr(&b, h->snippet);
		dx_buf_puts(&b, ",\"highlights\":[");
		for (k = 0; k < h->n_highlights; k++) {
			dx_buf_puts(&b, k ? ",[" : "[");
			put_uint(&b, h->highlights[k].start);
			dx_buf_putc(&b, ',');
			put_uint(&b, h->highlights[k].end);
			dx_buf_putc(&b, ']');
		}
		dx_buf_puts(&b, "],\"date\":");
		dx_json_cstr(&b, h->date);
		dx_buf_puts(&b, ",\"tags\":[");
		for (k = 0; k < h->n_tags; k++) {
			if (k)
				dx_buf_putc(&b, ',');
			dx_json_cstr(&b, h->tags[k]);
		}
		dx_buf_puts(&b, "]}");
	}
	dx_buf_putc(&b, ']');
	if (dx_result_explain(res)) {
		dx_buf_puts(&b, ",\"explain\":");
		dx_buf_puts(&b, dx_result_explain(res));
	}
	dx_buf_putc(&b, '}');
	return dx_buf_detach(&b);
}

char *dx_error_json(const char *query, int code, const char *message)
{
	dx_buf b = DX_BUF_INIT;

	dx_buf_puts(&b, "{\"query\":");
	dx_json_cstr(&b, query ? query : "");
	dx_buf_puts(&b, ",\"error\":{\"code\":");
	dx_json_cstr(&b, dx_code_name(code));
	dx_buf_puts(&b, ",\"message\":");
	dx_json_cstr(&b, message ? message : dx_strerror(code));
	dx_buf_puts(&b, "}}");
	return dx_buf_detach(&b);
}
