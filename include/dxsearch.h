/*
 * dxsearch.h -- the public C API of dxsearch, full-text search for
 * Japanese articles (MeCab + Xapian).
 *
 * Conventions
 *  - Fallible calls return int: DX_OK (0) or a negative dx_code.  The
 *    return code is the truth; dx_error_last() gives a thread-local
 *    message for the last failure on this thread (never NULL).
 *  - Handles are opaque.  The caller owns what a `**out` parameter
 *    returns and releases it with the matching *_free() (which accepts
 *    NULL).  A failed constructor sets *out = NULL.
 *  - Pointers returned directly (dx_hit fields, dx_result_hit()) are
 *    borrowed from their parent and valid until it is freed.
 *  - Text is UTF-8.
 *
 * Thread safety: a dx_index may be used by one thread at a time; open one
 * per thread to search concurrently.  A dx_writer holds the index's write
 * lock; one writer per index at a time (a second gets DX_ELOCKED).
 */
#ifndef DXSEARCH_H
#define DXSEARCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DX_EXTERN __attribute__((visibility("default")))
#else
#define DX_EXTERN
#endif

/* ---- errors -------------------------------------------------------- */

typedef enum {                /* append only; never renumber */
	DX_OK = 0,
	DX_ERROR = -1,            /* generic failure: see dx_error_last() */
	DX_ENOTFOUND = -2,        /* index, file or document does not exist */
	DX_ELOCKED = -3,          /* another writer holds the index */
	DX_EDICT = -4,            /* dictionary missing, wrong or mismatched */
	DX_EQUERY = -5,           /* the query cannot be run (e.g. empty) */
	DX_EINVAL = -6,           /* invalid argument */
	DX_ENOMEM = -7,           /* out of memory */
	DX_ESTALE = -8,           /* index built by another analyzer/schema */
	DX_EMODIFIED = -9,        /* index changed under a reader; retry */
	DX_ECORRUPT = -10,        /* index data is damaged */
	DX_EIO = -11,             /* read/write failure (disk, permissions) */
	DX_ITEROVER = -31         /* end of iteration: not a failure */
} dx_code;

/** Message for the last error on this thread; never NULL. */
DX_EXTERN const char *dx_error_last(void);

/** Fixed description of a dx_code; never NULL. */
DX_EXTERN const char *dx_strerror(int code);

/** Stable short name of a dx_code for scripts, e.g. "invalid_query". */
DX_EXTERN const char *dx_code_name(int code);

/** Library version string, e.g. "0.1.0". */
DX_EXTERN const char *dx_version(void);

/** Free memory that dxsearch returned as a plain pointer (NULL: no-op). */
DX_EXTERN void dx_free(void *p);

/* ---- options ------------------------------------------------------- */

typedef struct {
	unsigned int version;     /* DX_OPTIONS_VERSION */
	const char  *dict_dir;    /* MeCab dictionary dir; NULL: pinned IPADIC */
} dx_options;
#define DX_OPTIONS_VERSION 1
#define DX_OPTIONS_INIT { DX_OPTIONS_VERSION, NULL }

/* ---- searching ----------------------------------------------------- */

typedef struct dx_index  dx_index;   /* an open index + its analyzer */
typedef struct dx_result dx_result;  /* the ranked hits of one query */

/**
 * Open the index at `path` (a Xapian database directory or stub file)
 * for searching.
 * @return DX_OK; DX_ENOTFOUND when there is no index; DX_ESTALE when it
 *         was built by another analyzer or schema (re-index it); DX_EDICT
 *         when the dictionary cannot be loaded.
 * The caller owns *out and frees it with dx_index_free().
 */
DX_EXTERN int  dx_index_open(dx_index **out, const char *path,
                             const dx_options *opts);
DX_EXTERN void dx_index_free(dx_index *idx);

/** Number of passages (Xapian documents) in the index. */
DX_EXTERN int  dx_index_passage_count(dx_index *idx, uint64_t *out);

typedef struct {
	unsigned int version;     /* DX_SEARCH_OPTIONS_VERSION */
	size_t       offset;      /* results to skip */
	size_t       limit;       /* results to return (0: none, count only) */
	unsigned int per_article; /* passages per article; 0: no collapsing */
	int          explain;     /* version 2: record how the query was
	                             analyzed and why each hit matched */
} dx_search_options;
#define DX_SEARCH_OPTIONS_VERSION 2
#define DX_SEARCH_OPTIONS_INIT { DX_SEARCH_OPTIONS_VERSION, 0, 10, 1, 0 }

typedef struct {
	size_t start, end;        /* UTF-8 byte range [start, end) in text */
} dx_span;

/* One ranked passage.  Every pointer is borrowed from its dx_result. */
typedef struct {
	unsigned int   rank;         /* 1-based, counting from offset + 1 */
	double         score;        /* relevance weight */
	const char    *path;         /* as reached from the path indexed */
	const char    *url;          /* NULL when unknown */
	const char    *title;        /* article title ("" if none) */
	const char    *heading;      /* passage heading ("" if none) */
	const char    *anchor;       /* heading id for url#anchor, or "" */
	unsigned int   passage;      /* 0-based passage number in article */
	const char    *text;         /* passage as plain text, NUL-ended */
	size_t         text_len;
	const char    *snippet;      /* HTML-escaped excerpt with <mark> */
	const dx_span *highlights;   /* matched ranges in text, sorted */
	size_t         n_highlights;
} dx_hit;

/**
 * Run `query` (dxsearch query syntax: words, "phrases", -exclude, OR).
 * @return DX_OK (also with no hits); DX_EQUERY for an empty query.
 * The caller owns *out and frees it with dx_result_free().
 */
DX_EXTERN int dx_search(dx_result **out, dx_index *idx, const char *query,
                        size_t query_len, const dx_search_options *opts);
DX_EXTERN size_t        dx_result_count(const dx_result *res);
DX_EXTERN const dx_hit *dx_result_hit(const dx_result *res, size_t i);
DX_EXTERN uint64_t      dx_result_total(const dx_result *res);
DX_EXTERN double        dx_result_took_ms(const dx_result *res);
DX_EXTERN void          dx_result_free(dx_result *res);

/**
 * The JSON of DESIGN.md's result contract for `res`, as one line with no
 * trailing newline.  `query` is echoed as given.  Caller frees with
 * dx_free().
 */
DX_EXTERN char *dx_result_json(const dx_result *res, const char *query);

/**
 * With the explain option: a JSON object (normalized query, items with
 * their tokens and groups, the Xapian query of each tier, and per hit the
 * terms that matched with their weights), or lines of text for a
 * terminal.  NULL without the option.  Borrowed from `res`.
 * dx_result_json() includes the object as "explain".
 */
DX_EXTERN const char *dx_result_explain(const dx_result *res);
DX_EXTERN const char *dx_result_explain_text(const dx_result *res);

/** {"query": …, "error": {"code": …, "message": …}} for a failed query;
 *  caller frees with dx_free(). */
DX_EXTERN char *dx_error_json(const char *query, int code,
                              const char *message);

/* ---- indexing ------------------------------------------------------ */

typedef struct dx_writer dx_writer;

typedef struct {
	unsigned int version;     /* DX_WRITER_OPTIONS_VERSION */
	const char  *dict_dir;    /* NULL: pinned IPADIC */
	int          rebuild;     /* 1: drop all documents first (also
	                             clears a DX_ESTALE index) */
} dx_writer_options;
#define DX_WRITER_OPTIONS_VERSION 1
#define DX_WRITER_OPTIONS_INIT { DX_WRITER_OPTIONS_VERSION, NULL, 0 }

/**
 * Open (creating if needed) the index at `path` for writing.
 * @return DX_OK; DX_ELOCKED if another writer holds it; DX_ESTALE if it
 *         was built with another analyzer (use rebuild).
 * The caller owns *out and ends it with dx_writer_close().
 */
DX_EXTERN int dx_writer_open(dx_writer **out, const char *path,
                             const dx_writer_options *opts);

/**
 * Add or replace one article from text.  `path` identifies the article
 * (re-adding the same path replaces its passages); `format` is "md",
 * "html" or "txt".  `npassages`, if not NULL, receives the passage count.
 */
DX_EXTERN int dx_writer_add_text(dx_writer *w, const char *path,
                                 const char *format, const char *text,
                                 size_t len, size_t *npassages);

/** Add or replace the article read from file `fs_path`, stored as
 *  `path`.  The format comes from the file name's extension. */
DX_EXTERN int dx_writer_add_file(dx_writer *w, const char *fs_path,
                                 const char *path, size_t *npassages);

/* What dx_writer_add_path() did. */
typedef struct {
	size_t indexed;    /* files indexed */
	size_t skipped;    /* files skipped (reported through the callback) */
	size_t removed;    /* articles pruned: their files are gone */
	size_t passages;   /* passages written */
} dx_index_summary;

/* Called for each file skipped or failed (code < 0), with a one-line
 * reason, and for each file indexed (code == DX_OK, message NULL). */
typedef void (*dx_index_report_cb)(void *payload, const char *path,
                                   int code, const char *message);

/**
 * Index a file, or a directory tree (its .md, .markdown, .html, .htm,
 * .txt and .text files, in name order), storing paths as reached from
 * `path`.  For a directory, articles previously indexed under it whose
 * files are gone are removed.  A file that cannot be read or parsed is
 * reported and skipped: the return is DX_OK unless the index itself
 * fails (or `path` does not exist: DX_ENOTFOUND).  Commits in batches.
 */
DX_EXTERN int dx_writer_add_path(dx_writer *w, const char *path,
                                 dx_index_summary *sum,
                                 dx_index_report_cb cb, void *payload);

/** Remove the article stored as `path`; DX_ENOTFOUND if absent. */
DX_EXTERN int dx_writer_remove(dx_writer *w, const char *path);

/** Make the changes so far durable and visible to readers. */
DX_EXTERN int dx_writer_commit(dx_writer *w);

/** Commit, release the lock and free `w` (NULL: no-op).  Returns the
 *  commit's result; `w` is freed either way. */
DX_EXTERN int dx_writer_close(dx_writer *w);

#ifdef __cplusplus
}
#endif

#endif /* DXSEARCH_H */
