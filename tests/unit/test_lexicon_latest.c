/*
 * test_lexicon_latest.c -- searches right after a commit do not wait for
 * the new revision's term list (lexicon.h): with the background builds
 * held back, a search on the new revision returns at once (were it to
 * wait for the build, it never would: the alarm ends the test), uses the
 * older term list (dx_index_term_list_revision()) and so does not yet
 * find a new word inside a longer new word, while its exact words are
 * found; once the build is let go and done, the same handle finds it.
 * Real MeCab, real Xapian, through the public API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dxsearch.h"
#include "harness.h"
#include "lexicon.h"

static char db[4096], docs[4096];

static void put_file(const char *name, const char *text)
{
	dx_test_put_file(docs, name, text);
}

static void index_docs(void)
{
	dx_writer *w = NULL;

	INT_EQ(dx_writer_open(&w, db, NULL), DX_OK);
	if (!w)
		return;
	INT_EQ(dx_writer_add_path(w, docs, NULL, NULL, NULL), DX_OK);
	INT_EQ(dx_writer_close(w), DX_OK);
}

/* The number of passages q matches on idx; -1 if the search failed. */
static long long hits(dx_index *idx, const char *q)
{
	dx_search_options o = DX_SEARCH_OPTIONS_INIT;
	dx_result *r = NULL;
	long long n;

	if (dx_search(&r, idx, q, strlen(q), &o) != DX_OK)
		return -1;
	n = (long long)dx_result_total(r);
	dx_result_free(r);
	return n;
}

static uint64_t revision(dx_index *idx)
{
	char uuid[64];
	uint64_t rev = 0;

	INT_EQ(dx_index_revision(idx, &rev, uuid, sizeof(uuid)), DX_OK);
	return rev;
}

static uint64_t terms_revision(dx_index *idx)
{
	uint64_t rev = 0;

	INT_EQ(dx_index_term_list_revision(idx, &rev), DX_OK);
	return rev;
}

static void test_no_wait_after_commit(void)
{
	dx_index *idx = NULL, *other = NULL;
	uint64_t r1, r2;

	put_file("a.md", "# 空港\n\n関西国際空港の発着便について説明します。\n");
	index_docs();
	INT_EQ(dx_index_open(&idx, db, NULL), DX_OK);
	if (!idx)
		return;
	/* The first term list is built at once: complete. */
	INT_EQ(hits(idx, "国際"), 1);          /* inside 関西国際空港 */
	r1 = revision(idx);
	INT_EQ(terms_revision(idx), r1);
	INT_EQ(hits(idx, "フェンシング"), 0);

	/* A commit with a new long word (one MeCab token) and a new word. */
	dx_lexicon_builds_hold(1);
	put_file("b.md", "# 見守り\n\nジオフェンシングの導入でペンギンの見守りを"
	         "始めた。\n");
	index_docs();
	alarm(60);   /* a search that waited for the held build: a failure */
	/* The new word itself is found in the new revision ... */
	INT_EQ(hits(idx, "ペンギン"), 1);
	r2 = revision(idx);
	OK(r2 > r1);
	/* ... but the term list is still the older one: not inside words. */
	INT_EQ(terms_revision(idx), r1);
	INT_EQ(hits(idx, "フェンシング"), 0);
	INT_EQ(hits(idx, "国際"), 1);
	/* A handle opened now is not the process's first: no wait either. */
	INT_EQ(dx_index_open(&other, db, NULL), DX_OK);
	INT_EQ(hits(other, "ペンギン"), 1);
	INT_EQ(terms_revision(other), r1);
	alarm(0);

	/* The build let go: the new term list, and the word inside. */
	dx_lexicon_builds_hold(0);
	dx_lexicon_builds_wait();
	INT_EQ(hits(idx, "フェンシング"), 1);
	INT_EQ(terms_revision(idx), r2);
	INT_EQ(hits(other, "フェンシング"), 1);
	INT_EQ(terms_revision(other), r2);
	/* Never back to an older one. */
	INT_EQ(hits(idx, "国際"), 1);
	INT_EQ(terms_revision(idx), r2);
	dx_index_free(other);
	dx_index_free(idx);
}

int main(void)
{
	char *dir = dx_test_tmpdir("lexicon_latest");

	snprintf(db, sizeof(db), "%s/db", dir);
	snprintf(docs, sizeof(docs), "%s/docs", dir);
	INT_EQ(mkdir(docs, 0755), 0);
	test_no_wait_after_commit();
	free(dir);
	return dx_test_finish();
}
