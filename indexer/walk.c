/*
 * walk.c -- dx_writer_add_path(): index a file or a directory tree,
 * incrementally.
 *
 *  1. Walk: folders in name order (reproducible runs); hidden entries
 *     are ignored; symbolic links to files are followed, links to
 *     folders are not (a link to a folder that contains it is reported
 *     as a loop); names that are not UTF-8, broken links, loops,
 *     special files, empty and oversized files are reported right away
 *     with a one-line reason.
 *  2. Compare each file's size and modification time with the manifest
 *     (manifest.h): equal means unchanged, not read.
 *  3. Read the others in parallel (pipeline.h) and write them in walk
 *     order; a file whose content hash is unchanged only gets its
 *     manifest entry updated.
 *  4. For a directory, remove the articles under it that were not
 *     indexed or left unchanged in this run (files gone, or no longer
 *     indexable); then commit.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "errors.h"
#include "extract.h"
#include "manifest.h"
#include "pipeline.h"
#include "utf8.h"
#include "writer.h"

static const char *const reason_names[DX_SKIP_COUNT] = {
	"binary", "empty", "too_large", "unreadable", "broken_link",
	"link_loop", "bad_name", "not_regular", "failed"
};

const char *dx_skip_reason_name(int reason)
{
	if (reason < 0 || reason >= DX_SKIP_COUNT)
		return "unknown";
	return reason_names[reason];
}

typedef struct {
	char    *fs_path;
	char    *path;      /* stored path */
	uint64_t size;
	int64_t  mtime_ns;
} entry;

typedef struct {
	dev_t dev;
	ino_t ino;
} dir_id;

typedef struct {
	dx_writer          *w;
	dx_index_summary   *sum;
	dx_index_report_cb  cb;
	void               *payload;
	entry              *ents;       /* candidate files, walk order */
	size_t              nents, cap;
	dir_id             *anc;        /* folders from the root down */
	size_t              nanc, canc;
	char              **seen;       /* stored paths indexed or kept */
	size_t              nseen;
	dx_index_progress   prog;
} walk_ctx;

static void skipped(walk_ctx *c, const char *path, int reason, int code,
                    const char *msg)
{
	c->sum->skipped++;
	c->sum->skipped_by[reason]++;
	if (c->cb)
		c->cb(c->payload, path, code, msg);
}

/* A name that is not UTF-8 is shown with U+FFFD for its bad bytes. */
static void skipped_bad_name(walk_ctx *c, const char *path)
{
	dx_buf shown = DX_BUF_INIT;

	dx_utf8_repair(&shown, path, strlen(path));
	skipped(c, dx_buf_cstr(&shown), DX_SKIP_BAD_NAME, DX_EINVAL,
	        "file name is not valid UTF-8");
	dx_buf_free(&shown);
}

static int64_t mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* A file to read (or to find unchanged), unless its stat already says
 * it cannot be indexed. */
static void add_file(walk_ctx *c, const char *fs_path, const char *path,
                     const struct stat *st)
{
	entry *e;
	char msg[128];

	if (st->st_size == 0) {
		skipped(c, path, DX_SKIP_EMPTY, DX_EINVAL, "empty file");
		return;
	}
	if ((uint64_t)st->st_size > c->w->max_file_size) {
		snprintf(msg, sizeof(msg),
		         "file too large (%llu bytes, limit %llu)",
		         (unsigned long long)st->st_size,
		         (unsigned long long)c->w->max_file_size);
		skipped(c, path, DX_SKIP_TOO_LARGE, DX_EINVAL, msg);
		return;
	}
	if (c->nents == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->ents = dx_xrealloc(c->ents, c->cap * sizeof(entry));
	}
	e = &c->ents[c->nents++];
	e->fs_path = dx_xstrdup(fs_path);
	e->path = dx_xstrdup(path);
	e->size = (uint64_t)st->st_size;
	e->mtime_ns = mtime_ns(st);
}

static int is_ancestor(const walk_ctx *c, const struct stat *st)
{
	size_t i;

	for (i = 0; i < c->nanc; i++)
		if (c->anc[i].dev == st->st_dev && c->anc[i].ino == st->st_ino)
			return 1;
	return 0;
}

/* A name dxsearch would index, or one without an extension (it might
 * be a folder): worth reporting when it is broken. */
static int worth_reporting(const char *name)
{
	return dx_format_from_path(name) != DX_FMT_UNKNOWN ||
	       strchr(name, '.') == NULL;
}

static void visit_dir(walk_ctx *c, const char *fs_dir, const char *dir,
                      const struct stat *dst);

static void push_ancestor(walk_ctx *c, const struct stat *st)
{
	if (c->nanc == c->canc) {
		c->canc = c->canc ? c->canc * 2 : 16;
		c->anc = dx_xrealloc(c->anc, c->canc * sizeof(dir_id));
	}
	c->anc[c->nanc].dev = st->st_dev;
	c->anc[c->nanc].ino = st->st_ino;
	c->nanc++;
}

/* The folders above the root count as ancestors too: a link to one of
 * them (ln -s .. up) would walk the root again. */
static void add_ancestors(walk_ctx *c, const char *root)
{
	dx_buf p = DX_BUF_INIT;
	struct stat st, prev;
	int i;

	dx_buf_puts(&p, root);
	if (stat(p.ptr, &prev) != 0)
		goto done;
	for (i = 0; i < 256; i++) {
		dx_buf_puts(&p, "/..");
		if (stat(p.ptr, &st) != 0 ||
		    (st.st_dev == prev.st_dev && st.st_ino == prev.st_ino))
			break;   /* "/" is its own parent */
		push_ancestor(c, &st);
		prev = st;
	}
done:
	dx_buf_free(&p);
}

static void visit_entry(walk_ctx *c, const char *fs, const char *p,
                        const char *name)
{
	struct stat st, lst;
	int indexable = dx_format_from_path(name) != DX_FMT_UNKNOWN;
	int e;

	if (lstat(fs, &lst) != 0) {
		if (indexable)
			skipped(c, p, DX_SKIP_UNREADABLE, DX_EIO, strerror(errno));
		return;
	}
	if (!dx_utf8_valid(name, strlen(name))) {
		if (indexable || S_ISDIR(lst.st_mode) || S_ISLNK(lst.st_mode))
			skipped_bad_name(c, p);
		return;
	}
	if (!S_ISLNK(lst.st_mode)) {
		st = lst;
	} else if (stat(fs, &st) != 0) {
		e = errno;
		if (!worth_reporting(name))
			return;
		if (e == ENOENT)
			skipped(c, p, DX_SKIP_BROKEN_LINK, DX_ENOTFOUND,
			        "broken symbolic link");
		else if (e == ELOOP)
			skipped(c, p, DX_SKIP_LINK_LOOP, DX_EIO,
			        "symbolic link loop");
		else
			skipped(c, p, DX_SKIP_UNREADABLE, DX_EIO, strerror(e));
		return;
	}

	if (S_ISDIR(st.st_mode)) {
		if (is_ancestor(c, &st))
			skipped(c, p, DX_SKIP_LINK_LOOP, DX_EINVAL,
			        S_ISLNK(lst.st_mode)
			        ? "symbolic link to a folder that contains it"
			        : "folder loop");
		else if (S_ISLNK(lst.st_mode))
			skipped(c, p, DX_SKIP_NOT_REGULAR, DX_EINVAL,
			        "symbolic link to a folder (not followed)");
		else
			visit_dir(c, fs, p, &st);
	} else if (!indexable) {
		return;
	} else if (!S_ISREG(st.st_mode)) {
		skipped(c, p, DX_SKIP_NOT_REGULAR, DX_EINVAL,
		        "not a regular file");
	} else {
		add_file(c, fs, p, &st);
	}
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void visit_dir(walk_ctx *c, const char *fs_dir, const char *dir,
                      const struct stat *dst)
{
	DIR *d = opendir(fs_dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (!d) {
		skipped(c, *dir ? dir : ".", DX_SKIP_UNREADABLE, DX_EIO,
		        strerror(errno));
		return;
	}
	push_ancestor(c, dst);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = dx_xrealloc(names, cap * sizeof(char *));
		}
		names[n++] = dx_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), cmp_name);

	for (i = 0; i < n; i++) {
		dx_buf fs = DX_BUF_INIT, p = DX_BUF_INIT;

		dx_buf_printf(&fs, "%s/%s", fs_dir, names[i]);
		if (*dir)
			dx_buf_printf(&p, "%s/%s", dir, names[i]);
		else
			dx_buf_puts(&p, names[i]);
		visit_entry(c, fs.ptr, p.ptr, names[i]);
		dx_buf_free(&fs);
		dx_buf_free(&p);
		free(names[i]);
	}
	free(names);
	c->nanc--;
}

/* ---- after the walk ------------------------------------------------- */

static void progress(walk_ctx *c)
{
	if (c->w->progress)
		c->w->progress(c->w->progress_payload, &c->prog);
}

static void on_job_done(void *payload, dx_job *j)
{
	walk_ctx *c = payload;

	switch (j->outcome) {
	case DX_JOB_INDEXED:
		c->sum->indexed++;
		c->sum->passages += j->passages;
		c->sum->bytes += j->now.size;
		c->seen[c->nseen++] = (char *)j->path;
		if (c->cb && j->info.invalid) {
			char msg[160];

			snprintf(msg, sizeof(msg), "%zu invalid byte "
			         "sequence%s replaced with U+FFFD (read as %s)",
			         j->info.invalid, j->info.invalid > 1 ? "s" : "",
			         j->info.encoding ? j->info.encoding : "?");
			c->cb(c->payload, j->path, DX_REPORT_WARNING, msg);
		}
		if (c->cb)
			c->cb(c->payload, j->path, DX_OK, j->info.encoding);
		break;
	case DX_JOB_TOUCHED:
		c->sum->unchanged++;
		c->seen[c->nseen++] = (char *)j->path;
		break;
	default:
		skipped(c, j->path, j->reason, j->code,
		        j->message ? j->message : "failed");
		break;
	}
	c->prog.files_done++;
	c->prog.bytes_done += j->size;
	progress(c);
}

/* Steps 2 and 3 on the files found. */
static int index_entries(walk_ctx *c)
{
	dx_job *jobs = dx_xcalloc(c->nents ? c->nents : 1, sizeof(dx_job));
	size_t i, njobs = 0;
	int found, error = DX_OK;

	c->seen = dx_xcalloc(c->nents ? c->nents : 1, sizeof(char *));
	for (i = 0; i < c->nents && error == DX_OK; i++) {
		entry *e = &c->ents[i];
		dx_job *j = &jobs[njobs];

		found = dx_manifest_get(c->w->db, e->path, &j->old);
		if (found < 0) {
			error = found;
			break;
		}
		if (found && j->old.size != 0 && j->old.size == e->size &&
		    j->old.mtime_ns == e->mtime_ns) {
			c->sum->unchanged++;
			c->seen[c->nseen++] = e->path;
			continue;
		}
		j->fs_path = e->fs_path;
		j->path = e->path;
		j->size = e->size;
		j->has_old = found;
		c->prog.files_total++;
		c->prog.bytes_total += e->size;
		njobs++;
	}
	if (error == DX_OK) {
		progress(c);
		error = dx_pipeline_run(c->w, jobs, njobs, c->w->jobs,
		                        on_job_done, c);
	}
	free(jobs);
	return error;
}

int dx_writer_add_path(dx_writer *w, const char *path, dx_index_summary *sum,
                       dx_index_report_cb cb, void *payload)
{
	dx_index_summary local;
	walk_ctx c;
	struct stat st;
	char *root = NULL;
	size_t len, i;
	int error = DX_OK;

	if (!sum)
		sum = &local;
	memset(sum, 0, sizeof(*sum));
	memset(&c, 0, sizeof(c));
	c.w = w;
	c.sum = sum;
	c.cb = cb;
	c.payload = payload;

	if (stat(path, &st) != 0)
		return dx_error_set(errno == ENOENT ? DX_ENOTFOUND : DX_EIO,
		                    "%s: %s", path, strerror(errno));
	if (!dx_utf8_valid(path, strlen(path))) {
		skipped_bad_name(&c, path);
		return DX_OK;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!S_ISREG(st.st_mode))
			skipped(&c, path, DX_SKIP_NOT_REGULAR, DX_EINVAL,
			        "not a regular file");
		else
			add_file(&c, path, path, &st);
		error = index_entries(&c);
		goto done;
	}

	/* Stored paths: "<root>/<rel>", with the root's trailing slashes
	 * dropped and "." meaning no prefix. */
	root = dx_xstrdup(path);
	len = strlen(root);
	while (len > 1 && root[len - 1] == '/')
		root[--len] = '\0';
	if (strcmp(root, ".") == 0)
		root[0] = '\0';
	add_ancestors(&c, path);
	visit_dir(&c, path, root, &st);
	error = index_entries(&c);
	if (error == DX_OK) {
		dx_buf prefix = DX_BUF_INIT;

		if (*root && strcmp(root, "/") != 0)
			dx_buf_printf(&prefix, "%s/", root);
		else if (*root)
			dx_buf_puts(&prefix, "/");
		if (c.nseen)
			qsort(c.seen, c.nseen, sizeof(char *), cmp_name);
		error = dx_writer__prune(w, dx_buf_cstr(&prefix), c.seen,
		                         c.nseen, &sum->removed);
		dx_buf_free(&prefix);
	}
done:
	free(root);
	for (i = 0; i < c.nents; i++) {
		free(c.ents[i].fs_path);
		free(c.ents[i].path);
	}
	free(c.ents);
	free(c.anc);
	free(c.seen);
	if (error == DX_OK)
		error = dx_writer_commit(w);
	return error;
}
