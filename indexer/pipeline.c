/*
 * pipeline.c -- worker threads and the one writer (pipeline.h).
 *
 * The jobs in flight sit in a ring of slots, in job order.  The writer
 * (the calling thread) queues jobs at the tail, and applies the slot at
 * the head: each batch of documents as it arrives, then the job's
 * outcome once its worker is done.  Workers claim slots in order, so the
 * head is always claimed before any later slot, and a worker only ever
 * waits for room in its own slot, which the writer drains: no deadlock.
 *
 *   worker:  open, fstat, read (bounded), XXH3 hash
 *            same size and hash as the manifest   -> TOUCHED
 *            NUL bytes without a UTF-16 BOM       -> SKIPPED binary
 *            dx_writer_add_file_ex() in prepare mode (decoding,
 *            extraction, passages, analysis)     -> batches, INDEXED
 *   writer:  first batch: dx_writer__begin(); each: dx_writer__put();
 *            INDEXED: dx_writer__end() with the new manifest entry;
 *            TOUCHED: dx_writer__touch(); SKIPPED after a batch: abort.
 *            Written batches go to a list that the workers free.
 *
 * The file is read twice when it changed (once here for the hash and
 * the checks, once by dx_writer_add_file_ex(), which owns decoding); the
 * second read comes from the page cache.
 */
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "decode.h"
#include "errors.h"

#define MAX_BATCHES 2   /* per slot, waiting for the writer */

typedef struct batch {
	dx_xdoc     **docs;
	size_t        n, first;
	int           last;
	struct batch *next;
} batch;

typedef struct {
	dx_job *job;
	int     done;      /* the worker has finished with it */
	int     started;   /* writer: dx_writer__begin() was called */
	batch  *head, *tail;
	size_t  nbatches;
} slot;

typedef struct pipe_s pipe_s;

typedef struct {
	pipe_s    *p;
	pthread_t  tid;
	int        running;
	dx_writer  pw;     /* prepare mode: sink = this worker's slot */
	slot      *cur;
} worker;

struct pipe_s {
	pthread_mutex_t mu;
	pthread_cond_t  cv_work;   /* workers: a job, room, or stop */
	pthread_cond_t  cv_write;  /* writer: a batch or a finished job */
	slot           *ring;
	size_t          cap;
	size_t          head, tail, claim;   /* job numbers */
	dx_job         *jobs;
	size_t          njobs;
	int             stop;
	batch          *dead;      /* written batches, for a worker to free */
};

/* ---- worker side ----------------------------------------------------- */

static void free_batch(batch *b);

/* Take the written batches (with the lock held); free them after
 * unlocking with free_dead().  Freeing a document is a good part of the
 * cost of writing it, and the writer is the pipeline's bottleneck: the
 * workers free them instead. */
static batch *take_dead(pipe_s *p)
{
	batch *d = p->dead;

	p->dead = NULL;
	return d;
}

static void free_dead(batch *d)
{
	while (d) {
		batch *next = d->next;

		free_batch(d);
		d = next;
	}
}

static int skip(dx_job *j, int reason, int code, const char *fmt, ...)
	DX_PRINTF(4, 5);

static int skip(dx_job *j, int reason, int code, const char *fmt, ...)
{
	va_list ap;
	dx_buf b = DX_BUF_INIT;
	char tmp[1024];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	dx_buf_puts(&b, tmp);
	j->outcome = DX_JOB_SKIPPED;
	j->reason = reason;
	j->code = code;
	free(j->message);
	j->message = dx_buf_detach(&b);
	return code;
}

/* Read the file whole (at most max bytes) and fill j->now.  DX_OK, or a
 * skip recorded in j. */
static int read_checked(dx_buf *b, dx_job *j, uint64_t max)
{
	struct stat st;
	ssize_t got;
	int fd, e;

	fd = open(j->fs_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ELOOP)
			return skip(j, DX_SKIP_LINK_LOOP, DX_EIO,
			            "symbolic link loop");
		if (e == ENOENT)
			return skip(j, DX_SKIP_UNREADABLE, DX_ENOTFOUND,
			            "file vanished during indexing");
		return skip(j, DX_SKIP_UNREADABLE, DX_EIO, "cannot read: %s",
		            strerror(e));
	}
	if (fstat(fd, &st) != 0) {
		e = errno;
		close(fd);
		return skip(j, DX_SKIP_UNREADABLE, DX_EIO, "cannot read: %s",
		            strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return skip(j, DX_SKIP_NOT_REGULAR, DX_EINVAL,
		            "not a regular file");
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return skip(j, DX_SKIP_TOO_LARGE, DX_EINVAL,
		            "file too large (%llu bytes, limit %llu)",
		            (unsigned long long)st.st_size,
		            (unsigned long long)max);
	}
	dx_buf_grow(b, (size_t)st.st_size + 1);
	for (;;) {
		if (b->cap - b->len < 2)
			dx_buf_grow(b, 65536);
		got = read(fd, b->ptr + b->len, b->cap - b->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e = errno;
			close(fd);
			return skip(j, DX_SKIP_UNREADABLE, DX_EIO,
			            "cannot read: %s", strerror(e));
		}
		if (got == 0)
			break;
		b->len += (size_t)got;
		if (b->len > max) {   /* it grew while we read */
			close(fd);
			return skip(j, DX_SKIP_TOO_LARGE, DX_EINVAL,
			            "file too large (over %llu bytes)",
			            (unsigned long long)max);
		}
	}
	close(fd);
	b->ptr[b->len] = '\0';
	if (b->len == 0)
		return skip(j, DX_SKIP_EMPTY, DX_EINVAL, "empty file");
	j->now.size = b->len;
	j->now.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
	                  st.st_mtim.tv_nsec;
	j->now.hash = dx_content_hash(b->ptr, b->len);
	return DX_OK;
}

/* Why dx_writer_add_file() refused a file, as a skip reason. */
static int classify(int code, const char *msg)
{
	if (code == DX_EIO || code == DX_ENOTFOUND)
		return DX_SKIP_UNREADABLE;
	if (strstr(msg, "binary"))
		return DX_SKIP_BINARY;
	if (strstr(msg, "larger than") || strstr(msg, "too large"))
		return DX_SKIP_TOO_LARGE;
	return DX_SKIP_FAILED;
}

static void process(worker *wk, dx_job *j)
{
	dx_buf b = DX_BUF_INIT;
	const char *msg;
	size_t n = 0, plen;
	int error;

	error = read_checked(&b, j, wk->pw.max_file_size);
	if (error == DX_OK && j->has_old && j->old.size == j->now.size &&
	    j->old.hash == j->now.hash) {
		memcpy(j->now.encoding, j->old.encoding,
		       sizeof(j->now.encoding));
		j->outcome = DX_JOB_TOUCHED;
		dx_buf_free(&b);
		return;
	}
	if (error == DX_OK && dx_decode_is_binary(b.ptr, b.len))
		skip(j, DX_SKIP_BINARY, DX_EINVAL, "binary file (NUL bytes)");
	dx_buf_free(&b);   /* before the analysis: bounded memory */
	if (j->outcome == DX_JOB_SKIPPED)
		return;

	error = dx_writer_add_file_ex(&wk->pw, j->fs_path, j->path, &n,
	                              &j->info);
	if (error == DX_OK) {
		j->outcome = DX_JOB_INDEXED;
		j->passages = n;
		if (j->info.encoding)
			snprintf(j->now.encoding, sizeof(j->now.encoding),
			         "%s", j->info.encoding);
		return;
	}
	if (error == DX_ENOMEM) {
		j->outcome = DX_JOB_FATAL;
		j->code = error;
		free(j->message);
		j->message = dx_xstrdup(dx_error_last());
		return;
	}
	/* The message often starts with the file name: drop it. */
	msg = dx_error_last();
	plen = strlen(j->fs_path);
	if (strncmp(msg, j->fs_path, plen) == 0 && msg[plen] == ':' &&
	    msg[plen + 1] == ' ')
		msg += plen + 2;
	skip(j, classify(error, msg), error, "%s", msg);
}

/* The prepare-mode writer's sink: queue a batch in the worker's slot,
 * waiting while the slot already holds MAX_BATCHES. */
static int sink(void *payload, dx_xdoc **docs, size_t n, size_t first,
                int last)
{
	worker *wk = payload;
	pipe_s *p = wk->p;
	slot *s = wk->cur;
	batch *b, *dead;
	size_t i;

	pthread_mutex_lock(&p->mu);
	while (!p->stop && s->nbatches >= MAX_BATCHES)
		pthread_cond_wait(&p->cv_work, &p->mu);
	dead = take_dead(p);
	if (p->stop) {
		pthread_mutex_unlock(&p->mu);
		free_dead(dead);
		for (i = 0; i < n; i++)
			dx_xdoc_free(docs[i]);
		free(docs);
		return dx_error_set(DX_ERROR, "indexing stopped");
	}
	b = dx_xcalloc(1, sizeof(*b));
	b->docs = docs;
	b->n = n;
	b->first = first;
	b->last = last;
	if (s->tail)
		s->tail->next = b;
	else
		s->head = b;
	s->tail = b;
	s->nbatches++;
	pthread_cond_signal(&p->cv_write);
	pthread_mutex_unlock(&p->mu);
	free_dead(dead);
	return DX_OK;
}

static void *worker_main(void *arg)
{
	worker *wk = arg;
	pipe_s *p = wk->p;
	slot *s;
	batch *dead;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->claim >= p->tail)
			pthread_cond_wait(&p->cv_work, &p->mu);
		if (p->stop)
			break;
		s = &p->ring[p->claim % p->cap];
		p->claim++;
		dead = take_dead(p);
		pthread_mutex_unlock(&p->mu);
		free_dead(dead);

		wk->cur = s;
		process(wk, s->job);

		pthread_mutex_lock(&p->mu);
		s->done = 1;
		pthread_cond_signal(&p->cv_write);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* ---- writer side ----------------------------------------------------- */

static void free_batch(batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		dx_xdoc_free(b->docs[i]);
	free(b->docs);
	free(b);
}

static int apply(dx_writer *w, slot *s, batch *b)
{
	int error = DX_OK;

	if (b->first == 0 && !s->started) {
		if ((error = dx_writer__begin(w, s->job->path, !b->last)) < 0)
			return error;
		s->started = 1;
	}
	return dx_writer__put(w, b->docs, b->n, b->first);
}

/* The worker is done and every batch applied: finish the job. */
static int finish(dx_writer *w, slot *s)
{
	dx_job *j = s->job;

	switch (j->outcome) {
	case DX_JOB_INDEXED:
		if (!s->started)   /* cannot happen: one batch at least */
			return dx_error_set(DX_ERROR, "%s: no documents",
			                    j->path);
		s->started = 0;
		return dx_writer__end(w, j->path, &j->now, j->passages);
	case DX_JOB_TOUCHED:
		return dx_writer__touch(w, j->path, &j->now);
	case DX_JOB_FATAL:
		if (s->started)
			dx_writer__abort(w);
		s->started = 0;
		return dx_error_set(j->code, "%s: %s", j->path,
		                    j->message ? j->message : "failed");
	default:
		if (s->started)
			dx_writer__abort(w);
		s->started = 0;
		return DX_OK;
	}
}

int dx_pipeline_run(dx_writer *w, dx_job *jobs, size_t n,
                    unsigned int threads, dx_job_done_cb done,
                    void *payload)
{
	pipe_s p;
	worker *wks;
	batch *written = NULL;
	size_t i, nw;
	int error = DX_OK;

	if (n == 0)
		return DX_OK;
	if (threads < 1)
		threads = 1;
	/* libxml2 (HTML extraction) must be initialised once before
	 * threads use it: "call once before processing in case of use in
	 * multithreaded programs" (parser.c, xmlInitParser). */
	xmlInitParser();
	nw = threads < n ? threads : n;
	memset(&p, 0, sizeof(p));
	p.cap = 2 * (size_t)threads + 2;
	p.ring = dx_xcalloc(p.cap, sizeof(slot));
	p.jobs = jobs;
	p.njobs = n;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv_work, NULL);
	pthread_cond_init(&p.cv_write, NULL);

	wks = dx_xcalloc(nw, sizeof(worker));
	for (i = 0; i < nw && error == DX_OK; i++) {
		wks[i].p = &p;
		wks[i].pw.an = w->an;
		wks[i].pw.max_file_size = w->max_file_size;
		wks[i].pw.jobs = 1;
		wks[i].pw.sink = sink;
		wks[i].pw.sink_payload = &wks[i];
		if ((error = dx_session_new(&wks[i].pw.ss, w->an)) < 0)
			break;
		if (pthread_create(&wks[i].tid, NULL, worker_main,
		                   &wks[i]) != 0) {
			error = dx_error_set(DX_ERROR, "cannot start a thread");
			break;
		}
		wks[i].running = 1;
	}

	while (error == DX_OK && p.head < n) {
		slot *s;
		batch *b;

		pthread_mutex_lock(&p.mu);
		if (written) {   /* the last batch: the workers free it */
			written->next = p.dead;
			p.dead = written;
			written = NULL;
		}
		if (p.tail < n && p.tail - p.head < p.cap) {
			while (p.tail < n && p.tail - p.head < p.cap) {
				s = &p.ring[p.tail % p.cap];
				memset(s, 0, sizeof(*s));
				s->job = &jobs[p.tail];
				p.tail++;
			}
			pthread_cond_broadcast(&p.cv_work);
		}
		s = &p.ring[p.head % p.cap];
		while (!s->head && !s->done)
			pthread_cond_wait(&p.cv_write, &p.mu);
		b = s->head;
		if (b) {
			s->head = b->next;
			if (!s->head)
				s->tail = NULL;
			s->nbatches--;
			pthread_cond_broadcast(&p.cv_work);   /* room */
		}
		pthread_mutex_unlock(&p.mu);

		if (b) {
			error = apply(w, s, b);
			written = b;
			continue;
		}
		error = finish(w, s);
		if (error == DX_OK && done)
			done(payload, s->job);
		free(s->job->message);
		s->job->message = NULL;
		p.head++;
	}

	/* Stop the workers (a failed run leaves some mid-file: their sinks
	 * give up) and free what was left in the ring. */
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_cond_broadcast(&p.cv_work);
	pthread_mutex_unlock(&p.mu);
	for (i = 0; i < nw; i++) {
		if (wks[i].running)
			pthread_join(wks[i].tid, NULL);
		dx_session_free(wks[i].pw.ss);
		dx_buf_free(&wks[i].pw.cur_key);
	}
	free(wks);
	if (written)
		free_batch(written);
	free_dead(p.dead);
	for (i = p.head; i < p.tail; i++) {
		slot *s = &p.ring[i % p.cap];
		batch *b, *next;

		if (s->started)
			dx_writer__abort(w);
		for (b = s->head; b; b = next) {
			next = b->next;
			free_batch(b);
		}
		free(s->job->message);
		s->job->message = NULL;
	}
	free(p.ring);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv_work);
	pthread_cond_destroy(&p.cv_write);
	return error;
}
