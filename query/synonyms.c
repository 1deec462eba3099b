/* synonyms.c -- query-time synonym sets; see synonyms.h. */
#include "synonyms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"

/* Members of one set are stored contiguously: sets[i] starts at
 * members[first[i]] and has count[i] members. */
struct dx_synonyms {
	dx_qgroup *members;
	size_t     nmembers, cap;
	size_t    *first, *count;
	size_t     nsets;
};

typedef struct {
	char  **terms;
	size_t  n;
} term_seq;

static int collect(void *payload, const dx_token *tok)
{
	term_seq *q = payload;

	if (tok->flags & DX_TOKEN_BASE)
		return 0;
	q->terms = dx_xrealloc(q->terms, (q->n + 1) * sizeof(char *));
	q->terms[q->n++] = dx_xstrndup(tok->term, tok->term_len);
	return 0;
}

/* Analyze one member and append it as a group; 0 tokens: nothing. */
static int add_member(dx_synonyms *s, dx_session *ss, const char *w,
                      size_t len)
{
	term_seq q = { NULL, 0 };
	dx_qgroup *g;
	size_t i;
	int error = dx_analyze(ss, w, len, collect, &q);

	if (error < 0 || q.n == 0) {
		for (i = 0; i < q.n; i++)
			free(q.terms[i]);
		free(q.terms);
		return error < 0 ? error : 0;
	}
	if (s->nmembers == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->members = dx_xrealloc(s->members, s->cap * sizeof(dx_qgroup));
	}
	g = &s->members[s->nmembers++];
	g->npos = q.n;
	g->pos = dx_xcalloc(q.n, sizeof(dx_qpos));
	for (i = 0; i < q.n; i++) {
		g->pos[i].nalts = 1;
		g->pos[i].alts = dx_xmalloc(sizeof(char *));
		g->pos[i].alts[0] = q.terms[i];
	}
	free(q.terms);
	return 1;
}

int dx_synonyms_load(dx_synonyms **out, dx_session *ss, const char *path)
{
	FILE *f = fopen(path, "r");
	dx_synonyms *s;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int error = DX_OK;

	*out = NULL;
	if (!f)
		return dx_error_set(errno == ENOENT ? DX_ENOTFOUND : DX_EIO,
		                    "[synonyms] %s: %s", path, strerror(errno));
	s = dx_xcalloc(1, sizeof(*s));
	while (error == DX_OK && (n = getline(&line, &cap, f)) >= 0) {
		char *p = line, *end;
		size_t start = s->nmembers;

		if ((end = strchr(p, '#')) != NULL)
			*end = '\0';
		while (error == DX_OK && *p) {
			size_t len = strcspn(p, "\t\r\n");
			int r = add_member(s, ss, p, len);
			if (r < 0)
				error = r;
			p += len;
			p += strspn(p, "\t\r\n");
		}
		if (error == DX_OK && s->nmembers - start >= 2) {
			s->first = dx_xrealloc(s->first,
			                       (s->nsets + 1) * sizeof(size_t));
			s->count = dx_xrealloc(s->count,
			                       (s->nsets + 1) * sizeof(size_t));
			s->first[s->nsets] = start;
			s->count[s->nsets] = s->nmembers - start;
			s->nsets++;
		} else if (error == DX_OK) {
			/* A set of one is no synonym: drop it. */
			while (s->nmembers > start)
				dx_qgroup_clear(&s->members[--s->nmembers]);
		}
	}
	free(line);
	fclose(f);
	if (error < 0) {
		dx_synonyms_free(s);
		return error;
	}
	*out = s;
	return DX_OK;
}

void dx_synonyms_free(dx_synonyms *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nmembers; i++)
		dx_qgroup_clear(&s->members[i]);
	free(s->members);
	free(s->first);
	free(s->count);
	free(s);
}

static int same(const dx_qgroup *a, const dx_qgroup *b)
{
	size_t k;

	if (a->npos != b->npos)
		return 0;
	for (k = 0; k < a->npos; k++)
		if (strcmp(a->pos[k].alts[0], b->pos[k].alts[0]) != 0)
			return 0;
	return 1;
}

size_t dx_synonyms_find(const dx_synonyms *s, const dx_qgroup *g,
                        const dx_qgroup **set)
{
	size_t i, m;

	*set = NULL;
	if (!s || g->npos == 0)
		return 0;
	for (i = 0; i < s->nsets; i++)
		for (m = 0; m < s->count[i]; m++)
			if (same(&s->members[s->first[i] + m], g)) {
				*set = &s->members[s->first[i]];
				return s->count[i];
			}
	return 0;
}
