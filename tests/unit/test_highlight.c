/* test_highlight.c -- highlight spans and snippets with the real
 * analyzer: compounds marked whole, base forms, width variants mapped to
 * the original bytes, merging, HTML escaping, UTF-8-safe excerpts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "harness.h"
#include "highlight.h"
#include "utf8.h"

static dx_analyzer *an;
static dx_session *ss;

/* A group of npos positions, each with the alternatives in alts[k]
 * separated by '|'. */
static dx_qgroup make_group(size_t npos, const char *const *alts)
{
	dx_qgroup g;
	size_t k;

	g.npos = npos;
	g.pos = calloc(npos, sizeof(dx_qpos));
	for (k = 0; k < npos; k++) {
		char *copy = dx_xstrdup(alts[k]), *save = NULL, *tok;
		for (tok = strtok_r(copy, "|", &save); tok;
		     tok = strtok_r(NULL, "|", &save)) {
			g.pos[k].alts = realloc(g.pos[k].alts,
			                        (g.pos[k].nalts + 1) * sizeof(char *));
			g.pos[k].alts[g.pos[k].nalts++] = dx_xstrdup(tok);
		}
		free(copy);
	}
	return g;
}

static void free_group(dx_qgroup *g)
{
	size_t k, a;

	for (k = 0; k < g->npos; k++) {
		for (a = 0; a < g->pos[k].nalts; a++)
			free(g->pos[k].alts[a]);
		free(g->pos[k].alts);
	}
	free(g->pos);
}

/* The highlighted substrings of text joined by '/'. */
static char *marked(const char *text, dx_qgroup *g, size_t ng)
{
	dx_span *sp = NULL;
	size_t n = 0, i;
	dx_buf b = DX_BUF_INIT;

	OK(dx_highlight(ss, text, strlen(text), g, ng, &sp, &n) == DX_OK);
	for (i = 0; i < n; i++) {
		OK(sp[i].start < sp[i].end && sp[i].end <= strlen(text));
		OK(i == 0 || sp[i].start > sp[i - 1].end);
		OK(dx_utf8_valid(text + sp[i].start, sp[i].end - sp[i].start));
		if (i)
			dx_buf_putc(&b, '/');
		dx_buf_put(&b, text + sp[i].start, sp[i].end - sp[i].start);
	}
	free(sp);
	return dx_buf_detach(&b);
}

static void single_terms(void)
{
	const char *a[] = { "課題" };
	dx_qgroup g = make_group(1, a);
	char *m = marked("課題を整理し、課題ごとに担当を決めた。かだいではない。",
	                 &g, 1);

	STR_EQ(m, "課題/課題");
	free(m);
	free_group(&g);
}

static void compounds_whole(void)
{
	const char *a[] = { "外部", "人材" };
	dx_qgroup g = make_group(2, a);
	char *m = marked("外部人材を登用した。外部の講師と人材育成。", &g, 1);

	/* Only the adjacent pair; 外部 and 人材 apart are not marked. */
	STR_EQ(m, "外部人材");
	free(m);
	free_group(&g);
}

static void base_forms(void)
{
	const char *a[] = { "取り組む|取り組ん" };
	dx_qgroup g = make_group(1, a);
	char *m = marked("課題に取り組んでいる。今後も取り組む。", &g, 1);

	STR_EQ(m, "取り組ん/取り組む");
	free(m);
	free_group(&g);
}

static void original_bytes(void)
{
	const char *a[] = { "dx" }, *b[] = { "サーバ" };
	dx_qgroup g[2];
	char *m;

	g[0] = make_group(1, a);
	g[1] = make_group(1, b);
	m = marked("ＤＸとDXとｄｘ。ｻｰﾊﾞｰの更新。", g, 2);
	STR_EQ(m, "ＤＸ/DX/ｄｘ/ｻｰﾊﾞｰ");
	free(m);
	free_group(&g[0]);
	free_group(&g[1]);
}

static void merging(void)
{
	/* The user dictionary (dict/user.csv) keeps 官民共創 whole, with
	 * the parts 官民 and 共創: each part is highlighted on its own. */
	const char *a[] = { "官民" }, *b[] = { "共創" };
	dx_qgroup g[2];
	char *m;

	g[0] = make_group(1, a);
	g[1] = make_group(1, b);
	m = marked("官民共創を進める。", g, 2);
	STR_EQ(m, "官民共創");     /* touching spans merge */
	free(m);
	free_group(&g[0]);
	free_group(&g[1]);
}

static void snippets(void)
{
	dx_buf b = DX_BUF_INIT;
	const char *t = "<b>共創</b> & \"共創\"";
	dx_span sp[2] = { { 3, 9 }, { 17, 23 } };
	char longtext[4096] = "";
	size_t i, at;
	dx_span far;

	dx_snippet(&b, t, strlen(t), sp, 2, 200);
	STR_EQ(dx_buf_cstr(&b), "&lt;b&gt;<mark>共創</mark>&lt;/b&gt; &amp; "
	       "&quot;<mark>共創</mark>&quot;");

	/* A long text: the excerpt starts shortly before a far match,
	 * with ellipses, and stays valid UTF-8. */
	for (i = 0; i < 300; i++)
		strcat(longtext, "あ");
	at = strlen(longtext);
	strcat(longtext, "共創");
	for (i = 0; i < 300; i++)
		strcat(longtext, "い");
	far.start = at;
	far.end = at + 6;
	dx_buf_clear(&b);
	dx_snippet(&b, longtext, strlen(longtext), &far, 1, 100);
	OK(strncmp(dx_buf_cstr(&b), "…", 3) == 0);
	OK(strstr(dx_buf_cstr(&b), "<mark>共創</mark>") != NULL);
	OK(b.len > 6 && strcmp(b.ptr + b.len - 3, "…") == 0);
	OK(dx_utf8_valid(b.ptr, b.len));
	dx_buf_free(&b);
}

int main(void)
{
	if (dx_analyzer_open(&an, NULL) < 0 || dx_session_new(&ss, an) < 0) {
		fprintf(stderr, "skip: %s\n", dx_error_last());
		return 77;
	}
	single_terms();
	compounds_whole();
	base_forms();
	original_bytes();
	merging();
	snippets();
	dx_session_free(ss);
	dx_analyzer_free(an);
	return dx_test_finish();
}
