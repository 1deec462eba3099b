/* test_romaji.c -- dx_romaji_to_kana(): Hepburn, kunrei-shiki and IME
 * spellings to hiragana; query syntax kept; non-romaji refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxsearch.h"
#include "harness.h"

static void to(const char *romaji, const char *want)
{
	char *got = NULL;
	int rc = dx_romaji_to_kana(romaji, &got);

	INT_EQ(rc, DX_OK);
	if (got && strcmp(got, want))
		fprintf(stderr, "  romaji: %s\n", romaji);
	STR_EQ(got ? got : "(null)", want);
	dx_free(got);
}

static void refused(const char *romaji)
{
	char *got = NULL;

	INT_EQ(dx_romaji_to_kana(romaji, &got), DX_EQUERY);
	OK(got == NULL);
	OK(strstr(dx_error_last(), "not romaji") != NULL);
}

static void test_hepburn(void)
{
	to("kyousou", "きょうそう");
	to("hinanjo", "ひなんじょ");
	to("shimbun", "しんぶん");          /* m before b */
	to("chiiki", "ちいき");
	to("tsunami", "つなみ");
	to("fukushi", "ふくし");
	to("matcha", "まっちゃ");           /* tch */
	to("gakkou", "がっこう");           /* doubled consonant */
	to("kon'ya", "こんや");
	to("konya", "こにゃ");              /* as an IME reads it */
	to("konnichiha", "こんにちは");
	to("onna", "おんな");
	to("kanni", "かんに");
	to("hon", "ほん");
	to("Tōkyō", "とうきょう");          /* macrons */
	to("Kyôto", "きょうと");
	to("sa-ba-", "さーばー");
	to("KYOUSOU", "きょうそう");        /* case */
}

static void test_kunrei_and_ime(void)
{
	to("sinbun", "しんぶん");
	to("tyousa", "ちょうさ");
	to("zyuumin", "じゅうみん");
	to("hukusi", "ふくし");
	to("tu", "つ");
	to("kyousou ltu", "きょうそう っ");
	to("xya", "ゃ");
	to("wo", "を");
	to("fairu", "ふぁいる");
	to("di", "ぢ");
	to("du", "づ");
}

static void test_syntax_kept(void)
{
	to("kyousou daigaku", "きょうそう だいがく");
	to("bousai OR hinan", "ぼうさい OR ひなん");
	to("jinzai -kenshuu", "じんざい -けんしゅう");
	to("\"kanmin kyousou\"", "\"かんみん きょうそう\"");
	to("title:kyousou", "title:きょうそう");
	to("3ji", "3じ");
	to("", "");
}

static void test_refused(void)
{
	refused("qqq");
	refused("kyousou xyz");        /* one word is enough */
	refused("共創");
	refused("kt");
}

int main(void)
{
	test_hepburn();
	test_kunrei_and_ime();
	test_syntax_kept();
	test_refused();
	return dx_test_finish();
}
