/* test_userdic.c -- the user dictionary: the shipped word list compiled
 * by the build, dx_userdic_add/build, the analyzer's parts and the
 * fingerprint.  Real MeCab, real mecab-dict-index. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "buf.h"
#include "harness.h"
#include "normalize.h"
#include "userdic.h"

/* Tokens of one analysis, terms copied. */
typedef struct {
	struct {
		char    *term;
		size_t   start, end;
		uint32_t pos;
		unsigned flags;
		dx_pos_class pclass;
	} v[64];
	size_t n;
} toks;

static int collect(void *payload, const dx_token *tok)
{
	toks *t = payload;

	if (t->n < 64) {
		t->v[t->n].term = dx_xstrndup(tok->term, tok->term_len);
		t->v[t->n].start = tok->start;
		t->v[t->n].end = tok->end;
		t->v[t->n].pos = tok->pos;
		t->v[t->n].flags = tok->flags;
		t->v[t->n].pclass = tok->pclass;
		t->n++;
	}
	return 0;
}

static void toks_free(toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].term);
	t->n = 0;
}

/* Surface tokens of text (no base forms, readings or parts). */
static size_t surfaces(dx_session *ss, const char *text, toks *t)
{
	size_t i, n = 0;

	toks_free(t);
	if (dx_analyze(ss, text, strlen(text), collect, t) < 0)
		return 0;
	for (i = 0; i < t->n; i++)
		if (!(t->v[i].flags & (DX_TOKEN_BASE | DX_TOKEN_READING |
		                       DX_TOKEN_PART)))
			n++;
	return n;
}

static int has_term(const toks *t, const char *term, unsigned flags)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].term, term) && t->v[i].flags == flags)
			return 1;
	return 0;
}

/* The id IPADIC's source gives 名詞,固有名詞,一般 in `file` (EUC-JP). */
static int ipadic_id(const char *file)
{
	char want[128], line[512], *in = (char *)"名詞,固有名詞,一般,*,*,*,*",
	     *out = want;
	size_t il = strlen(in), ol = sizeof(want) - 1;
	iconv_t cd = iconv_open("EUC-JP", "UTF-8");
	FILE *f;
	int id = -1;

	if (cd == (iconv_t)-1)
		return -1;
	iconv(cd, &in, &il, &out, &ol);
	iconv_close(cd);
	*out = '\0';
	snprintf(line, sizeof(line), "/usr/share/mecab/dic/ipadic/%s", file);
	if (!(f = fopen(line, "r")))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');

		line[strcspn(line, "\r\n")] = '\0';
		if (sp && strcmp(sp + 1, want) == 0)
			id = atoi(line);
	}
	fclose(f);
	return id;
}

/* Every word of dict/user.csv: stored normalized, with IPADIC's noun
 * context ids, and kept whole by the analyzer (which loads the build's
 * compiled copy), alone and in a sentence, as a noun. */
static void test_shipped_words(void)
{
	dx_analyzer *an = NULL;
	dx_session *ss = NULL;
	char line[1024], *fields[14];
	FILE *f = fopen(DX_SOURCE_DIR "/dict/user.csv", "r");
	int left = ipadic_id("left-id.def"), right = ipadic_id("right-id.def");
	size_t words = 0, i, nf;
	toks t = { .n = 0 };

	OK(f != NULL);
	OK(left > 0 && right > 0);
	if (!f || dx_analyzer_open(&an, NULL) < 0 ||
	    dx_session_new(&ss, an) < 0) {
		OK(0);
		goto done;
	}
	OK(dx_analyzer_userdic(an) != NULL);
	while (fgets(line, sizeof(line), f)) {
		dx_norm n = DX_NORM_INIT;
		char sentence[512];
		char *p = line;

		line[strcspn(line, "\n")] = '\0';
		for (nf = 0; nf < 14 && p; nf++) {
			fields[nf] = p;
			if ((p = strchr(p, ',')))
				*p++ = '\0';
		}
		words++;
		OK(nf == 14);
		if (nf != 14)
			continue;
		OK(dx_normalize(&n, fields[0], strlen(fields[0])) == DX_OK &&
		   strcmp(n.text, fields[0]) == 0);
		dx_norm_free(&n);
		INT_EQ(atoi(fields[1]), left);
		INT_EQ(atoi(fields[2]), right);
		OK(strcmp(fields[4], "名詞") == 0);
		OK(strcmp(fields[10], fields[0]) == 0);   /* base form */
		if (surfaces(ss, fields[0], &t) != 1 ||
		    strcmp(t.v[0].term, fields[0]) != 0) {
			fprintf(stderr, "not one token: %s\n", fields[0]);
			OK(0);
		}
		snprintf(sentence, sizeof(sentence),
		         "市では%sについて検討した。", fields[0]);
		surfaces(ss, sentence, &t);
		for (i = 0; i < t.n; i++)
			if (!strcmp(t.v[i].term, fields[0]))
				break;
		if (i == t.n || t.v[i].pclass != DX_POS_NOUN) {
			fprintf(stderr, "not a noun token in a sentence: %s\n",
			        fields[0]);
			OK(0);
		}
	}
	OK(words >= 30);
done:
	toks_free(&t);
	if (f)
		fclose(f);
	dx_session_free(ss);
	dx_analyzer_free(an);
}

/* Parts: the indexer asks for them; each has its own span and the
 * word's position; queries (parts off) see the whole word only. */
static void test_parts(void)
{
	dx_analyzer *an = NULL;
	dx_session *ss = NULL;
	const char *text = "官民共創ラボ";
	toks t = { .n = 0 };
	size_t i;

	if (dx_analyzer_open(&an, NULL) < 0 || dx_session_new(&ss, an) < 0) {
		OK(0);
		goto done;
	}
	INT_EQ(surfaces(ss, text, &t), 2);
	OK(has_term(&t, "官民共創", 0) && !has_term(&t, "共創", DX_TOKEN_PART));
	dx_session_set_parts(ss, 1);
	surfaces(ss, text, &t);
	OK(has_term(&t, "官民共創", 0));
	OK(has_term(&t, "官民", DX_TOKEN_PART));
	OK(has_term(&t, "共創", DX_TOKEN_PART));
	/* 官民共創@1, 官民@1, 共創@2, 官民共創@2 again, ラボ@3: phrases
	 * "官民共創 ラボ", "共創 ラボ" and "官民 共創" all match */
	INT_EQ(t.n, 5);
	for (i = 0; i < t.n; i++) {
		if (!strcmp(t.v[i].term, "官民")) {
			INT_EQ(t.v[i].pos, 1);
			INT_EQ(t.v[i].end, 6);
		}
		if (!strcmp(t.v[i].term, "共創")) {
			INT_EQ(t.v[i].start, 6);
			INT_EQ(t.v[i].end, 12);
			INT_EQ(t.v[i].pos, 2);
		}
		if (!strcmp(t.v[i].term, "官民共創"))
			OK((t.v[i].pos == 1 && t.v[i].flags == 0) ||
			   (t.v[i].pos == 2 && t.v[i].flags ==
			    (DX_TOKEN_PART | DX_TOKEN_BASE)));
		if (!strcmp(t.v[i].term, "ラボ"))
			INT_EQ(t.v[i].pos, 3);
	}
	/* with readings on too (as the indexer has it), the word comes
	 * again as itself, not as its reading */
	dx_session_set_readings(ss, 1);
	surfaces(ss, text, &t);
	for (i = 0; i < t.n; i++)
		if (t.v[i].flags == (DX_TOKEN_PART | DX_TOKEN_BASE))
			STR_EQ(t.v[i].term, "官民共創");
	dx_session_set_readings(ss, 0);
	/* spans are in the original text: full-width ＤＸ */
	surfaces(ss, "自治体ＤＸ", &t);
	OK(has_term(&t, "自治体dx", 0));
	for (i = 0; i < t.n; i++)
		if (!strcmp(t.v[i].term, "dx"))
			OK(t.v[i].flags == DX_TOKEN_PART && t.v[i].start == 9 &&
			   t.v[i].end == 15);
	dx_session_set_parts(ss, 0);
done:
	toks_free(&t);
	dx_session_free(ss);
	dx_analyzer_free(an);
}

/* dx_userdic_add into a folder of its own: seeded with the shipped list,
 * the word kept whole afterwards, parts recorded, the fingerprint
 * changed; bad words refused; adding twice changes nothing. */
static void test_add(void)
{
	char *dir = dx_test_tmpdir("userdic"), *line = NULL;
	dx_buf dic = DX_BUF_INIT, csv = DX_BUF_INIT;
	dx_analyzer *before = NULL, *after = NULL;
	dx_session *ss = NULL;
	toks t = { .n = 0 };
	struct stat st;

	dx_buf_printf(&dic, "%s/" DX_USERDIC_DIC, dir);
	dx_buf_printf(&csv, "%s/" DX_USERDIC_CSV, dir);
	INT_EQ(dx_userdic_add(dir, "くすのき共創ラボ", NULL, &line), DX_OK);
	OK(line != NULL);
	if (line) {
		OK(strncmp(line, "くすのき共創ラボ,", 25) == 0);
		/* the parts column: how the dictionary split it before */
		OK(strstr(line, " 共創 ラボ") != NULL);   /* くす の き 共創 ラボ */
		OK(strstr(line, ",クスノキキョウソウラボ,") != NULL);
	}
	free(line);
	OK(stat(dic.ptr, &st) == 0 && stat(csv.ptr, &st) == 0);
	OK(dx_analyzer_open_user(&before, NULL, "") == DX_OK);
	OK(dx_analyzer_open_user(&after, NULL, dic.ptr) == DX_OK);
	if (before && after) {
		OK(dx_analyzer_userdic(before) == NULL);
		OK(strcmp(dx_analyzer_fingerprint(before),
		          dx_analyzer_fingerprint(after)) != 0);
		OK(dx_fingerprint_userdic_differs(
			dx_analyzer_fingerprint(before),
			dx_analyzer_fingerprint(after)));
		OK(!dx_fingerprint_userdic_differs(
			dx_analyzer_fingerprint(after),
			dx_analyzer_fingerprint(after)));
		OK(dx_session_new(&ss, after) == DX_OK);
		if (ss) {
			INT_EQ(surfaces(ss, "くすのき共創ラボで", &t), 2);
			INT_EQ(surfaces(ss, "官民共創", &t), 1);  /* seeded */
		}
	}
	/* full-width and uppercase give the normalized entry */
	INT_EQ(dx_userdic_add(dir, "ＸＹＺ推進室", "えっくすわいぜっとすいしんしつ",
	                      &line), DX_OK);
	OK(line && strncmp(line, "xyz推進室,", 12) == 0 &&
	   strstr(line, "エックスワイゼットスイシンシツ"));
	free(line);
	INT_EQ(dx_userdic_add(dir, "xyz推進室", NULL, &line), DX_OK);
	OK(line == NULL);                       /* already there */
	INT_EQ(dx_userdic_add(dir, "a,b", NULL, NULL), DX_EINVAL);
	INT_EQ(dx_userdic_add(dir, "two words", NULL, NULL), DX_EINVAL);
	INT_EQ(dx_userdic_add(dir, "", NULL, NULL), DX_EINVAL);
	INT_EQ(dx_userdic_add(dir, "新語", "abc", NULL), DX_EINVAL);
	INT_EQ(dx_userdic_build(dir), DX_OK);
	toks_free(&t);
	dx_session_free(ss);
	dx_analyzer_free(before);
	dx_analyzer_free(after);
	dx_buf_free(&dic);
	dx_buf_free(&csv);
	free(dir);
}

/* A broken CSV fails with mecab-dict-index's message, and the old
 * dictionary stays. */
static void test_compile_errors(void)
{
	char *dir = dx_test_tmpdir("userdic-bad");
	dx_buf csv = DX_BUF_INIT, dic = DX_BUF_INIT;
	FILE *f;
	struct stat st;

	dx_buf_printf(&csv, "%s/" DX_USERDIC_CSV, dir);
	dx_buf_printf(&dic, "%s/" DX_USERDIC_DIC, dir);
	INT_EQ(dx_userdic_compile(csv.ptr, dic.ptr, NULL), DX_ENOTFOUND);
	f = fopen(csv.ptr, "w");
	fputs("壊れた行,1\n", f);
	fclose(f);
	INT_EQ(dx_userdic_compile(csv.ptr, dic.ptr, NULL), DX_EDICT);
	OK(strstr(dx_error_last(), "compiling") != NULL);
	OK(stat(dic.ptr, &st) != 0);            /* no half-written file */
	dx_buf_free(&csv);
	dx_buf_free(&dic);
	free(dir);
}

/* $DXSEARCH_USERDIC: "none" loads no user dictionary; a folder without
 * a compiled one is an error that says what to do. */
static void test_env(void)
{
	char *dir = dx_test_tmpdir("userdic-env"), *got = NULL;
	dx_analyzer *an = NULL;

	setenv(DX_USERDIC_ENV, DX_USERDIC_NONE, 1);
	OK(dx_analyzer_open(&an, NULL) == DX_OK && an &&
	   dx_analyzer_userdic(an) == NULL &&
	   strstr(dx_analyzer_fingerprint(an), ";userdic=none"));
	dx_analyzer_free(an);
	an = NULL;
	OK(dx_userdic_dir(&got) == DX_OK && got && !*got);
	free(got);
	setenv(DX_USERDIC_ENV, dir, 1);
	INT_EQ(dx_analyzer_open(&an, NULL), DX_EDICT);
	OK(strstr(dx_error_last(), "dxsearch dict build") != NULL);
	OK(dx_userdic_dir(&got) == DX_OK && got && !strcmp(got, dir));
	free(got);
	unsetenv(DX_USERDIC_ENV);
	free(dir);
}

int main(void)
{
	struct stat st;

	if (stat(DX_DICT_DIR_DEFAULT "/sys.dic", &st) != 0) {
		fprintf(stderr, "skipped: no %s\n", DX_DICT_DIR_DEFAULT);
		return 77;
	}
	unsetenv(DX_USERDIC_ENV);
	test_shipped_words();
	test_parts();
	test_add();
	test_compile_errors();
	test_env();
	return dx_test_finish();
}
