/* analyze.c -- normalize + MeCab (IPADIC or UniDic) + term rules; see
 * analyze.h. */
#include "analyze.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mecab.h>
#include <utf8proc.h>

#include "buf.h"
#include "dicts.h"
#include "errors.h"
#include "hash.h"
#include "memo.h"
#include "normalize.h"
#include "okurigana.h"
#include "userdic.h"
#include "utf8.h"

/* Bump whenever the term rules below may give other terms or positions:
 * what is skipped, base forms, gaps, chunking, MeCab options. */
#define DX_TERMS_VERSION "terms-3"

/* Feature columns (node->feature is CSV; "*" is an empty column).
 * Both layouts start with pos1,pos2,pos3,pos4,cType,cForm.
 *
 * IPADIC: ...,baseform,reading,pronunciation.  Unknown words stop after
 * the base form column ("*").  User dictionary entries (userdic.c) add
 * a column after the pronunciation: the word's parts as the dictionary
 * split it before the word was added, separated by spaces ("官民 共創"),
 * or "*".
 *
 * UniDic (unidic-mecab 2.x and 3.x, dicrc): ...,lForm,lemma,orth,pron,
 * orthBase,pronBase,goshu,... (columns after goshu may be quoted, with
 * commas inside: never split that far).  Unknown words have the six POS
 * columns only.  The base form is orthBase, the base form in the
 * spelling of the text (取り組ん → 取り組む, とりくん → とりくむ): lemma
 * is the lexeme's headword (いる → 居る, サーバー → サーバー-server), not
 * a form of the surface.  The reading is lForm, the lexeme's reading in
 * katakana (取り組ん → トリクム): a kana query typed in dictionary form
 * finds every inflected form, as IPADIC's readings do for nouns; pron
 * spells long vowels as pronounced (共創 → キョーソー, は → ワ), which
 * kana queries never match. */
#define FEATURE_POS1  0
#define FEATURE_POS2  1
#define FEATURE_COLS 12   /* columns we split at most */

typedef enum { LAYOUT_IPADIC, LAYOUT_UNIDIC } dx_layout;

typedef struct {
	const char *name;      /* in the fingerprint */
	size_t      base;      /* base form column */
	size_t      reading;   /* katakana reading column */
	size_t      parts;     /* user dictionary parts column; 0: none */
	size_t      cols;      /* columns to split */
} layout_cols;

static const layout_cols LAYOUTS[] = {
	[LAYOUT_IPADIC] = { "ipadic",  6, 7, 9, 10 },
	[LAYOUT_UNIDIC] = { "unidic", 10, 6, 0, 11 },
};

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
	dx_layout      layout;       /* the dictionary's feature columns */
	char          *fingerprint;  /* owned */
	char          *userdic;      /* compiled user dictionary; owned,
	                                NULL: none */
	int            keeps_bases;  /* its dictionaries keep base forms
	                                (analyze.h) */
	uint64_t       memo_id;      /* its fingerprint's hash: its part of
	                                the sentence memo (memo.h) */
};

struct dx_session {
	dx_analyzer     *an;
	mecab_t         *tagger;
	mecab_lattice_t *lattice;
	dx_norm          norm;       /* the normalized input, reused */
	const char      *norm_src;   /* what norm was made of (borrowed,
	                                during dx_analyze_filtered) */
	dx_norm          base;       /* a normalized base form, reused */
	dx_buf           memo_key;   /* a sentence's memo key and tokens, */
	dx_buf           memo_rec;   /* reused (sentence()) */
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
	dx_layout    layout;    /* the dictionary's */
	const layout_cols *lc;  /* LAYOUTS[layout] */
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
static dx_pos_class classify_ipadic(const char *p1, size_t l1,
                                    const char *p2, size_t l2)
{
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

/* Whether node comes right after a conjunctive particle (て, で). */
static int after_te(const mecab_node_t *node)
{
	const mecab_node_t *prev = node->prev;
	const char *col[2];
	size_t clen[2];

	return prev && prev->stat != MECAB_BOS_NODE && prev->feature &&
	       split_feature(prev->feature, col, clen, 2) == 2 &&
	       col_is(col[0], clen[0], "助詞") &&
	       col_is(col[1], clen[1], "接続助詞");
}

/* The same from UniDic's pos1/pos2, onto IPADIC's classes: 代名詞 is a
 * noun, 形状詞 (IPADIC's 形容動詞語幹) an adjective, 接尾辞 a suffix
 * like IPADIC's 名詞,接尾 (的 of 効果的 too) unless it is verb- or
 * adjective-like, a letter (記号,文字: c of c言語) a noun.  UniDic's
 * 非自立可能 is a property of the word, not of its use: such a verb is
 * auxiliary only after て/で (取り組んで|いる, 使って|みる), as IPADIC's
 * 動詞,非自立 is. */
static dx_pos_class classify_unidic(const mecab_node_t *node,
                                    const char *p1, size_t l1,
                                    const char *p2, size_t l2)
{
	if (col_is(p1, l1, "名詞"))
		return col_is(p2, l2, "助動詞語幹") ? DX_POS_AUX : DX_POS_NOUN;
	if (col_is(p1, l1, "代名詞"))
		return DX_POS_NOUN;
	if (col_is(p1, l1, "動詞"))
		return col_is(p2, l2, "非自立可能") && after_te(node) ?
		       DX_POS_AUX : DX_POS_VERB;
	if (col_is(p1, l1, "接頭辞"))
		return DX_POS_PREFIX;
	if (col_is(p1, l1, "接尾辞"))
		return col_is(p2, l2, "動詞的") ? DX_POS_VERB :
		       col_is(p2, l2, "形容詞的") ? DX_POS_ADJ : DX_POS_SUFFIX;
	if (col_is(p1, l1, "形容詞"))
		return DX_POS_ADJ;
	if (col_is(p1, l1, "形状詞"))
		return col_is(p2, l2, "助動詞語幹") ? DX_POS_AUX : DX_POS_ADJ;
	if (col_is(p1, l1, "助詞"))
		return DX_POS_PARTICLE;
	if (col_is(p1, l1, "助動詞"))
		return DX_POS_AUX;
	if (col_is(p1, l1, "記号") && col_is(p2, l2, "文字"))
		return DX_POS_NOUN;
	return DX_POS_OTHER;
}

static dx_pos_class classify(dx_layout layout, const mecab_node_t *node,
                             const char **col, const size_t *clen,
                             size_t ncol)
{
	const char *p2 = ncol > 1 ? col[FEATURE_POS2] : "";
	size_t l2 = ncol > 1 ? clen[FEATURE_POS2] : 0;

	if (node->stat == MECAB_UNK_NODE)
		return DX_POS_NOUN;
	if (layout == LAYOUT_UNIDIC)
		return classify_unidic(node, col[FEATURE_POS1],
		                       clen[FEATURE_POS1], p2, l2);
	return classify_ipadic(col[FEATURE_POS1], clen[FEATURE_POS1], p2, l2);
}

/* Whether the node is a symbol by its POS: IPADIC's 記号, UniDic's
 * 補助記号 (punctuation, brackets) and 空白.  UniDic's 記号 are letters
 * (記号,文字) and signs (記号,一般: only_symbols() drops those). */
static int symbol_pos(dx_layout layout, const char *p1, size_t l1)
{
	if (layout == LAYOUT_UNIDIC)
		return col_is(p1, l1, "補助記号") || col_is(p1, l1, "空白");
	return col_is(p1, l1, "記号");
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
	*h = dx_fnv1a(*h, name, strlen(name) + 1);
	fd = open(path.ptr, O_RDONLY);
	dx_buf_free(&path);
	if (fd < 0 || fstat(fd, &st) < 0) {
		*h = dx_fnv1a(*h, "missing", 7);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	size = (uint64_t)st.st_size;
	*h = dx_fnv1a(*h, &size, sizeof(size));
	got = pread(fd, buf, sizeof(buf), 0);
	if (got > 0)
		*h = dx_fnv1a(*h, buf, (size_t)got);
	if (size > HASH_SPAN) {
		got = pread(fd, buf, sizeof(buf),
		            (off_t)(size > 2 * HASH_SPAN ? size - HASH_SPAN :
		                    HASH_SPAN));
		if (got > 0)
			*h = dx_fnv1a(*h, buf, (size_t)got);
	}
	close(fd);
	return size;
}

/* Parse a word whose analysis we know to find the dictionary's feature
 * layout (*out), and refuse others (JUMAN puts its base form in column
 * 4).  The base form of 取り組ん is in column 6 with IPADIC, in column 10
 * (orthBase) with UniDic. */
static int detect_layout(mecab_model_t *model, const char *dir,
                         dx_layout *out)
{
	static const char probe[] = "取り組んで";
	mecab_t *tagger = mecab_model_new_tagger(model);
	mecab_lattice_t *lat = mecab_model_new_lattice(model);
	const mecab_node_t *node;
	const char *col[FEATURE_COLS];
	size_t clen[FEATURE_COLS], n = 0;
	int ok = 0;

	if (tagger && lat) {
		mecab_lattice_set_sentence2(lat, probe, sizeof(probe) - 1);
		if (mecab_parse_lattice(tagger, lat)) {
			node = mecab_lattice_get_bos_node(lat)->next;
			if (node && node->stat != MECAB_EOS_NODE)
				n = split_feature(node->feature, col, clen,
				                  FEATURE_COLS);
			ok = n > 0 && col_is(col[0], clen[0], "動詞");
		}
	}
	if (ok && n >= LAYOUTS[LAYOUT_UNIDIC].cols &&
	    col_is(col[10], clen[10], "取り組む"))
		*out = LAYOUT_UNIDIC;
	else if (ok && n >= 8 && col_is(col[6], clen[6], "取り組む"))
		*out = LAYOUT_IPADIC;
	else
		ok = 0;
	if (lat)
		mecab_lattice_destroy(lat);
	if (tagger)
		mecab_destroy(tagger);
	if (!ok)
		return dx_error_set(DX_EDICT,
			"[analyze] the dictionary at %s has neither the "
			"IPADIC nor the UniDic feature layout: use "
			"mecab-ipadic-utf8 or unidic-mecab", dir);
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
			h = dx_fnv1a(h, buf, (size_t)got);
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
	dx_buf_printf(&fp, "%s;%s;mecab-M%s;%s;charset=%s;version=%u;"
	              "words=%u;ids=%ux%u;sysdic=%llu;hash=%016llx",
	              DX_NORMALIZER_VERSION, DX_TERMS_VERSION, MAX_GROUPING,
	              LAYOUTS[a->layout].name, di->charset,
	              (unsigned)di->version, di->size, di->lsize, di->rsize,
	              (unsigned long long)sysdic, (unsigned long long)h);
	userdic_fingerprint(&fp, a);
	a->fingerprint = dx_buf_detach(&fp);
}

int dx_analyzer_keeps_bases(const dx_analyzer *a)
{
	return a->keeps_bases;
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
	dict_dir = dx_dict_dir(dict_dir);
	dx_buf_printf(&path, "%s/sys.dic", dict_dir);
	if (stat(path.ptr, &st) < 0) {
		error = dx_error_set(DX_EDICT, "[analyze] dictionary not "
			"found at %s: install %s", dict_dir,
			dx_dict_package(dict_dir));
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
	if ((error = detect_layout(a->model, dict_dir, &a->layout)) < 0)
		goto done;
	make_fingerprint(a, dict_dir, di);
	/* the pinned IPADIC keeps them (tests/unit/test_prefilter.c) */
	a->memo_id = dx_fnv1a(DX_FNV1A_INIT, a->fingerprint,
	                   strlen(a->fingerprint));
	a->keeps_bases = a->layout == LAYOUT_IPADIC &&
	                 same_dir(dict_dir, DX_DICT_DIR_DEFAULT) &&
	                 (!a->userdic || dx_userdic_keeps_bases(a->userdic));
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

/* The dictionary part of fingerprint fp: from the layout name (after
 * the MeCab options) to the user dictionary part, into *len; NULL if fp
 * has no such part. */
static const char *dict_part(const char *fp, size_t *len)
{
	const char *s = strstr(fp, ";mecab-M"), *e;

	if (!s || !(s = strchr(s + 1, ';')) ||
	    !(e = strstr(s, DX_FP_USERDIC)))
		return NULL;
	*len = (size_t)(e - s);
	return s;
}

int dx_fingerprint_dict_differs(const char *stored, const char *current)
{
	size_t ls = 0, lc = 0;
	const char *s = dict_part(stored, &ls), *c = dict_part(current, &lc);

	return s && c && (ls != lc || memcmp(s, c, ls) != 0);
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
	dx_buf_free(&s->memo_key);
	dx_buf_free(&s->memo_rec);
	free(s);
}

/* ---- analysis ------------------------------------------------------ */

/* The end of the chunk of t[0..len) that starts at `off`: just after the
 * first sentence end (。 ! ? LF) within CHUNK_MAX bytes; else after the
 * last space in the CHUNK_BACKOFF bytes before the cap; else at the
 * character boundary at or before the cap.  t is normalized, so valid
 * UTF-8. */
static size_t chunk_end(const char *t, size_t len, size_t off)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t lim = len - off > CHUNK_MAX ? off + CHUNK_MAX : len, i, cut;

	for (i = off; i < lim; i++) {   /* a character at a step */
		unsigned char c = u[i];

		if (c < 0x80) {
			if (c == '\n' || c == '!' || c == '?')
				return i + 1;
		} else if (c == 0xE3 && i + 2 < len && u[i + 1] == 0x80 &&
		           u[i + 2] == 0x82) {           /* 。 U+3002 */
			return i + 3;
		} else if (c >= 0xC0) {   /* skip the continuation bytes */
			i += c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
		}
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

/* The term of the base form column base[0..blen) into *base (which may
 * then point into n) and its length; 0: none ("*", or it cannot be
 * normalized). */
static size_t base_term(dx_norm *n, const char **base, size_t blen)
{
	if (blen == 0 || col_is(*base, blen, "*"))
		return 0;
	if (!plain(*base, blen)) {
		if (dx_normalize__reuse(n, *base, blen) < 0) {
			dx_error_clear();
			return 0;
		}
		*base = n->text;
		blen = n->len;
	}
	return katakana_stem(*base, term_cut(*base, blen));
}

/* Base forms and their surface: see analyze.h. */
int dx_entry_keeps_base(const char *surface, size_t slen, const char *base,
                        size_t blen)
{
	dx_norm n = DX_NORM_INIT;
	size_t i = 0, j, tail, tl = katakana_stem(surface,
	                                          term_cut(surface, slen));
	int32_t cp;
	int ok = 1;

	blen = base_term(&n, &base, blen);
	if (blen == 0 || (blen == tl && memcmp(base, surface, tl) == 0)) {
		dx_norm_free(&n);
		return 1;                /* no base form token */
	}
	/* the first characters they share */
	for (j = 0; j < blen; i = j) {
		dx_utf8_next(base, blen, &j);
		if (j > tl || memcmp(base + i, surface + i, j - i) != 0)
			break;
	}
	/* none: the base begins with one of DX_BASE_SHIFTS (3 bytes each) */
	if (i == 0) {
		const char *sh = DX_BASE_SHIFTS;

		for (ok = 0; !ok && *sh; sh += 3)
			ok = blen >= 3 && memcmp(base, sh, 3) == 0;
	}
	for (tail = 0; ok && i < blen; tail++) {
		cp = dx_utf8_next(base, blen, &i);
		ok = cp >= 0x3041 && cp <= 0x3096 &&   /* hiragana */
		     tail < DX_BASE_TAIL;
	}
	dx_norm_free(&n);
	return ok;
}

/* After a surface token: its base form, when it has a different one. */
static int emit_base(walk *w, dx_token *tok, const char **col,
                     const size_t *clen, size_t ncol, const char *surface)
{
	dx_session *s = w->s;
	const char *base;
	size_t blen;

	if (ncol <= w->lc->base)
		return 0;
	base = col[w->lc->base];
	blen = clen[w->lc->base];
	if ((blen = base_term(&s->base, &base, blen)) == 0 ||
	    (blen == tok->term_len && memcmp(base, surface, blen) == 0))
		return 0;
	tok->term = base;
	tok->term_len = blen;
	tok->flags = DX_TOKEN_BASE;
	return w->cb(w->payload, tok);
}

/* With readings on: the token's reading (katakana, stemmed like a
 * katakana word), for kana-only queries. */
static int emit_reading(walk *w, dx_token *tok, const char **col,
                        const size_t *clen, size_t ncol)
{
	const char *r;
	size_t rlen;

	if (!w->s->readings || ncol <= w->lc->reading)
		return 0;
	r = col[w->lc->reading];
	rlen = clen[w->lc->reading];
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

/* With parts on: the parts of a user dictionary word (IPADIC only),
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

	if (!w->s->parts || !w->lc->parts || ncol <= w->lc->parts ||
	    col_is(col[w->lc->parts], clen[w->lc->parts], "*"))
		return 0;
	p = col[w->lc->parts];
	end = p + clen[w->lc->parts];
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

/* Whether node is a suffix (IPADIC's 名詞,接尾: 込み of 申|込み), right
 * after the previous node with no space between. */
static int is_attached_suffix(dx_layout layout, const mecab_node_t *prev,
                              const mecab_node_t *node)
{
	const char *col[2];
	size_t clen[2];

	if (!node || node->stat == MECAB_EOS_NODE || !node->feature ||
	    node->surface != prev->surface + prev->length ||
	    split_feature(node->feature, col, clen, 2) < 2)
		return 0;
	return classify(layout, node, col, clen, 2) == DX_POS_SUFFIX;
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
	if (ncol > w->lc->base && clen[w->lc->base] <= DX_TERM_MAX &&
	    plain(col[w->lc->base], clen[w->lc->base]))
		blen = dx_okurigana_key(col[w->lc->base],
		                        clen[w->lc->base], bkey,
		                        &bkana);
	if (!klen && is_attached_suffix(w->layout, node, node->next) &&
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

	ncol = split_feature(node->feature, col, clen, w->lc->cols);
	if (symbol_pos(w->layout, col[FEATURE_POS1], clen[FEATURE_POS1]) ||
	    only_symbols(surface, len)) {
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
	tok.pclass = classify(w->layout, node, col, clen, ncol);
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

/* 1 for an ASCII letter, 2 for an ASCII digit, else 0. */
static int ascii_class(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return c >= '0' && c <= '9' ? 2 : 0;
}

/* UniDic has words for single letters and digits (記号,文字 and
 * 名詞,数詞), which MeCab often prefers to one unknown word: pro →
 * p|r|o, iphone → i|phone, 2024 → 2|0|2|4.  Keep each run of ASCII
 * letters, and of digits, one token as IPADIC does: no token boundary
 * inside a run.  (MeCab drops the constraints with the next sentence.) */
static void keep_ascii_runs(mecab_lattice_t *lat, const char *t, size_t len)
{
	size_t i;
	int prev = ascii_class((unsigned char)t[0]), cur;

	for (i = 1; i < len; i++, prev = cur) {
		cur = ascii_class((unsigned char)t[i]);
		if (cur != 0 && cur == prev)
			mecab_lattice_set_boundary_constraint(
				lat, i, MECAB_INSIDE_TOKEN);
	}
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
	if (w->layout == LAYOUT_UNIDIC)
		keep_ascii_runs(s->lattice, s->norm.text + off, end - off);
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
	return dx_analyze_filtered(s, text, len, NULL, NULL, cb, payload);
}

/* ---- filtered: one sentence at a time, memoized ---------------------
 *
 * A sentence's tokens depend on its text only (and the analyzer and the
 * session's switches), so dx_analyze_filtered() keeps them in the
 * sentence memo (memo.h), keyed by those and by the normalized and the
 * original bytes of the sentence: spans are kept from the original
 * sentence's start, positions from 1 (the sentence alone). */

#define MEMO_TOKEN 16   /* pos, start, end (u32), flags, pclass, term len */

typedef struct {
	dx_token_cb cb;
	void       *payload;
	uint32_t    base;     /* added to the sentence's positions */
	size_t      origin;   /* its first original byte */
	dx_buf     *rec;      /* the tokens, as memoized */
} memo_walk;

static void put_u32(dx_buf *b, size_t v)
{
	unsigned char u[4] = { (unsigned char)(v >> 24),
	                       (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 8), (unsigned char)v };

	dx_buf_put(b, (const char *)u, 4);
}

static uint32_t get_u32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 |
	       (uint32_t)u[2] << 8 | u[3];
}

/* Record a token (positions and spans of the sentence alone), then hand
 * it on where the sentence is. */
static int memo_record(void *payload, const dx_token *tok)
{
	memo_walk *m = payload;
	dx_token t = *tok;
	unsigned char fl[4] = { (unsigned char)tok->flags,
	                        (unsigned char)tok->pclass,
	                        (unsigned char)(tok->term_len >> 8),
	                        (unsigned char)tok->term_len };

	put_u32(m->rec, tok->pos);
	put_u32(m->rec, tok->start - m->origin);
	put_u32(m->rec, tok->end - m->origin);
	dx_buf_put(m->rec, (const char *)fl, 4);
	dx_buf_put(m->rec, tok->term, tok->term_len);
	t.pos += m->base;
	return m->cb(m->payload, &t);
}

/* Hand on the memoized tokens rec[0..len); *last: the sentence's last
 * position. */
static int memo_replay(const memo_walk *m, const char *rec, size_t len,
                       uint32_t *last)
{
	size_t at = 0;
	int rc = 0;

	while (rc == 0 && at + MEMO_TOKEN <= len) {
		dx_token t;

		t.pos = get_u32(rec + at);
		t.start = m->origin + get_u32(rec + at + 4);
		t.end = m->origin + get_u32(rec + at + 8);
		t.flags = (unsigned char)rec[at + 12];
		t.pclass = (dx_pos_class)(unsigned char)rec[at + 13];
		t.term_len = (size_t)(unsigned char)rec[at + 14] << 8 |
		             (unsigned char)rec[at + 15];
		t.term = rec + at + MEMO_TOKEN;
		at += MEMO_TOKEN + t.term_len;
		*last = t.pos;   /* a word's parts come last: the furthest */
		t.pos += m->base;
		rc = m->cb(m->payload, &t);
	}
	return rc;
}

/* The sentence normalized [off, end) of a filtered analysis: its tokens
 * as if it were analyzed alone, placed after the sentence before (3
 * positions on: never adjacent), from the memo or from MeCab. */
static int sentence(walk *w, size_t off, size_t end)
{
	dx_session *s = w->s;
	const dx_norm *n = &s->norm;
	size_t ostart = n->ostart[off], oend = n->oend[end - 1];
	unsigned char sw = (unsigned char)(s->readings | s->parts << 1 |
	                                   s->variants << 2);
	dx_buf *key = &s->memo_key, *rec = &s->memo_rec;
	memo_walk m = { w->cb, w->payload, w->last ? w->last + 2 : 0, ostart,
	                rec };
	walk alone = *w;
	uint32_t last = 0;
	int rc;

	dx_buf_clear(key);
	dx_buf_clear(rec);
	put_u32(key, (size_t)(s->an->memo_id >> 32));
	put_u32(key, (size_t)(s->an->memo_id & 0xFFFFFFFFu));
	dx_buf_putc(key, (char)sw);
	put_u32(key, end - off);
	dx_buf_put(key, n->text + off, end - off);
	dx_buf_put(key, s->norm_src + ostart, oend - ostart);
	if (dx_memo_get(DX_MEMO_SENTENCES, key->ptr, key->len, rec)) {
		rc = memo_replay(&m, rec->ptr, rec->len, &last);
	} else {
		alone.cb = memo_record;
		alone.payload = &m;
		alone.last = alone.gap = 0;
		alone.boundary = 0;
		rc = parse_chunk(&alone, off, end);
		last = alone.last;
		if (rc == 0)   /* complete */
			dx_memo_put(DX_MEMO_SENTENCES, key->ptr, key->len,
			            rec->ptr ? rec->ptr : "", rec->len);
	}
	if (last)
		w->last = m.base + last;
	return rc;
}

/* Normalize text[0..len) into s->norm.  Filtered analyses (the
 * highlighter's) see the same passages query after query: with `memo`
 * the result comes from, or goes to, the passage memo (memo.h), keyed by
 * the text alone (the normalizer is one per process). */
static int normalize_input(dx_session *s, const char *text, size_t len,
                           int memo)
{
	dx_buf *rec = &s->memo_rec;
	int rc;

	if (memo) {
		dx_buf_clear(rec);
		if (dx_memo_get(DX_MEMO_PASSAGES, text, len, rec) &&
		    dx_norm__unpack(&s->norm, rec->ptr, rec->len))
			return DX_OK;
	}
	if ((rc = dx_normalize__reuse(&s->norm, text, len)) < 0 || !memo ||
	    len + dx_norm__packed_size(s->norm.len) > DX_PASSAGE_MEMO_ENTRY_MAX)
		return rc;
	dx_buf_clear(rec);
	dx_norm__pack(&s->norm, rec);
	dx_memo_put(DX_MEMO_PASSAGES, text, len, rec->ptr, rec->len);
	return rc;
}

int dx_analyze_filtered(dx_session *s, const char *text, size_t len,
                        dx_chunk_cb keep, void *kp,
                        dx_token_cb cb, void *payload)
{
	walk w = { s, cb, payload, 0, 0, 0, s->an->layout,
	           &LAYOUTS[s->an->layout] };
	size_t off = 0, end, trimmed;
	int rc = 0;

	if ((rc = normalize_input(s, text, len, keep != NULL)) < 0)
		return rc;
	if (!s->an->keeps_bases)
		keep = NULL;   /* a filter may rely on it (analyze.h) */
	s->norm_src = text;
	while (off < s->norm.len && rc == 0) {
		end = chunk_end(s->norm.text, s->norm.len, off);
		trimmed = trim_end(s->norm.text, off, end);
		if (trimmed > off && !keep)
			rc = parse_chunk(&w, off, trimmed);
		else if (trimmed > off &&
		         keep(kp, s->norm.text + off, trimmed - off))
			rc = sentence(&w, off, trimmed);
		w.boundary = 1;
		off = end;
	}
	if (s->norm.cap > NORM_KEEP)
		dx_norm_free(&s->norm);
	if (s->base.cap > NORM_KEEP)
		dx_norm_free(&s->base);
	if (s->memo_key.cap > NORM_KEEP)
		dx_buf_free(&s->memo_key);
	if (s->memo_rec.cap > NORM_KEEP)
		dx_buf_free(&s->memo_rec);
	return rc < 0 ? rc : DX_OK;
}
