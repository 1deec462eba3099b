/*
 * walk.c -- dx_writer_add_path(): index a file or a directory tree.
 *
 * Files are visited in name order (deterministic runs), symbolic links
 * are not followed into directories (no loops), hidden entries are
 * skipped.  After a directory, articles under it whose files are gone
 * are pruned.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "errors.h"
#include "extract.h"
#include "writer.h"

typedef struct {
	dx_writer          *w;
	dx_index_summary   *sum;
	dx_index_report_cb  cb;
	void               *payload;
	char              **seen;     /* stored paths indexed or kept */
	size_t              nseen, cap;
} walk_ctx;

static void report(walk_ctx *c, const char *path, int code, const char *msg)
{
	if (code < 0)
		c->sum->skipped++;
	if (c->cb)
		c->cb(c->payload, path, code, msg);
}

static void remember(walk_ctx *c, const char *path)
{
	if (c->nseen == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->seen = dx_xrealloc(c->seen, c->cap * sizeof(char *));
	}
	c->seen[c->nseen++] = dx_xstrdup(path);
}

/* Index one file; only index-level failures are returned. */
static int visit_file(walk_ctx *c, const char *fs_path, const char *path)
{
	size_t n = 0;
	int error;

	remember(c, path);
	c->w->write_failed = 0;
	error = dx_writer_add_file(c->w, fs_path, path, &n);
	if (error == DX_OK) {
		c->sum->indexed++;
		c->sum->passages += n;
		report(c, path, DX_OK, NULL);
		return DX_OK;
	}
	/* A bad file is skipped; a failing index stops the run. */
	if (!c->w->write_failed && error != DX_ENOMEM) {
		report(c, path, error, dx_error_last());
		return DX_OK;
	}
	return error;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int visit_dir(walk_ctx *c, const char *fs_dir, const char *dir)
{
	DIR *d = opendir(fs_dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int error = DX_OK;

	if (!d) {
		report(c, dir, DX_EIO, strerror(errno));
		return DX_OK;
	}
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
	qsort(names, n, sizeof(char *), cmp_name);

	for (i = 0; i < n; i++) {
		dx_buf fs = DX_BUF_INIT, p = DX_BUF_INIT;
		struct stat st, lst;

		dx_buf_printf(&fs, "%s/%s", fs_dir, names[i]);
		if (*dir)
			dx_buf_printf(&p, "%s/%s", dir, names[i]);
		else
			dx_buf_puts(&p, names[i]);
		if (error == DX_OK) {
			if (lstat(fs.ptr, &lst) != 0) {
				report(c, p.ptr, DX_EIO, strerror(errno));
			} else if (stat(fs.ptr, &st) != 0) {
				report(c, p.ptr, DX_EIO,
				       S_ISLNK(lst.st_mode) ? "broken symbolic link"
				                            : strerror(errno));
			} else if (S_ISDIR(st.st_mode)) {
				if (!S_ISLNK(lst.st_mode))
					error = visit_dir(c, fs.ptr, p.ptr);
			} else if (dx_format_from_path(names[i]) != DX_FMT_UNKNOWN) {
				error = visit_file(c, fs.ptr, p.ptr);
			}
		}
		dx_buf_free(&fs);
		dx_buf_free(&p);
		free(names[i]);
	}
	free(names);
	return error;
}

int dx_writer_add_path(dx_writer *w, const char *path, dx_index_summary *sum,
                       dx_index_report_cb cb, void *payload)
{
	dx_index_summary local;
	walk_ctx c;
	struct stat st;
	char *root;
	size_t len, i;
	int error;

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
	if (!S_ISDIR(st.st_mode)) {
		error = visit_file(&c, path, path);
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
	error = visit_dir(&c, path, root);
	if (error == DX_OK) {
		dx_buf prefix = DX_BUF_INIT;

		if (*root)
			dx_buf_printf(&prefix, "%s/", root);
		qsort(c.seen, c.nseen, sizeof(char *), cmp_name);
		error = dx_writer__prune(w, dx_buf_cstr(&prefix), c.seen,
		                         c.nseen, &sum->removed);
		dx_buf_free(&prefix);
	}
	free(root);
done:
	for (i = 0; i < c.nseen; i++)
		free(c.seen[i]);
	free(c.seen);
	if (error == DX_OK)
		error = dx_writer_commit(w);
	return error;
}
