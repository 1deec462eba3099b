/*
 * writer.c -- dx_writer: from an article's text to passages in the index.
 *
 * Each article is written inside an unflushed Xapian transaction: its old
 * passages are deleted (by the A<key> term), the new ones added and its
 * manifest entry stored, so readers -- and a re-run after a crash -- see
 * either the old article or the new one, never a mix.  Commits come
 * every DX_COMMIT_EVERY passages and at the end; each commit that
 * changed something also records DX_META_UPDATED.
 */
#include "writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "decode.h"
#include "dicts.h"
#include "errors.h"
#include "extract.h"
#include "facet.h"
#include "passage.h"
#include "record.h"
#include "schema.h"
#include "utf8.h"

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

static int clear_synonym_key(void *payload, const char *key, size_t len)
{
	dx_writer *w = payload;

	return dx_xdb_clear_synonyms(w->db, key, len);
}

static int delete_key(void *payload, const char *key, size_t len)
{
	dx_writer *w = payload;
	char *k = dx_xstrndup(key, len);
	int error = dx_xdb_set_metadata(w->db, k, "", 0);

	free(k);
	return error;
}

/* Delete every article (for --rebuild): each A<key> term's documents,
 * the whole manifest and the readings. */
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
	if (error == DX_OK)
		error = dx_xdb_metadata_keys(w->db, DX_META_MANIFEST,
		                             strlen(DX_META_MANIFEST),
		                             delete_key, w);
	if (error == DX_OK)   /* the readings of the words (schema.h) */
		error = dx_xdb_synonym_keys(w->db, DX_PREFIX_READING,
		                            strlen(DX_PREFIX_READING),
		                            clear_synonym_key, w);
	if (error == DX_OK)
		w->dirty = 1;
	return error;
}

/* Set metadata key to val unless it already holds it (an unchanged
 * index then gets no new revision). */
static int set_if_changed(dx_writer *w, const char *key, const char *val,
                          const dx_buf *have)
{
	if (have->len == strlen(val) && memcmp(have->ptr, val, have->len) == 0)
		return DX_OK;
	w->dirty = 1;
	return dx_xdb_set_metadata(w->db, key, val, strlen(val));
}

/* A failed write of the index: say so plainly (the message of a disk
 * full or read-only file system comes from Xapian). */
static int write_error(int error)
{
	char msg[1024];

	if (error != DX_EIO)
		return error;
	if (strncmp(dx_error_last(), "cannot write", 12) == 0)
		return error;
	snprintf(msg, sizeof(msg), "%s", dx_error_last());
	return dx_error_set(DX_EIO, "cannot write the index (the last commit "
	                    "is kept): %s", msg);
}

/* The index's schema and analyzer against this writer's; `asked` is the
 * dictionary asked for (NULL: none), `dict` the one chosen and
 * `recorded` the index's (dicts.h). */
static int check_schema(dx_writer *w, int rebuild, const char *asked,
                        const char *dict, const char *recorded)
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
	if (count > 0 && !strcmp(dx_buf_cstr(&schema), DX_SCHEMA_VERSION) &&
	    (error = dx_dict_mismatch(dx_buf_cstr(&fp), want, recorded, asked,
	                              dict, NULL)) < 0)
		goto done;
	if (count > 0 && !strcmp(dx_buf_cstr(&schema), DX_SCHEMA_VERSION) &&
	    dx_fingerprint_userdic_differs(dx_buf_cstr(&fp), want)) {
		error = dx_error_set(DX_ESTALE, "the user dictionary changed "
			"since the index was built: re-index with --rebuild");
		goto done;
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
	if ((error = set_if_changed(w, DX_META_SCHEMA, DX_SCHEMA_VERSION,
	                            &schema)) < 0 ||
	    (error = set_if_changed(w, DX_META_ANALYZER, want, &fp)) < 0)
		goto done;
	dx_buf_clear(&schema);
	if (*recorded)
		dx_buf_puts(&schema, recorded);
	error = set_if_changed(w, DX_META_DICT, dict, &schema);
done:
	dx_buf_free(&schema);
	dx_buf_free(&fp);
	return error;
}

/* Open the database, with the messages dxsearch's users need. */
static int open_db(dx_writer *w, const char *path, int wait, int no_create)
{
	unsigned int flags = DX_XDB_WRITE;
	char msg[1024];
	int error;

	if (!no_create)
		flags |= DX_XDB_CREATE;
	if (wait)
		flags |= DX_XDB_WAIT_LOCK;
	error = dx_xdb_open(&w->db, path, flags);
	if (error == DX_OK)
		return DX_OK;
	snprintf(msg, sizeof(msg), "%s", dx_error_last());
	if (error == DX_ELOCKED)
		return dx_error_set(DX_ELOCKED,
		                    "index is locked by another indexer");
	if (error == DX_ENOTFOUND)
		return dx_error_set(DX_ENOTFOUND, "no index at %s", path);
	if (error == DX_EIO)
		return dx_error_set(DX_EIO, "cannot open the index for "
		                    "writing: %s", msg);
	return error;
}

static unsigned int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned int)n;
}

int dx_writer_open(dx_writer **out, const char *path,
                   const dx_writer_options *opts)
{
	dx_writer *w;
	dx_buf recorded = DX_BUF_INIT;
	const char *asked = opts ? opts->dict_dir : NULL;
	int wait = 0, no_create = 0, error;

	*out = NULL;
	if (!path || !*path)
		return dx_error_set(DX_EINVAL, "no index path given");
	w = dx_xcalloc(1, sizeof(*w));
	w->max_file_size = DX_MAX_FILE_SIZE_DEFAULT;
	if (opts && opts->version >= 2) {
		wait = opts->wait;
		no_create = opts->no_create;
		w->jobs = opts->jobs;
		if (opts->max_file_size)
			w->max_file_size = opts->max_file_size;
	}
	if (!w->jobs)
		w->jobs = default_jobs();
	/* the dictionary asked for, else the one the index was built with */
	if ((error = open_db(w, path, wait, no_create)) < 0 ||
	    (error = dx_dict_choose(w->db, asked, &w->dict, &recorded)) < 0 ||
	    (error = dx_analyzer_open(&w->an, dx_buf_cstr(&w->dict))) < 0 ||
	    (error = dx_session_new(&w->ss, w->an)) < 0 ||
	    (error = check_schema(w, opts ? opts->rebuild : 0, asked,
	                          dx_buf_cstr(&w->dict),
	                          dx_buf_cstr(&recorded))) < 0) {
		int keep = dx_error_code();
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", dx_error_last());
		dx_xdb_close(w->db);   /* no commit of a half-open state */
		dx_session_free(w->ss);
		dx_analyzer_free(w->an);
		dx_buf_free(&w->dict);
		free(w);
		dx_error_set(keep ? keep : error, "%s", msg);
		w = NULL;
	}
	dx_buf_free(&recorded);
	*out = w;
	return error;
}

/* Record the time of this commit, if it changes anything. */
static int stamp(dx_writer *w)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;

	if (!w->dirty)
		return DX_OK;
	if (!gmtime_r(&now, &tm) ||
	    !strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return DX_OK;
	return dx_xdb_set_metadata(w->db, DX_META_UPDATED, ts, strlen(ts));
}

int dx_writer_commit(dx_writer *w)
{
	int error;

	if (w->in_article)
		return dx_error_set(DX_EINVAL, "commit inside an article");
	if ((error = stamp(w)) == DX_OK)
		error = dx_xdb_commit(w->db);
	if (error == DX_OK) {
		w->pending = 0;
		w->dirty = 0;
	}
	return write_error(error);
}

int dx_writer__maybe_commit(dx_writer *w)
{
	return w->pending >= DX_COMMIT_EVERY ? dx_writer_commit(w) : DX_OK;
}

int dx_writer_close(dx_writer *w)
{
	int error = DX_OK;

	if (!w)
		return DX_OK;
	dx_writer__abort(w);
	if (!w->write_failed)
		error = stamp(w);
	if (error == DX_OK)
		error = write_error(dx_xdb_close(w->db));
	else
		dx_xdb_close(w->db);   /* keep the first error */
	dx_session_free(w->ss);
	dx_analyzer_free(w->an);
	dx_buf_free(&w->cur_key);
	dx_buf_free(&w->dict);
	free(w);
	return error;
}

const char *dx_writer_dict(const dx_writer *w)
{
	return dx_buf_cstr(&w->dict);
}

void dx_writer_set_progress(dx_writer *w, dx_index_progress_cb cb,
                            void *payload)
{
	w->progress = cb;
	w->progress_payload = payload;
}

/* ---- one passage → one Xapian document ------------------------------ */

typedef struct {
	dx_xdoc    *doc;
	const char *prefix;
	size_t      plen;
	dx_buf      term;
	dx_buf      word;   /* the surface term at position `last` */
	uint32_t    base;   /* position offset for this field */
	uint32_t    last;
	int         error;
} posting_ctx;

static int on_token(void *payload, const dx_token *tok)
{
	posting_ctx *c = payload;

	/* A reading maps to the word it reads in the synonym table (R keys):
	 * kana-only queries find words through it, and the index carries no
	 * posting for it. */
	if (tok->flags & DX_TOKEN_READING) {
		if (c->word.len == 0 || (tok->term_len == c->word.len &&
		    memcmp(tok->term, c->word.ptr, c->word.len) == 0))
			return 0;
		dx_buf_clear(&c->term);
		dx_buf_puts(&c->term, DX_PREFIX_READING);
		dx_buf_put(&c->term, tok->term, tok->term_len);
		c->error = dx_xdoc_add_synonym(c->doc, c->term.ptr, c->term.len,
		                               c->word.ptr, c->word.len);
		return c->error;
	}
	dx_buf_clear(&c->term);
	dx_buf_put(&c->term, c->prefix, c->plen);
	if (tok->flags & DX_TOKEN_VARIANT)
		dx_buf_puts(&c->term, DX_PREFIX_VARIANT);
	dx_buf_put(&c->term, tok->term, tok->term_len);
	c->last = c->base + tok->pos;
	if (!(tok->flags & (DX_TOKEN_BASE | DX_TOKEN_PART |
	                    DX_TOKEN_VARIANT))) {
		dx_buf_clear(&c->word);
		dx_buf_put(&c->word, tok->term, tok->term_len);
	}
	/* a user dictionary word again after its parts: a position, no
	 * new occurrence */
	c->error = dx_xdoc_add_posting(c->doc, c->term.ptr, c->term.len,
	                               c->last, (tok->flags & DX_TOKEN_PART) &&
	                               (tok->flags & DX_TOKEN_BASE) ? 0 : 1);
	return c->error;
}

/* Add the analyzed terms of text, prefixed, to doc. */
static int add_field(dx_writer *w, dx_xdoc *doc, const char *prefix,
                     const char *text, size_t len)
{
	posting_ctx c = { doc, prefix, strlen(prefix), DX_BUF_INIT, DX_BUF_INIT,
	                  0, 0, 0 };
	int error;

	if (len == 0)
		return DX_OK;
	error = dx_analyze(w->ss, text, len, on_token, &c);
	dx_buf_free(&c.term);
	dx_buf_free(&c.word);
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
	/* parts of user dictionary words, okurigana keys */
	dx_session_set_parts(w->ss, 1);
	dx_session_set_variants(w->ss, 1);
	dx_session_set_readings(w->ss, 1);
	error = add_field(w, doc, "", p->text, p->len);
	dx_session_set_readings(w->ss, 0);
	if (error < 0 ||
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
	if ((error = dx_facet_add(doc, path, a->date, a->tags,
	                          a->ntags)) < 0 ||
	    (error = dx_xdoc_set_value(doc, DX_SLOT_ARTICLE, path,
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
	dx_facet_put_tags(&data, a->tags, a->ntags);
	error = dx_xdoc_set_data(doc, data.ptr, data.len);
done:
	dx_session_set_parts(w->ss, 0);
	dx_session_set_variants(w->ss, 0);
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

/* ---- one article: begin, put, end ------------------------------------ */

int dx_writer__begin(dx_writer *w, const char *path, int streamed)
{
	uint64_t old = 0;
	int error;

	if (w->in_article)
		return dx_error_set(DX_EINVAL, "an article is already open");
	/* Abandoning a streamed article cancels its transaction, and with
	 * it everything since the last commit: commit that first. */
	if (streamed && w->dirty && (error = dx_writer_commit(w)) < 0)
		goto fail;
	dx_buf_clear(&w->cur_key);
	dx_article_key(&w->cur_key, path, strlen(path));
	if ((error = dx_xdb_begin(w->db)) < 0)
		goto fail;
	w->in_article = 1;
	if ((error = delete_article(w, w->cur_key.ptr, w->cur_key.len,
	                            &old)) < 0) {
		dx_writer__abort(w);
		goto fail;
	}
	w->cur_new = old == 0;
	return DX_OK;
fail:
	w->write_failed = 1;
	return write_error(error);
}

int dx_writer__put(dx_writer *w, dx_xdoc *const *docs, size_t n,
                   size_t first)
{
	dx_buf uniq = DX_BUF_INIT;
	size_t i;
	int error = DX_OK;

	if (!w->in_article)
		return dx_error_set(DX_EINVAL, "no article is open");
	for (i = 0; i < n && error == DX_OK; i++) {
		if (w->cur_new) {   /* no old passage to replace */
			error = dx_xdb_add(w->db, docs[i]);
			continue;
		}
		dx_buf_clear(&uniq);
		dx_buf_puts(&uniq, DX_PREFIX_UNIQUE);
		dx_buf_put(&uniq, w->cur_key.ptr, w->cur_key.len);
		dx_buf_printf(&uniq, "#%zu", first + i);
		error = dx_xdb_replace(w->db, uniq.ptr, uniq.len, docs[i]);
	}
	dx_buf_free(&uniq);
	if (error < 0) {
		dx_writer__abort(w);
		w->write_failed = 1;
		return write_error(error);
	}
	return DX_OK;
}

int dx_writer__end(dx_writer *w, const char *path, const dx_manifest *m,
                   size_t npassages)
{
	static const dx_manifest none = { 0, 0, 0, "" };
	int error;

	if (!w->in_article)
		return dx_error_set(DX_EINVAL, "no article is open");
	if ((error = dx_manifest_put(w->db, path, m ? m : &none)) < 0) {
		dx_writer__abort(w);
		goto fail;
	}
	w->in_article = 0;   /* dx_xdb_end() closes it even on failure */
	if ((error = dx_xdb_end(w->db)) < 0)
		goto fail;
	w->pending += npassages + 1;
	w->dirty = 1;
	if ((error = dx_writer__maybe_commit(w)) < 0)
		goto fail;
	return DX_OK;
fail:
	w->write_failed = 1;
	return write_error(error);
}

void dx_writer__abort(dx_writer *w)
{
	int keep = dx_error_code();
	char msg[1024];

	if (!w->in_article)
		return;
	w->in_article = 0;
	snprintf(msg, sizeof(msg), "%s", dx_error_last());
	dx_xdb_cancel(w->db);
	if (keep)
		dx_error_set(keep, "%s", msg);   /* the cause, not the cancel */
}

int dx_writer__touch(dx_writer *w, const char *path, const dx_manifest *m)
{
	int error = dx_manifest_put(w->db, path, m);

	if (error < 0) {
		w->write_failed = 1;
		return write_error(error);
	}
	w->pending++;
	w->dirty = 1;
	return dx_writer__maybe_commit(w);
}

/* Direct mode: write one batch of an article now. */
static int apply_batch(dx_writer *w, const char *path, dx_xdoc *const *docs,
                       size_t n, size_t first, int last, size_t total)
{
	int error = DX_OK;

	if (first == 0)
		error = dx_writer__begin(w, path, !last);
	if (error == DX_OK)
		error = dx_writer__put(w, docs, n, first);
	if (error == DX_OK && last)
		error = dx_writer__end(w, path, NULL, total);
	return error;
}

int dx_writer_add_text(dx_writer *w, const char *path, const char *format,
                       const char *text, size_t len, size_t *npassages)
{
	dx_format fmt = format ? dx_format_from_name(format) : DX_FMT_UNKNOWN;
	dx_buf clean = DX_BUF_INIT, key = DX_BUF_INIT;
	dx_article a;
	dx_passage *ps = NULL;
	dx_xdoc **docs = NULL;
	size_t nps = 0, first, nb = 0, i;
	int last, error;

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
	dx_buf_free(&clean);
	if ((error = dx_passages(&ps, &nps, &a, NULL)) < 0)
		goto done;
	dx_article_key(&key, path, strlen(path));

	/* Analyze a batch before it touches the index: a short article
	 * that fails then needs no transaction to cancel (Xapian's cancel
	 * would also drop the uncommitted articles before it).  A long one
	 * goes batch by batch (dx_writer__begin commits before it). */
	for (first = 0;; first += nb) {
		nb = nps - first < DX_BATCH ? nps - first : DX_BATCH;
		last = first + nb == nps;
		docs = dx_xcalloc(nb ? nb : 1, sizeof(dx_xdoc *));
		for (i = 0; i < nb && error == DX_OK; i++)
			error = make_passage(&docs[i], w, path, key.ptr,
			                     key.len, &a, &ps[first + i],
			                     first + i);
		if (error == DX_OK && w->sink) {
			error = w->sink(w->sink_payload, docs, nb, first, last);
			docs = NULL;   /* the sink's now */
		} else if (error == DX_OK) {
			error = apply_batch(w, path, docs, nb, first, last, nps);
		}
		for (i = 0; docs && i < nb; i++)
			dx_xdoc_free(docs[i]);
		free(docs);
		docs = NULL;
		if (error < 0 || last)
			break;
	}
	if (error < 0 && !w->sink)
		dx_writer__abort(w);   /* an input failure mid-stream */
	if (error == DX_OK && npassages)
		*npassages = nps;
done:
	dx_passages_free(ps, nps);
	dx_article_free(&a);
	dx_buf_free(&clean);
	dx_buf_free(&key);
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
	return dx_writer_add_file_ex(w, fs_path, path, npassages, NULL);
}

int dx_writer_add_file_ex(dx_writer *w, const char *fs_path,
                          const char *path, size_t *npassages,
                          dx_file_info *info)
{
	dx_buf raw = DX_BUF_INIT, text = DX_BUF_INIT;
	dx_decode_info di;
	dx_format f = dx_format_from_path(fs_path);
	const char *fmt;
	int error;

	if (npassages)
		*npassages = 0;
	if (info)
		memset(info, 0, sizeof(*info));
	switch (f) {
	case DX_FMT_MARKDOWN: fmt = "md"; break;
	case DX_FMT_HTML:     fmt = "html"; break;
	case DX_FMT_TEXT:     fmt = "txt"; break;
	default:
		return dx_error_set(DX_EINVAL, "%s: unsupported file type",
		                    fs_path);
	}
	if ((error = read_file(&raw, fs_path,
	                        w->max_file_size < SIZE_MAX ?
	                        (size_t)w->max_file_size : SIZE_MAX)) < 0)
		goto done;
	if (dx_decode_is_binary(raw.ptr, raw.len)) {
		error = dx_error_set(DX_EINVAL, "%s: binary file (NUL bytes)",
		                     fs_path);
		goto done;
	}
	/* Bytes in any supported encoding → UTF-8 (decode.h). */
	if ((error = dx_decode_document(&text, raw.ptr, raw.len,
	                                f == DX_FMT_HTML, &di)) < 0)
		goto done;
	dx_buf_free(&raw);
	if (info) {
		info->encoding = di.encoding;
		info->invalid = di.invalid;
	}
	error = dx_writer_add_text(w, path ? path : fs_path, fmt,
	                           dx_buf_cstr(&text), text.len, npassages);
done:
	dx_buf_free(&raw);
	dx_buf_free(&text);
	return error;
}

int dx_writer_remove(dx_writer *w, const char *path)
{
	dx_buf key = DX_BUF_INIT;
	dx_manifest m;
	uint64_t n = 0;
	int found, error;

	if (!path || !*path)
		return dx_error_set(DX_EINVAL, "article path is empty");
	dx_buf_puts(&key, DX_PREFIX_ARTICLE);
	dx_article_key(&key, path, strlen(path));
	if ((error = dx_xdb_termfreq(w->db, key.ptr, key.len, &n)) < 0 ||
	    (found = dx_manifest_get(w->db, path, &m)) < 0) {
		dx_buf_free(&key);
		return error < 0 ? error : found;
	}
	if (n == 0 && !found) {
		dx_buf_free(&key);
		return dx_error_set(DX_ENOTFOUND, "%s: not in the index", path);
	}
	/* Passages and manifest entry go together. */
	if ((error = dx_xdb_begin(w->db)) == DX_OK) {
		w->in_article = 1;
		error = dx_xdb_delete(w->db, key.ptr, key.len, NULL);
		if (error == DX_OK)
			error = dx_manifest_put(w->db, path, NULL);
		if (error == DX_OK) {
			w->in_article = 0;
			error = dx_xdb_end(w->db);
		} else {
			dx_writer__abort(w);
		}
	}
	dx_buf_free(&key);
	if (error < 0) {
		w->write_failed = 1;
		return write_error(error);
	}
	w->pending += 1;
	w->dirty = 1;
	return dx_writer__maybe_commit(w);
}

/* ---- pruning -------------------------------------------------------- */

typedef struct {
	const char *prefix;
	size_t      plen;
	char      **paths;
	size_t      n, cap;
} prune_ctx;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_candidate(prune_ctx *c, const char *path, size_t len)
{
	/* "." was given: relative paths only. */
	if (c->plen == 0 && (path[0] == '/' ||
	                     (len >= 3 && memcmp(path, "../", 3) == 0)))
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->paths = dx_xrealloc(c->paths, c->cap * sizeof(char *));
	}
	c->paths[c->n++] = dx_xstrndup(path, len);
}

static int on_manifest_path(void *payload, const char *path)
{
	add_candidate(payload, path, strlen(path));
	return 0;
}

static int on_path_term(void *payload, const char *term, size_t len,
                        uint64_t freq)
{
	(void)freq;
	add_candidate(payload, term + strlen(DX_PREFIX_PATH),
	              len - strlen(DX_PREFIX_PATH));
	return 0;
}

int dx_writer__prune(dx_writer *w, const char *prefix, char **keep,
                     size_t n, size_t *removed)
{
	prune_ctx c = { prefix, strlen(prefix), NULL, 0, 0 };
	dx_buf term = DX_BUF_INIT;
	size_t i;
	int error;

	/* Collect first: deleting while iterating is unsafe. */
	dx_buf_puts(&term, DX_PREFIX_PATH);
	dx_buf_puts(&term, prefix);
	error = dx_manifest_each(w->db, prefix, on_manifest_path, &c);
	if (error == DX_OK)
		error = dx_xdb_allterms(w->db, term.ptr, term.len,
		                        on_path_term, &c);
	if (c.n)
		qsort(c.paths, c.n, sizeof(char *), cmp_str);
	for (i = 0; i < c.n; i++) {
		int dup = i > 0 && strcmp(c.paths[i], c.paths[i - 1]) == 0;

		if (error == DX_OK && !dup &&
		    !(n && bsearch(&c.paths[i], keep, n, sizeof(char *),
		                   cmp_str))) {
			error = dx_writer_remove(w, c.paths[i]);
			if (error == DX_OK && removed)
				(*removed)++;
			if (error == DX_ENOTFOUND) {
				dx_error_clear();
				error = DX_OK;
			}
		}
	}
	for (i = 0; i < c.n; i++)
		free(c.paths[i]);
	free(c.paths);
	dx_buf_free(&term);
	return error;
}

int dx_writer_remove_under(dx_writer *w, const char *dir, size_t *removed)
{
	dx_buf prefix = DX_BUF_INIT;
	size_t len, n = 0;
	int error;

	if (removed)
		*removed = 0;
	if (!dir || !*dir)
		return dx_error_set(DX_EINVAL, "folder path is empty");
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (!(len == 1 && dir[0] == '.')) {
		dx_buf_put(&prefix, dir, len);
		if (dir[len - 1] != '/')
			dx_buf_putc(&prefix, '/');
	}
	error = dx_writer__prune(w, dx_buf_cstr(&prefix), NULL, 0, &n);
	dx_buf_free(&prefix);
	if (removed)
		*removed = n;
	return error;
}
