/*
 * passage.c -- an article's blocks to passages; see passage.h.
 *
 * Paragraphs under one heading collect in a pending buffer.  Once it
 * holds min_chars or more it becomes a passage; while it holds more than
 * max_chars, its head is cut off at the last sentence end that fits and
 * becomes a passage.  A short tail left after cutting stays pending, so
 * it merges with the next paragraph instead of standing alone.  A heading
 * (and the end of the article) flushes whatever is pending, however short.
 */
#include "passage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"
#include "utf8.h"

typedef struct {
	dx_passage     *v;          /* the passages so far */
	size_t          n, cap;
	const char     *heading;    /* current heading text ("" before one) */
	const char     *anchor;     /* its anchor ("" if none) */
	dx_buf          pend;       /* paragraphs not yet a passage ... */
	size_t          start;      /* ... from this byte of pend.ptr */
	size_t          chars;      /* code points in pend from start */
	size_t          min, max;
} dx_pstate;

static int is_space_cp(int32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000;
}

/* Ends a sentence: 。．！？ ! ? and a line break.  An ASCII '.' ends one
 * only before a space or the end ("3.14" and "example.com" do not). */
static int sentence_end(const char *s, size_t len, size_t next, int32_t c)
{
	if (c == 0x3002 || c == 0xFF0E || c == 0xFF01 || c == 0xFF1F ||
	    c == '!' || c == '?' || c == '\n')
		return 1;
	if (c == '.')
		return next >= len || s[next] == ' ' || s[next] == '\n';
	return 0;
}

/* Closing marks that belong to the sentence before them: 。」 ?) etc. */
static int closer(int32_t c)
{
	return c == 0x300D || c == 0x300F || c == 0xFF09 || c == ')' ||
	       c == 0x3011 || c == 0x3015 || c == 0x201D || c == 0x2019 ||
	       c == '"' || c == '\'' || c == 0xFF01 || c == 0xFF1F ||
	       c == '!' || c == '?';
}

/* Where to cut s[0..len), which holds more than max characters, so that
 * the head holds at most max: after the last sentence end that fits
 * (with its closing marks, unless a hiragana follows them); else after
 * the last 、 ， , or space in the second half (so a word is not cut in
 * two, which would hide it from search); else right after the max-th
 * character.  Returns the byte
 * offset (> 0, on a character boundary); *chars gets the characters
 * before it. */
static size_t cut_point(const char *s, size_t len, size_t max,
                        size_t *chars)
{
	size_t i = 0, count = 0, sent = 0, sent_n = 0, soft = 0, soft_n = 0;
	int32_t c;

	while (i < len && count < max) {
		c = dx_utf8_next(s, len, &i);
		count++;
		if (sentence_end(s, len, i, c)) {
			size_t j = i, n = count, k;
			int32_t after = 0;

			while (j < len && n < max) {
				k = j;
				if (!closer(dx_utf8_next(s, len, &k)))
					break;
				j = k;
				n++;
			}
			/* 「便利になった。」と好評だ: a quoted sentence that
			 * goes on (a particle follows) is not the end */
			if (j > i && j < len) {
				k = j;
				after = dx_utf8_next(s, len, &k);
			}
			if (!(after >= 0x3041 && after <= 0x309F)) {
				sent = j;
				sent_n = n;
			}
		} else if ((c == 0x3001 || c == 0xFF0C || c == ',' ||
		            c == ' ' || c == 0x3000) && count >= max / 2) {
			soft = i;
			soft_n = count;
		}
	}
	if (sent > 0) {
		*chars = sent_n;
		return sent;
	}
	if (soft > 0) {
		*chars = soft_n;
		return soft;
	}
	*chars = count;
	return i;
}

/* Add s[0..len) as a passage under the current heading; trimmed, and
 * nothing when only whitespace is left. */
static void emit(dx_pstate *st, const char *s, size_t len)
{
	dx_passage *p;
	size_t i;

	while (len > 0) {                     /* trim the front */
		i = 0;
		if (!is_space_cp(dx_utf8_next(s, len, &i)))
			break;
		s += i;
		len -= i;
	}
	while (len > 0) {                     /* and the back */
		size_t last = len - 1;
		while (last > 0 && ((unsigned char)s[last] & 0xC0) == 0x80)
			last--;
		i = last;
		if (!is_space_cp(dx_utf8_next(s, len, &i)))
			break;
		len = last;
	}
	if (len == 0)
		return;
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->v = dx_xrealloc(st->v, st->cap * sizeof(dx_passage));
	}
	p = &st->v[st->n++];
	p->heading = dx_xstrdup(st->heading);
	p->anchor = dx_xstrdup(st->anchor);
	p->text = dx_xstrndup(s, len);
	p->len = len;
}

/* Whatever is pending becomes a passage. */
static void flush(dx_pstate *st)
{
	if (st->pend.len > st->start)
		emit(st, st->pend.ptr + st->start, st->pend.len - st->start);
	dx_buf_clear(&st->pend);
	st->start = 0;
	st->chars = 0;
}

/* Add a paragraph to the pending text, then cut off passages while it is
 * too long and flush it once it is long enough. */
static void add_para(dx_pstate *st, const char *text, size_t len)
{
	size_t cut, n, i;

	if (st->pend.len > st->start) {
		dx_buf_putc(&st->pend, '\n');
		st->chars++;
	}
	dx_buf_put(&st->pend, text, len);
	st->chars += dx_utf8_count(text, len);
	while (st->chars > st->max) {
		const char *s = st->pend.ptr + st->start;
		size_t left = st->pend.len - st->start;

		cut = cut_point(s, left, st->max, &n);
		emit(st, s, cut);
		st->start += cut;
		st->chars -= n;
		/* the next piece starts after the whitespace at the cut */
		while (st->start < st->pend.len) {
			i = st->start;
			if (!is_space_cp(dx_utf8_next(st->pend.ptr,
			                              st->pend.len, &i)))
				break;
			st->start = i;
			st->chars--;
		}
	}
	if (st->chars >= st->min)
		flush(st);
}

int dx_passages(dx_passage **out, size_t *n, const dx_article *a,
                const dx_passage_opts *opts)
{
	dx_passage_opts def = DX_PASSAGE_OPTS_INIT;
	dx_pstate st;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!a)
		return dx_error_set(DX_EINVAL, "[passage] no article");
	memset(&st, 0, sizeof(st));
	st.min = opts ? opts->min_chars : def.min_chars;
	st.max = opts && opts->max_chars ? opts->max_chars : def.max_chars;
	if (st.min > st.max)
		st.min = st.max;
	st.heading = "";
	st.anchor = "";
	for (i = 0; i < a->nblocks; i++) {
		const dx_block *b = &a->blocks[i];

		if (!b->text)
			continue;
		if (b->kind == DX_BLOCK_HEADING) {
			flush(&st);
			st.heading = b->text;
			st.anchor = b->anchor ? b->anchor : "";
		} else {
			add_para(&st, b->text, b->len);
		}
	}
	flush(&st);
	dx_buf_free(&st.pend);
	*out = st.v;
	*n = st.n;
	return DX_OK;
}

void dx_passages_free(dx_passage *p, size_t n)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < n; i++) {
		free(p[i].heading);
		free(p[i].anchor);
		free(p[i].text);
	}
	free(p);
}
