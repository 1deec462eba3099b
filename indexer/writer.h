/*
 * writer.h -- internals of dx_writer shared by writer.c and walk.c.
 * The struct owns its database, analyzer and session.
 */
#ifndef DX_WRITER_H
#define DX_WRITER_H

#include "dxsearch.h"
#include "analyze.h"
#include "xdb.h"

/* Commit after this many passages written since the last commit. */
#define DX_COMMIT_EVERY 2000

struct dx_writer {
	dx_xdb      *db;
	dx_analyzer *an;
	dx_session  *ss;
	size_t       pending;    /* passages since the last commit */
	int          write_failed; /* the last error came from the index,
	                              not from the input file */
};

/* Remove every article whose path starts with `prefix` and is not in
 * `keep` (a sorted array of n paths).  Adds the count to *removed. */
int dx_writer__prune(dx_writer *w, const char *prefix, char **keep,
                     size_t n, size_t *removed);

/* Commit if enough passages are pending. */
int dx_writer__maybe_commit(dx_writer *w);

#endif
