/* test_passage.c -- passages from blocks: merging, splitting, counting. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "extract.h"
#include "passage.h"
#include "utf8.h"

/* ---- building articles by hand -------------------------------------- */

#define MAXB 64

typedef struct {
	dx_article art;
	dx_block   b[MAXB];
} fixture;

static void fx_init(fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->art.title = (char *)"";
	f->art.blocks = f->b;
}

static void fx_add(fixture *f, dx_block_kind kind, const char *text,
                   const char *anchor)
{
	dx_block *b = &f->b[f->art.nblocks++];

	b->kind = kind;
	b->level = kind == DX_BLOCK_HEADING ? 2 : 0;
	b->text = (char *)text;
	b->len = strlen(text);
	b->anchor = (char *)anchor;
}

#define H(f, t, an) fx_add((f), DX_BLOCK_HEADING, (t), (an))
#define P(f, t) fx_add((f), DX_BLOCK_PARA, (t), NULL)

static size_t chars(const char *s)
{
	size_t i, n = 0;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* n copies of the UTF-8 string `unit`; caller frees. */
static char *repeat(const char *unit, size_t n)
{
	size_t u = strlen(unit), i;
	char *s = malloc(u * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

/* Invariants of every passage: valid UTF-8 (no character split), len
 * right, trimmed, non-empty, at most max characters, owned strings. */
static void check_passages(const dx_passage *p, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n; i++) {
		OK(p[i].text && p[i].heading && p[i].anchor);
		if (!p[i].text)
			continue;
		INT_EQ(strlen(p[i].text), p[i].len);
		OK(p[i].len > 0);
		OK(dx_utf8_valid(p[i].text, p[i].len));
		OK(chars(p[i].text) <= max);
		OK(p[i].text[0] != ' ' && p[i].text[0] != '\n');
		OK(p[i].text[p[i].len - 1] != ' ' &&
		   p[i].text[p[i].len - 1] != '\n');
	}
}

/* check_passages() without a check per passage: 1 if all hold. */
static int passages_hold(const dx_passage *p, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!p[i].text || !p[i].heading || !p[i].anchor ||
		    strlen(p[i].text) != p[i].len || p[i].len == 0 ||
		    !dx_utf8_valid(p[i].text, p[i].len) ||
		    chars(p[i].text) > max || p[i].text[0] == ' ' ||
		    p[i].text[0] == '\n' || p[i].text[p[i].len - 1] == ' ' ||
		    p[i].text[p[i].len - 1] == '\n')
			return 0;
	return 1;
}

/* The passages' text with all whitespace removed, concatenated: what
 * must equal the source's text with all whitespace removed. */
static char *squeeze(const char *s, char *out)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			*out++ = *s;
	*out = '\0';
	return out;
}

/* ---- tests ----------------------------------------------------------- */

static void merge_short_paragraphs(void)
{
	fixture f;
	dx_passage *p;
	size_t n;
	dx_passage_opts o = { 20, 100 };

	fx_init(&f);
	H(&f, "申請の方法", "申請の方法");
	P(&f, "窓口で申請できます。");                  /* 10 chars */
	P(&f, "郵送でも受け付けます。");                /* 11 chars */
	P(&f, "オンライン申請は来年度から始まります。"); /* 19 chars */
	P(&f, "手数料は無料です。");
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 2);
	if (n == 2) {
		/* 10 + 1 + 11 = 22 >= 20: one passage */
		STR_EQ(p[0].text, "窓口で申請できます。\n郵送でも受け付けます。");
		STR_EQ(p[0].heading, "申請の方法");
		STR_EQ(p[0].anchor, "申請の方法");
		/* 19 + 1 + 9 = 29: the last one merges too */
		STR_EQ(p[1].text, "オンライン申請は来年度から始まります。\n"
		                  "手数料は無料です。");
		INT_EQ(p[1].len, strlen(p[1].text));
	}
	dx_passages_free(p, n);
}

static void headings_group(void)
{
	fixture f;
	dx_passage *p;
	size_t n;
	dx_passage_opts o = { 30, 200 };

	fx_init(&f);
	P(&f, "見出しの前の導入文です。");
	H(&f, "概要", "gaiyou");
	P(&f, "短い。");                /* short, but the heading ends it */
	H(&f, "空の見出し", "empty");    /* no paragraphs: no passage */
	H(&f, "詳細", NULL);
	P(&f, "一つ目の段落。");
	P(&f, "二つ目の段落。");
	H(&f, "最後", "last");
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 3);
	if (n == 3) {
		STR_EQ(p[0].text, "見出しの前の導入文です。");
		STR_EQ(p[0].heading, "");
		STR_EQ(p[0].anchor, "");
		STR_EQ(p[1].text, "短い。");
		STR_EQ(p[1].heading, "概要");
		STR_EQ(p[1].anchor, "gaiyou");
		/* heading text is not part of the passage */
		STR_EQ(p[2].text, "一つ目の段落。\n二つ目の段落。");
		STR_EQ(p[2].heading, "詳細");
		STR_EQ(p[2].anchor, "");
	}
	dx_passages_free(p, n);
}

static void empty_articles(void)
{
	fixture f;
	dx_passage *p = (dx_passage *)&f;
	size_t n = 99;

	fx_init(&f);
	INT_EQ(dx_passages(&p, &n, &f.art, NULL), DX_OK);
	INT_EQ(n, 0);
	OK(p == NULL);
	dx_passages_free(p, n);

	H(&f, "見出しだけ", "a");
	H(&f, "もう一つ", "b");
	INT_EQ(dx_passages(&p, &n, &f.art, NULL), DX_OK);
	INT_EQ(n, 0);
	dx_passages_free(p, n);

	INT_EQ(dx_passages(&p, &n, NULL, NULL), DX_EINVAL);
	dx_passages_free(NULL, 0);
}

/* Defaults (300, 800) with NULL options, counted in characters: 400
 * kanji are 1200 bytes but only 400 characters, so no split. */
static void counts_characters(void)
{
	fixture f;
	dx_passage *p;
	size_t n;
	char *k400 = repeat("漢", 400), *k800 = repeat("字", 800);
	char *k801 = repeat("語", 801), *k299 = repeat("あ", 299);

	fx_init(&f);
	H(&f, "数え方", NULL);
	P(&f, k400);
	P(&f, k800);
	P(&f, k801);
	P(&f, k299);
	INT_EQ(dx_passages(&p, &n, &f.art, NULL), DX_OK);
	check_passages(p, n, 800);
	INT_EQ(n, 4);
	if (n == 4) {
		STR_EQ(p[0].text, k400);
		STR_EQ(p[1].text, k800);         /* exactly max: kept whole */
		INT_EQ(chars(p[2].text), 800);   /* max + 1: hard cut */
		/* the 1-character tail is short: merged with the next */
		INT_EQ(chars(p[3].text), 1 + 1 + 299);
		OK(strncmp(p[3].text, "語\nあ", strlen("語\nあ")) == 0);
	}
	dx_passages_free(p, n);
	free(k400);
	free(k800);
	free(k801);
	free(k299);
}

static void split_at_sentences(void)
{
	fixture f;
	dx_passage *p;
	size_t n, i;
	dx_passage_opts o = { 10, 40 };
	const char *para =
		"市は今年度、地域の交通計画を見直した。"          /* 19 */
		"高齢者の通院手段が課題となっている。"            /* 18 */
		"そこでデマンド型の乗合タクシーを試験運行する！"  /* 23 */
		"利用者の声は「便利になった。」と好評だ。"        /* 20 */
		"本当に続けられるのか？"                          /* 11 */
		"財源の確保が次の課題である。";                   /* 14 */

	fx_init(&f);
	H(&f, "交通", "kotsu");
	P(&f, para);
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 4);
	if (n == 4) {
		STR_EQ(p[0].text, "市は今年度、地域の交通計画を見直した。"
		                  "高齢者の通院手段が課題となっている。");
		STR_EQ(p[1].text, "そこでデマンド型の乗合タクシーを試験運行する！");
		/* a sentence end inside brackets takes its closer along */
		STR_EQ(p[2].text, "利用者の声は「便利になった。」と好評だ。"
		                  "本当に続けられるのか？");
		STR_EQ(p[3].text, "財源の確保が次の課題である。");
		for (i = 0; i < n; i++)
			STR_EQ(p[i].heading, "交通");
	}
	dx_passages_free(p, n);

	/* a line break is a sentence end; ASCII ". " too, "3.14" not */
	fx_init(&f);
	P(&f, "The index is built with Xapian 1.4.22 today. "
	      "Terms come from MeCab.\n"
	      "検索は速い");
	o.min_chars = 5;
	o.max_chars = 50;
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 2);
	if (n == 2) {
		STR_EQ(p[0].text, "The index is built with Xapian 1.4.22 today.");
		STR_EQ(p[1].text, "Terms come from MeCab.\n検索は速い");
	}
	dx_passages_free(p, n);
}

static void split_without_sentence_end(void)
{
	fixture f;
	dx_passage *p;
	size_t n;
	dx_passage_opts o = { 5, 20 };
	char *k = repeat("共", 45);
	char src[512], got[512], *w;
	size_t i;

	/* no sentence end, no comma: hard cuts at 20 characters */
	fx_init(&f);
	P(&f, k);
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 3);
	if (n == 3) {
		INT_EQ(chars(p[0].text), 20);
		INT_EQ(chars(p[1].text), 20);
		INT_EQ(chars(p[2].text), 5);
	}
	dx_passages_free(p, n);
	free(k);

	/* a comma in the second half of the window is preferred to a hard
	 * cut, so a word is not split */
	fx_init(&f);
	P(&f, "地域の事業者と大学と行政が連携し、共創型の実証実験を重ねて"
	      "成果を共有する仕組み");
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 3);
	if (n == 3) {
		STR_EQ(p[0].text, "地域の事業者と大学と行政が連携し、");
		STR_EQ(p[1].text, "共創型の実証実験を重ねて成果を共有する仕");
		STR_EQ(p[2].text, "組み");
	}
	dx_passages_free(p, n);

	/* 4-byte characters and mixed widths: never split inside one */
	fx_init(&f);
	strcpy(src, "");
	for (i = 0; i < 13; i++)
		strcat(src, "𠮷aé野");
	P(&f, src);
	o.min_chars = 1;
	o.max_chars = 7;
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	w = got;
	for (i = 0; i < n; i++)
		w = squeeze(p[i].text, w);
	STR_EQ(got, src);
	dx_passages_free(p, n);
}

/* The short tail of a split paragraph merges with the next paragraph; a
 * short paragraph before a long one goes into the first piece. */
static void tails_merge(void)
{
	fixture f;
	dx_passage *p;
	size_t n;
	dx_passage_opts o = { 15, 30 };

	fx_init(&f);
	H(&f, "節", "s");
	P(&f, "補足。");                                          /* 3 */
	P(&f, "説明会は市役所本庁舎の三階大会議室で開催する。"    /* 23 */
	      "定員は五十名。");                                  /* 7 */
	P(&f, "申し込みは電話で受け付ける。");                    /* 14 */
	INT_EQ(dx_passages(&p, &n, &f.art, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 2);
	if (n == 2) {
		/* 3 + 1 + 23 = 27 <= 30 */
		STR_EQ(p[0].text, "補足。\n"
		       "説明会は市役所本庁舎の三階大会議室で開催する。");
		/* 7 + 1 + 14 = 22 >= 15 */
		STR_EQ(p[1].text, "定員は五十名。\n申し込みは電話で受け付ける。");
	}
	dx_passages_free(p, n);
}

/* min_chars 0: every paragraph alone; min > max is clamped. */
static void option_edges(void)
{
	fixture f;
	dx_passage *p;
	size_t n;
	dx_passage_opts zero = { 0, 0 }, odd = { 50, 10 };

	fx_init(&f);
	P(&f, "一。");
	P(&f, "二。");
	INT_EQ(dx_passages(&p, &n, &f.art, &zero), DX_OK);
	INT_EQ(n, 2);
	dx_passages_free(p, n);
	INT_EQ(dx_passages(&p, &n, &f.art, &odd), DX_OK);
	INT_EQ(n, 1);
	if (n == 1)
		STR_EQ(p[0].text, "一。\n二。");
	dx_passages_free(p, n);
}

/* From Markdown to passages, end to end. */
static void from_markdown(void)
{
	dx_article a;
	dx_passage *p;
	size_t n;
	dx_passage_opts o = { 20, 60 };
	const char *md =
		"---\ntitle: 空き家バンクの運用\n---\n"
		"# 空き家バンクの運用\n\n"
		"市内の空き家を登録し、移住希望者に紹介する制度を\n"
		"運用している。\n\n"
		"## 登録の条件\n\n"
		"- 市内に所在すること\n"
		"- 所有者の同意があること\n\n"
		"## 実績\n\n"
		"昨年度は[十二件](https://example.jp/stats)の成約があった。"
		"成約した物件の多くは築四十年を超える木造住宅で、改修費の補助を"
		"併用した例が目立つ。今年度は補助の上限を引き上げ、さらに利用を"
		"促す。\n";

	INT_EQ(dx_extract(&a, DX_FMT_MARKDOWN, md, strlen(md)), DX_OK);
	INT_EQ(dx_passages(&p, &n, &a, &o), DX_OK);
	check_passages(p, n, o.max_chars);
	INT_EQ(n, 4);
	if (n == 4) {
		STR_EQ(p[0].heading, "空き家バンクの運用");
		STR_EQ(p[0].anchor, "空き家バンクの運用");
		STR_EQ(p[0].text, "市内の空き家を登録し、移住希望者に紹介する"
		                  "制度を運用している。");
		STR_EQ(p[1].heading, "登録の条件");
		STR_EQ(p[1].text, "市内に所在すること\n所有者の同意があること");
		STR_EQ(p[2].heading, "実績");
		STR_EQ(p[2].anchor, "実績");
		STR_EQ(p[2].text, "昨年度は十二件の成約があった。"
		       "成約した物件の多くは築四十年を超える木造住宅で、"
		       "改修費の補助を併用した例が目立つ。");
		STR_EQ(p[3].text, "今年度は補助の上限を引き上げ、さらに利用を"
		                  "促す。");
	}
	dx_passages_free(p, n);
	dx_article_free(&a);
}

/* Pseudo-random text of 1- to 4-byte characters, sentence ends, spaces
 * and line breaks, through many option pairs: every passage valid and
 * within max; no text lost. */
static void random_texts(void)
{
	static const char *const units[] = {
		"あ", "漢", "a", "Z", " ", "。", "、", "！", "?", "\n", "é",
		"𠮷", "」", "ー", "1", ".",
	};
	unsigned long seed = 12345;
	char *src = malloc(4 * 3000 + 1), *want = malloc(4 * 3000 + 1);
	char *got = malloc(4 * 3000 + 1), *w;
	size_t round, i, n, len;
	int bad = 0;

	for (round = 0; round < 200; round++) {
		fixture f;
		dx_passage *p;
		dx_passage_opts o;
		size_t nunits = 1 + round * 13 % 3000;

		len = 0;
		for (i = 0; i < nunits; i++) {
			const char *u;
			seed = seed * 1103515245 + 12345;
			u = units[(seed >> 16) % (sizeof(units) /
			                          sizeof(units[0]))];
			memcpy(src + len, u, strlen(u));
			len += strlen(u);
		}
		src[len] = '\0';
		o.max_chars = 1 + round % 97;
		o.min_chars = round % 3 == 0 ? 0 : o.max_chars / (1 + round % 4);
		fx_init(&f);
		P(&f, src);
		P(&f, "終わり。");
		if (dx_passages(&p, &n, &f.art, &o) != DX_OK) {
			bad++;
			continue;
		}
		if (!passages_hold(p, n, o.max_chars))
			bad++;
		w = got;
		for (i = 0; i < n; i++)
			w = squeeze(p[i].text, w);
		w = squeeze(src, want);
		squeeze("終わり。", w);
		if (strcmp(got, want) != 0)
			bad++;
		dx_passages_free(p, n);
	}
	INT_EQ(bad, 0);
	free(src);
	free(want);
	free(got);
}

int main(void)
{
	merge_short_paragraphs();
	headings_group();
	empty_articles();
	counts_characters();
	split_at_sentences();
	split_without_sentence_end();
	tails_merge();
	option_edges();
	from_markdown();
	random_texts();
	return dx_test_finish();
}
