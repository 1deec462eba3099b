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
 * (with lower weight) the article title or the passage heading.  An
 * unquoted group also matches wherever its text is a substring of the
 * passage's text, however MeCab cut it there (substring.h).
 *
 * Items joined by OR form one clause; clauses are ANDed.  Ranking tiers:
 * first the passages whose text matches every clause as analyzed (BM25,
 * title and heading matches adding weight), then those that match every
 * clause counting substrings, then, so that a query never comes back
 * empty because one word is missing, those matching some of them (or
 * matching through the title or heading only).  Excluded items remove
 * passages from every tier.  Within a tier, two signals add to BM25: a
 * bonus for passages where adjacent query words stand close together
 * (near_build), and the article signal, for hits whose article has
 * other matching passages (article_order).
 */
#define _XOPEN_SOURCE 700   /* realpath() */

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "buf.h"
#include "dicts.h"
#include "errors.h"
#include "explain.h"
#include "facet.h"
#include "filter.h"
#include "highlight.h"
#include "lexicon.h"
#include "okurigana.h"
#include "normalize.h"
#include "utf8.h"
#include "parse.h"
#include "record.h"
#include "schema.h"
#include "search.h"
#include "substring.h"
#include "synonyms.h"
#include "xdb.h"

struct dx_index {
	dx_xdb      *db;
	dx_analyzer *an;
	dx_session  *ss;
	dx_synonyms *syn;    /* NULL: no synonym file */
	dx_lexicon  *lex;    /* body terms; NULL until needed; after a
	                        commit, the newest built (index_reopen) */
	int          lex_old;/* lex is an older revision's: the latest's is
	                        being built (lexicon.h) */
	char        *path;   /* the database, for the lexicon builder */
};

typedef struct {
	dx_hit  hit;
	char   *strings[DX_FIELD_COUNT]; /* owned copies behind the hit's
	                                    pointers */
	dx_span *spans;
	char  **tags;         /* the hit's tags (owned) */
	size_t  ntags;
	char   *date;         /* owned; NULL: none */
} hit_slot;

struct dx_result {
	hit_slot   *slots;
	size_t      n;
	uint64_t    total;
	double      took_ms;
	dx_explain *ex;       /* NULL unless explain was asked for */
	int         unquoted; /* the quotes were dropped (phrase_words) */
};

/* Ranking knobs, tuned on tests/relevance (see README).  The environment
 * variable DXSEARCH_TUNE="k1=…,b=…,title=…,heading=…" (and min_normlen,
 * sub, split, near, near_slack, near_pool, art, art_pool, art_check) overrides
 * them for the tuning script (scripts/tune.sh). */
typedef struct {
	double k1, b, min_normlen, title, heading, sub;
	double split;                         /* a run's words apart */
	double near, near_slack, near_pool;   /* proximity (near_build) */
	double art, art_pool, art_check;      /* articles (article_order) */
} tuning;

static tuning get_tuning(void)
{
	tuning t = { 1.6, 0.3, 0.5, 0.2, 0.1, 0.5, 0.5, 1.0, 12, 10, 0.1, 30,
	             300 };
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
			else if (!strcmp(key, "split")) t.split = v;
			else if (!strcmp(key, "near")) t.near = v;
			else if (!strcmp(key, "near_slack")) t.near_slack = v;
			else if (!strcmp(key, "near_pool")) t.near_pool = v;
			else if (!strcmp(key, "art")) t.art = v;
			else if (!strcmp(key, "art_pool")) t.art_pool = v;
			else if (!strcmp(key, "art_check")) t.art_check = v;
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
	dx_buf schema = DX_BUF_INIT, fp = DX_BUF_INIT, dict = DX_BUF_INIT,
	       recorded = DX_BUF_INIT;
	const char *asked = opts ? opts->dict_dir : NULL;
	uint64_t count = 0;
	int error;

	*out = NULL;
	if (!path || !*path)
		return dx_error_set(DX_EINVAL, "no index path given");
	idx = dx_xcalloc(1, sizeof(*idx));
	{
		char real[PATH_MAX];

		idx->path = dx_xstrdup(realpath(path, real) ? real : path);
	}
	if ((error = dx_xdb_open(&idx->db, path, DX_XDB_READ)) < 0) {
		if (error == DX_ENOTFOUND)
			dx_error_set(DX_ENOTFOUND,
			             "no index at %s: run 'dxsearch index' first",
			             path);
		goto fail;
	}
	/* the dictionary the index was built with, unless told */
	if ((error = dx_dict_choose(idx->db, asked, &dict, &recorded)) < 0 ||
	    (error = dx_analyzer_open(&idx->an, dx_buf_cstr(&dict))) < 0 ||
	    (error = dx_session_new(&idx->ss, idx->an)) < 0 ||
	    (error = dx_xdb_get_metadata(idx->db, DX_META_SCHEMA, &schema)) < 0 ||
	    (error = dx_xdb_get_metadata(idx->db, DX_META_ANALYZER, &fp)) < 0 ||
	    (error = dx_xdb_doccount(idx->db, &count)) < 0)
		goto fail;
	if (count > 0 && !strcmp(dx_buf_cstr(&schema), DX_SCHEMA_VERSION) &&
	    (error = dx_dict_mismatch(dx_buf_cstr(&fp),
	                              dx_analyzer_fingerprint(idx->an),
	                              dx_buf_cstr(&recorded), asked,
	                              dx_buf_cstr(&dict), path)) < 0)
		goto fail;
	if (count > 0 && !strcmp(dx_buf_cstr(&schema), DX_SCHEMA_VERSION) &&
	    dx_fingerprint_userdic_differs(dx_buf_cstr(&fp),
	                                   dx_analyzer_fingerprint(idx->an))) {
		error = dx_error_set(DX_ESTALE, "the user dictionary changed "
			"since the index at %s was built: re-index with "
			"'dxsearch index --rebuild'", path);
		goto fail;
	}
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
	dx_buf_free(&dict);
	dx_buf_free(&recorded);
	*out = idx;
	return DX_OK;
fail:
	dx_buf_free(&schema);
	dx_buf_free(&fp);
	dx_buf_free(&dict);
	dx_buf_free(&recorded);
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
	free(idx->path);
	free(idx);
}

int dx_index_passage_count(dx_index *idx, uint64_t *out)
{
	int error = dx_xdb_reopen(idx->db, NULL);

	return error < 0 ? error : dx_xdb_doccount(idx->db, out);
}

/* ---- query building ------------------------------------------------ */

/* A query token: surface and optional base form; its bytes in the
 * item's text, and those of its run (the tokens at consecutive
 * positions around it: no symbol between them). */
typedef struct {
	char        *surface;
	char        *base;
	dx_pos_class pclass;
	uint32_t     pos;
	size_t       start, end, run_start, run_end;
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
	l->toks[l->n].start = tok->start;
	l->toks[l->n].end = tok->end;
	l->n++;
	return 0;
}

/* Set each token's run (see qtok). */
static void qtoks_runs(qtok_list *l)
{
	size_t i = 0, j, k;

	while (i < l->n) {
		for (j = i + 1; j < l->n &&
		     l->toks[j].pos == l->toks[j - 1].pos + 1; j++)
			;
		for (k = i; k < j; k++) {
			l->toks[k].run_start = l->toks[i].start;
			l->toks[k].run_end = l->toks[j - 1].end;
		}
		i = j;
	}
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

/* The groups of one item, appended to *groups; with each, the bytes of
 * the item's text it covers and of its run (0, 0 when it has several). */
typedef struct {
	size_t start, end, run_start, run_end;
} group_span;

typedef struct {
	dx_qgroup  *g;
	size_t      n, cap;
	group_span *span;   /* NULL in the highlight list */
} group_list;

static void group_add(group_list *gl, const qtok *toks, size_t n)
{
	dx_qgroup *g;
	group_span *sp;
	size_t i;

	if (gl->n == gl->cap) {
		gl->cap = gl->cap ? gl->cap * 2 : 8;
		gl->g = dx_xrealloc(gl->g, gl->cap * sizeof(dx_qgroup));
		gl->span = dx_xrealloc(gl->span, gl->cap * sizeof(group_span));
	}
	sp = &gl->span[gl->n];
	sp->start = toks[0].start;
	sp->end = toks[n - 1].end;
	sp->run_start = sp->run_end = 0;
	if (toks[0].run_start == toks[n - 1].run_start) {
		sp->run_start = toks[0].run_start;
		sp->run_end = toks[0].run_end;
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
	size_t i = 0, before = gl->n, end;

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
	if (gl->n > before)
		return;
	/* Only particles or stopwords ("の", "する"): search them as typed,
	 * a phrase for each run (a phrase never spans a symbol). */
	for (i = 0; i < l->n; i = end) {
		for (end = i + 1; end < l->n &&
		     l->toks[end].run_start == l->toks[i].run_start; end++)
			;
		group_add(gl, l->toks + i, end - i);
	}
}

/* The alternatives of p, then for each one spelled in kanji and
 * hiragana its okurigana key (okurigana.h) as a word and as a V term,
 * so that 申し込み, 申込み and 申込 find each other; NULL-terminated,
 * without repeats, the caller frees each and the array. */
static char **okurigana_alts(const dx_qpos *p)
{
	char **w = dx_xcalloc(3 * p->nalts + 1, sizeof(char *));
	char key[DX_TERM_MAX + 1];
	size_t n = 0, a, i, klen;
	int kana, v;

	for (a = 0; a < p->nalts; a++)
		w[n++] = dx_xstrdup(p->alts[a]);
	for (a = 0; a < p->nalts; a++) {
		klen = dx_okurigana_key(p->alts[a], strlen(p->alts[a]),
		                        key + 1, &kana);
		for (v = 0; klen && v < 2; v++) {
			char *t = v ? key : key + 1;

			key[0] = DX_PREFIX_VARIANT[0];
			t[klen + (size_t)v] = '\0';
			for (i = 0; i < n && strcmp(w[i], t) != 0; i++)
				;
			if (i == n)
				w[n++] = dx_xstrdup(t);
		}
	}
	return w;
}

/* A phrase that IPADIC cut inside one word (申|込み: a word and its
 * suffix) also matches that word's okurigana key, as one term:
 * *q = SYNONYM(*q, key, V key). */
static int okurigana_phrase(dx_xq **q, const dx_qgroup *g,
                            const char *prefix)
{
	dx_buf joined = DX_BUF_INIT, term = DX_BUF_INIT;
	char key[DX_TERM_MAX];
	dx_xq *alts[3] = { *q, NULL, NULL }, *out = NULL;
	size_t k, i, klen = 0;
	int kana = 0, error = DX_OK, v;

	for (k = 0; k < g->npos; k++)
		dx_buf_puts(&joined, g->pos[k].alts[0]);
	/* okurigana follow a kanji: a run that starts with kana words (the
	 * reading group ある|ば|意図) is not one word, and its key (意図)
	 * would match far too much */
	i = 0;
	if (joined.len <= DX_TERM_MAX && joined.len &&
	    dx_utf8_is_kanji(dx_utf8_next(joined.ptr, joined.len, &i)))
		klen = dx_okurigana_key(joined.ptr, joined.len, key, &kana);
	for (v = 0; klen && kana && v < 2 && error == DX_OK; v++) {
		dx_buf_clear(&term);
		dx_buf_puts(&term, prefix);
		if (v)
			dx_buf_puts(&term, DX_PREFIX_VARIANT);
		dx_buf_put(&term, key, klen);
		error = dx_xq_term(&alts[1 + v], term.ptr, term.len, 1, 1);
	}
	if (klen && kana && error == DX_OK &&
	    (error = dx_xq_combine(&out, DX_XQ_SYNONYM, alts, 3, 0)) == DX_OK) {
		dx_xq_free(*q);
		*q = out;
	}
	dx_xq_free(alts[1]);
	dx_xq_free(alts[2]);
	dx_buf_free(&joined);
	dx_buf_free(&term);
	return error;
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
		char **words = okurigana_alts(&g->pos[k]);
		size_t na = 0;
		dx_xq **alts;

		while (words[na])
			na++;
		alts = dx_xcalloc(na ? na : 1, sizeof(dx_xq *));
		for (a = 0; a < na && error == DX_OK; a++) {
			dx_buf_clear(&term);
			dx_buf_puts(&term, prefix);
			dx_buf_puts(&term, words[a]);
			error = dx_xq_term(&alts[a], term.ptr, term.len, 1,
			                   (uint32_t)(k + 1));
		}
		for (a = 0; words[a]; a++)
			free(words[a]);
		free(words);
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
			if (error == DX_OK)
				error = okurigana_phrase(out, g, prefix);
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

/* *out = *exact OR sub-weight × SYNONYM(*exact, layer): the layer's
 * matches weigh less than the exact ones, as one term whose frequency
 * includes the exact matches (so a rare container of the word cannot
 * outweigh the word itself). */
static int substring_query(dx_xq **out, dx_xq *const *exact,
                           const dx_xq *layer, const tuning *t)
{
	dx_xq *syn = NULL, *pair[2] = { *exact, (dx_xq *)layer };
	int error;

	*out = NULL;
	if ((error = dx_xq_combine(&syn, DX_XQ_SYNONYM, pair, 2, 0)) < 0)
		return error;
	pair[1] = NULL;
	error = dx_xq_scale(&pair[1], syn, t->sub);
	if (error == DX_OK)
		error = dx_xq_combine(out, DX_XQ_OR, pair, 2, 0);
	dx_xq_free(syn);
	dx_xq_free(pair[1]);
	return error;
}

/* The substring layer (substring.h) of text[0..len), normalized first;
 * *layer is NULL if there is none. */
static int text_layer(dx_xq **layer, dx_index *idx, const char *text,
                      size_t len, const char *skip, dx_qgroup **hl,
                      size_t *nhl)
{
	dx_norm n;
	int error;

	*layer = NULL;
	if ((error = dx_normalize(&n, text, len)) < 0)
		return error;
	error = dx_substring_layer(layer, idx->lex, n.text, n.len, skip, hl,
	                           nhl);
	dx_norm_free(&n);
	return error;
}

/* The lexicon of idx (lexicon.h), loaded on first use: the latest
 * revision's, or an older one's while that is built (index_reopen
 * moves on to it); NULL if none can be loaded. */
static const dx_lexicon *index_lexicon(dx_index *idx)
{
	int got;

	if (idx->lex)
		return idx->lex;
	if ((got = dx_lexicon_latest(&idx->lex, idx->db, idx->path)) < 0)
		dx_error_clear();
	idx->lex_old = got > 0;
	return idx->lex;
}

/* The substring layers of a group: *word for the group's own text
 * (空港 inside 関西国際空港, 市計 across 都市|計画), *run for the text of
 * its run in the item when that is longer (its tokens and the particles
 * and other words around it, up to a symbol): a fragment of a text that
 * MeCab cuts into odd groups (で見つ → 見, つ) is found whole.  NULL when
 * there is none; their highlight groups join hl. */
static int group_layers(dx_xq **word, dx_xq **run, dx_index *idx,
                        const dx_qitem *it, const dx_qgroup *g,
                        const group_span *sp, dx_qgroup **hl, size_t *nhl)
{
	int whole = sp->run_start == sp->start && sp->run_end == sp->end;
	int error = DX_OK;

	*word = *run = NULL;
	if (!index_lexicon(idx))
		return DX_OK;   /* no layer; the exact match still works */
	/* One character inside a longer query (夜 of 夜でも問い合わせ) is too
	 * weak a word to find the words that hold it (夜間): its run does. */
	if (whole || dx_utf8_count(it->text + sp->start,
	                           sp->end - sp->start) > 1)
		error = text_layer(word, idx, it->text + sp->start,
		                   sp->end - sp->start,
		                   g->npos == 1 ? g->pos[0].alts[0] : NULL, hl,
		                   nhl);
	if (error == DX_OK && sp->run_end > sp->run_start && !whole)
		error = text_layer(run, idx, it->text + sp->run_start,
		                   sp->run_end - sp->run_start, NULL, hl, nhl);
	return error;
}

/* SYNONYM of a and b, either may be NULL (*out NULL if both are). */
static int either(dx_xq **out, dx_xq *a, dx_xq *b)
{
	dx_xq *pair[2] = { a, b };

	*out = NULL;
	if (a && b)
		return dx_xq_combine(out, DX_XQ_SYNONYM, pair, 2, 0);
	return a || b ? dx_xq_scale(out, a ? a : b, 1.0) : DX_OK;
}

/* Whether s is ASCII letters and digits only. */
static int ascii_word(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      (*s >= 'A' && *s <= 'Z')))
			return 0;
	return 1;
}

/* A run of words (a noun compound, searched as a phrase) relaxed for the
 * partial-match tier: *q = OR(phrase, weight × OR of its words), so that
 * the words found apart (カーネル … メッセージ) still give a result,
 * below the passages that hold the run itself. */
static int split_words(dx_xq **q, const dx_qgroup *g, double weight)
{
	dx_xq **w = dx_xcalloc(g->npos, sizeof(dx_xq *)), *pair[2] = { *q, NULL };
	dx_xq *any = NULL, *both = NULL;
	size_t k;
	int error = DX_OK;

	/* An identifier that MeCab cut (k01234 → k, 01234) stays whole. */
	for (k = 1; k < g->npos; k++)
		if (ascii_word(g->pos[k - 1].alts[0]) &&
		    ascii_word(g->pos[k].alts[0])) {
			free(w);
			return DX_OK;
		}
	for (k = 0; k < g->npos && error == DX_OK; k++) {
		dx_qgroup one = { (dx_qpos *)&g->pos[k], 1 };

		error = group_query(&w[k], &one, "");
	}
	if (error == DX_OK)
		error = dx_xq_combine(&any, DX_XQ_OR, w, g->npos, 0);
	if (error == DX_OK)
		error = dx_xq_scale(&pair[1], any, weight);
	if (error == DX_OK)
		error = dx_xq_combine(&both, DX_XQ_OR, pair, 2, 0);
	if (error == DX_OK) {
		dx_xq_free(*q);
		*q = both;
	}
	for (k = 0; k < g->npos; k++)
		dx_xq_free(w[k]);
	free(w);
	dx_xq_free(any);
	dx_xq_free(pair[1]);
	return error;
}

/* The query for one group.  Loose: body OR weighted title OR weighted
 * heading; with `apart` (words_apart), a run of words also matches its
 * words apart (split_words).  Strict: the body must match, title and
 * heading only add weight (AND_MAYBE). */
static int field_query(dx_xq **out, const dx_qgroup *g, const dx_qgroup *set,
                       size_t nset, const dx_xq *layer,
                       const tuning *t, int strict, const dx_qgroup *apart)
{
	dx_xq *f[3] = { NULL, NULL, NULL }, *tmp = NULL, *boost = NULL;
	int error;

	*out = NULL;
	if ((error = unit_query(&f[0], g, set, nset, "")) < 0)
		goto done;
	if (apart && apart->npos > 1 && !strict &&
	    (error = split_words(&f[0], apart, t->split)) < 0)
		goto done;
	if (layer) {
		/* The substring layer, weaker. */
		if ((error = substring_query(&tmp, &f[0], layer, t)) < 0)
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

/* Three lanes of the same query structure, one per ranking tier: EXACT
 * (every word in the passage body, as the query's analysis cut it)
 * ranks tier 1; STRICT (every word in the body, some perhaps only as a
 * substring: the substring layer) tier 2; LOOSE (a word may match the
 * title or heading instead, or be missing) finds the partial matches of
 * tier 3, where a word may be inside another (申込 in 申込み) but a
 * fragment is not looked for whole (see group_layers).
 * Tier 2 runs only when tier 1 does not fill the page, so the layer
 * costs no search time when the exact words suffice. */
enum { EXACT, STRICT, LOOSE, NLANES };

/* The signals of the tier being run: the passages that may gain the
 * proximity bonus on tier 3 (near_pooled: their docids), and the
 * order of the hits after the article signal (article_order: mset
 * indices, with each one's gain and matching passages; NULL when off). */
typedef struct {
	uint32_t *pool;
	size_t    npool;
	size_t   *order;
	double   *gain;
	uint64_t *count;
} tier_sig;

typedef struct {
	dx_xq    **elems[NLANES];  /* positive elements (clauses), ANDed */
	size_t     nelems;
	int        layered;        /* some element has a substring layer */
	dx_xq     *negative;       /* OR of excluded items, or NULL */
	dx_xq     *filter;         /* path:/tag:/date: filters, or NULL */
	dx_qgroup *hl;             /* groups to highlight */
	size_t     nhl;
	dx_explain *ex;            /* borrowed; NULL: no explain */
	tuning     t;
	dx_xq    **near_units;     /* proximity (near_add): a term or OR */
	size_t     nnear, near_groups;
	size_t    *near_first;     /* each group's first unit */
	dx_xq     *near;           /* the proximity bonus, or NULL */
	tier_sig  *sig;            /* the tier's signals (owned) */
} plan;

static void sig_clear(tier_sig *sg);

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
	dx_xq_free(p->filter);
	groups_free(p->hl, p->nhl);
	for (i = 0; i < p->nnear; i++)
		dx_xq_free(p->near_units[i]);
	free(p->near_units);
	free(p->near_first);
	dx_xq_free(p->near);
	sig_clear(p->sig);
	free(p->sig);
	p->sig = NULL;
	p->near_first = NULL;
	p->near_units = NULL;
	p->near = NULL;
	p->nnear = p->near_groups = 0;
	p->negative = NULL;
	p->filter = NULL;
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

/* ---- proximity ------------------------------------------------------ */

/* Passages where the query's words stand close together get a bonus,
 * as in the sequential dependence model: for each two adjacent groups
 * of the query, NEAR over their units (one per query token: the term,
 * or an OR of its spellings -- Xapian 1.4's NEAR takes nothing else)
 * within a window of their tokens plus near_slack positions; the OR of
 * these, scaled by `near`, is AND_MAYBE'd onto the tier's query.  NEAR
 * weighs the sum of its terms' weights, so a pair close together adds
 * about `near` times the two words' own weight.  Tiers 1 and 2 take it
 * whole (their passages have every word, so few are checked); tier 3
 * only for its top passages (near_pooled).  Only for the groups of items
 * alone in their clause; a pair of more than DX_NEAR_MAX_TOKENS tokens
 * is left out. */
#define DX_NEAR_MAX_TOKENS 8

typedef struct {
	size_t units, groups;
} near_mark;

/* Append the spellings of p (okurigana_alts) to words[0..*n), without
 * repeats; words stays NULL-terminated. */
static void near_words(char ***words, size_t *n, const dx_qpos *p)
{
	char **w = okurigana_alts(p);
	size_t a, i;

	for (a = 0; w[a]; a++) {
		for (i = 0; i < *n && strcmp((*words)[i], w[a]); i++)
			;
		if (i < *n) {
			free(w[a]);
			continue;
		}
		*words = dx_xrealloc(*words, (*n + 2) * sizeof(char *));
		(*words)[(*n)++] = w[a];
		(*words)[*n] = NULL;
	}
	free(w);
}

/* The proximity units of group g of an item alone in its clause (set:
 * its synonym set, g included, or none): a one-token group is one unit
 * with the spellings of its one-token synonyms; a phrase gives one unit
 * per token. */
static int near_add(plan *p, const dx_qgroup *g, const dx_qgroup *set,
                    size_t nset)
{
	size_t k, m, n, a;
	int error = DX_OK;

	p->near_first = dx_xrealloc(p->near_first,
	                            (p->near_groups + 1) * sizeof(size_t));
	p->near_first[p->near_groups++] = p->nnear;
	for (k = 0; k < g->npos && error == DX_OK; k++) {
		char **words = NULL;
		dx_xq **t, *u = NULL;

		n = 0;
		if (g->npos == 1 && nset > 0) {
			for (m = 0; m < nset; m++)
				if (set[m].npos == 1)
					near_words(&words, &n, &set[m].pos[0]);
		} else {
			near_words(&words, &n, &g->pos[k]);
		}
		t = dx_xcalloc(n ? n : 1, sizeof(dx_xq *));
		for (a = 0; a < n && error == DX_OK; a++)
			error = dx_xq_term(&t[a], words[a], strlen(words[a]), 1,
			                   0);
		if (error == DX_OK && n > 0)
			error = combine(&u, DX_XQ_OR, t, n);
		if (u)
			push_q(&p->near_units, &p->nnear, u);
		free_qs(t, n);
		for (a = 0; a < n; a++)
			free(words[a]);
		free(words);
	}
	return error;
}

/* Forget the units added since mark (an item searched by reading as
 * well: its passages need not hold its words). */
static void near_drop(plan *p, const near_mark *mark)
{
	while (p->nnear > mark->units)
		dx_xq_free(p->near_units[--p->nnear]);
	p->near_groups = mark->groups;
}

/* p->near from the units: NULL when no pair applies. */
static int near_build(plan *p, const tuning *t)
{
	dx_xq *q = NULL, **qs;
	size_t g, from, to, nq = 0;
	unsigned slack = (unsigned)(t->near_slack > 0 ? t->near_slack : 0);
	int error = DX_OK;

	if (!(t->near > 0) || p->near_groups < 2)
		return DX_OK;
	qs = dx_xcalloc(p->near_groups, sizeof(dx_xq *));
	for (g = 0; g + 1 < p->near_groups && error == DX_OK; g++) {
		from = p->near_first[g];
		to = g + 2 < p->near_groups ? p->near_first[g + 2] : p->nnear;
		if (to - from > DX_NEAR_MAX_TOKENS)
			continue;
		error = dx_xq_combine(&qs[nq++], DX_XQ_NEAR,
		                      p->near_units + from, to - from,
		                      (unsigned)(to - from) + slack);
	}
	if (error == DX_OK && nq > 0)
		error = combine(&q, DX_XQ_OR, qs, nq);
	if (error == DX_OK && q)
		error = dx_xq_scale(&p->near, q, t->near);
	dx_xq_free(q);
	free_qs(qs, nq);
	return error;
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

#define DX_APART_MAX 8   /* words of one token apart */

/* The words of g apart, for split_words: a run's tokens, where a token
 * that the index does not hold as a word but that indexed words spell
 * (dx_substring_words: パッケージアクティビティーログ) is those words,
 * each also appended to hl as a word to highlight.  out->npos is 0 when
 * g has fewer than two words. */
static void words_apart(dx_qgroup *out, const dx_lexicon *lx,
                        const dx_qgroup *g, group_list *hl)
{
	char *w[DX_APART_MAX];
	size_t k, a, n;

	out->pos = NULL;
	out->npos = 0;
	for (k = 0; k < g->npos; k++) {
		const char *tok = g->pos[k].alts[0];

		n = dx_substring_words(lx, tok, strlen(tok), w, DX_APART_MAX);
		out->pos = dx_xrealloc(out->pos, (out->npos + (n ? n : 1)) *
		                       sizeof(dx_qpos));
		for (a = 0; a < n; a++) {
			dx_qpos *p = &out->pos[out->npos++];

			p->nalts = 1;
			p->alts = dx_xcalloc(1, sizeof(char *));
			p->alts[0] = w[a];
			hl_add_term(hl, w[a]);
		}
		if (n == 0) {
			dx_qpos *p = &out->pos[out->npos++];

			p->nalts = g->pos[k].nalts;
			p->alts = dx_xcalloc(p->nalts, sizeof(char *));
			for (a = 0; a < p->nalts; a++)
				p->alts[a] = dx_xstrdup(g->pos[k].alts[a]);
		}
	}
	if (out->npos < 2)
		dx_qgroup_clear(out);
}

/* prefix*: every body term starting with the item's normalized text
 * (two characters at least; the 100 most frequent), without MeCab, so a
 * partial word works whatever MeCab would make of it.  Returns 1 and
 * one query per lane when it applies, 0 when the item is too short,
 * or a negative dx_code. */
static int prefix_item(dx_xq **lanes[NLANES], group_list *hl,
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

		size_t l;

		for (l = 0; l < NLANES; l++)
			lanes[l] = dx_xcalloc(1, sizeof(dx_xq *));
		lanes[0][0] = q;
		for (l = 1; l < NLANES && error == DX_OK; l++)
			error = dx_xq_scale(&lanes[l][0], q, 1.0);
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

	qtoks_runs(&l);
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
 * characters as the analyzer does; 0 if the item is not all kana.
 * *hira: whether it had hiragana. */
static int kana_reading(const char *text, size_t len, dx_buf *out, int *hira)
{
	dx_norm n;
	size_t i = 0, chars = 0;
	int ok = 1;

	*hira = 0;
	if (dx_normalize(&n, text, len) < 0) {
		dx_error_clear();
		return 0;
	}
	while (i < n.len && ok) {
		int32_t cp = dx_utf8_next(n.text, n.len, &i);

		if (cp >= 0x3041 && cp <= 0x3096) {
			cp += 0x60;
			*hira = 1;
		}
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
	int hira;

	*out = NULL;
	if (it->phrase || it->negate || it->field || it->prefix ||
	    !kana_reading(it->text, it->len, &r, &hira)) {
		dx_buf_free(&r);
		return 0;
	}
	/* A katakana word that the passages hold as a word is that word
	 * (アルバイト, not ある + 意図); hiragana is read as kanji too. */
	if (!index_lexicon(idx) ||
	    (!hira && dx_lexicon_has(idx->lex, r.ptr, r.len))) {
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
	group_list hl = { NULL, 0, 0, NULL };
	dx_xq **negs = NULL, **clause[NLANES] = { NULL };
	size_t nnegs = 0, nclause = 0, i, k, l;
	int error = DX_OK, pr;

	for (i = 0; i < nitems && error == DX_OK; i++) {
		group_list gl = { NULL, 0, 0, NULL };
		dx_xq **gq[NLANES] = { NULL };
		size_t ngq = 0;
		/* An item alone in its clause contributes its groups as
		 * separate elements, so a missing word only demotes. */
		int joins_next = i + 1 < nitems && items[i + 1].or_prev;
		int alone = !items[i].or_prev && !joins_next;
		near_mark nm = { p->nnear, p->near_groups };

		if (dx_qitem_is_filter(&items[i]))
			continue;   /* filter.c's */

		pr = 0;
		if (items[i].prefix && !items[i].phrase && !items[i].field)
			pr = prefix_item(gq, &hl, &items[i]);
		if (gq[EXACT])
			ngq = 1;    /* one element, no groups (freed as such) */
		if (pr < 0)
			error = pr;
		else if (pr == 0)
			error = item_groups(&gl, idx, &items[i], p->ex);
		/* Every lane array always has ngq slots (NULL on error). */
		for (k = 0; k < gl.n && error == DX_OK; k++, ngq++) {
			const dx_qgroup *set = NULL;
			size_t nset = dx_synonyms_find(idx->syn, &gl.g[k], &set);
			dx_xq *word = NULL, *run = NULL, *layer = NULL;
			dx_qgroup *lhl = NULL, apart = { NULL, 0 };
			size_t nlhl = 0;

			if (!items[i].phrase && !items[i].field)
				error = group_layers(&word, &run, idx, &items[i],
				                     &gl.g[k], &gl.span[k], &lhl,
				                     &nlhl);
			if (error == DX_OK)
				error = either(&layer, word, run);
			if (error == DX_OK && !items[i].phrase &&
			    !items[i].negate && !items[i].field)
				words_apart(&apart, idx->lex, &gl.g[k], &hl);
			if (p->ex)
				dx_explain_group(p->ex, &gl.g[k], nset);
			if (error == DX_OK && alone && !items[i].negate &&
			    !items[i].field)
				error = near_add(p, &gl.g[k], set, nset);
			if (!items[i].negate) {
				for (l = 0; l < nset; l++)
					hl_add_copy(&hl, &set[l]);
				for (l = 0; l < nlhl; l++)
					hl_add_copy(&hl, &lhl[l]);
			}
			groups_free(lhl, nlhl);
			for (l = 0; l < NLANES; l++) {
				dx_xq *q = NULL;
				if (error == DX_OK && items[i].field)
					error = unit_query(&q, &gl.g[k], set, nset,
					                   items[i].field == DX_QFIELD_TITLE
					                   ? DX_PREFIX_TITLE
					                   : DX_PREFIX_HEADING);
				else if (error == DX_OK)
					error = field_query(&q, &gl.g[k], set, nset,
					                    l == EXACT ? NULL :
					                    l == STRICT || items[i].negate ?
					                    layer : word, t, l != LOOSE,
					                    &apart);
				gq[l] = dx_xrealloc(gq[l], (ngq + 1) * sizeof(dx_xq *));
				gq[l][ngq] = q;
			}
			if (layer && !items[i].negate)
				p->layered = 1;
			dx_qgroup_clear(&apart);
			dx_xq_free(word);
			dx_xq_free(run);
			dx_xq_free(layer);
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
				near_drop(p, &nm);
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
			free(gl.span);
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
			free(gl.span);
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

/* q FILTER the plan's filters, AND_NOT its exclusions (q is consumed
 * into *out). */
static int apply_negative(dx_xq **out, dx_xq *q, const plan *p)
{
	dx_xq *pair[2];
	int error = DX_OK;

	if (p->filter) {
		pair[0] = q;
		pair[1] = p->filter;
		error = dx_xq_combine(out, DX_XQ_FILTER, pair, 2, 0);
		dx_xq_free(q);
		if (error < 0)
			return error;
		q = *out;
	}
	if (!p->negative) {
		*out = q;
		return DX_OK;
	}
	pair[0] = q;
	pair[1] = p->negative;
	error = dx_xq_combine(out, DX_XQ_AND_NOT, pair, 2, 0);
	dx_xq_free(q);
	return error;
}

/* --explain: the signals of hit i (mset index) that are not a term's
 * weight: the proximity bonus (p->near on that passage alone, found by
 * its unique term) and the article signal (article_order). */
static int explain_signals(dx_index *idx, const plan *p, size_t i,
                           uint32_t docid, const dx_buf *uniq,
                           const dx_xsearch_opts *so, int tier)
{
	dx_xq *q[2] = { p->near, NULL }, *f = NULL;
	dx_xmset *one = NULL;
	size_t k;
	int near = p->near && tier != 3, error = DX_OK;

	for (k = 0; p->near && !near && k < p->sig->npool; k++)
		near = p->sig->pool[k] == docid;
	if (near &&
	    (error = dx_xq_term(&q[1], uniq->ptr, uniq->len, 1, 0)) == DX_OK &&
	    (error = dx_xq_combine(&f, DX_XQ_FILTER, q, 2, 0)) == DX_OK &&
	    (error = dx_xdb_search(&one, idx->db, f, 0, 1, 1, so)) == DX_OK &&
	    dx_xmset_size(one) > 0)
		dx_explain_signal(p->ex, "proximity", dx_xmset_weight(one, 0),
		                  0);
	dx_xmset_free(one);
	dx_xq_free(f);
	dx_xq_free(q[1]);
	if (error == DX_OK && p->sig->order && p->sig->gain[i] > 0)
		dx_explain_signal(p->ex, "article", p->sig->gain[i],
		                  p->sig->count[i]);
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

		if (len && t[0] == DX_PREFIX_UNIQUE[0]) {
			at += len + 1;   /* near_pooled's filter, no weight */
			continue;
		}
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
	if (error == DX_OK)
		error = explain_signals(idx, p, i, dx_xmset_docid(m, i), &uniq,
		                        &so, tier);
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
	char date[11];
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
		if (k != DX_FIELD_PASSAGE && k != DX_FIELD_TAGS)
			s->strings[k] = dx_xstrndup(f[k], flen[k]);
	if ((error = dx_facet_get_tags(f[DX_FIELD_TAGS], flen[DX_FIELD_TAGS],
	                               &s->tags, &s->ntags)) < 0)
		goto done;
	s->hit.tags = (const char *const *)s->tags;
	s->hit.n_tags = s->ntags;
	if (dx_xmset_value(m, i, DX_SLOT_DATE, &snip) == DX_OK &&
	    dx_date_format(snip.ptr, snip.len, date))
		s->hit.date = s->date = dx_xstrdup(date);
	dx_buf_clear(&snip);
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

	for (k = 0; k < DX_FIELD_COUNT; k++)
		free(s->strings[k]);
	free(s->spans);
	dx_facet_tags_free(s->tags, s->ntags);
	free(s->date);
}

static void result_push(dx_result *r, size_t *cap)
{
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		r->slots = dx_xrealloc(r->slots, *cap * sizeof(hit_slot));
	}
}

/* Article path of mset entry i (the collapse value): from the search
 * when it collapsed on the article (`collapsed`), else read from the
 * document. */
static char *article_of(const dx_xmset *m, size_t i, int collapsed)
{
	dx_buf v = DX_BUF_INIT;

	if ((collapsed ? dx_xmset_collapse_key(m, i, &v)
	               : dx_xmset_value(m, i, DX_SLOT_ARTICLE, &v)) < 0) {
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

/* ---- signals of a tier: proximity on tier 3, articles -------------- */

static void sig_clear(tier_sig *sg)
{
	if (!sg)
		return;
	free(sg->pool);
	free(sg->order);
	free(sg->gain);
	free(sg->count);
	memset(sg, 0, sizeof(*sg));
}

/* The unique term of mset entry i (Q<article key>#<passage>), into u. */
static int unique_of(dx_buf *u, const dx_xmset *m, size_t i)
{
	dx_buf num = DX_BUF_INIT;
	char *path = article_of(m, i, 0);
	int error = dx_xmset_value(m, i, DX_SLOT_PASSAGE, &num);

	dx_buf_clear(u);
	dx_buf_puts(u, DX_PREFIX_UNIQUE);
	dx_article_key(u, path, strlen(path));
	dx_buf_putc(u, '#');
	dx_buf_put(u, num.ptr, num.len);
	free(path);
	dx_buf_free(&num);
	return error;
}

/* The filter of the pool: the passages of the mset m, whose docids
 * are in p->sig->pool[0..n), n > 0.  By docid (no document read, no
 * term to look up); with --explain, whose query text names them, or on
 * a reader of several databases, by their unique terms. */
static int pool_filter(dx_xq **any, dx_index *idx, const plan *p,
                       const dx_xmset *m, size_t n)
{
	dx_xq **ids;
	dx_buf u = DX_BUF_INIT;
	size_t i;
	int error = DX_OK;

	*any = NULL;
	if (!p->ex &&
	    (error = dx_xq_docids(any, idx->db, p->sig->pool, n)) < 0)
		return error;
	if (*any)
		return DX_OK;
	ids = dx_xcalloc(n, sizeof(dx_xq *));
	for (i = 0; i < n && error == DX_OK; i++)
		if ((error = unique_of(&u, m, i)) == DX_OK)
			error = dx_xq_term(&ids[i], u.ptr, u.len, 1, 0);
	if (error == DX_OK)
		error = combine(any, DX_XQ_OR, ids, n);
	free_qs(ids, n);
	dx_buf_free(&u);
	return error;
}

/* The proximity bonus on tier 3.  Its query, an OR of partial matches,
 * visits many passages, and a bonus on all of them would both check
 * positions on each and keep Xapian from skipping the weak ones (every
 * passage could gain it), doubling the cost of the search.  So a first
 * pass without it takes the top near_pool passages (not collapsed: the
 * bonus may choose another passage of an article), and only they can
 * gain it: *q AND_MAYBE (p->near FILTER those passages).  The pool
 * only gains, so it stays above the rest and pages stay consistent. */
static int near_pooled(dx_xq **q, dx_index *idx, const plan *p,
                       const dx_xsearch_opts *base, const tuning *t)
{
	dx_xsearch_opts so = *base;
	dx_xmset *m = NULL;
	dx_xq *any = NULL, *bonus = NULL, *pair[2];
	tier_sig *sg = p->sig;
	size_t i, n, pool = (size_t)t->near_pool;
	int error;

	so.collapse_slot = -1;
	so.by_value = 0;
	if ((error = dx_xdb_search(&m, idx->db, *q, 0, pool, pool, &so)) < 0)
		return error;
	n = dx_xmset_size(m);
	sg->pool = dx_xcalloc(n ? n : 1, sizeof(uint32_t));
	for (i = 0; i < n; i++)
		sg->pool[sg->npool++] = dx_xmset_docid(m, i);
	if (n > 0 && (error = pool_filter(&any, idx, p, m, n)) == DX_OK) {
		pair[0] = p->near;
		pair[1] = any;
		error = dx_xq_combine(&bonus, DX_XQ_FILTER, pair, 2, 0);
	}
	dx_xmset_free(m);
	if (bonus) {
		pair[0] = *q;
		pair[1] = bonus;
		if ((error = dx_xq_combine(q, DX_XQ_AND_MAYBE, pair, 2, 0)) ==
		    DX_OK)
			dx_xq_free(pair[0]);
		else
			*q = pair[0];
	}
	dx_xq_free(any);
	dx_xq_free(bonus);
	return error;
}

/* Whether the article signal applies: one passage per article (the
 * collapse counts the others), by relevance. */
static int article_on(const dx_search_options *o, const tuning *t)
{
	return t->art > 0 && t->art_pool >= 2 && o->per_article == 1 &&
	       o->sort != DX_SORT_DATE;
}

/* How much run_tiers fetches and checks for article_order: the top
 * art_pool hits at least, and art_check matches at least whatever the
 * page, since the collapse counts depend on how many matches Xapian
 * checks (so they are the same for every page up to art_check hits). */
static void article_fetch(size_t *fetch, size_t *check, const tuning *t)
{
	if (*fetch < (size_t)t->art_pool)
		*fetch = (size_t)t->art_pool;
	if (*check < (size_t)t->art_check)
		*check = (size_t)t->art_check;
}

/* The article signal: an article whose other passages match the query
 * too is more about it than an isolated mention.  The search collapses
 * on the article, and Xapian counts the matching passages each hit
 * stands for (its collapse count): among the top art_pool hits, one
 * whose article has n matching passages gains art × (1 - 1/n) of its
 * weight (at most art: a long article is not favoured without bound),
 * and they are reordered by the result, ties in Xapian's order.  The
 * hits below the top art_pool keep their place, so the pages stay
 * consistent (the caller fetches art_pool hits at least).  Fills
 * sg->order, sg->gain and sg->count for the mset's hits. */
static void article_order(tier_sig *sg, const dx_xmset *m,
                          const tuning *t)
{
	size_t n = dx_xmset_size(m), top, i, k, cur;
	double *score;

	free(sg->order);
	free(sg->gain);
	free(sg->count);
	sg->order = dx_xcalloc(n ? n : 1, sizeof(size_t));
	sg->gain = dx_xcalloc(n ? n : 1, sizeof(double));
	sg->count = dx_xcalloc(n ? n : 1, sizeof(uint64_t));
	score = dx_xcalloc(n ? n : 1, sizeof(double));
	top = n < (size_t)t->art_pool ? n : (size_t)t->art_pool;
	for (i = 0; i < n; i++) {
		uint64_t c = 1 + dx_xmset_collapse_count(m, i);

		sg->count[i] = c;
		score[i] = dx_xmset_weight(m, i);
		if (i < top)
			sg->gain[i] = score[i] * t->art * (1.0 - 1.0 / (double)c);
		score[i] += sg->gain[i];
		sg->order[i] = i;
	}
	for (i = 1; i < top; i++) {   /* insertion sort: stable */
		cur = sg->order[i];
		for (k = i; k > 0 && score[sg->order[k - 1]] < score[cur]; k--)
			sg->order[k] = sg->order[k - 1];
		sg->order[k] = cur;
	}
	free(score);
}

/* The query of tier 1, 2 or 3 (see the lanes), with the filters and
 * exclusions. */
static int tier_query(dx_xq **out, const plan *p, int tier)
{
	dx_xq *q = NULL;
	int error;

	if (tier == 3)
		error = dx_xq_combine(&q, DX_XQ_OR, p->elems[LOOSE], p->nelems,
		                      0);
	else
		error = dx_xq_combine(&q, DX_XQ_AND,
		                      p->elems[tier == 1 ? EXACT : STRICT],
		                      p->nelems, 0);
	if (error == DX_OK && p->near && tier != 3) {
		/* the proximity bonus (near_build) */
		dx_xq *pair[2] = { q, p->near };

		error = dx_xq_combine(&q, DX_XQ_AND_MAYBE, pair, 2, 0);
		dx_xq_free(pair[0]);
	}
	if (error < 0)
		return error;
	return apply_negative(out, q, p);
}

/* Whether docid d is among ds[0..n). */
static int seen_doc(const uint32_t *ds, size_t n, uint32_t d)
{
	while (n > 0)
		if (ds[--n] == d)
			return 1;
	return 0;
}

/* Run the tiers in turn until the page is full: each adds, below the
 * ones before, the passages they did not have (and, one per article,
 * only articles they did not have).  A tier runs only once those before
 * are exhausted, so their passages are all known and are skipped here
 * (rather than excluded with AND_NOT: Xapian 1.4.22 can miss
 * exclusions whose query has phrases of OR subqueries). */
static int run_tiers(dx_result *r, dx_index *idx, const plan *p,
                     const dx_search_options *o, const tuning *t)
{
	dx_xsearch_opts so = DX_XSEARCH_OPTS_INIT;
	dx_xq *q = NULL;
	dx_xmset *m = NULL;
	char **seen = NULL;
	uint32_t *docs = NULL;
	size_t nseen = 0, ndocs = 0, ranked = 0, cap = 0, i, k, n, before;
	size_t want = o->offset + o->limit, skip = o->offset, dup, fetch, check;
	uint64_t est;
	int tier, error = DX_OK;

	so.k1 = t->k1;
	so.b = t->b;
	so.min_normlen = t->min_normlen;
	so.collapse_slot = o->per_article ? DX_SLOT_ARTICLE : -1;
	so.collapse_max = o->per_article;
	so.by_value = o->sort == DX_SORT_DATE;
	so.sort_slot = DX_SLOT_DATE;

	for (tier = 1; tier <= 3 && (tier == 1 || ranked < want); tier++) {
		if (tier == 2 && !p->layered)
			continue;   /* the same passages as tier 1 */
		if ((error = tier_query(&q, p, tier)) < 0)
			break;
		sig_clear(p->sig);
		if (p->near && tier == 3 && t->near_pool >= 1 &&
		    (error = near_pooled(&q, idx, p, &so, t)) < 0)
			break;
		if (p->ex && (error = explain_query(p->ex, tier, q)) < 0)
			break;
		/* the passages (articles) of the tiers before may come first */
		fetch = want + (o->per_article ? nseen : ndocs);
		check = fetch + 1;
		if (article_on(o, t))   /* see article_order */
			article_fetch(&fetch, &check, t);
		if ((error = dx_xdb_search(&m, idx->db, q, 0, fetch, check,
		                           &so)) < 0)
			break;
		n = dx_xmset_size(m);
		if (article_on(o, t))
			article_order(p->sig, m, t);
		before = ndocs;
		for (i = 0, dup = 0; i < n && ranked < want && error == DX_OK;
		     i++) {
			size_t j = p->sig->order ? p->sig->order[i] : i;
			uint32_t d = dx_xmset_docid(m, j);
			char *a = o->per_article ? article_of(m, j, 1) : NULL;

			for (k = 0; a && k < nseen && strcmp(a, seen[k]); k++)
				;
			if (seen_doc(docs, before, d) || (a && k < nseen)) {
				free(a);   /* in a tier before */
				dup++;
				continue;
			}
			docs = dx_xrealloc(docs, (ndocs + 1) * sizeof(uint32_t));
			docs[ndocs++] = d;
			if (a) {
				seen = dx_xrealloc(seen, (nseen + 1) * sizeof(char *));
				seen[nseen++] = a;
			}
			ranked++;
			if (skip > 0) {
				skip--;
				continue;
			}
			result_push(r, &cap);
			error = fill_hit(&r->slots[r->n], idx, p, m, j,
			                 (unsigned int)(o->offset + r->n + 1), tier);
			if (error < 0)
				slot_free(&r->slots[r->n]);
			else if (p->sig->order)
				r->slots[r->n++].hit.score += p->sig->gain[j];
			else
				r->n++;
		}
		est = dx_xmset_estimated(m);
		r->total = (uint64_t)(ranked - (ndocs - before)) +
		           (est > dup ? est - dup : 0);
		if (r->total < ranked)
			r->total = ranked;
		dx_xq_free(q);
		q = NULL;
		dx_xmset_free(m);
		m = NULL;
		if (error < 0)
			break;
	}
	for (i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	free(docs);
	dx_xq_free(q);
	dx_xmset_free(m);
	return error;
}

/* The filters of the query (filter.h) join the plan: exclusions go
 * with the excluded words; a query of filters only (and exclusions)
 * lists the articles that pass, newest first. */
static int add_filters(plan *p, dx_search_options *o, const dx_qitem *items,
                       size_t nitems)
{
	dx_xq *exclude = NULL, *all = NULL, *pair[2];
	size_t l;
	int used, error = DX_OK;

	if ((used = dx_filters_build(&p->filter, &exclude, items, nitems,
	                             p->ex)) <= 0)
		return used;
	if (exclude && p->negative) {
		pair[0] = p->negative;
		pair[1] = exclude;
		error = dx_xq_combine(&all, DX_XQ_OR, pair, 2, 0);
		dx_xq_free(p->negative);
		dx_xq_free(exclude);
		p->negative = all;
		all = NULL;
	} else if (exclude) {
		p->negative = exclude;
	}
	if (error < 0 || p->nelems > 0)
		return error;
	/* Every passage, with no weight: the filters do the choosing. */
	if ((error = dx_xq_match_all(&all)) < 0)
		return error;
	for (l = 0; l < NLANES && error == DX_OK; l++) {
		size_t n = 0;
		dx_xq *q = NULL;

		error = dx_xq_scale(&q, all, 0);
		push_q(&p->elems[l], &n, q);
	}
	p->nelems = 1;
	o->sort = DX_SORT_DATE;
	dx_xq_free(all);
	return error;
}

/* See the latest commit.  The lexicon moves on to the newest built
 * (lexicon.h: an older revision's while the latest's is being built; a
 * writer's or a shard set's own is dropped and built again when next
 * needed).  Only here, between searches: a search's plan borrows its
 * strings. */
static int index_reopen(dx_index *idx)
{
	int changed = 0, error = dx_xdb_reopen(idx->db, &changed);
	dx_lexicon *lx = NULL;
	int got;

	if (error < 0 || !idx->lex || (!changed && !idx->lex_old))
		return error;
	got = dx_lexicon_revision(idx->lex) == 0
	      ? -1 : dx_lexicon_latest(&lx, idx->db, idx->path);
	if (got < 0)
		dx_error_clear();
	dx_lexicon_free(idx->lex);
	idx->lex = lx;
	idx->lex_old = got > 0;
	return error;
}

int dx_index_term_list_revision(dx_index *idx, uint64_t *rev)
{
	if (!idx || !rev)
		return dx_error_set(DX_EINVAL, "term list: NULL argument");
	*rev = 0;
	if (!index_lexicon(idx))
		return dx_error_set(DX_EINVAL, "term list: none could be "
		                    "loaded");
	if ((*rev = dx_lexicon_revision(idx->lex)) == 0)
		return dx_error_set(DX_EINVAL, "term list: an index of several "
		                    "databases has no one revision");
	return DX_OK;
}

int dx_index_revision(dx_index *idx, uint64_t *rev, char *uuid,
                      size_t cap)
{
	dx_buf u = DX_BUF_INIT;
	int error;

	if (!idx || !rev || !uuid || cap == 0)
		return dx_error_set(DX_EINVAL, "revision: NULL argument");
	if ((error = index_reopen(idx)) == DX_OK &&
	    (error = dx_xdb_revision(idx->db, rev, &u)) < 0) {
		char why[256];   /* the message lives where the next goes */

		snprintf(why, sizeof(why), "%s", dx_error_last());
		error = dx_error_set(DX_EINVAL, "revision: %s", why);
	}
	if (error == DX_OK && u.len >= cap)
		error = dx_error_set(DX_EINVAL, "revision: the UUID needs %zu "
		                     "bytes", u.len + 1);
	if (error == DX_OK)
		memcpy(uuid, dx_buf_cstr(&u), u.len + 1);
	dx_buf_free(&u);
	return error;
}

int dx_search_highlight_groups(dx_index *idx, const char *query,
                               size_t len, dx_qgroup **out, size_t *n)
{
	dx_qitem *items = NULL;
	size_t nitems = 0;
	tuning t = get_tuning();
	plan p;
	int error;

	*out = NULL;
	*n = 0;
	memset(&p, 0, sizeof(p));
	if ((error = index_reopen(idx)) < 0)
		return error;
	dx_query_parse(&items, &nitems, query, len);
	p.t = t;
	p.sig = dx_xcalloc(1, sizeof(tier_sig));
	if ((error = build_plan(&p, idx, items, nitems, &t)) == DX_OK) {
		*out = p.hl;
		*n = p.nhl;
		p.hl = NULL;
		p.nhl = 0;
	}
	plan_free(&p);
	dx_query_items_free(items);
	return error;
}

dx_session *dx_index_session(dx_index *idx)
{
	return idx->ss;
}

/* An explain recorder for query. */
static int new_explain(dx_explain **out, const char *query, size_t len)
{
	dx_norm nq;
	int error;

	if ((error = dx_normalize(&nq, query, len)) < 0)
		return error;
	*out = dx_explain_new(nq.text, nq.len);
	dx_norm_free(&nq);
	return DX_OK;
}

/* Plan and run items into r. */
static int search_items(dx_result *r, dx_index *idx, const dx_qitem *items,
                        size_t nitems, dx_search_options *o,
                        const tuning *t)
{
	plan p;
	int error;

	memset(&p, 0, sizeof(p));
	p.ex = r->ex;
	p.t = *t;
	p.sig = dx_xcalloc(1, sizeof(tier_sig));   /* run_tiers' */
	if ((error = build_plan(&p, idx, items, nitems, t)) >= 0 &&
	    (error = near_build(&p, t)) >= 0 &&
	    (error = add_filters(&p, o, items, nitems)) >= 0 &&
	    /* Nothing searchable (only symbols, or only exclusions). */
	    p.nelems > 0)
		error = run_tiers(r, idx, &p, o, t);
	plan_free(&p);
	return error < 0 ? error : DX_OK;
}

/* Unquote the quoted items that must match (not -"…", not field items):
 * nonzero if there was one. */
static int phrase_words(dx_qitem *items, size_t nitems)
{
	size_t i;
	int any = 0;

	for (i = 0; i < nitems; i++)
		if (items[i].phrase && !items[i].negate && !items[i].field) {
			items[i].phrase = 0;
			any = 1;
		}
	return any;
}

int dx_search(dx_result **out, dx_index *idx, const char *query,
              size_t query_len, const dx_search_options *opts)
{
	dx_search_options o = DX_SEARCH_OPTIONS_INIT;
	dx_qitem *items = NULL;
	size_t nitems = 0, i;
	dx_result *r;
	tuning t = get_tuning();
	double t0 = now_ms();
	int error, blank = 1;

	*out = NULL;
	if (opts && opts->version >= 3)
		o = *opts;
	else if (opts)   /* version 1: no explain field; 2: no sort */
		memcpy(&o, opts, opts->version == 2
		       ? offsetof(dx_search_options, sort)
		       : offsetof(dx_search_options, explain));
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
	if ((error = index_reopen(idx)) < 0)
		goto done;
	dx_query_parse(&items, &nitems, query, query_len);
	if (o.explain && (error = new_explain(&r->ex, query, query_len)) < 0)
		goto done;
	error = search_items(r, idx, items, nitems, &o, &t);
	/* A quoted phrase found nowhere: its words instead, marked as such
	 * (what a web search engine does when quotes find nothing). */
	if (error == DX_OK && r->total == 0 && phrase_words(items, nitems)) {
		r->unquoted = 1;
		if (r->ex) {   /* explain the second search only */
			dx_explain_free(r->ex);
			r->ex = NULL;
			if ((error = new_explain(&r->ex, query, query_len)) < 0)
				goto done;
			dx_explain_unquoted(r->ex);
		}
		error = search_items(r, idx, items, nitems, &o, &t);
	}
done:
	r->took_ms = now_ms() - t0;
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

int dx_result_unquoted(const dx_result *res)
{
	return res ? res->unquoted : 0;
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
