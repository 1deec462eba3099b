/* test_index.c -- the public API end to end on a temporary index:
 * add/replace/remove articles, search, hits, JSON, the stale-index
 * check and --rebuild, error codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxsearch.h"
#include "harness.h"
#include "schema.h"
#include "xdb.h"

static char *dir;

static const char *md1 =
	"# 官民連携の記録\n\n## 窓口\n\n市は書かない窓口を始めた。"
	"手続きの時間が半分になった。\n";
static const char *md2 =
	"# 官民連携の記録\n\n## 窓口\n\n市はオンライン申請を広げた。\n";

static size_t count(dx_index *idx, const char *q)
{
	dx_search_options so = DX_SEARCH_OPTIONS_INIT;
	dx_result *r = NULL;
	size_t n;

	so.per_article = 0;
	so.limit = 100;
	if (dx_search(&r, idx, q, strlen(q), &so) < 0)
		return (size_t)-1;
	n = dx_result_count(r);
	dx_result_free(r);
	return n;
}

static void add_search_replace_remove(void)
{
	dx_writer *w = NULL;
	dx_index *idx = NULL;
	dx_result *r = NULL;
	const dx_hit *h;
	size_t np = 0;
	char *json;

	OK(dx_writer_open(&w, dir, NULL) == DX_OK);
	OK(dx_writer_add_text(w, "a.md", "md", md1, strlen(md1), &np) == DX_OK);
	INT_EQ(np, 1);
	OK(dx_writer_add_text(w, "b.txt", "txt", "題名\n\n窓口の案内。\n", 25,
	                      NULL) == DX_OK);
	OK(dx_writer_add_text(w, "c.pdf", "pdf", "x", 1, NULL) == DX_EINVAL);
	OK(dx_writer_close(w) == DX_OK);

	OK(dx_index_open(&idx, dir, NULL) == DX_OK);
	OK(dx_search(&r, idx, "書かない窓口", strlen("書かない窓口"), NULL) ==
	   DX_OK);
	OK(dx_result_count(r) >= 1);
	h = dx_result_hit(r, 0);
	OK(h != NULL);
	if (h) {
		STR_EQ(h->path, "a.md");
		STR_EQ(h->title, "官民連携の記録");
		STR_EQ(h->heading, "窓口");
		OK(h->url == NULL);
		INT_EQ(h->rank, 1);
		OK(h->n_highlights >= 1);
		OK(strstr(h->snippet, "<mark>") != NULL);
	}
	OK(dx_result_hit(r, 99) == NULL);
	json = dx_result_json(r, "書かない窓口");
	OK(strstr(json, "\"path\":\"a.md\"") != NULL);
	OK(strstr(json, "\"url\":null") != NULL);
	dx_free(json);
	dx_result_free(r);
	OK(dx_search(&r, idx, "  ", 2, NULL) == DX_EQUERY);
	OK(r == NULL);
	INT_EQ(count(idx, "時間"), 1);

	/* Replace: the old text is gone, the new one found, no dupes. */
	OK(dx_writer_open(&w, dir, NULL) == DX_OK);
	OK(dx_writer_add_text(w, "a.md", "md", md2, strlen(md2), NULL) == DX_OK);
	OK(dx_writer_add_text(w, "a.md", "md", md2, strlen(md2), NULL) == DX_OK);
	OK(dx_writer_commit(w) == DX_OK);
	INT_EQ(count(idx, "時間"), 0);
	INT_EQ(count(idx, "オンライン申請"), 1);
	/* Remove. */
	OK(dx_writer_remove(w, "a.md") == DX_OK);
	OK(dx_writer_remove(w, "a.md") == DX_ENOTFOUND);
	OK(dx_writer_close(w) == DX_OK);
	INT_EQ(count(idx, "オンライン申請"), 0);
	INT_EQ(count(idx, "案内"), 1);
	dx_index_free(idx);
}

static void locked(void)
{
	dx_writer *w1 = NULL, *w2 = NULL;

	OK(dx_writer_open(&w1, dir, NULL) == DX_OK);
	OK(dx_writer_open(&w2, dir, NULL) == DX_ELOCKED);
	OK(w2 == NULL);
	OK(strstr(dx_error_last(), "lock") != NULL);
	OK(dx_writer_close(w1) == DX_OK);
}

static void stale(void)
{
	dx_xdb *db = NULL;
	dx_index *idx = NULL;
	dx_writer *w = NULL;
	dx_writer_options wo = DX_WRITER_OPTIONS_INIT;

	/* Pretend another analyzer built the index. */
	OK(dx_xdb_open(&db, dir, DX_XDB_WRITE) == DX_OK);
	OK(dx_xdb_set_metadata(db, DX_META_ANALYZER, "norm-0;other", 12) ==
	   DX_OK);
	OK(dx_xdb_close(db) == DX_OK);

	OK(dx_index_open(&idx, dir, NULL) == DX_ESTALE);
	OK(idx == NULL);
	OK(strstr(dx_error_last(), "re-index") != NULL);
	OK(dx_writer_open(&w, dir, NULL) == DX_ESTALE);
	OK(strstr(dx_error_last(), "--rebuild") != NULL);

	wo.rebuild = 1;
	OK(dx_writer_open(&w, dir, &wo) == DX_OK);
	OK(dx_writer_close(w) == DX_OK);
	OK(dx_index_open(&idx, dir, NULL) == DX_OK);
	INT_EQ(count(idx, "案内"), 0);   /* rebuild dropped everything */
	dx_index_free(idx);
}

static void errors(void)
{
	dx_index *idx = (dx_index *)1;
	char *missing = malloc(strlen(dir) + 16);

	sprintf(missing, "%s/none", dir);
	OK(dx_index_open(&idx, missing, NULL) == DX_ENOTFOUND);
	OK(idx == NULL);
	OK(strstr(dx_error_last(), "dxsearch index") != NULL);
	OK(dx_index_open(&idx, "", NULL) == DX_EINVAL);
	free(missing);
	STR_EQ(dx_code_name(DX_EQUERY), "invalid_query");
	OK(strlen(dx_strerror(DX_ELOCKED)) > 0);
	dx_index_free(NULL);
	dx_result_free(NULL);
	OK(dx_writer_close(NULL) == DX_OK);
}

int main(void)
{
	char *base = dx_test_tmpdir("index");

	if (!base)
		return 1;
	dir = malloc(strlen(base) + 8);
	sprintf(dir, "%s/db", base);
	add_search_replace_remove();
	locked();
	stale();
	errors();
	free(dir);
	free(base);
	return dx_test_finish();
}
