/* test_server_text.c -- the server's escaping, UTF-8 checks, link rule
 * (server/text.c) and the page's links (server/page.c). */
#include <string.h>

#include "harness.h"
#include "page.h"
#include "text.h"

static const char *html_of(dx_sb *b, const char *s)
{
	b->len = 0;
	dx_sb_html(b, s, strlen(s));
	return b->ptr;
}

static void escaping(void)
{
	dx_sb b = DX_SB_INIT;

	STR_EQ(html_of(&b, "共創"), "共創");
	STR_EQ(html_of(&b, "<script>\"a\"&'b'</script>"),
	       "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;");
	STR_EQ(html_of(&b, "&amp;"), "&amp;amp;");
	b.len = 0;
	dx_sb_json(&b, "a\"\\</b>\n\x01\xE2\x80\xA8");
	STR_EQ(b.ptr, "\"a\\\"\\\\\\u003c/b>\\u000a\\u0001\\u2028\"");
	b.len = 0;
	dx_sb_json(&b, NULL);
	STR_EQ(b.ptr, "null");
	b.len = 0;
	dx_sb_urlenc(&b, "外部 人材&x=1");
	STR_EQ(b.ptr, "%E5%A4%96%E9%83%A8%20%E4%BA%BA%E6%9D%90%26x%3D1");
	b.len = 0;
	dx_sb_printf(&b, "%d-%s", 42, "x");
	STR_EQ(b.ptr, "42-x");
	dx_sb_free(&b);
}

static void utf8(void)
{
#define VALID(s) dx_text_valid(s, sizeof(s) - 1)
	OK(VALID("共創 DX\t"));
	OK(!VALID("a\nb"));                 /* control characters */
	OK(!VALID("a\x7f"));
	OK(!VALID("\xff"));
	OK(!VALID("\xe5\x85"));             /* truncated */
	OK(!VALID("\xc0\xaf"));             /* overlong */
	OK(!VALID("\xed\xa0\x80"));         /* surrogate */
	OK(!VALID("\xf4\x90\x80\x80"));     /* past U+10FFFF */
	OK(VALID("\xf0\x9f\x98\x80"));      /* emoji */
	OK(!dx_text_valid("a\0b", 3));
	INT_EQ(dx_text_chars("共創DX", strlen("共創DX")), 4);
#undef VALID
}

static void safe_urls(void)
{
	OK(dx_text_safe_url("https://www.city.example.jp/a?b=1#c"));
	OK(dx_text_safe_url("HTTP://example.jp/"));
	OK(dx_text_safe_url("/bousai/kunren.html"));
	OK(dx_text_safe_url("kunren.html#参加"));
	OK(dx_text_safe_url("//cdn.example.jp/x"));
	OK(dx_text_safe_url("?q=1"));
	OK(!dx_text_safe_url("javascript:alert(1)"));
	OK(!dx_text_safe_url("JavaScript:alert(1)"));
	OK(!dx_text_safe_url(" javascript:alert(1)"));
	OK(!dx_text_safe_url("java\tscript:alert(1)"));
	OK(!dx_text_safe_url("data:text/html,<b>"));
	OK(!dx_text_safe_url("vbscript:x"));
	OK(!dx_text_safe_url("https://a.example/\\x"));
	OK(!dx_text_safe_url(""));
	OK(!dx_text_safe_url(NULL));
}

static void hrefs(void)
{
	dx_sb b = DX_SB_INIT;
	dx_hit h;

	memset(&h, 0, sizeof(h));
	h.path = "./corpus/kobe.md";
	h.anchor = "外部人材";
	h.url = "https://example.jp/a?x=1&y=\"><b>#old";
	OK(dx_page_href(&b, &h, NULL));
	STR_EQ(b.ptr, "https://example.jp/a?x=1&amp;y=&quot;&gt;&lt;b&gt;#外部人材");
	b.len = 0;
	h.url = "javascript:alert(1)";
	OK(!dx_page_href(&b, &h, "https://site.example/"));
	OK(b.len == 0);
	h.url = NULL;
	OK(dx_page_href(&b, &h, "https://site.example"));
	STR_EQ(b.ptr, "https://site.example/corpus/kobe.md#外部人材");
	b.len = 0;
	OK(!dx_page_href(&b, &h, NULL));
	dx_sb_free(&b);
}

int main(void)
{
	escaping();
	utf8();
	safe_urls();
	hrefs();
	return dx_test_finish();
}
