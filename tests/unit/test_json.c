/* test_json.c -- JSON and HTML escaping, the result JSON, records. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json.h"
#include "record.h"
#include "utf8.h"

static const char *json_of(dx_buf *b, const char *s)
{
	dx_buf_clear(b);
	dx_json_str(b, s, strlen(s));
	return dx_buf_cstr(b);
}

static void escapes(void)
{
	dx_buf b = DX_BUF_INIT;

	STR_EQ(json_of(&b, "共創"), "\"共創\"");
	STR_EQ(json_of(&b, "a\"b\\c"), "\"a\\\"b\\\\c\"");
	STR_EQ(json_of(&b, "1\n2\t3\r"), "\"1\\n2\\t3\\r\"");
	STR_EQ(json_of(&b, "\x01\x1f"), "\"\\u0001\\u001f\"");
	STR_EQ(json_of(&b, "</script>"), "\"\\u003c/script>\"");
	STR_EQ(json_of(&b, "x\xE2\x80\xA8y\xE2\x80\xA9"), "\"x\\u2028y\\u2029\"");
	/* other E2 characters pass, also one cut short at the end; DEL */
	STR_EQ(json_of(&b, "\xE2\x80\xA6\xE2\x80\xAA<\x7f\xE2\x80"),
	       "\"\xE2\x80\xA6\xE2\x80\xAA\\u003c\\u007f\xE2\x80\"");
	STR_EQ(json_of(&b, ""), "\"\"");
	dx_buf_clear(&b);
	dx_json_cstr(&b, NULL);
	STR_EQ(dx_buf_cstr(&b), "null");
	dx_buf_clear(&b);
	dx_json_num(&b, 7.31);
	STR_EQ(dx_buf_cstr(&b), "7.31");
	dx_buf_clear(&b);
	dx_json_num(&b, 0.0 / 0.0);
	STR_EQ(dx_buf_cstr(&b), "0");
	dx_buf_free(&b);
}

static void html(void)
{
	dx_buf b = DX_BUF_INIT;
	const char *s = "<script>alert('x')</script> & \"共創\"";

	dx_html_escape(&b, s, strlen(s));
	STR_EQ(dx_buf_cstr(&b), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
	       " &amp; &quot;共創&quot;");
	dx_buf_free(&b);
}

static void error_json(void)
{
	char *j = dx_error_json("a\"b", DX_EQUERY, "empty query");

	STR_EQ(j, "{\"query\":\"a\\\"b\",\"error\":{\"code\":\"invalid_query\","
	       "\"message\":\"empty query\"}}");
	dx_free(j);
}

static void records(void)
{
	dx_buf b = DX_BUF_INIT;
	const char *s;
	size_t n, pos = 0;

	dx_record_puts(&b, "corpus/a.md");
	dx_record_put(&b, "", 0);
	dx_record_put(&b, "x:1\0y", 5);
	OK(dx_record_get(b.ptr, b.len, &pos, &s, &n) == 0);
	OK(n == 11 && memcmp(s, "corpus/a.md", 11) == 0);
	OK(dx_record_get(b.ptr, b.len, &pos, &s, &n) == 0 && n == 0);
	OK(dx_record_get(b.ptr, b.len, &pos, &s, &n) == 0);
	OK(n == 5 && memcmp(s, "x:1\0y", 5) == 0);
	OK(dx_record_get(b.ptr, b.len, &pos, &s, &n) == -1);
	/* Malformed: a length beyond the data, a missing colon. */
	pos = 0;
	OK(dx_record_get("99:abc", 6, &pos, &s, &n) == -1);
	pos = 0;
	OK(dx_record_get("3abc", 4, &pos, &s, &n) == -1);
	pos = 0;
	OK(dx_record_get("99999999999999999999999:a", 25, &pos, &s, &n) == -1);
	dx_buf_free(&b);
}

static void utf8(void)
{
	dx_buf b = DX_BUF_INIT;
	size_t bad;

	bad = dx_utf8_repair(&b, "壊れ\xff\xfe字\xe3\x81", 13);
	INT_EQ(bad, 3);
	STR_EQ(dx_buf_cstr(&b), "壊れ\xEF\xBF\xBD\xEF\xBF\xBD字\xEF\xBF\xBD");
	OK(dx_utf8_valid(b.ptr, b.len));
	dx_buf_clear(&b);
	dx_utf8_repair(&b, "a\0b", 3);
	STR_EQ(dx_buf_cstr(&b), "a b");
	/* Overlong encodings and surrogates are invalid. */
	OK(!dx_utf8_valid("\xC0\xAF", 2));
	OK(!dx_utf8_valid("\xED\xA0\x80", 3));
	/* Floors never split a character. */
	INT_EQ(dx_utf8_floor("共創", 6, 4), 3);
	INT_EQ(dx_utf8_floor("共創", 6, 6), 6);
	dx_buf_free(&b);
}

int main(void)
{
	escapes();
	html();
	error_json();
	records();
	utf8();
	return dx_test_finish();
}
