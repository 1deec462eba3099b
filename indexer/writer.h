/*
 * writer.h -- internals of dx_writer shared by writer.c and walk.c.
 * The struct owns its database, analyzer and session.
 */
#ifndef DX_WRITER_H
#define DX_WRITER_H

#include "dxsearch.h"
#include "analyze.h"
#include "manifest.h"
#include "xdb.h"

/* Commit after this many passages written since the last commit. */
#define DX_COMMIT_EVERY 2000

/* Passages per batch of documents.  An article with more is "streamed":
 * built and written batch by batch inside one transaction, so its
 * memory stays bounded whatever its size (dx_writer__begin). */
#define DX_BATCH 128

/* Prepare mode (a worker thread of pipeline.c): dx_writer_add_text() hands
 * an article's documents to this sink instead of writing them.
 * docs[0..n) are passages first..first+n-1; `last` marks the final batch
 * (an article without passages sends one empty batch, so that its old
 * passages still get deleted).  The sink owns docs (the array and each
 * document) from the call on, even when it fails. */
typedef int (*dx_doc_sink)(void *payload, dx_xdoc **docs, size_t n,
                           size_t first, int last);

struct dx_writer {
	dx_xdb      *db;         /* NULL in prepare mode */
	dx_analyzer *an;         /* owned, except in prepare mode */
	dx_session  *ss;
	dx_buf       dict;       /* the dictionary, as the index records it
	                            (dicts.h); owned */
	size_t       pending;    /* passages since the last commit */
	int          write_failed; /* the last error came from the index,
	                              not from the input file */
	uint64_t     max_file_size; /* skip files larger than this */
	unsigned int jobs;       /* analysis threads for add_path */
	int          dirty;      /* changes since the last commit */
	int          in_article; /* an article's transaction is open */
	dx_buf       cur_key;    /* the article key of that article */
	int          cur_new;    /* it had no passages: add, not replace */
	dx_doc_sink  sink;       /* prepare mode: where documents go */
	void        *sink_payload;
	dx_index_progress_cb progress;
	void        *progress_payload;
};

/* The writer side of one article, for dx_writer_add_text() and the
 * pipeline's writer thread: begin (opens a transaction, deletes the old
 * passages; `streamed` commits first, so that abandoning the article
 * cancels nothing else), put batches of documents, end (stores the manifest
 * entry m -- NULL: "not from a file" -- in the same transaction, ends
 * it, commits every DX_COMMIT_EVERY passages).  abort cancels an open
 * article (and, as Xapian's cancel does, every change since the last
 * commit).  Failures are index failures: they set write_failed and
 * leave no article open. */
int  dx_writer__begin(dx_writer *w, const char *path, int streamed);
int  dx_writer__put(dx_writer *w, dx_xdoc *const *docs, size_t n,
                    size_t first);
int  dx_writer__end(dx_writer *w, const char *path,
                    const dx_manifest *m, size_t npassages);
void dx_writer__abort(dx_writer *w);

/* Store only the manifest entry of `path` (content unchanged). */
int  dx_writer__touch(dx_writer *w, const char *path,
                      const dx_manifest *m);

/* Remove every article whose path starts with `prefix` and is not in
 * `keep` (a sorted array of n paths, may be NULL when n is 0): those in
 * the manifest and those with a P<path> term (indexes built before the
 * manifest).  With prefix "", absolute and "../" paths are left alone.
 * Adds the count to *removed (may be NULL). */
int dx_writer__prune(dx_writer *w, const char *prefix, char **keep,
                     size_t n, size_t *removed);

/* Commit if enough passages are pending. */
int dx_writer__maybe_commit(dx_writer *w);

#endif
