/* normalize.c -- NFKC + case folding with an offset map; see normalize.h. */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "errors.h"
#include "utf8.h"

/* NFKC + full case folding, minus default-ignorable code points.  The
 * same options go to utf8proc_decompose() (which then puts combining
 * marks in canonical order) and utf8proc_normalize_utf32() (which
 * composes). */
#define NORM_OPTIONS ((utf8proc_option_t)(UTF8PROC_STABLE | \
	UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | \
	UTF8PROC_IGNORE))

/* Longest cluster, in code points; a longer run of combining marks is
 * cut and the pieces are normalized on their own. */
#define CLUSTER_MAX 32

/* Room for the decomposition of one cluster: no code point decomposes
 * (compatibility + case folding) into more than 18 (U+FDFA). */
#define DECOMP_MAX (CLUSTER_MAX * 18)

/* Marks the end of the input in the cluster loop. */
#define END_OF_TEXT (-2)

/* Grow the three arrays of `n` so that `extra` more bytes (plus the
 * final entry) fit.  Out of memory aborts (dx_xrealloc). */
static void reserve(dx_norm *n, size_t extra)
{
	size_t need = n->len + extra + 1, cap;

	if (need <= n->cap)
		return;
	cap = n->cap ? n->cap * 2 : 64;
	if (cap < need)
		cap = need;
	n->text = dx_xrealloc(n->text, cap);
	n->ostart = dx_xrealloc(n->ostart, cap * sizeof(uint32_t));
	n->oend = dx_xrealloc(n->oend, cap * sizeof(uint32_t));
	n->cap = cap;
}

static int is_kana(uint32_t cp)
{
	return (cp >= 0x3041 && cp <= 0x3096) ||
	       (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
}

/* CJK unified ideographs (the BMP blocks and extension B). */
static int is_kanji(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2A6DF);
}

static int is_hyphen(uint32_t cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	       cp == 0xFF0D;
}

/* Code points that NFKC and case folding leave alone and that never
 * combine with what follows them (checked against utf8proc for every
 * code point by test_normalize): they skip utf8proc entirely. */
static int is_stable(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0x3041 && cp <= 0x3096) ||
	       (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
	       (cp >= 0x3001 && cp <= 0x301B) ||
	       (cp >= 0x3400 && cp <= 0x4DBF);
}

/* Nonzero if `cp` belongs to the cluster of the code point before it:
 * a combining mark, or a half-width (han)dakuten, which NFKC turns into
 * the combining U+3099/U+309A so that ﾊﾞ composes to バ. */
static int is_joiner(int32_t cp)
{
	utf8proc_propval_t cat;

	if (cp < 0x300 || is_stable((uint32_t)cp))
		return 0;
	if (cp == 0xFF9E || cp == 0xFF9F)
		return 1;
	cat = utf8proc_get_property(cp)->category;
	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	       cat == UTF8PROC_CATEGORY_ME;
}

/* The normalization of a lone `cp` when it needs no table lookup
 * (ASCII, full-width ASCII, common CJK): sets *out and returns 1. */
static int fast_map(int32_t cp, uint32_t *out)
{
	if (cp < 0x80) {
		*out = (cp >= 'A' && cp <= 'Z') ? (uint32_t)cp + 32 :
		       (uint32_t)cp;
		return 1;
	}
	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		*out = (uint32_t)cp - 0xFEE0;
		if (*out >= 'A' && *out <= 'Z')
			*out += 32;
		return 1;
	}
	if (is_stable((uint32_t)cp)) {
		*out = (uint32_t)cp;
		return 1;
	}
	return 0;
}

/* Variant kanji common in names, folded to the everyday form (NFKC
 * leaves them: most are unified ideographs, not compatibility ones).
 * Sorted by the variant, for bsearch. */
static const struct { uint32_t from, to; } itaiji[] = {
	{ 0x5BE6, 0x5B9F },  /* 實 → 実 */
	{ 0x5D5C, 0x5D0E },  /* 嵜 → 崎 */
	{ 0x5EE3, 0x5E83 },  /* 廣 → 広 */
	{ 0x5FB7, 0x5FB3 },  /* 德 → 徳 */
	{ 0x60E0, 0x6075 },  /* 惠 → 恵 */
	{ 0x6AFB, 0x685C },  /* 櫻 → 桜 */
	{ 0x6FA4, 0x6CA2 },  /* 澤 → 沢 */
	{ 0x6FF1, 0x6D5C },  /* 濱 → 浜 */
	{ 0x771E, 0x771F },  /* 眞 → 真 */
	{ 0x9089, 0x8FBA },  /* 邉 → 辺 */
	{ 0x908A, 0x8FBA },  /* 邊 → 辺 */
	{ 0x9AD9, 0x9AD8 },  /* 髙 → 高 */
	{ 0x9F4A, 0x6589 },  /* 齊 → 斉 */
	{ 0x9F4B, 0x658E },  /* 齋 → 斎 */
	{ 0xFA10, 0x585A },  /* 塚 (compatibility form) → 塚 */
	{ 0xFA11, 0x5D0E },  /* 﨑 → 崎 */
	{ 0x20BB7, 0x5409 }, /* 𠮷 → 吉 */
};

static uint32_t fold_itaiji(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(itaiji) / sizeof(itaiji[0]);

	if (cp < 0x5BE6)
		return cp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (itaiji[mid].from == cp)
			return itaiji[mid].to;
		if (itaiji[mid].from < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

/* Apply the rules beyond NFKC to `cp` (see normalize.h), append it to
 * `n` with the original span [os, oe) on each of its bytes, and record
 * it in *prev.  `lf_next` tells whether an LF follows in the input (a CR
 * before it becomes a space, a lone CR a line end). */
static void emit(dx_norm *n, uint32_t *prev, uint32_t cp, int lf_next,
                 uint32_t os, uint32_t oe)
{
	unsigned char *t;
	size_t k, w;

	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
		if (cp == '\r')
			cp = lf_next ? ' ' : '\n';
		else if (cp == 0x85)
			cp = '\n';
		else if (cp != '\n')
			cp = ' ';
	} else if (cp == 0x2028 || cp == 0x2029) {
		cp = '\n';
	} else if (cp == 0x301C || cp == 0xFF5E || cp == 0x2053) {
		cp = '~';
	} else if (cp == 0x1680) {      /* the one space NFKC leaves */
		cp = ' ';
	} else if (is_hyphen(cp) && is_kana(*prev)) {
		cp = 0x30FC;
	} else {
		cp = fold_itaiji(cp);
		/* A kanji written twice is the iteration mark's spelling:
		 * 佐佐木 → 佐々木, as the dictionary has it. */
		if (cp == *prev && is_kanji(cp))
			cp = 0x3005;
	}
	*prev = cp;

	reserve(n, 4);
	t = (unsigned char *)n->text + n->len;
	if (cp < 0x80) {
		t[0] = (unsigned char)cp;
		w = 1;
	} else {
		w = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, t);
	}
	for (k = 0; k < w; k++) {
		n->ostart[n->len + k] = os;
		n->oend[n->len + k] = oe;
	}
	n->len += w;
}

/* Decode the code point at text[*i] and advance; an invalid byte reads
 * as U+FFFD (the input should have been repaired already). */
static int32_t next_cp(const char *text, size_t len, size_t *i)
{
	int32_t cp;

	if (*i >= len)
		return END_OF_TEXT;
	cp = dx_utf8_next(text, len, i);
	return cp < 0 ? 0xFFFD : cp;
}

/* Normalize the cluster text[s..e) of `ncp` code points through utf8proc
 * and emit the result.  Should utf8proc fail (it does not on valid
 * input), the cluster is copied unchanged. */
static void slow_cluster(dx_norm *n, uint32_t *prev, const char *text,
                         size_t s, size_t e, int lf_next)
{
	utf8proc_int32_t buf[DECOMP_MAX];
	utf8proc_ssize_t k, m;
	size_t i;

	k = utf8proc_decompose((const utf8proc_uint8_t *)text + s,
	                       (utf8proc_ssize_t)(e - s), buf, DECOMP_MAX,
	                       NORM_OPTIONS);
	if (k >= 0 && k <= DECOMP_MAX)
		k = utf8proc_normalize_utf32(buf, k, NORM_OPTIONS);
	if (k < 0 || k > DECOMP_MAX) {
		for (i = s; i < e;)
			emit(n, prev, (uint32_t)next_cp(text, e, &i), lf_next,
			     (uint32_t)s, (uint32_t)e);
		return;
	}
	for (m = 0; m < k; m++)
		emit(n, prev, (uint32_t)buf[m], lf_next, (uint32_t)s,
		     (uint32_t)e);
}

int dx_normalize__reuse(dx_norm *n, const char *text, size_t len)
{
	size_t s = 0, e, i = 0;
	int32_t cp, nx;
	uint32_t prev = 0, out;
	int ncp;

	n->len = 0;
	if (len >= UINT32_MAX) {
		reserve(n, 0);
		n->text[0] = '\0';
		n->ostart[0] = n->oend[0] = 0;
		return dx_error_set(DX_EINVAL,
			"[normalize] input of %zu bytes: at most 4 GiB", len);
	}
	reserve(n, len + len / 16 + 16);
	cp = next_cp(text, len, &i);
	while (cp != END_OF_TEXT) {
		/* The cluster of cp: it and the joiners after it. */
		ncp = 1;
		e = i;
		nx = next_cp(text, len, &i);
		while (nx != END_OF_TEXT && ncp < CLUSTER_MAX &&
		       is_joiner(nx)) {
			ncp++;
			e = i;
			nx = next_cp(text, len, &i);
		}
		if (ncp == 1 && fast_map(cp, &out))
			emit(n, &prev, out, nx == '\n', (uint32_t)s,
			     (uint32_t)e);
		else
			slow_cluster(n, &prev, text, s, e, nx == '\n');
		s = e;
		cp = nx;
	}
	reserve(n, 0);
	n->text[n->len] = '\0';
	n->ostart[n->len] = n->oend[n->len] = (uint32_t)len;
	return DX_OK;
}

int dx_normalize(dx_norm *out, const char *text, size_t len)
{
	dx_norm n = DX_NORM_INIT;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = dx_normalize__reuse(&n, text, len)) < 0) {
		dx_norm_free(&n);
		return error;
	}
	*out = n;
	return DX_OK;
}

/* A packed result: ostart[len+1], oend[len+1] (native u32), text[len]. */
size_t dx_norm__packed_size(size_t norm_len)
{
	return (norm_len + 1) * 2 * sizeof(uint32_t) + norm_len;
}

void dx_norm__pack(const dx_norm *n, dx_buf *out)
{
	size_t maps = (n->len + 1) * sizeof(uint32_t);

	dx_buf_put(out, (const char *)n->ostart, maps);
	dx_buf_put(out, (const char *)n->oend, maps);
	dx_buf_put(out, n->text, n->len);
}

int dx_norm__unpack(dx_norm *n, const char *rec, size_t len)
{
	size_t nlen, maps;

	if (len < 2 * sizeof(uint32_t) ||
	    (len - 2 * sizeof(uint32_t)) % (2 * sizeof(uint32_t) + 1) != 0)
		return 0;
	nlen = (len - 2 * sizeof(uint32_t)) / (2 * sizeof(uint32_t) + 1);
	maps = (nlen + 1) * sizeof(uint32_t);
	n->len = 0;
	reserve(n, nlen);
	memcpy(n->ostart, rec, maps);
	memcpy(n->oend, rec + maps, maps);
	memcpy(n->text, rec + 2 * maps, nlen);
	n->text[nlen] = '\0';
	n->len = nlen;
	return 1;
}

void dx_norm_free(dx_norm *n)
{
	if (!n)
		return;
	free(n->text);
	free(n->ostart);
	free(n->oend);
	memset(n, 0, sizeof(*n));
}
