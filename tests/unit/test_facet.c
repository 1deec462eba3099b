/* test_facet.c -- facets (core/facet.h) and the date ranges of date:
 * filters (query/filter.h): dates, section and tag terms, the terms an
 * article gets in a real Xapian index, the tags in the stored record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facet.h"
#include "filter.h"
#include "harness.h"
#include "record.h"
#include "schema.h"
#include "xdb.h"

static const char *date(const char *s)
{
	static char out[9];
	static char bad[] = "-";

	return dx_date_parse(s, strlen(s), out) ? out : bad;
}

static void dates(void)
{
	char v[9];

	STR_EQ(date("2023-04-01"), "20230401");
	STR_EQ(date(" 2023/4/1 "), "20230401");
	STR_EQ(date("2023.12.31"), "20231231");
	STR_EQ(date("2023-04"), "20230400");
	STR_EQ(date("2023"), "20230000");
	STR_EQ(date("2023-12-12T09:30:00+09:00"), "20231212");
	STR_EQ(date("2023-12-12 09:30"), "20231212");
	STR_EQ(date("2023年4月1日"), "20230401");
	STR_EQ(date("2023年12月"), "20231200");
	STR_EQ(date("2024-02-29"), "20240229");   /* leap year */
	INT_EQ(dx_date_parse("2023-04-01", 10, v), 3);
	INT_EQ(dx_date_parse("2023-04", 7, v), 2);
	INT_EQ(dx_date_parse("2023", 4, v), 1);
	/* Not dates. */
	STR_EQ(date("abc"), "-");
	STR_EQ(date(""), "-");
	STR_EQ(date("23-04-01"), "-");
	STR_EQ(date("20230401"), "-");
	STR_EQ(date("2023-13"), "-");
	STR_EQ(date("2023-02-29"), "-");
	STR_EQ(date("2023-04-31"), "-");
	STR_EQ(date("2023-00-10"), "-");
	STR_EQ(date("2023-"), "-");
	STR_EQ(date("2023-04x"), "-");
	STR_EQ(date("2023-04T10:00"), "-");   /* a time needs a full date */
	STR_EQ(date("2023年4"), "-");
	STR_EQ(date("0000"), "-");
	STR_EQ(date("2023-4-100"), "-");
}

static void formats(void)
{
	char out[11];

	OK(dx_date_format("20230401", 8, out));
	STR_EQ(out, "2023-04-01");
	OK(dx_date_format("20230400", 8, out));
	STR_EQ(out, "2023-04");
	OK(dx_date_format("20230000", 8, out));
	STR_EQ(out, "2023");
	OK(!dx_date_format("2023040", 7, out));
	OK(!dx_date_format("2023040x", 8, out));
	STR_EQ(out, "");
}

/* "lo hi" of a date: value, or "bad". */
static const char *range(const char *s)
{
	static char buf[20];
	char lo[9], hi[9];

	if (dx_date_range(s, strlen(s), lo, hi) < 0)
		return "bad";
	memcpy(buf, lo, 8);
	buf[8] = ' ';
	memcpy(buf + 9, hi, 9);
	return buf;
}

static void ranges(void)
{
	STR_EQ(range("2023"), "20230000 20239999");
	STR_EQ(range("2023-04"), "20230400 20230499");
	STR_EQ(range("2023-04-01"), "20230401 20230401");
	STR_EQ(range("2023-01..2024-03"), "20230100 20240399");
	STR_EQ(range("2023-04-01.."), "20230401 99999999");
	STR_EQ(range("..2024"), "00000000 20249999");
	STR_EQ(range("2023.04..2023.05"), "20230400 20230599");
	STR_EQ(range("2024..2023"), "20230000 20249999");   /* swapped */
	STR_EQ(range("２０２３－０４"), "20230400 20230499");   /* full width */
	STR_EQ(range("2023年..2024年3月"), "20230000 20240399");
	STR_EQ(range(".."), "bad");
	STR_EQ(range("abc"), "bad");
	STR_EQ(range("2023..abc"), "bad");
	STR_EQ(range("2023...2024"), "bad");
	STR_EQ(range(""), "bad");
}

static const char *section(const char *s)
{
	static dx_buf b = DX_BUF_INIT;

	dx_buf_clear(&b);
	if (dx_section_term(&b, s, strlen(s)) != 1)
		return "-";
	return dx_buf_cstr(&b);
}

static const char *tag(const char *s)
{
	static dx_buf b = DX_BUF_INIT;

	dx_buf_clear(&b);
	if (dx_tag_term(&b, s, strlen(s)) != 1)
		return "-";
	return dx_buf_cstr(&b);
}

static void terms(void)
{
	STR_EQ(section("kurashi"), "Dkurashi");
	STR_EQ(section("/kurashi//gomi/"), "Dkurashi/gomi");
	STR_EQ(section("./Kurashi/./ＧＯＭＩ"), "Dkurashi/gomi");
	STR_EQ(section("/"), "-");
	STR_EQ(section("./"), "-");
	STR_EQ(tag("防災"), "T防災");
	STR_EQ(tag("  Code\u3000 For "), "Tcode for");
	STR_EQ(tag("ＬＩＮＥ"), "Tline");
	STR_EQ(tag(" \u3000 "), "-");
}

typedef struct {
	char   **t;
	size_t   n;
} list;

static int collect(void *payload, const char *term, size_t len,
                   uint64_t freq)
{
	list *l = payload;

	(void)freq;
	l->t = realloc(l->t, (l->n + 1) * sizeof(char *));
	l->t[l->n++] = dx_xstrndup(term, len);
	return 0;
}

static int has(const list *l, const char *term)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->t[i], term))
			return 1;
	return 0;
}

/* The terms and value an article gets, read back from a real index. */
static void index_terms(void)
{
	char *dir = dx_test_tmpdir("facet");
	char *tags[] = { "防災", "Code  for", "" };
	char longdir[300], longpath[400];
	dx_xdb *db = NULL;
	dx_xdoc *doc = NULL, *doc2 = NULL;
	dx_buf v = DX_BUF_INIT, q = DX_BUF_INIT;
	list l = { NULL, 0 };
	size_t i;

	memset(longdir, 'a', 250);
	longdir[250] = '\0';
	snprintf(longpath, sizeof(longpath), "site/%s/x.md", longdir);
	INT_EQ(dx_xdb_open(&db, dir, DX_XDB_WRITE | DX_XDB_CREATE), DX_OK);
	INT_EQ(dx_xdoc_new(&doc), DX_OK);
	INT_EQ(dx_facet_add(doc, "./site/Kurashi/gomi/x.md", "2023-04-01",
	                    tags, 3), DX_OK);
	INT_EQ(dx_xdoc_add_boolean(doc, "Q1", 2), DX_OK);
	INT_EQ(dx_xdb_replace(db, "Q1", 2, doc), DX_OK);
	INT_EQ(dx_xdoc_new(&doc2), DX_OK);
	INT_EQ(dx_facet_add(doc2, longpath, "someday", NULL, 0), DX_OK);
	INT_EQ(dx_xdoc_add_boolean(doc2, "Q2", 2), DX_OK);
	INT_EQ(dx_xdb_replace(db, "Q2", 2, doc2), DX_OK);
	INT_EQ(dx_xdb_commit(db), DX_OK);
	INT_EQ(dx_xdb_allterms(db, "", 0, collect, &l), DX_OK);
	/* Every run of folders, normalized; not the file, not ".". */
	OK(has(&l, "Dsite") && has(&l, "Dsite/kurashi") &&
	   has(&l, "Dsite/kurashi/gomi") && has(&l, "Dkurashi") &&
	   has(&l, "Dkurashi/gomi") && has(&l, "Dgomi"));
	OK(!has(&l, "Dx.md") && !has(&l, "Dgomi/x.md") && !has(&l, "D."));
	OK(has(&l, "T防災") && has(&l, "Tcode for") && !has(&l, "T"));
	/* A long folder name is hashed, the same way for a query. */
	dx_buf_puts(&q, longdir);
	OK(has(&l, section(dx_buf_cstr(&q))));
	OK(strlen(section(dx_buf_cstr(&q))) < 245);
	for (i = 0; i < l.n; i++)
		OK(strlen(l.t[i]) <= 245);
	dx_buf_clear(&q);
	dx_buf_printf(&q, "site/%s", longdir);
	OK(has(&l, section(dx_buf_cstr(&q))));
	/* The date value; none for a date that does not parse. */
	dx_xdb_close(db);
	db = NULL;
	INT_EQ(dx_xdb_open(&db, dir, DX_XDB_READ), DX_OK);
	{
		dx_xmset *m = NULL;
		dx_xq *t = NULL;
		dx_xsearch_opts so = DX_XSEARCH_OPTS_INIT;

		INT_EQ(dx_xq_term(&t, "Q1", 2, 1, 0), DX_OK);
		INT_EQ(dx_xdb_search(&m, db, t, 0, 1, 1, &so), DX_OK);
		INT_EQ(dx_xmset_size(m), 1);
		INT_EQ(dx_xmset_value(m, 0, DX_SLOT_DATE, &v), DX_OK);
		STR_EQ(dx_buf_cstr(&v), "20230401");
		dx_xmset_free(m);
		dx_xq_free(t);
		INT_EQ(dx_xq_term(&t, "Q2", 2, 1, 0), DX_OK);
		INT_EQ(dx_xdb_search(&m, db, t, 0, 1, 1, &so), DX_OK);
		INT_EQ(dx_xmset_value(m, 0, DX_SLOT_DATE, &v), DX_OK);
		INT_EQ(v.len, 0);
		dx_xmset_free(m);
		dx_xq_free(t);
	}
	for (i = 0; i < l.n; i++)
		free(l.t[i]);
	free(l.t);
	dx_buf_free(&v);
	dx_buf_free(&q);
	dx_xdoc_free(doc);
	dx_xdoc_free(doc2);
	dx_xdb_close(db);
	free(dir);
}

static void stored_tags(void)
{
	char *tags[] = { "防災", "a:b", "" };
	dx_buf data = DX_BUF_INIT;
	char **out = NULL;
	size_t n = 0;

	dx_facet_put_tags(&data, tags, 3);
	dx_facet_put_tags(&data, NULL, 0);
	{
		const char *f;
		size_t flen, pos = 0;

		OK(dx_record_get(data.ptr, data.len, &pos, &f, &flen) == 0);
		INT_EQ(dx_facet_get_tags(f, flen, &out, &n), DX_OK);
		INT_EQ(n, 3);
		STR_EQ(out[0], "防災");
		STR_EQ(out[1], "a:b");
		STR_EQ(out[2], "");
		dx_facet_tags_free(out, n);
		OK(dx_record_get(data.ptr, data.len, &pos, &f, &flen) == 0);
		INT_EQ(dx_facet_get_tags(f, flen, &out, &n), DX_OK);
		INT_EQ(n, 0);
		OK(out == NULL);
		INT_EQ(dx_facet_get_tags("9:x", 3, &out, &n), DX_ECORRUPT);
		OK(out == NULL && n == 0);
	}
	dx_buf_free(&data);
}

int main(void)
{
	dates();
	formats();
	ranges();
	terms();
	index_terms();
	stored_tags();
	return dx_test_finish();
}
