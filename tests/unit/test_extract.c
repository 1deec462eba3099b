/* test_extract.c -- Markdown, HTML and plain-text extraction. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "extract.h"
#include "utf8.h"

/* Extract a NUL-terminated fixture; fails the test if extraction does. */
static void extract(dx_article *a, dx_format fmt, const char *src)
{
	int rc = dx_extract(a, fmt, src, strlen(src));

	INT_EQ(rc, DX_OK);
}

/* Whether any block, or the title, contains `needle`. */
static int article_has(const dx_article *a, const char *needle)
{
	size_t i;

	if (a->title && strstr(a->title, needle))
		return 1;
	for (i = 0; i < a->nblocks; i++)
		if (strstr(a->blocks[i].text, needle))
			return 1;
	return 0;
}

/* Every block: valid UTF-8, len right, trimmed, not empty. */
static void check_blocks(const dx_article *a)
{
	size_t i;

	OK(a->title != NULL);
	for (i = 0; i < a->nblocks; i++) {
		const dx_block *b = &a->blocks[i];
		OK(b->text != NULL && b->len > 0);
		if (!b->text || !b->len)
			continue;
		INT_EQ(strlen(b->text), b->len);
		OK(dx_utf8_valid(b->text, b->len));
		OK(b->text[0] != ' ' && b->text[0] != '\n');
		OK(b->text[b->len - 1] != ' ' && b->text[b->len - 1] != '\n');
		OK(b->kind == DX_BLOCK_PARA ? b->level == 0 :
		   b->level >= 1 && b->level <= 6);
	}
}

#define BLOCK(a, i, k, txt) do { \
	OK((i) < (a)->nblocks); \
	if ((i) < (a)->nblocks) { \
		INT_EQ((a)->blocks[i].kind, (k)); \
		STR_EQ((a)->blocks[i].text, (txt)); \
	} \
} while (0)

static void format_from_path(void)
{
	INT_EQ(dx_format_from_path("corpus/kobe-dx.md"), DX_FMT_MARKDOWN);
	INT_EQ(dx_format_from_path("a/b.Markdown"), DX_FMT_MARKDOWN);
	INT_EQ(dx_format_from_path("/srv/site/index.HTML"), DX_FMT_HTML);
	INT_EQ(dx_format_from_path("page.htm"), DX_FMT_HTML);
	INT_EQ(dx_format_from_path("notes.TXT"), DX_FMT_TEXT);
	INT_EQ(dx_format_from_path("notes.text"), DX_FMT_TEXT);
	INT_EQ(dx_format_from_path("photo.jpg"), DX_FMT_UNKNOWN);
	INT_EQ(dx_format_from_path("README"), DX_FMT_UNKNOWN);
	INT_EQ(dx_format_from_path("dir.md/README"), DX_FMT_UNKNOWN);
	INT_EQ(dx_format_from_path(".md"), DX_FMT_UNKNOWN);
	INT_EQ(dx_format_from_path("x/.html"), DX_FMT_UNKNOWN);
	INT_EQ(dx_format_from_name("htm"), DX_FMT_HTML);
	INT_EQ(dx_format_from_name("MD"), DX_FMT_MARKDOWN);
	INT_EQ(dx_format_from_name("pdf"), DX_FMT_UNKNOWN);
}

static void unknown_format(void)
{
	dx_article a;

	INT_EQ(dx_extract(&a, DX_FMT_UNKNOWN, "本文", 6), DX_EINVAL);
	OK(a.title == NULL && a.blocks == NULL && a.nblocks == 0);
	dx_article_free(&a);
}

static void empty_inputs(void)
{
	dx_format f[] = { DX_FMT_MARKDOWN, DX_FMT_HTML, DX_FMT_TEXT };
	const char *src[] = { "", "   \n\n  ", "\xE3\x80\x80\n" };
	size_t i, j;
	dx_article a;

	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++) {
			extract(&a, f[i], src[j]);
			STR_EQ(a.title, "");
			INT_EQ(a.nblocks, 0);
			dx_article_free(&a);
		}
	INT_EQ(dx_extract(&a, DX_FMT_HTML, NULL, 0), DX_OK);
	STR_EQ(a.title, "");
	dx_article_free(&a);
}

/* ---- Markdown ------------------------------------------------------ */

static void md_front_matter(void)
{
	dx_article a;

	extract(&a, DX_FMT_MARKDOWN,
	        "---\n"
	        "title: \"商店街と大学の共同プロジェクト\"\n"
	        "date: 2024-06-03\n"
	        "url: https://www.city.example.jp/news/0603.html\n"
	        "description: '学生と店主が空き店舗を再生した記録'\n"
	        "tags: [まちづくり, \"産学連携\", 空き店舗]\n"
	        "author: 企画課\n"
	        "---\n"
	        "# 見出しはタイトルではない\n"
	        "\n"
	        "駅前の商店街で、空き店舗を学生の拠点にする試みが始まった。\n");
	check_blocks(&a);
	STR_EQ(a.title, "商店街と大学の共同プロジェクト");
	STR_EQ(a.date, "2024-06-03");
	STR_EQ(a.url, "https://www.city.example.jp/news/0603.html");
	STR_EQ(a.description, "学生と店主が空き店舗を再生した記録");
	INT_EQ(a.ntags, 3);
	if (a.ntags == 3) {
		STR_EQ(a.tags[0], "まちづくり");
		STR_EQ(a.tags[1], "産学連携");
		STR_EQ(a.tags[2], "空き店舗");
	}
	INT_EQ(a.nblocks, 2);
	BLOCK(&a, 0, DX_BLOCK_HEADING, "見出しはタイトルではない");
	BLOCK(&a, 1, DX_BLOCK_PARA,
	      "駅前の商店街で、空き店舗を学生の拠点にする試みが始まった。");
	OK(!article_has(&a, "author"));
	OK(!article_has(&a, "2024-06-03"));
	dx_article_free(&a);

	/* tags as "- item" lines; CRLF line ends; no title key */
	extract(&a, DX_FMT_MARKDOWN,
	        "---\r\n"
	        "tags:\r\n"
	        "  - 防災\r\n"
	        "  - 'ハザードマップ'\r\n"
	        "date: \"2023年9月1日\"\r\n"
	        "---\r\n"
	        "\r\n"
	        "# 地域の防災訓練\r\n"
	        "\r\n"
	        "避難所の開設手順を住民と確認した。\r\n");
	check_blocks(&a);
	STR_EQ(a.title, "地域の防災訓練");
	STR_EQ(a.date, "2023年9月1日");
	OK(a.url == NULL && a.description == NULL);
	INT_EQ(a.ntags, 2);
	if (a.ntags == 2) {
		STR_EQ(a.tags[0], "防災");
		STR_EQ(a.tags[1], "ハザードマップ");
	}
	INT_EQ(a.nblocks, 2);
	BLOCK(&a, 0, DX_BLOCK_HEADING, "地域の防災訓練");
	dx_article_free(&a);

	/* no closing line: not front matter ("---" is a thematic break) */
	extract(&a, DX_FMT_MARKDOWN,
	        "---\ntitle: 閉じていない\n\n本文です。\n");
	check_blocks(&a);
	STR_EQ(a.title, "");
	OK(article_has(&a, "閉じていない"));
	dx_article_free(&a);

	/* only at the very start */
	extract(&a, DX_FMT_MARKDOWN,
	        "\n---\ntitle: 途中\n---\n本文\n");
	OK(strcmp(a.title, "途中") != 0);
	dx_article_free(&a);

	/* a byte order mark does not hide it */
	extract(&a, DX_FMT_MARKDOWN,
	        "\xEF\xBB\xBF---\ntitle: 印つき\n---\n本文\n");
	STR_EQ(a.title, "印つき");
	INT_EQ(a.nblocks, 1);
	dx_article_free(&a);
}

static void md_headings_anchors(void)
{
	dx_article a;

	extract(&a, DX_FMT_MARKDOWN,
	        "# 官民共創で進める地域DX\n"
	        "\n"
	        "導入の文。\n"
	        "\n"
	        "## 背景と目的\n"
	        "\n"
	        "本文一。\n"
	        "\n"
	        "## 背景と目的\n"
	        "\n"
	        "本文二。\n"
	        "\n"
	        "### Open Data 2024!\n"
	        "\n"
	        "## 「市民参加」とは？\n"
	        "\n"
	        "### `mecab` の *設定*\n"
	        "\n"
	        "## 背景と目的\n"
	        "\n"
	        "## ！？\n"
	        "\n"
	        "見出しの下\n"
	        "=========\n");
	check_blocks(&a);
	STR_EQ(a.title, "官民共創で進める地域DX");
	INT_EQ(a.nblocks, 12);
	BLOCK(&a, 0, DX_BLOCK_HEADING, "官民共創で進める地域DX");
	INT_EQ(a.blocks[0].level, 1);
	STR_EQ(a.blocks[0].anchor, "官民共創で進める地域dx");
	BLOCK(&a, 1, DX_BLOCK_PARA, "導入の文。");
	OK(a.blocks[1].anchor == NULL);
	BLOCK(&a, 2, DX_BLOCK_HEADING, "背景と目的");
	INT_EQ(a.blocks[2].level, 2);
	STR_EQ(a.blocks[2].anchor, "背景と目的");
	STR_EQ(a.blocks[4].anchor, "背景と目的-1");
	BLOCK(&a, 6, DX_BLOCK_HEADING, "Open Data 2024!");
	INT_EQ(a.blocks[6].level, 3);
	STR_EQ(a.blocks[6].anchor, "open-data-2024");
	STR_EQ(a.blocks[7].anchor, "市民参加とは");
	BLOCK(&a, 8, DX_BLOCK_HEADING, "mecab の 設定");
	STR_EQ(a.blocks[8].anchor, "mecab-の-設定");
	STR_EQ(a.blocks[9].anchor, "背景と目的-2");
	/* a heading of punctuation only has no anchor */
	BLOCK(&a, 10, DX_BLOCK_HEADING, "！？");
	OK(a.blocks[10].anchor == NULL);
	/* setext heading */
	BLOCK(&a, 11, DX_BLOCK_HEADING, "見出しの下");
	INT_EQ(a.blocks[11].level, 1);
	dx_article_free(&a);

	/* A heading that looks like a generated anchor does not collide. */
	extract(&a, DX_FMT_MARKDOWN, "## 目次-1\n\n## 目次\n\n## 目次\n");
	INT_EQ(a.nblocks, 3);
	if (a.nblocks == 3) {
		STR_EQ(a.blocks[0].anchor, "目次-1");
		STR_EQ(a.blocks[1].anchor, "目次");
		STR_EQ(a.blocks[2].anchor, "目次-2");
	}
	dx_article_free(&a);
}

static void md_inline_text(void)
{
	dx_article a;

	extract(&a, DX_FMT_MARKDOWN,
	        "詳しくは[市の公式サイト](https://www.city.example.jp/dx \"DX\")"
	        "を参照し、**申請期限**と`form-2024.pdf`を確認してください。\n"
	        "\n"
	        "![庁舎の外観写真](img/chosha.jpg)会議は庁舎で開く。\n"
	        "\n"
	        "参照: <https://example.org/raw> と [脚注][1]。\n"
	        "\n"
	        "[1]: https://example.org/footnote\n"
	        "\n"
	        "A &amp; B &copy; 共&#x5171;\n");
	check_blocks(&a);
	INT_EQ(a.nblocks, 4);
	BLOCK(&a, 0, DX_BLOCK_PARA,
	      "詳しくは市の公式サイトを参照し、申請期限とform-2024.pdfを"
	      "確認してください。");
	BLOCK(&a, 1, DX_BLOCK_PARA, "会議は庁舎で開く。");
	/* an autolink's text is its URL: that one is text */
	BLOCK(&a, 2, DX_BLOCK_PARA, "参照: https://example.org/raw と 脚注。");
	BLOCK(&a, 3, DX_BLOCK_PARA, "A & B \xC2\xA9 共共");
	OK(!article_has(&a, "city.example.jp"));
	OK(!article_has(&a, "footnote"));
	OK(!article_has(&a, "chosha"));
	OK(!article_has(&a, "庁舎の外観写真"));
	dx_article_free(&a);
}

static void md_softbreaks(void)
{
	dx_article a;

	extract(&a, DX_FMT_MARKDOWN,
	        "本市では、地域の課題を解決するため\n"
	        "市民と行政が協働する仕組みを整えてきた。\n"
	        "\n"
	        "形態素解析には MeCab を使い\n"
	        "Xapian で索引を作る。\n"
	        "\n"
	        "open data\n"
	        "portal の公開\n"
	        "\n"
	        "「説明会」\n"
	        "（第2回）を開催。\n"
	        "\n"
	        "一行目です。  \n"
	        "二行目です。\\\n"
	        "三行目です。\n");
	check_blocks(&a);
	INT_EQ(a.nblocks, 5);
	BLOCK(&a, 0, DX_BLOCK_PARA,
	      "本市では、地域の課題を解決するため"
	      "市民と行政が協働する仕組みを整えてきた。");
	BLOCK(&a, 1, DX_BLOCK_PARA,
	      "形態素解析には MeCab を使い Xapian で索引を作る。");
	BLOCK(&a, 2, DX_BLOCK_PARA, "open data portal の公開");
	BLOCK(&a, 3, DX_BLOCK_PARA, "「説明会」（第2回）を開催。");
	BLOCK(&a, 4, DX_BLOCK_PARA, "一行目です。\n二行目です。\n三行目です。");
	dx_article_free(&a);
}

static void md_structure(void)
{
	dx_article a;

	extract(&a, DX_FMT_MARKDOWN,
	        "## 持ち物\n"
	        "\n"
	        "- 本人確認書類\n"
	        "- 印鑑（認印で可）\n"
	        "  - シャチハタは不可\n"
	        "\n"
	        "1. 窓口で番号札を取る\n"
	        "\n"
	        "   呼ばれたら書類を出す。\n"
	        "\n"
	        "> 混雑時は\n"
	        "> 待ち時間が長くなります。\n"
	        "\n"
	        "```sh\n"
	        "dxsearch index corpus/\n"
	        "dxsearch query 共創\n"
	        "```\n"
	        "\n"
	        "***\n"
	        "\n"
	        "<div class=\"note\">\n"
	        "<p>受付は<b>平日</b>のみ&amp;予約制です。</p>\n"
	        "<!-- 内部メモ: 公開しない -->\n"
	        "<script>var secret = 1;</script>\n"
	        "<p>電話でも<br>受け付けます。</p>\n"
	        "</div>\n"
	        );
	check_blocks(&a);
	INT_EQ(a.nblocks, 10);
	BLOCK(&a, 0, DX_BLOCK_HEADING, "持ち物");
	BLOCK(&a, 1, DX_BLOCK_PARA, "本人確認書類");
	BLOCK(&a, 2, DX_BLOCK_PARA, "印鑑（認印で可）");
	BLOCK(&a, 3, DX_BLOCK_PARA, "シャチハタは不可");
	BLOCK(&a, 4, DX_BLOCK_PARA, "窓口で番号札を取る");
	BLOCK(&a, 5, DX_BLOCK_PARA, "呼ばれたら書類を出す。");
	BLOCK(&a, 6, DX_BLOCK_PARA, "混雑時は待ち時間が長くなります。");
	BLOCK(&a, 7, DX_BLOCK_PARA,
	      "dxsearch index corpus/\ndxsearch query 共創");
	BLOCK(&a, 8, DX_BLOCK_PARA, "受付は平日のみ&予約制です。");
	BLOCK(&a, 9, DX_BLOCK_PARA, "電話でも\n受け付けます。");
	OK(!article_has(&a, "内部メモ"));
	OK(!article_has(&a, "secret"));
	OK(!article_has(&a, "<"));
	dx_article_free(&a);

	extract(&a, DX_FMT_MARKDOWN,
	        "文中の<span class=\"em\">強調</span>と<!-- 隠す -->改行<br/>後。\n");
	INT_EQ(a.nblocks, 1);
	BLOCK(&a, 0, DX_BLOCK_PARA, "文中の強調と改行\n後。");
	dx_article_free(&a);
}

/* ---- HTML ---------------------------------------------------------- */

static const char html_page[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"ja\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<title>図書館の夜間開館 | 北浜市</title>\n"
	"<meta name=\"description\" content=\"  夜間開館の  試行について \">\n"
	"<style>body { color: red }</style>\n"
	"<script>var ga = '計測';</script>\n"
	"</head>\n"
	"<body>\n"
	"<header><p>北浜市公式サイト</p><nav><a href=\"/\">ホーム</a></nav>"
	"</header>\n"
	"<nav><ul><li>くらし</li><li>観光</li></ul></nav>\n"
	"<p>本文の外の段落</p>\n"
	"<main>\n"
	"<h1 id=\"top\">図書館の夜間開館を試行します</h1>\n"
	"<p>中央図書館では、10月から<strong>金曜日</strong>の開館時間を\n"
	"  午後9時まで延長します。</p>\n"
	"<div class=\"share\" data-dxsearch-ignore>この記事を共有する</div>\n"
	"<h2>対象となる&nbsp;サービス</h2>\n"
	"<ul><li>貸出・返却</li><li>予約資料の受け取り</li></ul>\n"
	"<div>地下1階の<a href=\"/map\">学習室</a>も利用できます。"
	"<p>ただし飲食はできません。</p>最終入館は午後8時半です。</div>\n"
	"<h3>記号 &amp; 文字参照</h3>\n"
	"<p>A &lt; B &amp;&amp; 共&#x5171;&#20849;</p>\n"
	"<p>住所：北浜市<br>中央町1-2-3</p>\n"
	"<aside>関連記事：駐車場の案内</aside>\n"
	"<script>document.write('広告');</script>\n"
	"<noscript>JavaScriptを有効にしてください</noscript>\n"
	"<p><ruby>司書<rt>ししょ</rt></ruby>が案内します。</p>\n"
	"<table><tr><th>曜日</th><td>金曜日</td></tr></table>\n"
	"</main>\n"
	"<footer>Copyright 北浜市</footer>\n"
	"</body></html>\n";

static void html_page_extract(void)
{
	dx_article a;

	extract(&a, DX_FMT_HTML, html_page);
	check_blocks(&a);
	STR_EQ(a.title, "図書館の夜間開館 | 北浜市");
	STR_EQ(a.description, "夜間開館の 試行について");
	OK(a.url == NULL && a.date == NULL && a.ntags == 0);
	INT_EQ(a.nblocks, 14);
	BLOCK(&a, 0, DX_BLOCK_HEADING, "図書館の夜間開館を試行します");
	INT_EQ(a.blocks[0].level, 1);
	STR_EQ(a.blocks[0].anchor, "top");
	BLOCK(&a, 1, DX_BLOCK_PARA,
	      "中央図書館では、10月から金曜日の開館時間を"
	      "午後9時まで延長します。");
	BLOCK(&a, 2, DX_BLOCK_HEADING, "対象となる サービス");
	INT_EQ(a.blocks[2].level, 2);
	OK(a.blocks[2].anchor == NULL);
	BLOCK(&a, 3, DX_BLOCK_PARA, "貸出・返却");
	BLOCK(&a, 4, DX_BLOCK_PARA, "予約資料の受け取り");
	BLOCK(&a, 5, DX_BLOCK_PARA, "地下1階の学習室も利用できます。");
	BLOCK(&a, 6, DX_BLOCK_PARA, "ただし飲食はできません。");
	BLOCK(&a, 7, DX_BLOCK_PARA, "最終入館は午後8時半です。");
	BLOCK(&a, 8, DX_BLOCK_HEADING, "記号 & 文字参照");
	BLOCK(&a, 9, DX_BLOCK_PARA, "A < B && 共共共");
	BLOCK(&a, 10, DX_BLOCK_PARA, "住所：北浜市\n中央町1-2-3");
	BLOCK(&a, 11, DX_BLOCK_PARA, "司書が案内します。");
	BLOCK(&a, 12, DX_BLOCK_PARA, "曜日");
	BLOCK(&a, 13, DX_BLOCK_PARA, "金曜日");
	OK(!article_has(&a, "公式サイト"));
	OK(!article_has(&a, "くらし"));
	OK(!article_has(&a, "本文の外"));
	OK(!article_has(&a, "共有する"));
	OK(!article_has(&a, "関連記事"));
	OK(!article_has(&a, "広告"));
	OK(!article_has(&a, "計測"));
	OK(!article_has(&a, "JavaScript"));
	OK(!article_has(&a, "Copyright"));
	OK(!article_has(&a, "ししょ"));
	OK(!article_has(&a, "color"));
	OK(!article_has(&a, "/map"));
	dx_article_free(&a);
}

/* Date and tags of a page: <meta> (the first date that parses), else
 * the content's first <time>; keywords and article:tag as tags. */
static void html_date_tags(void)
{
	dx_article a;

	extract(&a, DX_FMT_HTML,
	        "<html><head><meta name=\"date\" content=\"いつか\">"
	        "<meta property=\"article:published_time\" "
	        "content=\"2024-05-01T09:00:00+09:00\">"
	        "<meta name=\"keywords\" content=\"防災, 避難所、 LINE，,\">"
	        "<meta property=\"article:tag\" content=\"まちづくり\">"
	        "</head><body><main><p><time datetime=\"2020-01-01\">"
	        "1月1日</time>本文</p></main></body></html>");
	STR_EQ(a.date, "2024-05-01T09:00:00+09:00");
	INT_EQ(a.ntags, 4);
	if (a.ntags == 4) {
		STR_EQ(a.tags[0], "防災");
		STR_EQ(a.tags[1], "避難所");
		STR_EQ(a.tags[2], "LINE");
		STR_EQ(a.tags[3], "まちづくり");
	}
	dx_article_free(&a);
	/* No meta date: the first <time> of the content, attribute or
	 * text; one in the navigation does not count. */
	extract(&a, DX_FMT_HTML,
	        "<body><nav><time datetime=\"2019-01-01\">x</time></nav>"
	        "<main><p>公開 <time datetime=\"2023-04-01\">4月1日</time></p>"
	        "<p><time datetime=\"2022-01-01\">x</time></p></main></body>");
	STR_EQ(a.date, "2023-04-01");
	dx_article_free(&a);
	extract(&a, DX_FMT_HTML,
	        "<body><article><time>2023年4月1日</time><p>本文</p>"
	        "</article></body>");
	STR_EQ(a.date, "2023年4月1日");
	dx_article_free(&a);
	extract(&a, DX_FMT_HTML,
	        "<body><main><time datetime=\"soon\">近日</time></main></body>");
	OK(a.date == NULL && a.ntags == 0);
	dx_article_free(&a);
	/* Plain text has no date, whatever it says. */
	extract(&a, DX_FMT_TEXT, "お知らせ\n\n2023-04-01\n\n本文です。\n");
	OK(a.date == NULL && a.ntags == 0);
	dx_article_free(&a);
}

static void html_article_and_body(void)
{
	dx_article a;

	/* no <main>: <article> wins over the rest of <body>; its own
	 * <header> holds the <h1> and is kept; no <title>: the h1 is */
	extract(&a, DX_FMT_HTML,
	        "<html><body>\n"
	        "<header><h1>サイト名</h1></header>\n"
	        "<div class=\"sidebar\">人気の記事</div>\n"
	        "<article>\n"
	        "<header><h1 id=\"a1\">子育て支援の窓口を一本化</h1>"
	        "<p>2024年5月</p></header>\n"
	        "<p>妊娠から就学までの相談を一か所で受け付けます。</p>\n"
	        "<footer>タグ：子育て</footer>\n"
	        "</article>\n"
	        "</body></html>");
	check_blocks(&a);
	STR_EQ(a.title, "子育て支援の窓口を一本化");
	INT_EQ(a.nblocks, 3);
	BLOCK(&a, 0, DX_BLOCK_HEADING, "子育て支援の窓口を一本化");
	STR_EQ(a.blocks[0].anchor, "a1");
	BLOCK(&a, 1, DX_BLOCK_PARA, "2024年5月");
	BLOCK(&a, 2, DX_BLOCK_PARA,
	      "妊娠から就学までの相談を一か所で受け付けます。");
	OK(!article_has(&a, "サイト名"));
	OK(!article_has(&a, "人気の記事"));
	OK(!article_has(&a, "タグ"));
	dx_article_free(&a);

	/* body only; text directly in body and divs is kept; a page-level
	 * header is skipped; no title and no h1: "" */
	extract(&a, DX_FMT_HTML,
	        "<body><header>ロゴ</header>はじめの文。"
	        "<div>囲みの文。<div>入れ子の文。</div></div>"
	        "<h2 id=\"\">空のid</h2><p>本文。</p>"
	        "<meta name=\"description\" content=\"本文中のメタ\">"
	        "</body>");
	check_blocks(&a);
	STR_EQ(a.title, "");
	OK(a.description == NULL);
	INT_EQ(a.nblocks, 5);
	BLOCK(&a, 0, DX_BLOCK_PARA, "はじめの文。");
	BLOCK(&a, 1, DX_BLOCK_PARA, "囲みの文。");
	BLOCK(&a, 2, DX_BLOCK_PARA, "入れ子の文。");
	BLOCK(&a, 3, DX_BLOCK_HEADING, "空のid");
	OK(a.blocks[3].anchor == NULL);
	OK(!article_has(&a, "ロゴ"));
	dx_article_free(&a);

	/* og:description; <title> inside <svg> is not the page title */
	extract(&a, DX_FMT_HTML,
	        "<html><head><meta property=\"og:description\" "
	        "content=\"OGの説明\"></head><body>"
	        "<svg><title>アイコン</title></svg>"
	        "<h1>本当の題名</h1><p>本文</p></body></html>");
	STR_EQ(a.title, "本当の題名");
	STR_EQ(a.description, "OGの説明");
	OK(!article_has(&a, "アイコン"));
	dx_article_free(&a);
}

static void html_whitespace(void)
{
	dx_article a;

	extract(&a, DX_FMT_HTML,
	        "<main>"
	        "<p>\n  改行の入った\n  日本語の\n  段落です。\n</p>"
	        "<p>English   words\n\tacross\n lines</p>"
	        "<p>日本語と\nEnglish\nの混在</p>"
	        "<p>全角の　空白は　残す</p>"
	        "<pre>  int main(void)\n  {\n      return 0;\n  }</pre>"
	        "<p>   </p><p>\n</p>"
	        "<h2>\n  見出し\n  の改行\n</h2>"
	        "</main>");
	check_blocks(&a);
	INT_EQ(a.nblocks, 6);
	BLOCK(&a, 0, DX_BLOCK_PARA, "改行の入った日本語の段落です。");
	BLOCK(&a, 1, DX_BLOCK_PARA, "English words across lines");
	BLOCK(&a, 2, DX_BLOCK_PARA, "日本語と English の混在");
	BLOCK(&a, 3, DX_BLOCK_PARA, "全角の　空白は　残す");
	BLOCK(&a, 4, DX_BLOCK_PARA,
	      "int main(void)\n  {\n      return 0;\n  }");
	BLOCK(&a, 5, DX_BLOCK_HEADING, "見出しの改行");
	dx_article_free(&a);
}

static void html_broken(void)
{
	static const char *const inputs[] = {
		"<html><body><div><p>閉じない段落<p>次の段落<div>入れ子",
		"</div></div><p>迷子の閉じタグの後</p></div></span>",
		"<p>属性が<a href=\"x>壊れている</p>",
		"<",
		"<<<>>>&&&;;;",
		"<!-- 閉じないコメント <p>見えない",
		"<table><tr><td>セル<td>セル2</table></td></tr>",
		"<h1><h2>入れ子の見出し</h1></h2>",
		"<script>閉じないスクリプト",
		"&#xFFFFFFFF; &#0; &#xD800; &bogus; &",
		"<p>\xEF\xBF\xBD 置換文字</p>",
		"<main><main><article></main>二重</article>",
		NULL
	};
	size_t i;
	dx_article a;

	for (i = 0; inputs[i]; i++) {
		extract(&a, DX_FMT_HTML, inputs[i]);
		check_blocks(&a);
		dx_article_free(&a);
	}
	extract(&a, DX_FMT_HTML, inputs[0]);
	INT_EQ(a.nblocks, 3);
	BLOCK(&a, 0, DX_BLOCK_PARA, "閉じない段落");
	BLOCK(&a, 1, DX_BLOCK_PARA, "次の段落");
	BLOCK(&a, 2, DX_BLOCK_PARA, "入れ子");
	dx_article_free(&a);
	extract(&a, DX_FMT_HTML, inputs[1]);
	OK(article_has(&a, "迷子の閉じタグの後"));
	dx_article_free(&a);
	extract(&a, DX_FMT_HTML, inputs[6]);
	OK(article_has(&a, "セル2"));
	dx_article_free(&a);

	/* Deep nesting (old pages never close <font>): past libxml2's
	 * default depth limit of 256, with no stack overflow, and the text
	 * after the deep part is not lost. */
	{
		static const size_t depths[] = { 300, 20000 };
		size_t d, k, n;
		char *big;

		for (d = 0; d < 2; d++) {
			big = malloc(depths[d] * 6 + 64);
			n = 0;
			for (k = 0; k < depths[d]; k++) {
				memcpy(big + n, "<font>", 6);
				n += 6;
			}
			n += (size_t)sprintf(big + n, "深い<p>後の段落</p>");
			INT_EQ(dx_extract(&a, DX_FMT_HTML, big, n), DX_OK);
			check_blocks(&a);
			OK(article_has(&a, "深い"));
			OK(article_has(&a, "後の段落"));
			dx_article_free(&a);
			free(big);
		}
	}
}

/* A page decoded from Shift_JIS keeps its meta charset; the text is UTF-8
 * already and must stay so. */
static void html_stale_charset(void)
{
	dx_article a;

	extract(&a, DX_FMT_HTML,
	        "<html><head><meta http-equiv=\"Content-Type\" "
	        "content=\"text/html; charset=Shift_JIS\">"
	        "<title>旧ページ</title></head>"
	        "<body><p>文字コードの宣言が古い。</p></body></html>");
	check_blocks(&a);
	STR_EQ(a.title, "旧ページ");
	INT_EQ(a.nblocks, 1);
	BLOCK(&a, 0, DX_BLOCK_PARA, "文字コードの宣言が古い。");
	dx_article_free(&a);
}

/* ---- plain text ---------------------------------------------------- */

static void text_basic(void)
{
	dx_article a;

	extract(&a, DX_FMT_TEXT,
	        "\n"
	        "  市民協働フォーラム開催報告  \n"
	        "2024年2月10日　市民活動推進課\n"
	        "\n"
	        "　今年のフォーラムには、市内で活動する\n"
	        "団体や学生など約200人が参加した。\n"
	        "\n"
	        "【開催概要】\n"
	        "会場は市民会館の大ホール。\n"
	        "\n"
	        "■ 基調講演\n"
	        "\n"
	        "講師は地域づくりの研究者で、\n"
	        "Design Thinking\n"
	        "の手法を紹介した。\n"
	        "\n"
	        "第2章　分科会の報告\n"
	        "\n"
	        "1. 子育て分科会\n"
	        "保育の担い手不足について議論した。\n"
	        "\n"
	        "当日の持ち物\n"
	        "\n"
	        "○ 筆記用具\n"
	        "○ 参加証\n"
	        "・飲み物\n"
	        "\n"
	        "次の手順で申し込む：\n"
	        "\n"
	        "1. 申込書を書く\n"
	        "2. 窓口に出す\n"
	        "\n"
	        "【重要】会場は土足厳禁です。駐車場はありません。\n"
	        "\n"
	        "（問い合わせ：市民活動推進課）\n");
	check_blocks(&a);
	STR_EQ(a.title, "市民協働フォーラム開催報告");
	INT_EQ(a.nblocks, 15);
	/* right under the title: a paragraph, not a heading */
	BLOCK(&a, 0, DX_BLOCK_PARA, "2024年2月10日　市民活動推進課");
	BLOCK(&a, 1, DX_BLOCK_PARA,
	      "今年のフォーラムには、市内で活動する"
	      "団体や学生など約200人が参加した。");
	BLOCK(&a, 2, DX_BLOCK_HEADING, "開催概要");
	BLOCK(&a, 3, DX_BLOCK_PARA, "会場は市民会館の大ホール。");
	BLOCK(&a, 4, DX_BLOCK_HEADING, "基調講演");
	BLOCK(&a, 5, DX_BLOCK_PARA,
	      "講師は地域づくりの研究者で、Design Thinking の手法を紹介した。");
	BLOCK(&a, 6, DX_BLOCK_HEADING, "第2章　分科会の報告");
	BLOCK(&a, 7, DX_BLOCK_HEADING, "1. 子育て分科会");
	BLOCK(&a, 8, DX_BLOCK_PARA, "保育の担い手不足について議論した。");
	BLOCK(&a, 9, DX_BLOCK_HEADING, "当日の持ち物");
	/* a list of ○ lines is a list, not headings */
	BLOCK(&a, 10, DX_BLOCK_PARA, "○ 筆記用具\n○ 参加証\n・飲み物");
	/* a line leading into a list is no heading */
	BLOCK(&a, 11, DX_BLOCK_PARA, "次の手順で申し込む：");
	BLOCK(&a, 12, DX_BLOCK_PARA, "1. 申込書を書く\n2. 窓口に出す");
	/* a sentence after 【重要】 is no heading */
	BLOCK(&a, 13, DX_BLOCK_PARA,
	      "【重要】会場は土足厳禁です。駐車場はありません。");
	/* the last line alone is no heading */
	BLOCK(&a, 14, DX_BLOCK_PARA, "（問い合わせ：市民活動推進課）");
	OK(!article_has(&a, "\n\n"));
	dx_article_free(&a);
}

static void text_heading_shapes(void)
{
	dx_article a;

	extract(&a, DX_FMT_TEXT,
	        "題名\n"
	        "\n"
	        "●目的\n"
	        "財政の見える化を進める。\n"
	        "◆ 経緯 ◆\n"
	        "昨年度に検討会を設けた。\n"
	        "（1）現状\n"
	        "窓口の待ち時間は平均40分。\n"
	        "① 課題\n"
	        "人手が足りない。\n"
	        "１．対策\n"
	        "予約制を導入する。\n"
	        "2.1 効果\n"
	        "待ち時間が半分になった。\n"
	        "第十一条　施行期日\n"
	        "公布の日から施行する。\n"
	        "■この見出しは長すぎるので見出しとしては扱わず段落の一部として"
	        "残るはずの行になっています\n"
	        "2024年度の予算は増えた。\n"
	        "3.14 は円周率の近似値。\n");
	check_blocks(&a);
	STR_EQ(a.title, "題名");
	BLOCK(&a, 0, DX_BLOCK_HEADING, "目的");
	BLOCK(&a, 1, DX_BLOCK_PARA, "財政の見える化を進める。");
	BLOCK(&a, 2, DX_BLOCK_HEADING, "経緯");
	BLOCK(&a, 4, DX_BLOCK_HEADING, "（1）現状");
	BLOCK(&a, 6, DX_BLOCK_HEADING, "① 課題");
	BLOCK(&a, 8, DX_BLOCK_HEADING, "１．対策");
	BLOCK(&a, 10, DX_BLOCK_HEADING, "2.1 効果");
	BLOCK(&a, 12, DX_BLOCK_HEADING, "第十一条　施行期日");
	/* list-like lines keep their line break */
	BLOCK(&a, 13, DX_BLOCK_PARA, "公布の日から施行する。\n"
	      "■この見出しは長すぎるので見出しとしては扱わず段落の一部として"
	      "残るはずの行になっています 2024年度の予算は増えた。\n"
	      "3.14 は円周率の近似値。");
	INT_EQ(a.nblocks, 14);
	dx_article_free(&a);

	/* only a title */
	extract(&a, DX_FMT_TEXT, "\n\n　お知らせ　\n\n");
	STR_EQ(a.title, "お知らせ");
	INT_EQ(a.nblocks, 0);
	dx_article_free(&a);

	/* CRLF and a BOM */
	extract(&a, DX_FMT_TEXT,
	        "\xEF\xBB\xBF題\r\n\r\n本文の\r\n続き\r\n");
	STR_EQ(a.title, "題");
	INT_EQ(a.nblocks, 1);
	BLOCK(&a, 0, DX_BLOCK_PARA, "本文の続き");
	dx_article_free(&a);
}

int main(void)
{
	format_from_path();
	unknown_format();
	empty_inputs();
	md_front_matter();
	md_headings_anchors();
	md_inline_text();
	md_softbreaks();
	md_structure();
	html_page_extract();
	html_article_and_body();
	html_date_tags();
	html_whitespace();
	html_broken();
	html_stale_charset();
	text_basic();
	text_heading_shapes();
	return dx_test_finish();
}
