/* page.c -- the server-rendered search page; see page.h. */
#include "page.h"

#include <stdint.h>
#include <string.h>

#define MAX_PAGES 101   /* offset limit of server.c / DX_PAGE_SIZE + 1 */

static void esc(dx_sb *b, const char *s)
{
	if (s)
		dx_sb_html(b, s, strlen(s));
}

int dx_page_href(dx_sb *out, const dx_hit *h, const char *base_url)
{
	dx_sb u = DX_SB_INIT;
	const char *hash;
	size_t len;

	if (h->url && *h->url) {
		/* The hit's own fragment gives way to the passage's anchor. */
		hash = *h->anchor ? strchr(h->url, '#') : NULL;
		len = hash ? (size_t)(hash - h->url) : strlen(h->url);
		dx_sb_put(&u, h->url, len);
	} else if (base_url && *base_url) {
		const char *path = h->path;

		while (path[0] == '.' && path[1] == '/')
			path += 2;
		while (*path == '/')
			path++;
		dx_sb_puts(&u, base_url);
		if (u.len && u.ptr[u.len - 1] != '/')
			dx_sb_puts(&u, "/");
		dx_sb_puts(&u, path);
	} else {
		return 0;
	}
	if (*h->anchor) {
		dx_sb_puts(&u, "#");
		dx_sb_puts(&u, h->anchor);
	}
	if (!dx_text_safe_url(u.ptr)) {
		dx_sb_free(&u);
		return 0;
	}
	dx_sb_html(out, u.ptr, u.len);
	dx_sb_free(&u);
	return 1;
}

/* href="?q=…&amp;page=N&amp;sort=date" */
static void page_link(dx_sb *b, const char *q, unsigned int page, int sort)
{
	dx_sb_puts(b, "href=\"?q=");
	dx_sb_urlenc(b, q);
	if (page > 1)
		dx_sb_printf(b, "&amp;page=%u", page);
	if (sort == DX_SORT_DATE)
		dx_sb_puts(b, "&amp;sort=date");
	dx_sb_puts(b, "\"");
}

/* The order switch: the current order as text, the other as a link to
 * its first page. */
static void render_sort(dx_sb *b, const dx_page *p)
{
	static const char *const names[2] = { "関連度順", "新しい順" };
	int k;

	dx_sb_puts(b, "<p class=\"dxs-sort\">並び順：");
	for (k = 0; k < 2; k++) {
		if (k)
			dx_sb_puts(b, " ｜ ");
		if (k == p->sort) {
			dx_sb_printf(b, "<span aria-current=\"true\">%s</span>",
			             names[k]);
			continue;
		}
		dx_sb_puts(b, "<a ");
		page_link(b, p->q, 1, k);
		dx_sb_printf(b, ">%s</a>", names[k]);
	}
	dx_sb_puts(b, "</p>\n");
}

static void render_hit(dx_sb *b, const dx_hit *h, const char *base_url)
{
	const char *title = *h->title ? h->title : h->path;
	dx_sb href = DX_SB_INIT;
	int linked;

	dx_sb_puts(b, "<li class=\"dxs-hit\">\n<h2 class=\"dxs-title\">");
	if ((linked = dx_page_href(&href, h, base_url))) {
		dx_sb_puts(b, "<a href=\"");
		dx_sb_put(b, href.ptr, href.len);
		dx_sb_puts(b, "\">");
		esc(b, title);
		dx_sb_puts(b, "</a>");
	} else {
		esc(b, title);     /* no safe link: plain text */
	}
	dx_sb_free(&href);
	dx_sb_puts(b, "</h2>\n");
	if (*h->heading) {
		dx_sb_puts(b, "<p class=\"dxs-heading\">");
		esc(b, h->heading);
		dx_sb_puts(b, "</p>\n");
	}
	/* The snippet is HTML-escaped by the library, with <mark> spans. */
	dx_sb_puts(b, "<p class=\"dxs-snippet\">");
	dx_sb_puts(b, h->snippet ? h->snippet : "");
	dx_sb_puts(b, "</p>\n<p class=\"dxs-path\">");
	/* The URL as text only when it is the one linked. */
	esc(b, linked && h->url && *h->url ? h->url : h->path);
	if (h->date) {
		dx_sb_puts(b, " <span class=\"dxs-date\">");
		esc(b, h->date);
		dx_sb_puts(b, "</span>");
	}
	dx_sb_puts(b, "</p>\n</li>\n");
}

/* Page links.  The total is an estimate (of passages, before one per
 * article is kept), so a short page is taken as the last one. */
static void render_pages(dx_sb *b, const dx_page *p, uint64_t total,
                         size_t n)
{
	uint64_t last64 = (total + DX_PAGE_SIZE - 1) / DX_PAGE_SIZE;
	unsigned int last = last64 > MAX_PAGES ? MAX_PAGES : (unsigned)last64;
	unsigned int from, to, i;

	if (last < p->page || n < DX_PAGE_SIZE)
		last = p->page;
	if (last <= 1)
		return;
	from = p->page > 3 ? p->page - 2 : 1;
	to = from + 4 < last ? from + 4 : last;
	dx_sb_puts(b, "<nav class=\"dxs-pages\" aria-label=\"検索結果のページ\">"
	              "\n<ul>\n");
	if (p->page > 1) {
		dx_sb_puts(b, "<li><a rel=\"prev\" ");
		page_link(b, p->q, p->page - 1, p->sort);
		dx_sb_puts(b, ">前へ</a></li>\n");
	}
	for (i = from; i <= to; i++) {
		if (i == p->page) {
			dx_sb_printf(b, "<li><span aria-current=\"page\">%u</span>"
			             "</li>\n", i);
			continue;
		}
		dx_sb_puts(b, "<li><a ");
		page_link(b, p->q, i, p->sort);
		dx_sb_printf(b, " aria-label=\"%uページ目\">%u</a></li>\n", i, i);
	}
	if (p->page < last) {
		dx_sb_puts(b, "<li><a rel=\"next\" ");
		page_link(b, p->q, p->page + 1, p->sort);
		dx_sb_puts(b, ">次へ</a></li>\n");
	}
	dx_sb_puts(b, "</ul>\n</nav>\n");
}

void dx_page_render(dx_sb *b, const dx_page *p)
{
	const char *q = p->q ? p->q : "";
	size_t i, n = p->res ? dx_result_count(p->res) : 0;

	dx_sb_puts(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n"
	              "<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, "
	              "initial-scale=1\">\n<title>");
	if (*q) {
		dx_sb_puts(b, "「");
		esc(b, q);
		dx_sb_puts(b, "」の検索結果 - ");
	}
	dx_sb_puts(b, "サイト内検索</title>\n"
	              "<link rel=\"stylesheet\" href=\"style.css\">\n"
	              "</head>\n<body>\n"
	              "<header class=\"dxs-head\">\n"
	              "<form class=\"dxs-form\" role=\"search\" method=\"get\">\n"
	              "<label for=\"dxs-q\">サイト内検索</label>\n"
	              "<div class=\"dxs-row\">"
	              "<input id=\"dxs-q\" type=\"search\" name=\"q\" value=\"");
	esc(b, q);
	dx_sb_puts(b, "\" maxlength=\"256\" autocomplete=\"off\" "
	              "enterkeyhint=\"search\" placeholder=\"キーワードを入力\">"
	              "<button type=\"submit\">検索</button></div>\n");
	if (p->sort == DX_SORT_DATE)   /* a new query keeps the order */
		dx_sb_puts(b, "<input type=\"hidden\" name=\"sort\" "
		              "value=\"date\">\n");
	dx_sb_puts(b, "</form>\n</header>\n<main class=\"dxs-main\">\n");
	if (p->error) {
		dx_sb_puts(b, "<p class=\"dxs-error\" role=\"alert\">");
		esc(b, p->error);
		dx_sb_puts(b, "</p>\n");
	} else if (p->res) {
		uint64_t total = dx_result_total(p->res);
		size_t first = (size_t)(p->page - 1) * DX_PAGE_SIZE;

		if (n == 0) {
			dx_sb_puts(b, "<p class=\"dxs-count\">「");
			esc(b, q);
			dx_sb_printf(b, "」に一致する結果は見つかりませんでした"
			             "（%.2f ミリ秒）。</p>\n"
			             "<p class=\"dxs-hint\">言葉を減らすか、"
			             "別の言い方で検索してください。</p>\n",
			             dx_result_took_ms(p->res));
		} else {
			dx_sb_puts(b, "<p class=\"dxs-count\">「");
			esc(b, q);
			dx_sb_printf(b, "」の検索結果 約%llu件中 %zu〜%zu件目"
			             "（%.2f ミリ秒）</p>\n",
			             (unsigned long long)total, first + 1, first + n,
			             dx_result_took_ms(p->res));
			if (dx_result_unquoted(p->res))
				dx_sb_puts(b, "<p class=\"dxs-hint\">引用符で囲んだ"
				           "語句そのものは見つからなかったため、"
				           "その語を含む結果を表示しています。</p>\n");
			render_sort(b, p);
			dx_sb_printf(b, "<ol class=\"dxs-results\" start=\"%zu\">\n",
			             first + 1);
			for (i = 0; i < n; i++)
				render_hit(b, dx_result_hit(p->res, i), p->base_url);
			dx_sb_puts(b, "</ol>\n");
		}
		render_pages(b, p, total, n);
	}
	dx_sb_puts(b, "</main>\n<footer class=\"dxs-foot\">"
	              "<p>dxsearch</p></footer>\n</body>\n</html>\n");
}
