/*
 * stats.c -- dx_index_stats_read(): what `dxsearch stats` shows, read
 * from a read-only handle without loading the analyzer (so a stale index
 * can still be inspected).
 *
 *   articles   number of A<key> terms (one per article)
 *   passages   Xapian's document count
 *   terms      distinct terms without an uppercase ASCII prefix, i.e.
 *              the passage-text vocabulary (body terms are case-folded,
 *              schema.h); Xapian 1.4 keeps no count of distinct terms,
 *              so the lexicon is walked: O(terms), about a second per
 *              few million
 *   size       bytes of the regular files in the index directory (or
 *              of the stub file)
 *   updated, schema, dictionary   metadata (schema.h)
 *   dict       dx_index_dict_read(): the dictionary's name or folder
 *   encodings  the manifest entries' detected encodings, counted
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "dicts.h"
#include "errors.h"
#include "manifest.h"
#include "schema.h"
#include "xdb.h"

static int count_term(void *payload, const char *term, size_t len,
                      uint64_t freq)
{
	(void)term;
	(void)len;
	(void)freq;
	(*(uint64_t *)payload)++;
	return 0;
}

static int count_plain(void *payload, const char *term, size_t len,
                       uint64_t freq)
{
	(void)freq;
	if (len && !(term[0] >= 'A' && term[0] <= 'Z'))
		(*(uint64_t *)payload)++;
	return 0;
}

typedef struct {
	char     name[24];
	uint64_t n;
} enc_tally;

typedef struct {
	dx_xdb    *db;
	dx_buf     val;
	enc_tally  enc[16];
	size_t     nenc;
} enc_count;

static int count_encoding(void *payload, const char *key, size_t len)
{
	enc_count *c = payload;
	dx_manifest m;
	char *k = dx_xstrndup(key, len);
	size_t i;
	int error = dx_xdb_get_metadata(c->db, k, &c->val);

	free(k);
	if (error < 0)
		return error;
	if (dx_manifest_parse(c->val.ptr, c->val.len, &m, NULL, NULL) < 0)
		return 0;
	if (!m.encoding[0])
		snprintf(m.encoding, sizeof(m.encoding), "unknown");
	for (i = 0; i < c->nenc && strcmp(c->enc[i].name, m.encoding); i++)
		;
	if (i == c->nenc && c->nenc < sizeof(c->enc) / sizeof(c->enc[0])) {
		memcpy(c->enc[i].name, m.encoding, sizeof(m.encoding));
		c->nenc++;
	}
	if (i < c->nenc)
		c->enc[i].n++;
	return 0;
}

/* "NAME COUNT\n" per encoding, most articles first. */
static char *encodings(dx_xdb *db, int *error)
{
	enc_count c;
	dx_buf out = DX_BUF_INIT;
	size_t i, j;

	memset(&c, 0, sizeof(c));
	c.db = db;
	if (*error == DX_OK)
		*error = dx_xdb_metadata_keys(db, DX_META_MANIFEST,
		                              strlen(DX_META_MANIFEST),
		                              count_encoding, &c);
	dx_buf_free(&c.val);
	for (i = 1; i < c.nenc; i++)   /* insertion sort by count */
		for (j = i; j > 0 && c.enc[j].n > c.enc[j - 1].n; j--) {
			enc_tally t = c.enc[j];

			c.enc[j] = c.enc[j - 1];
			c.enc[j - 1] = t;
		}
	dx_buf_puts(&out, "");
	for (i = 0; i < c.nenc; i++)
		dx_buf_printf(&out, "%s %llu\n", c.enc[i].name,
		              (unsigned long long)c.enc[i].n);
	return dx_buf_detach(&out);
}

static uint64_t disk_size(const char *path)
{
	struct stat st;
	struct dirent *e;
	uint64_t total = 0;
	DIR *d;

	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return (uint64_t)st.st_size;
	if (!(d = opendir(path)))
		return 0;
	while ((e = readdir(d)) != NULL) {
		dx_buf p = DX_BUF_INIT;

		dx_buf_printf(&p, "%s/%s", path, e->d_name);
		if (stat(p.ptr, &st) == 0 && S_ISREG(st.st_mode))
			total += (uint64_t)st.st_size;
		dx_buf_free(&p);
	}
	closedir(d);
	return total;
}

static char *meta(dx_xdb *db, const char *key, int *error)
{
	dx_buf b = DX_BUF_INIT;

	if (*error == DX_OK)
		*error = dx_xdb_get_metadata(db, key, &b);
	if (!b.ptr)
		dx_buf_puts(&b, "");
	return dx_buf_detach(&b);
}

/* Open the index at path read-only, with the messages users need. */
static int open_read(dx_xdb **db, const char *path)
{
	int error;

	if (!path || !*path)
		return dx_error_set(DX_EINVAL, "no index path given");
	if ((error = dx_xdb_open(db, path, DX_XDB_READ)) == DX_ENOTFOUND)
		dx_error_set(DX_ENOTFOUND, "no index at %s: run 'dxsearch "
		             "index' first", path);
	return error;
}

int dx_index_stats_read(dx_index_stats *out, const char *path)
{
	dx_xdb *db = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = open_read(&db, path)) < 0)
		return error;
	error = dx_xdb_doccount(db, &out->passages);
	if (error == DX_OK)
		error = dx_xdb_allterms(db, DX_PREFIX_ARTICLE,
		                        strlen(DX_PREFIX_ARTICLE), count_term,
		                        &out->articles);
	if (error == DX_OK)
		error = dx_xdb_allterms(db, NULL, 0, count_plain, &out->terms);
	out->updated = meta(db, DX_META_UPDATED, &error);
	out->schema = meta(db, DX_META_SCHEMA, &error);
	out->dictionary = meta(db, DX_META_ANALYZER, &error);
	out->encodings = encodings(db, &error);
	out->size_bytes = disk_size(path);
	dx_xdb_close(db);
	if (error < 0)
		dx_index_stats_free(out);
	return error;
}

int dx_index_dict_read(const char *path, char **dict)
{
	dx_xdb *db = NULL;
	dx_buf d = DX_BUF_INIT, recorded = DX_BUF_INIT;
	int error;

	*dict = NULL;
	if ((error = open_read(&db, path)) < 0)
		return error;
	if ((error = dx_dict_choose(db, NULL, &d, &recorded)) == DX_OK)
		*dict = dx_buf_detach(&d);
	dx_buf_free(&d);
	dx_buf_free(&recorded);
	dx_xdb_close(db);
	return error;
}

void dx_index_stats_free(dx_index_stats *st)
{
	if (!st)
		return;
	free(st->updated);
	free(st->schema);
	free(st->dictionary);
	free(st->encodings);
	memset(st, 0, sizeof(*st));
}
