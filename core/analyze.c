/* analyze.c -- normalize + MeCab (IPADIC) + term rules; see analyze.h. */
#include "analyze.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mecab.h>
#include <utf8proc.h>

#include "buf.h"
#include "errors.h"
#include "normalize.h"
#include "okurigana.h"
#include "userdic.h"
#include "utf8.h"

/* Bump whenever the term rules below may give other terms or positions:
 * what is skipped, base forms, gaps, chunking, MeCab options. */
#define DX_TERMS_VERSION "terms-3"

/* IPADIC feature columns (node->feature is CSV without quoting):
 * pos1,pos2,pos3,pos4,cType,cForm,baseform,reading,pronunciation.
 * Unknown words stop after the base form column ("*"). */
#define IPADIC_FEATURE_POS1      0
#define IPADIC_FEATURE_POS2      1
#define IPADIC_FEATURE_BASE_FORM 6
#define IPADIC_FEATURE_READING   7
#define IPADIC_FEATURES          8   /* columns we look at */
/* User dictionary entries (userdic.c) add a column after the
 * pronunciation: the word's parts as the dictionary split it before the
 * word was added, separated by spaces ("官民 共創"), or "*". */
#define FEATURE_PARTS            9
#define FEATURE_COLS            10

/* Unknown-word runs (ASCII words, katakana) up to this many characters
 * stay one token; MeCab's default of 24 shreds longer ones. */
#define MAX_GROUPING "256"

/* Chunks handed to MeCab end at a sentence end or after CHUNK_MAX bytes:
 * MeCab needs ~240 bytes of memory per input byte and fails with "too
 * long sentence" on a few MB.  A forced cut looks back up to
 * CHUNK_BACKOFF bytes for a space. */
#define CHUNK_MAX     8192
#define CHUNK_BACKOFF 512

/* Position gaps: per skipped symbol token, and once per sentence or
 * chunk boundary between two tokens. */
#define GAP_SYMBOL   1
#define GAP_SENTENCE 2

/* A session keeps its normalization buffers for the next call unless
 * they grew past this (one huge document should not pin memory). */
#define NORM_KEEP (1u << 22)

/* Fingerprint: bytes hashed at each end of each dictionary file; the
 * user dictionary's part comes last, after this. */
#define HASH_SPAN 4096
#define DX_FP_USERDIC ";userdic="

struct dx_analyzer {
	mecab_model_t *model;
	char          *fingerprint;  /* owned */
	char          *userdic;      /* compiled user dictionary; owned,
	                                NULL: none */
};

struct dx_session {
	dx_analyzer     *an;
	mecab_t         *tagger;
	mecab_lattice_t *lattice;
	dx_norm          norm;       /* the normalized input, reused */
	dx_norm          base;       /* a normalized base form, reused */
	int              readings;   /* emit DX_TOKEN_READING tokens */
	int              parts;      /* emit DX_TOKEN_PART tokens */
	int              variants;   /* emit DX_TOKEN_VARIANT tokens */
};

/* The state of one dx_analyze() walk. */
typedef struct {
	dx_session  *s;
	dx_token_cb  cb;
	void        *payload;
	uint32_t     last;      /* position of the last token; 0: none yet */
	uint32_t     gap;       /* symbols skipped since the last token */
	int          boundary;  /* a sentence/chunk boundary since then */
} walk;

/* ---- feature columns ---------------------------------------------- */

/* Split the first `max` columns of the feature CSV `f` into col/clen;
 * returns how many there are. */
static size_t split_feature(const char *f, const char **col, size_t *clen,
                            size_t max)
{
	size_t n = 0;
	const char *p = f;

	/* a plain loop: features are short, strchr() calls cost more */
	col[0] = f;
	for (;; p++) {
		if (*p == ',' || *p == '\0') {
			clen[n] = (size_t)(p - col[n]);
			if (++n == max || *p == '\0')
				return n;
			col[n] = p + 1;
		}
	}
}

static int col_is(const char *col, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(col, lit, len) == 0;
}

/* The dx_pos_class of a (non-symbol) node from IPADIC's pos1/pos2. */
static dx_pos_class classify(const mecab_node_t *node, const char **col,
                             const size_t *clen, size_t ncol)
{
	const char *p1 = col[IPADIC_FEATURE_POS1];
	const char *p2 = ncol > 1 ? col[IPADIC_FEATURE_POS2] : "";
	size_t l1 = clen[IPADIC_FEATURE_POS1];
	size_t l2 = ncol > 1 ? clen[IPADIC_FEATURE_POS2] : 0;

	if (node->stat == MECAB_UNK_NODE)
		return DX_POS_NOUN;
	if (col_is(p1, l1, "名詞")) {
		if (col_is(p2, l2, "接尾"))
			return DX_POS_SUFFIX;
		if (col_is(p2, l2, "非自立"))
			return DX_POS_AUX;
		if (col_is(p2, l2, "形容動詞語幹"))
			return DX_POS_ADJ;
		return DX_POS_NOUN;
	}
	if (col_is(p1, l1, "動詞"))
		return col_is(p2, l2, "非自立") ? DX_POS_AUX : DX_POS_VERB;
	if (col_is(p1, l1, "接頭詞"))
		return DX_POS_PREFIX;
	if (col_is(p1, l1, "形容詞"))
		return DX_POS_ADJ;
	if (col_is(p1, l1, "助詞"))
		return DX_POS_PARTICLE;
	if (col_is(p1, l1, "助動詞"))
		return DX_POS_AUX;
	return DX_POS_OTHER;
}

/* ---- characters ---------------------------------------------------- */

/* Nonzero if s[0..n) has no letter, digit or private-use character: only
 * punctuation, symbols, marks, spaces and controls.  MeCab tags some of
 * these as unknown nouns (e.g. "~"), so the POS alone does not do. */
static int only_symbols(const char *s, size_t n)
{
	size_t i = 0;
	int32_t cp;
	utf8proc_propval_t cat;

	while (i < n) {
		cp = dx_utf8_next(s, n, &i);
		if (cp < 0)
			return 0;
		if (cp < 0x80) {
			if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			    (cp >= 'A' && cp <= 'Z'))
				return 0;
			continue;
		}
		if ((cp >= 0x3041 && cp <= 0x3096) ||
		    (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
		    (cp >= 0x4E00 && cp <= 0x9FFF))
			return 0;                    /* kana, kanji */
		cat = utf8proc_get_property(cp)->category;
		if ((cat >= UTF8PROC_CATEGORY_LU &&
		     cat <= UTF8PROC_CATEGORY_LO) ||
		    (cat >= UTF8PROC_CATEGORY_ND &&
		     cat <= UTF8PROC_CATEGORY_NO) ||
		    cat == UTF8PROC_CATEGORY_CO || cat == UTF8PROC_CATEGORY_CN)
			return 0;
	}
	return 1;
}

/* Nonzero if s[0..n) is made only of characters the normalizer leaves as
 * they are (kana, CJK ideographs, lowercase ASCII letters and digits), so
 * a base form needs no normalizing.  The hot path: most base forms. */
static int plain(const char *s, size_t n)
{
	size_t i = 0;
	int32_t cp;

	while (i < n) {
		cp = dx_utf8_next(s, n, &i);
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
		    (cp >= 0x3041 && cp <= 0x3096) ||
		    (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
		    (cp >= 0x4E00 && cp <= 0x9FFF))
			continue;
		return 0;
	}
	return 1;
}

/* The length of term[0..len) cut to DX_TERM_MAX bytes at a character
 * boundary. */
static size_t term_cut(const char *term, size_t len)
{
	return len <= DX_TERM_MAX ? len : dx_utf8_floor(term, len, DX_TERM_MAX);
}

/* ---- the analyzer -------------------------------------------------- */

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Mix dir/name into *h: its size and its first and last HASH_SPAN bytes
 * (a missing file mixes in a marker).  Returns the size, 0 if missing. */
static uint64_t hash_file(uint64_t *h, const char *dir, const char *name)
{
	dx_buf path = DX_BUF_INIT;
	unsigned char buf[HASH_SPAN];
	struct stat st;
	uint64_t size = 0;
	ssize_t got;
	int fd;

	dx_buf_printf(&path, "%s/%s", dir, name);
	*h = fnv1a(*h, name, strlen(name) + 1);
	fd = open(path.ptr, O_RDONLY);
	dx_buf_free(&path);
	if (fd < 0 || fstat(fd, &st) < 0) {
		*h = fnv1a(*h, "missing", 7);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	size = (uint64_t)st.st_size;
	*h = fnv1a(*h, &size, sizeof(size));
	got = pread(fd, buf, sizeof(buf), 0);
	if (got > 0)
		*h = fnv1a(*h, buf, (size_t)got);
	if (size > HASH_SPAN) {
		got = pread(fd, buf, sizeof(buf),
		            (off_t)(size > 2 * HASH_SPAN ? size - HASH_SPAN :
		                    HASH_SPAN));
		if (got > 0)
			*h = fnv1a(*h, buf, (size_t)got);
	}
	close(fd);
	return size;
}

/* Parse a word whose IPADIC analysis we know, to refuse dictionaries
 * with another feature layout (UniDic puts a reading in column 6). */
static int check_layout(mecab_model_t *model, const char *dir)
{
	static const char probe[] = "取り組んで";
	mecab_t *tagger = mecab_model_new_tagger(model);
	mecab_lattice_t *lat = mecab_model_new_lattice(model);
	const mecab_node_t *node;
	const char *col[IPADIC_FEATURES];
	size_t clen[IPADIC_FEATURES], n = 0;
	int ok = 0;

	if (tagger && lat) {
		mecab_lattice_set_sentence2(lat, probe, sizeof(probe) - 1);
		if (mecab_parse_lattice(tagger, lat)) {
			node = mecab_lattice_get_bos_node(lat)->next;
			if (node && node->stat != MECAB_EOS_NODE)
				n = split_feature(node->feature, col, clen,
				                  IPADIC_FEATURES);
			ok = n == IPADIC_FEATURES &&
			     col_is(col[0], clen[0], "動詞") &&
			     col_is(col[6], clen[6], "取り組む");
		}
	}
	if (lat)
		mecab_lattice_destroy(lat);
	if (tagger)
		mecab_destroy(tagger);
	if (!ok)
		return dx_error_set(DX_EDICT,
			"[analyze] the dictionary at %s does not have the "
			"IPADIC feature layout: use mecab-ipadic-utf8", dir);
	return DX_OK;
}

/* The fingerprint's user dictionary part: its entries and a hash of the
 * whole compiled file (it is small), or "none". */
static void userdic_fingerprint(dx_buf *fp, const dx_analyzer *a)
{
	const mecab_dictionary_info_t *di;
	unsigned char buf[65536];
	uint64_t h = 0xcbf29ce484222325ULL;
	ssize_t got;
	int fd;

	if (!a->userdic) {
		dx_buf_puts(fp, DX_FP_USERDIC DX_USERDIC_NONE);
		return;
	}
	for (di = mecab_model_dictionary_info(a->model); di; di = di->next)
		if (di->type == MECAB_USR_DIC)
			break;
	if ((fd = open(a->userdic, O_RDONLY)) >= 0) {
		while ((got = read(fd, buf, sizeof(buf))) > 0)
			h = fnv1a(h, buf, (size_t)got);
		close(fd);
	}
	dx_buf_printf(fp, DX_FP_USERDIC "%u:%016llx", di ? di->size : 0,
	              (unsigned long long)h);
}

/* Build a->fingerprint from the system dictionary's info and files. */
static void make_fingerprint(dx_analyzer *a, const char *dir,
                             const mecab_dictionary_info_t *di)
{
	static const char *const files[] = {
		"sys.dic", "matrix.bin", "char.bin", "unk.dic", "dicrc"
	};
	dx_buf fp = DX_BUF_INIT;
	uint64_t h = 0xcbf29ce484222325ULL, sysdic = 0, size;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size = hash_file(&h, dir, files[i]);
		if (i == 0)
			sysdic = size;
	}
	dx_buf_printf(&fp, "%s;%s;mecab-M%s;ipadic;charset=%s;version=%u;"
	              "words=%u;ids=%ux%u;sysdic=%llu;hash=%016llx",
	              DX_NORMALIZER_VERSION, DX_TERMS_VERSION, MAX_GROUPING,
	              di->charset, (unsigned)di->version, di->size, di->lsize,
	              di->rsize, (unsigned long long)sysdic,
	              (unsigned long long)h);
	userdic_fingerprint(&fp, a);
	a->fingerprint = dx_buf_detach(&fp);
}

/* Whether two folder names are the same but for trailing slashes. */
static int same_dir(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (lb > 1 && b[lb - 1] == '/')
		lb--;
	return la == lb && memcmp(a, b, la) == 0;
}

int dx_analyzer_open(dx_analyzer **out, const char *dict_dir)
{
	return dx_analyzer_open_user(out, dict_dir, NULL);
}

int dx_analyzer_open_user(dx_analyzer **out, const char *dict_dir,
                          const char *userdic)
{
	char a0[] = "dxsearch", a1[] = "-r", a2[] = "/dev/null", a3[] = "-d",
	     a5[] = "-M", a6[] = MAX_GROUPING, a7[] = "-u";
	char *argv[9];
	int argc = 7;
	dx_buf path = DX_BUF_INIT, udic = DX_BUF_INIT;
	dx_analyzer *a = NULL;
	const mecab_dictionary_info_t *di;
	struct stat st;
	char *dir = NULL;
	int error = DX_OK;

	*out = NULL;
	if (!dict_dir || !*dict_dir)
		dict_dir = DX_DICT_DIR_DEFAULT;
	dx_buf_printf(&path, "%s/sys.dic", dict_dir);
	if (stat(path.ptr, &st) < 0) {
		error = dx_error_set(DX_EDICT, "[analyze] dictionary not "
			"found at %s: install mecab-ipadic-utf8", dict_dir);
		goto done;
	}

	/* mecab_model_new(), not _new2(): new2 splits its string at
	 * spaces, which would break paths with spaces. */
	/* the user dictionary is compiled against the pinned IPADIC: it
	 * comes by itself only with that one */
	if (!userdic && same_dir(dict_dir, DX_DICT_DIR_DEFAULT))
		error = dx_userdic_find(&udic);
	else if (userdic)
		dx_buf_puts(&udic, userdic);
	if (error < 0)
		goto done;

	dir = dx_xstrdup(dict_dir);
	argv[0] = a0; argv[1] = a1; argv[2] = a2; argv[3] = a3;
	argv[4] = dir; argv[5] = a5; argv[6] = a6;
	a = dx_xcalloc(1, sizeof(*a));
	if (udic.len) {
		a->userdic = dx_xstrdup(udic.ptr);
		argv[argc++] = a7;
		argv[argc++] = a->userdic;
	}
	if (!(a->model = mecab_model_new(argc, argv))) {
		error = dx_error_set(DX_EDICT, "[analyze] cannot load the "
			"MeCab dictionary at %s%s%s: %s", dict_dir,
			a->userdic ? " with the user dictionary " : "",
			a->userdic ? a->userdic : "", mecab_strerror(NULL));
		goto done;
	}
	for (di = mecab_model_dictionary_info(a->model); di; di = di->next)
		if (di->type == MECAB_SYS_DIC)
			break;
	if (!di) {
		error = dx_error_set(DX_EDICT, "[analyze] no system "
			"dictionary at %s", dict_dir);
		goto done;
	}
	if (!di->charset || (strcmp(di->charset, "UTF-8") != 0 &&
	                     strcmp(di->charset, "utf-8") != 0 &&
	                     strcmp(di->charset, "utf8") != 0)) {
		error = dx_error_set(DX_EDICT, "[analyze] the dictionary at %s "
			"has charset %s, want UTF-8: use mecab-ipadic-utf8 "
			"(%s)", dict_dir, di->charset ? di->charset : "(none)",
			DX_DICT_DIR_DEFAULT);
		goto done;
	}
	if ((error = check_layout(a->model, dict_dir)) < 0)
		goto done;
	make_fingerprint(a, dict_dir, di);
	*out = a;
	a = NULL;
done:
	dx_analyzer_free(a);
	dx_buf_free(&path);
	dx_buf_free(&udic);
	free(dir);
	return error;
}

void dx_analyzer_free(dx_analyzer *a)
{
	if (!a)
		return;
	if (a->model)
		mecab_model_destroy(a->model);
	free(a->fingerprint);
	free(a->userdic);
	free(a);
}

const char *dx_analyzer_fingerprint(const dx_analyzer *a)
{
	return a->fingerprint;
}

const char *dx_analyzer_userdic(const dx_analyzer *a)
{
	return a->userdic;
}

int dx_fingerprint_userdic_differs(const char *stored, const char *current)
{
	const char *s = strstr(stored, DX_FP_USERDIC);
	const char *c = strstr(current, DX_FP_USERDIC);

	return s && c && s - stored == c - current &&
	       memcmp(stored, current, (size_t)(s - stored)) == 0 &&
	       strcmp(s, c) != 0;
}

/* ---- sessions ------------------------------------------------------ */

int dx_session_new(dx_session **out, dx_analyzer *a)
{
	dx_session *s = dx_xcalloc(1, sizeof(*s));

	*out = NULL;
	s->an = a;
	s->tagger = mecab_model_new_tagger(a->model);
	s->lattice = mecab_model_new_lattice(a->model);
	if (!s->tagger || !s->lattice) {
		int error = dx_error_set(DX_ERROR, "[analyze] cannot create a "
			"MeCab tagger: %s", mecab_strerror(NULL));
		dx_session_free(s);
		return error;
	}
	*out = s;
	return DX_OK;
}

void dx_session_free(dx_session *s)
{
	if (!s)
		return;
	if (s->lattice)
		mecab_lattice_destroy(s->lattice);
	if (s->tagger)
		mecab_destroy(s->tagger);
	dx_norm_free(&s->norm);
	dx_norm_free(&s->base);
	free(s);
}

/* ---- analysis ------------------------------------------------------ */

/* The end of the chunk of t[0..len) that starts at `off`: just after the
 * first sentence end (。 ! ? LF) within CHUNK_MAX bytes; else after the
 * last space in the CHUNK_BACKOFF bytes before the cap; else at the
 * character boundary at or before the cap. */
static size_t chunk_end(const char *t, size_t len, size_t off)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t lim = len - off > CHUNK_MAX ? off + CHUNK_MAX : len, i, cut;

	for (i = off; i < lim; i++) {
		unsigned char c = u[i];

		if (c == '\n' || c == '!' || c == '?')
			return i + 1;
		if (c == 0xE3 && i + 2 < len && u[i + 1] == 0x80 &&
		    u[i + 2] == 0x82)                    /* 。 U+3002 */
			return i + 3;
	}
	if (lim == len)
		return len;
	for (i = lim; i > lim - CHUNK_BACKOFF; i--)
		if (u[i - 1] == ' ')
			return i;
	cut = off + dx_utf8_floor(t + off, len - off, CHUNK_MAX);
	return cut > off ? cut : lim;
}

/* The end of t[s..e) without its trailing spaces and line ends. */
static size_t trim_end(const char *t, size_t s, size_t e)
{
	while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\n'))
		e--;
	return e;
}

/* Katakana words written with and without the final long-vowel mark are
 * one term: a word of four or more characters, all katakana, loses a
 * trailing ー (サーバー → サーバ, コンピューター → コンピュータ; データ and
 * ラー stay).  The JIS Z 8301 / Lucene katakana-stemming convention.
 * Returns the new byte length. */
static size_t katakana_stem(const char *t, size_t len)
{
	size_t i, chars = 0;

	if (len < 12 || memcmp(t + len - 3, "\xE3\x83\xBC", 3) != 0)
		return len;
	for (i = 0; i < len; i += 3, chars++) {
		const unsigned char *c = (const unsigned char *)t + i;
		unsigned cp;

		if (i + 3 > len || c[0] != 0xE3)
			return len;
		cp = ((c[0] & 0x0Fu) << 12) | ((c[1] & 0x3Fu) << 6) |
		     (c[2] & 0x3Fu);
		if (cp < 0x30A1 || cp > 0x30FC || cp == 0x30FB)
			return len;
	}
	return chars >= 4 ? len - 3 : len;
}

/* After a surface token: its base form, when it has a different one. */
static int emit_base(walk *w, dx_token *tok, const char **col,
                     const size_t *clen, size_t ncol, const char *surface)
{
	dx_session *s = w->s;
	const char *base;
	size_t blen;

	if (ncol <= IPADIC_FEATURE_BASE_FORM)
		return 0;
	base = col[IPADIC_FEATURE_BASE_FORM];
	blen = clen[IPADIC_FEATURE_BASE_FORM];
	if (blen == 0 || col_is(base, blen, "*"))
		return 0;
	if (!plain(base, blen)) {
		if (dx_normalize__reuse(&s->base, base, blen) < 0) {
			dx_error_clear();
			return 0;
		}
		base = s->base.text;
		blen = s->base.len;
	}
	blen = katakana_stem(base, term_cut(base, blen));
	if (blen == 0 || (blen == tok->term_len &&
	                  memcmp(base, surface, blen) == 0))
		return 0;
	tok->term = base;
	tok->term_len = blen;
	tok->flags = DX_TOKEN_BASE;
	return w->cb(w->payload, tok);
}

/* With readings on: the token's reading (IPADIC column 7, katakana,
 * stemmed like a katakana word), for kana-only queries. */
static int emit_reading(walk *w, dx_token *tok, const char **col,
                        const size_t *clen, size_t ncol)
{
	const char *r;
	size_t rlen;

	if (!w->s->readings || ncol <= IPADIC_FEATURE_READING)
		return 0;
	r = col[IPADIC_FEATURE_READING];
	rlen = clen[IPADIC_FEATURE_READING];
	if (rlen == 0 || col_is(r, rlen, "*"))
		return 0;
	tok->term = r;
	tok->term_len = katakana_stem(r, term_cut(r, rlen));
	tok->flags = DX_TOKEN_READING;
	return w->cb(w->payload, tok);
}

void dx_session_set_readings(dx_session *s, int on)
{
	s->readings = on;
}

void dx_session_set_parts(dx_session *s, int on)
{
	s->parts = on;
}

/* With parts on: the parts of a user dictionary word (FEATURE_PARTS),
 * each with its own span, on consecutive positions from the word's own,
 * then the word again at the last part's position (DX_TOKEN_PART |
 * DX_TOKEN_BASE: no new occurrence), and the next token after that.  So
 * a phrase matches whether it holds the whole word or a part of it:
 * "くすのき 官民共創", "官民共創 ラボ", "共創 ラボ", "官民 共創". */
static int emit_parts(walk *w, dx_token *tok, const char **col,
                      const size_t *clen, size_t ncol, size_t ns, size_t ne,
                      size_t wlen)
{
	const dx_norm *n = &w->s->norm;
	const char *p, *end, *sp, *word = n->text + ns;
	size_t at = ns, plen, wstart = tok->start, wend = tok->end;
	uint32_t first = tok->pos, pos = first;
	int rc;

	if (!w->s->parts || ncol <= FEATURE_PARTS ||
	    col_is(col[FEATURE_PARTS], clen[FEATURE_PARTS], "*"))
		return 0;
	p = col[FEATURE_PARTS];
	end = p + clen[FEATURE_PARTS];
	for (; p < end; p = sp + 1) {
		if (!(sp = memchr(p, ' ', (size_t)(end - p))))
			sp = end;
		plen = (size_t)(sp - p);
		/* find the part in what is left of the surface */
		while (plen && at + plen <= ne &&
		       memcmp(n->text + at, p, plen) != 0)
			at++;
		if (!plen || at + plen > ne)
			break;
		tok->term = n->text + at;
		tok->term_len = katakana_stem(tok->term, term_cut(tok->term,
		                                                  plen));
		tok->start = n->ostart[at];
		tok->end = n->oend[at + plen - 1];
		tok->pos = pos++;
		tok->flags = DX_TOKEN_PART;
		at += plen;
		if ((rc = w->cb(w->payload, tok)) != 0)
			return rc;
	}
	if (pos - 1 > first) {
		tok->term = word;
		tok->term_len = wlen;
		tok->start = wstart;
		tok->end = wend;
		tok->flags = DX_TOKEN_PART | DX_TOKEN_BASE;
		w->last = tok->pos;
		return w->cb(w->payload, tok);
	}
	return 0;
}

/* dx_session_word_has_part(): what one analysis of the word saw. */
typedef struct {
	const char *part;
	size_t      plen;
	size_t      words;   /* surface tokens */
	int         found;   /* a DX_TOKEN_PART equal to part */
} part_probe;

static int on_part_probe(void *payload, const dx_token *tok)
{
	part_probe *p = payload;

	if (!(tok->flags & (DX_TOKEN_BASE | DX_TOKEN_READING | DX_TOKEN_PART)))
		p->words++;
	else if (tok->flags == DX_TOKEN_PART && tok->term_len == p->plen &&
	         memcmp(tok->term, p->part, p->plen) == 0)
		p->found = 1;
	return 0;
}

int dx_session_word_has_part(dx_session *s, const char *word, size_t wlen,
                             const char *part, size_t plen)
{
	part_probe p = { part, plen, 0, 0 };
	int parts = s->parts, readings = s->readings, rc;

	s->parts = 1;
	s->readings = 0;
	rc = dx_analyze(s, word, wlen, on_part_probe, &p);
	s->parts = parts;
	s->readings = readings;
	if (rc < 0)
		dx_error_clear();
	return rc == DX_OK && p.words == 1 && p.found;
}

void dx_session_set_variants(dx_session *s, int on)
{
	s->variants = on;
}

/* Whether node is IPADIC's 名詞,接尾 (込み of 申|込み), right after the
 * previous node with no space between. */
static int is_attached_suffix(const mecab_node_t *prev,
                              const mecab_node_t *node)
{
	const char *col[2];
	size_t clen[2];

	if (!node || node->stat == MECAB_EOS_NODE || !node->feature ||
	    node->surface != prev->surface + prev->length ||
	    split_feature(node->feature, col, clen, 2) < 2)
		return 0;
	return col_is(col[0], clen[0], "名詞") && col_is(col[1], clen[1], "接尾");
}

/* With variants on: the okurigana key (okurigana.h) of the surface, and
 * of the base form when that gives another, for words spelled with
 * hiragana (申し込み → 申込); a word in kanji only is its own key.  A word
 * with no key of its own followed by a suffix gets the key of the two
 * together (IPADIC cuts 申込み into 申|込み in some sentences). */
static int emit_variants(walk *w, dx_token *tok, const mecab_node_t *node,
                         const char *surface, size_t slen, const char **col,
                         const size_t *clen, size_t ncol)
{
	char key[DX_TERM_MAX], bkey[DX_TERM_MAX];
	size_t klen, blen = 0, both;
	int kana = 0, bkana = 0, rc;

	if (!w->s->variants)
		return 0;
	klen = dx_okurigana_key(surface, slen, key, &kana);
	if (ncol > IPADIC_FEATURE_BASE_FORM &&
	    clen[IPADIC_FEATURE_BASE_FORM] <= DX_TERM_MAX &&
	    plain(col[IPADIC_FEATURE_BASE_FORM], clen[IPADIC_FEATURE_BASE_FORM]))
		blen = dx_okurigana_key(col[IPADIC_FEATURE_BASE_FORM],
		                        clen[IPADIC_FEATURE_BASE_FORM], bkey,
		                        &bkana);
	if (!klen && is_attached_suffix(node, node->next) &&
	    (both = (size_t)node->length + node->next->length) <= DX_TERM_MAX)
		klen = dx_okurigana_key(surface, both, key, &kana);
	tok->flags = DX_TOKEN_VARIANT;
	if (klen && kana) {
		tok->term = key;
		tok->term_len = klen;
		if ((rc = w->cb(w->payload, tok)) != 0)
			return rc;
	}
	if (blen && bkana && !(klen && kana && blen == klen &&
	                       memcmp(key, bkey, klen) == 0)) {
		tok->term = bkey;
		tok->term_len = blen;
		return w->cb(w->payload, tok);
	}
	return 0;
}

/* Give the token of one MeCab node at normalized bytes [ns, ne) to the
 * callback, then its base form if it has a different one, then (if
 * asked for) its reading; a symbol only widens the gap.  Returns the callback's nonzero result, or 0. */
static int on_node(walk *w, const mecab_node_t *node, size_t ns, size_t ne)
{
	dx_session *s = w->s;
	const dx_norm *n = &s->norm;
	const char *surface = n->text + ns;
	size_t len = ne - ns, ncol, surface_len;
	const char *col[FEATURE_COLS];
	size_t clen[FEATURE_COLS];
	dx_token tok;
	int rc;

	ncol = split_feature(node->feature, col, clen, FEATURE_COLS);
	if (col_is(col[IPADIC_FEATURE_POS1], clen[IPADIC_FEATURE_POS1],
	           "記号") || only_symbols(surface, len)) {
		w->gap += GAP_SYMBOL;
		return 0;
	}

	tok.term = surface;
	tok.term_len = katakana_stem(surface, term_cut(surface, len));
	surface_len = tok.term_len;
	tok.start = n->ostart[ns];
	tok.end = n->oend[ne - 1];
	if (w->last == 0)
		tok.pos = 1;
	else
		tok.pos = w->last + 1 + w->gap +
		          (w->boundary ? GAP_SENTENCE : 0);
	w->last = tok.pos;
	w->gap = 0;
	w->boundary = 0;
	tok.flags = 0;
	tok.pclass = classify(node, col, clen, ncol);
	if ((rc = w->cb(w->payload, &tok)) != 0)
		return rc;
	if ((rc = emit_base(w, &tok, col, clen, ncol, surface)) != 0)
		return rc;
	if ((rc = emit_reading(w, &tok, col, clen, ncol)) != 0 ||
	    (rc = emit_variants(w, &tok, node, surface, surface_len, col,
	                        clen, ncol)) != 0)
		return rc;
	return emit_parts(w, &tok, col, clen, ncol, ns, ne, surface_len);
}

/* Run MeCab on the normalized bytes [off, end) and walk its nodes. */
static int parse_chunk(walk *w, size_t off, size_t end)
{
	dx_session *s = w->s;
	const mecab_node_t *node;
	const char *sent;
	char saved = s->norm.text[end];
	size_t ns;
	int ok, rc;

	/* MeCab 0.996 is not purely length-based: when only whitespace is
	 * left before the end, Tokenizer::lookup() hands the dictionary a
	 * key length of 0, which Darts takes as "use strlen()".  Without a
	 * NUL at the chunk end that reads on into the next chunks (slow:
	 * the rest of the document, per chunk) and can add nodes that end
	 * past the lattice.  So chunks come without trailing whitespace
	 * (see dx_analyze) and NUL-terminated while they parse. */
	s->norm.text[end] = '\0';
	mecab_lattice_set_sentence2(s->lattice, s->norm.text + off, end - off);
	ok = mecab_parse_lattice(s->tagger, s->lattice);
	s->norm.text[end] = saved;
	if (!ok)
		return dx_error_set(DX_ERROR, "[analyze][mecab] %s",
		                    mecab_lattice_strerror(s->lattice));
	/* The lattice does not copy the sentence (no NBEST/PARTIAL), but
	 * take offsets from what it reports, as the API says. */
	sent = mecab_lattice_get_sentence(s->lattice);
	for (node = mecab_lattice_get_bos_node(s->lattice); node;
	     node = node->next) {
		if (node->stat == MECAB_BOS_NODE ||
		    node->stat == MECAB_EOS_NODE || node->length == 0)
			continue;
		ns = off + (size_t)(node->surface - sent);
		if ((rc = on_node(w, node, ns, ns + node->length)) != 0)
			return rc;
	}
	return 0;
}

int dx_analyze(dx_session *s, const char *text, size_t len,
               dx_token_cb cb, void *payload)
{
	walk w = { s, cb, payload, 0, 0, 0 };
	size_t off = 0, end, trimmed;
	int rc = 0;

	if ((rc = dx_normalize__reuse(&s->norm, text, len)) < 0)
		return rc;
	while (off < s->norm.len && rc == 0) {
		end = chunk_end(s->norm.text, s->norm.len, off);
		trimmed = trim_end(s->norm.text, off, end);
		if (trimmed > off)
			rc = parse_chunk(&w, off, trimmed);
		w.boundary = 1;
		off = end;
	}
	if (s->norm.cap > NORM_KEEP)
		dx_norm_free(&s->norm);
	if (s->base.cap > NORM_KEEP)
		dx_norm_free(&s->base);
	return rc < 0 ? rc : DX_OK;
}
