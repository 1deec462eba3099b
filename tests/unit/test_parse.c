/* test_parse.c -- the query syntax: words, phrases, -exclude, OR,
 * fields, prefixes and filters (path:, tag:, date:). */
#include <string.h>

#include "harness.h"
#include "parse.h"

static dx_qitem *items;
static size_t n;

static void parse(const char *q)
{
	dx_query_items_free(items);
	dx_query_parse(&items, &n, q, strlen(q));
}

static int item_is(size_t i, const char *text, int phrase, int negate,
                   int or_prev)
{
	return i < n && items[i].len == strlen(text) &&
	       memcmp(items[i].text, text, items[i].len) == 0 &&
	       items[i].phrase == phrase && items[i].negate == negate &&
	       items[i].or_prev == or_prev;
}

static void words(void)
{
	parse("共創  外部人材\u3000ＤＸ");
	INT_EQ(n, 3);
	OK(item_is(0, "共創", 0, 0, 0));
	OK(item_is(1, "外部人材", 0, 0, 0));
	OK(item_is(2, "ＤＸ", 0, 0, 0));
}

static void phrases(void)
{
	parse("\"官民 共創\" 「外部人材」 “押印廃止”");
	INT_EQ(n, 3);
	OK(item_is(0, "官民 共創", 1, 0, 0));
	OK(item_is(1, "外部人材", 1, 0, 0));
	OK(item_is(2, "押印廃止", 1, 0, 0));
	parse("\"unclosed phrase");
	INT_EQ(n, 1);
	OK(item_is(0, "unclosed phrase", 1, 0, 0));
	parse("\"\"");
	INT_EQ(n, 0);
}

static void exclude_and_or(void)
{
	parse("人材 -研修 -\"外部 講師\"");
	INT_EQ(n, 3);
	OK(item_is(1, "研修", 0, 1, 0));
	OK(item_is(2, "外部 講師", 1, 1, 0));
	parse("防災 OR 避難 OR 気象 共創");
	INT_EQ(n, 4);
	OK(item_is(0, "防災", 0, 0, 0));
	OK(item_is(1, "避難", 0, 0, 1));
	OK(item_is(2, "気象", 0, 0, 1));
	OK(item_is(3, "共創", 0, 0, 0));
	/* A leading OR, a lone '-', AND: no crash, sensible items. */
	parse("OR 共創 AND - or");
	INT_EQ(n, 3);
	OK(item_is(0, "共創", 0, 0, 0));
	OK(item_is(1, "-", 0, 0, 0));
	OK(item_is(2, "or", 0, 0, 0));
}

static void fields(void)
{
	parse("title:共創 -heading:\"外部 講師\" title: heading:x");
	INT_EQ(n, 4);
	OK(item_is(0, "共創", 0, 0, 0) && items[0].field == DX_QFIELD_TITLE);
	OK(item_is(1, "外部 講師", 1, 1, 0) &&
	   items[1].field == DX_QFIELD_HEADING);
	OK(item_is(2, "title:", 0, 0, 0) && items[2].field == DX_QFIELD_ANY);
	OK(item_is(3, "x", 0, 0, 0) && items[3].field == DX_QFIELD_HEADING);
	parse("title:OR");
	INT_EQ(n, 1);
	OK(item_is(0, "OR", 0, 0, 0) && items[0].field == DX_QFIELD_TITLE);
}

static void prefixes(void)
{
	parse("kint* デジ* * a* \"共創*\"");
	INT_EQ(n, 5);
	OK(item_is(0, "kint", 0, 0, 0) && items[0].prefix);
	OK(item_is(1, "デジ", 0, 0, 0) && items[1].prefix);
	OK(item_is(2, "*", 0, 0, 0) && !items[2].prefix);
	OK(item_is(3, "a", 0, 0, 0) && items[3].prefix);
	OK(item_is(4, "共創*", 1, 0, 0) && !items[4].prefix);
}

static void filters(void)
{
	parse("共創 path:kurashi/gomi -tag:\"Code for\" date:2023-01..2024-03 "
	      "tag:防*");
	INT_EQ(n, 5);
	OK(item_is(0, "共創", 0, 0, 0) && !dx_qitem_is_filter(&items[0]));
	OK(item_is(1, "kurashi/gomi", 0, 0, 0) &&
	   items[1].field == DX_QFIELD_PATH && dx_qitem_is_filter(&items[1]));
	OK(item_is(2, "Code for", 1, 1, 0) && items[2].field == DX_QFIELD_TAG);
	OK(item_is(3, "2023-01..2024-03", 0, 0, 0) &&
	   items[3].field == DX_QFIELD_DATE);
	OK(item_is(4, "防", 0, 0, 0) && items[4].prefix &&
	   items[4].field == DX_QFIELD_TAG);
	/* OR joins filters with filters and words with words, never a
	 * filter with a word. */
	parse("tag:防災 OR tag:避難所 OR 共創 OR 協働 OR date:2024");
	INT_EQ(n, 5);
	OK(item_is(0, "防災", 0, 0, 0));
	OK(item_is(1, "避難所", 0, 0, 1));
	OK(item_is(2, "共創", 0, 0, 0));
	OK(item_is(3, "協働", 0, 0, 1));
	OK(item_is(4, "2024", 0, 0, 0) && items[4].field == DX_QFIELD_DATE);
	/* An empty value is a word; an unknown field is a word. */
	parse("tag: date:abc site:x");
	INT_EQ(n, 3);
	OK(item_is(0, "tag:", 0, 0, 0) && !dx_qitem_is_filter(&items[0]));
	OK(item_is(1, "abc", 0, 0, 0) && items[1].field == DX_QFIELD_DATE);
	OK(item_is(2, "site:x", 0, 0, 0) && items[2].field == DX_QFIELD_ANY);
}

int main(void)
{
	filters();
	prefixes();
	fields();
	words();
	phrases();
	exclude_and_or();
	dx_query_items_free(items);
	return dx_test_finish();
}
