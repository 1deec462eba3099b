/* test_unidic.c -- the analyzer with UniDic (Debian's unidic-mecab):
 * layout found from the dictionary, base forms, readings, POS classes,
 * ASCII runs, fingerprints, the dictionary names of dicts.h.  Exit 77
 * when UniDic is not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "buf.h"
#include "dicts.h"
#include "dxsearch.h"
#include "harness.h"
#include "schema.h"
#include "xdb.h"

static dx_analyzer *an;
static dx_session  *ss;

typedef struct {
	dx_buf out;    /* "term/pos" (base "+term", reading "~term") lines */
} collected;

static int collect(void *payload, const dx_token *t)
{
	collected *c = payload;

	dx_buf_printf(&c->out, "%s%s%.*s/%u", c->out.len ? " " : "",
	              t->flags & DX_TOKEN_READING ? "~" :
	              t->flags & DX_TOKEN_BASE ? "+" : "",
	              (int)t->term_len, t->term, t->pos);
	return 0;
}

/* The tokens of s, readings on or off; the caller frees. */
static char *terms(const char *s, int readings)
{
	collected c = { DX_BUF_INIT };

	dx_session_set_readings(ss, readings);
	OK(dx_analyze(ss, s, strlen(s), collect, &c) == DX_OK);
	dx_session_set_readings(ss, 0);
	dx_buf_puts(&c.out, "");
	return dx_buf_detach(&c.out);
}

#define TERMS_EQ(in, readings, want) do { \
		char *got_ = terms(in, readings); \
		STR_EQ(got_, want); \
		free(got_); \
	} while (0)

/* The class of the surface token `term` of text; -1 if none. */
typedef struct {
	const char *term;
	int         pclass;
} find_pos;

static int on_find(void *payload, const dx_token *t)
{
	find_pos *f = payload;

	if (!(t->flags & (DX_TOKEN_BASE | DX_TOKEN_READING)) &&
	    t->term_len == strlen(f->term) &&
	    memcmp(t->term, f->term, t->term_len) == 0)
		f->pclass = (int)t->pclass;
	return 0;
}

static void test_open(void)
{
	dx_analyzer *b = NULL;
	const char *fp = dx_analyzer_fingerprint(an);

	OK(strstr(fp, ";mecab-M256;unidic;charset=") != NULL);
	/* the folder, with a trailing slash, is the same dictionary */
	OK(dx_analyzer_open(&b, DX_DICT_DIR_UNIDIC "/") == DX_OK);
	if (b)
		STR_EQ(dx_analyzer_fingerprint(b), fp);
	dx_analyzer_free(b);
	/* the name resolves; IPADIC stays the default */
	STR_EQ(dx_dict_dir("unidic"), DX_DICT_DIR_UNIDIC);
	STR_EQ(dx_dict_dir(NULL), DX_DICT_DIR_DEFAULT);
	STR_EQ(dx_dict_dir("ipadic"), DX_DICT_DIR_DEFAULT);
	STR_EQ(dx_dict_dir("/some/dir"), "/some/dir");
	/* no user dictionary with UniDic: it is compiled against IPADIC
	 * (MeCab would refuse it as incompatible) */
	OK(dx_analyzer_userdic(an) == NULL);
}

static void test_fingerprints(void)
{
	dx_analyzer *ip = NULL;
	const char *u = dx_analyzer_fingerprint(an);
	dx_buf other = DX_BUF_INIT;

	OK(dx_analyzer_open_user(&ip, NULL, "") == DX_OK);
	if (!ip)
		return;
	OK(dx_fingerprint_dict_differs(u, dx_analyzer_fingerprint(ip)));
	OK(!dx_fingerprint_dict_differs(u, u));
	/* another user dictionary part is not another dictionary */
	dx_buf_put(&other, u, (size_t)(strstr(u, ";userdic=") - u));
	dx_buf_puts(&other, ";userdic=3:0123456789abcdef");
	OK(!dx_fingerprint_dict_differs(u, other.ptr));
	OK(dx_fingerprint_userdic_differs(u, other.ptr));
	dx_buf_free(&other);
	dx_analyzer_free(ip);
}

/* Base forms are orthBase: the spelling of the text (いる stays いる, not
 * lemma's 居る); readings are lForm (取り組ん reads トリクム, 共創 キョウソウ
 * as typed, not pron's キョーソー). */
static void test_forms(void)
{
	TERMS_EQ("取り組んでいる", 0, "取り組ん/1 +取り組む/1 で/2 いる/3");
	TERMS_EQ("とりくんで", 0, "とりくん/1 +とりくむ/1 で/2");
	TERMS_EQ("共創を推進", 1,
	         "共創/1 ~キョウソウ/1 を/2 ~ヲ/2 推進/3 ~スイシン/3");
	TERMS_EQ("取り組んだ", 1,
	         "取り組ん/1 +取り組む/1 ~トリクム/1 だ/2 ~タ/2");
	/* katakana: stemmed like surfaces; UniDic's lexeme reading gives
	 * ヴァイオリン the reading バイオリン */
	TERMS_EQ("サーバーとヴァイオリン", 1,
	         "サーバ/1 ~サーバ/1 と/2 ~ト/2 ヴァイオリン/3 ~バイオリン/3");
}

/* Runs of ASCII letters, and of digits, stay one token (UniDic alone
 * cuts pro into p|r|o and 2024 into 2|0|2|4). */
static void test_ascii_runs(void)
{
	TERMS_EQ("iPhone 15 Proを2024年に", 0,
	         "iphone/1 15/2 pro/3 を/4 2024/5 年/6 に/7");
	TERMS_EQ("Python3を", 0, "python/1 3/2 を/3");
	/* the constraints end with their sentence: a chunk of letters
	 * first, then one whose word boundaries fall at the same bytes */
	TERMS_EQ("abcdefghijkl\n本を読む", 0, "abcdefghijkl/1 本/4 を/5 読む/6");
}

static void test_pos_classes(void)
{
	static const struct {
		const char  *text;
		const char  *term;
		dx_pos_class want;
	} cases[] = {
		{ "田中さん", "さん", DX_POS_SUFFIX },
		{ "効果的", "的", DX_POS_SUFFIX },
		{ "ご連絡", "ご", DX_POS_PREFIX },
		{ "美しい", "美しい", DX_POS_ADJ },
		{ "静かな", "静か", DX_POS_ADJ },
		{ "書いている", "いる", DX_POS_AUX },
		{ "使ってみる", "みる", DX_POS_AUX },
		{ "映画を見る", "見る", DX_POS_VERB },
		{ "書きます", "ます", DX_POS_AUX },
		{ "書きます", "書き", DX_POS_VERB },
		{ "本を", "を", DX_POS_PARTICLE },
		{ "2024年", "2024", DX_POS_NOUN },
		{ "kintone", "kintone", DX_POS_NOUN },
		{ "c言語", "c", DX_POS_NOUN },
		{ "彼の本", "彼", DX_POS_NOUN },
		{ "とても", "とても", DX_POS_OTHER },
		{ "人材", "人材", DX_POS_NOUN },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		find_pos f = { cases[i].term, -1 };

		OK(dx_analyze(ss, cases[i].text, strlen(cases[i].text),
		              on_find, &f) == DX_OK);
		if (f.pclass != (int)cases[i].want)
			fprintf(stderr, "  %s in %s: %d\n", cases[i].term,
			        cases[i].text, f.pclass);
		INT_EQ(f.pclass, cases[i].want);
	}
}

/* Punctuation (補助記号) and signs (記号,一般) give no term, only a gap
 * each, as IPADIC's 記号. */
static void test_symbols(void)
{
	TERMS_EQ("市、（町）", 0, "市/1 町/4");
	TERMS_EQ("注意※事項", 0, "注意/1 事項/3");
}

/* The number of hits of q in idx; -1 on error. */
static long hits(dx_index *idx, const char *q)
{
	dx_result *r = NULL;
	long n;

	if (dx_search(&r, idx, q, strlen(q), NULL) < 0)
		return -1;
	n = (long)dx_result_count(r);
	dx_result_free(r);
	return n;
}

/* The library: an index built with UniDic records it, opens with it
 * unasked, refuses another dictionary; one that records none (from
 * before) was built with IPADIC. */
static void test_index_dict(void)
{
	static const char md[] = "# 共創\n\n市は官民で取り組んでいる。\n";
	dx_writer_options wo = DX_WRITER_OPTIONS_INIT;
	dx_options o = DX_OPTIONS_INIT;
	char *dir = dx_test_tmpdir("unidic_index"), *dict = NULL;
	dx_writer *w = NULL;
	dx_index *idx = NULL;
	dx_xdb *db = NULL;

	if (!dir)
		return;
	wo.dict_dir = "unidic";
	OK(dx_writer_open(&w, dir, &wo) == DX_OK);
	if (!w)
		goto out;
	STR_EQ(dx_writer_dict(w), "unidic");
	OK(dx_writer_add_text(w, "a.md", "md", md, strlen(md), NULL) == DX_OK);
	OK(dx_writer_close(w) == DX_OK);
	OK(dx_index_dict_read(dir, &dict) == DX_OK && dict);
	STR_EQ(dict ? dict : "", "unidic");
	dx_free(dict);

	OK(dx_index_open(&idx, dir, NULL) == DX_OK);
	INT_EQ(hits(idx, "取り組む"), 1);
	INT_EQ(hits(idx, "とりくむ"), 1);   /* by UniDic's lForm */
	dx_index_free(idx);
	o.dict_dir = "ipadic";
	INT_EQ(dx_index_open(&idx, dir, &o), DX_ESTALE);
	OK(strstr(dx_error_last(), "built with the dictionary unidic, not "
	          "ipadic") != NULL);
	/* the writer too, unless it rebuilds */
	wo.dict_dir = "ipadic";
	INT_EQ(dx_writer_open(&w, dir, &wo), DX_ESTALE);
	o.dict_dir = DX_DICT_DIR_UNIDIC;   /* its folder is the same */
	OK(dx_index_open(&idx, dir, &o) == DX_OK);
	dx_index_free(idx);

	/* an index from before the record is taken for IPADIC's */
	OK(dx_xdb_open(&db, dir, DX_XDB_WRITE) == DX_OK);
	OK(dx_xdb_set_metadata(db, DX_META_DICT, "", 0) == DX_OK);
	OK(dx_xdb_close(db) == DX_OK);
	OK(dx_index_dict_read(dir, &dict) == DX_OK && dict);
	STR_EQ(dict ? dict : "", "ipadic");
	dx_free(dict);
	INT_EQ(dx_index_open(&idx, dir, NULL), DX_ESTALE);
	OK(strstr(dx_error_last(), "built with another dictionary than "
	          "ipadic") != NULL);
	o.dict_dir = "unidic";
	OK(dx_index_open(&idx, dir, &o) == DX_OK);
	dx_index_free(idx);
	wo.dict_dir = "ipadic";
	wo.rebuild = 1;
	OK(dx_writer_open(&w, dir, &wo) == DX_OK);
	OK(dx_writer_close(w) == DX_OK);
	OK(dx_index_dict_read(dir, &dict) == DX_OK && dict);
	STR_EQ(dict ? dict : "", "ipadic");
	dx_free(dict);
out:
	free(dir);
}

int main(void)
{
	struct stat st;

	if (stat(DX_DICT_DIR_UNIDIC "/sys.dic", &st) != 0 ||
	    stat(DX_DICT_DIR_DEFAULT "/sys.dic", &st) != 0) {
		fprintf(stderr, "skipped: no %s or %s\n", DX_DICT_DIR_UNIDIC,
		        DX_DICT_DIR_DEFAULT);
		return 77;
	}
	if (dx_analyzer_open(&an, DX_DICT_UNIDIC) != DX_OK ||
	    dx_session_new(&ss, an) != DX_OK) {
		fprintf(stderr, "open: %s\n", dx_error_last());
		return 1;
	}
	test_open();
	test_fingerprints();
	test_forms();
	test_ascii_runs();
	test_pos_classes();
	test_symbols();
	test_index_dict();
	dx_session_free(ss);
	dx_analyzer_free(an);
	return dx_test_finish();
}
