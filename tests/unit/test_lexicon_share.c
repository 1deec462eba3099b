/*
 * test_lexicon_share.c -- the lexicon is built once per database
 * revision and shared by the reader handles of that revision (server
 * workers), against real glass databases: same revision, same lexicon;
 * a commit, a new one; the last reference frees it; a writer gets its
 * own; many threads loading and freeing at once (run under ASan in CI);
 * readers that move on with dx_lexicon_latest() while a writer commits
 * and the background thread builds (never an older revision than they
 * had, never a lexicon from after their own revision, the newest once
 * the builds are done).
 */
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "xdb.h"

static char path[4096];

static void add_doc(dx_xdb *w, const char *uniq, const char *term)
{
	dx_xdoc *d = NULL;

	INT_EQ(dx_xdoc_new(&d), DX_OK);
	INT_EQ(dx_xdoc_add_posting(d, term, strlen(term), 1, 1), DX_OK);
	INT_EQ(dx_xdoc_add_boolean(d, uniq, strlen(uniq)), DX_OK);
	INT_EQ(dx_xdb_replace(w, uniq, strlen(uniq), d), DX_OK);
	dx_xdoc_free(d);
}

static dx_xdb *reader(void)
{
	dx_xdb *r = NULL;

	INT_EQ(dx_xdb_open(&r, path, DX_XDB_READ), DX_OK);
	return r;
}

static void test_shared_per_revision(void)
{
	dx_xdb *w = NULL, *r1, *r2, *r3;
	dx_lexicon *a = NULL, *b = NULL, *c = NULL, *own = NULL;
	uint64_t rev1 = 0, rev2 = 0;
	dx_buf u1 = DX_BUF_INIT, u2 = DX_BUF_INIT;
	int changed = 0;

	INT_EQ(dx_xdb_open(&w, path, DX_XDB_WRITE | DX_XDB_CREATE), DX_OK);
	add_doc(w, "Qone", "共創");
	INT_EQ(dx_xdb_commit(w), DX_OK);

	/* A writer has no revision to share: its own lexicon. */
	INT_EQ(dx_xdb_revision(w, &rev1, &u1), DX_EINVAL);
	dx_error_clear();
	INT_EQ(dx_lexicon_load(&own, w), DX_OK);
	OK(dx_lexicon_has(own, "共創", strlen("共創")));

	r1 = reader();
	r2 = reader();
	INT_EQ(dx_xdb_revision(r1, &rev1, &u1), DX_OK);
	INT_EQ(dx_xdb_revision(r2, &rev2, &u2), DX_OK);
	OK(rev1 == rev2 && rev1 > 0);
	OK(u1.len > 0 && u1.len == u2.len && !memcmp(u1.ptr, u2.ptr, u1.len));

	INT_EQ(dx_lexicon_load(&a, r1), DX_OK);
	INT_EQ(dx_lexicon_load(&b, r2), DX_OK);
	OK(a && a == b);                 /* one build for the revision */
	OK(a != own);
	OK(dx_lexicon_has(a, "共創", strlen("共創")));
	OK(!dx_lexicon_has(a, "官民", strlen("官民")));
	dx_lexicon_free(own);

	/* A commit: a reader that moves on gets the new revision's. */
	add_doc(w, "Qtwo", "官民");
	INT_EQ(dx_xdb_commit(w), DX_OK);
	INT_EQ(dx_xdb_reopen(r2, &changed), DX_OK);
	OK(changed);
	INT_EQ(dx_lexicon_load(&c, r2), DX_OK);
	OK(c && c != a);
	OK(dx_lexicon_has(c, "官民", strlen("官民")));
	/* The old revision's lexicon lives on for its other holder. */
	dx_lexicon_free(b);
	OK(dx_lexicon_has(a, "共創", strlen("共創")));
	OK(!dx_lexicon_has(a, "官民", strlen("官民")));
	dx_lexicon_free(a);               /* the last reference: freed */

	/* Another handle on the new revision shares c. */
	r3 = reader();
	INT_EQ(dx_lexicon_load(&a, r3), DX_OK);
	OK(a == c);
	dx_lexicon_free(a);
	dx_lexicon_free(c);

	dx_buf_free(&u1);
	dx_buf_free(&u2);
	dx_xdb_close(r1);
	dx_xdb_close(r2);
	dx_xdb_close(r3);
	dx_xdb_close(w);
}

/* A commit that leaves the terms, their frequencies and the readings
 * as they were: the new revision shares the older one's lexicon (its
 * revision stays the first it was built for); a new term: a new one. */
static void test_same_terms_shared(void)
{
	dx_xdb *w = NULL, *r = reader();
	dx_lexicon *a = NULL, *b = NULL, *c = NULL;
	dx_buf u = DX_BUF_INIT;
	uint64_t rev1 = 0, rev2 = 0;

	INT_EQ(dx_lexicon_load(&a, r), DX_OK);
	INT_EQ(dx_xdb_revision(r, &rev1, &u), DX_OK);
	INT_EQ(dx_lexicon_revision(a), rev1);
	INT_EQ(dx_xdb_open(&w, path, DX_XDB_WRITE), DX_OK);
	add_doc(w, "Qone", "共創");           /* the same document again */
	INT_EQ(dx_xdb_commit(w), DX_OK);
	INT_EQ(dx_xdb_reopen(r, NULL), DX_OK);
	INT_EQ(dx_xdb_revision(r, &rev2, &u), DX_OK);
	OK(rev2 > rev1);
	INT_EQ(dx_lexicon_load(&b, r), DX_OK);
	OK(a == b);
	INT_EQ(dx_lexicon_revision(b), rev1);
	add_doc(w, "Qthree", "協働");
	INT_EQ(dx_xdb_commit(w), DX_OK);
	INT_EQ(dx_xdb_reopen(r, NULL), DX_OK);
	INT_EQ(dx_xdb_revision(r, &rev2, &u), DX_OK);
	INT_EQ(dx_lexicon_load(&c, r), DX_OK);
	OK(c != a);
	INT_EQ(dx_lexicon_revision(c), rev2);
	OK(dx_lexicon_has(c, "協働", strlen("協働")));
	dx_lexicon_free(a);
	dx_lexicon_free(b);
	dx_lexicon_free(c);
	dx_buf_free(&u);
	dx_xdb_close(w);
	dx_xdb_close(r);
}

/* Threads loading and freeing the same revision's lexicon at once. */
#define THREADS 8
#define ROUNDS  40

static void *churn(void *arg)
{
	dx_xdb *r = arg;
	int i, bad = 0;

	for (i = 0; i < ROUNDS; i++) {
		dx_lexicon *lx = NULL;

		if (dx_lexicon_load(&lx, r) != DX_OK || !lx ||
		    !dx_lexicon_has(lx, "共創", strlen("共創")))
			bad++;
		dx_lexicon_free(lx);
	}
	return bad ? (void *)1 : NULL;
}

static void test_threads(void)
{
	pthread_t t[THREADS];
	dx_xdb *r[THREADS];
	int i, bad = 0;

	for (i = 0; i < THREADS; i++)
		r[i] = reader();
	for (i = 0; i < THREADS; i++)
		INT_EQ(pthread_create(&t[i], NULL, churn, r[i]), 0);
	for (i = 0; i < THREADS; i++) {
		void *ret = NULL;

		pthread_join(t[i], &ret);
		bad += ret != NULL;
		dx_xdb_close(r[i]);
	}
	INT_EQ(bad, 0);
}

/* Readers moving on with dx_lexicon_latest() while commits come in. */
#define COMMITS 12

typedef struct {
	dx_xdb    *r;
	atomic_int *done;
	int        bad;
} mover;

static void *move_on(void *arg)
{
	mover *m = arg;
	dx_lexicon *have = NULL;
	uint64_t last = 0;

	while (!atomic_load(m->done)) {
		dx_lexicon *lx = NULL;
		dx_buf u = DX_BUF_INIT;
		uint64_t rev = 0;
		int got = dx_xdb_reopen(m->r, NULL);

		if (got == DX_EMODIFIED) {
			/* overtaken by two commits while reopening: again */
			dx_error_clear();
			continue;
		}
		if (got < 0 || dx_xdb_revision(m->r, &rev, &u) < 0) {
			m->bad++;
			dx_buf_free(&u);
			break;
		}
		dx_buf_free(&u);
		got = dx_lexicon_latest(&lx, m->r, path);
		if (got == DX_EMODIFIED) {
			/* the same during the walk of a build here (the
			 * first): reopen and try again */
			dx_error_clear();
			continue;
		}
		if (got < 0 || !lx || dx_lexicon_revision(lx) < last ||
		    dx_lexicon_revision(lx) > rev ||
		    (got == 0) != (dx_lexicon_revision(lx) == rev) ||
		    !dx_lexicon_has(lx, "共創", strlen("共創")))
			m->bad++;
		last = dx_lexicon_revision(lx);
		dx_lexicon_free(have);
		have = lx;
	}
	dx_lexicon_free(have);
	return NULL;
}

static void test_latest_while_committing(void)
{
	pthread_t t[4];
	mover m[4];
	atomic_int done;
	dx_xdb *w = NULL, *r;
	dx_lexicon *lx = NULL, *old = NULL;
	dx_buf u = DX_BUF_INIT;
	uint64_t rev = 0;
	char uniq[32], term[32];
	int i;

	atomic_init(&done, 0);
	INT_EQ(dx_xdb_open(&w, path, DX_XDB_WRITE), DX_OK);
	for (i = 0; i < 4; i++) {
		m[i].r = reader();
		m[i].done = &done;
		m[i].bad = 0;
		INT_EQ(pthread_create(&t[i], NULL, move_on, &m[i]), 0);
	}
	for (i = 0; i < COMMITS; i++) {
		snprintf(uniq, sizeof(uniq), "Qc%d", i);
		snprintf(term, sizeof(term), "新語%d", i);
		add_doc(w, uniq, term);
		INT_EQ(dx_xdb_commit(w), DX_OK);
	}
	atomic_store(&done, 1);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		INT_EQ(m[i].bad, 0);
		dx_xdb_close(m[i].r);
	}
	/* The builds done: the last commit's lexicon, every new term. */
	r = reader();
	INT_EQ(dx_lexicon_latest(&old, r, path) >= 0, 1);
	dx_lexicon_builds_wait();
	INT_EQ(dx_xdb_revision(r, &rev, &u), DX_OK);
	INT_EQ(dx_lexicon_latest(&lx, r, path), DX_OK);
	INT_EQ(dx_lexicon_revision(lx), rev);
	snprintf(term, sizeof(term), "新語%d", COMMITS - 1);
	OK(dx_lexicon_has(lx, term, strlen(term)));
	dx_lexicon_free(old);
	dx_lexicon_free(lx);
	dx_buf_free(&u);
	dx_xdb_close(r);
	dx_xdb_close(w);
}

int main(void)
{
	char *dir = dx_test_tmpdir("lexicon_share");

	snprintf(path, sizeof(path), "%s/db", dir);
	test_shared_per_revision();
	test_same_terms_shared();
	test_threads();
	test_latest_while_committing();
	free(dir);
	return dx_test_finish();
}
