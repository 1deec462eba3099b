/* test_prefilter.c -- the highlighter's prefilter (highlight.c) analyzes
 * only the sentences of a passage where the query's groups may match,
 * and gives the same highlights as analyzing the whole passage.
 *
 *  - The base form rule it relies on (analyze.h: a base form is its
 *    surface's first characters and a short hiragana tail, or one of a
 *    few shifted hiragana words) holds for every entry of the pinned
 *    IPADIC, read from its source (package mecab-ipadic), and a user
 *    dictionary that breaks it turns the prefilter off.
 *  - Over every passage of the sample corpus, for every query of the
 *    relevance sets and a list that exercises each way a token matches
 *    (base forms, readings, okurigana keys, parts of user dictionary
 *    words, substrings, prefixes, synonyms), the spans with the
 *    prefilter equal the spans of the whole passage's analysis, byte
 *    for byte.
 *  - The sentence memo (memo.h) gives a sentence's tokens back where
 *    the same sentence stands elsewhere: other offsets, other sentences
 *    around it, and other original bytes for the same normalized text
 *    (full-width letters) keep their own spans. */
#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "buf.h"
#include "corpus.h"
#include "dxsearch.h"
#include "harness.h"
#include "highlight.h"
#include "normalize.h"
#include "search.h"
#include "userdic.h"

#define IPADIC_SOURCE "/usr/share/mecab/dic/ipadic"
#define SHOW 10

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return 0;
	fputs(text, f);
	return fclose(f) == 0;
}

/* ---- the base form rule ---------------------------------------------- */

/* EUC-JP text to UTF-8 (the IPADIC source's encoding). */
static char *from_eucjp(const char *in, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", "EUC-JP");
	size_t cap = len * 2 + 16, left = cap;
	char *out = malloc(cap), *o = out, *i = (char *)in;

	OK(cd != (iconv_t)-1);
	if (cd == (iconv_t)-1 || iconv(cd, &i, &len, &o, &left) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	*out_len = out ? cap - left : 0;
	return out;
}

/* Column k of a CSV line (no quoting in IPADIC), its length in *n. */
static const char *column(const char *line, const char *end, size_t k,
                          size_t *n)
{
	const char *c;

	while (k-- > 0) {
		if (!(line = memchr(line, ',', (size_t)(end - line))))
			return NULL;
		line++;
	}
	c = memchr(line, ',', (size_t)(end - line));
	*n = (size_t)((c ? c : end) - line);
	return line;
}

static void ipadic_keeps_bases(void)
{
	DIR *d = opendir(IPADIC_SOURCE);
	struct dirent *e;
	size_t files = 0, entries = 0, differ = 0, broken = 0;

	if (!d) {
		fprintf(stderr, "%s: missing: install mecab-ipadic\n",
		        IPADIC_SOURCE);
		OK(d != NULL);
		return;
	}
	while ((e = readdir(d))) {
		char path[4096];
		const char *dot = strrchr(e->d_name, '.'), *line, *end, *nl;
		char *raw, *text;
		size_t len, tlen;

		if (!dot || strcmp(dot, ".csv") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", IPADIC_SOURCE, e->d_name);
		OK((raw = dx_test_read_file(path, &len)) != NULL);
		if (!raw)
			continue;
		text = from_eucjp(raw, len, &tlen);
		free(raw);
		OK(text != NULL);
		if (!text)
			continue;
		files++;
		for (line = text, end = text + tlen; line < end; line = nl + 1) {
			const char *surface, *base;
			size_t slen, blen;
			dx_norm n = DX_NORM_INIT;
			int reachable;

			if (!(nl = memchr(line, '\n', (size_t)(end - line))))
				nl = end;
			if (!(surface = column(line, nl, 0, &slen)) ||
			    !(base = column(line, nl, 10, &blen)))
				continue;
			/* MeCab sees normalized text: an entry whose surface
			 * is not normalized (ＡＢＣ) never matches */
			OK(dx_normalize(&n, surface, slen) == DX_OK);
			reachable = n.len == slen &&
			            memcmp(n.text, surface, slen) == 0;
			dx_norm_free(&n);
			if (!reachable)
				continue;
			entries++;
			differ += blen != slen || memcmp(base, surface, slen);
			if (!dx_entry_keeps_base(surface, slen, base, blen) &&
			    broken++ < SHOW)
				fprintf(stderr, "  breaks the rule: %.*s\n",
				        (int)(nl - line), line);
		}
		free(text);
	}
	closedir(d);
	fprintf(stderr, "IPADIC: %zu files, %zu entries, %zu with another "
	        "base form, %zu breaking the rule\n", files, entries, differ,
	        broken);
	OK(files >= 20);
	OK(entries > 300000);
	OK(differ > 100000);
	INT_EQ(broken, 0);
}

static void rule_cases(void)
{
	/* kept: a hiragana tail, a shifted hiragana word, no base form */
	OK(dx_entry_keeps_base("書い", 6, "書く", 6));
	OK(dx_entry_keeps_base("取り組ん", 12, "取り組む", 12));
	OK(dx_entry_keeps_base("き", 3, "くる", 6));
	OK(dx_entry_keeps_base("し", 3, "する", 6));
	OK(dx_entry_keeps_base("な", 3, "だ", 3));
	OK(dx_entry_keeps_base("よかっ", 9, "よい", 6));
	OK(dx_entry_keeps_base("共創", 6, "*", 1));
	OK(dx_entry_keeps_base("dx", 2, "ＤＸ", 6));   /* normalized */
	/* broken: another spelling (UniDic's lemmas), a long tail, a
	 * hiragana word that starts elsewhere */
	OK(!dx_entry_keeps_base("いる", 6, "居る", 6));
	OK(!dx_entry_keeps_base("ない", 6, "無い", 6));
	OK(!dx_entry_keeps_base("書", 3, "書きます", 12));
	OK(!dx_entry_keeps_base("よ", 3, "ある", 6));
	OK(!dx_entry_keeps_base("サーバ", 9, "サービス", 12));
}

static void userdic_checked(void)
{
	char *dir = dx_test_tmpdir("prefilter-userdic");
	char csv[4096], dic[4096];
	dx_analyzer *an = NULL;

	snprintf(csv, sizeof(csv), "%s/%s", dir, DX_USERDIC_CSV);
	snprintf(dic, sizeof(dic), "%s/%s", dir, DX_USERDIC_DIC);
	OK(write_file(csv, "官民共創,1288,1288,7000,名詞,固有名詞,一般,*,*,*,"
	                   "官民共創,カンミンキョウソウ,カンミンキョウソウ,"
	                   "官民 共創\n"));
	OK(dx_userdic_keeps_bases(dic));
	OK(write_file(csv, "官民共創,1288,1288,7000,名詞,固有名詞,一般,*,*,*,"
	                   "官民共創,カンミンキョウソウ,カンミンキョウソウ,"
	                   "官民 共創\nくすのき,1288,1288,7000,名詞,固有名詞,"
	                   "一般,*,*,*,楠,クスノキ,クスノキ,*\n"));
	OK(!dx_userdic_keeps_bases(dic));
	OK(!dx_userdic_keeps_bases("/nonexistent/user.dic"));
	/* the pinned IPADIC with the user dictionary in use keeps them */
	OK(dx_analyzer_open(&an, NULL) == DX_OK);
	OK(an && dx_analyzer_keeps_bases(an));
	dx_analyzer_free(an);
	free(dir);
}

/* ---- the same spans -------------------------------------------------- */

typedef struct {
	char       *text;
	size_t      len;
	dx_hl_text *full;   /* the whole passage analyzed */
} passage;

typedef struct {
	passage    *p;
	size_t      n;
	dx_session *ss;   /* analyzes them */
} corpus;

/* Keep a passage (as stored), analyzed whole. */
static void keep_passage(void *payload, const char *stored,
                         unsigned number, const char *text, size_t len)
{
	corpus *c = payload;
	passage *p;

	(void)stored;
	(void)number;
	c->p = realloc(c->p, (c->n + 1) * sizeof(passage));
	p = &c->p[c->n++];
	p->text = malloc(len + 1);
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	p->len = len;
	p->full = NULL;
	OK(dx_hl_text_new(&p->full, c->ss, p->text, p->len, NULL, 0) ==
	   DX_OK);
}

/* Queries: the second column of a relevance set's TSV. */
static void add_tsv(char ***qs, size_t *n, const char *name)
{
	char path[4096], *text, *line, *save = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/tests/relevance/%s", DX_SOURCE_DIR,
	         name);
	OK((text = dx_test_read_file(path, &len)) != NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *q = strchr(line, '\t'), *end;

		if (line[0] == '#' || !q)
			continue;
		q++;
		if ((end = strchr(q, '\t')))
			*end = '\0';
		*qs = realloc(*qs, (*n + 1) * sizeof(char *));
		(*qs)[(*n)++] = strdup(q);
	}
	free(text);
}

/* Each way a token matches, and words that stress the rule. */
static const char *const extra[] = {
	"書いた", "取り組んで", "取り組む", "来た", "きた", "来ない", "こない",
	"くる", "した", "しない", "する", "いる", "ない", "よかった", "だった",
	"なかった", "いい", "読んだ", "なら", "ぬ", "申込", "申し込み", "申込み",
	"取扱い", "受付", "引き継ぎ", "共創", "官民", "共創ラボ", "官民共創",
	"\"官民の共創\"", "title:共創", "heading:外部人材", "防災 OR 避難",
	"共創 -研修", "kint*", "デジ*", "テレ*", "テレワーク", "在宅勤務",
	"市計", "京都", "空港", "ースコー", "ること", "る", "の", "で見つ",
	"佐佐木", "ＤＸ", "ｶﾀｶﾅ", "サーバー", "サーバ", "ひなんじょ", "じどうてあて",
	"はんこ", "いんかんとうろく", "かいぎ", "たい", "くすのき", "タイ",
	"シンボル", "ワークショップ", "避難所はどこ？", "3D都市モデル",
	"path:kurashi 共創", "date:2023 防災", "tag:防災",
};

static int same_spans(const dx_span *a, size_t na, const dx_span *b,
                      size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].start != b[i].start || a[i].end != b[i].end)
			return 0;
	return 1;
}

static void same_spans_everywhere(void)
{
	char *dir = dx_test_tmpdir("prefilter");
	char db[4096];
	char **qs = NULL;
	size_t nq = 0, i, k, compared = 0, marked = 0, diffs = 0;
	corpus c = { NULL, 0, NULL };
	dx_analyzer *an = NULL;
	dx_session *ss = NULL;
	dx_index *idx = NULL;

	snprintf(db, sizeof(db), "%s/db", dir);
	OK(dx_analyzer_open(&an, NULL) == DX_OK);
	OK(an && dx_session_new(&ss, an) == DX_OK);
	if (!ss) {
		dx_analyzer_free(an);
		free(dir);
		return;
	}
	c.ss = ss;
	dx_test_corpus(db, 0, keep_passage, &c);
	OK(c.n > 150);
	OK(dx_index_open(&idx, db, NULL) == DX_OK);
	add_tsv(&qs, &nq, "queries.tsv");
	add_tsv(&qs, &nq, "debian_questions.tsv");
	OK(nq > 200);
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		qs = realloc(qs, (nq + 1) * sizeof(char *));
		qs[nq++] = strdup(extra[i]);
	}
	for (i = 0; i < nq && idx; i++) {
		dx_qgroup *g = NULL;
		size_t ng = 0;

		OK(dx_search_highlight_groups(idx, qs[i], strlen(qs[i]), &g,
		                              &ng) == DX_OK);
		for (k = 0; k < c.n; k++) {
			dx_span *a = NULL, *b = NULL;
			size_t na = 0, nb = 0;

			OK(dx_highlight(ss, c.p[k].text, c.p[k].len, g, ng, &a,
			                &na) == DX_OK);
			if (c.p[k].full)
				dx_hl_text_spans(c.p[k].full, g, ng, &b, &nb);
			compared++;
			marked += nb > 0;
			if (!same_spans(a, na, b, nb) && diffs++ < SHOW)
				fprintf(stderr, "  %s: passage %zu: %zu spans with "
				        "the prefilter, %zu without\n", qs[i], k,
				        na, nb);
			free(a);
			free(b);
		}
		for (k = 0; k < ng; k++)
			dx_qgroup_clear(&g[k]);
		free(g);
	}
	fprintf(stderr, "%zu queries x %zu passages: %zu compared, %zu with "
	        "highlights, %zu different\n", nq, c.n, compared, marked,
	        diffs);
	OK(marked > 1000);
	INT_EQ(diffs, 0);
	for (i = 0; i < nq; i++)
		free(qs[i]);
	free(qs);
	for (k = 0; k < c.n; k++) {
		dx_hl_text_free(c.p[k].full);
		free(c.p[k].text);
	}
	free(c.p);
	dx_index_free(idx);
	dx_session_free(ss);
	dx_analyzer_free(an);
	free(dir);
}

/* Spans of `query` in each text, with the prefilter and the memo (the
 * texts share sentences) and from the whole analysis: the same. */
static void memo_elsewhere(void)
{
	static const char *const texts[] = {
		"共創の取り組みをDXで進めます。",
		"前置きの文です。共創の取り組みをDXで進めます。後の文です。",
		"ずっと長い前置きの文がここにあります！共創の取り組みをDXで"
		"進めます。",
		"前置き。共創の取り組みをＤＸで進めます。",   /* other bytes */
		"共創の取り組みをDXで進めます。共創の取り組みをDXで進めます。",
	};
	static const char *const queries[] = { "共創", "DX 取り組む", "進め" };
	char *dir = dx_test_tmpdir("prefilter-memo");
	char db[4096];
	dx_writer *w = NULL;
	dx_index *idx = NULL;
	dx_session *ss;
	size_t i, q, k;

	snprintf(db, sizeof(db), "%s/db", dir);
	OK(dx_writer_open(&w, db, NULL) == DX_OK);
	OK(w && dx_writer_add_text(w, "a.md", "md", texts[1],
	                           strlen(texts[1]), NULL) == DX_OK);
	OK(dx_writer_close(w) == DX_OK);
	OK(dx_index_open(&idx, db, NULL) == DX_OK);
	if (!idx) {
		free(dir);
		return;
	}
	ss = dx_index_session(idx);
	for (q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		dx_qgroup *g = NULL;
		size_t ng = 0;

		OK(dx_search_highlight_groups(idx, queries[q],
		                              strlen(queries[q]), &g, &ng) ==
		   DX_OK);
		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			dx_hl_text *full = NULL;
			dx_span *a = NULL, *b = NULL;
			size_t na = 0, nb = 0, len = strlen(texts[i]);

			OK(dx_highlight(ss, texts[i], len, g, ng, &a, &na) ==
			   DX_OK);
			OK(dx_hl_text_new(&full, ss, texts[i], len, NULL, 0) ==
			   DX_OK);
			if (full)
				dx_hl_text_spans(full, g, ng, &b, &nb);
			OK(na > 0);
			OK(same_spans(a, na, b, nb));
			dx_hl_text_free(full);
			free(a);
			free(b);
		}
		for (k = 0; k < ng; k++)
			dx_qgroup_clear(&g[k]);
		free(g);
	}
	dx_index_free(idx);
	free(dir);
}

int main(void)
{
	rule_cases();
	userdic_checked();
	ipadic_keeps_bases();
	memo_elsewhere();
	same_spans_everywhere();
	return dx_test_finish();
}
