/* test_substring.c -- issue 4, "no missed matches": any string that occurs
 * in a passage (after normalization) finds that passage.
 *
 * The property test indexes the sample corpus, samples thousands of
 * substrings (1-10 characters) of its normalized passages with a fixed
 * seed, an equal number in each script class (kanji, hiragana, katakana,
 * Latin, digits, mixed), and runs each as a plain (unquoted) query with
 * dx_search, one passage per hit (per_article 0).  Each must return its
 * passage with every word matched (tier 1 or 2, read from the hit's
 * --explain record), not only as a partial match.  Each article is
 * indexed in a folder of its own and the query carries path:<folder>
 * (a filter: it picks articles and changes no tier), so that a common
 * substring does not page through hundreds of hits.  Characters with a
 * meaning in the query syntax (quotes, a leading '-', ':' of a field,
 * '*' of a prefix) are replaced by spaces: they are symbols, which give
 * no terms in the passage either.  Substrings that give no terms at all
 * (only symbols and spaces) are left out and counted.
 *
 * Then the layer's ranking on a small corpus written here: 京都 ranks the
 * passages about 京都 above those that only contain 東京都. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "buf.h"
#include "corpus.h"
#include "dxsearch.h"
#include "harness.h"
#include "normalize.h"
#include "utf8.h"

#ifndef PER_CLASS
#define PER_CLASS   500      /* samples per script class */
#endif
#define MAX_LEN     10       /* characters per sample, at most */
#define PAGE        20       /* hits per page while looking for one */
#define MAX_TRIES   400000   /* draws before giving up on a class */
#define SHOW_FAILS  40

enum { K_KANJI, K_HIRAGANA, K_KATAKANA, K_LATIN, K_DIGIT, K_MIXED, NCLASS };
static const char *const class_name[NCLASS] = {
	"kanji", "hiragana", "katakana", "latin", "digits", "mixed"
};

static uint64_t rng = 0x2545F4914F6CDD1DULL;   /* fixed seed */

static uint64_t next_rand(void)   /* xorshift64* */
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

typedef struct {
	char    *path;
	unsigned number;
	char    *text;      /* normalized */
	size_t   len;
	size_t  *at;        /* byte offset of each character, at[nch] = len */
	size_t   nch;
	size_t  *tok;       /* token spans in text: start, end, start, ... */
	size_t   ntok;
} passage;

typedef struct {
	passage *p;
	size_t   n;
} corpus;

static int on_token(void *payload, const dx_token *t)
{
	passage *p = payload;

	if (t->flags)
		return 0;   /* base forms and readings share the span */
	p->tok = realloc(p->tok, (p->ntok + 2) * sizeof(size_t));
	p->tok[p->ntok++] = t->start;
	p->tok[p->ntok++] = t->end;
	return 0;
}

static void add_passage(corpus *c, dx_session *ss, const char *path,
                        unsigned number, const char *text, size_t len)
{
	passage *p;
	dx_norm n;
	size_t i = 0;

	if (dx_normalize(&n, text, len) < 0)
		return;
	c->p = realloc(c->p, (c->n + 1) * sizeof(passage));
	p = &c->p[c->n++];
	memset(p, 0, sizeof(*p));
	p->path = strdup(path);
	p->number = number;
	p->text = malloc(n.len + 1);
	memcpy(p->text, n.text, n.len);
	p->text[n.len] = '\0';
	p->len = n.len;
	dx_norm_free(&n);
	p->at = malloc((p->len + 1) * sizeof(size_t));
	while (i < p->len) {
		p->at[p->nch++] = i;
		dx_utf8_next(p->text, p->len, &i);
	}
	p->at[p->nch] = p->len;
	/* the analyzer is idempotent on normalized text: spans are offsets
	 * into p->text */
	OK(dx_analyze(ss, p->text, p->len, on_token, p) == DX_OK);
}

typedef struct {
	corpus     *c;
	dx_session *ss;
} loading;

static void on_passage(void *payload, const char *stored, unsigned number,
                       const char *text, size_t len)
{
	loading *l = payload;

	add_passage(l->c, l->ss, stored, number, text, len);
}

/* Index DX_SOURCE_DIR/corpus into db, article i as aNNN/<name> (NNN =
 * i); the same passages into *c. */
static void load_corpus(corpus *c, const char *db, dx_session *ss)
{
	loading l = { c, ss };

	dx_test_corpus(db, 1, on_passage, &l);
}

/* The script class of one character; -1 for symbols and spaces. */
static int char_class(int32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return K_LATIN;
	if (cp >= '0' && cp <= '9')
		return K_DIGIT;
	if (cp >= 0x3041 && cp <= 0x309F)
		return K_HIRAGANA;
	if ((cp >= 0x30A1 && cp <= 0x30FF && cp != 0x30FB))
		return K_KATAKANA;
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    cp == 0x3005)
		return K_KANJI;
	if (cp < 0x80)
		return -1;
	return K_MIXED;   /* other letters (Greek, Latin-1, ...): "mixed" */
}

/* The class of s[0..len): one script, K_MIXED, or -1 for no letters. */
static int string_class(const char *s, size_t len)
{
	size_t i = 0;
	int k = -1, c;

	while (i < len) {
		c = char_class(dx_utf8_next(s, len, &i));
		if (c < 0)
			continue;
		if (k < 0)
			k = c;
		else if (k != c)
			k = K_MIXED;
	}
	return k;
}

static int count_token(void *payload, const dx_token *t)
{
	(void)t;
	++*(size_t *)payload;
	return 0;
}

/* The query for s in the article at path ("aNNN/..."): path:aNNN, then
 * s with its syntax characters made spaces. */
static void make_query(dx_buf *q, const char *path, const char *s,
                       size_t len)
{
	static const char *const syntax[] = {
		"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE3\x80\x8C",
		"\xE3\x80\x8D", "-", "*", ":"
	};
	size_t i = 0, k;

	dx_buf_clear(q);
	dx_buf_puts(q, "path:");
	dx_buf_put(q, path, strcspn(path, "/"));
	dx_buf_putc(q, ' ');
	while (i < len) {
		size_t j = i;

		dx_utf8_next(s, len, &j);
		for (k = 0; k < sizeof(syntax) / sizeof(syntax[0]); k++)
			if (strlen(syntax[k]) == j - i &&
			    memcmp(syntax[k], s + i, j - i) == 0)
				break;
		if (k < sizeof(syntax) / sizeof(syntax[0]))
			dx_buf_putc(q, ' ');
		else
			dx_buf_put(q, s + i, j - i);
		i = j;
	}
}

/* The tier of passage p's hit for query q, 0 if not returned. */
static int find_tier(dx_index *idx, const char *q, size_t qlen,
                     const passage *p)
{
	dx_search_options so = DX_SEARCH_OPTIONS_INIT;
	dx_result *r = NULL;
	size_t i, n, rank = 0;
	const char *ex;
	int tier = 0;

	so.per_article = 0;
	so.limit = PAGE;
	for (so.offset = 0; !rank; so.offset += PAGE) {
		if (dx_search(&r, idx, q, qlen, &so) < 0) {
			printf("# query failed: %s: %s\n", q, dx_error_last());
			return 0;
		}
		n = dx_result_count(r);
		for (i = 0; i < n && !rank; i++) {
			const dx_hit *h = dx_result_hit(r, i);

			if (h->passage == p->number && !strcmp(h->path, p->path))
				rank = h->rank;
		}
		dx_result_free(r);
		if (n < PAGE)
			break;
	}
	if (!rank)
		return 0;
	so.offset = rank - 1;
	so.limit = 1;
	so.explain = 1;
	if (dx_search(&r, idx, q, qlen, &so) < 0)
		return 0;
	ex = dx_result_explain(r);
	ex = ex ? strstr(ex, "\"tier\":") : NULL;
	if (ex)
		tier = atoi(ex + 7);
	dx_result_free(r);
	return tier;
}

static int inside_token(const passage *p, size_t a, size_t b)
{
	size_t k;

	for (k = 0; k + 1 < p->ntok; k += 2)
		if (p->tok[k] <= a && b <= p->tok[k + 1])
			return 1;
	return 0;
}

static void property(void)
{
	char *dir = dx_test_tmpdir("substring");
	dx_analyzer *an = NULL;
	dx_session *ss = NULL;
	dx_index *idx = NULL;
	corpus c = { NULL, 0 };
	dx_buf q = DX_BUF_INIT;
	size_t got[NCLASS] = { 0 }, failed[NCLASS] = { 0 };
	size_t crossing = 0, crossing_failed = 0, no_terms = 0, tries = 0;
	size_t total = 0, nfailed = 0, i, k;
	clock_t t0 = clock();

	OK(dir != NULL);
	OK(dx_analyzer_open(&an, NULL) == DX_OK);
	OK(dx_session_new(&ss, an) == DX_OK);
	if (!dir || !ss)
		return;
	load_corpus(&c, dir, ss);
	OK(c.n > 100);
	OK(dx_index_open(&idx, dir, NULL) == DX_OK);
	while (c.n && idx && tries++ < MAX_TRIES) {
		const passage *p = &c.p[next_rand() % c.n];
		size_t from, to, a, b, ntok = 0;
		int cls, tier;

		for (k = 0; k < NCLASS && got[k] >= PER_CLASS; k++)
			;
		if (k == NCLASS)
			break;
		if (p->nch == 0)
			continue;
		from = next_rand() % p->nch;
		to = from + 1 + next_rand() % MAX_LEN;
		if (to > p->nch)
			to = p->nch;
		a = p->at[from];
		b = p->at[to];
		cls = string_class(p->text + a, b - a);
		if (cls < 0 || got[cls] >= PER_CLASS)
			continue;   /* symbols only, or enough of the class */
		if (dx_analyze(ss, p->text + a, b - a, count_token, &ntok) < 0 ||
		    ntok == 0) {
			no_terms++;
			continue;
		}
		got[cls]++;
		total++;
		make_query(&q, p->path, p->text + a, b - a);
		tier = find_tier(idx, q.ptr, q.len, p);
		if (!inside_token(p, a, b))
			crossing++;
		if (tier == 1 || tier == 2)
			continue;
		failed[cls]++;
		if (!inside_token(p, a, b))
			crossing_failed++;
		if (nfailed++ < SHOW_FAILS)
			printf("# miss (%s, %s): [%s] in %s#%u%s\n",
			       class_name[cls], tier ? "partial match only" :
			       "not returned", dx_buf_cstr(&q), p->path,
			       p->number, inside_token(p, a, b) ?
			       "" : " (across tokens)");
	}
	for (k = 0; k < NCLASS; k++) {
		printf("# %-9s %4zu samples, %zu missed\n", class_name[k],
		       got[k], failed[k]);
		OK(got[k] == PER_CLASS);
	}
	printf("# %zu samples from %zu passages (%zu across token boundaries, "
	       "%zu of them missed); %zu left out (no terms: symbols only); "
	       "recall %.4f; %.1f s CPU\n", total, c.n, crossing,
	       crossing_failed, no_terms,
	       total ? 1.0 - (double)nfailed / (double)total : 0.0,
	       (double)(clock() - t0) / CLOCKS_PER_SEC);
	INT_EQ(nfailed, 0);

	dx_buf_free(&q);
	dx_index_free(idx);
	for (i = 0; i < c.n; i++) {
		free(c.p[i].path);
		free(c.p[i].text);
		free(c.p[i].at);
		free(c.p[i].tok);
	}
	free(c.p);
	dx_session_free(ss);
	dx_analyzer_free(an);
	free(dir);
}

/* Paths of the hits of q (per article), space-separated. */
static void paths_of(dx_index *idx, const char *q, dx_buf *out)
{
	dx_result *r = NULL;
	size_t i;

	dx_buf_clear(out);
	if (dx_search(&r, idx, q, strlen(q), NULL) < 0)
		return;
	for (i = 0; i < dx_result_count(r); i++) {
		if (i)
			dx_buf_putc(out, ' ');
		dx_buf_puts(out, dx_result_hit(r, i)->path);
	}
	dx_result_free(r);
}

static const char *first_snippet(dx_index *idx, const char *q, dx_buf *out)
{
	dx_result *r = NULL;

	dx_buf_clear(out);
	if (dx_search(&r, idx, q, strlen(q), NULL) == DX_OK &&
	    dx_result_count(r) > 0)
		dx_buf_puts(out, dx_result_hit(r, 0)->snippet);
	dx_result_free(r);
	return dx_buf_cstr(out);
}

static void ranking(void)
{
	static const struct { const char *path, *md; } docs[] = {
		{ "kyoto.md", "# 旅\n\n京都の寺を歩いた。秋の京都は人が多い。\n" },
		{ "tokyo.md", "# 予算\n\n東京都の予算が発表された。東京都は"
		              "新しい計画を示した。東京都庁で会見があった。\n" },
		{ "toshi.md", "# 計画\n\n本市の都市計画を見直す。\n" },
		{ "server.md", "# 運用\n\nサーバーの管理を外部に任せる。\n" },
		{ "other.md", "# 他\n\n図書館の開館時間を延ばす。\n" },
	};
	char *dir = dx_test_tmpdir("substring-rank");
	dx_writer *w = NULL;
	dx_index *idx = NULL;
	dx_buf b = DX_BUF_INIT;
	size_t i;

	OK(dir != NULL);
	OK(dx_writer_open(&w, dir, NULL) == DX_OK);
	for (i = 0; w && i < sizeof(docs) / sizeof(docs[0]); i++)
		OK(dx_writer_add_text(w, docs[i].path, "md", docs[i].md,
		                      strlen(docs[i].md), NULL) == DX_OK);
	OK(dx_writer_close(w) == DX_OK);
	OK(dx_index_open(&idx, dir, NULL) == DX_OK);
	if (!idx)
		return;
	/* MeCab cuts 東京都 as 東京|都: 京都 is found there, but below the
	 * passage about 京都 although 東京都 occurs three times. */
	paths_of(idx, "京都", &b);
	STR_EQ(dx_buf_cstr(&b), "kyoto.md tokyo.md");
	/* A quoted word is matched as analyzed only. */
	paths_of(idx, "\"京都\"", &b);
	STR_EQ(dx_buf_cstr(&b), "kyoto.md");
	/* Across a cut (都市|計画), marked on the words it spans. */
	paths_of(idx, "市計", &b);
	STR_EQ(dx_buf_cstr(&b), "toshi.md");
	OK(strstr(first_snippet(idx, "市計", &b), "<mark>都市計画</mark>") !=
	   NULL);
	/* Katakana stemming undone: サーバー is indexed as サーバ. */
	paths_of(idx, "バーの管", &b);
	STR_EQ(dx_buf_cstr(&b), "server.md");
	paths_of(idx, "ーバー", &b);
	STR_EQ(dx_buf_cstr(&b), "server.md");
	/* Every word must still match: 京都 and 予算 only in tokyo.md. */
	paths_of(idx, "京都 予算", &b);
	OK(strncmp(dx_buf_cstr(&b), "tokyo.md", 8) == 0);
	dx_buf_free(&b);
	dx_index_free(idx);
	free(dir);
}

/* dx_utf8_holds(): found at the start, the end, the middle, after a
 * false start on the last byte; not when longer, or absent */
static void holds(void)
{
	const char *s = "申込書の提出先";   /* 7 characters, 21 bytes */
	size_t n = strlen(s);

	OK(dx_utf8_holds(s, n, "", 0));
	OK(dx_utf8_holds(s, n, "申込", 6));
	OK(dx_utf8_holds(s, n, "出先", 6));
	OK(dx_utf8_holds(s, n, "書の提", 9));
	OK(dx_utf8_holds(s, n, s, n));
	OK(!dx_utf8_holds(s, n - 1, s, n));
	OK(!dx_utf8_holds(s, n, "申し込み", strlen("申し込み")));
	OK(dx_utf8_holds("aab", 3, "ab", 2));     /* 'b' after a false 'a' */
	OK(dx_utf8_holds("abab", 4, "bab", 3));
	OK(!dx_utf8_holds("abab", 4, "bb", 2));
	OK(!dx_utf8_holds("ab", 2, "abc", 3));
}

int main(void)
{
	holds();
	ranking();
	property();
	return dx_test_finish();
}
