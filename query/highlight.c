/* highlight.c -- highlight spans and snippets; see highlight.h. */
#include "highlight.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "okurigana.h"
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
	uint32_t pos, last;   /* last: of its last part (user dictionary
	                         words, analyze.h), else pos */
	size_t   start, end;
	size_t   surface, base, reading;   /* offsets into the term arena */
	size_t   surface_len, base_len, reading_len;
	size_t   part0, nparts;            /* its parts in ptok_list.parts */
	size_t   maxlen;                   /* of surface, base and parts */
	size_t   skey, skey_len, bkey, bkey_len;   /* the okurigana keys of
	                                     surface and base (okurigana.h)
	                                     in the arena; len 0: none */
	dx_pos_class pclass;
} ptok;

/* A part of a user dictionary word: its term (in the arena) and span. */
typedef struct {
	size_t term, len, start, end;
	size_t key, key_len;   /* its okurigana key in the arena; 0: none */
} ppart;

typedef struct {
	ptok  *toks;
	size_t n, cap;
	ppart *parts;
	size_t nparts, pcap;
	dx_buf arena;
} ptok_list;

static int collect(void *payload, const dx_token *tok)
{
	ptok_list *l = payload;
	ptok *t;

	if ((tok->flags & DX_TOKEN_PART) && l->n) {
		t = &l->toks[l->n - 1];
		t->last = tok->pos;
		if (tok->flags & DX_TOKEN_BASE)
			return 0;           /* the word again: just its end */
		if (l->nparts == l->pcap) {
			l->pcap = l->pcap ? l->pcap * 2 : 16;
			l->parts = dx_xrealloc(l->parts,
			                       l->pcap * sizeof(ppart));
		}
		l->parts[l->nparts].term = l->arena.len;
		l->parts[l->nparts].len = tok->term_len;
		l->parts[l->nparts].start = tok->start;
		l->parts[l->nparts++].end = tok->end;
		t->nparts++;
		if (tok->term_len > t->maxlen)
			t->maxlen = tok->term_len;
		dx_buf_put(&l->arena, tok->term, tok->term_len);
		return 0;
	}
	if (tok->flags & (DX_TOKEN_PART | DX_TOKEN_VARIANT))
		return 0;
	if (tok->flags & (DX_TOKEN_BASE | DX_TOKEN_READING)) {
		if (l->n) {
			t = &l->toks[l->n - 1];
			if (tok->flags & DX_TOKEN_BASE) {
				t->base = l->arena.len;
				t->base_len = tok->term_len;
				if (tok->term_len > t->maxlen)
					t->maxlen = tok->term_len;
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
	t->pos = t->last = tok->pos;
	t->part0 = l->nparts;
	t->nparts = 0;
	t->pclass = tok->pclass;
	t->start = tok->start;
	t->end = tok->end;
	t->surface = l->arena.len;
	t->surface_len = tok->term_len;
	t->maxlen = tok->term_len;
	t->base_len = t->reading_len = 0;
	t->base = t->reading = 0;
	dx_buf_put(&l->arena, tok->term, tok->term_len);
	return 0;
}

/* The alternatives of every query position, measured once per passage
 * instead of once per token: position j (the groups' positions in
 * order) has alt[first[j] .. first[j + 1]). */
typedef struct {
	const char *s;
	size_t      len;
	size_t      key, key_len;   /* okurigana key in keys; len 0: none */
	size_t      need_len;       /* the prefilter (alt_witness): a
	                               sentence where it may match holds
	                               s + need_at .. + need_len, or the
	                               first character of its key (key_first
	                               bytes), or it is `always` */
	size_t      need_at, key_first;
	int         always;
	int         how;            /* how a term matches it: HL_* */
	const char *body;           /* what term_in compares: s without */
	size_t      body_len;       /* its 'R' or its '*'s */
} hl_alt;

/* How term_in matches an alternative (as written, see term_in). */
enum { HL_NONE, HL_EXACT, HL_READING, HL_PREFIX, HL_SUFFIX, HL_INFIX };

typedef struct {
	hl_alt *alt;
	size_t *first;
	size_t *minlen;     /* per position: the shortest term or key that
	                       may match (term_in, okurigana_in) */
	size_t *minread;    /* per position: the shortest reading that
	                       may match; SIZE_MAX: none */
	dx_buf  keys;
	int     any_key;    /* some alternative has an okurigana key */
} hl_alts;

/* The okurigana key of t[0..len) appended to b: its offset in *off and
 * its length (0: none, also for terms longer than DX_TERM_MAX). */
static size_t put_key(dx_buf *b, const char *t, size_t len, size_t *off)
{
	char key[DX_TERM_MAX];
	size_t klen = len <= DX_TERM_MAX ? dx_okurigana_key(t, len, key, NULL)
	                                 : 0;

	*off = b->len;
	dx_buf_put(b, key, klen);
	return klen;
}

/* ---- the prefilter ----------------------------------------------------
 *
 * MeCab is most of a highlight's cost, and most sentences of a passage
 * hold no match.  Each alternative gets a witness: a string that any
 * sentence where a token matches it holds (or `always` when there is
 * none).  The sentences without a witness of every position of some
 * group are not analyzed (dx_analyze_filtered: a match never spans two
 * sentences, so the spans are the same; tests/unit/test_prefilter.c
 * compares them).  How a token matches (tok_span, pair_span):
 *  - its surface or a part (a user dictionary word's) is the
 *    alternative, starts with it ("x*") or holds it ("*x", "*x*"): a
 *    surface and a part are text of the sentence, so x is in it;
 *  - its base form does the same: by analyze.h's rule on base forms,
 *    x's first characters are in the surface, all but the last
 *    DX_BASE_TAIL and at least up to its last one that is not
 *    hiragana; when that leaves none (x is one or two hiragana), a base
 *    that begins with x has x's first character in the surface unless
 *    it is one of DX_BASE_SHIFTS;
 *  - its okurigana key (of the surface, base, a part, or a word and its
 *    suffix) is the alternative's: the key is the word's kanji, so its
 *    first kanji is in the sentence (a base form's kanji are in the
 *    surface, by the same rule);
 *  - its reading ("R" alternatives): anything; always. */

/* A character of DX_BASE_SHIFTS? (c: one UTF-8 character) */
static int base_shift(const char *c, size_t len)
{
	const char *sh;

	for (sh = DX_BASE_SHIFTS; *sh; sh += 3)
		if (len == 3 && memcmp(c, sh, 3) == 0)
			return 1;
	return 0;
}

static void alt_witness(hl_alt *a, const char *keys)
{
	const char *x = a->s;
	size_t xl = a->len, i = 0, chars = 0, first = 0, e = 0, m, at;
	int anchored = 1;
	int32_t cp;

	a->always = 0;
	a->need_at = a->need_len = a->key_first = 0;
	if (a->key_len) {
		dx_utf8_next(keys + a->key, a->key_len, &a->key_first);
	}
	if (xl > 0 && x[0] == 'R') {     /* a reading */
		a->always = 1;
		return;
	}
	/* the text a term must hold, as term_in reads the patterns */
	if (xl > 1 && x[0] == '*') {
		x++;
		xl -= 1 + (x[xl - 2] == '*');
		anchored = 0;
		a->need_at = 1;
	} else if (xl > 1 && x[xl - 1] == '*') {
		xl--;
	}
	if (xl == 0) {
		a->always = anchored;   /* "*", "**" match nothing */
		return;
	}
	while (i < xl) {
		cp = dx_utf8_next(x, xl, &i);
		if (chars++ == 0)
			first = i;
		if (!(cp >= 0x3041 && cp <= 0x3096))   /* not hiragana */
			e = i;
	}
	/* all but the last DX_BASE_TAIL characters, at least up to e */
	for (m = 0, at = 0; chars > DX_BASE_TAIL &&
	     m < chars - DX_BASE_TAIL; m++)
		dx_utf8_next(x, xl, &at);
	if (at > e)
		e = at;
	if (e == 0 && anchored && !base_shift(x, first))
		e = first;
	if (e == 0)
		a->always = 1;
	a->need_len = e;
}

/* How term_in matches a: a reading ("R<katakana>") by its katakana,
 * "*<infix>*", "*<suffix>" and "<prefix>*" (substring.h; "**" matches
 * nothing), else the term itself. */
static void alt_how(hl_alt *a)
{
	const char *x = a->s;
	size_t xl = a->len;

	a->body = x;
	a->body_len = xl;
	if (xl > 0 && x[0] == 'R') {
		a->how = HL_READING;
		a->body = x + 1;
		a->body_len = xl - 1;
	} else if (xl > 1 && x[0] == '*') {
		a->how = x[xl - 1] == '*' ? HL_INFIX : HL_SUFFIX;
		a->body = x + 1;
		a->body_len = xl - 1 - (x[xl - 1] == '*');
		if (a->body_len == 0)
			a->how = HL_NONE;
	} else if (xl > 1 && x[xl - 1] == '*') {
		a->how = HL_PREFIX;
		a->body_len = xl - 1;
	} else {
		a->how = HL_EXACT;
	}
}

/* Lower *minlen and *minread to what a term, key or reading that matches
 * a is at least long. */
static void alt_min(const hl_alt *a, size_t *minlen, size_t *minread)
{
	if (a->how == HL_READING && a->body_len < *minread)
		*minread = a->body_len;
	if (a->how != HL_READING && a->how != HL_NONE &&
	    a->body_len < *minlen)
		*minlen = a->body_len;
	if (a->key_len && a->key_len < *minlen)
		*minlen = a->key_len;
}

static void alts_init(hl_alts *A, const dx_qgroup *groups, size_t ngroups)
{
	size_t g, k, a, npos = 0, nalt = 0, j = 0, i = 0;

	for (g = 0; g < ngroups; g++)
		for (k = 0; k < groups[g].npos; k++, npos++)
			nalt += groups[g].pos[k].nalts;
	A->alt = dx_xmalloc((nalt ? nalt : 1) * sizeof(hl_alt));
	A->first = dx_xmalloc((npos + 1) * sizeof(size_t));
	A->minlen = dx_xmalloc((npos ? npos : 1) * sizeof(size_t));
	A->minread = dx_xmalloc((npos ? npos : 1) * sizeof(size_t));
	memset(&A->keys, 0, sizeof(A->keys));
	A->any_key = 0;
	for (g = 0; g < ngroups; g++)
		for (k = 0; k < groups[g].npos; k++) {
			const dx_qpos *p = &groups[g].pos[k];

			A->minlen[j] = A->minread[j] = SIZE_MAX;
			A->first[j++] = i;
			for (a = 0; a < p->nalts; a++, i++) {
				A->alt[i].s = p->alts[a];
				A->alt[i].len = strlen(p->alts[a]);
				A->alt[i].key_len = put_key(&A->keys, A->alt[i].s,
				                            A->alt[i].len,
				                            &A->alt[i].key);
				alt_witness(&A->alt[i], A->keys.ptr);
				alt_how(&A->alt[i]);
				A->any_key |= A->alt[i].key_len > 0;
				alt_min(&A->alt[i], &A->minlen[j - 1],
				        &A->minread[j - 1]);
			}
		}
	A->first[j] = i;
}

static void alts_free(hl_alts *A)
{
	free(A->alt);
	free(A->first);
	free(A->minlen);
	free(A->minread);
	dx_buf_free(&A->keys);
}

/* Whether an alternative of position j is t; `reading` alternatives are
 * the ones written "R<katakana>" (body terms are case-folded: never
 * uppercase), the others match as alt_how() tells. */
static int term_in(const hl_alts *A, size_t j, const char *t, size_t len,
                   int reading)
{
	size_t i;

	for (i = A->first[j]; i < A->first[j + 1]; i++) {
		const hl_alt *a = &A->alt[i];
		const char *b = a->body;
		size_t bl = a->body_len;

		if (reading != (a->how == HL_READING))
			continue;
		switch (a->how) {
		case HL_EXACT:
		case HL_READING:
			if (bl == len && memcmp(b, t, len) == 0)
				return 1;
			break;
		case HL_PREFIX:   /* a term never holds '*': symbols give none */
			if (len >= bl && memcmp(b, t, bl) == 0)
				return 1;
			break;
		case HL_SUFFIX:
			if (len >= bl && memcmp(t + len - bl, b, bl) == 0)
				return 1;
			break;
		case HL_INFIX:
			if (dx_utf8_holds(t, len, b, bl))
				return 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Whether a term whose okurigana key is key[0..klen) and an alternative
 * of position j are okurigana spellings of one word (okurigana.h), as
 * the searcher matches them. */
static int okurigana_in(const hl_alts *A, size_t j, const char *key,
                        size_t klen)
{
	size_t i;

	for (i = A->first[j]; klen && i < A->first[j + 1]; i++)
		if (A->alt[i].key_len == klen &&
		    memcmp(A->keys.ptr + A->alt[i].key, key, klen) == 0)
			return 1;
	return 0;
}

/* The okurigana keys of the tokens and parts, once per passage (all
 * none when no alternative has one: okurigana_in would find none). */
static void token_keys(ptok_list *l, int any)
{
	size_t i;

	if (!any) {
		for (i = 0; i < l->n; i++) {
			l->toks[i].skey = l->toks[i].bkey = 0;
			l->toks[i].skey_len = l->toks[i].bkey_len = 0;
		}
		for (i = 0; i < l->nparts; i++)
			l->parts[i].key = l->parts[i].key_len = 0;
		return;
	}

	for (i = 0; i < l->n; i++) {
		ptok *t = &l->toks[i];

		t->skey_len = put_key(&l->arena, l->arena.ptr + t->surface,
		                      t->surface_len, &t->skey);
		t->bkey_len = t->base_len ?
		              put_key(&l->arena, l->arena.ptr + t->base,
		                      t->base_len, &t->bkey) : 0;
	}
	for (i = 0; i < l->nparts; i++)
		l->parts[i].key_len = put_key(&l->arena,
		                              l->arena.ptr + l->parts[i].term,
		                              l->parts[i].len, &l->parts[i].key);
}

static int tok_matches(const ptok_list *l, const ptok *t, const hl_alts *A,
                       size_t j)
{
	const char *a = l->arena.ptr;
	size_t min = A->minlen[j];   /* shorter ones match nothing */

	return (t->surface_len >= min &&
	        term_in(A, j, a + t->surface, t->surface_len, 0)) ||
	       (t->base_len && t->base_len >= min &&
	        term_in(A, j, a + t->base, t->base_len, 0)) ||
	       (t->skey_len >= min &&
	        okurigana_in(A, j, a + t->skey, t->skey_len)) ||
	       (t->base_len && t->bkey_len >= min &&
	        okurigana_in(A, j, a + t->bkey, t->bkey_len)) ||
	       (t->reading_len && t->reading_len >= A->minread[j] &&
	        term_in(A, j, a + t->reading, t->reading_len, 1));
}

/* Whether t matches position j, and where: the span of the first part
 * of t that matches (共創 in 官民共創), else of t itself. */
static int tok_span(const ptok_list *l, const ptok *t, const hl_alts *A,
                    size_t j, dx_span *sp)
{
	const char *a = l->arena.ptr;
	size_t m;

	sp->start = t->start;
	sp->end = t->end;
	/* too short for any alternative: a key is never longer than its
	 * term, a term or key that matches never shorter than minlen */
	if (t->maxlen < A->minlen[j] &&
	    !(t->reading_len && t->reading_len >= A->minread[j]))
		return 0;
	for (m = 0; m < t->nparts; m++) {
		const ppart *pt = &l->parts[t->part0 + m];

		if (term_in(A, j, a + pt->term, pt->len, 0) ||
		    okurigana_in(A, j, a + pt->key, pt->key_len)) {
			sp->start = pt->start;
			sp->end = pt->end;
			return 1;
		}
	}
	return tok_matches(l, t, A, j);
}

/* Whether toks[i] and the suffix right after it spell, together, an
 * okurigana variant of position j (IPADIC cuts 申込み into 申|込み in
 * some sentences; the searcher matches the pair by its key). */
static int pair_span(const ptok_list *l, size_t i, const hl_alts *A,
                     size_t j, dx_span *sp)
{
	const ptok *t = &l->toks[i];
	char joined[DX_TERM_MAX], key[DX_TERM_MAX];
	size_t klen;

	if (i + 1 >= l->n || t[1].pclass != DX_POS_SUFFIX ||
	    t[1].pos != t->last + 1 || t[1].start != t->end ||
	    t->surface_len + t[1].surface_len > sizeof(joined))
		return 0;
	memcpy(joined, l->arena.ptr + t->surface, t->surface_len);
	memcpy(joined + t->surface_len, l->arena.ptr + t[1].surface,
	       t[1].surface_len);
	klen = dx_okurigana_key(joined, t->surface_len + t[1].surface_len,
	                        key, NULL);
	if (!okurigana_in(A, j, key, klen))
		return 0;
	sp->start = t->start;
	sp->end = t[1].end;
	return 1;
}

static int cmp_span(const void *x, const void *y)
{
	const dx_span *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* Whether a token of the sentence c[0..len) may match position j. */
static int may_match(const hl_alts *A, size_t j, const char *c, size_t len)
{
	size_t i;

	for (i = A->first[j]; i < A->first[j + 1]; i++) {
		const hl_alt *a = &A->alt[i];

		if (a->always ||
		    (a->need_len &&
		     dx_utf8_holds(c, len, a->s + a->need_at, a->need_len)) ||
		    (a->key_first &&
		     dx_utf8_holds(c, len, A->keys.ptr + a->key, a->key_first)))
			return 1;
	}
	return 0;
}

typedef struct {
	const hl_alts   *A;
	const dx_qgroup *groups;
	size_t           ngroups;
} hl_filter;

/* dx_chunk_cb: analyze the sentence if every position of some group may
 * match in it. */
static int keep_sentence(void *payload, const char *c, size_t len)
{
	const hl_filter *f = payload;
	size_t g, k, j0 = 0;

	for (g = 0; g < f->ngroups; j0 += f->groups[g].npos, g++) {
		size_t npos = f->groups[g].npos;

		for (k = 0; k < npos && may_match(f->A, j0 + k, c, len); k++)
			;
		if (npos > 0 && k == npos)
			return 1;
	}
	return 0;
}

struct dx_hl_text {
	ptok_list l;
};

static int text_new(dx_hl_text **out, dx_session *ss, const char *text,
                    size_t len, const hl_filter *f)
{
	dx_hl_text *t = dx_xcalloc(1, sizeof(*t));
	int error;

	*out = NULL;
	/* room for a passage's terms at once (grown as needed) */
	dx_buf_grow(&t->l.arena, len < 16384 ? len * 2 : 32768);
	t->l.cap = 256;
	t->l.toks = dx_xmalloc(t->l.cap * sizeof(ptok));
	dx_session_set_readings(ss, 1);
	dx_session_set_parts(ss, 1);
	error = dx_analyze_filtered(ss, text, len, f ? keep_sentence : NULL,
	                            (void *)f, collect, &t->l);
	dx_session_set_parts(ss, 0);
	dx_session_set_readings(ss, 0);
	if (error < 0) {
		dx_hl_text_free(t);
		return error;
	}
	token_keys(&t->l, !f || f->A->any_key);
	*out = t;
	return DX_OK;
}

int dx_hl_text_new(dx_hl_text **out, dx_session *ss, const char *text,
                   size_t len, const dx_qgroup *groups, size_t ngroups)
{
	hl_alts A;
	hl_filter f;
	int error;

	if (!groups)
		return text_new(out, ss, text, len, NULL);
	alts_init(&A, groups, ngroups);
	f.A = &A;
	f.groups = groups;
	f.ngroups = ngroups;
	error = text_new(out, ss, text, len, &f);
	alts_free(&A);
	return error;
}

void dx_hl_text_free(dx_hl_text *t)
{
	if (!t)
		return;
	free(t->l.toks);
	free(t->l.parts);
	dx_buf_free(&t->l.arena);
	free(t);
}

/* The spans of the groups (alternatives A) in the tokens l. */
static void spans_of(const ptok_list *l, const hl_alts *A,
                     const dx_qgroup *groups, size_t ngroups,
                     dx_span **spans, size_t *n)
{
	dx_span *out = NULL;
	size_t count = 0, cap = 0, i, g, k, m, j0 = 0;

	for (g = 0; g < ngroups; j0 += groups[g].npos, g++) {
		const dx_qgroup *grp = &groups[g];

		if (grp->npos == 0)
			continue;
		for (i = 0; i + grp->npos <= l->n; i++) {
			dx_span first = { 0, 0 }, cur = { 0, 0 };

			for (k = 0; k < grp->npos; k++) {
				const ptok *t = &l->toks[i + k];
				if ((k && t->pos != t[-1].last + 1) ||
				    !tok_span(l, t, A, j0 + k, &cur))
					break;
				if (k == 0)
					first = cur;
			}
			if (k < grp->npos && (grp->npos != 1 ||
			    !pair_span(l, i, A, j0, &first)))
				continue;
			if (k < grp->npos)
				cur = first;
			if (count == cap) {
				cap = cap ? cap * 2 : 8;
				out = dx_xrealloc(out, cap * sizeof(dx_span));
			}
			out[count].start = first.start;
			out[count].end = cur.end;
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
}

void dx_hl_text_spans(const dx_hl_text *t, const dx_qgroup *groups,
                      size_t ngroups, dx_span **spans, size_t *n)
{
	hl_alts A;

	alts_init(&A, groups, ngroups);
	spans_of(&t->l, &A, groups, ngroups, spans, n);
	alts_free(&A);
}

int dx_highlight(dx_session *ss, const char *text, size_t len,
                 const dx_qgroup *groups, size_t ngroups,
                 dx_span **spans, size_t *n)
{
	hl_alts A;
	hl_filter f;
	dx_hl_text *t = NULL;
	int error;

	*spans = NULL;
	*n = 0;
	alts_init(&A, groups, ngroups);
	f.A = &A;
	f.groups = groups;
	f.ngroups = ngroups;
	if ((error = text_new(&t, ss, text, len, &f)) == DX_OK)
		spans_of(&t->l, &A, groups, ngroups, spans, n);
	dx_hl_text_free(t);
	alts_free(&A);
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
