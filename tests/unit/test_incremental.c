/*
 * test_incremental.c -- the writer's issue-3 behaviour through the
 * public API on real files and a real index: incremental runs (size +
 * mtime, then content hash), pruning, remove, long articles streamed in
 * batches, the same index whatever the thread count, the lock message
 * and waiting for the lock, statistics.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dxsearch.h"
#include "harness.h"

static char *base;

static void put_file(const char *dir, const char *name, const char *text)
{
	dx_test_put_file(dir, name, text);
}

/* Set a file's mtime to t seconds (so a rewrite in the same second is
 * still seen as changed, or a touch as a change of mtime only). */
static void set_mtime(const char *dir, const char *name, time_t t)
{
	char p[4096];
	struct timespec ts[2];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	ts[0].tv_sec = ts[1].tv_sec = t;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	OK(utimensat(AT_FDCWD, p, ts, 0) == 0);
}

static dx_writer *open_writer(const char *db, unsigned int jobs)
{
	dx_writer_options o = DX_WRITER_OPTIONS_INIT;
	dx_writer *w = NULL;

	o.jobs = jobs;
	INT_EQ(dx_writer_open(&w, db, &o), DX_OK);
	return w;
}

static int run(const char *db, const char *dir, unsigned int jobs,
               dx_index_summary *s)
{
	dx_writer *w = open_writer(db, jobs);
	int error;

	if (!w)
		return DX_ERROR;
	error = dx_writer_add_path(w, dir, s, NULL, NULL);
	INT_EQ(dx_writer_close(w), DX_OK);
	return error;
}

static void stats(const char *db, dx_index_stats *st)
{
	INT_EQ(dx_index_stats_read(st, db), DX_OK);
}

static void test_incremental(void)
{
	char dir[4096], db[4096];
	dx_index_summary s;
	dx_index_stats st;
	char *upd;

	snprintf(dir, sizeof(dir), "%s/inc", base);
	snprintf(db, sizeof(db), "%s/inc.db", base);
	mkdir(dir, 0755);
	put_file(dir, "a.md", "# 窓口\n\n市は書かない窓口を始めた。\n");
	put_file(dir, "b.txt", "予算\n\n来年度の予算で電子申請を広げる。\n");
	put_file(dir, "c.html", "<title>図書館</title><p>電子書籍の貸出。</p>");
	set_mtime(dir, "a.md", 1000000000);

	INT_EQ(run(db, dir, 2, &s), DX_OK);
	INT_EQ(s.indexed, 3);
	INT_EQ(s.unchanged, 0);
	OK(s.passages >= 3);
	OK(s.bytes > 0);
	stats(db, &st);
	INT_EQ(st.articles, 3);
	OK(st.terms > 5);
	OK(strlen(st.updated) == 20 && st.updated[19] == 'Z');
	OK(st.size_bytes > 0);
	OK(*st.dictionary);
	upd = strdup(st.updated);
	dx_index_stats_free(&st);

	/* nothing changed: nothing read, nothing written */
	INT_EQ(run(db, dir, 2, &s), DX_OK);
	INT_EQ(s.indexed, 0);
	INT_EQ(s.unchanged, 3);
	INT_EQ(s.removed, 0);

	/* mtime only: same hash, manifest updated, not re-indexed */
	set_mtime(dir, "a.md", 1100000000);
	INT_EQ(run(db, dir, 1, &s), DX_OK);
	INT_EQ(s.indexed, 0);
	INT_EQ(s.unchanged, 3);

	/* new content (same mtime as before the rewrite does not matter:
	 * the size differs) */
	put_file(dir, "a.md", "# 窓口\n\n市はオンライン申請を広げた。手続きが速い。\n");
	set_mtime(dir, "a.md", 1100000000);
	INT_EQ(run(db, dir, 2, &s), DX_OK);
	INT_EQ(s.indexed, 1);
	INT_EQ(s.unchanged, 2);

	/* a deleted file is pruned; an unindexable one too */
	{
		char p[4200];

		snprintf(p, sizeof(p), "%s/b.txt", dir);
		OK(unlink(p) == 0);
	}
	put_file(dir, "c.html", "");
	INT_EQ(run(db, dir, 2, &s), DX_OK);
	INT_EQ(s.removed, 2);
	INT_EQ(s.skipped, 1);
	INT_EQ(s.skipped_by[DX_SKIP_EMPTY], 1);
	stats(db, &st);
	INT_EQ(st.articles, 1);
	dx_index_stats_free(&st);
	free(upd);
}

/* One long article goes in batches; replacing it by a short one leaves
 * no stale passage. */
static void test_long_article(void)
{
	char db[4096];
	dx_writer *w;
	char *text;
	size_t i, n = 0, len = 0, cap = 1 << 20;
	dx_index_stats st;

	snprintf(db, sizeof(db), "%s/long.db", base);
	text = malloc(cap);
	len += (size_t)snprintf(text, cap, "# 長い記事\n\n");
	for (i = 0; i < 700 && len + 400 < cap; i++)
		len += (size_t)snprintf(text + len, cap - len,
		                        "## 節%zu\n\n第%zu節では窓口の改善と電子"
		                        "申請の拡充について述べる。\n\n", i, i);
	w = open_writer(db, 1);
	INT_EQ(dx_writer_add_text(w, "long.md", "md", text, len, &n), DX_OK);
	OK(n > 300);   /* more than two batches */
	INT_EQ(dx_writer_close(w), DX_OK);
	stats(db, &st);
	INT_EQ(st.passages, n);
	INT_EQ(st.articles, 1);
	dx_index_stats_free(&st);

	w = open_writer(db, 1);
	INT_EQ(dx_writer_add_text(w, "long.md", "md", "# 短い\n\n本文。\n",
	                          strlen("# 短い\n\n本文。\n"), &n), DX_OK);
	INT_EQ(n, 1);
	INT_EQ(dx_writer_close(w), DX_OK);
	stats(db, &st);
	INT_EQ(st.passages, 1);
	dx_index_stats_free(&st);
	free(text);
}

/* The same files give the same index with 1 or 3 threads. */
static void test_threads_reproducible(void)
{
	char dir[4096], db1[4096], db3[4096], name[64], body[512];
	dx_index_summary s1, s3;
	dx_index_stats a, b;
	int i;

	snprintf(dir, sizeof(dir), "%s/many", base);
	snprintf(db1, sizeof(db1), "%s/many1.db", base);
	snprintf(db3, sizeof(db3), "%s/many3.db", base);
	mkdir(dir, 0755);
	for (i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), "f%02d.md", i);
		snprintf(body, sizeof(body), "# 記事%d\n\n市は%d件の申請を"
		         "受け付けた。窓口%dでは待ち時間が減った。\n", i, i * 7,
		         i % 5);
		put_file(dir, name, body);
	}
	INT_EQ(run(db1, dir, 1, &s1), DX_OK);
	INT_EQ(run(db3, dir, 3, &s3), DX_OK);
	INT_EQ(s1.indexed, 60);
	INT_EQ(s3.indexed, 60);
	INT_EQ(s1.passages, s3.passages);
	stats(db1, &a);
	stats(db3, &b);
	INT_EQ(a.passages, b.passages);
	INT_EQ(a.terms, b.terms);
	INT_EQ(a.articles, 60);
	dx_index_stats_free(&a);
	dx_index_stats_free(&b);
}

static void test_remove(void)
{
	char db[4096];
	dx_writer *w;
	size_t n = 9;
	dx_index_stats st;

	snprintf(db, sizeof(db), "%s/rm.db", base);
	w = open_writer(db, 1);
	INT_EQ(dx_writer_add_text(w, "d/a.md", "md", "# A\n\n本文。\n", 14,
	                          NULL), DX_OK);
	INT_EQ(dx_writer_add_text(w, "d/b.md", "md", "# B\n\n本文。\n", 14,
	                          NULL), DX_OK);
	INT_EQ(dx_writer_add_text(w, "e/c.md", "md", "# C\n\n本文。\n", 14,
	                          NULL), DX_OK);
	INT_EQ(dx_writer_remove(w, "d/a.md"), DX_OK);
	INT_EQ(dx_writer_remove(w, "d/a.md"), DX_ENOTFOUND);
	INT_EQ(dx_writer_remove_under(w, "d/", &n), DX_OK);
	INT_EQ(n, 1);
	INT_EQ(dx_writer_remove_under(w, "nowhere", &n), DX_OK);
	INT_EQ(n, 0);
	INT_EQ(dx_writer_close(w), DX_OK);
	stats(db, &st);
	INT_EQ(st.articles, 1);
	dx_index_stats_free(&st);
}

typedef struct {
	const char *db;
	int         rc;
	int         opened;
} waiter;

static void *wait_open(void *arg)
{
	waiter *wt = arg;
	dx_writer_options o = DX_WRITER_OPTIONS_INIT;
	dx_writer *w = NULL;

	o.wait = 1;
	wt->rc = dx_writer_open(&w, wt->db, &o);
	wt->opened = 1;
	dx_writer_close(w);
	return NULL;
}

static void test_lock(void)
{
	char db[4096];
	dx_writer_options o = DX_WRITER_OPTIONS_INIT, v1;
	dx_writer *w, *w2 = NULL;
	pthread_t t;
	waiter wt;

	snprintf(db, sizeof(db), "%s/lock.db", base);
	w = open_writer(db, 1);
	INT_EQ(dx_writer_open(&w2, db, &o), DX_ELOCKED);
	OK(w2 == NULL);
	STR_EQ(dx_error_last(), "index is locked by another indexer");

	/* --wait: blocks until the first writer is gone */
	memset(&wt, 0, sizeof(wt));
	wt.db = db;
	wt.rc = 99;
	OK(pthread_create(&t, NULL, wait_open, &wt) == 0);
	nanosleep(&(struct timespec){ 0, 300 * 1000 * 1000 }, NULL);
	INT_EQ(wt.opened, 0);
	INT_EQ(dx_writer_close(w), DX_OK);
	pthread_join(t, NULL);
	INT_EQ(wt.rc, DX_OK);

	/* version-1 options still work; no_create refuses a missing index */
	memset(&v1, 0, sizeof(v1));
	v1.version = 1;
	INT_EQ(dx_writer_open(&w2, db, &v1), DX_OK);
	INT_EQ(dx_writer_close(w2), DX_OK);
	o.no_create = 1;
	snprintf(db, sizeof(db), "%s/missing.db", base);
	INT_EQ(dx_writer_open(&w2, db, &o), DX_ENOTFOUND);
	OK(access(db, F_OK) != 0);
	INT_EQ(dx_index_stats_read(&(dx_index_stats){0}, db), DX_ENOTFOUND);
}

int main(void)
{
	dx_writer *w = NULL;
	char probe[4200];

	base = dx_test_tmpdir("test_incremental");
	if (!base)
		return 1;
	snprintf(probe, sizeof(probe), "%s/probe.db", base);
	if (dx_writer_open(&w, probe, NULL) == DX_EDICT) {
		fprintf(stderr, "skipped: %s\n", dx_error_last());
		return 77;
	}
	dx_writer_close(w);
	test_incremental();
	test_long_article();
	test_threads_reproducible();
	test_remove();
	test_lock();
	free(base);
	return dx_test_finish();
}
