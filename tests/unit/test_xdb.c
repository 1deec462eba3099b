/*
 * test_xdb.c -- the Xapian shim (core/xdb.h) against real glass
 * databases in a temporary directory: documents, queries, collapse,
 * transactions, locking, stale readers and every error path that must
 * come back as a code instead of an abort.
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xdb.h"

static char *base;              /* per-run temporary directory */

/* The last error message contains s. */
#define ERR_HAS(s) \
	err_has((s), __FILE__, __LINE__)

static void err_has(const char *s, const char *file, int line)
{
	const char *m = dx_error_last();
	int ok = strstr(m, s) != NULL && strncmp(m, "[xapian] ", 9) == 0;

	dx_test_check(ok, file, line, "dx_error_last() mentions it");
	if (!ok)
		fprintf(stderr, "  message: [%s]\n  want:    [%s]\n", m, s);
}

static void path_of(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", base, name);
}

static dx_xdb *open_db(const char *name, unsigned int flags)
{
	char p[4096];
	dx_xdb *db = NULL;

	path_of(p, sizeof(p), name);
	INT_EQ(dx_xdb_open(&db, p, flags), DX_OK);
	return db;
}

static dx_xdb *writer(const char *name)
{
	return open_db(name, DX_XDB_WRITE | DX_XDB_CREATE);
}

/* Add (or replace) a passage: terms at positions 1.. ("" leaves a gap),
 * unique term uniq, boolean "A"+art, value 0 = art, data. */
static int add_doc(dx_xdb *w, const char *uniq, const char *art,
                   const char *data, const char *const *terms)
{
	dx_xdoc *d = NULL;
	char a[256];
	uint32_t pos = 0;
	int rc;

	if ((rc = dx_xdoc_new(&d)) != DX_OK)
		return rc;
	for (; *terms; terms++) {
		pos++;
		if (**terms && (rc = dx_xdoc_add_posting(d, *terms,
		                strlen(*terms), pos, 1)) != DX_OK)
			goto done;
	}
	snprintf(a, sizeof(a), "A%s", art);
	if ((rc = dx_xdoc_add_boolean(d, uniq, strlen(uniq))) != DX_OK ||
	    (rc = dx_xdoc_add_boolean(d, a, strlen(a))) != DX_OK ||
	    (rc = dx_xdoc_set_value(d, 0, art, strlen(art))) != DX_OK ||
	    (rc = dx_xdoc_set_data(d, data, strlen(data))) != DX_OK)
		goto done;
	rc = dx_xdb_replace(w, uniq, strlen(uniq), d);
done:
	dx_xdoc_free(d);
	return rc;
}

static dx_xq *term(const char *s)
{
	dx_xq *q = NULL;

	INT_EQ(dx_xq_term(&q, s, strlen(s), 1, 0), DX_OK);
	return q;
}

/* op over two fresh term queries; the parts are freed at once, which
 * also checks that combining copies them. */
static dx_xq *two(dx_xq_op op, const char *a, const char *b,
                  unsigned int param)
{
	dx_xq *sub[2], *q = NULL;

	sub[0] = term(a);
	sub[1] = term(b);
	INT_EQ(dx_xq_combine(&q, op, sub, 2, param), DX_OK);
	dx_xq_free(sub[0]);
	dx_xq_free(sub[1]);
	return q;
}

static dx_xmset *search(dx_xdb *db, const dx_xq *q,
                        const dx_xsearch_opts *o)
{
	dx_xmset *m = NULL;

	INT_EQ(dx_xdb_search(&m, db, q, 0, 100, 100, o), DX_OK);
	return m;
}

/* Hits of q, and q freed. */
static size_t hits(dx_xdb *db, dx_xq *q)
{
	dx_xmset *m = search(db, q, NULL);
	size_t n = dx_xmset_size(m);

	dx_xmset_free(m);
	dx_xq_free(q);
	return n;
}

static void describe_has(const dx_xq *q, const char *s)
{
	dx_buf b = DX_BUF_INIT;

	INT_EQ(dx_xq_describe(q, &b), DX_OK);
	OK(strstr(dx_buf_cstr(&b), s) != NULL);
	if (!strstr(dx_buf_cstr(&b), s))
		fprintf(stderr, "  description: %s\n", dx_buf_cstr(&b));
	dx_buf_free(&b);
}

/* The test corpus: 4 passages of 3 articles. */
static const char *const P1[] = { "機械", "学習", "の", "研究", NULL };
static const char *const P2[] = { "学習", "データ", "と", "機械", "の",
                                  "性能", NULL };
static const char *const P3[] = { "東京", "の", "機械", NULL };
static const char *const P4[] = { "京都", "の", "学習", NULL };

static dx_xdb *corpus(const char *name)
{
	dx_xdb *w = writer(name);

	INT_EQ(add_doc(w, "Qa#1", "a", "passage a1", P1), DX_OK);
	INT_EQ(add_doc(w, "Qa#2", "a", "passage a2", P2), DX_OK);
	INT_EQ(add_doc(w, "Qb#1", "b", "passage b1", P3), DX_OK);
	INT_EQ(add_doc(w, "Qc#1", "c", "passage c1", P4), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_OK);
	return open_db(name, DX_XDB_READ);
}

static int count_cb(void *payload, const char *t, size_t len, uint64_t tf)
{
	size_t *n = payload;

	(void)t;
	(void)len;
	(void)tf;
	(*n)++;
	return 0;
}

static int stop_cb(void *payload, const char *t, size_t len, uint64_t tf)
{
	size_t *n = payload;

	(void)t;
	(void)len;
	(void)tf;
	return ++*n == 2 ? 1 : 0;
}

static int fail_cb(void *payload, const char *t, size_t len, uint64_t tf)
{
	(void)payload;
	(void)t;
	(void)len;
	(void)tf;
	return DX_EQUERY;
}

static void test_create_and_read(void)
{
	dx_xdb *r = corpus("basic");
	dx_buf b = DX_BUF_INIT;
	dx_xmset *m;
	dx_xq *q;
	uint64_t n = 0;
	size_t nt = 0;

	INT_EQ(dx_xdb_doccount(r, &n), DX_OK);
	INT_EQ(n, 4);
	INT_EQ(dx_xdb_termfreq(r, "機械", strlen("機械"), &n), DX_OK);
	INT_EQ(n, 3);
	INT_EQ(dx_xdb_termfreq(r, "無い", strlen("無い"), &n), DX_OK);
	INT_EQ(n, 0);

	q = term("東京");
	m = search(r, q, NULL);
	INT_EQ(dx_xmset_size(m), 1);
	INT_EQ(dx_xmset_estimated(m), 1);
	OK(dx_xmset_docid(m, 0) == 3);
	OK(dx_xmset_weight(m, 0) > 0.0);
	INT_EQ(dx_xmset_data(m, 0, &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "passage b1");
	INT_EQ(dx_xmset_value(m, 0, 0, &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "b");
	INT_EQ(dx_xmset_value(m, 0, 7, &b), DX_OK);  /* unset slot */
	INT_EQ(b.len, 0);
	/* out of range */
	INT_EQ(dx_xmset_data(m, 1, &b), DX_EINVAL);
	ERR_HAS("no hit 1");
	INT_EQ(dx_xmset_docid(m, 5), 0);
	dx_xmset_free(m);
	dx_xq_free(q);

	/* allterms: "A" prefix holds the 3 articles. */
	INT_EQ(dx_xdb_allterms(r, "A", 1, count_cb, &nt), DX_OK);
	INT_EQ(nt, 3);
	nt = 0;
	INT_EQ(dx_xdb_allterms(r, NULL, 0, count_cb, &nt), DX_OK);
	OK(nt > 10);
	nt = 0;
	INT_EQ(dx_xdb_allterms(r, "Q", 1, stop_cb, &nt), DX_OK);
	INT_EQ(nt, 2);
	INT_EQ(dx_xdb_allterms(r, "Q", 1, fail_cb, NULL), DX_EQUERY);

	dx_buf_free(&b);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

static void test_replace_unique(void)
{
	dx_xdb *w = writer("replace"), *r;
	dx_buf b = DX_BUF_INIT;
	dx_xmset *m;
	dx_xq *q;
	uint64_t n = 0;

	INT_EQ(add_doc(w, "Qx#1", "x", "first", P1), DX_OK);
	INT_EQ(dx_xdb_commit(w), DX_OK);
	INT_EQ(add_doc(w, "Qx#1", "x", "second", P3), DX_OK);
	INT_EQ(add_doc(w, "Qx#1", "x", "third", P3), DX_OK);
	INT_EQ(dx_xdb_commit(w), DX_OK);

	r = open_db("replace", DX_XDB_READ);
	INT_EQ(dx_xdb_doccount(r, &n), DX_OK);
	INT_EQ(n, 1);
	INT_EQ(dx_xdb_termfreq(r, "Qx#1", 4, &n), DX_OK);
	INT_EQ(n, 1);
	INT_EQ(dx_xdb_termfreq(r, "研究", strlen("研究"), &n), DX_OK);
	INT_EQ(n, 0);                   /* P1's terms are gone */
	q = term("Qx#1");
	m = search(r, q, NULL);
	INT_EQ(dx_xmset_size(m), 1);
	INT_EQ(dx_xmset_data(m, 0, &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "third");
	dx_xmset_free(m);
	dx_xq_free(q);
	dx_buf_free(&b);
	INT_EQ(dx_xdb_close(r), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_OK);
}

static void test_delete_by_term(void)
{
	dx_xdb *w = writer("delete"), *r;
	uint64_t n = 99;

	INT_EQ(add_doc(w, "Qa#1", "a", "a1", P1), DX_OK);
	INT_EQ(add_doc(w, "Qa#2", "a", "a2", P2), DX_OK);
	INT_EQ(add_doc(w, "Qb#1", "b", "b1", P3), DX_OK);
	INT_EQ(dx_xdb_commit(w), DX_OK);
	/* delete counts uncommitted documents too */
	INT_EQ(add_doc(w, "Qa#3", "a", "a3", P4), DX_OK);
	INT_EQ(dx_xdb_delete(w, "Aa", 2, &n), DX_OK);
	INT_EQ(n, 3);
	INT_EQ(dx_xdb_delete(w, "Azz", 3, &n), DX_OK);
	INT_EQ(n, 0);
	INT_EQ(dx_xdb_delete(w, "Ab", 2, NULL), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_OK);

	r = open_db("delete", DX_XDB_READ);
	INT_EQ(dx_xdb_doccount(r, &n), DX_OK);
	INT_EQ(n, 0);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

static void test_metadata(void)
{
	dx_xdb *w = writer("meta"), *r;
	dx_buf b = DX_BUF_INIT;
	static const char bin[] = "a\0b";

	INT_EQ(dx_xdb_set_metadata(w, "dx.schema", "3", 1), DX_OK);
	INT_EQ(dx_xdb_set_metadata(w, "dx.bin", bin, 3), DX_OK);
	INT_EQ(dx_xdb_set_metadata(w, "dx.gone", "x", 1), DX_OK);
	INT_EQ(dx_xdb_set_metadata(w, "dx.gone", "", 0), DX_OK);
	INT_EQ(dx_xdb_get_metadata(w, "dx.schema", &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "3");  /* the writer sees its own */
	INT_EQ(dx_xdb_set_metadata(w, "", "x", 1), DX_EINVAL);
	ERR_HAS("empty key");
	INT_EQ(dx_xdb_close(w), DX_OK);

	r = open_db("meta", DX_XDB_READ);
	INT_EQ(dx_xdb_get_metadata(r, "dx.schema", &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "3");
	INT_EQ(dx_xdb_get_metadata(r, "dx.bin", &b), DX_OK);
	INT_EQ(b.len, 3);
	OK(memcmp(b.ptr, bin, 3) == 0);
	INT_EQ(dx_xdb_get_metadata(r, "dx.missing", &b), DX_OK);
	INT_EQ(b.len, 0);
	STR_EQ(dx_buf_cstr(&b), "");
	INT_EQ(dx_xdb_get_metadata(r, "dx.gone", &b), DX_OK);
	INT_EQ(b.len, 0);
	INT_EQ(dx_xdb_get_metadata(r, "", &b), DX_EINVAL);
	ERR_HAS("empty key");
	dx_buf_free(&b);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

/* Each NUL-separated term of buf, in turn; returns how many and
 * whether want is among them. */
static size_t split_terms(const dx_buf *b, const char *want, int *found)
{
	size_t n = 0, i = 0;

	*found = 0;
	while (i < b->len) {
		const char *t = b->ptr + i;
		size_t l = strlen(t);

		if (strcmp(t, want) == 0)
			*found = 1;
		n++;
		i += l + 1;
	}
	return n;
}

static void test_search_ops(void)
{
	dx_xdb *r = corpus("search");
	dx_xq *q, *sub[3];
	dx_xmset *m;

	/* PHRASE: only 機械 immediately followed by 学習 (a1). */
	q = two(DX_XQ_PHRASE, "機械", "学習", 0);
	describe_has(q, "PHRASE 2");
	m = search(r, q, NULL);
	INT_EQ(dx_xmset_size(m), 1);
	INT_EQ(dx_xmset_docid(m, 0), 1);
	dx_xmset_free(m);
	dx_xq_free(q);
	/* a2 has 学習 ... 機械: AND matches, PHRASE does not. */
	INT_EQ(hits(r, two(DX_XQ_PHRASE, "学習", "機械", 0)), 0);
	INT_EQ(hits(r, two(DX_XQ_AND, "機械", "学習", 0)), 2);
	INT_EQ(hits(r, two(DX_XQ_OR, "機械", "学習", 0)), 4);
	INT_EQ(hits(r, two(DX_XQ_AND_NOT, "学習", "機械", 0)), 1);
	INT_EQ(hits(r, two(DX_XQ_AND_MAYBE, "学習", "東京", 0)), 3);
	INT_EQ(hits(r, two(DX_XQ_FILTER, "学習", "Aa", 0)), 2);
	INT_EQ(hits(r, two(DX_XQ_NEAR, "機械", "性能", 4)), 1);
	INT_EQ(hits(r, two(DX_XQ_NEAR, "機械", "性能", 2)), 0);
	INT_EQ(hits(r, two(DX_XQ_MAX, "東京", "京都", 0)), 2);

	q = two(DX_XQ_SYNONYM, "東京", "京都", 0);
	describe_has(q, "SYNONYM");
	INT_EQ(hits(r, q), 2);

	sub[0] = term("東京");
	sub[1] = term("京都");
	sub[2] = term("研究");
	INT_EQ(dx_xq_combine(&q, DX_XQ_ELITE_SET, sub, 3, 2), DX_OK);
	describe_has(q, "ELITE_SET 2");
	dx_xq_free(q);
	/* an empty combination matches nothing */
	INT_EQ(dx_xq_combine(&q, DX_XQ_AND, sub, 0, 0), DX_OK);
	INT_EQ(hits(r, q), 0);
	INT_EQ(dx_xq_combine(&q, (dx_xq_op)99, sub, 2, 0), DX_EINVAL);
	ERR_HAS("unknown operator");
	OK(q == NULL);
	dx_xq_free(sub[2]);
	sub[2] = NULL;
	INT_EQ(dx_xq_combine(&q, DX_XQ_OR, sub, 3, 0), DX_EINVAL);
	ERR_HAS("NULL subquery");
	dx_xq_free(sub[0]);
	dx_xq_free(sub[1]);

	INT_EQ(dx_xq_match_all(&q), DX_OK);
	INT_EQ(hits(r, q), 4);
	INT_EQ(dx_xq_match_nothing(&q), DX_OK);
	INT_EQ(hits(r, q), 0);

	/* paging */
	q = two(DX_XQ_OR, "機械", "学習", 0);
	INT_EQ(dx_xdb_search(&m, r, q, 1, 10, 0, NULL), DX_OK);
	INT_EQ(dx_xmset_size(m), 3);
	INT_EQ(dx_xmset_estimated(m), 4);
	dx_xmset_free(m);
	INT_EQ(dx_xdb_search(&m, r, q, 0, 0, 0, NULL), DX_OK);
	INT_EQ(dx_xmset_size(m), 0);
	dx_xmset_free(m);
	dx_xq_free(q);

	INT_EQ(dx_xdb_close(r), DX_OK);
}

static void test_scale(void)
{
	dx_xdb *r = corpus("scale");
	dx_xq *q = term("東京"), *s = NULL;
	dx_xmset *m1, *m2;

	INT_EQ(dx_xq_scale(&s, q, 2.5), DX_OK);
	describe_has(s, "2.5 * 東京");
	m1 = search(r, q, NULL);
	m2 = search(r, s, NULL);
	INT_EQ(dx_xmset_size(m2), 1);
	OK(fabs(dx_xmset_weight(m2, 0) - 2.5 * dx_xmset_weight(m1, 0)) <
	   1e-9);
	dx_xmset_free(m1);
	dx_xmset_free(m2);
	dx_xq_free(s);

	/* factor 0: still matches, weight 0 */
	INT_EQ(dx_xq_scale(&s, q, 0.0), DX_OK);
	m1 = search(r, s, NULL);
	INT_EQ(dx_xmset_size(m1), 1);
	OK(dx_xmset_weight(m1, 0) == 0.0);
	dx_xmset_free(m1);
	dx_xq_free(s);

	INT_EQ(dx_xq_scale(&s, q, -1.0), DX_EINVAL);
	ERR_HAS(">= 0");
	OK(s == NULL);
	INT_EQ(dx_xq_scale(&s, q, nan("")), DX_EINVAL);
	ERR_HAS(">= 0");
	dx_xq_free(q);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

static void test_collapse_and_matching(void)
{
	dx_xdb *r = corpus("collapse");
	dx_xsearch_opts o = DX_XSEARCH_OPTS_INIT;
	dx_buf b = DX_BUF_INIT, seen = DX_BUF_INIT;
	dx_xq *q = two(DX_XQ_OR, "機械", "学習", 0);
	dx_xmset *m;
	size_t i, n;
	int found;

	o.collapse_slot = 0;            /* value 0 = article */
	m = search(r, q, &o);
	INT_EQ(dx_xmset_size(m), 3);    /* a, b, c: one passage each */
	INT_EQ(dx_xmset_estimated(m), 3);
	INT_EQ(dx_xmset_uncollapsed(m), 4);
	for (i = 0; i < dx_xmset_size(m); i++) {
		INT_EQ(dx_xmset_value(m, i, 0, &b), DX_OK);
		OK(strstr(dx_buf_cstr(&seen), dx_buf_cstr(&b)) == NULL);
		dx_buf_puts(&seen, dx_buf_cstr(&b));
	}
	INT_EQ(seen.len, 3);
	dx_xmset_free(m);

	o.collapse_max = 2;
	m = search(r, q, &o);
	INT_EQ(dx_xmset_size(m), 4);
	dx_xmset_free(m);
	o.collapse_max = 0;
	INT_EQ(dx_xdb_search(&m, r, q, 0, 10, 0, &o), DX_EINVAL);
	ERR_HAS("collapse_max");
	OK(m == NULL);
	dx_xq_free(q);

	/* matching terms: both terms of an AND, one of an OR */
	q = two(DX_XQ_AND, "機械", "学習", 0);
	m = search(r, q, NULL);
	INT_EQ(dx_xmset_size(m), 2);
	for (i = 0; i < dx_xmset_size(m); i++) {
		INT_EQ(dx_xmset_matching_terms(m, i, &b), DX_OK);
		n = split_terms(&b, "機械", &found);
		INT_EQ(n, 2);
		OK(found);
		split_terms(&b, "学習", &found);
		OK(found);
	}
	INT_EQ(dx_xmset_matching_terms(m, 2, &b), DX_EINVAL);
	ERR_HAS("mset_matching_terms");
	dx_xmset_free(m);
	dx_xq_free(q);

	q = two(DX_XQ_OR, "東京", "研究", 0);
	m = search(r, q, NULL);
	INT_EQ(dx_xmset_size(m), 2);
	INT_EQ(dx_xmset_matching_terms(m, 0, &b), DX_OK);
	INT_EQ(split_terms(&b, "x", &found), 1);
	dx_xmset_free(m);
	dx_xq_free(q);

	dx_buf_free(&b);
	dx_buf_free(&seen);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

/* The collapse key comes with each hit and equals the value it
 * collapsed on; a docid filter keeps exactly its documents, adds no
 * weight, and works on every search of its query. */
static void test_collapse_key_and_docids(void)
{
	dx_xdb *r = corpus("docids");
	dx_xsearch_opts o = DX_XSEARCH_OPTS_INIT;
	dx_buf k = DX_BUF_INIT, v = DX_BUF_INIT;
	dx_xq *q = two(DX_XQ_OR, "機械", "学習", 0), *ids = NULL, *f = NULL;
	dx_xq *pair[2];
	dx_xmset *m, *all, *one;
	uint32_t keep[2];
	size_t i, j;

	o.collapse_slot = 0;
	m = search(r, q, &o);
	INT_EQ(dx_xmset_size(m), 3);
	for (i = 0; i < dx_xmset_size(m); i++) {
		INT_EQ(dx_xmset_collapse_key(m, i, &k), DX_OK);
		INT_EQ(dx_xmset_value(m, i, 0, &v), DX_OK);
		OK(k.len == 1 && strcmp(dx_buf_cstr(&k), dx_buf_cstr(&v)) == 0);
	}
	INT_EQ(dx_xmset_collapse_key(m, 3, &k), DX_EINVAL);
	dx_xmset_free(m);
	m = search(r, q, NULL);         /* no collapsing: no key */
	INT_EQ(dx_xmset_collapse_key(m, 0, &k), DX_OK);
	INT_EQ(k.len, 0);
	dx_xmset_free(m);

	/* keep the last and the first hit, given in that order */
	all = search(r, q, NULL);
	INT_EQ(dx_xmset_size(all), 4);
	keep[0] = dx_xmset_docid(all, 3);
	keep[1] = dx_xmset_docid(all, 0);
	INT_EQ(dx_xq_docids(&ids, r, keep, 2), DX_OK);
	OK(ids != NULL);
	pair[0] = q;
	pair[1] = ids;
	INT_EQ(dx_xq_combine(&f, DX_XQ_FILTER, pair, 2, 0), DX_OK);
	for (j = 0; j < 2; j++) {       /* the query can be run again */
		one = search(r, f, NULL);
		INT_EQ(dx_xmset_size(one), 2);
		for (i = 0; i < dx_xmset_size(one); i++) {
			uint32_t d = dx_xmset_docid(one, i);
			size_t at = d == keep[0] ? 3 : 0;

			OK(d == keep[0] || d == keep[1]);
			OK(dx_xmset_weight(one, i) == dx_xmset_weight(all, at));
		}
		dx_xmset_free(one);
	}
	dx_xq_free(f);
	dx_xq_free(ids);
	ids = NULL;
	INT_EQ(dx_xq_docids(&ids, r, NULL, 0), DX_OK);   /* none */
	OK(ids != NULL && hits(r, ids) == 0);
	INT_EQ(dx_xq_docids(&ids, NULL, keep, 1), DX_EINVAL);
	dx_xmset_free(all);
	dx_xq_free(q);
	dx_buf_free(&k);
	dx_buf_free(&v);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

/* An mset outlives its reader's dx_xdb (it holds the Enquire). */
static void test_mset_outlives_db(void)
{
	dx_xdb *r = corpus("outlive");
	dx_xq *q = term("京都");
	dx_xmset *m = search(r, q, NULL);
	dx_buf b = DX_BUF_INIT;

	dx_xq_free(q);
	INT_EQ(dx_xdb_close(r), DX_OK);
	INT_EQ(dx_xmset_size(m), 1);
	INT_EQ(dx_xmset_data(m, 0, &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "passage c1");
	INT_EQ(dx_xmset_matching_terms(m, 0, &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "京都");
	dx_xmset_free(m);
	dx_buf_free(&b);
}

/* dx_xdb_metadata_keys: prefix, order, stop, passing errors through, and
 * deleting keys from the callback (keys are collected first). */
typedef struct {
	dx_xdb *db;
	char    seen[8][16];
	int     n, stop_at, fail_at, delete;
} keys_ctx;

static int on_key(void *payload, const char *key, size_t len)
{
	keys_ctx *c = payload;

	if (c->n < 8)
		snprintf(c->seen[c->n], sizeof(c->seen[0]), "%.*s", (int)len,
		         key);
	c->n++;
	if (c->delete)
		INT_EQ(dx_xdb_set_metadata(c->db, c->seen[c->n - 1], "", 0),
		       DX_OK);
	if (c->n == c->stop_at)
		return 1;
	if (c->n == c->fail_at)
		return DX_ENOMEM;
	return 0;
}

static void test_metadata_keys(void)
{
	dx_xdb *w = writer("mkeys"), *r;
	keys_ctx c;
	dx_buf b = DX_BUF_INIT;

	INT_EQ(dx_xdb_set_metadata(w, "m:b", "2", 1), DX_OK);
	INT_EQ(dx_xdb_set_metadata(w, "m:a", "1", 1), DX_OK);
	INT_EQ(dx_xdb_set_metadata(w, "m:c", "3", 1), DX_OK);
	INT_EQ(dx_xdb_set_metadata(w, "n:x", "4", 1), DX_OK);
	INT_EQ(dx_xdb_set_metadata(w, "m", "5", 1), DX_OK);

	/* the writer sees its uncommitted keys, sorted, prefix only */
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_xdb_metadata_keys(w, "m:", 2, on_key, &c), DX_OK);
	INT_EQ(c.n, 3);
	STR_EQ(c.seen[0], "m:a");
	STR_EQ(c.seen[1], "m:b");
	STR_EQ(c.seen[2], "m:c");
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_xdb_metadata_keys(w, NULL, 0, on_key, &c), DX_OK);
	INT_EQ(c.n, 5);
	memset(&c, 0, sizeof(c));
	c.stop_at = 2;
	INT_EQ(dx_xdb_metadata_keys(w, "m:", 2, on_key, &c), DX_OK);
	INT_EQ(c.n, 2);
	memset(&c, 0, sizeof(c));
	c.fail_at = 1;
	INT_EQ(dx_xdb_metadata_keys(w, "m:", 2, on_key, &c), DX_ENOMEM);
	INT_EQ(dx_xdb_metadata_keys(w, "m:", 2, NULL, &c), DX_EINVAL);
	INT_EQ(dx_xdb_metadata_keys(w, NULL, 2, on_key, &c), DX_EINVAL);
	INT_EQ(dx_xdb_metadata_keys(NULL, "m:", 2, on_key, &c), DX_EINVAL);
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_xdb_metadata_keys(w, "zz", 2, on_key, &c), DX_OK);
	INT_EQ(c.n, 0);
	INT_EQ(dx_xdb_commit(w), DX_OK);

	/* a reader sees the committed keys */
	r = open_db("mkeys", DX_XDB_READ);
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_xdb_metadata_keys(r, "m:", 2, on_key, &c), DX_OK);
	INT_EQ(c.n, 3);
	INT_EQ(dx_xdb_close(r), DX_OK);

	/* deleting every key from the callback */
	memset(&c, 0, sizeof(c));
	c.db = w;
	c.delete = 1;
	INT_EQ(dx_xdb_metadata_keys(w, "m:", 2, on_key, &c), DX_OK);
	INT_EQ(c.n, 3);
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_xdb_metadata_keys(w, "m:", 2, on_key, &c), DX_OK);
	INT_EQ(c.n, 0);
	INT_EQ(dx_xdb_get_metadata(w, "n:x", &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "4");
	dx_buf_free(&b);
	INT_EQ(dx_xdb_close(w), DX_OK);
}

/* A lock file that cannot be opened is an I/O error, not "locked" (a
 * directory in its place stands in for a read-only file system, which
 * root could not otherwise simulate here). */
static void test_lock_file_error(void)
{
	dx_xdb *w = writer("lockfile");
	char p[4096], lock[4200];

	INT_EQ(dx_xdb_close(w), DX_OK);
	path_of(p, sizeof(p), "lockfile");
	snprintf(lock, sizeof(lock), "%s/flintlock", p);
	unlink(lock);
	OK(mkdir(lock, 0700) == 0);
	w = NULL;
	INT_EQ(dx_xdb_open(&w, p, DX_XDB_WRITE), DX_EIO);
	OK(w == NULL);
	ERR_HAS("lockfile");
	rmdir(lock);
	INT_EQ(dx_xdb_open(&w, p, DX_XDB_WRITE), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_OK);
}

static void test_lock(void)
{
	dx_xdb *w1 = writer("lock"), *w2 = NULL, *r = NULL;
	char p[4096];

	path_of(p, sizeof(p), "lock");
	/* Xapian's lock also excludes a second writer in this process. */
	INT_EQ(dx_xdb_open(&w2, p, DX_XDB_WRITE | DX_XDB_CREATE),
	       DX_ELOCKED);
	OK(w2 == NULL);
	ERR_HAS("lock");
	INT_EQ(dx_error_code(), DX_ELOCKED);
	INT_EQ(dx_xdb_open(&w2, p, DX_XDB_WRITE), DX_ELOCKED);
	ERR_HAS(p);
	/* readers are not blocked */
	INT_EQ(dx_xdb_open(&r, p, DX_XDB_READ), DX_OK);
	INT_EQ(dx_xdb_close(r), DX_OK);
	/* close releases the lock */
	INT_EQ(dx_xdb_close(w1), DX_OK);
	INT_EQ(dx_xdb_open(&w2, p, DX_XDB_WRITE | DX_XDB_WAIT_LOCK), DX_OK);
	INT_EQ(dx_xdb_close(w2), DX_OK);
}

static void test_not_found(void)
{
	dx_xdb *db = (dx_xdb *)&db;     /* must be reset to NULL */
	char p[4096];

	path_of(p, sizeof(p), "does-not-exist");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_READ), DX_ENOTFOUND);
	OK(db == NULL);
	ERR_HAS("no index at");
	ERR_HAS("does-not-exist");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_WRITE), DX_ENOTFOUND);
	ERR_HAS("no index at");
	OK(access(p, F_OK) != 0);       /* not created without CREATE */

	INT_EQ(dx_xdb_open(&db, "", DX_XDB_READ), DX_EINVAL);
	ERR_HAS("empty path");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_CREATE), DX_EINVAL);
	ERR_HAS("DX_XDB_WRITE");
	INT_EQ(dx_xdb_open(&db, p, 0x100), DX_EINVAL);
	ERR_HAS("unknown flags");
	OK(db == NULL);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_not_a_database(void)
{
	dx_xdb *db = NULL;
	char p[4096], g[4200];

	/* a regular file is read as a stub file: a bad one is no index */
	path_of(p, sizeof(p), "plain.txt");
	INT_EQ(write_file(p, "hello, world\n"), 0);
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_READ), DX_ENOTFOUND);
	ERR_HAS("no index at");
	ERR_HAS("plain.txt");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_WRITE | DX_XDB_CREATE),
	       DX_ENOTFOUND);
	ERR_HAS("no index at");

	/* an empty directory */
	path_of(p, sizeof(p), "emptydir");
	INT_EQ(mkdir(p, 0777), 0);
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_READ), DX_ENOTFOUND);
	ERR_HAS("no index at");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_WRITE), DX_ENOTFOUND);

	/* a glass directory whose version file is garbage */
	path_of(p, sizeof(p), "garbage");
	INT_EQ(mkdir(p, 0777), 0);
	snprintf(g, sizeof(g), "%s/iamglass", p);
	INT_EQ(write_file(g, "junk"), 0);
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_READ), DX_ECORRUPT);
	ERR_HAS("DatabaseCorruptError");
	OK(db == NULL);

	/* a real index whose version file was clobbered: the writer must
	 * not quietly create a new one over it */
	db = writer("clobbered");
	INT_EQ(add_doc(db, "Q1", "a", "one", P1), DX_OK);
	INT_EQ(dx_xdb_close(db), DX_OK);
	path_of(p, sizeof(p), "clobbered");
	snprintf(g, sizeof(g), "%s/iamglass", p);
	INT_EQ(write_file(g, "junk"), 0);
	db = NULL;
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_READ), DX_ECORRUPT);
	ERR_HAS("clobbered");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_WRITE | DX_XDB_CREATE),
	       DX_ECORRUPT);
	ERR_HAS("DatabaseCorruptError");
	OK(db == NULL);
}

static void test_bad_terms(void)
{
	dx_xdb *w = writer("terms"), *r;
	dx_xdoc *d = NULL;
	dx_xq *q = NULL;
	char t[300];
	uint64_t n;

	INT_EQ(dx_xdoc_new(&d), DX_OK);
	INT_EQ(dx_xdoc_add_posting(d, "", 0, 1, 1), DX_EINVAL);
	ERR_HAS("empty term");
	INT_EQ(dx_xdoc_add_term(d, "x", 0, 1), DX_EINVAL);
	ERR_HAS("add_term: empty term");
	INT_EQ(dx_xdoc_add_boolean(d, "", 0), DX_EINVAL);
	ERR_HAS("empty term");
	INT_EQ(dx_xdoc_add_posting(d, NULL, 3, 1, 1), DX_EINVAL);
	ERR_HAS("NULL term");
	INT_EQ(dx_xdb_replace(w, "", 0, d), DX_EINVAL);
	ERR_HAS("replace: empty term");
	INT_EQ(dx_xdb_delete(w, "", 0, NULL), DX_EINVAL);
	ERR_HAS("delete: empty term");
	INT_EQ(dx_xq_term(&q, "", 0, 1, 0), DX_EINVAL);
	ERR_HAS("empty term");
	OK(q == NULL);
	INT_EQ(dx_xdb_termfreq(w, "", 0, &n), DX_EINVAL);

	/* 246 bytes: refused here, not at commit */
	memset(t, 'k', sizeof(t));
	INT_EQ(dx_xdoc_add_posting(d, t, 246, 1, 1), DX_EINVAL);
	ERR_HAS("term too long (246 bytes");
	ERR_HAS("kkkk");
	OK(strlen(dx_error_last()) < 160);      /* the term is truncated */
	INT_EQ(dx_xdoc_add_term(d, t, 246, 1), DX_EINVAL);
	ERR_HAS("add_term: term too long");
	INT_EQ(dx_xdoc_add_boolean(d, t, 300), DX_EINVAL);
	ERR_HAS("add_boolean: term too long");
	INT_EQ(dx_xdb_replace(w, t, 246, d), DX_EINVAL);
	ERR_HAS("replace: term too long");
	INT_EQ(dx_xdb_delete(w, t, 246, NULL), DX_EINVAL);
	ERR_HAS("delete: term too long");
	INT_EQ(dx_xq_term(&q, t, 246, 1, 0), DX_EINVAL);
	ERR_HAS("query_term: term too long");
	/* each NUL byte counts twice (glass escapes it) */
	t[10] = '\0';
	INT_EQ(dx_xdoc_add_term(d, t, 245, 1), DX_EINVAL);
	ERR_HAS("1 NUL");
	t[10] = 'k';
	/* a long multibyte term is cut at a character boundary */
	for (n = 0; n + 3 <= 270; n += 3)
		memcpy(t + n, "語", 3);
	INT_EQ(dx_xdoc_add_term(d, t, 270, 1), DX_EINVAL);
	ERR_HAS("語語語...\"");

	/* 245 bytes is accepted and survives the commit */
	memset(t, 'k', sizeof(t));
	INT_EQ(dx_xdoc_add_posting(d, t, 245, 1, 1), DX_OK);
	INT_EQ(dx_xdb_replace(w, t, 245, d), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_OK);
	dx_xdoc_free(d);

	r = open_db("terms", DX_XDB_READ);
	INT_EQ(dx_xdb_termfreq(r, t, 245, &n), DX_OK);
	INT_EQ(n, 1);
	/* a reader just finds no such long term */
	INT_EQ(dx_xdb_termfreq(r, t, 290, &n), DX_OK);
	INT_EQ(n, 0);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

/* Fill the writer with n passages of generation gen and commit. */
static void fill(dx_xdb *w, int n, int gen)
{
	char uniq[32], t[32], g[32], data[32];
	const char *terms[4];
	int i, bad = 0;

	snprintf(g, sizeof(g), "g%d", gen);
	for (i = 0; i < n; i++) {
		snprintf(uniq, sizeof(uniq), "Q%d", i);
		snprintf(t, sizeof(t), "t%d", i);
		snprintf(data, sizeof(data), "gen %d doc %d", gen, i);
		terms[0] = "common";
		terms[1] = t;
		terms[2] = g;
		terms[3] = NULL;
		bad += add_doc(w, uniq, "s", data, terms) != DX_OK;
	}
	INT_EQ(bad, 0);
	INT_EQ(dx_xdb_commit(w), DX_OK);
}

/* Glass keeps one old revision: a reader left at revision N reads freed
 * blocks once the writer has committed N+2, and Xapian throws
 * DatabaseModifiedError.  The search reopens and retries, so it sees
 * the newest data; without the retry it would fail (or see gen 0). */
static void test_stale_reader(void)
{
	dx_xdb *w = writer("stale"), *r;
	dx_xq *q;
	dx_xmset *m;
	dx_buf b = DX_BUF_INIT;
	int changed = -1;

	fill(w, 2000, 0);
	r = open_db("stale", DX_XDB_READ);
	fill(w, 2000, 1);
	fill(w, 2000, 2);

	q = two(DX_XQ_AND, "t1234", "g2", 0);
	m = search(r, q, NULL);
	INT_EQ(dx_xmset_size(m), 1);
	INT_EQ(dx_xmset_data(m, 0, &b), DX_OK);
	STR_EQ(dx_buf_cstr(&b), "gen 2 doc 1234");
	dx_xmset_free(m);
	dx_xq_free(q);

	INT_EQ(dx_xdb_reopen(r, &changed), DX_OK);
	INT_EQ(changed, 0);             /* the retry already reopened */
	fill(w, 10, 3);
	INT_EQ(dx_xdb_reopen(r, &changed), DX_OK);
	INT_EQ(changed, 1);
	INT_EQ(dx_xdb_reopen(r, NULL), DX_OK);
	INT_EQ(hits(r, term("g3")), 10);

	dx_buf_free(&b);
	INT_EQ(dx_xdb_close(r), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_OK);
}

static void test_reader_is_read_only(void)
{
	dx_xdb *w = writer("ro"), *r;
	dx_xdoc *d = NULL;

	INT_EQ(dx_xdb_close(w), DX_OK);
	r = open_db("ro", DX_XDB_READ);
	INT_EQ(dx_xdoc_new(&d), DX_OK);

	INT_EQ(dx_xdb_commit(r), DX_EINVAL);
	ERR_HAS("commit: index is open read-only");
	INT_EQ(dx_xdb_begin(r), DX_EINVAL);
	ERR_HAS("begin: index is open read-only");
	INT_EQ(dx_xdb_end(r), DX_EINVAL);
	ERR_HAS("read-only");
	INT_EQ(dx_xdb_cancel(r), DX_EINVAL);
	ERR_HAS("read-only");
	INT_EQ(dx_xdb_set_metadata(r, "k", "v", 1), DX_EINVAL);
	ERR_HAS("set_metadata: index is open read-only");
	INT_EQ(dx_xdb_replace(r, "Q1", 2, d), DX_EINVAL);
	ERR_HAS("replace: index is open read-only");
	INT_EQ(dx_xdb_delete(r, "Q1", 2, NULL), DX_EINVAL);
	ERR_HAS("delete: index is open read-only");
	/* reopen is fine on both; close of a reader commits nothing */
	INT_EQ(dx_xdb_reopen(r, NULL), DX_OK);
	dx_xdoc_free(d);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

static void test_create_failure(void)
{
	dx_xdb *db = NULL;
	char p[4096];

	/* the parent directory is missing: Xapian creates one level only */
	path_of(p, sizeof(p), "no/such/parent/db");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_WRITE | DX_XDB_CREATE), DX_EIO);
	ERR_HAS("DatabaseCreateError");
	ERR_HAS("no/such/parent/db");
	OK(db == NULL);

	/* a regular file in the way */
	path_of(p, sizeof(p), "plain2.txt");
	INT_EQ(write_file(p, "x"), 0);
	path_of(p, sizeof(p), "plain2.txt/db");
	OK(dx_xdb_open(&db, p, DX_XDB_WRITE | DX_XDB_CREATE) < 0);
	ERR_HAS("plain2.txt/db");
	OK(db == NULL);

	/* a read-only parent: root ignores permissions, so skip */
	if (geteuid() == 0) {
		fprintf(stderr, "note: running as root, read-only "
		        "directory check skipped\n");
		return;
	}
	path_of(p, sizeof(p), "rodir");
	INT_EQ(mkdir(p, 0555), 0);
	path_of(p, sizeof(p), "rodir/db");
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_WRITE | DX_XDB_CREATE), DX_EIO);
	ERR_HAS("rodir/db");
	OK(db == NULL);
}

static void test_transactions(void)
{
	dx_xdb *w = writer("txn"), *r;
	uint64_t n = 0;

	INT_EQ(dx_xdb_end(w), DX_EINVAL);
	ERR_HAS("no transaction");
	INT_EQ(dx_xdb_cancel(w), DX_EINVAL);
	ERR_HAS("no transaction");

	INT_EQ(dx_xdb_begin(w), DX_OK);
	INT_EQ(dx_xdb_begin(w), DX_EINVAL);
	ERR_HAS("already open");
	INT_EQ(add_doc(w, "Q1", "a", "one", P1), DX_OK);
	INT_EQ(add_doc(w, "Q2", "a", "two", P2), DX_OK);
	/* commit inside a transaction is Xapian's InvalidOperationError */
	INT_EQ(dx_xdb_commit(w), DX_ERROR);
	ERR_HAS("InvalidOperationError");
	INT_EQ(dx_xdb_end(w), DX_OK);
	INT_EQ(dx_xdb_commit(w), DX_OK);

	INT_EQ(dx_xdb_begin(w), DX_OK);
	INT_EQ(add_doc(w, "Q3", "b", "three", P3), DX_OK);
	INT_EQ(dx_xdb_cancel(w), DX_OK);
	INT_EQ(dx_xdb_commit(w), DX_OK);

	r = open_db("txn", DX_XDB_READ);
	INT_EQ(dx_xdb_doccount(r, &n), DX_OK);
	INT_EQ(n, 2);

	/* Xapian: cancelling an unflushed transaction also drops the
	 * changes pending before it began. */
	INT_EQ(add_doc(w, "Q4", "c", "four", P4), DX_OK);
	INT_EQ(dx_xdb_begin(w), DX_OK);
	INT_EQ(add_doc(w, "Q5", "c", "five", P4), DX_OK);
	INT_EQ(dx_xdb_cancel(w), DX_OK);
	INT_EQ(dx_xdb_commit(w), DX_OK);
	INT_EQ(dx_xdb_reopen(r, NULL), DX_OK);
	INT_EQ(dx_xdb_doccount(r, &n), DX_OK);
	INT_EQ(n, 2);

	/* close with a transaction open: cancelled and reported */
	INT_EQ(dx_xdb_begin(w), DX_OK);
	INT_EQ(add_doc(w, "Q6", "c", "six", P4), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_EINVAL);
	ERR_HAS("transaction still open");
	INT_EQ(dx_xdb_reopen(r, NULL), DX_OK);
	INT_EQ(dx_xdb_doccount(r, &n), DX_OK);
	INT_EQ(n, 2);
	INT_EQ(dx_xdb_close(r), DX_OK);

	/* the lock was released all the same */
	w = open_db("txn", DX_XDB_WRITE);
	INT_EQ(dx_xdb_close(w), DX_OK);
}

/* close commits: a reader opened afterwards sees the documents. */
static void test_close_commits(void)
{
	dx_xdb *w = writer("closecommit"), *r;
	uint64_t n = 0;

	INT_EQ(add_doc(w, "Q1", "a", "one", P1), DX_OK);
	INT_EQ(dx_xdb_close(w), DX_OK);
	r = open_db("closecommit", DX_XDB_READ);
	INT_EQ(dx_xdb_doccount(r, &n), DX_OK);
	INT_EQ(n, 1);
	INT_EQ(dx_xdb_close(r), DX_OK);
}

static void test_null_arguments(void)
{
	dx_xmset *m = NULL;
	dx_xq *q = NULL;
	dx_buf b = DX_BUF_INIT;
	uint64_t n;

	INT_EQ(dx_xdb_close(NULL), DX_OK);
	dx_xdoc_free(NULL);
	dx_xq_free(NULL);
	dx_xmset_free(NULL);
	INT_EQ(dx_xdb_open(NULL, "x", 0), DX_EINVAL);
	INT_EQ(dx_xdb_doccount(NULL, &n), DX_EINVAL);
	ERR_HAS("NULL");
	INT_EQ(dx_xdb_commit(NULL), DX_EINVAL);
	INT_EQ(dx_xq_match_all(&q), DX_OK);
	INT_EQ(dx_xdb_search(&m, NULL, q, 0, 10, 0, NULL), DX_EINVAL);
	OK(m == NULL);
	dx_xq_free(q);
	INT_EQ(dx_xmset_size(NULL), 0);
	INT_EQ(dx_xmset_estimated(NULL), 0);
	INT_EQ(dx_xmset_data(NULL, 0, &b), DX_EINVAL);
	INT_EQ(dx_xq_describe(NULL, &b), DX_EINVAL);
	dx_buf_free(&b);
}

/* A reader of several databases (a stub file) has docids that a docid
 * filter cannot map: no filter, and no error. */
static void test_docids_several_dbs(void)
{
	dx_xdb *a = corpus("shard1"), *b = corpus("shard2"), *r = NULL;
	dx_xq *ids = NULL;
	char p[4096], t[9000], d1[4096], d2[4096];
	uint32_t one = 1;

	path_of(d1, sizeof(d1), "shard1");
	path_of(d2, sizeof(d2), "shard2");
	snprintf(t, sizeof(t), "auto %s\nauto %s\n", d1, d2);
	path_of(p, sizeof(p), "shards.stub");
	INT_EQ(write_file(p, t), 0);
	INT_EQ(dx_xdb_open(&r, p, DX_XDB_READ), DX_OK);
	INT_EQ(dx_xq_docids(&ids, r, &one, 1), DX_OK);
	OK(ids == NULL);
	INT_EQ(dx_xq_docids(&ids, a, &one, 1), DX_OK);   /* one database */
	OK(ids != NULL && hits(a, ids) == 1);
	INT_EQ(dx_xdb_close(r), DX_OK);
	INT_EQ(dx_xdb_close(a), DX_OK);
	INT_EQ(dx_xdb_close(b), DX_OK);
}

int main(void)
{
	base = dx_test_tmpdir("test_xdb");
	if (!base) {
		fprintf(stderr, "cannot create a temporary directory\n");
		return 1;
	}
	test_create_and_read();
	test_replace_unique();
	test_delete_by_term();
	test_metadata();
	test_search_ops();
	test_scale();
	test_collapse_and_matching();
	test_collapse_key_and_docids();
	test_mset_outlives_db();
	test_metadata_keys();
	test_lock();
	test_lock_file_error();
	test_not_found();
	test_not_a_database();
	test_bad_terms();
	test_stale_reader();
	test_reader_is_read_only();
	test_create_failure();
	test_transactions();
	test_close_commits();
	test_null_arguments();
	test_docids_several_dbs();
	free(base);
	return dx_test_finish();
}
