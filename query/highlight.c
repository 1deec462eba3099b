/* highlight.c -- highlight spans and snippets; see highlight.h. */
#include "highlight.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

void dx_qgroup_clear(dx_qgroup *g)
{
	size_t k, a;

	for (k = 0; k < g->npos; k++) {
		for (a = 0; a < g->pos[k].nalts; a++)
			free(g->pos[k].alts[a]);
		free(g->pos[k].alts);
	}
	free(g->pos);
	g->pos = NULL;
	g->npos = 0;
}

/* One token position of the passage: its surface and base terms. */
typedef struct {
	uint32_t pos;
	size_t   start, end;
	size_t   surface, base, reading;   /* offsets into the term arena */
	size_t   surface_len, base_len, reading_len;
} ptok;

typedef struct {
	ptok  *toks;
	size_t n, cap;
	dx_buf arena;
} ptok_list;

static int collect(void *payload, const dx_token *tok)
{
	ptok_list *l = payload;
	ptok *t;

	if (tok->flags & (DX_TOKEN_BASE | DX_TOKEN_READING)) {
		if (l->n) {
			t = &l->toks[l->n - 1];
			if (tok->flags & DX_TOKEN_BASE) {
				t->base = l->arena.len;
				t->base_len = tok->term_len;
			} else {
				t->reading = l->arena.len;
				t->reading_len = tok->term_len;
			}
			dx_buf_put(&l->arena, tok->term, tok->term_len);
		}
		return 0;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->toks = dx_xrealloc(l->toks, l->cap * sizeof(ptok));
	}
	t = &l->toks[l->n++];
	t->pos = tok->pos;
	t->start = tok->start;
	t->end = tok->end;
	t->surface = l->arena.len;
	t->surface_len = tok->term_len;
	t->base_len = t->reading_len = 0;
	t->base = t->reading = 0;
	dx_buf_put(&l->arena, tok->term, tok->term_len);
	return 0;
}

/* Whether an alternative of p is t; `reading` alternatives are the ones
 * written "R<katakana>" (body terms are case-folded: never uppercase). */
static int term_in(const dx_qpos *p, const char *t, size_t len, int reading)
{
	size_t i;

	for (i = 0; i < p->nalts; i++) {
		const char *a = p->alts[i];

		size_t al;

		if (reading != (a[0] == 'R'))
			continue;
		a += reading;
		al = strlen(a);
		/* "<prefix>*" (a term never holds '*': symbols give none) */
		if (al > 1 && a[al - 1] == '*' && !reading) {
			if (len >= al - 1 && memcmp(a, t, al - 1) == 0)
				return 1;
			continue;
		}
		if (al == len && memcmp(a, t, len) == 0)
			return 1;
	}
	return 0;
}

static int tok_matches(const ptok_list *l, const ptok *t, const dx_qpos *p)
{
	const char *a = l->arena.ptr;

	return term_in(p, a + t->surface, t->surface_len, 0) ||
	       (t->base_len && term_in(p, a + t->base, t->base_len, 0)) ||
	       (t->reading_len &&
	        term_in(p, a + t->reading, t->reading_len, 1));
}

static int cmp_span(const void *x, const void *y)
{
	const dx_span *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

int dx_highlight(dx_session *ss, const char *text, size_t len,
                 const dx_qgroup *groups, size_t ngroups,
                 dx_span **spans, size_t *n)
{
	ptok_list l = { NULL, 0, 0, DX_BUF_INIT };
	dx_span *out = NULL;
	size_t count = 0, cap = 0, i, g, k, m;
	int error;

	*spans = NULL;
	*n = 0;
	dx_session_set_readings(ss, 1);
	error = dx_analyze(ss, text, len, collect, &l);
	dx_session_set_readings(ss, 0);
	if (error < 0)
		goto done;
	for (g = 0; g < ngroups; g++) {
		const dx_qgroup *grp = &groups[g];

		if (grp->npos == 0)
			continue;
		for (i = 0; i + grp->npos <= l.n; i++) {
			for (k = 0; k < grp->npos; k++) {
				const ptok *t = &l.toks[i + k];
				if (t->pos != l.toks[i].pos + k ||
				    !tok_matches(&l, t, &grp->pos[k]))
					break;
			}
			if (k < grp->npos)
				continue;
			if (count == cap) {
				cap = cap ? cap * 2 : 8;
				out = dx_xrealloc(out, cap * sizeof(dx_span));
			}
			out[count].start = l.toks[i].start;
			out[count].end = l.toks[i + grp->npos - 1].end;
			count++;
		}
	}
	/* Sort and merge overlapping or touching spans. */
	if (count) {
		qsort(out, count, sizeof(dx_span), cmp_span);
		for (i = 1, m = 0; i < count; i++) {
			if (out[i].start <= out[m].end) {
				if (out[i].end > out[m].end)
					out[m].end = out[i].end;
			} else {
				out[++m] = out[i];
			}
		}
		count = m + 1;
	}
	*spans = out;
	*n = count;
	out = NULL;
done:
	free(out);
	free(l.toks);
	dx_buf_free(&l.arena);
	return error;
}

/* Byte offset `chars` characters before (dir < 0) or after `at`. */
static size_t step_chars(const char *s, size_t len, size_t at, long chars)
{
	if (chars < 0) {
		while (at > 0 && chars < 0) {
			at--;
			while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
				at--;
			chars++;
		}
		return at;
	}
	while (at < len && chars > 0) {
		size_t i = at;
		dx_utf8_next(s, len, &i);
		at = i;
		chars--;
	}
	return at;
}

void dx_snippet(dx_buf *out, const char *text, size_t len,
                const dx_span *spans, size_t n, size_t width)
{
	size_t from = 0, to, i, at;
	const char *ell = "\xE2\x80\xA6";   /* … */

	/* Start a little before the first highlight when the text is long. */
	to = step_chars(text, len, 0, (long)width);
	if (to < len && n > 0 && spans[0].end > to) {
		from = step_chars(text, len, spans[0].start, -(long)(width / 5));
		to = step_chars(text, len, from, (long)width);
	}
	if (from > 0)
		dx_buf_puts(out, ell);
	at = from;
	for (i = 0; i < n && at < to; i++) {
		size_t s = spans[i].start, e = spans[i].end;

		if (e <= at)
			continue;
		if (s < at)
			s = at;
		if (s >= to)
			break;
		if (e > to)
			e = to;
		dx_html_escape(out, text + at, s - at);
		dx_buf_puts(out, "<mark>");
		dx_html_escape(out, text + s, e - s);
		dx_buf_puts(out, "</mark>");
		at = e;
	}
	if (at < to)
		dx_html_escape(out, text + at, to - at);
	if (to < len)
		dx_buf_puts(out, ell);
}
