/*
 * search.c -- dx_index and dx_search: from a query string to ranked,
 * highlighted passages.
 *
 * Query model.  The parsed items (parse.h) are analyzed with the index's
 * analyzer.  A quoted item becomes one group (a phrase); an unquoted item
 * is cut into groups at particles and auxiliaries: a run of nouns (a
 * compound such as 外部人材 → 外部 人材) is one phrase group, a verb or
 * adjective is a group of its own, with its base form as an alternative
 * (取り組んで matches 取り組む).  Each group matches the passage body, or
 * (with lower weight) the article title or the passage heading.
 *
 * Items joined by OR form one clause; clauses are ANDed.  Ranking tiers:
 * first the passages whose text matches every clause (BM25, title and
 * heading matches adding weight), then, so that a query never comes back
 * empty because one word is missing, those matching some of them (or
 * matching through the title or heading only).  Excluded items remove
 * passages from both tiers.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "buf.h"
#include "errors.h"
#include "explain.h"
#include "highlight.h"
#include "lexicon.h"
#include "normalize.h"
#include "utf8.h"
#include "parse.h"
#include "record.h"
#include "schema.h"
#include "synonyms.h"
#include "xdb.h"

struct dx_index {
	dx_xdb      *db;
	dx_analyzer *an;
	dx_session  *ss;
	dx_synonyms *syn;    /* NULL: no synonym file */
	dx_lexicon  *lex;    /* body terms; NULL until needed, dropped when
	                        the index changes */
};

typedef struct {
	dx_hit  hit;
	char   *strings[7];   /* owned copies behind the hit's pointers */
	dx_span *spans;
} hit_slot;

struct dx_result {
	hit_slot   *slots;
	size_t      n;
	uint64_t    total;
	double      took_ms;
	dx_explain *ex;       /* NULL unless explain was asked for */
};

/* Ranking knobs, tuned on tests/relevance (see README).  The environment
 * variable DXSEARCH_TUNE="k1=…,b=…,title=…,heading=…" overrides them for
 * the tuning script. */
typedef struct {
	double k1, b, min_normlen, title, heading, sub;
} tuning;

static tuning get_tuning(void)
{
	tuning t = { 1.6, 0.3, 0.5, 0.2, 0.1, 0.5 };
	const char *env = getenv("DXSEARCH_TUNE");

	while (env && *env) {
		char key[16];
		double v;
		int used = 0;

		if (sscanf(env, "%15[a-z_0-9]=%lf%n", key, &v, &used) == 2) {
			if (!strcmp(key, "k1")) t.k1 = v;
			else if (!strcmp(key, "b")) t.b = v;
			else if (!strcmp(key, "min_normlen")) t.min_normlen = v;
			else if (!strcmp(key, "title")) t.title = v;
			else if (!strcmp(key, "heading")) t.heading = v;
			else if (!strcmp(key, "sub")) t.sub = v;
		}
		env = strchr(env, ',');
		if (env)
			env++;
	}
	return t;
}

/* ---- opening ------------------------------------------------------- */

/* Synonyms: $DXSEARCH_SYNONYMS (must exist), else the installed file,
 * else the source tree's dict/synonyms.tsv; none when neither exists. */
static int load_synonyms(dx_index *idx)
{
	const char *env = getenv("DXSEARCH_SYNONYMS");
	int error;

	if (env && *env)
		return dx_synonyms_load(&idx->syn, idx->ss, env);
	error = dx_synonyms_load(&idx->syn, idx->ss, DX_SYNONYMS_PATH);
	if (error == DX_ENOTFOUND)
		error = dx_synonyms_load(&idx->syn, idx->ss, DX_SYNONYMS_SOURCE);
	if (error == DX_ENOTFOUND) {
		dx_error_clear();
		return DX_OK;
	}
	return error;
}

int dx_index_open(dx_index **out, const char *path, const dx_options *opts)
{
	dx_index *idx;
	dx_buf schema = DX_BUF_INIT, fp = DX_BUF_INIT;
	uint64_t count = 0;
	int error;

	*out = NULL;
	if (!path || !*path)
		return dx_error_set(DX_EINVAL, "no index path given");
	idx = dx_xcalloc(1, sizeof(*idx));
	if ((error = dx_xdb_open(&idx->db, path, DX_XDB_READ)) < 0) {
		if (error == DX_ENOTFOUND)
			dx_error_set(DX_ENOTFOUND,
			             "no index at %s: run 'dxsearch index' first",
			             path);
		goto fail;
	}
	if ((error = dx_analyzer_open(&idx->an,
	                              opts ? opts->dict_dir : NULL)) < 0 ||
	    (error = dx_session_new(&idx->ss, idx->an)) < 0 ||
	    (error = dx_xdb_get_metadata(idx->db, DX_META_SCHEMA, &schema)) < 0 ||
	    (error = dx_xdb_get_metadata(idx->db, DX_META_ANALYZER, &fp)) < 0 ||
	    (error = dx_xdb_doccount(idx->db, &count)) < 0)
		goto fail;
	if (count > 0 &&
	    (strcmp(dx_buf_cstr(&schema), DX_SCHEMA_VERSION) ||
	     strcmp(dx_buf_cstr(&fp), dx_analyzer_fingerprint(idx->an)))) {
		error = dx_error_set(DX_ESTALE,
			"the index at %s was built by another analyzer or schema "
			"(schema %s, analyzer '%s'; this dxsearch: schema %s, "
			"analyzer '%s'): re-index with 'dxsearch index --rebuild'",
			path, schema.len ? dx_buf_cstr(&schema) : "?",
			dx_buf_cstr(&fp), DX_SCHEMA_VERSION,
			dx_analyzer_fingerprint(idx->an));
		goto fail;
	}
	if ((error = load_synonyms(idx)) < 0)
		goto fail;
	dx_buf_free(&schema);
	dx_buf_free(&fp);
	*out = idx;
	return DX_OK;
fail:
	dx_buf_free(&schema);
	dx_buf_free(&fp);
	dx_index_free(idx);
	return error;
}

void dx_index_free(dx_index *idx)
{
	if (!idx)
		return;
	dx_synonyms_free(idx->syn);
	dx_lexicon_free(idx->lex);
	dx_session_free(idx->ss);
	dx_analyzer_free(idx->an);
	dx_xdb_close(idx->db);
	free(idx);
}

int dx_index_passage_count(dx_index *idx, uint64_t *out)
{
	int error = dx_xdb_reopen(idx->db, NULL);

	return error < 0 ? error : dx_xdb_doccount(idx->db, out);
}

/* ---- query building ------------------------------------------------ */

/* A query token: surface and optional base form. */
typedef struct {
	char        *surface;
	char        *base;
	dx_pos_class pclass;
	uint32_t     pos;
} qtok;

typedef struct {
	qtok  *toks;
	size_t n, cap;
} qtok_list;

static int collect_qtok(void *payload, const dx_token *tok)
{
	qtok_list *l = payload;

	if (tok->flags & DX_TOKEN_BASE) {
		if (l->n && !l->toks[l->n - 1].base)
			l->toks[l->n - 1].base =
				dx_xstrndup(tok->term, tok->term_len);
		return 0;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->toks = dx_xrealloc(l->toks, l->cap * sizeof(qtok));
	}
	l->toks[l->n].surface = dx_xstrndup(tok->term, tok->term_len);
	l->toks[l->n].base = NULL;
	l->toks[l->n].pclass = tok->pclass;
	l->toks[l->n].pos = tok->pos;
	l->n++;
	return 0;
}

static void qtoks_free(qtok_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->toks[i].surface);
		free(l->toks[i].base);
	}
	free(l->toks);
	memset(l, 0, sizeof(*l));
}

/* Verbs too common to require in an unquoted query ("活用する" needs only
 * 活用), and question words of natural-language queries. */
static int is_query_stopword(const qtok *t)
{
	static const char *const stop[] = {
		"する", "いる", "ある", "なる", "できる", "おる", "いう",
		"れる", "られる", "せる", "させる", "どう", "どの", "なぜ",
		"何", "なに", "いつ", "どこ", "誰", "どんな", "どれ",
		"どれくらい", "どのくらい", "教える", "知る", "ください",
		"について",
	};
	const char *w = t->base ? t->base : t->surface;
	size_t i;

	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		if (!strcmp(w, stop[i]) || !strcmp(t->surface, stop[i]))
			return 1;
	return 0;
}

static int is_compound_part(dx_pos_class c)
{
	return c == DX_POS_NOUN || c == DX_POS_PREFIX || c == DX_POS_SUFFIX;
}

/* The groups of one item, appended to *groups. */
typedef struct {
	dx_qgroup *g;
	size_t     n, cap;
} group_list;

static void group_add(group_list *gl, const qtok *toks, size_t n)
{
	dx_qgroup *g;
	size_t i;

	if (gl->n == gl->cap) {
		gl->cap = gl->cap ? gl->cap * 2 : 8;
		gl->g = dx_xrealloc(gl->g, gl->cap * sizeof(dx_qgroup));
	}
	g = &gl->g[gl->n++];
	g->npos = n;
	g->pos = dx_xcalloc(n, sizeof(dx_qpos));
	for (i = 0; i < n; i++) {
		const qtok *t = &toks[i];
		/* Xapian 1.4's PHRASE takes only terms, so a multi-token group
		 * matches surfaces; a single token also its base form. */
		int two = n == 1 && t->base && strcmp(t->base, t->surface) != 0;

		g->pos[i].nalts = two ? 2 : 1;
		g->pos[i].alts = dx_xcalloc(g->pos[i].nalts, sizeof(char *));
		g->pos[i].alts[0] = dx_xstrdup(t->surface);
		if (two)
			g->pos[i].alts[1] = dx_xstrdup(t->base);
	}
}

static void groups_free(dx_qgroup *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dx_qgroup_clear(&g[i]);
	free(g);
}

/* Drop the groups of gl from index `from` on. */
static void groups_free_range(group_list *gl, size_t from)
{
	while (gl->n > from)
		dx_qgroup_clear(&gl->g[--gl->n]);
}

/* Cut an unquoted item's tokens into groups (see the file comment). */
static void split_word(group_list *gl, const qtok_list *l)
{
	size_t i = 0, before = gl->n;

	while (i < l->n) {
		const qtok *t = &l->toks[i];
		size_t j;

		if (t->pclass == DX_POS_PARTICLE || t->pclass == DX_POS_AUX ||
		    is_query_stopword(t)) {
			i++;
			continue;
		}
		j = i + 1;
		if (is_compound_part(t->pclass))
			while (j < l->n && is_compound_part(l->toks[j].pclass) &&
			       l->toks[j].pos == l->toks[j - 1].pos + 1 &&
			       !is_query_stopword(&l->toks[j]))
				j++;
		group_add(gl, l->toks + i, j - i);
		i = j;
	}
	/* Only particles or stopwords ("の", "する"): search them as typed. */
	if (gl->n == before && l->n > 0)
		group_add(gl, l->toks, l->n);
}

/* Query for one group over the terms with `prefix`. */
static int group_query(dx_xq **out, const dx_qgroup *g, const char *prefix)
{
	dx_xq **parts = dx_xcalloc(g->npos, sizeof(dx_xq *));
	dx_buf term = DX_BUF_INIT;
	size_t k, a;
	int error = DX_OK;

	*out = NULL;
	for (k = 0; k < g->npos && error == DX_OK; k++) {
		size_t na = g->pos[k].nalts;
		dx_xq **alts = dx_xcalloc(na ? na : 1, sizeof(dx_xq *));

		for (a = 0; a < na && error == DX_OK; a++) {
			dx_buf_clear(&term);
			dx_buf_puts(&term, prefix);
			dx_buf_puts(&term, g->pos[k].alts[a]);
			error = dx_xq_term(&alts[a], term.ptr, term.len, 1,
			                   (uint32_t)(k + 1));
		}
		if (error == DX_OK && na == 1) {
			parts[k] = alts[0];
			alts[0] = NULL;
		} else if (error == DX_OK) {
			/* Xapian 1.4 takes OR, not SYNONYM, in a phrase. */
			error = dx_xq_combine(&parts[k], g->npos > 1 ?
			                      DX_XQ_OR : DX_XQ_SYNONYM, alts,
			                      na, 0);
		}
		for (a = 0; a < na; a++)
			dx_xq_free(alts[a]);
		free(alts);
	}
	if (error == DX_OK) {
		if (g->npos == 1) {
			*out = parts[0];
			parts[0] = NULL;
		} else {
			error = dx_xq_combine(out, DX_XQ_PHRASE, parts, g->npos,
			                      0);
		}
	}
	for (k = 0; k < g->npos; k++)
		dx_xq_free(parts[k]);
	free(parts);
	dx_buf_free(&term);
	return error;
}

/* A group, or its synonym set (set[0..nset), g's spelling included) as
 * equal alternatives. */
static int unit_query(dx_xq **out, const dx_qgroup *g, const dx_qgroup *set,
                      size_t nset, const char *prefix)
{
	dx_xq **alts;
	size_t i;
	int error = DX_OK;

	if (nset == 0)
		return group_query(out, g, prefix);
	alts = dx_xcalloc(nset, sizeof(dx_xq *));
	for (i = 0; i < nset && error == DX_OK; i++)
		error = group_query(&alts[i], &set[i], prefix);
	if (error == DX_OK)
		error = dx_xq_combine(out, DX_XQ_SYNONYM, alts, nset, 0);
	for (i = 0; i < nset; i++)
		dx_xq_free(alts[i]);
	free(alts);
	return error;
}

/* *out = *exact OR sub-weight × SYNONYM(sub terms). */
static int substring_query(dx_xq **out, dx_xq *const *exact,
                           const char *const *sub, size_t nsub,
                           const tuning *t)
{
	dx_xq **alts = dx_xcalloc(nsub, sizeof(dx_xq *)), *syn = NULL;
	dx_xq *pair[2] = { NULL, NULL };
	size_t i;
	int error = DX_OK;

	*out = NULL;
	for (i = 0; i < nsub && error == DX_OK; i++)
		error = dx_xq_term(&alts[i], sub[i], strlen(sub[i]), 1, 1);
	if (error == DX_OK)
		error = dx_xq_combine(&syn, DX_XQ_SYNONYM, alts, nsub, 0);
	if (error == DX_OK)
		error = dx_xq_scale(&pair[1], syn, t->sub);
	if (error == DX_OK) {
		pair[0] = *exact;
		error = dx_xq_combine(out, DX_XQ_OR, pair, 2, 0);
	}
	for (i = 0; i < nsub; i++)
		dx_xq_free(alts[i]);
	free(alts);
	dx_xq_free(syn);
	dx_xq_free(pair[1]);
	return error;
}

/* Terms of the index that contain the group's text (its surfaces run
 * together, at least two characters) and are longer: MeCab kept them as
 * one token (関西国際空港 for 空港).  Up to DX_SUB_MAX, most frequent
 * first; borrowed from idx->lex. */
#define DX_SUB_MAX 32
static size_t substring_terms(dx_index *idx, const dx_qgroup *g,
                              const char **out)
{
	dx_buf key = DX_BUF_INIT;
	size_t k, n = 0, chars = 0, i;

	for (k = 0; k < g->npos; k++)
		dx_buf_puts(&key, g->pos[k].alts[0]);
	for (i = 0; i < key.len; i++)
		chars += ((unsigned char)key.ptr[i] & 0xC0) != 0x80;
	if (chars >= 2 && !idx->lex && dx_lexicon_load(&idx->lex, idx->db) < 0)
		dx_error_clear();   /* no expansion; the exact match still works */
	if (chars >= 2)
		n = dx_lexicon_containing(idx->lex, key.ptr, key.len, out,
		                          DX_SUB_MAX);
	dx_buf_free(&key);
	return n;
}

/* The query for one group.  Loose: body OR weighted title OR weighted
 * heading.  Strict: the body must match, title and heading only add
 * weight (AND_MAYBE). */
static int field_query(dx_xq **out, const dx_qgroup *g, const dx_qgroup *set,
                       size_t nset, const char *const *sub, size_t nsub,
                       const tuning *t, int strict)
{
	dx_xq *f[3] = { NULL, NULL, NULL }, *tmp = NULL, *boost = NULL;
	int error;

	*out = NULL;
	if ((error = unit_query(&f[0], g, set, nset, "")) < 0)
		goto done;
	if (nsub > 0) {
		/* Longer indexed words that contain the group, weaker. */
		if ((error = substring_query(&tmp, &f[0], sub, nsub, t)) < 0)
			goto done;
		dx_xq_free(f[0]);
		f[0] = tmp;
		tmp = NULL;
	}
	if ((error = unit_query(&tmp, g, set, nset, DX_PREFIX_TITLE)) < 0 ||
	    (error = dx_xq_scale(&f[1], tmp, t->title)) < 0)
		goto done;
	dx_xq_free(tmp);
	tmp = NULL;
	if ((error = unit_query(&tmp, g, set, nset, DX_PREFIX_HEADING)) < 0 ||
	    (error = dx_xq_scale(&f[2], tmp, t->heading)) < 0)
		goto done;
	if (!strict) {
		error = dx_xq_combine(out, DX_XQ_OR, f, 3, 0);
		goto done;
	}
	if ((error = dx_xq_combine(&boost, DX_XQ_OR, f + 1, 2, 0)) < 0)
		goto done;
	dx_xq_free(f[1]);  /* the scaled title query, now inside boost */
	f[1] = boost;      /* freed below as f[1] */
	boost = NULL;
	dx_xq_free(f[2]);
	f[2] = NULL;
	error = dx_xq_combine(out, DX_XQ_AND_MAYBE, f, 2, 0);
done:
	dx_xq_free(tmp);
	dx_xq_free(boost);
	dx_xq_free(f[0]);
	dx_xq_free(f[1]);
	dx_xq_free(f[2]);
	return error;
}

/* Combine qs[0..n) with op; n == 1 gives a copy-free pass-through. */
static int combine(dx_xq **out, dx_xq_op op, dx_xq **qs, size_t n)
{
	if (n == 1) {
		*out = qs[0];
		qs[0] = NULL;
		return DX_OK;
	}
	return dx_xq_combine(out, op, qs, n, 0);
}

/* Two lanes of the same query structure: STRICT (every word in the
 * passage body) ranks tier 1; LOOSE (a word may match the title or
 * heading instead) finds the partial matches of tier 2. */
enum { STRICT, LOOSE, NLANES };

typedef struct {
	dx_xq    **elems[NLANES];  /* positive elements (clauses), ANDed */
	size_t     nelems;
	dx_xq     *negative;       /* OR of excluded items, or NULL */
	dx_qgroup *hl;             /* groups to highlight */
	size_t     nhl;
	dx_explain *ex;            /* borrowed; NULL: no explain */
	tuning     t;
} plan;

static void plan_free(plan *p)
{
	size_t i, l;

	for (l = 0; l < NLANES; l++) {
		for (i = 0; i < p->nelems; i++)
			dx_xq_free(p->elems[l][i]);
		free(p->elems[l]);
		p->elems[l] = NULL;
	}
	dx_xq_free(p->negative);
	groups_free(p->hl, p->nhl);
	p->negative = NULL;
	p->hl = NULL;
	p->nelems = p->nhl = 0;
}

static void push_q(dx_xq ***arr, size_t *n, dx_xq *q)
{
	*arr = dx_xrealloc(*arr, (*n + 1) * sizeof(dx_xq *));
	(*arr)[(*n)++] = q;
}

static void free_qs(dx_xq **qs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dx_xq_free(qs[i]);
	free(qs);
}

/* Append a deep copy of g to the highlight list. */
static void hl_add_copy(group_list *hl, const dx_qgroup *g)
{
	dx_qgroup *c;
	size_t k, a;

	if (hl->n == hl->cap) {
		hl->cap = hl->cap ? hl->cap * 2 : 8;
		hl->g = dx_xrealloc(hl->g, hl->cap * sizeof(dx_qgroup));
	}
	c = &hl->g[hl->n++];
	c->npos = g->npos;
	c->pos = dx_xcalloc(g->npos, sizeof(dx_qpos));
	for (k = 0; k < g->npos; k++) {
		c->pos[k].nalts = g->pos[k].nalts;
		c->pos[k].alts = dx_xcalloc(g->pos[k].nalts, sizeof(char *));
		for (a = 0; a < g->pos[k].nalts; a++)
			c->pos[k].alts[a] = dx_xstrdup(g->pos[k].alts[a]);
	}
}

/* Append a one-term group to the highlight list. */
static void hl_add_term(group_list *hl, const char *term)
{
	dx_qpos pos;
	dx_qgroup g;
	char *alt = (char *)term;

	pos.alts = &alt;
	pos.nalts = 1;
	g.pos = &pos;
	g.npos = 1;
	hl_add_copy(hl, &g);
}

/* prefix*: every body term starting with the item's normalized text
 * (two characters at least; the 100 most frequent), without MeCab, so a
 * partial word works whatever MeCab would make of it.  Returns 1 and
 * one query per lane when it applies, 0 when the item is too short,
 * or a negative dx_code. */
static int prefix_item(dx_xq ***strict, dx_xq ***loose, group_list *hl,
                       const dx_qitem *it)
{
	dx_norm n;
	dx_xq *q = NULL;
	size_t chars;
	int error;

	if ((error = dx_normalize(&n, it->text, it->len)) < 0)
		return error;
	chars = dx_utf8_count(n.text, n.len);
	if (chars < 2 || memchr(n.text, ' ', n.len)) {
		dx_norm_free(&n);
		return 0;
	}
	error = dx_xq_wildcard(&q, n.text, n.len, 100);
	if (error == DX_OK) {
		dx_buf alt = DX_BUF_INIT;

		*strict = dx_xcalloc(1, sizeof(dx_xq *));
		*loose = dx_xcalloc(1, sizeof(dx_xq *));
		(*strict)[0] = q;
		error = dx_xq_scale(&(*loose)[0], q, 1.0);
		/* highlight: "<prefix>*" matches words starting with it */
		dx_buf_put(&alt, n.text, n.len);
		dx_buf_putc(&alt, '*');
		if (!it->negate)
			hl_add_term(hl, dx_buf_cstr(&alt));
		dx_buf_free(&alt);
	}
	dx_norm_free(&n);
	return error < 0 ? error : 1;
}

/* Analyze one item into groups (see the file comment). */
static int item_groups(group_list *gl, dx_index *idx, const dx_qitem *it,
                       dx_explain *ex)
{
	qtok_list l = { NULL, 0, 0 };
	int error = dx_analyze(idx->ss, it->text, it->len, collect_qtok, &l);
	size_t i;

	if (ex) {
		dx_explain_item(ex, it->text, it->len, it->phrase, it->negate,
		                it->or_prev);
		for (i = 0; i < l.n; i++)
			dx_explain_token(ex, l.toks[i].surface, l.toks[i].base,
			                 l.toks[i].pclass);
	}

	if (error == DX_OK && l.n > 0) {
		const dx_qgroup *set;
		size_t before = gl->n;

		/* The whole word first: a synonym member may contain what
		 * split_word would drop (はんこ → はん + こ). */
		group_add(gl, l.toks, l.n);
		if (it->phrase ||
		    dx_synonyms_find(idx->syn, &gl->g[before], &set) > 0) {
			qtoks_free(&l);
			return DX_OK;
		}
		groups_free_range(gl, before);
		split_word(gl, &l);
	}
	qtoks_free(&l);
	return error;
}

/* ---- kana-only queries: search by reading --------------------------- */

#define DX_READ_MAX_SEGS  6    /* readings in one segmentation */
#define DX_READ_MAX_ALTS  8    /* segmentations tried */
#define DX_READ_MAX_STEPS 4096 /* search budget */

/* The katakana form of a kana-only item (hiragana → katakana; NFKC for
 * half-width), at least two characters, with a final ー dropped from 4+
 * characters as the analyzer does; 0 if the item is not all kana. */
static int kana_reading(const char *text, size_t len, dx_buf *out)
{
	dx_norm n;
	size_t i = 0, chars = 0;
	int ok = 1;

	if (dx_normalize(&n, text, len) < 0) {
		dx_error_clear();
		return 0;
	}
	while (i < n.len && ok) {
		int32_t cp = dx_utf8_next(n.text, n.len, &i);

		if (cp >= 0x3041 && cp <= 0x3096)
			cp += 0x60;
		ok = (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
		if (ok) {
			dx_utf8_put(out, (uint32_t)cp);
			chars++;
		}
	}
	dx_norm_free(&n);
	if (!ok || chars < 2) {
		dx_buf_clear(out);
		return 0;
	}
	if (chars >= 4 && out->len >= 3 &&
	    memcmp(out->ptr + out->len - 3, "\xE3\x83\xBC", 3) == 0) {
		out->len -= 3;
		out->ptr[out->len] = '\0';
	}
	return 1;
}

typedef struct {
	const dx_lexicon *lex;
	dx_xdb           *db;         /* for the words of a reading */
	const char       *r;          /* the katakana query */
	size_t            len;
	size_t            cut[DX_READ_MAX_SEGS + 1];   /* segment ends */
	int               dev[DX_READ_MAX_SEGS + 1];   /* first kana devoiced */
	dx_qgroup        *alts;       /* found segmentations, as groups */
	size_t            nalts;
	unsigned          steps;
} seg_ctx;

/* Rendaku: 避難所 is read ヒナンジョ, but IPADIC gives 所 the reading
 * ショ.  Turn the voiced katakana at k (3 bytes) into its unvoiced
 * form in place; returns 0 if it is not voiced. */
static int devoice(char *k)
{
	unsigned cp = ((unsigned)(k[0] & 0x0F) << 12) |
	              ((unsigned)(k[1] & 0x3F) << 6) | (unsigned)(k[2] & 0x3F);

	if ((cp >= 0x30AC && cp <= 0x30C9 && (cp % 2) == 0) ||  /* ガ..ド */
	    cp == 0x30C5 || cp == 0x30C7)                          /* ヅ デ */
		cp -= 1;
	else if (cp >= 0x30D0 && cp <= 0x30DD && (cp - 0x30CF) % 3 != 0)
		cp -= (cp - 0x30CF) % 3;                           /* バ パ.. */
	else
		return 0;
	k[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	k[2] = (char)(0x80 | (cp & 0x3F));
	return 1;
}

#define DX_READ_MAX_WORDS 64   /* words tried for one reading */

static int push_word(void *payload, const char *w, size_t len)
{
	dx_qpos *p = payload;

	if (p->nalts == DX_READ_MAX_WORDS)
		return 1;
	p->alts = dx_xrealloc(p->alts, (p->nalts + 1) * sizeof(char *));
	p->alts[p->nalts++] = dx_xstrndup(w, len);
	return 0;
}

/* Record the segmentation cut[0..nseg) as a group whose positions are
 * the words read so (the synonym table's R<reading> entries). */
static void seg_found(seg_ctx *c, size_t nseg)
{
	dx_qgroup *g;
	dx_qpos *pos = dx_xcalloc(nseg, sizeof(dx_qpos));
	size_t k, from = 0, empty = 0;

	for (k = 0; k < nseg; k++) {
		dx_buf t = DX_BUF_INIT;

		dx_buf_puts(&t, DX_PREFIX_READING);
		dx_buf_put(&t, c->r + from, c->cut[k] - from);
		if (c->dev[k])
			devoice(t.ptr + 1);
		if (dx_xdb_synonyms(c->db, t.ptr, t.len, push_word,
		                    &pos[k]) < 0)
			dx_error_clear();
		empty += pos[k].nalts == 0;
		dx_buf_free(&t);
		from = c->cut[k];
	}
	if (empty) {   /* a reading whose words are gone */
		dx_qgroup tmp = { pos, nseg };
		dx_qgroup_clear(&tmp);
		return;
	}
	c->alts = dx_xrealloc(c->alts, (c->nalts + 1) * sizeof(dx_qgroup));
	g = &c->alts[c->nalts++];
	g->npos = nseg;
	g->pos = pos;
}

/* Depth-first over readings known to the index, longest first, so the
 * segmentations with long (specific) readings come first. */
static void seg_search(seg_ctx *c, size_t at, size_t nseg)
{
	size_t end;

	if (at == c->len) {
		seg_found(c, nseg);
		return;
	}
	if (nseg == DX_READ_MAX_SEGS)
		return;
	for (end = c->len; end > at; end -= 3) {   /* katakana: 3 bytes */
		if (c->nalts >= DX_READ_MAX_ALTS ||
		    ++c->steps > DX_READ_MAX_STEPS)
			return;
		c->dev[nseg] = 0;
		if (!dx_lexicon_has_reading(c->lex, c->r + at, end - at)) {
			/* a later word may be voiced by rendaku */
			char buf[64];

			if (at == 0 || end - at > sizeof(buf))
				continue;
			memcpy(buf, c->r + at, end - at);
			if (!devoice(buf) ||
			    !dx_lexicon_has_reading(c->lex, buf, end - at))
				continue;
			c->dev[nseg] = 1;
		}
		c->cut[nseg] = end;
		seg_search(c, end, nseg + 1);
	}
}

/* The readings of the index that spell a kana-only item, as groups of
 * the words read so (a phrase each); *out is caller-owned
 * (groups_free). */
static size_t reading_groups(dx_index *idx, const dx_qitem *it,
                             dx_qgroup **out)
{
	dx_buf r = DX_BUF_INIT;
	seg_ctx c;

	*out = NULL;
	if (it->phrase || it->negate || it->field || it->prefix ||
	    !kana_reading(it->text, it->len, &r)) {
		dx_buf_free(&r);
		return 0;
	}
	if (!idx->lex && dx_lexicon_load(&idx->lex, idx->db) < 0) {
		dx_error_clear();
		dx_buf_free(&r);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.lex = idx->lex;
	c.db = idx->db;
	c.r = r.ptr;
	c.len = r.len;
	seg_search(&c, 0, 0);
	dx_buf_free(&r);
	*out = c.alts;
	return c.nalts;
}

/* OR over the reading groups, each a phrase of words. */
static int reading_query(dx_xq **out, const dx_qgroup *g, size_t n)
{
	dx_xq **qs = dx_xcalloc(n, sizeof(dx_xq *));
	size_t i;
	int error = DX_OK;

	for (i = 0; i < n && error == DX_OK; i++)
		error = group_query(&qs[i], &g[i], "");
	if (error == DX_OK)
		error = n == 1 ? dx_xq_scale(out, qs[0], 1.0)
		               : dx_xq_combine(out, DX_XQ_OR, qs, n, 0);
	for (i = 0; i < n; i++)
		dx_xq_free(qs[i]);
	free(qs);
	return error;
}

/* Build the plan: analyze every item, make groups and element queries. */
static int build_plan(plan *p, dx_index *idx, const dx_qitem *items,
                      size_t nitems, const tuning *t)
{
	group_list hl = { NULL, 0, 0 };
	dx_xq **negs = NULL, **clause[NLANES] = { NULL, NULL };
	size_t nnegs = 0, nclause = 0, i, k, l;
	int error = DX_OK, pr;

	for (i = 0; i < nitems && error == DX_OK; i++) {
		group_list gl = { NULL, 0, 0 };
		dx_xq **gq[NLANES] = { NULL, NULL };
		size_t ngq = 0;
		/* An item alone in its clause contributes its groups as
		 * separate elements, so a missing word only demotes. */
		int joins_next = i + 1 < nitems && items[i + 1].or_prev;
		int alone = !items[i].or_prev && !joins_next;

		pr = 0;
		if (items[i].prefix && !items[i].phrase && !items[i].field)
			pr = prefix_item(&gq[STRICT], &gq[LOOSE], &hl, &items[i]);
		if (gq[STRICT])
			ngq = 1;    /* one element, no groups (freed as such) */
		if (pr < 0)
			error = pr;
		else if (pr == 0)
			error = item_groups(&gl, idx, &items[i], p->ex);
		/* Every lane array always has ngq slots (NULL on error). */
		for (k = 0; k < gl.n && error == DX_OK; k++, ngq++) {
			const dx_qgroup *set = NULL;
			size_t nset = dx_synonyms_find(idx->syn, &gl.g[k], &set);
			const char *sub[DX_SUB_MAX];
			size_t nsub = items[i].phrase || items[i].field ? 0 :
			              substring_terms(idx, &gl.g[k], sub);

			if (p->ex)
				dx_explain_group(p->ex, &gl.g[k], nset);
			if (!items[i].negate) {
				for (l = 0; l < nset; l++)
					hl_add_copy(&hl, &set[l]);
				for (l = 0; l < nsub; l++)
					hl_add_term(&hl, sub[l]);
			}
			for (l = 0; l < NLANES; l++) {
				dx_xq *q = NULL;
				if (error == DX_OK && items[i].field)
					error = unit_query(&q, &gl.g[k], set, nset,
					                   items[i].field == DX_QFIELD_TITLE
					                   ? DX_PREFIX_TITLE
					                   : DX_PREFIX_HEADING);
				else if (error == DX_OK)
					error = field_query(&q, &gl.g[k], set, nset,
					                    sub, nsub, t,
					                    l == STRICT);
				gq[l] = dx_xrealloc(gq[l], (ngq + 1) * sizeof(dx_xq *));
				gq[l][ngq] = q;
			}
		}
		/* A kana-only item may also be spelled by the readings of
		 * indexed words (ひなんじょ → 避難 所): the item becomes one
		 * element, its groups ANDed OR one of its spellings. */
		if (error == DX_OK && ngq > 0 && !items[i].negate) {
			dx_qgroup *rg = NULL;
			size_t nrg = reading_groups(idx, &items[i], &rg);
			dx_xq *rq = NULL;

			if (nrg > 0 && (error = reading_query(&rq, rg, nrg)) == DX_OK) {
				for (l = 0; l < NLANES; l++) {
					dx_xq *both[2] = { NULL, rq }, *q = NULL;

					if (error == DX_OK)
						error = combine(&both[0], DX_XQ_AND,
						                gq[l], ngq);
					if (error == DX_OK)
						error = dx_xq_combine(&q, DX_XQ_OR, both,
						                      2, 0);
					dx_xq_free(both[0]);
					free_qs(gq[l], ngq);
					gq[l] = dx_xcalloc(1, sizeof(dx_xq *));
					gq[l][0] = q;
				}
				ngq = 1;
				for (l = 0; l < nrg; l++)
					hl_add_copy(&hl, &rg[l]);
			}
			dx_xq_free(rq);
			groups_free(rg, nrg);
		}
		if (error == DX_OK && ngq > 0) {
			if (items[i].negate) {
				dx_xq *q = NULL;
				error = combine(&q, DX_XQ_AND, gq[LOOSE], ngq);
				if (error == DX_OK)
					push_q(&negs, &nnegs, q);
			} else if (alone) {
				for (k = 0; k < ngq; k++, p->nelems++)
					for (l = 0; l < NLANES; l++) {
						size_t n = p->nelems;
						push_q(&p->elems[l], &n, gq[l][k]);
						gq[l][k] = NULL;
					}
			} else {
				for (l = 0; l < NLANES; l++) {
					dx_xq *q = NULL;
					size_t n = nclause;
					if (error == DX_OK)
						error = combine(&q, DX_XQ_AND,
						                gq[l], ngq);
					push_q(&clause[l], &n, q);
				}
				nclause++;
			}
		}
		/* The end of an OR clause: its items become one element. */
		if (error == DX_OK && nclause > 0 && !joins_next) {
			for (l = 0; l < NLANES; l++) {
				dx_xq *c = NULL;
				size_t n = p->nelems;
				if (error == DX_OK)
					error = combine(&c, DX_XQ_OR, clause[l],
					                nclause);
				push_q(&p->elems[l], &n, c);
				free_qs(clause[l], nclause);
				clause[l] = NULL;
			}
			p->nelems++;
			nclause = 0;
		}
		/* Positive groups of the text move to the highlight list. */
		if (items[i].negate || items[i].field) {
			groups_free(gl.g, gl.n);
		} else {
			for (k = 0; k < gl.n; k++) {
				if (hl.n == hl.cap) {
					hl.cap = hl.cap ? hl.cap * 2 : 8;
					hl.g = dx_xrealloc(hl.g,
					                   hl.cap * sizeof(dx_qgroup));
				}
				hl.g[hl.n++] = gl.g[k];
			}
			free(gl.g);
		}
		for (l = 0; l < NLANES; l++)
			free_qs(gq[l], ngq);
	}
	for (l = 0; l < NLANES; l++)
		free_qs(clause[l], nclause);
	if (error == DX_OK && nnegs > 0)
		error = combine(&p->negative, DX_XQ_OR, negs, nnegs);
	free_qs(negs, nnegs);
	p->hl = hl.g;
	p->nhl = hl.n;
	return error;
}

/* ---- running ------------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* q AND_NOT negative (q is consumed into *out). */
static int apply_negative(dx_xq **out, dx_xq *q, const dx_xq *neg)
{
	dx_xq *pair[2];
	int error;

	if (!neg) {
		*out = q;
		return DX_OK;
	}
	pair[0] = q;
	pair[1] = (dx_xq *)neg;
	error = dx_xq_combine(out, DX_XQ_AND_NOT, pair, 2, 0);
	dx_xq_free(q);
	return error;
}

/* --explain: the weight each matching term of hit i contributes, as
 * BM25 of that term alone on that passage (found by its unique term),
 * times the field's scale for title and heading terms. */
static int explain_hit(dx_index *idx, const plan *p, const dx_xmset *m,
                       size_t i, const hit_slot *s, int tier)
{
	dx_xsearch_opts so = DX_XSEARCH_OPTS_INIT;
	dx_buf terms = DX_BUF_INIT, uniq = DX_BUF_INIT;
	size_t at = 0;
	int error;

	so.k1 = p->t.k1;
	so.b = p->t.b;
	so.min_normlen = p->t.min_normlen;
	dx_explain_hit(p->ex, s->hit.rank, tier, s->hit.path, s->hit.passage);
	dx_buf_puts(&uniq, DX_PREFIX_UNIQUE);
	dx_article_key(&uniq, s->hit.path, strlen(s->hit.path));
	dx_buf_printf(&uniq, "#%u", s->hit.passage);
	if ((error = dx_xmset_matching_terms(m, i, &terms)) < 0)
		goto done;
	while (at < terms.len && error == DX_OK) {
		const char *t = terms.ptr + at;
		size_t len = strlen(t);
		dx_xq *q[2] = { NULL, NULL }, *f = NULL;
		dx_xmset *one = NULL;
		double w = 0, scale = 1;

		if (len && t[0] == DX_PREFIX_TITLE[0])
			scale = p->t.title;
		else if (len && t[0] == DX_PREFIX_HEADING[0])
			scale = p->t.heading;
		if ((error = dx_xq_term(&q[0], t, len, 1, 0)) == DX_OK &&
		    (error = dx_xq_term(&q[1], uniq.ptr, uniq.len, 1, 0)) == DX_OK &&
		    (error = dx_xq_combine(&f, DX_XQ_FILTER, q, 2, 0)) == DX_OK &&
		    (error = dx_xdb_search(&one, idx->db, f, 0, 1, 1, &so)) == DX_OK &&
		    dx_xmset_size(one) > 0)
			w = dx_xmset_weight(one, 0) * scale;
		if (error == DX_OK)
			dx_explain_term(p->ex, t, len, w);
		dx_xmset_free(one);
		dx_xq_free(f);
		dx_xq_free(q[0]);
		dx_xq_free(q[1]);
		at += len + 1;
	}
done:
	dx_buf_free(&terms);
	dx_buf_free(&uniq);
	return error;
}

/* Fill a result slot from the document at mset index i. */
static int fill_hit(hit_slot *s, dx_index *idx, const plan *p,
                    const dx_xmset *m, size_t i, unsigned int rank, int tier)
{
	dx_buf data = DX_BUF_INIT, snip = DX_BUF_INIT;
	const char *f[DX_FIELD_COUNT];
	size_t flen[DX_FIELD_COUNT], pos, k;
	int error;

	memset(s, 0, sizeof(*s));
	if ((error = dx_xmset_data(m, i, &data)) < 0)
		goto done;
	pos = strlen(DX_RECORD_TAG);
	if (data.len < pos || memcmp(data.ptr, DX_RECORD_TAG, pos) != 0) {
		error = dx_error_set(DX_ECORRUPT,
		                     "passage data has an unknown format");
		goto done;
	}
	for (k = 0; k < DX_FIELD_COUNT; k++)
		if (dx_record_get(data.ptr, data.len, &pos, &f[k], &flen[k]) < 0) {
			error = dx_error_set(DX_ECORRUPT,
			                     "passage data is truncated");
			goto done;
		}
	for (k = 0; k < DX_FIELD_COUNT; k++)
		if (k != DX_FIELD_PASSAGE)
			s->strings[k] = dx_xstrndup(f[k], flen[k]);
	s->hit.rank = rank;
	s->hit.score = dx_xmset_weight(m, i);
	s->hit.path = s->strings[DX_FIELD_PATH];
	s->hit.url = flen[DX_FIELD_URL] ? s->strings[DX_FIELD_URL] : NULL;
	s->hit.title = s->strings[DX_FIELD_TITLE];
	s->hit.heading = s->strings[DX_FIELD_HEADING];
	s->hit.anchor = s->strings[DX_FIELD_ANCHOR];
	/* Fields are not NUL-terminated: parse the passage number by hand. */
	s->hit.passage = 0;
	for (k = 0; k < flen[DX_FIELD_PASSAGE] && k < 9; k++)
		s->hit.passage = s->hit.passage * 10 +
		                 (unsigned int)(f[DX_FIELD_PASSAGE][k] - '0');
	s->hit.text = s->strings[DX_FIELD_TEXT];
	s->hit.text_len = flen[DX_FIELD_TEXT];
	error = dx_highlight(idx->ss, s->hit.text, s->hit.text_len, p->hl,
	                     p->nhl, &s->spans, &s->hit.n_highlights);
	if (error < 0)
		goto done;
	s->hit.highlights = s->spans;
	dx_snippet(&snip, s->hit.text, s->hit.text_len, s->spans,
	           s->hit.n_highlights, 160);
	s->strings[DX_FIELD_PASSAGE] = dx_buf_detach(&snip);
	s->hit.snippet = s->strings[DX_FIELD_PASSAGE];
	if (p->ex)
		error = explain_hit(idx, p, m, i, s, tier);
done:
	dx_buf_free(&data);
	dx_buf_free(&snip);
	return error;
}

static void slot_free(hit_slot *s)
{
	size_t k;

	for (k = 0; k < 7; k++)
		free(s->strings[k]);
	free(s->spans);
}

static void result_push(dx_result *r, size_t *cap)
{
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		r->slots = dx_xrealloc(r->slots, *cap * sizeof(hit_slot));
	}
}

/* Article path of mset entry i (the collapse value). */
static char *article_of(const dx_xmset *m, size_t i)
{
	dx_buf v = DX_BUF_INIT;

	if (dx_xmset_value(m, i, DX_SLOT_ARTICLE, &v) < 0) {
		dx_buf_free(&v);
		return dx_xstrdup("");
	}
	return dx_buf_detach(&v);
}

static int explain_query(dx_explain *ex, int tier, const dx_xq *q)
{
	dx_buf d = DX_BUF_INIT;
	int error = dx_xq_describe(q, &d);

	if (error == DX_OK)
		dx_explain_query(ex, tier, dx_buf_cstr(&d));
	dx_buf_free(&d);
	return error;
}

static int run_tiers(dx_result *r, dx_index *idx, const plan *p,
                     const dx_search_options *o, const tuning *t)
{
	dx_xsearch_opts so = DX_XSEARCH_OPTS_INIT;
	dx_xq *all = NULL, *any = NULL, *tier1 = NULL, *tier2 = NULL;
	dx_xmset *m1 = NULL, *m2 = NULL;
	char **seen = NULL;
	size_t nseen = 0, want = o->offset + o->limit, cap = 0, i, skip;
	int error;

	so.k1 = t->k1;
	so.b = t->b;
	so.min_normlen = t->min_normlen;
	so.collapse_slot = o->per_article ? DX_SLOT_ARTICLE : -1;
	so.collapse_max = o->per_article;

	if ((error = dx_xq_combine(&all, DX_XQ_AND, p->elems[STRICT],
	                           p->nelems, 0)) < 0)
		goto done;
	if ((error = apply_negative(&tier1, all, p->negative)) < 0) {
		all = NULL;
		goto done;
	}
	all = NULL;
	if (p->ex && (error = explain_query(p->ex, 1, tier1)) < 0)
		goto done;
	if ((error = dx_xdb_search(&m1, idx->db, tier1, 0, want, want + 1,
	                           &so)) < 0)
		goto done;
	r->total = dx_xmset_estimated(m1);
	for (i = o->offset; i < dx_xmset_size(m1); i++) {
		result_push(r, &cap);
		if ((error = fill_hit(&r->slots[r->n], idx, p, m1, i,
		                      (unsigned int)(i + 1), 1)) < 0) {
			slot_free(&r->slots[r->n]);
			goto done;
		}
		r->n++;
	}
	/* Tier 2 only when tier 1 is exhausted within the page and some
	 * passages could match part of the query. */
	if (dx_xmset_size(m1) >= want)
		goto done;
	nseen = dx_xmset_size(m1);
	if (o->per_article) {
		seen = dx_xcalloc(nseen ? nseen : 1, sizeof(char *));
		for (i = 0; i < nseen; i++)
			seen[i] = article_of(m1, i);
	}
	{
		dx_xq *pair[2];

		if ((error = dx_xq_combine(&any, DX_XQ_OR, p->elems[LOOSE],
		                           p->nelems, 0)) < 0)
			goto done;
		pair[0] = any;
		pair[1] = tier1;
		if ((error = dx_xq_combine(&tier2, DX_XQ_AND_NOT, pair, 2, 0)) < 0)
			goto done;
		dx_xq_free(any);
		any = NULL;
		if ((error = apply_negative(&any, tier2, p->negative)) < 0) {
			tier2 = NULL;
			goto done;
		}
		tier2 = any;
		any = NULL;
	}
	if (p->ex && (error = explain_query(p->ex, 2, tier2)) < 0)
		goto done;
	if ((error = dx_xdb_search(&m2, idx->db, tier2, 0, want + nseen,
	                           want + nseen + 1, &so)) < 0)
		goto done;
	r->total = nseen + dx_xmset_estimated(m2);
	skip = o->offset > nseen ? o->offset - nseen : 0;
	for (i = 0; i < dx_xmset_size(m2) && r->n < o->limit; i++) {
		size_t k;

		if (o->per_article) {
			char *a = article_of(m2, i);
			for (k = 0; k < nseen && strcmp(a, seen[k]); k++)
				;
			free(a);
			if (k < nseen)
				continue;   /* its article is already in tier 1 */
		}
		if (skip > 0) {
			skip--;
			continue;
		}
		result_push(r, &cap);
		if ((error = fill_hit(&r->slots[r->n], idx, p, m2, i,
		                      (unsigned int)(o->offset + r->n + 1), 2)) < 0) {
			slot_free(&r->slots[r->n]);
			goto done;
		}
		r->n++;
	}
done:
	for (i = 0; seen && i < nseen; i++)
		free(seen[i]);
	free(seen);
	dx_xq_free(all);
	dx_xq_free(any);
	dx_xq_free(tier1);
	dx_xq_free(tier2);
	dx_xmset_free(m1);
	dx_xmset_free(m2);
	return error;
}

int dx_search(dx_result **out, dx_index *idx, const char *query,
              size_t query_len, const dx_search_options *opts)
{
	dx_search_options o = DX_SEARCH_OPTIONS_INIT;
	dx_qitem *items = NULL;
	size_t nitems = 0, i;
	dx_result *r;
	tuning t = get_tuning();
	plan p;
	double t0 = now_ms();
	int error, blank = 1, changed = 0;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if (opts && opts->version >= 2)
		o = *opts;
	else if (opts)   /* version 1: no explain field */
		memcpy(&o, opts, offsetof(dx_search_options, explain));
	if (!query)
		return dx_error_set(DX_EQUERY, "empty query");
	for (i = 0; i < query_len && blank; i++)
		blank = query[i] == ' ' || query[i] == '\t' ||
		        query[i] == '\n' || query[i] == '\r';
	if (blank)
		return dx_error_set(DX_EQUERY, "empty query");
	if (query_len > 4096)
		return dx_error_set(DX_EQUERY,
		                    "query too long (%zu bytes; at most 4096)",
		                    query_len);

	r = dx_xcalloc(1, sizeof(*r));
	if ((error = dx_xdb_reopen(idx->db, &changed)) < 0)
		goto done;
	if (changed) {
		dx_lexicon_free(idx->lex);
		idx->lex = NULL;
	}
	dx_query_parse(&items, &nitems, query, query_len);
	if (o.explain) {
		dx_norm nq;

		if ((error = dx_normalize(&nq, query, query_len)) < 0)
			goto done;
		r->ex = dx_explain_new(nq.text, nq.len);
		dx_norm_free(&nq);
	}
	p.ex = r->ex;
	p.t = t;
	if ((error = build_plan(&p, idx, items, nitems, &t)) < 0)
		goto done;
	/* Nothing searchable (only symbols, or only exclusions): no hits. */
	if (p.nelems > 0)
		error = run_tiers(r, idx, &p, &o, &t);
done:
	r->took_ms = now_ms() - t0;
	plan_free(&p);
	dx_query_items_free(items);
	if (error < 0) {
		dx_result_free(r);
		return error;
	}
	*out = r;
	return DX_OK;
}

size_t dx_result_count(const dx_result *res)
{
	return res ? res->n : 0;
}

const dx_hit *dx_result_hit(const dx_result *res, size_t i)
{
	return res && i < res->n ? &res->slots[i].hit : NULL;
}

uint64_t dx_result_total(const dx_result *res)
{
	return res ? res->total : 0;
}

double dx_result_took_ms(const dx_result *res)
{
	return res ? res->took_ms : 0;
}

void dx_result_free(dx_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->n; i++)
		slot_free(&res->slots[i]);
	free(res->slots);
	dx_explain_free(res->ex);
	free(res);
}

const char *dx_result_explain(const dx_result *res)
{
	return res && res->ex ? dx_explain_json(res->ex) : NULL;
}

const char *dx_result_explain_text(const dx_result *res)
{
	return res && res->ex ? dx_explain_text(res->ex) : NULL;
}
