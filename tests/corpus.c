/* corpus.c -- see corpus.h. */
#include "corpus.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxsearch.h"
#include "extract.h"
#include "harness.h"
#include "passage.h"

char *dx_test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t dx_test_corpus(const char *db, int folders, dx_test_passage_cb f,
                      void *payload)
{
	char dir[4096], path[8192], stored[512];
	char **names = NULL;
	size_t nnames = 0, i, k, articles = 0;
	dx_writer *w = NULL;
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/corpus", DX_SOURCE_DIR);
	OK((d = opendir(dir)) != NULL);
	while (d && (e = readdir(d))) {
		names = realloc(names, (nnames + 1) * sizeof(char *));
		names[nnames++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, nnames, sizeof(char *), by_name);
	OK(dx_writer_open(&w, db, NULL) == DX_OK);
	for (i = 0; i < nnames && w; i++) {
		const char *dot = strrchr(names[i], '.');
		dx_format fmt = dx_format_from_path(names[i]);
		dx_article a;
		dx_passage *ps = NULL;
		size_t len = 0, nps = 0, np = 0;
		char *text;

		if (!dot || fmt == DX_FMT_UNKNOWN || names[i][0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!(text = dx_test_read_file(path, &len)))
			continue;
		if (folders)
			snprintf(stored, sizeof(stored), "a%03zu/%s", i,
			         names[i]);
		else
			snprintf(stored, sizeof(stored), "%s", names[i]);
		OK(dx_writer_add_text(w, stored, dot + 1, text, len, &np) ==
		   DX_OK);
		memset(&a, 0, sizeof(a));
		OK(dx_extract(&a, fmt, text, len) == DX_OK);
		OK(dx_passages(&ps, &nps, &a, NULL) == DX_OK);
		INT_EQ(nps, np);
		for (k = 0; k < nps; k++)
			f(payload, stored, (unsigned)k, ps[k].text, ps[k].len);
		dx_passages_free(ps, nps);
		dx_article_free(&a);
		free(text);
		articles++;
	}
	OK(dx_writer_close(w) == DX_OK);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return articles;
}
