/* substring.c -- the substring layer over the lexicon; see substring.h. */
#include "substring.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"
#include "utf8.h"

/* Caps on the work for one text: a short piece (る, ー) may end or
 * start thousands of terms; the most frequent are taken first, and the
 * longest pieces (the fewest terms) are tried first. */
#define SUB_TERMS   1024  /* terms for one piece, or containing the text */
#define SUB_BUDGET  2048  /* terms in all the alternatives */
#define SUB_PHRASES 32    /* cuts of the text turned into phrases */
#define SUB_PIECES  8     /* pieces per phrase */
#define SUB_STEPS   4096  /* search budget */

#define LONG_VOWEL "\xE3\x83\xBC"   /* ー */

/* ---- katakana stemming undone --------------------------------------- */

static int is_katakana(int32_t cp)
{
	return cp >= 0x30A1 && cp <= 0x30FC && cp != 0x30FB;
}

/* Characters of s[0..len) if all katakana, else 0. */
static size_t katakana_chars(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len) {
		if (!is_katakana(dx_utf8_next(s, len, &i)))
			return 0;
		n++;
	}
	return n;
}

/* A term the analyzer may have stemmed: katakana, three characters or
 * more (four or more with the ー it lost). */
static int stemmed_katakana(const char *t, size_t len)
{
	return katakana_chars(t, len) >= 3;
}

/* s[0..len) is katakana ending with ー: a word's surface that ends so is
 * indexed without it when it has four characters or more. */
static int ends_long_vowel(const char *s, size_t len)
{
	return len >= 3 && memcmp(s + len - 3, LONG_VOWEL, 3) == 0 &&
	       katakana_chars(s, len) > 0;
}

/* The length of the term that is the whole token s[0..len): len, or
 * len - 3 when the analyzer stemmed it; 0 if there is none. */
static size_t whole_term(const dx_lexicon *lx, const char *s, size_t len)
{
	if (dx_lexicon_has(lx, s, len))
		return len;
	if (ends_long_vowel(s, len) && katakana_chars(s, len) >= 4 &&
	    dx_lexicon_has(lx, s, len - 3))
		return len - 3;
	return 0;
}

/* The stemmed term of the whole token s[0..len), 0 if none. */
static size_t stemmed_whole(const dx_lexicon *lx, const char *s, size_t len)
{
	size_t l = ends_long_vowel(s, len) ? whole_term(lx, s, len) : 0;

	return l < len ? l : 0;
}

/* Whether some term may end with the head s[0..len) (counts only). */
static int has_head(const dx_lexicon *lx, const char *s, size_t len)
{
	return dx_lexicon_match(lx, DX_LEX_SUFFIX, s, len, NULL, NULL, 0) ||
	       (ends_long_vowel(s, len) &&
	        dx_lexicon_match(lx, DX_LEX_SUFFIX, s, len - 3,
	                         stemmed_katakana, NULL, 0));
}

/* Whether some term may start with the tail s[0..len). */
static int has_tail(const dx_lexicon *lx, const char *s, size_t len)
{
	return dx_lexicon_match(lx, DX_LEX_PREFIX, s, len, NULL, NULL, 0) ||
	       stemmed_whole(lx, s, len);
}

/* ---- term sets -------------------------------------------------------- */

/* Terms (borrowed from the lexicon or the query text), no repeats. */
typedef struct {
	const char **t;
	size_t      *len;
	size_t       n, max;   /* max: the most terms of one look-up */
} termset;

static void set_init(termset *ts, size_t max)
{
	memset(ts, 0, sizeof(*ts));
	ts->max = max;
}

static void set_free(termset *ts)
{
	free(ts->t);
	free(ts->len);
}

static void set_add(termset *ts, const char *t, size_t len, int check)
{
	size_t i;

	for (i = 0; check && i < ts->n; i++)
		if (ts->len[i] == len && memcmp(ts->t[i], t, len) == 0)
			return;
	ts->t = dx_xrealloc(ts->t, (ts->n + 1) * sizeof(char *));
	ts->len = dx_xrealloc(ts->len, (ts->n + 1) * sizeof(size_t));
	ts->t[ts->n] = t;
	ts->len[ts->n++] = len;
}

static void set_match(termset *ts, const dx_lexicon *lx, dx_lex_mode mode,
                      const char *key, size_t klen,
                      int (*keep)(const char *, size_t))
{
	const char **got = dx_xcalloc(ts->max, sizeof(char *));
	size_t n = dx_lexicon_match(lx, mode, key, klen, keep, got, ts->max);
	size_t i, before = ts->n;

	/* one look-up has no repeats */
	for (i = 0; i < n && i < ts->max; i++)
		set_add(ts, got[i], strlen(got[i]), before > 0);
	free(got);
}

/* Terms that may end with the head s[0..len): a token's tail. */
static void head_terms(termset *ts, const dx_lexicon *lx, const char *s,
                       size_t len)
{
	set_match(ts, lx, DX_LEX_SUFFIX, s, len, NULL);
	if (ends_long_vowel(s, len))
		set_match(ts, lx, DX_LEX_SUFFIX, s, len - 3, stemmed_katakana);
}

/* Terms that may start with the tail s[0..len): a token's head, or the
 * whole token stemmed. */
static void tail_terms(termset *ts, const dx_lexicon *lx, const char *s,
                       size_t len)
{
	size_t l = stemmed_whole(lx, s, len);

	set_match(ts, lx, DX_LEX_PREFIX, s, len, NULL);
	if (l)
		set_add(ts, s, l, 1);
}

/* OR of the terms of ts (one term: the term). */
static int set_query(dx_xq **out, const termset *ts)
{
	dx_xq **qs;
	size_t i;
	int error = DX_OK;

	*out = NULL;
	if (ts->n == 0)
		return dx_xq_match_nothing(out);
	if (ts->n == 1)
		return dx_xq_term(out, ts->t[0], ts->len[0], 1, 0);
	qs = dx_xcalloc(ts->n, sizeof(dx_xq *));
	for (i = 0; i < ts->n && error == DX_OK; i++)
		error = dx_xq_term(&qs[i], ts->t[i], ts->len[i], 1, 0);
	if (error == DX_OK)
		error = dx_xq_combine(out, DX_XQ_OR, qs, ts->n, 0);
	for (i = 0; i < ts->n; i++)
		dx_xq_free(qs[i]);
	free(qs);
	return error;
}

/* ---- highlight groups ------------------------------------------------ */

/* A highlight alternative: pre + s[0..len) + post. */
static char *alt(const char *pre, const char *s, size_t len, const char *post)
{
	dx_buf b = DX_BUF_INIT;

	dx_buf_puts(&b, pre);
	dx_buf_put(&b, s, len);
	dx_buf_puts(&b, post);
	return dx_buf_detach(&b);
}

/* Position k of g accepts a, and b when not NULL. */
static void pos_set(dx_qgroup *g, size_t k, char *a, char *b)
{
	g->pos[k].nalts = b ? 2 : 1;
	g->pos[k].alts = dx_xcalloc(2, sizeof(char *));
	g->pos[k].alts[0] = a;
	g->pos[k].alts[1] = b;
}

static void group_init(dx_qgroup *g, size_t npos)
{
	g->npos = npos;
	g->pos = dx_xcalloc(npos, sizeof(dx_qpos));
}

/* ---- the search over cuts ------------------------------------------- */

typedef struct {
	const dx_lexicon *lx;
	const char   *s;
	size_t        len;
	size_t        nch;
	size_t       *at;      /* byte offset of character c; at[nch] = len */
	char         *cut;     /* cut[c]: a token may start at character c */
	size_t        piece[SUB_PIECES];   /* character where piece k ends */
	dx_xq       **alts;    /* the alternatives found */
	size_t        nalts;
	dx_qgroup   **hl;
	size_t       *nhl;
	size_t        budget;  /* terms left (SUB_BUDGET) */
	unsigned      steps;
	int           error;
} cuts;

/* The terms one more look-up may take. */
static size_t allowance(const cuts *c)
{
	return c->budget < SUB_TERMS ? c->budget : SUB_TERMS;
}

static void spend(cuts *c, size_t n)
{
	c->budget = n < c->budget ? c->budget - n : 0;
}

static void found(cuts *c, dx_xq *q, dx_qgroup *g)
{
	c->alts = dx_xrealloc(c->alts, (c->nalts + 1) * sizeof(dx_xq *));
	c->alts[c->nalts++] = q;
	*c->hl = dx_xrealloc(*c->hl, (*c->nhl + 1) * sizeof(dx_qgroup));
	(*c->hl)[(*c->nhl)++] = *g;
}

/* MeCab never separates two ASCII letters or two ASCII digits. */
static int may_cut(const char *s, size_t before, size_t at)
{
	unsigned char a = (unsigned char)s[before], b = (unsigned char)s[at];
	int la = a >= 'a' && a <= 'z', lb = b >= 'a' && b <= 'z';
	int da = a >= '0' && a <= '9', db = b >= '0' && b <= '9';

	return !((la && lb) || (da && db));
}

/* The phrase: the head up to piece[0], whole terms up to piece[np - 1],
 * the tail from character `from`. */
static void emit(cuts *c, size_t np, size_t from)
{
	const char *s = c->s, *tl = s + c->at[from];
	size_t hb = c->at[c->piece[0]], tlen = c->len - c->at[from], k, stem;
	dx_xq **parts = dx_xcalloc(np + 1, sizeof(dx_xq *)), *q = NULL;
	termset head, tail;
	dx_qgroup g;
	int error;

	set_init(&head, allowance(c));
	head_terms(&head, c->lx, s, hb);
	spend(c, head.n + np - 1);
	set_init(&tail, allowance(c) ? allowance(c) : 1);
	tail_terms(&tail, c->lx, tl, tlen);
	spend(c, tail.n);
	group_init(&g, np + 1);
	error = set_query(&parts[0], &head);
	pos_set(&g, 0, alt("*", s, hb, ""),
	        ends_long_vowel(s, hb) && hb > 3 ? alt("*", s, hb - 3, "")
	                                         : NULL);
	for (k = 1; k < np && error == DX_OK; k++) {
		size_t a = c->at[c->piece[k - 1]], b = c->at[c->piece[k]];
		size_t l = whole_term(c->lx, s + a, b - a);

		error = dx_xq_term(&parts[k], s + a, l, 1, 0);
		pos_set(&g, k, dx_xstrndup(s + a, l), NULL);
	}
	if (error == DX_OK)
		error = set_query(&parts[np], &tail);
	stem = stemmed_whole(c->lx, tl, tlen);
	pos_set(&g, np, alt("", tl, tlen, "*"),
	        stem ? dx_xstrndup(tl, stem) : NULL);
	if (error == DX_OK)
		error = dx_xq_combine(&q, DX_XQ_PHRASE, parts, np + 1, 0);
	for (k = 0; k <= np; k++)
		dx_xq_free(parts[k]);
	free(parts);
	set_free(&head);
	set_free(&tail);
	if (error < 0) {
		dx_qgroup_clear(&g);
		c->error = error;
		return;
	}
	found(c, q, &g);
}

/* The head and np - 1 whole terms reach character `from`: end with a
 * tail there, or go on with another whole term, longest first. */
static void search(cuts *c, size_t from, size_t np)
{
	size_t end;

	if (c->budget > 0 &&
	    has_tail(c->lx, c->s + c->at[from], c->len - c->at[from]))
		emit(c, np, from);
	if (np + 1 >= SUB_PIECES)
		return;
	for (end = c->nch - 1; end > from; end--) {
		if (c->error || c->nalts >= SUB_PHRASES || c->budget == 0 ||
		    ++c->steps > SUB_STEPS)
			return;
		if (!c->cut[end] ||
		    !whole_term(c->lx, c->s + c->at[from],
		                c->at[end] - c->at[from]))
			continue;
		c->piece[np] = end;
		search(c, end, np + 1);
	}
}

/* Terms that contain the whole text (it lies inside one token), but
 * `skip`. */
static int inside(cuts *c, const char *skip)
{
	const char *s = c->s;
	size_t len = c->len, i, k;
	termset ts;
	dx_qgroup g;
	dx_xq *q = NULL;
	int error;

	set_init(&ts, allowance(c));
	set_match(&ts, c->lx, DX_LEX_INFIX, s, len, NULL);
	if (ends_long_vowel(s, len))   /* also ー alone: any stemmed word */
		set_match(&ts, c->lx, DX_LEX_SUFFIX, s, len - 3,
		          stemmed_katakana);
	for (i = k = 0; i < ts.n; i++)
		if (!skip || strlen(skip) != ts.len[i] ||
		    memcmp(ts.t[i], skip, ts.len[i]) != 0) {
			ts.t[k] = ts.t[i];
			ts.len[k++] = ts.len[i];
		}
	ts.n = k;
	spend(c, ts.n);
	error = ts.n ? set_query(&q, &ts) : DX_OK;
	set_free(&ts);
	if (error < 0 || !q)
		return error;
	group_init(&g, 1);
	pos_set(&g, 0, alt("*", s, len, "*"),
	        ends_long_vowel(s, len) && len > 3 ? alt("*", s, len - 3, "")
	                                           : NULL);
	found(c, q, &g);
	return DX_OK;
}

int dx_substring_layer(dx_xq **out, const dx_lexicon *lx, const char *text,
                       size_t len, const char *skip, dx_qgroup **hl,
                       size_t *nhl)
{
	cuts c;
	size_t i = 0, ch, end;
	int error;

	*out = NULL;
	if (!lx || len == 0)
		return DX_OK;
	memset(&c, 0, sizeof(c));
	c.lx = lx;
	c.s = text;
	c.len = len;
	c.hl = hl;
	c.budget = SUB_BUDGET;
	c.nhl = nhl;
	c.at = dx_xcalloc(len + 1, sizeof(size_t));
	c.cut = dx_xcalloc(len + 1, 1);
	while (i < len) {
		c.at[c.nch++] = i;
		dx_utf8_next(text, len, &i);
	}
	c.at[c.nch] = len;
	for (ch = 1; ch < c.nch; ch++)
		c.cut[ch] = (char)may_cut(text, c.at[ch] - 1, c.at[ch]);

	error = inside(&c, skip);
	/* Heads, longest first. */
	for (end = c.nch - 1; end >= 1 && error == DX_OK; end--) {
		if (c.error || c.nalts >= SUB_PHRASES || c.budget == 0 ||
		    c.steps > SUB_STEPS)
			break;
		if (!c.cut[end] || !has_head(lx, text, c.at[end]))
			continue;
		c.piece[0] = end;
		search(&c, end, 1);
	}
	if (error == DX_OK)
		error = c.error;
	if (error == DX_OK && c.nalts == 1) {
		*out = c.alts[0];
		c.alts[0] = NULL;
	} else if (error == DX_OK && c.nalts > 1) {
		error = dx_xq_combine(out, DX_XQ_SYNONYM, c.alts, c.nalts, 0);
	}
	for (i = 0; i < c.nalts; i++)
		dx_xq_free(c.alts[i]);
	free(c.alts);
	free(c.at);
	free(c.cut);
	return error;
}

/* ---- a token's words ------------------------------------------------ */

#define WORDS_CHARS 64   /* longer tokens are not split */
#define WORD_MIN    2    /* characters of one word at least */
#define WORD_MEAN   3    /* characters per word on average at least (a
                            kanji counts two): アイドル is not アイ + ドル */

size_t dx_substring_words(const dx_lexicon *lx, const char *text,
                          size_t len, char **out, size_t max)
{
	size_t at[WORDS_CHARS + 1], best[WORDS_CHARS + 1];
	size_t next[WORDS_CHARS + 1], nch = 0, i = 0, a, b, n, weight = 0;
	const size_t none = (size_t)-1;

	if (!lx || len == 0 || max < 2 || dx_lexicon_has(lx, text, len))
		return 0;
	while (i < len) {
		int32_t cp;

		if (nch == WORDS_CHARS)
			return 0;
		at[nch++] = i;
		cp = dx_utf8_next(text, len, &i);
		if (cp >= 0x3041 && cp <= 0x3096)   /* hiragana */
			return 0;
		weight += dx_utf8_is_kanji(cp) ? 2 : 1;
	}
	at[nch] = len;
	/* best[a]: the fewest words that spell the text from character a
	 * on; next[a]: where the first of them ends (the longest such). */
	best[nch] = 0;
	for (a = nch; a-- > 0;) {
		best[a] = none;
		if (a > 0 && !may_cut(text, at[a] - 1, at[a]))
			continue;
		for (b = nch; b >= a + WORD_MIN; b--) {
			if (best[b] == none || best[b] + 1 >= best[a] ||
			    (b < nch && !may_cut(text, at[b] - 1, at[b])) ||
			    !whole_term(lx, text + at[a], at[b] - at[a]))
				continue;
			best[a] = best[b] + 1;
			next[a] = b;
		}
	}
	if (best[0] == none || best[0] < 2 || best[0] > max ||
	    weight < WORD_MEAN * best[0])
		return 0;
	for (a = 0, n = 0; a < nch; a = next[a], n++)
		out[n] = dx_xstrndup(text + at[a],
		                     whole_term(lx, text + at[a],
		                                at[next[a]] - at[a]));
	return n;
}
