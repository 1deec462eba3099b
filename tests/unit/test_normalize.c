/* test_normalize.c -- the normalizer and its offset map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "harness.h"
#include "normalize.h"
#include "utf8.h"

/* The normalized form of s, as a string the caller frees. */
static char *norm(const char *s)
{
	dx_norm n;
	char *out;

	if (dx_normalize(&n, s, strlen(s)) < 0)
		return NULL;
	out = strdup(n.text);
	dx_norm_free(&n);
	return out;
}

#define NORM_EQ(in, want) do { \
		char *got_ = norm(in); \
		STR_EQ(got_, want); \
		free(got_); \
	} while (0)

/* The original span of the normalized character starting at byte b,
 * formatted "start-end". */
static void span_of(const dx_norm *n, size_t b, char *out, size_t cap)
{
	size_t e = b + 1;

	while (e < n->len && ((unsigned char)n->text[e] & 0xC0) == 0x80)
		e++;
	snprintf(out, cap, "%u-%u", n->ostart[b], n->oend[e - 1]);
}

static void test_fullwidth_ascii(void)
{
	dx_norm n;
	char sp[32];

	NORM_EQ("ＤＸ", "dx");
	NORM_EQ("ＡＢＣ１２３！？", "abc123!?");
	NORM_EQ("ｋｉｎｔｏｎｅ", "kintone");
	OK(dx_normalize(&n, "ＤＸ推進", strlen("ＤＸ推進")) == DX_OK);
	STR_EQ(n.text, "dx推進");
	INT_EQ(n.len, 8);
	span_of(&n, 0, sp, sizeof(sp));
	STR_EQ(sp, "0-3");
	span_of(&n, 1, sp, sizeof(sp));
	STR_EQ(sp, "3-6");
	span_of(&n, 2, sp, sizeof(sp));
	STR_EQ(sp, "6-9");
	span_of(&n, 5, sp, sizeof(sp));
	STR_EQ(sp, "9-12");
	INT_EQ(n.ostart[n.len], 12);
	INT_EQ(n.oend[n.len], 12);
	dx_norm_free(&n);
}

static void test_case_fold(void)
{
	NORM_EQ("DX", "dx");
	NORM_EQ("API連携", "api連携");
	NORM_EQ("Straße ÉCOLE", "strasse école");
	NORM_EQ("ΣΊΣΥΦΟΣ", "σίσυφοσ");
}

static void test_halfwidth_kana(void)
{
	dx_norm n;
	char sp[32];

	NORM_EQ("ｶﾀｶﾅ", "カタカナ");
	NORM_EQ("ﾊﾞｲｵﾘﾝ", "バイオリン");
	NORM_EQ("ﾊﾟﾝ", "パン");
	NORM_EQ("ｳﾞｨ", "ヴィ");
	NORM_EQ("ｱｲﾌｫﾝ", "アイフォン");
	NORM_EQ("ｺｰﾋｰ", "コーヒー");
	NORM_EQ("｢ﾃｽﾄ｣｡", "「テスト」。");
	/* ﾊﾞ: both half-width characters are one cluster, one バ. */
	OK(dx_normalize(&n, "ﾊﾞｶ", strlen("ﾊﾞｶ")) == DX_OK);
	STR_EQ(n.text, "バカ");
	span_of(&n, 0, sp, sizeof(sp));
	STR_EQ(sp, "0-6");
	span_of(&n, 3, sp, sizeof(sp));
	STR_EQ(sp, "6-9");
	dx_norm_free(&n);
	/* A dakuten with nothing to join keeps its (combining) form. */
	NORM_EQ("ﾞ", "\xE3\x82\x99");
}

static void test_dakuten_kept(void)
{
	NORM_EQ("バ", "バ");
	NORM_EQ("ハ", "ハ");
	NORM_EQ("パ", "パ");
	OK(strcmp("バ", "ハ") != 0);
	/* か + combining dakuten composes. */
	NORM_EQ("か\xE3\x82\x99", "が");
	NORM_EQ("ヘ\xE3\x82\x9A", "ペ");
	NORM_EQ("e\xCC\x81", "é");
}

static void test_spaces_and_controls(void)
{
	NORM_EQ("東京\xE3\x80\x80大阪", "東京 大阪");      /* U+3000 */
	NORM_EQ("a\xC2\xA0" "b", "a b");                    /* NBSP */
	NORM_EQ("a\tb\vc\fd\x01" "e\x7F" "f", "a b c d e f");
	NORM_EQ("東京\r\n大阪\r\n", "東京 \n大阪 \n");
	NORM_EQ("a\rb", "a\nb");                              /* lone CR */
	NORM_EQ("a\nb", "a\nb");
	NORM_EQ("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "a\nb\nc");
	NORM_EQ("a\xC2\x85" "b", "a\nb");                     /* NEL */
	{
		dx_norm n;

		OK(dx_normalize(&n, "a\0b", 3) == DX_OK);
		INT_EQ(n.len, 3);
		OK(memcmp(n.text, "a b", 3) == 0);
		dx_norm_free(&n);
	}
	/* default ignorables are dropped: ZWSP, BOM, soft hyphen */
	NORM_EQ("\xEF\xBB\xBF" "ab\xE2\x80\x8B" "c\xC2\xAD" "d", "abcd");
}

static void test_wave_dash(void)
{
	NORM_EQ("10\xE3\x80\x9C" "20", "10~20");             /* U+301C */
	NORM_EQ("10\xEF\xBD\x9E" "20", "10~20");             /* U+FF5E */
	NORM_EQ("10\xE2\x81\x93" "20", "10~20");             /* U+2053 */
	NORM_EQ("10~20", "10~20");
}

static void test_long_vowel(void)
{
	NORM_EQ("ラ-メン", "ラーメン");
	NORM_EQ("ラ\xE2\x88\x92メン", "ラーメン");          /* U+2212 */
	NORM_EQ("ラ\xEF\xBC\x8Dメン", "ラーメン");          /* U+FF0D */
	NORM_EQ("ラ\xE2\x80\x90メン", "ラーメン");          /* U+2010 */
	NORM_EQ("ラ\xE2\x80\x95メン", "ラーメン");          /* U+2015 */
	NORM_EQ("すご-い", "すごーい");
	NORM_EQ("ﾗｰﾒﾝ", "ラーメン");                          /* U+FF70 */
	NORM_EQ("ラーー", "ラーー");
	/* not after kana: unchanged (NFKC still applies) */
	NORM_EQ("a-b", "a-b");
	NORM_EQ("東京-大阪", "東京-大阪");
	NORM_EQ("-ラ", "-ラ");
	NORM_EQ("2024\xEF\xBC\x8D" "01", "2024-01");
	NORM_EQ("\xE2\x88\x92" "5", "\xE2\x88\x92" "5");
}

static void test_nfkc_misc(void)
{
	dx_norm n;
	size_t i;

	NORM_EQ("①②", "12");
	NORM_EQ("ﬁle", "file");
	NORM_EQ("Ⅻ", "xii");
	NORM_EQ("神", "神");        /* U+FA19 compat ideograph -> U+795E */
	/* ㍿ expands to four characters, all from the same 3 bytes. */
	OK(dx_normalize(&n, "㍿", strlen("㍿")) == DX_OK);
	STR_EQ(n.text, "株式会社");
	for (i = 0; i < n.len; i++) {
		INT_EQ(n.ostart[i], 0);
		INT_EQ(n.oend[i], 3);
	}
	dx_norm_free(&n);
}

static void test_empty(void)
{
	dx_norm n;

	OK(dx_normalize(&n, "", 0) == DX_OK);
	INT_EQ(n.len, 0);
	OK(n.text != NULL && n.text[0] == '\0');
	INT_EQ(n.ostart[0], 0);
	INT_EQ(n.oend[0], 0);
	dx_norm_free(&n);
	dx_norm_free(&n);        /* twice is harmless */
	dx_norm_free(NULL);
}

static void test_mixed_scripts(void)
{
	NORM_EQ("Ｈｅｌｌｏ世界ｶﾞｲﾄﾞ、Ｓｅｏｕｌ서울 Москва",
	        "hello世界ガイド、seoul서울 москва");
	NORM_EQ("２０２４年１２月のＤＸ推進ｾﾐﾅｰ〜ｷｯｸｵﾌ〜",
	        "2024年12月のdx推進セミナー~キックオフ~");
}

/* Every run of normalized bytes that share one original span is what
 * normalizing that original span gives, the runs cover the original text
 * in order, and the spans start and end at character boundaries. */
static void check_round_trip(const char *s)
{
	size_t len = strlen(s), b = 0, e, covered = 0;
	dx_norm n, piece;

	OK(dx_normalize(&n, s, len) == DX_OK);
	while (b < n.len) {
		e = b;
		while (e < n.len && n.ostart[e] == n.ostart[b] &&
		       n.oend[e] == n.oend[b])
			e++;
		OK(n.ostart[b] < n.oend[b]);
		OK(n.ostart[b] >= covered);
		OK(dx_utf8_floor(s, len, n.ostart[b]) == n.ostart[b]);
		OK(dx_utf8_floor(s, len, n.oend[b]) == n.oend[b]);
		covered = n.oend[b];
		OK(dx_normalize(&piece, s + n.ostart[b],
		                n.oend[b] - n.ostart[b]) == DX_OK);
		/* Context rules: the long-vowel mark looks at the character
		 * before, a CR at the one after. */
		if (!(e - b == 3 && memcmp(n.text + b, "ー", 3) == 0) &&
		    s[n.ostart[b]] != '\r')
			OK(piece.len == e - b &&
			   memcmp(piece.text, n.text + b, e - b) == 0);
		dx_norm_free(&piece);
		b = e;
	}
	INT_EQ(n.ostart[n.len], len);
	INT_EQ(n.oend[n.len], len);
	dx_norm_free(&n);
}

static void test_round_trip(void)
{
	check_round_trip("ＤＸ推進とAPI連携、ｶﾀｶﾅﾊﾞﾊﾟ㍿①ラ-メン〜");
	check_round_trip("Ｈｅｌｌｏ\xE3\x80\x80世界\r\nか\xE3\x82\x99"
	                 "e\xCC\x81\xCC\xA3 Straße\xEF\xBB\xBF!");
	check_round_trip("");
}

/* Normalizing twice changes nothing. */
static void test_idempotent(void)
{
	static const char *const cases[] = {
		"ＤＸ推進とAPI連携、ｶﾀｶﾅﾊﾞﾊﾟ㍿①ラ-メン〜",
		"Straße ΣΊΣΥΦΟΣ ﬁle Ⅻ 神 ｳﾞｨ",
		"東京\r\n大阪\r\xE2\x80\xA8",
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *once = norm(cases[i]), *twice = norm(once);

		STR_EQ(twice, once);
		free(once);
		free(twice);
	}
}

/* Reusing one dx_norm for inputs of different sizes. */
static void test_reuse(void)
{
	dx_norm n = DX_NORM_INIT;
	char *big = malloc(100001);
	size_t i;

	for (i = 0; i < 100000; i++)
		big[i] = (char)('A' + i % 26);
	big[100000] = '\0';
	OK(dx_normalize__reuse(&n, "ＡＢ", 6) == DX_OK);
	STR_EQ(n.text, "ab");
	OK(dx_normalize__reuse(&n, big, 100000) == DX_OK);
	INT_EQ(n.len, 100000);
	OK(n.text[0] == 'a' && n.text[99999] == 'a' + 99999 % 26);
	INT_EQ(n.ostart[99999], 99999);
	OK(dx_normalize__reuse(&n, "ｶ", 3) == DX_OK);
	STR_EQ(n.text, "カ");
	INT_EQ(n.oend[n.len], 3);
	dx_norm_free(&n);
	free(big);
}

/* Variant kanji of names and the everyday form they fold to. */
static const char *const itaiji[][2] = {
	{ "髙", "高" }, { "﨑", "崎" }, { "嵜", "崎" }, { "齋", "斎" },
	{ "齊", "斉" }, { "邊", "辺" }, { "邉", "辺" }, { "澤", "沢" },
	{ "濱", "浜" }, { "廣", "広" }, { "德", "徳" }, { "櫻", "桜" },
	{ "眞", "真" }, { "實", "実" }, { "惠", "恵" }, { "𠮷", "吉" },
	{ "\xEF\xA8\x90", "塚" },
};

static int is_itaiji(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(itaiji) / sizeof(itaiji[0]); i++)
		if (strcmp(s, itaiji[i][0]) == 0)
			return 1;
	return 0;
}

static void test_itaiji(void)
{
	size_t i;
	dx_norm n;

	for (i = 0; i < sizeof(itaiji) / sizeof(itaiji[0]); i++) {
		OK(dx_normalize(&n, itaiji[i][0], strlen(itaiji[i][0])) == DX_OK);
		STR_EQ(n.text, itaiji[i][1]);
		/* the whole original character maps to the folded one */
		INT_EQ(n.ostart[0], 0);
		INT_EQ(n.oend[n.len - 1], strlen(itaiji[i][0]));
		dx_norm_free(&n);
	}
	/* in context, and no over-folding of the everyday forms */
	OK(dx_normalize(&n, "髙橋と高橋、渡邊と渡辺", strlen("髙橋と高橋、渡邊と渡辺")) == DX_OK);
	STR_EQ(n.text, "高橋と高橋、渡辺と渡辺");
	dx_norm_free(&n);
}

/* A doubled kanji is spelled with the iteration mark, each character
 * keeping its own original bytes; kana and different kanji are left. */
static void test_iteration_mark(void)
{
	dx_norm n;

	OK(dx_normalize(&n, "佐佐木と佐々木", strlen("佐佐木と佐々木")) == DX_OK);
	STR_EQ(n.text, "佐々木と佐々木");
	INT_EQ(n.ostart[3], 3);   /* 々 comes from the second 佐 */
	INT_EQ(n.oend[5], 6);
	dx_norm_free(&n);
	OK(dx_normalize(&n, "ここ、ココ、木林", strlen("ここ、ココ、木林")) == DX_OK);
	STR_EQ(n.text, "ここ、ココ、木林");
	dx_norm_free(&n);
	/* 髙髙 folds first, then repeats */
	OK(dx_normalize(&n, "髙高", strlen("髙高")) == DX_OK);
	STR_EQ(n.text, "高々");
	dx_norm_free(&n);
}

/* Each code point alone normalizes as utf8proc_map() says, except for
 * the rules beyond NFKC.  This also proves the fast paths (ASCII,
 * full-width ASCII, kana, CJK) agree with utf8proc. */
static void test_matches_utf8proc(void)
{
	const utf8proc_option_t opts = (utf8proc_option_t)(UTF8PROC_STABLE |
		UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
		UTF8PROC_IGNORE);
	int32_t cp;
	long bad = 0;

	for (cp = 1; cp <= 0x10FFFF; cp++) {
		utf8proc_uint8_t in[8], *want = NULL;
		utf8proc_ssize_t w, k;
		dx_norm n;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0x301C ||
		    cp == 0xFF5E || cp == 0x2053 || cp == 0x1680)
			continue;                /* the rules beyond NFKC */
		w = utf8proc_encode_char(cp, in);
		k = utf8proc_map(in, w, &want, opts);
		if (k < 0 || dx_normalize(&n, (char *)in, (size_t)w) < 0) {
			bad++;
			free(want);
			continue;
		}
		if (is_itaiji((const char *)want))
			;   /* folded further: see test_itaiji() */
		else if ((size_t)k != n.len || memcmp(want, n.text, n.len) != 0) {
			if (bad++ < 10)
				fprintf(stderr, "U+%04X: utf8proc [%s] got [%s]\n",
				        (unsigned)cp, want, n.text);
		}
		free(want);
		dx_norm_free(&n);
	}
	INT_EQ(bad, 0);
}

int main(void)
{
	test_itaiji();
	test_iteration_mark();
	test_fullwidth_ascii();
	test_case_fold();
	test_halfwidth_kana();
	test_dakuten_kept();
	test_spaces_and_controls();
	test_wave_dash();
	test_long_vowel();
	test_nfkc_misc();
	test_empty();
	test_mixed_scripts();
	test_round_trip();
	test_idempotent();
	test_reuse();
	test_matches_utf8proc();
	return dx_test_finish();
}
