/*
 * test_wordsplit.c -- dx_substring_words(): a query token that the index
 * does not hold as a word, spelled by words it does hold (the partial
 * tier matches them apart), against a real glass database whose passage
 * terms are written here: the fewest words, the longest first; the
 * katakana stem (a final ー dropped) found; nothing for a term of the
 * index, a token that its words do not spell whole, pieces that are too
 * short (one character, or two on average: アイドル is not アイ + ドル),
 * hiragana, or a cut between two ASCII letters.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "substring.h"
#include "xdb.h"

static const char *const terms[] = {
	"パッケージアクティビティ",   /* パッケージアクティビティー, stemmed */
	"ログ", "グラフィクス", "データーツール", "データ", "ツール",
	"アイ", "ドル", "関西", "国際", "空港", "市民", "税",
	"package", "log", "ダッシュボード", "ウィジェット", "レイアウト",
};

static dx_lexicon *lexicon(dx_xdb **r, const char *path)
{
	dx_xdb *w = NULL;
	dx_xdoc *d = NULL;
	dx_lexicon *lx = NULL;
	size_t i;

	INT_EQ(dx_xdb_open(&w, path, DX_XDB_WRITE | DX_XDB_CREATE), DX_OK);
	INT_EQ(dx_xdoc_new(&d), DX_OK);
	for (i = 0; i < sizeof(terms) / sizeof(terms[0]); i++)
		INT_EQ(dx_xdoc_add_posting(d, terms[i], strlen(terms[i]),
		                           (uint32_t)i + 1, 1), DX_OK);
	INT_EQ(dx_xdoc_add_boolean(d, "Qone", 4), DX_OK);
	INT_EQ(dx_xdb_replace(w, "Qone", 4, d), DX_OK);
	INT_EQ(dx_xdb_commit(w), DX_OK);
	dx_xdoc_free(d);
	dx_xdb_close(w);
	INT_EQ(dx_xdb_open(r, path, DX_XDB_READ), DX_OK);
	INT_EQ(dx_lexicon_load(&lx, *r), DX_OK);
	return lx;
}

/* The words of `token`, joined by '|' ("" for none). */
static char *words(const dx_lexicon *lx, const char *token, size_t max)
{
	char *w[8], *out = calloc(1, 256);
	size_t n = dx_substring_words(lx, token, strlen(token), w, max), k;

	OK(n != 1);
	for (k = 0; k < n; k++) {
		if (k)
			strcat(out, "|");
		strcat(out, w[k]);
		free(w[k]);
	}
	return out;
}

#define WORDS(lx, token, max, want)                                     \
	do {                                                            \
		char *got_ = words((lx), (token), (max));               \
		STR_EQ(got_, (want));                                   \
		free(got_);                                             \
	} while (0)

int main(void)
{
	char *dir = dx_test_tmpdir("wordsplit"), path[4096];
	dx_xdb *r = NULL;
	dx_lexicon *lx;

	snprintf(path, sizeof(path), "%s/db", dir);
	lx = lexicon(&r, path);

	/* Unknown katakana runs that MeCab keeps whole. */
	WORDS(lx, "パッケージアクティビティーログ", 8,
	      "パッケージアクティビティ|ログ");
	WORDS(lx, "ダッシュボードウィジェットレイアウト", 8,
	      "ダッシュボード|ウィジェット|レイアウト");
	/* The fewest words: データーツール, not データ(ー) + ツール. */
	WORDS(lx, "グラフィクスデーターツール", 8, "グラフィクス|データーツール");
	WORDS(lx, "データーツール", 8, "");            /* a term itself */
	WORDS(lx, "データーツールログ", 8, "データーツール|ログ");
	WORDS(lx, "ダッシュボードウィジェットレイアウト", 2, "");   /* max */
	/* Kanji count two: three two-kanji words are enough. */
	WORDS(lx, "関西国際空港", 8, "関西|国際|空港");
	/* Not spelled whole, or by too short words. */
	WORDS(lx, "ホログラムログ", 8, "");
	WORDS(lx, "ログホログラム", 8, "");
	WORDS(lx, "アイドル", 8, "");
	WORDS(lx, "市民税", 8, "");
	/* Hiragana, and ASCII letters that MeCab never separates. */
	WORDS(lx, "ログのデータ", 8, "");
	WORDS(lx, "packagelog", 8, "");
	WORDS(lx, "", 8, "");

	dx_lexicon_free(lx);
	dx_xdb_close(r);
	free(dir);
	return dx_test_finish();
}
