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
	const char  *dict_dir;    /* MeCab dictionary: a folder, or "ipadic"
	                             (Debian's mecab-ipadic-utf8) or "unidic"
	                             (Debian's unidic-mecab); NULL: the one
	                             the index was built with */
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
/** Close the index and free `idx` (NULL: no-op). */
DX_EXTERN void dx_index_free(dx_index *idx);

/** Number of passages (Xapian documents) in the index, as of its latest
 *  commit (the index is reopened first).  @return DX_OK or a dx_code. */
DX_EXTERN int  dx_index_passage_count(dx_index *idx, uint64_t *out);

/**
 * What the index holds as of its latest commit (the index is reopened
 * first, as dx_search() does): its database's UUID (into uuid[0..cap),
 * NUL-terminated; 37 bytes suffice) and revision number.  The same pair
 * on any handle of the same index means the same content, so a search's
 * result can be cached under it (dxsearch serve does); a later commit
 * has a higher revision.
 * @return DX_OK; DX_EINVAL when cap is too small, or for an index of
 *         several databases (a stub file of shards: no one revision).
 */
DX_EXTERN int  dx_index_revision(dx_index *idx, uint64_t *rev, char *uuid,
                                 size_t cap);

/**
 * The revision of the index's term list that the next dx_search() on
 * idx looks query words up in, to find them inside or across longer
 * indexed words (loaded now if not yet): the first revision with the
 * terms of dx_index_revision()'s (the same or older), except for the
 * few milliseconds after a commit that changed the terms, while the new
 * term list is built in the background: searches then use the newest
 * older one and do not wait, so a word new in that commit is found
 * where it was indexed as a word of its own, but not yet inside other
 * words.  A result is complete for the pair of revisions: a cache of
 * results keys them by both (dxsearch serve does).  A later reopen
 * never goes back to an older term list.
 * @return DX_OK; DX_EINVAL for an index of several databases.
 */
DX_EXTERN int  dx_index_term_list_revision(dx_index *idx, uint64_t *rev);

/* Result order (dx_search_options.sort). */
typedef enum {
	DX_SORT_RELEVANCE = 0,    /* best match first */
	DX_SORT_DATE = 1          /* newest article date first, relevance
	                             next; articles without a date last */
} dx_sort;

typedef struct {
	unsigned int version;     /* DX_SEARCH_OPTIONS_VERSION */
	size_t       offset;      /* results to skip */
	size_t       limit;       /* results to return (0: none, count only) */
	unsigned int per_article; /* passages per article; 0: no collapsing */
	int          explain;     /* version 2: record how the query was
	                             analyzed and why each hit matched */
	int          sort;        /* version 3: a dx_sort.  Passages with
	                             every word still come before partial
	                             matches; the order applies within each.
	                             A query of filters only is always in
	                             date order. */
} dx_search_options;
#define DX_SEARCH_OPTIONS_VERSION 3
#define DX_SEARCH_OPTIONS_INIT { DX_SEARCH_OPTIONS_VERSION, 0, 10, 1, 0, \
                                 DX_SORT_RELEVANCE }

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
	/* Appended (issue 4): the article's metadata. */
	const char    *date;         /* "YYYY-MM-DD" ("YYYY-MM", "YYYY"
	                                when only those are known); NULL
	                                when the article has no date */
	const char *const *tags;     /* the article's tags, as written */
	size_t         n_tags;
} dx_hit;

/**
 * Run `query` (dxsearch query syntax: words, "phrases", -exclude, OR,
 * title:/heading: fields, prefix*, and the filters path:, tag: and
 * date:; see the README).
 * Each call sees the index's latest commit: the index is reopened, and a
 * read overtaken by a concurrent writer is retried once (DX_EMODIFIED if
 * it happens again: retry the call).
 * @return DX_OK (also with no hits); DX_EQUERY for an empty query.
 * The caller owns *out and frees it with dx_result_free().
 */
DX_EXTERN int dx_search(dx_result **out, dx_index *idx, const char *query,
                        size_t query_len, const dx_search_options *opts);
/*
 * The hits: dx_result_count() of them; dx_result_hit(res, i) for
 * i < count (NULL past the end), borrowed from `res` and valid until
 * dx_result_free(); dx_result_total() the estimated number of matching
 * passages; dx_result_took_ms() the time the search took;
 * dx_result_unquoted() nonzero when the query with its quoted phrases
 * found nothing (filters and exclusions included) and the hits are for
 * the phrases' words instead (as if unquoted).
 * A dx_result is not tied to its index's thread.  All accept NULL
 * (count 0).
 */
DX_EXTERN size_t        dx_result_count(const dx_result *res);
DX_EXTERN const dx_hit *dx_result_hit(const dx_result *res, size_t i);
DX_EXTERN uint64_t      dx_result_total(const dx_result *res);
DX_EXTERN double        dx_result_took_ms(const dx_result *res);
DX_EXTERN int           dx_result_unquoted(const dx_result *res);
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

/**
 * Romaji to hiragana, to search by reading from a keyboard without a
 * Japanese IME: Hepburn, kunrei-shiki and the usual IME spellings
 * (kyousou, kyôsô, shimbun, sinbun, kon'ya, matcha, sa-ba-) become
 * きょうそう, きょうそう, しんぶん, しんぶん, こんや, まっちゃ, さーばー.  Query
 * syntax stays: OR, -word, "quotes", a field name before ':' and
 * non-letters are kept.  The caller frees *out with dx_free().
 * @return DX_OK; DX_EQUERY when a word is not romaji (the message names
 *         it).
 */
DX_EXTERN int dx_romaji_to_kana(const char *romaji, char **out);

/** {"query": …, "error": {"code": …, "message": …}} for a failed query;
 *  caller frees with dx_free(). */
DX_EXTERN char *dx_error_json(const char *query, int code,
                              const char *message);

/* ---- indexing ------------------------------------------------------ */

typedef struct dx_writer dx_writer;

/* Files larger than this are skipped unless max_file_size says more. */
#define DX_MAX_FILE_SIZE_DEFAULT ((uint64_t)20 * 1024 * 1024)

typedef struct {
	unsigned int version;     /* DX_WRITER_OPTIONS_VERSION */
	const char  *dict_dir;    /* as in dx_options; NULL: the one the
	                             index was built with, "ipadic" for a new
	                             index.  The index records it; another
	                             one than it was built with is DX_ESTALE
	                             unless rebuild */
	int          rebuild;     /* 1: drop all documents first (also
	                             clears a DX_ESTALE index) */
	/* version 2 */
	int          wait;        /* 1: wait for another writer to finish
	                             instead of failing with DX_ELOCKED */
	int          no_create;   /* 1: DX_ENOTFOUND if there is no index */
	unsigned int jobs;        /* analysis threads of dx_writer_add_path;
	                             0: one per online CPU */
	uint64_t     max_file_size; /* bytes; 0: DX_MAX_FILE_SIZE_DEFAULT */
} dx_writer_options;
#define DX_WRITER_OPTIONS_VERSION 2
#define DX_WRITER_OPTIONS_INIT { DX_WRITER_OPTIONS_VERSION, NULL, 0, 0, 0, \
                                 0, 0 }

/**
 * Open (creating if needed) the index at `path` for writing.
 * @return DX_OK; DX_ELOCKED if another writer holds it (message: "index
 *         is locked by another indexer"); DX_ESTALE if it was built with
 *         another analyzer (use rebuild); DX_EIO if it cannot be written
 *         (read-only file system, permissions).
 * The caller owns *out and ends it with dx_writer_close().  opts with
 * version 1 are accepted (the version 2 fields then take their
 * defaults).
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
 *  `path`.  The format comes from the file name's extension; the
 *  encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM,
 *  Shift_JIS/CP932, EUC-JP, ISO-2022-JP; an HTML <meta> charset is
 *  honoured) and invalid bytes become U+FFFD. */
DX_EXTERN int dx_writer_add_file(dx_writer *w, const char *fs_path,
                                 const char *path, size_t *npassages);

/* How a file was decoded (dx_writer_add_file_ex). */
typedef struct {
	const char *encoding;  /* "UTF-8", "UTF-8 (BOM)", "UTF-16LE",
	                          "UTF-16BE", "CP932", "EUC-JP" or
	                          "ISO-2022-JP" (static); NULL if the file
	                          was not read and decoded */
	size_t      invalid;   /* invalid byte sequences replaced by U+FFFD */
} dx_file_info;

/** dx_writer_add_file() that also fills `info` (may be NULL), also when
 *  the file fails after decoding. */
DX_EXTERN int dx_writer_add_file_ex(dx_writer *w, const char *fs_path,
                                    const char *path, size_t *npassages,
                                    dx_file_info *info);

/* Why dx_writer_add_path() skipped a file (append only). */
typedef enum {
	DX_SKIP_BINARY,       /* NUL bytes (and no UTF-16 byte order mark) */
	DX_SKIP_EMPTY,        /* 0 bytes */
	DX_SKIP_TOO_LARGE,    /* over max_file_size */
	DX_SKIP_UNREADABLE,   /* permission denied, I/O error, vanished */
	DX_SKIP_BROKEN_LINK,  /* symbolic link to nothing */
	DX_SKIP_LINK_LOOP,    /* symbolic link loop, or a link to a folder
	                         that contains it */
	DX_SKIP_BAD_NAME,     /* file or folder name is not UTF-8 */
	DX_SKIP_NOT_REGULAR,  /* device, FIFO, socket, or a symbolic link
	                         to a folder (not followed) */
	DX_SKIP_FAILED,       /* read but could not be decoded or parsed */
	DX_SKIP_COUNT
} dx_skip_reason;

/** Stable short name of a dx_skip_reason ("binary", "empty",
 *  "too_large", "unreadable", "broken_link", "link_loop", "bad_name",
 *  "not_regular", "failed"), or "unknown". */
DX_EXTERN const char *dx_skip_reason_name(int reason);

/* What dx_writer_add_path() did. */
typedef struct {
	size_t indexed;    /* files indexed */
	size_t skipped;    /* files skipped (reported through the callback) */
	size_t removed;    /* articles pruned: their files are gone */
	size_t passages;   /* passages written */
	/* Appended (issue 3).  The caller allocates this struct: a program
	 * built against an older dxsearch.h must be rebuilt. */
	size_t unchanged;  /* files left as they were: same size and
	                      modification time, or same content hash */
	uint64_t bytes;    /* bytes of the files indexed */
	size_t skipped_by[DX_SKIP_COUNT];  /* skipped, per dx_skip_reason */
} dx_index_summary;

/* Called for each file skipped or failed (code < 0), with a one-line
 * reason, and for each file indexed (code == DX_OK, message: its
 * encoding as in dx_file_info, or NULL).  A file indexed with a problem
 * worth a warning (invalid bytes replaced) first gets a report with code
 * DX_REPORT_WARNING and a one-line message.
 * Always from the thread that called dx_writer_add_path(), in walk
 * order (problems found while walking come before the files read). */
typedef void (*dx_index_report_cb)(void *payload, const char *path,
                                   int code, const char *message);
#define DX_REPORT_WARNING 1   /* report code: indexed, with a warning */

/**
 * Index a file, or a directory tree (its .md, .markdown, .html, .htm,
 * .txt and .text files, in name order), storing paths as reached from
 * `path`.
 *
 * Incremental: a file whose size and modification time match the
 * index's manifest is not read; one whose content hash matches only has
 * its manifest entry updated.  Changed files are read, extracted and
 * analyzed by `jobs` threads; one thread (the caller's) writes, in walk
 * order, so runs are reproducible.  For a directory, articles previously
 * indexed under it whose files are gone, or can no longer be indexed,
 * are removed.  Symbolic links to files are followed, links to folders
 * are not; hidden entries (".name") are ignored.
 *
 * A file that cannot be indexed is reported, counted in skipped_by and
 * skipped: the return is DX_OK unless the index itself fails (disk
 * full, read-only: DX_EIO), or `path` does not exist (DX_ENOTFOUND).
 * Each article is written atomically together with its manifest entry,
 * and changes are committed in batches, so an interrupted run leaves
 * the last commit readable and a re-run completes the job.
 */
DX_EXTERN int dx_writer_add_path(dx_writer *w, const char *path,
                                 dx_index_summary *sum,
                                 dx_index_report_cb cb, void *payload);

/* Progress of dx_writer_add_path() over the files it has to read (not
 * those left unchanged). */
typedef struct {
	size_t   files_done, files_total;
	uint64_t bytes_done, bytes_total;
} dx_index_progress;
typedef void (*dx_index_progress_cb)(void *payload,
                                     const dx_index_progress *p);

/** Call cb (from the thread of dx_writer_add_path()) when the walk is
 *  done and after each file read; NULL: none.  The caller throttles. */
DX_EXTERN void dx_writer_set_progress(dx_writer *w, dx_index_progress_cb cb,
                                      void *payload);

/** The MeCab dictionary `w` analyzes with, as the index records it:
 *  "ipadic", "unidic" or an absolute folder.  Borrowed from `w`. */
DX_EXTERN const char *dx_writer_dict(const dx_writer *w);

/** Remove the article stored as `path`; DX_ENOTFOUND if absent. */
DX_EXTERN int dx_writer_remove(dx_writer *w, const char *path);

/** Remove every article stored under folder `dir` ("dir/..."); *removed
 *  (may be NULL) gets how many.  No article is not an error. */
DX_EXTERN int dx_writer_remove_under(dx_writer *w, const char *dir,
                                     size_t *removed);

/** Make the changes so far durable and visible to readers. */
DX_EXTERN int dx_writer_commit(dx_writer *w);

/** Commit, release the lock and free `w` (NULL: no-op).  Returns the
 *  commit's result; `w` is freed either way. */
DX_EXTERN int dx_writer_close(dx_writer *w);

/* ---- the user dictionary ------------------------------------------- */

/*
 * Domain words that MeCab should keep whole (官民共創, kintone).  A user
 * dictionary is a folder with user.csv (MeCab's CSV format, surfaces
 * normalized as the analyzer does: ＤＸ → dx) and user.dic, compiled from
 * it against the pinned IPADIC.  Indexing and searching load the same
 * one: $DXSEARCH_USERDIC (a folder; "none": no user dictionary), else
 * the installed <datadir>/dxsearch, else the build tree's dict/ (a build
 * run in place).  It is part of the analyzer fingerprint: an index built
 * with another user dictionary is DX_ESTALE until re-indexed with
 * rebuild.  It is used with IPADIC only: an index built with another
 * dictionary (UniDic) does without it.
 */

/** The folder of the user dictionary in use into *dir ("" when none);
 *  the caller frees it with dx_free().  @return DX_OK. */
DX_EXTERN int dx_userdic_dir(char **dir);

/** Compile dir/user.csv into dir/user.dic (NULL dir: the one in use)
 *  with mecab-dict-index; the old user.dic stays until the new one is
 *  complete.  @return DX_OK; DX_EDICT with the compiler's message. */
DX_EXTERN int dx_userdic_build(const char *dir);

/**
 * Add `word` as a noun (名詞,固有名詞,一般) to dir/user.csv (NULL dir: the
 * one in use; created, starting from the shipped word list, if missing)
 * and rebuild dir/user.dic.  The word is normalized as the analyzer does;
 * `reading` is kana (NULL: from IPADIC's readings of the word's parts).
 * Its cost is the highest at which MeCab keeps it whole, alone and
 * between particles, less a margin.  *line (may be NULL) gets the CSV
 * line added, or NULL when the word was already there (nothing changed);
 * free it with dx_free().
 * @return DX_OK; DX_EINVAL for a word with spaces, commas or quotes.
 */
DX_EXTERN int dx_userdic_add(const char *dir, const char *word,
                             const char *reading, char **line);

/* ---- statistics ---------------------------------------------------- */

typedef struct {
	uint64_t articles;    /* articles (files) in the index */
	uint64_t passages;    /* passages (Xapian documents) */
	uint64_t terms;       /* distinct searchable terms (the vocabulary
	                         of passage text; title, heading and
	                         bookkeeping terms are not counted) */
	uint64_t size_bytes;  /* bytes of the index's files on disk */
	char    *updated;     /* UTC time of the last commit that changed
	                         the index, "YYYY-MM-DDTHH:MM:SSZ"; "" if
	                         unknown */
	char    *schema;      /* index schema version; "" if none */
	char    *dictionary;  /* the analyzer and dictionary fingerprint
	                         the index was built with; "" if none */
	char    *encodings;   /* the source encodings detected, one line
	                         "NAME COUNT\n" each (articles), most
	                         articles first; "" if none recorded */
} dx_index_stats;

/**
 * Read the statistics of the index at `path` (directory or stub file)
 * without loading the analyzer, so it works on a stale index too.
 * @return DX_OK; DX_ENOTFOUND when there is no index.
 * The strings are owned by *out: release with dx_index_stats_free().
 */
DX_EXTERN int  dx_index_stats_read(dx_index_stats *out, const char *path);
DX_EXTERN void dx_index_stats_free(dx_index_stats *st);

/**
 * The MeCab dictionary the index at `path` was built with, which
 * dx_index_open() loads when not told otherwise, into *dict: "ipadic",
 * "unidic" or an absolute folder ("ipadic" for an index that records
 * none: built before dictionaries were recorded).  Read without loading
 * the analyzer.  The caller frees *dict with dx_free().
 * @return DX_OK; DX_ENOTFOUND when there is no index.
 */
DX_EXTERN int  dx_index_dict_read(const char *path, char **dict);

#ifdef __cplusplus
}
#endif

#endif /* DXSEARCH_H */
