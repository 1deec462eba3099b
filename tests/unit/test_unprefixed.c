/*
 * test_unprefixed.c -- dx_xdb_unprefixed_terms() (the searcher's
 * lexicon walk) against a real glass database: exactly the terms of
 * dx_xdb_allterms() that do not start with an uppercase ASCII letter,
 * in the same order with the same frequencies, whatever bytes come
 * before, between and after the prefixed ranges; early stops and
 * errors as for dx_xdb_allterms().
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xdb.h"

typedef struct {
	dx_buf   terms;   /* "term=freq\n" lines */
	size_t   n;
	int      stop_at; /* return 1 (or -stop_code) at this call; 0: never */
	int      stop_code;
} walk;

static int record(void *payload, const char *t, size_t len, uint64_t freq)
{
	walk *w = payload;

	dx_buf_put(&w->terms, t, len);
	dx_buf_printf(&w->terms, "=%llu\n", (unsigned long long)freq);
	w->n++;
	if (w->stop_at && (int)w->n == w->stop_at)
		return w->stop_code ? w->stop_code : 1;
	return 0;
}

/* dx_xdb_allterms() filtered here: the reference. */
static int record_unprefixed(void *payload, const char *t, size_t len,
                             uint64_t freq)
{
	if (len > 0 && t[0] >= 'A' && t[0] <= 'Z')
		return 0;
	return record(payload, t, len, freq);
}

static void add_doc(dx_xdb *w, const char *uniq, const char *const *terms)
{
	dx_xdoc *d = NULL;
	size_t i;

	INT_EQ(dx_xdoc_new(&d), DX_OK);
	for (i = 0; terms[i]; i++)
		INT_EQ(dx_xdoc_add_posting(d, terms[i], strlen(terms[i]),
		                           (uint32_t)(i + 1), 1), DX_OK);
	INT_EQ(dx_xdoc_add_boolean(d, uniq, strlen(uniq)), DX_OK);
	INT_EQ(dx_xdb_replace(w, uniq, strlen(uniq), d), DX_OK);
	dx_xdoc_free(d);
}

static void test_same_as_filtered_allterms(const char *dir)
{
	/* Bytes below 'A', the prefixes A..Z (also a lone "Z" and "Zz"),
	 * then '[', '_', lowercase and UTF-8: the skip must land on each
	 * range's first term. */
	static const char *const d1[] = { "0day", "2024", "@home", "abc",
	                                  "Sabc", "Habc", "Rカナ", "[x", NULL };
	static const char *const d2[] = { "abc", "_under", "zz", "日本",
	                                  "Z", "Zz", "Aart", "本", NULL };
	static const char *const d3[] = { "日本", "Tタグ", "~tilde", NULL };
	walk all, mine;
	dx_xdb *w = NULL, *r = NULL;
	char p[4096];

	snprintf(p, sizeof(p), "%s/db", dir);
	INT_EQ(dx_xdb_open(&w, p, DX_XDB_WRITE | DX_XDB_CREATE), DX_OK);
	add_doc(w, "Qone", d1);
	add_doc(w, "Qtwo", d2);
	add_doc(w, "Qthree", d3);
	INT_EQ(dx_xdb_close(w), DX_OK);
	INT_EQ(dx_xdb_open(&r, p, DX_XDB_READ), DX_OK);

	memset(&all, 0, sizeof(all));
	memset(&mine, 0, sizeof(mine));
	INT_EQ(dx_xdb_allterms(r, "", 0, record_unprefixed, &all), DX_OK);
	INT_EQ(dx_xdb_unprefixed_terms(r, record, &mine), DX_OK);
	STR_EQ(dx_buf_cstr(&mine.terms), dx_buf_cstr(&all.terms));
	STR_EQ(dx_buf_cstr(&mine.terms),
	       "0day=1\n2024=1\n@home=1\n[x=1\n_under=1\nabc=2\nzz=1\n"
	       "~tilde=1\n日本=2\n本=1\n");
	INT_EQ(mine.n, 10);

	/* cb's nonzero return stops the walk: > 0 gives DX_OK, < 0 is
	 * passed through. */
	dx_buf_free(&mine.terms);
	memset(&mine, 0, sizeof(mine));
	mine.stop_at = 4;
	INT_EQ(dx_xdb_unprefixed_terms(r, record, &mine), DX_OK);
	INT_EQ(mine.n, 4);
	STR_EQ(dx_buf_cstr(&mine.terms), "0day=1\n2024=1\n@home=1\n[x=1\n");
	dx_buf_free(&mine.terms);
	memset(&mine, 0, sizeof(mine));
	mine.stop_at = 2;
	mine.stop_code = DX_EIO;
	INT_EQ(dx_xdb_unprefixed_terms(r, record, &mine), DX_EIO);
	INT_EQ(mine.n, 2);

	INT_EQ(dx_xdb_unprefixed_terms(NULL, record, &mine), DX_EINVAL);
	INT_EQ(dx_xdb_unprefixed_terms(r, NULL, &mine), DX_EINVAL);
	dx_error_clear();

	dx_buf_free(&all.terms);
	dx_buf_free(&mine.terms);
	dx_xdb_close(r);
}

static void test_only_prefixed(const char *dir)
{
	static const char *const d1[] = { "Sonly", "Hprefixed", NULL };
	walk mine;
	dx_xdb *w = NULL, *r = NULL;
	char p[4096];

	snprintf(p, sizeof(p), "%s/prefixed", dir);
	INT_EQ(dx_xdb_open(&w, p, DX_XDB_WRITE | DX_XDB_CREATE), DX_OK);
	add_doc(w, "Qa", d1);
	INT_EQ(dx_xdb_close(w), DX_OK);
	INT_EQ(dx_xdb_open(&r, p, DX_XDB_READ), DX_OK);
	memset(&mine, 0, sizeof(mine));
	INT_EQ(dx_xdb_unprefixed_terms(r, record, &mine), DX_OK);
	INT_EQ(mine.n, 0);
	dx_buf_free(&mine.terms);
	dx_xdb_close(r);
}

int main(void)
{
	char *dir = dx_test_tmpdir("unprefixed");

	test_same_as_filtered_allterms(dir);
	test_only_prefixed(dir);
	free(dir);
	return dx_test_finish();
}
