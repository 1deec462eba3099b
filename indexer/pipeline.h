/*
 * pipeline.h -- parallel analysis for dx_writer_add_path(): worker
 * threads read, hash, decode, extract and analyze files into ready-built
 * Xapian documents; the calling thread is the one writer and applies
 * the results in job order, so a run is reproducible whatever the
 * thread count.
 *
 * Threads: the workers share the writer's dx_analyzer (the MeCab model,
 * read-only) and each has its own dx_session (tagger + lattice) and a
 * dx_writer in prepare mode (no database).  Only the calling thread
 * touches the dx_xdb (xdb.h's rule).
 *
 * Memory is bounded whatever the corpus: at most 2 * threads + 2 jobs
 * are in flight, and each holds at most 2 batches of DX_BATCH
 * documents (a long article is streamed batch by batch).
 *
 * Ownership: the caller owns the jobs; a job's message is owned by the
 * pipeline and valid during the done callback only.
 */
#ifndef DX_PIPELINE_H
#define DX_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.h"
#include "writer.h"

typedef enum {
	DX_JOB_INDEXED = 1,   /* read and written (with its manifest) */
	DX_JOB_TOUCHED,       /* same content: only the manifest updated */
	DX_JOB_SKIPPED,       /* reason/code/message say why */
	DX_JOB_FATAL          /* out of memory: the run stops */
} dx_job_outcome;

typedef struct {
	/* set by the caller */
	const char  *fs_path;    /* where to read it (borrowed) */
	const char  *path;       /* the stored path (borrowed) */
	uint64_t     size;       /* size seen by the walk */
	int          has_old;    /* old holds the manifest entry */
	dx_manifest  old;
	/* set by the pipeline before the done callback */
	int          outcome;    /* dx_job_outcome */
	int          reason;     /* dx_skip_reason, when skipped */
	int          code;       /* dx_code, when skipped */
	char        *message;    /* one-line reason, when skipped */
	dx_manifest  now;        /* size, mtime and hash read */
	size_t       passages;
	dx_file_info info;       /* encoding found, bytes replaced */
} dx_job;

/* Called in the calling thread, in job order, once a job's changes are
 * applied (not yet committed). */
typedef void (*dx_job_done_cb)(void *payload, dx_job *job);

/* Run jobs[0..n) with `threads` workers (at least 1).  Returns DX_OK, or
 * the first index failure (the run stops there; no article is left
 * open) or DX_ENOMEM. */
int dx_pipeline_run(dx_writer *w, dx_job *jobs, size_t n,
                    unsigned int threads, dx_job_done_cb done,
                    void *payload);

#endif
