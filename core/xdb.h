/*
 * xdb.h -- the C API over Xapian (implemented in xdb.cc, the only C++).
 *
 * No C++ exception ever leaves these functions: each Xapian error class
 * becomes a dx_code plus a message (dx_error_set), std::bad_alloc becomes
 * DX_ENOMEM, anything else DX_ERROR.
 *
 * Ownership: every dx_xdb, dx_xdoc, dx_xq and dx_xmset is owned by the
 * caller and released with its *_free()/close function (NULL accepted).
 * Bytes read out are copied into a caller-owned dx_buf.  A dx_xq may be
 * passed to dx_xq_combine() many times: combining copies (Xapian queries
 * are reference counted), so the caller still frees each part.
 *
 * Threads: one thread at a time per dx_xdb and the msets from it
 * (Xapian has no locking; an mset shares its database's internals).
 */
#ifndef DX_XDB_H
#define DX_XDB_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dx_xdb   dx_xdb;
typedef struct dx_xdoc  dx_xdoc;
typedef struct dx_xq    dx_xq;
typedef struct dx_xmset dx_xmset;

/* open flags */
#define DX_XDB_READ      0x0  /* read-only: directory or stub file */
#define DX_XDB_WRITE     0x1  /* writable; fails if missing w/o CREATE */
#define DX_XDB_CREATE    0x2  /* with WRITE: create if missing */
#define DX_XDB_WAIT_LOCK 0x4  /* with WRITE: wait for the lock */

/* Open.  DX_ENOTFOUND (no database), DX_ELOCKED (writer exists),
 * DX_ECORRUPT, DX_EIO (cannot create), DX_ERROR. */
int dx_xdb_open(dx_xdb **out, const char *path, unsigned int flags);

/* Reader: see the latest commit.  *changed (may be NULL) = 1 if it did. */
int dx_xdb_reopen(dx_xdb *db, int *changed);

/* Writer: commit pending changes (durable, visible to new readers). */
int dx_xdb_commit(dx_xdb *db);

/* Writer: group changes so they become visible together (unflushed
 * transaction: no extra commits).  Beware: cancel drops every change
 * since the last commit, not only the group's (Xapian's semantics for
 * unflushed transactions). */
int dx_xdb_begin(dx_xdb *db);
int dx_xdb_end(dx_xdb *db);
int dx_xdb_cancel(dx_xdb *db);

/* Commit (writer) and close; returns the commit's result.  Frees db
 * either way.  NULL: DX_OK. */
int dx_xdb_close(dx_xdb *db);

int dx_xdb_doccount(dx_xdb *db, uint64_t *out);
/* Documents indexed by `term` (0 if none). */
int dx_xdb_termfreq(dx_xdb *db, const char *term, size_t len, uint64_t *out);

/* User metadata.  A missing key reads as an empty buffer; setting an
 * empty value deletes the key (Xapian's rule). */
int dx_xdb_get_metadata(dx_xdb *db, const char *key, dx_buf *out);
int dx_xdb_set_metadata(dx_xdb *db, const char *key,
                        const char *val, size_t len);

/* Call cb for each term starting with `prefix` (len may be 0), in
 * order; cb returns nonzero to stop. */
int dx_xdb_allterms(dx_xdb *db, const char *prefix, size_t plen,
                    int (*cb)(void *payload, const char *term, size_t len,
                              uint64_t termfreq),
                    void *payload);

/* Call cb for each metadata key starting with `prefix` (len may be 0),
 * in byte order; cb returns nonzero to stop (< 0 is passed through).
 * The keys are collected first, so cb may set or delete metadata. */
int dx_xdb_metadata_keys(dx_xdb *db, const char *prefix, size_t plen,
                         int (*cb)(void *payload, const char *key,
                                   size_t len),
                         void *payload);

/* The synonym table's keys that start with prefix, in byte order, and
 * the values of one key; cb as for dx_xdb_allterms (nonzero stops). */
int dx_xdb_synonym_keys(dx_xdb *db, const char *prefix, size_t plen,
                        int (*cb)(void *payload, const char *key,
                                  size_t len),
                        void *payload);
int dx_xdb_synonyms(dx_xdb *db, const char *key, size_t klen,
                    int (*cb)(void *payload, const char *val, size_t len),
                    void *payload);
/* Writer: remove every value of key. */
int dx_xdb_clear_synonyms(dx_xdb *db, const char *key, size_t klen);

/* ---- documents (one per passage) ---- */
int  dx_xdoc_new(dx_xdoc **out);
void dx_xdoc_free(dx_xdoc *d);
/* Terms longer than 245 bytes or empty give DX_EINVAL. */
int  dx_xdoc_add_posting(dx_xdoc *d, const char *term, size_t len,
                         uint32_t pos, uint32_t wdf);
int  dx_xdoc_add_term(dx_xdoc *d, const char *term, size_t len,
                      uint32_t wdf);
int  dx_xdoc_add_boolean(dx_xdoc *d, const char *term, size_t len);
int  dx_xdoc_set_value(dx_xdoc *d, unsigned int slot,
                       const char *val, size_t len);
int  dx_xdoc_set_data(dx_xdoc *d, const char *data, size_t len);
/* An entry of the database's synonym table (key -> val) that is written
 * with the document by dx_xdb_replace() or dx_xdb_add(), once per key and value per open
 * writer.  Same term rules as postings. */
int  dx_xdoc_add_synonym(dx_xdoc *d, const char *key, size_t klen,
                         const char *val, size_t vlen);

/* Writer: replace the document(s) holding unique term `uniq` by d (add
 * if none). */
int dx_xdb_replace(dx_xdb *db, const char *uniq, size_t len,
                   const dx_xdoc *d);
/* Writer: add d as a new document (the caller knows that no document
 * holds its unique term: cheaper than a replace). */
int dx_xdb_add(dx_xdb *db, const dx_xdoc *d);
/* Writer: delete every document holding `term`; *n (may be NULL) gets
 * how many there were. */
int dx_xdb_delete(dx_xdb *db, const char *term, size_t len, uint64_t *n);

/* ---- queries ---- */
typedef enum {
	DX_XQ_AND, DX_XQ_OR, DX_XQ_AND_NOT, DX_XQ_AND_MAYBE, DX_XQ_FILTER,
	DX_XQ_NEAR, DX_XQ_PHRASE, DX_XQ_SYNONYM, DX_XQ_ELITE_SET, DX_XQ_MAX
} dx_xq_op;

/* A term query; pos is the query position (1-based, 0: none). */
int  dx_xq_term(dx_xq **out, const char *term, size_t len, uint32_t wqf,
                uint32_t pos);
/* Combine n subqueries with op; param is the window for NEAR/PHRASE (0:
 * the number of subqueries) or the set size for ELITE_SET. */
int  dx_xq_combine(dx_xq **out, dx_xq_op op, dx_xq *const *subs, size_t n,
                   unsigned int param);
/* Multiply q's weight by factor (>= 0). */
int  dx_xq_scale(dx_xq **out, const dx_xq *q, double factor);
/* Every term starting with prefix (at most max_expansion of them, the
 * most frequent), as one synonym. */
int  dx_xq_wildcard(dx_xq **out, const char *prefix, size_t len,
                    unsigned int max_expansion);
int  dx_xq_match_all(dx_xq **out);
int  dx_xq_match_nothing(dx_xq **out);
/* Xapian's description of q, for --explain and tests. */
int  dx_xq_describe(const dx_xq *q, dx_buf *out);
void dx_xq_free(dx_xq *q);

/* ---- search ---- */
typedef struct {
	double       k1, b, min_normlen;  /* BM25 parameters */
	int          collapse_slot;       /* value slot to collapse on; -1 */
	unsigned int collapse_max;        /* documents kept per key */
	int          by_value;            /* 1: order by value slot
	                                     sort_slot, descending, then
	                                     by relevance; 0: relevance */
	unsigned int sort_slot;
} dx_xsearch_opts;
#define DX_XSEARCH_OPTS_INIT { 1.2, 0.75, 0.5, -1, 1, 0, 0 }

/* Run q: ranked documents [first, first+max).  checkatleast as in
 * Xapian::Enquire::get_mset.  A reader overtaken by a writer
 * (DatabaseModifiedError) is reopened and the search retried. */
int dx_xdb_search(dx_xmset **out, dx_xdb *db, const dx_xq *q, size_t first,
                  size_t max, size_t checkatleast,
                  const dx_xsearch_opts *opts);
size_t   dx_xmset_size(const dx_xmset *m);
uint64_t dx_xmset_estimated(const dx_xmset *m);     /* matching (collapsed) */
uint64_t dx_xmset_uncollapsed(const dx_xmset *m);   /* before collapsing */
uint32_t dx_xmset_docid(const dx_xmset *m, size_t i);
double   dx_xmset_weight(const dx_xmset *m, size_t i);
int      dx_xmset_data(const dx_xmset *m, size_t i, dx_buf *out);
int      dx_xmset_value(const dx_xmset *m, size_t i, unsigned int slot,
                        dx_buf *out);
/* The terms of the query that document i contains (for --explain),
 * each NUL-separated into out. */
int      dx_xmset_matching_terms(const dx_xmset *m, size_t i, dx_buf *out);
void     dx_xmset_free(dx_xmset *m);

/* ---- value ranges (facet filters) ---- */

/* Documents whose value in `slot` lies in [lo, hi] (byte order).  Both
 * bounds must be non-empty (DX_EINVAL), so a document without a value
 * in the slot never matches. */
int dx_xq_value_range(dx_xq **out, unsigned int slot, const char *lo,
                      size_t lolen, const char *hi, size_t hilen);

/* Documents ids[0..n) (docids as dx_xmset_docid() gives them, any
 * order), with no weight: a filter that reads no term.  *out is NULL
 * (DX_OK) when db is a set of several databases, whose docids the
 * filter cannot map: filter by unique terms instead. */
int dx_xq_docids(dx_xq **out, dx_xdb *db, const uint32_t *ids, size_t n);

/* ---- ranking signals (query/search.c) ---- */

/* How many documents with hit i's collapse key the search collapsed
 * away (0 without collapsing, or on error).  A lower bound unless
 * checkatleast covered every match. */
uint64_t dx_xmset_collapse_count(const dx_xmset *m, size_t i);

/* Hit i's collapse key (the value in the collapse slot, kept by the
 * search: no document read), into out; empty without collapsing. */
int dx_xmset_collapse_key(const dx_xmset *m, size_t i, dx_buf *out);

/* ---- the unprefixed terms (the searcher's lexicon) ---- */

/* dx_xdb_allterms() over the terms that do not start with an uppercase
 * ASCII letter (a prefix, schema.h): the passage words.  The prefixed
 * terms (one Q term per passage, A, P, S, H, ...) are skipped in the
 * B-tree instead of walked, most of the terms of an index. */
int dx_xdb_unprefixed_terms(dx_xdb *db,
                            int (*cb)(void *payload, const char *term,
                                      size_t len, uint64_t termfreq),
                            void *payload);

/* ---- the revision a reader reads (sharing what is built from it) ---- */

/* The revision a reader reads and its database's UUID (into uuid,
 * cleared first): together they name the indexed content, also across
 * threads and handles.  DX_EINVAL for a writer. */
int dx_xdb_revision(dx_xdb *db, uint64_t *rev, dx_buf *uuid);

#ifdef __cplusplus
}
#endif

#endif
