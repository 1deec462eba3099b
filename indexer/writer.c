/*
 * writer.c -- dx_writer: from an article's text to passages in the index.
 *
 * Each article is written inside an unflushed Xapian transaction: its old
 * passages are deleted (by the A<key> term) and the new ones added, so
 * readers see either the old article or the new one, never a mix.
 */
#include "writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "errors.h"
#include "extract.h"
#include "passage.h"
#include "record.h"
#include "schema.h"
#include "utf8.h"

/* Files larger than this are refused (issue: --max-file-size). */
#define DX_MAX_FILE_SIZE (20u * 1024 * 1024)

typedef struct {
	char  **terms;
	size_t  n, cap;
} term_list;

static int collect_term(void *payload, const char *term, size_t len,
                        uint64_t freq)
{
	term_list *l = payload;

	(void)freq;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->terms = dx_xrealloc(l->terms, l->cap * sizeof(char *));
	}
	l->terms[l->n++] = dx_xstrndup(term, len);
	return 0;
}

/* Delete every article (for --rebuild): each A<key> term's documents. */
static int delete_all(dx_writer *w)
{
	term_list l = { NULL, 0, 0 };
	size_t i;
	int error;

	error = dx_xdb_allterms(w->db, DX_PREFIX_ARTICLE,
	                        strlen(DX_PREFIX_ARTICLE), collect_term, &l);
	for (i = 0; i < l.n; i++) {
		if (error == DX_OK)
			error = dx_xdb_delete(w->db, l.terms[i],
			                      strlen(l.terms[i]), NULL);
		free(l.terms[i]);
	}
	free(l.terms);
	return error;
}

static int check_schema(dx_writer *w, int rebuild)
{
	dx_buf schema = DX_BUF_INIT, fp = DX_BUF_INIT;
	const char *want = dx_analyzer_fingerprint(w->an);
	uint64_t count = 0;
	int error;

	if ((error = dx_xdb_get_metadata(w->db, DX_META_SCHEMA, &schema)) < 0 ||
	    (error = dx_xdb_get_metadata(w->db, DX_META_ANALYZER, &fp)) < 0 ||
	    (error = dx_xdb_doccount(w->db, &count)) < 0)
		goto done;
	if (rebuild && count > 0) {
		if ((error = delete_all(w)) < 0)
			goto done;
		count = 0;
	}
	if (count > 0 && (strcmp(dx_buf_cstr(&schema), DX_SCHEMA_VERSION) ||
	                  strcmp(dx_buf_cstr(&fp), want))) {
		error = dx_error_set(DX_ESTALE,
			"the index was built by another analyzer or schema "
			"(schema %s, analyzer '%s'; this dxsearch: schema %s, "
			"analyzer '%s'): re-index with --rebuild",
			schema.len ? dx_buf_cstr(&schema) : "?",
			dx_buf_cstr(&fp), DX_SCHEMA_VERSION, want);
		goto done;
	}
	if ((error = dx_xdb_set_metadata(w->db, DX_META_SCHEMA,
	                                 DX_SCHEMA_VERSION,
	                                 strlen(DX_SCHEMA_VERSION))) < 0)
		goto done;
	error = dx_xdb_set_metadata(w->db, DX_META_ANALYZER, want,
	                            strlen(want));
done:
	dx_buf_free(&schema);
	dx_buf_free(&fp);
	return error;
}

int dx_writer_open(dx_writer **out, const char *path,
                   const dx_writer_options *opts)
{
	dx_writer *w;
	int error;

	*out = NULL;
	if (!path || !*path)
		return dx_error_set(DX_EINVAL, "no index path given");
	w = dx_xcalloc(1, sizeof(*w));
	if ((error = dx_analyzer_open(&w->an, opts ? opts->dict_dir : NULL)) < 0 ||
	    (error = dx_session_new(&w->ss, w->an)) < 0 ||
	    (error = dx_xdb_open(&w->db, path, DX_XDB_WRITE | DX_XDB_CREATE)) < 0 ||
	    (error = check_schema(w, opts ? opts->rebuild : 0)) < 0) {
		int keep = dx_error_code();
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", dx_error_last());
		dx_xdb_close(w->db);   /* no commit of a half-open state */
		dx_session_free(w->ss);
		dx_analyzer_free(w->an);
		free(w);
		dx_error_set(keep ? keep : error, "%s", msg);
		return error;
	}
	*out = w;
	return DX_OK;
}

int dx_writer_commit(dx_writer *w)
{
	int error = dx_xdb_commit(w->db);

	if (error == DX_OK)
		w->pending = 0;
	return error;
}

int dx_writer__maybe_commit(dx_writer *w)
{
	return w->pending >= DX_COMMIT_EVERY ? dx_writer_commit(w) : DX_OK;
}

int dx_writer_close(dx_writer *w)
{
	int error;

	if (!w)
		return DX_OK;
	error = dx_xdb_close(w->db);
	dx_session_free(w->ss);
	dx_analyzer_free(w->an);
	free(w);
	return error;
}

/* ---- one passage → one Xapian document ------------------------------ */

typedef struct {
	dx_xdoc    *doc;
	const char *prefix;
	size_t      plen;
	dx_buf      term;
	uint32_t    base;   /* position offset for this field */
	uint32_t    last;
	int         error;
} posting_ctx;

static int on_token(void *payload, const dx_token *tok)
{
	posting_ctx *c = payload;

	dx_buf_clear(&c->term);
	dx_buf_put(&c->term, c->prefix, c->plen);
	dx_buf_put(&c->term, tok->term, tok->term_len);
	c->last = c->base + tok->pos;
	c->error = dx_xdoc_add_posting(c->doc, c->term.ptr, c->term.len,
	                               c->last, 1);
	return c->error;
}

/* Add the analyzed terms of text, prefixed, to doc. */
static int add_field(dx_writer *w, dx_xdoc *doc, const char *prefix,
                     const char *text, size_t len)
{
	posting_ctx c = { doc, prefix, strlen(prefix), DX_BUF_INIT, 0, 0, 0 };
	int error;

	if (len == 0)
		return DX_OK;
	error = dx_analyze(w->ss, text, len, on_token, &c);
	dx_buf_free(&c.term);
	return error < 0 ? error : c.error;
}

/* Build the Xapian document of passage n (nothing is written yet). */
static int make_passage(dx_xdoc **out, dx_writer *w, const char *path,
                        const char *key, size_t keylen, const dx_article *a,
                        const dx_passage *p, size_t n)
{
	dx_xdoc *doc = NULL;
	dx_buf data = DX_BUF_INIT, term = DX_BUF_INIT;
	char num[32];
	int error;

	*out = NULL;
	snprintf(num, sizeof(num), "%zu", n);
	if ((error = dx_xdoc_new(&doc)) < 0)
		goto done;
	if ((error = add_field(w, doc, "", p->text, p->len)) < 0 ||
	    (error = add_field(w, doc, DX_PREFIX_TITLE, a->title,
	                       strlen(a->title))) < 0 ||
	    (error = add_field(w, doc, DX_PREFIX_HEADING, p->heading,
	                       strlen(p->heading))) < 0)
		goto done;

	dx_buf_puts(&term, DX_PREFIX_ARTICLE);
	dx_buf_put(&term, key, keylen);
	if ((error = dx_xdoc_add_boolean(doc, term.ptr, term.len)) < 0)
		goto done;
	/* replace_document(uniq, doc) finds documents by this term, but does
	 * not add it: the document must carry it itself. */
	dx_buf_clear(&term);
	dx_buf_puts(&term, DX_PREFIX_UNIQUE);
	dx_buf_put(&term, key, keylen);
	dx_buf_printf(&term, "#%zu", n);
	if ((error = dx_xdoc_add_boolean(doc, term.ptr, term.len)) < 0)
		goto done;
	if (strlen(path) <= DX_KEY_MAX) {
		dx_buf_clear(&term);
		dx_buf_puts(&term, DX_PREFIX_PATH);
		dx_buf_puts(&term, path);
		if ((error = dx_xdoc_add_boolean(doc, term.ptr, term.len)) < 0)
			goto done;
	}
	if ((error = dx_xdoc_set_value(doc, DX_SLOT_ARTICLE, path,
	                               strlen(path))) < 0 ||
	    (error = dx_xdoc_set_value(doc, DX_SLOT_PASSAGE, num,
	                               strlen(num))) < 0)
		goto done;

	dx_buf_puts(&data, DX_RECORD_TAG);
	dx_record_puts(&data, path);
	dx_record_puts(&data, a->url);
	dx_record_puts(&data, a->title);
	dx_record_puts(&data, p->heading);
	dx_record_puts(&data, p->anchor);
	dx_record_puts(&data, num);
	dx_record_put(&data, p->text, p->len);
	error = dx_xdoc_set_data(doc, data.ptr, data.len);
done:
	if (error < 0)
		dx_xdoc_free(doc);
	else
		*out = doc;
	dx_buf_free(&data);
	dx_buf_free(&term);
	return error;
}

/* Delete the passages of the article with key `key`. */
static int delete_article(dx_writer *w, const char *key, size_t keylen,
                          uint64_t *n)
{
	dx_buf term = DX_BUF_INIT;
	int error;

	dx_buf_puts(&term, DX_PREFIX_ARTICLE);
	dx_buf_put(&term, key, keylen);
	error = dx_xdb_delete(w->db, term.ptr, term.len, n);
	dx_buf_free(&term);
	return error;
}

int dx_writer_add_text(dx_writer *w, const char *path, const char *format,
                       const char *text, size_t len, size_t *npassages)
{
	dx_format fmt = format ? dx_format_from_name(format) : DX_FMT_UNKNOWN;
	dx_buf clean = DX_BUF_INIT, key = DX_BUF_INIT, uniq = DX_BUF_INIT;
	dx_article a;
	dx_passage *ps = NULL;
	dx_xdoc **docs = NULL;
	size_t nps = 0, i;
	int error;

	memset(&a, 0, sizeof(a));
	w->write_failed = 0;
	if (npassages)
		*npassages = 0;
	if (!path || !*path)
		return dx_error_set(DX_EINVAL, "article path is empty");
	if (fmt == DX_FMT_UNKNOWN)
		return dx_error_set(DX_EINVAL, "%s: unsupported format '%s'",
		                    path, format ? format : "(null)");

	dx_utf8_repair(&clean, text, len);
	if ((error = dx_extract(&a, fmt, dx_buf_cstr(&clean), clean.len)) < 0)
		goto done;
	if ((error = dx_passages(&ps, &nps, &a, NULL)) < 0)
		goto done;
	dx_article_key(&key, path, strlen(path));

	/* Analyze everything before touching the index: a bad article
	 * then fails without a transaction to cancel (Xapian's cancel would
	 * also drop the uncommitted articles before it). */
	docs = dx_xcalloc(nps ? nps : 1, sizeof(dx_xdoc *));
	for (i = 0; i < nps; i++)
		if ((error = make_passage(&docs[i], w, path, key.ptr, key.len,
		                          &a, &ps[i], i)) < 0)
			goto done;

	if ((error = dx_xdb_begin(w->db)) < 0)
		goto done;
	error = delete_article(w, key.ptr, key.len, NULL);
	for (i = 0; i < nps && error == DX_OK; i++) {
		dx_buf_clear(&uniq);
		dx_buf_puts(&uniq, DX_PREFIX_UNIQUE);
		dx_buf_put(&uniq, key.ptr, key.len);
		dx_buf_printf(&uniq, "#%zu", i);
		error = dx_xdb_replace(w->db, uniq.ptr, uniq.len, docs[i]);
	}
	if (error == DX_OK) {
		error = dx_xdb_end(w->db);
	} else {
		int keep = dx_error_code();
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", dx_error_last());
		dx_xdb_cancel(w->db);
		dx_error_set(keep ? keep : error, "%s", msg);
	}
	if (error < 0) {
		w->write_failed = 1;
		goto done;
	}
	w->pending += nps + 1;
	if (npassages)
		*npassages = nps;
	if ((error = dx_writer__maybe_commit(w)) < 0)
		w->write_failed = 1;
done:
	for (i = 0; docs && i < nps; i++)
		dx_xdoc_free(docs[i]);
	free(docs);
	dx_passages_free(ps, nps);
	dx_article_free(&a);
	dx_buf_free(&clean);
	dx_buf_free(&key);
	dx_buf_free(&uniq);
	return error;
}

/* Read a whole regular file into b (at most `max` bytes). */
static int read_file(dx_buf *b, const char *fs_path, size_t max)
{
	struct stat st;
	FILE *f;
	size_t n;

	if (stat(fs_path, &st) != 0)
		return dx_error_set(errno == ENOENT ? DX_ENOTFOUND : DX_EIO,
		                    "%s: %s", fs_path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return dx_error_set(DX_EINVAL, "%s: not a regular file",
		                    fs_path);
	if ((size_t)st.st_size > max)
		return dx_error_set(DX_EINVAL,
		                    "%s: file larger than %zu bytes", fs_path,
		                    max);
	if (!(f = fopen(fs_path, "rb")))
		return dx_error_set(DX_EIO, "%s: %s", fs_path, strerror(errno));
	dx_buf_grow(b, (size_t)st.st_size);
	while ((n = fread(b->ptr + b->len, 1, b->cap - b->len - 1, f)) > 0) {
		b->len += n;
		if (b->len > max) {
			fclose(f);
			return dx_error_set(DX_EINVAL,
			                    "%s: file larger than %zu bytes",
			                    fs_path, max);
		}
		dx_buf_grow(b, 4096);
	}
	b->ptr[b->len] = '\0';
	if (ferror(f)) {
		fclose(f);
		return dx_error_set(DX_EIO, "%s: read error", fs_path);
	}
	fclose(f);
	return DX_OK;
}

int dx_writer_add_file(dx_writer *w, const char *fs_path, const char *path,
                       size_t *npassages)
{
	dx_buf text = DX_BUF_INIT;
	const char *fmt;
	int error;

	if (npassages)
		*npassages = 0;
	switch (dx_format_from_path(fs_path)) {
	case DX_FMT_MARKDOWN: fmt = "md"; break;
	case DX_FMT_HTML:     fmt = "html"; break;
	case DX_FMT_TEXT:     fmt = "txt"; break;
	default:
		return dx_error_set(DX_EINVAL, "%s: unsupported file type",
		                    fs_path);
	}
	if ((error = read_file(&text, fs_path, DX_MAX_FILE_SIZE)) == DX_OK) {
		if (memchr(text.ptr, '\0', text.len))
			error = dx_error_set(DX_EINVAL,
			                     "%s: binary file (NUL bytes)",
			                     fs_path);
		else
			error = dx_writer_add_text(w, path ? path : fs_path,
			                           fmt, dx_buf_cstr(&text),
			                           text.len, npassages);
	}
	dx_buf_free(&text);
	return error;
}

int dx_writer_remove(dx_writer *w, const char *path)
{
	dx_buf key = DX_BUF_INIT;
	uint64_t n = 0;
	int error;

	dx_article_key(&key, path, strlen(path));
	error = delete_article(w, key.ptr, key.len, &n);
	dx_buf_free(&key);
	if (error == DX_OK && n == 0)
		return dx_error_set(DX_ENOTFOUND, "%s: not in the index", path);
	if (error == DX_OK)
		w->pending += 1;
	return error;
}

/* ---- pruning -------------------------------------------------------- */

typedef struct {
	char  **keep;
	size_t  n;
	char  **gone;
	size_t  ngone, cap;
} prune_ctx;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int on_path_term(void *payload, const char *term, size_t len,
                        uint64_t freq)
{
	prune_ctx *c = payload;
	char *path = dx_xstrndup(term + 1, len - 1);

	(void)freq;
	if (bsearch(&path, c->keep, c->n, sizeof(char *), cmp_str)) {
		free(path);
		return 0;
	}
	if (c->ngone == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->gone = dx_xrealloc(c->gone, c->cap * sizeof(char *));
	}
	c->gone[c->ngone++] = path;
	return 0;
}

int dx_writer__prune(dx_writer *w, const char *prefix, char **keep,
                     size_t n, size_t *removed)
{
	prune_ctx c = { keep, n, NULL, 0, 0 };
	dx_buf term = DX_BUF_INIT;
	size_t i;
	int error;

	dx_buf_puts(&term, DX_PREFIX_PATH);
	dx_buf_puts(&term, prefix);
	/* Collect first: deleting while iterating the term list is unsafe. */
	error = dx_xdb_allterms(w->db, term.ptr, term.len, on_path_term, &c);
	for (i = 0; i < c.ngone; i++) {
		if (error == DX_OK) {
			error = dx_writer_remove(w, c.gone[i]);
			if (error == DX_OK && removed)
				(*removed)++;
		}
		free(c.gone[i]);
	}
	free(c.gone);
	dx_buf_free(&term);
	return error;
}
