/* test_analyze.c -- the analyzer: MeCab tokens, spans, positions, golden
 * files in tests/golden/analyze.
 *
 *   test_analyze              run every test (exit 77 without IPADIC)
 *   test_analyze --dump FILE  print FILE's tokens in the golden format
 *   test_analyze --bench FILE analyze FILE (as one text, then paragraph
 *                             by paragraph) and print MB/s
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "buf.h"
#include "harness.h"
#include "normalize.h"

#define GOLDEN_DIR DX_SOURCE_DIR "/tests/golden/analyze"

static dx_analyzer *an;
static dx_session  *ss;

/* ---- collecting tokens --------------------------------------------- */

typedef struct {
	char         term[DX_TERM_MAX + 1];
	size_t       start, end;
	uint32_t     pos;
	unsigned int flags;
	dx_pos_class pclass;
} tok;

typedef struct {
	tok   *v;
	size_t n, cap;
	size_t stop_after;  /* return 1 after this many tokens; 0: never */
	size_t bad;         /* tokens breaking the dx_token contract */
} toks;

static int collect(void *payload, const dx_token *t)
{
	toks *l = payload;
	tok *o;

	if (t->term_len < 1 || t->term_len > DX_TERM_MAX ||
	    t->start >= t->end || memchr(t->term, '\0', t->term_len))
		l->bad++;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(tok));
	}
	o = &l->v[l->n++];
	memcpy(o->term, t->term, t->term_len);
	o->term[t->term_len] = '\0';
	o->start = t->start;
	o->end = t->end;
	o->pos = t->pos;
	o->flags = t->flags;
	o->pclass = t->pclass;
	return l->stop_after && l->n >= l->stop_after ? 1 : 0;
}

/* Analyze s[0..len) into l (emptied first); returns dx_analyze()'s. */
static int run(toks *l, const char *s, size_t len)
{
	int rc;

	l->n = 0;
	l->bad = 0;
	rc = dx_analyze(ss, s, len, collect, l);
	INT_EQ(l->bad, 0);
	return rc;
}

/* The tokens of s as "term/pos" lines joined by spaces, base forms as
 * "+term"; the caller frees. */
static char *terms(const char *s)
{
	toks l = { NULL, 0, 0, 0, 0 };
	dx_buf b = DX_BUF_INIT;
	size_t i;

	OK(run(&l, s, strlen(s)) == DX_OK);
	for (i = 0; i < l.n; i++)
		dx_buf_printf(&b, "%s%s%s/%u", i ? " " : "",
		              l.v[i].flags & DX_TOKEN_BASE ? "+" : "",
		              l.v[i].term, l.v[i].pos);
	free(l.v);
	return dx_buf_detach(&b);
}

#define TERMS_EQ(in, want) do { \
		char *got_ = terms(in); \
		STR_EQ(got_, want); \
		free(got_); \
	} while (0)

/* The golden format: one token per line, term TAB start TAB end TAB pos
 * TAB flags. */
static void format_tokens(dx_buf *out, const char *s, size_t len)
{
	toks l = { NULL, 0, 0, 0, 0 };
	size_t i;

	OK(run(&l, s, len) == DX_OK);
	for (i = 0; i < l.n; i++)
		dx_buf_printf(out, "%s\t%zu\t%zu\t%u\t%u\n", l.v[i].term,
		              l.v[i].start, l.v[i].end, l.v[i].pos,
		              l.v[i].flags);
	free(l.v);
}

static int read_file(const char *path, dx_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		dx_buf_put(out, chunk, n);
	fclose(f);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- behaviours ---------------------------------------------------- */

static void test_examples(void)
{
	toks l = { NULL, 0, 0, 0, 0 };

	/* 取り組んで: the surface and its base form at the same position
	 * and span. */
	OK(run(&l, "取り組んで", strlen("取り組んで")) == DX_OK);
	OK(l.n == 3);
	if (l.n == 3) {
		STR_EQ(l.v[0].term, "取り組ん");
		INT_EQ(l.v[0].flags, 0);
		INT_EQ(l.v[0].pclass, DX_POS_VERB);
		STR_EQ(l.v[1].term, "取り組む");
		INT_EQ(l.v[1].flags, DX_TOKEN_BASE);
		INT_EQ(l.v[1].pos, l.v[0].pos);
		INT_EQ(l.v[1].start, 0);
		INT_EQ(l.v[1].end, 12);
		STR_EQ(l.v[2].term, "で");
		INT_EQ(l.v[2].pclass, DX_POS_PARTICLE);
		INT_EQ(l.v[2].pos, 2);
	}
	TERMS_EQ("外部人材", "外部/1 人材/2");
	TERMS_EQ("ＤＸ推進", "dx/1 推進/2");
	TERMS_EQ("DX", "dx/1");
	TERMS_EQ("dx", "dx/1");
	TERMS_EQ("ＤＸ", "dx/1");
	TERMS_EQ("kintone", "kintone/1");
	TERMS_EQ("API連携", "api/1 連携/2");
	TERMS_EQ("ｶﾀｶﾅ", "カタカナ/1");

	/* the span of dx is the 6 bytes of ＤＸ */
	OK(run(&l, "ＤＸ推進", strlen("ＤＸ推進")) == DX_OK);
	OK(l.n == 2);
	if (l.n == 2) {
		INT_EQ(l.v[0].start, 0);
		INT_EQ(l.v[0].end, 6);
		INT_EQ(l.v[1].start, 6);
		INT_EQ(l.v[1].end, 12);
	}
	free(l.v);
}

static void test_crlf(void)
{
	toks l = { NULL, 0, 0, 0, 0 };
	const char *s = "東京\r\n大阪\r\n\r\n京都\r";
	size_t i;

	OK(run(&l, s, strlen(s)) == DX_OK);
	INT_EQ(l.n, 3);
	for (i = 0; i < l.n; i++)
		OK(strchr(l.v[i].term, '\r') == NULL &&
		   strchr(l.v[i].term, ' ') == NULL);
	TERMS_EQ("東京\r\n大阪", "東京/1 大阪/4");
	TERMS_EQ("東京\r大阪", "東京/1 大阪/4");
	free(l.v);
}

static void test_positions(void)
{
	/* a symbol leaves one empty position */
	TERMS_EQ("東京、大阪", "東京/1 大阪/3");
	TERMS_EQ("「東京」", "東京/1");
	TERMS_EQ("東京・大阪・京都", "東京/1 大阪/3 京都/5");
	/* a sentence end: its symbol (1) plus the boundary (2) */
	TERMS_EQ("東京。大阪", "東京/1 大阪/5");
	TERMS_EQ("東京！大阪", "東京/1 大阪/5");
	TERMS_EQ("東京?大阪", "東京/1 大阪/5");
	/* a line end is a boundary without a symbol; blank lines add
	 * nothing more */
	TERMS_EQ("東京\n大阪", "東京/1 大阪/4");
	TERMS_EQ("東京\n\n\n大阪", "東京/1 大阪/4");
	/* spaces are no symbols */
	TERMS_EQ("東京 大阪\xE3\x80\x80京都", "東京/1 大阪/2 京都/3");
	/* symbols MeCab calls unknown nouns are skipped all the same */
	TERMS_EQ("a~b", "a/1 b/3");
	TERMS_EQ("10〜20", "10/1 20/3");
	TERMS_EQ("", "");
	TERMS_EQ("。、！？「」\n \r\n", "");
}

static void test_pos_classes(void)
{
	static const struct {
		const char  *text;
		const char  *term;
		dx_pos_class want;
	} cases[] = {
		{ "田中さん", "さん", DX_POS_SUFFIX },
		{ "ご連絡", "ご", DX_POS_PREFIX },
		{ "超高速", "超", DX_POS_PREFIX },
		{ "美しい", "美しい", DX_POS_ADJ },
		{ "静かな", "静か", DX_POS_ADJ },
		{ "書くこと", "こと", DX_POS_AUX },
		{ "書いている", "いる", DX_POS_AUX },
		{ "書きます", "ます", DX_POS_AUX },
		{ "書きます", "書き", DX_POS_VERB },
		{ "本を", "を", DX_POS_PARTICLE },
		{ "2024年", "2024", DX_POS_NOUN },
		{ "kintone", "kintone", DX_POS_NOUN },
		{ "とても", "とても", DX_POS_OTHER },
		{ "人材", "人材", DX_POS_NOUN },
	};
	toks l = { NULL, 0, 0, 0, 0 };
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int found = 0;

		OK(run(&l, cases[i].text, strlen(cases[i].text)) == DX_OK);
		for (k = 0; k < l.n; k++)
			if (!(l.v[k].flags & DX_TOKEN_BASE) &&
			    strcmp(l.v[k].term, cases[i].term) == 0) {
				found = 1;
				if (l.v[k].pclass != cases[i].want)
					fprintf(stderr, "  %s in %s\n",
					        cases[i].term, cases[i].text);
				INT_EQ(l.v[k].pclass, cases[i].want);
			}
		if (!found)
			fprintf(stderr, "  no %s in %s\n", cases[i].term,
			        cases[i].text);
		OK(found);
	}
	free(l.v);
}

/* Long unknown runs stay one token; very long ones are cut to
 * DX_TERM_MAX bytes at a character boundary. */
static void test_long_runs(void)
{
	toks l = { NULL, 0, 0, 0, 0 };
	dx_buf b = DX_BUF_INIT;
	size_t i;

	for (i = 0; i < 60; i++)
		dx_buf_putc(&b, (char)('a' + (i * 7) % 26));
	OK(run(&l, b.ptr, b.len) == DX_OK);
	INT_EQ(l.n, 1);
	INT_EQ(l.v[0].end, 60);

	dx_buf_clear(&b);
	for (i = 0; i < 40; i++)
		dx_buf_puts(&b, (i % 2) ? "ア" : "ギ");
	OK(run(&l, b.ptr, b.len) == DX_OK);
	INT_EQ(l.n, 1);
	INT_EQ(l.v[0].end, 120);
	/* 100 katakana are 300 bytes: one term cut to 66 characters */
	dx_buf_clear(&b);
	for (i = 0; i < 100; i++)
		dx_buf_puts(&b, "ギ");
	OK(run(&l, b.ptr, b.len) == DX_OK);
	OK(l.n >= 1);
	if (l.n >= 1) {
		INT_EQ(strlen(l.v[0].term), 198);       /* 66 characters */
		INT_EQ(l.v[0].start, 0);
	}
	free(l.v);
	dx_buf_free(&b);
}

/* Every surface token's span slices exactly the original characters it
 * came from: normalizing the slice gives the term back. */
static void test_spans(void)
{
	static const char text[] =
		"ＤＸ推進とAPI連携、ｶﾀｶﾅのﾊﾞｲｵﾘﾝを２０２４年に取り組んで"
		"います。\r\nＫｉｎｔｏｎｅ　導入〜運用ｺｰﾋｰ!";
	toks l = { NULL, 0, 0, 0, 0 };
	dx_norm n;
	size_t i;

	OK(run(&l, text, strlen(text)) == DX_OK);
	OK(l.n > 15);
	for (i = 0; i < l.n; i++) {
		OK(l.v[i].end <= strlen(text));
		if (l.v[i].flags & DX_TOKEN_BASE)
			continue;
		OK(dx_normalize(&n, text + l.v[i].start,
		                l.v[i].end - l.v[i].start) == DX_OK);
		/* The span normalizes to the term, except that a long
		 * katakana word's final ー is dropped (katakana stemming). */
		{
			size_t tl = strlen(l.v[i].term);
			int same = strcmp(n.text, l.v[i].term) == 0;
			int stem = strlen(n.text) == tl + 3 &&
			           strncmp(n.text, l.v[i].term, tl) == 0 &&
			           strcmp(n.text + tl, "ー") == 0;
			if (!same && !stem)
				fprintf(stderr, "  span %zu-%zu [%s] vs term [%s]\n",
				        l.v[i].start, l.v[i].end, n.text,
				        l.v[i].term);
			OK(same || stem);
		}
		dx_norm_free(&n);
	}
	free(l.v);
}

static int fail_cb(void *payload, const dx_token *t)
{
	(void)t;
	++*(int *)payload;
	return DX_EINVAL;
}

static void test_callback_results(void)
{
	toks l = { NULL, 0, 0, 2, 0 };
	int calls = 0;
	const char *s = "東京。大阪。京都。奈良";

	OK(run(&l, s, strlen(s)) == DX_OK);
	INT_EQ(l.n, 2);
	OK(dx_analyze(ss, s, strlen(s), fail_cb, &calls) == DX_EINVAL);
	INT_EQ(calls, 1);
	free(l.v);
}

static int count_cb(void *payload, const dx_token *t)
{
	(void)t;
	++*(size_t *)payload;
	return 0;
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A 2 MB line without any sentence end: no "too long sentence", memory
 * bounded by the chunk size rather than MeCab's ~240 bytes per byte. */
static void test_huge_line(void)
{
	static const char *const words[] = {
		"外部人材", "を", "活用", "し", "て", "ＤＸ", "推進", "の",
		"取り組み", "kintone", "連携", "が", "進む", "ｶﾀｶﾅ", " ",
	};
	toks l = { NULL, 0, 0, 0, 0 };
	dx_buf b = DX_BUF_INIT;
	size_t i = 0, k;
	long before, grew;
	int contiguous = 1;
	size_t count = 0;

	while (b.len < 2u << 20)
		dx_buf_puts(&b, words[i++ % (sizeof(words) / sizeof(*words))]);
	/* count only, to measure the analyzer's own memory: ~10 bytes
	 * per input byte for the normalized text and its map, plus MeCab
	 * on one chunk; MeCab on the whole line would take ~500 MB */
	before = max_rss_kb();
	OK(dx_analyze(ss, b.ptr, b.len, count_cb, &count) == DX_OK);
	grew = max_rss_kb() - before;
	fprintf(stderr, "  2 MB line: %zu tokens, max RSS +%ld MB\n", count,
	        grew / 1024);
	OK(count > 200000);
	OK(grew < 64 * 1024);
	OK(run(&l, b.ptr, b.len) == DX_OK);
	INT_EQ(l.n, count);
	for (k = 1; k < l.n; k++)
		if (l.v[k].start < l.v[k - 1].start ||
		    l.v[k].pos < l.v[k - 1].pos)
			contiguous = 0;
	OK(contiguous);
	OK(l.v[l.n - 1].end <= b.len);
	free(l.v);
	dx_buf_free(&b);
}

/* Each line is analyzed on its own: the tokens of many lines together
 * are those of each line, shifted.  And fast: MeCab must not read past
 * a chunk (it would strlen() the rest of the text for every line ending
 * in whitespace, quadratic time). */
static void test_chunks_independent(void)
{
	static const char line[] = "東京都の外部人材 \n";
	toks all = { NULL, 0, 0, 0, 0 }, one = { NULL, 0, 0, 0, 0 };
	dx_buf b = DX_BUF_INIT;
	size_t i, k, lines = 0, ll = sizeof(line) - 1, mismatch = 0;
	size_t failed = 0;
	double t0, t_all, t_lines;

	while (b.len < 2u << 20) {
		dx_buf_puts(&b, line);
		lines++;
	}
	t0 = now();
	OK(run(&all, b.ptr, b.len) == DX_OK);
	t_all = now() - t0;
	t0 = now();
	for (i = 0; i < lines; i++) {
		one.n = 0;
		if (dx_analyze(ss, line, ll, collect, &one) != DX_OK)
			failed++;
	}
	t_lines = now() - t0;
	INT_EQ(failed, 0);
	INT_EQ(one.bad, 0);
	/* The same work; MeCab reading on to the end of the text for each
	 * of 80,000 lines would make the first one many times slower.
	 * Printed, not asserted: timings belong to bench/, and under load
	 * (CI, sanitizers) a timed assertion is flaky. */
	fprintf(stderr, "  %zu lines: %.2f s together, %.2f s one by one\n",
	        lines, t_all, t_lines);
	INT_EQ(all.n, lines * one.n);
	for (i = 0; i < all.n && one.n; i++) {
		tok *a = &all.v[i], *o = &one.v[i % one.n];

		k = i / one.n;
		if (strcmp(a->term, o->term) != 0 ||
		    a->start != o->start + k * ll ||
		    a->end != o->end + k * ll)
			mismatch++;
	}
	INT_EQ(mismatch, 0);
	free(all.v);
	free(one.v);
	dx_buf_free(&b);
}

/* A big input, then a small one: the reused buffers give the same
 * result as before. */
static void test_session_reuse(void)
{
	char *first = terms("ｶﾀｶﾅの取り組み。"), *again;
	dx_buf b = DX_BUF_INIT;
	toks l = { NULL, 0, 0, 0, 0 };

	while (b.len < 5u << 20)
		dx_buf_puts(&b, "東京は日本の首都です。");
	OK(run(&l, b.ptr, b.len) == DX_OK);
	again = terms("ｶﾀｶﾅの取り組み。");
	STR_EQ(again, first);
	free(first);
	free(again);
	free(l.v);
	dx_buf_free(&b);
}

static void test_open_errors(void)
{
	dx_analyzer *a = (dx_analyzer *)1;
	dx_buf path = DX_BUF_INIT;
	struct stat st;
	char *dir;
	FILE *f;

	INT_EQ(dx_analyzer_open(&a, "/nonexistent/dic"), DX_EDICT);
	OK(a == NULL);
	STR_EQ(dx_error_last(), "[analyze] dictionary not found at "
	       "/nonexistent/dic: install mecab-ipadic-utf8");
	/* a sys.dic that is not a dictionary: MeCab's own message */
	dir = dx_test_tmpdir("analyze_bad_dict");
	OK(dir != NULL);
	if (dir) {
		dx_buf_printf(&path, "%s/sys.dic", dir);
		f = fopen(path.ptr, "w");
		OK(f != NULL);
		if (f) {
			fputs("not a dictionary\n", f);
			fclose(f);
		}
		INT_EQ(dx_analyzer_open(&a, dir), DX_EDICT);
		OK(a == NULL);
		remove(path.ptr);
		rmdir(dir);
		dx_buf_clear(&path);
		dx_buf_printf(&path, "[analyze] cannot load the MeCab "
		              "dictionary at %s: ", dir);
		OK(strncmp(dx_error_last(), path.ptr, path.len) == 0);
		fprintf(stderr, "  bad dictionary: %s\n", dx_error_last());
		free(dir);
	}
	dx_buf_free(&path);
	if (stat("/var/lib/mecab/dic/ipadic/sys.dic", &st) == 0) {
		INT_EQ(dx_analyzer_open(&a, "/var/lib/mecab/dic/ipadic"),
		       DX_EDICT);
		OK(a == NULL);
		STR_EQ(dx_error_last(), "[analyze] the dictionary at "
		       "/var/lib/mecab/dic/ipadic has charset EUC-JP, want "
		       "UTF-8: use mecab-ipadic-utf8 "
		       "(/var/lib/mecab/dic/ipadic-utf8)");
	}
	if (stat("/var/lib/mecab/dic/juman-utf8/sys.dic", &st) == 0) {
		INT_EQ(dx_analyzer_open(&a, "/var/lib/mecab/dic/juman-utf8"),
		       DX_EDICT);
		OK(a == NULL);
		STR_EQ(dx_error_last(), "[analyze] the dictionary at "
		       "/var/lib/mecab/dic/juman-utf8 has neither the IPADIC "
		       "nor the UniDic feature layout: use mecab-ipadic-utf8 "
		       "or unidic-mecab");
	}
}

static void test_fingerprint(void)
{
	dx_analyzer *b = NULL;
	const char *fp = dx_analyzer_fingerprint(an);

	OK(strncmp(fp, DX_NORMALIZER_VERSION ";terms-3;", 15) == 0);
	OK(strstr(fp, "charset=UTF-8") != NULL);
	OK(strstr(fp, "hash=") != NULL);
	/* a trailing slash is the same dictionary */
	OK(dx_analyzer_open(&b, DX_DICT_DIR_DEFAULT "/") == DX_OK);
	if (b)
		STR_EQ(dx_analyzer_fingerprint(b), fp);
	dx_analyzer_free(b);
	dx_analyzer_free(NULL);
	dx_session_free(NULL);
}

/* Each tests/golden/analyze/NAME.txt against NAME.expected. */
static void test_golden(void)
{
	DIR *d = opendir(GOLDEN_DIR);
	struct dirent *e;
	int files = 0;

	OK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		dx_buf path = DX_BUF_INIT, in = DX_BUF_INIT,
		       want = DX_BUF_INIT, got = DX_BUF_INIT;
		size_t n = strlen(e->d_name);

		if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
			continue;
		files++;
		dx_buf_printf(&path, "%s/%s", GOLDEN_DIR, e->d_name);
		OK(read_file(path.ptr, &in) == 0);
		dx_buf_clear(&path);
		dx_buf_printf(&path, "%s/%.*s.expected", GOLDEN_DIR,
		              (int)(n - 4), e->d_name);
		OK(read_file(path.ptr, &want) == 0);
		format_tokens(&got, dx_buf_cstr(&in), in.len);
		if (strcmp(dx_buf_cstr(&got), dx_buf_cstr(&want)) != 0) {
			fprintf(stderr, "golden %s differs; got:\n%s",
			        e->d_name, dx_buf_cstr(&got));
			OK(0);
		} else {
			OK(1);
		}
		dx_buf_free(&path);
		dx_buf_free(&in);
		dx_buf_free(&want);
		dx_buf_free(&got);
	}
	closedir(d);
	OK(files >= 5);
}

/* --bench: throughput of dx_analyze() on a file, whole and split at
 * blank lines (article-sized pieces). */
static int bench(const char *path)
{
	dx_buf in = DX_BUF_INIT;
	size_t count = 0, off = 0, pieces = 0, end;
	const char *p;
	double t0, t1, t2, mb;

	if (read_file(path, &in) < 0) {
		perror(path);
		return 1;
	}
	mb = (double)in.len / 1e6;
	/* warm up: the dictionary's pages, the session's buffers */
	dx_analyze(ss, in.ptr, in.len < 1u << 20 ? in.len : 1u << 20,
	           count_cb, &count);
	count = 0;
	t0 = now();
	if (dx_analyze(ss, in.ptr, in.len, count_cb, &count) < 0)
		fprintf(stderr, "analyze: %s\n", dx_error_last());
	t1 = now();
	printf("whole:      %.2f MB, %zu tokens, %.3f s, %.2f MB/s\n", mb,
	       count, t1 - t0, mb / (t1 - t0));
	count = 0;
	while (off < in.len) {
		p = strstr(in.ptr + off, "\n\n");
		end = p ? (size_t)(p - in.ptr) + 2 : in.len;
		if (dx_analyze(ss, in.ptr + off, end - off, count_cb,
		               &count) < 0)
			fprintf(stderr, "analyze: %s\n", dx_error_last());
		pieces++;
		off = end;
	}
	t2 = now();
	printf("paragraphs: %zu pieces, %zu tokens, %.3f s, %.2f MB/s\n",
	       pieces, count, t2 - t1, mb / (t2 - t1));
	dx_buf_free(&in);
	return 0;
}

/* Readings come only when asked for: after the surface (and base)
 * token, same position and span, katakana, stemmed like katakana words. */
static void test_readings(void)
{
	static const char text[] = "避難所へ向かった。サーバー";
	toks l = { NULL, 0, 0, 0, 0 };
	size_t i, nread = 0;

	OK(run(&l, text, strlen(text)) == DX_OK);
	for (i = 0; i < l.n; i++)
		OK(!(l.v[i].flags & DX_TOKEN_READING));
	dx_session_set_readings(ss, 1);
	OK(run(&l, text, strlen(text)) == DX_OK);
	dx_session_set_readings(ss, 0);
	for (i = 0; i < l.n; i++) {
		if (!(l.v[i].flags & DX_TOKEN_READING))
			continue;
		nread++;
		OK(i > 0 && l.v[i].pos == l.v[i - 1].pos &&
		   l.v[i].start == l.v[i - 1].start);
	}
	OK(nread >= 5);
	OK(l.n > 2 && strcmp(l.v[0].term, "避難") == 0 &&
	   (l.v[1].flags & DX_TOKEN_READING) &&
	   strcmp(l.v[1].term, "ヒナン") == 0);
	OK(strcmp(l.v[2].term, "所") == 0 && strcmp(l.v[3].term, "ショ") == 0);
	/* 向かっ: surface, base 向かう, reading ムカッ */
	for (i = 0; i < l.n && strcmp(l.v[i].term, "向かっ") != 0; i++)
		;
	OK(i + 2 < l.n && (l.v[i + 1].flags & DX_TOKEN_BASE) &&
	   (l.v[i + 2].flags & DX_TOKEN_READING));
	/* サーバー: term and reading both lose the final ー */
	OK(strcmp(l.v[l.n - 1].term, "サーバ") == 0 &&
	   (l.v[l.n - 1].flags & DX_TOKEN_READING));
	free(l.v);
}

int main(int argc, char **argv)
{
	struct stat st;

	if (stat(DX_DICT_DIR_DEFAULT "/sys.dic", &st) != 0) {
		fprintf(stderr, "skipped: no %s\n", DX_DICT_DIR_DEFAULT);
		return 77;
	}
	if (dx_analyzer_open(&an, NULL) != DX_OK ||
	    dx_session_new(&ss, an) != DX_OK) {
		fprintf(stderr, "open: %s\n", dx_error_last());
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "--bench") == 0) {
		int rc = bench(argv[2]);

		dx_session_free(ss);
		dx_analyzer_free(an);
		return rc;
	}
	if (argc == 3 && strcmp(argv[1], "--dump") == 0) {
		dx_buf in = DX_BUF_INIT, out = DX_BUF_INIT;

		if (read_file(argv[2], &in) < 0) {
			perror(argv[2]);
			return 1;
		}
		format_tokens(&out, dx_buf_cstr(&in), in.len);
		fputs(dx_buf_cstr(&out), stdout);
		dx_buf_free(&in);
		dx_buf_free(&out);
		dx_session_free(ss);
		dx_analyzer_free(an);
		return 0;
	}
	test_examples();
	test_crlf();
	test_positions();
	test_pos_classes();
	test_long_runs();
	test_spans();
	test_callback_results();
	test_huge_line();
	test_chunks_independent();
	test_session_reuse();
	test_open_errors();
	test_fingerprint();
	test_golden();
	test_readings();
	dx_session_free(ss);
	dx_analyzer_free(an);
	return dx_test_finish();
}
