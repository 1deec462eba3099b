/*
 * test_manifest.c -- the incremental-indexing manifest (indexer/
 * manifest.h): value format, keys (long paths hashed), content hashes,
 * and listing entries under a folder on a real Xapian database.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "schema.h"
#include "xdb.h"

static char *base;

static void test_format_parse(void)
{
	dx_manifest m = { 1234, 1700000000123456789LL, 0x0123456789abcdefULL,
	                  "UTF-8 (BOM)" };
	dx_manifest got;
	dx_buf b = DX_BUF_INIT;
	const char *p;
	size_t plen;

	dx_manifest_format(&b, &m, "dir/a b.md");
	STR_EQ(b.ptr, "1234 1700000000123456789 0123456789abcdef UTF-8_(BOM) "
	       "dir/a b.md");
	INT_EQ(dx_manifest_parse(b.ptr, b.len, &got, &p, &plen), 0);
	OK(got.size == m.size && got.mtime_ns == m.mtime_ns &&
	   got.hash == m.hash);
	STR_EQ(got.encoding, "UTF-8 (BOM)");
	INT_EQ(plen, strlen("dir/a b.md"));
	OK(memcmp(p, "dir/a b.md", plen) == 0);

	/* before 1970; no encoding known */
	m.mtime_ns = -5;
	m.encoding[0] = '\0';
	dx_buf_clear(&b);
	dx_manifest_format(&b, &m, "x");
	STR_EQ(b.ptr, "1234 -5 0123456789abcdef - x");
	INT_EQ(dx_manifest_parse(b.ptr, b.len, &got, NULL, NULL), 0);
	INT_EQ(got.mtime_ns, -5);
	STR_EQ(got.encoding, "");

	/* malformed values are refused, never misread */
	INT_EQ(dx_manifest_parse("", 0, &got, NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("1 2 3", 5, &got, NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("1 2 3 ", 6, &got, NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("1 2 xyz p", 9, &got, NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("a 2 3 p", 7, &got, NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("99999999999999999999 2 3 p", 26, &got,
	                         NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("1  3 p", 6, &got, NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("1 2 3 - ", 8, &got, NULL, NULL), -1);
	INT_EQ(dx_manifest_parse("1 2 3 UTF-8", 11, &got, NULL, NULL), -1);
	dx_buf_free(&b);
}

static void test_hash_and_key(void)
{
	dx_buf k = DX_BUF_INIT;
	char longp[400];

	OK(dx_content_hash("abc", 3) == dx_content_hash("abc", 3));
	OK(dx_content_hash("abc", 3) != dx_content_hash("abd", 3));
	OK(dx_content_hash("", 0) != dx_content_hash("a", 1));

	dx_manifest_key(&k, "corpus/a.md");
	STR_EQ(k.ptr, "m:corpus/a.md");
	memset(longp, 'x', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	dx_buf_clear(&k);
	dx_manifest_key(&k, longp);
	OK(strncmp(k.ptr, "m:#", 3) == 0);
	OK(k.len < 64);   /* fits Xapian's key limit */
	dx_buf_free(&k);
}

typedef struct {
	char   paths[8][512];
	int    n;
	dx_xdb *db;
	int    del;
} each_ctx;

static int on_path(void *payload, const char *path)
{
	each_ctx *c = payload;

	if (c->n < 8)
		snprintf(c->paths[c->n], sizeof(c->paths[0]), "%s", path);
	c->n++;
	if (c->del)
		INT_EQ(dx_manifest_put(c->db, path, NULL), DX_OK);
	return 0;
}

static int has(const each_ctx *c, const char *path)
{
	int i;

	for (i = 0; i < c->n && i < 8; i++)
		if (!strcmp(c->paths[i], path))
			return 1;
	return 0;
}

static void test_db(void)
{
	char p[4096], longp[300];
	dx_xdb *db = NULL;
	dx_manifest m = { 10, 20, 30, "EUC-JP" }, got;
	each_ctx c;

	snprintf(p, sizeof(p), "%s/db", base);
	INT_EQ(dx_xdb_open(&db, p, DX_XDB_WRITE | DX_XDB_CREATE), DX_OK);
	snprintf(longp, sizeof(longp), "a/%0250d.md", 7);
	INT_EQ(dx_manifest_put(db, "a/x.md", &m), DX_OK);
	INT_EQ(dx_manifest_put(db, "a/y.md", &m), DX_OK);
	INT_EQ(dx_manifest_put(db, "ab/z.md", &m), DX_OK);
	INT_EQ(dx_manifest_put(db, "#short.md", &m), DX_OK);
	INT_EQ(dx_manifest_put(db, longp, &m), DX_OK);

	INT_EQ(dx_manifest_get(db, "a/x.md", &got), 1);
	OK(got.size == 10 && got.mtime_ns == 20 && got.hash == 30);
	INT_EQ(dx_manifest_get(db, longp, &got), 1);
	INT_EQ(dx_manifest_get(db, "a/none.md", &got), 0);

	memset(&c, 0, sizeof(c));
	INT_EQ(dx_manifest_each(db, "a/", on_path, &c), DX_OK);
	INT_EQ(c.n, 3);
	OK(has(&c, "a/x.md") && has(&c, "a/y.md") && has(&c, longp));
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_manifest_each(db, "", on_path, &c), DX_OK);
	INT_EQ(c.n, 5);
	OK(has(&c, "#short.md") && has(&c, "ab/z.md"));
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_manifest_each(db, "#", on_path, &c), DX_OK);
	INT_EQ(c.n, 1);
	OK(has(&c, "#short.md"));

	/* deleting while listing */
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.del = 1;
	INT_EQ(dx_manifest_each(db, "a/", on_path, &c), DX_OK);
	INT_EQ(c.n, 3);
	memset(&c, 0, sizeof(c));
	INT_EQ(dx_manifest_each(db, "", on_path, &c), DX_OK);
	INT_EQ(c.n, 2);
	INT_EQ(dx_manifest_get(db, longp, &got), 0);
	INT_EQ(dx_xdb_close(db), DX_OK);
}

int main(void)
{
	base = dx_test_tmpdir("test_manifest");
	if (!base)
		return 1;
	test_format_parse();
	test_hash_and_key();
	test_db();
	free(base);
	return dx_test_finish();
}
