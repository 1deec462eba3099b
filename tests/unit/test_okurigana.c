/* test_okurigana.c -- okurigana keys: the pure function, and the
 * analyzer's DX_TOKEN_VARIANT tokens on IPADIC's real segmentation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "harness.h"
#include "okurigana.h"

static void key_is(const char *word, const char *want, int want_kana)
{
	char out[256];
	int kana = -1;
	size_t n = dx_okurigana_key(word, strlen(word), out, &kana);

	if (!want) {
		if (n != 0)
			fprintf(stderr, "  %s: a key, want none\n", word);
		OK(n == 0);
		return;
	}
	out[n] = '\0';
	STR_EQ(out, want);
	INT_EQ(kana, want_kana);
}

static void test_keys(void)
{
	key_is("申し込み", "申込", 1);
	key_is("申込み", "申込", 1);
	key_is("申込", "申込", 0);
	key_is("取り扱い", "取扱", 1);
	key_is("引き継ぎ", "引継", 1);
	key_is("受け付け", "受付", 1);
	key_is("人々", "人々", 0);
	key_is("見る", NULL, 0);          /* one kanji: too short */
	key_is("早め", NULL, 0);
	key_is("バス", NULL, 0);          /* katakana: left alone */
	key_is("申し込みフォーム", NULL, 0);
	key_is("dx推進", NULL, 0);
	key_is("", NULL, 0);
}

typedef struct {
	char  terms[16][64];
	size_t n;
} variants;

static int collect(void *payload, const dx_token *tok)
{
	variants *v = payload;

	if ((tok->flags & DX_TOKEN_VARIANT) && v->n < 16 &&
	    tok->term_len < 64) {
		memcpy(v->terms[v->n], tok->term, tok->term_len);
		v->terms[v->n++][tok->term_len] = '\0';
	}
	return 0;
}

/* The variants the analyzer gives text, space-separated. */
static void variants_are(dx_session *ss, const char *text, const char *want)
{
	variants v = { .n = 0 };
	char got[512] = "";
	size_t i;

	OK(dx_analyze(ss, text, strlen(text), collect, &v) == DX_OK);
	for (i = 0; i < v.n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, v.terms[i]);
	}
	STR_EQ(got, want);
}

static void test_analyzer(void)
{
	dx_analyzer *an = NULL;
	dx_session *ss = NULL;

	if (dx_analyzer_open(&an, NULL) < 0 || dx_session_new(&ss, an) < 0) {
		OK(0);
		goto done;
	}
	variants_are(ss, "申し込み", "");           /* off by default */
	dx_session_set_variants(ss, 1);
	/* IPADIC: 申し込み is a noun, 申込み a verb (base 申込む), 申込 a
	 * noun; all give 申込 (the kanji-only spelling is its own key) */
	variants_are(ss, "申し込み", "申込");
	variants_are(ss, "申込み", "申込");
	variants_are(ss, "申込", "");
	variants_are(ss, "取り扱いと引き継ぎ", "取扱 引継");
	variants_are(ss, "受け付けます", "受付");
	variants_are(ss, "バスとハス", "");
	dx_session_set_variants(ss, 0);
	variants_are(ss, "申し込み", "");
done:
	dx_session_free(ss);
	dx_analyzer_free(an);
}

int main(void)
{
	struct stat st;

	test_keys();
	if (stat(DX_DICT_DIR_DEFAULT "/sys.dic", &st) == 0)
		test_analyzer();
	else
		fprintf(stderr, "analyzer part skipped: no %s\n",
		        DX_DICT_DIR_DEFAULT);
	return dx_test_finish();
}
