/* decode.c -- encoding detection and conversion to UTF-8; see decode.h. */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "errors.h"
#include "utf8.h"

/* ---- labels ---------------------------------------------------------- */

/* Labels after the WHATWG Encoding Standard's tables for the encodings
 * dxsearch reads, plus iconv's own names. */
typedef enum {
	ENC_NONE, ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE, ENC_UTF16BE,
	ENC_CP932, ENC_EUCJP, ENC_ISO2022JP
} enc_id;

static const char *const enc_names[] = {
	NULL, DX_ENC_UTF8, DX_ENC_UTF8_BOM, DX_ENC_UTF16LE, DX_ENC_UTF16BE,
	DX_ENC_CP932, DX_ENC_EUCJP, DX_ENC_ISO2022JP
};

static const struct {
	const char *label;
	enc_id      enc;
} labels[] = {
	{ "utf-8", ENC_UTF8 }, { "utf8", ENC_UTF8 },
	{ "unicode-1-1-utf-8", ENC_UTF8 }, { "unicode11utf8", ENC_UTF8 },
	{ "unicode20utf8", ENC_UTF8 }, { "x-unicode20utf8", ENC_UTF8 },
	/* UTF-16 labels: see dx_decode_label() */
	{ "utf-16", ENC_UTF8 }, { "utf-16le", ENC_UTF8 },
	{ "utf-16be", ENC_UTF8 }, { "unicode", ENC_UTF8 },
	{ "unicodefffe", ENC_UTF8 }, { "unicodefeff", ENC_UTF8 },
	{ "ucs-2", ENC_UTF8 }, { "csunicode", ENC_UTF8 },
	{ "iso-10646-ucs-2", ENC_UTF8 },
	{ "shift_jis", ENC_CP932 }, { "shift-jis", ENC_CP932 },
	{ "sjis", ENC_CP932 }, { "x-sjis", ENC_CP932 },
	{ "ms_kanji", ENC_CP932 }, { "csshiftjis", ENC_CP932 },
	{ "windows-31j", ENC_CP932 }, { "cswindows31j", ENC_CP932 },
	{ "cp932", ENC_CP932 }, { "ms932", ENC_CP932 },
	{ "ibm-943", ENC_CP932 }, { "x-ms-cp932", ENC_CP932 },
	{ "sjis-win", ENC_CP932 }, { "sjis-open", ENC_CP932 },
	{ "euc-jp", ENC_EUCJP }, { "eucjp", ENC_EUCJP },
	{ "x-euc-jp", ENC_EUCJP }, { "cseucpkdfmtjapanese", ENC_EUCJP },
	{ "euc-jp-ms", ENC_EUCJP }, { "eucjp-ms", ENC_EUCJP },
	{ "eucjp-win", ENC_EUCJP }, { "eucjp-open", ENC_EUCJP },
	{ "ujis", ENC_EUCJP },
	{ "iso-2022-jp", ENC_ISO2022JP }, { "csiso2022jp", ENC_ISO2022JP },
	{ "iso2022jp", ENC_ISO2022JP }, { "jis", ENC_ISO2022JP },
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static enc_id label_id(const char *label, size_t len)
{
	size_t i, k;

	if (!label)
		return ENC_NONE;
	while (len > 0 && is_blank((unsigned char)label[0])) {
		label++;
		len--;
	}
	while (len > 0 && is_blank((unsigned char)label[len - 1]))
		len--;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		const char *l = labels[i].label;

		if (strlen(l) != len)
			continue;
		for (k = 0; k < len && lower((unsigned char)label[k]) == l[k]; k++)
			;
		if (k == len)
			return labels[i].enc;
	}
	return ENC_NONE;
}

const char *dx_decode_label(const char *label, size_t len)
{
	return enc_names[label_id(label, len)];
}

/* ---- HTML prescan ----------------------------------------------------- */

#define DX_PRESCAN_MAX 1024

/* Whether s[i..n) starts with the lowercase ASCII `word`, any case. */
static int starts_ci(const unsigned char *s, size_t n, size_t i,
                     const char *word)
{
	size_t k;

	for (k = 0; word[k]; k++)
		if (i + k >= n || lower(s[i + k]) != word[k])
			return 0;
	return 1;
}

typedef struct {
	const unsigned char *p;
	size_t               len;
} span;

static int span_is(span v, const char *word)
{
	return v.p && starts_ci(v.p, v.len, 0, word) && v.len == strlen(word);
}

/* The charset=… value inside a Content-Type string. */
static const char *content_charset(span c)
{
	size_t i, j;

	for (i = 0; c.p && i + 7 <= c.len; i++) {
		if (!starts_ci(c.p, c.len, i, "charset"))
			continue;
		j = i + 7;
		while (j < c.len && is_blank(c.p[j]))
			j++;
		if (j >= c.len || c.p[j] != '=')
			continue;
		j++;
		while (j < c.len && is_blank(c.p[j]))
			j++;
		if (j < c.len && (c.p[j] == '"' || c.p[j] == '\''))
			j++;
		i = j;
		while (j < c.len && c.p[j] != ';' && c.p[j] != '"' &&
		       c.p[j] != '\'' && !is_blank(c.p[j]))
			j++;
		return dx_decode_label((const char *)c.p + i, j - i);
	}
	return NULL;
}

/* Parse the attributes of a tag from s[*i] up to its '>' (or n). */
static const char *meta_charset(const unsigned char *s, size_t n, size_t *i)
{
	span charset = { NULL, 0 }, equiv = { NULL, 0 }, content = { NULL, 0 };
	size_t j = *i;

	while (j < n && s[j] != '>') {
		span name, val = { NULL, 0 };

		if (is_blank(s[j]) || s[j] == '/') {
			j++;
			continue;
		}
		name.p = s + j;
		while (j < n && s[j] != '=' && s[j] != '>' && s[j] != '/' &&
		       !is_blank(s[j]))
			j++;
		name.len = (size_t)(s + j - name.p);
		while (j < n && is_blank(s[j]))
			j++;
		if (j < n && s[j] == '=') {
			j++;
			while (j < n && is_blank(s[j]))
				j++;
			if (j < n && (s[j] == '"' || s[j] == '\'')) {
				unsigned char q = s[j++];

				val.p = s + j;
				while (j < n && s[j] != q)
					j++;
				val.len = (size_t)(s + j - val.p);
				if (j < n)
					j++;
			} else {
				val.p = s + j;
				while (j < n && s[j] != '>' && !is_blank(s[j]))
					j++;
				val.len = (size_t)(s + j - val.p);
			}
		}
		if (span_is(name, "charset") && !charset.p)
			charset = val;
		else if (span_is(name, "http-equiv") && !equiv.p)
			equiv = val;
		else if (span_is(name, "content") && !content.p)
			content = val;
	}
	*i = j;
	if (charset.p)
		return dx_decode_label((const char *)charset.p, charset.len);
	if (span_is(equiv, "content-type"))
		return content_charset(content);
	return NULL;
}

/* <?xml version="1.0" encoding="Shift_JIS"?> at the very start. */
static const char *xml_encoding(const unsigned char *s, size_t n)
{
	size_t i, j;

	for (i = 5; i + 1 < n && !(s[i] == '?' && s[i + 1] == '>'); i++) {
		if (!starts_ci(s, n, i, "encoding"))
			continue;
		j = i + 8;
		while (j < n && is_blank(s[j]))
			j++;
		if (j >= n || s[j] != '=')
			continue;
		j++;
		while (j < n && is_blank(s[j]))
			j++;
		if (j >= n || (s[j] != '"' && s[j] != '\''))
			return NULL;
		i = ++j;
		while (j < n && s[j] != s[i - 1])
			j++;
		return dx_decode_label((const char *)s + i, j - i);
	}
	return NULL;
}

const char *dx_decode_html_charset(const char *bytes, size_t len)
{
	const unsigned char *s = (const unsigned char *)bytes;
	size_t n = len < DX_PRESCAN_MAX ? len : DX_PRESCAN_MAX, i = 0;
	const char *enc;

	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	if (starts_ci(s, n, i, "<?xml") &&
	    (enc = xml_encoding(s + i, n - i)) != NULL)
		return enc;
	while (i < n) {
		if (starts_ci(s, n, i, "<!--")) {
			for (i += 4; i < n && !starts_ci(s, n, i, "-->"); i++)
				;
			i += 3;
		} else if (starts_ci(s, n, i, "<meta") && i + 5 < n &&
		           (is_blank(s[i + 5]) || s[i + 5] == '/')) {
			i += 5;
			if ((enc = meta_charset(s, n, &i)) != NULL)
				return enc;
		} else {
			i++;
		}
	}
	return NULL;
}

/* ---- sniffing ------------------------------------------------------- */

/* The rules are in decode.h.  Scores are sums of per-character weights
 * over the whole input: byte scans by each encoding's grammar, with the
 * JIS row telling kana from level-1 or level-2 kanji; no iconv. */

/* Weights of a character class in the plausibility score, set by
 * measuring detection on 1- to 20-character strings cut from Japanese
 * articles, whole, truncated and with a corrupted byte (the figures are
 * in tests/unit/test_decode.c). */
enum {
	W_KANA = 4,      /* hiragana, katakana: the strongest signal */
	W_KANJI1 = 3,    /* JIS level-1 kanji, CJK unified in UTF-8 */
	W_ALNUM = 1,     /* full-width letters and digits, CJK punctuation */
	W_PUNCT = 1,     /* JIS row 1: 、。「」・ー… */
	W_NEC = 1,       /* NEC row 13: ①, ㈱, Ⅰ */
	W_OTHER = 0,     /* other symbols, Greek, Cyrillic, IBM kanji */
	W_KANJI2 = -1,   /* JIS level 2: rare in text, common in mojibake */
	W_HWKANA = -1,   /* half-width katakana, CP932 (one byte) */
	W_HWKANA_EUC = 0, /* half-width katakana, EUC-JP (0x8E + byte) */
	W_X0212 = -1,    /* EUC-JP's JIS X 0212 (3 bytes) */
	W_PUA = -3,      /* user-defined rows */
	W_INVALID = -20, /* an invalid or unassigned sequence */
	W_INVALID_MORE = -5, /* …right after another one */
	W_TRUNC = -2     /* a sequence cut by the end of the input (a
	                    prefix, a truncated file): weak evidence */
};

typedef struct {
	long   score;
	size_t invalid;    /* invalid sequences */
	size_t japanese;   /* kana and common kanji */
	size_t suspect;    /* UTF-8 only: characters typical of mojibake */
	int    in_bad;     /* the last sequence was invalid */
} dx_score;

/* A run of invalid sequences is one damage: the first one costs most
 * (a broken UTF-8 character is up to four invalid bytes). */
static void add(dx_score *sc, int w)
{
	int bad = w == W_INVALID || w == W_TRUNC;

	sc->score += bad && sc->in_bad && w == W_INVALID ? W_INVALID_MORE : w;
	sc->in_bad = bad;
	if (bad)
		sc->invalid++;
	else if (w == W_KANA || w == W_KANJI1)
		sc->japanese++;
}

/* The weight of JIS X 0208 row `row` (1..94), cell `cell` (1..94), as
 * mapped by CP932 / EUC-JP-MS. */
static int jis_weight(int row, int cell)
{
	if (row == 1)
		return W_PUNCT;
	if (row == 2 || (row >= 6 && row <= 8))
		return W_OTHER;
	if (row == 3)
		return W_ALNUM;
	if (row == 4)
		return cell <= 83 ? W_KANA : W_INVALID;
	if (row == 5)
		return cell <= 86 ? W_KANA : W_INVALID;
	if (row == 13)
		return W_NEC;
	if (row >= 16 && row <= 47)
		return W_KANJI1;
	if (row >= 48 && row <= 84)
		return W_KANJI2;
	return W_INVALID;    /* rows 9-12, 14-15, 85-94 */
}

static dx_score score_cp932(const unsigned char *s, size_t n)
{
	dx_score sc = { 0, 0, 0, 0, 0 };
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], t;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xA1 && c <= 0xDF) {
			add(&sc, W_HWKANA);
			i++;
			continue;
		}
		if (!((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC))) {
			add(&sc, W_INVALID);
			i++;
			continue;
		}
		if (i + 1 >= n) {
			add(&sc, W_TRUNC);
			break;
		}
		t = s[i + 1];
		if (t < 0x40 || t == 0x7F || t > 0xFC) {
			add(&sc, W_INVALID);
			i++;
			continue;
		}
		i += 2;
		if (c >= 0xF0 && c <= 0xF9) {
			add(&sc, W_PUA);
		} else if (c >= 0xED && c != 0xEF) {
			add(&sc, W_OTHER);    /* IBM extensions (髙) */
		} else {
			int row = (int)(c <= 0x9F ? c - 0x81 : c - 0xC1) * 2 + 1;
			int cell;

			if (t >= 0x9F) {
				row++;
				cell = (int)t - 0x9E;
			} else {
				cell = (int)t - 0x3F - (t > 0x7F);
			}
			add(&sc, jis_weight(row, cell));
		}
	}
	return sc;
}

static dx_score score_eucjp(const unsigned char *s, size_t n)
{
	dx_score sc = { 0, 0, 0, 0, 0 };
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];

		if (c < 0x80) {
			i++;
		} else if ((c == 0x8E || (c >= 0xA1 && c <= 0xFE)) &&
		           i + 1 >= n) {
			add(&sc, W_TRUNC);
			break;
		} else if (c == 0x8E) {
			if (s[i + 1] >= 0xA1 && s[i + 1] <= 0xDF) {
				add(&sc, W_HWKANA_EUC);
				i += 2;
			} else {
				add(&sc, W_INVALID);
				i++;
			}
		} else if (c == 0x8F && i + 2 >= n) {
			add(&sc, i + 1 >= n || (s[i + 1] >= 0xA1 && s[i + 1] <= 0xFE) ?
			         W_TRUNC : W_INVALID);
			break;
		} else if (c == 0x8F) {
			if (s[i + 1] >= 0xA1 && s[i + 1] <= 0xFE &&
			    s[i + 2] >= 0xA1 && s[i + 2] <= 0xFE) {
				add(&sc, s[i + 1] >= 0xF5 ? W_PUA :
				         s[i + 1] >= 0xF3 ? W_OTHER : W_X0212);
				i += 3;
			} else {
				add(&sc, W_INVALID);
				i++;
			}
		} else if (c >= 0xA1 && c <= 0xFE &&
		           s[i + 1] >= 0xA1 && s[i + 1] <= 0xFE) {
			add(&sc, c >= 0xF5 ? W_PUA :
			         jis_weight((int)c - 0xA0, (int)s[i + 1] - 0xA0));
			i += 2;
		} else {
			add(&sc, W_INVALID);
			i++;
		}
	}
	return sc;
}

static dx_score score_utf8(const unsigned char *s, size_t n)
{
	dx_score sc = { 0, 0, 0, 0, 0 };
	size_t i = 0;

	while (i < n) {
		size_t at = i, k;
		int32_t cp;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		cp = dx_utf8_next((const char *)s, n, &i);
		if (cp < 0 && i == n && s[at] >= 0xC2 && s[at] <= 0xF4) {
			for (k = at + 1; k < n && (s[k] & 0xC0) == 0x80; k++)
				;
			add(&sc, k == n ? W_TRUNC : W_INVALID);
		} else if (cp < 0)
			add(&sc, W_INVALID);
		else if (cp >= 0x3041 && cp <= 0x30FF)
			add(&sc, W_KANA);
		else if (cp >= 0x4E00 && cp <= 0x9FFF)
			add(&sc, W_KANJI1);
		else if ((cp >= 0x3000 && cp <= 0x303F) ||
		         (cp >= 0xFF01 && cp <= 0xFF5E))
			add(&sc, W_ALNUM);
		else
			add(&sc, W_OTHER);
		/* What legacy bytes read as UTF-8 tend to become: C1
		 * controls, Latin extended-B, IPA, modifiers, combining
		 * marks, Coptic, scripts from Armenian to Mongolian, CJK
		 * extension A, Yi, private use.  (Not Latin-1, Latin
		 * extended-A or Greek: real text has é, ł or Ω alone.) */
		if (cp >= 0 && ((cp >= 0x80 && cp <= 0x9F) ||
		                (cp >= 0x180 && cp <= 0x36F) ||
		                (cp >= 0x3E2 && cp <= 0x3FF) ||
		                (cp >= 0x530 && cp <= 0x1DFF) ||
		                (cp >= 0x3400 && cp <= 0x4DBF) ||
		                (cp >= 0xA000 && cp <= 0xABFF) ||
		                (cp >= 0xE000 && cp <= 0xF8FF)))
			sc.suspect++;
	}
	return sc;
}

/* 7-bit data with at least one ISO-2022-JP designation. */
static int is_iso2022jp(const unsigned char *s, size_t n)
{
	size_t i;
	int esc = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= 0x80)
			return 0;
		if (s[i] == 0x1B && i + 2 < n && !esc &&
		    ((s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@' ||
		                          s[i + 2] == '(')) ||
		     (s[i + 1] == '(' && (s[i + 2] == 'B' || s[i + 2] == 'J' ||
		                          s[i + 2] == 'I'))))
			esc = 1;
	}
	return esc;
}

/* The encoding of s[0..n) without BOM or hint: see decode.h. */
static enc_id sniff(const unsigned char *s, size_t n)
{
	dx_score u, sj, ej, *best;

	if (is_iso2022jp(s, n))
		return ENC_ISO2022JP;
	/* Valid UTF-8 is UTF-8, unless it reads as mojibake only while a
	 * legacy encoding reads it cleanly as Japanese (a kanji or two in
	 * EUC-JP can be valid UTF-8: 年 is C7 AF, "ǯ"). */
	u = score_utf8(s, n);
	if (u.invalid == 0 && (u.suspect == 0 || u.japanese > 0))
		return ENC_UTF8;
	sj = score_cp932(s, n);
	ej = score_eucjp(s, n);
	best = ej.score > sj.score ? &ej : &sj;
	if (u.invalid == 0 && !(best->invalid == 0 && best->japanese > 0 &&
	                        best->score > 0))
		return ENC_UTF8;
	if (u.invalid > 0 && u.score >= best->score)
		return ENC_UTF8;
	return best == &ej ? ENC_EUCJP : ENC_CP932;
}

/* ---- conversion ------------------------------------------------------- */

static void put_fffd(dx_buf *out)
{
	dx_buf_put(out, "\xEF\xBF\xBD", 3);
}

/* Try to convert the one character at *ip with the fallback `fb`. */
static int try_fallback(dx_buf *out, iconv_t fb, char **ip, size_t *il)
{
	size_t k = (unsigned char)**ip == 0x8F ? 3 : 2;
	char *p = *ip, *op;
	size_t pl = k, ol;

	if (k > *il)
		return 0;
	dx_buf_grow(out, 16);
	op = out->ptr + out->len;
	ol = out->cap - out->len - 1;
	iconv(fb, NULL, NULL, NULL, NULL);
	if (iconv(fb, &p, &pl, &op, &ol) == (size_t)-1 || pl != 0)
		return 0;
	out->len = (size_t)(op - out->ptr);
	*ip += k;
	*il -= k;
	return 1;
}

/*
 * Append in[0..len) converted by `cd` (to UTF-8) to `out`.  An invalid
 * sequence is first offered to `fb` (if not NULL) one character at a
 * time, else replaced with U+FFFD, skipping `unit` bytes; an incomplete
 * sequence at the end becomes one U+FFFD.  Each step consumes input, so
 * this always ends.  Returns the number of replacements.
 */
static size_t convert(dx_buf *out, iconv_t cd, iconv_t fb, const char *in,
                      size_t len, size_t unit)
{
	char *ip = (char *)in, *op;
	size_t il = len, ol, bad = 0, skip;

	iconv(cd, NULL, NULL, NULL, NULL);
	while (il > 0) {
		/* Room for the usual 2 bytes → 3 of kana and kanji; more
		 * (half-width katakana: 1 byte → 3) comes by E2BIG. */
		dx_buf_grow(out, il + il / 2 + 16);
		op = out->ptr + out->len;
		ol = out->cap - out->len - 1;
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) {
			out->len = (size_t)(op - out->ptr);
			break;
		}
		out->len = (size_t)(op - out->ptr);
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && il <= 4) {
			put_fffd(out);
			bad++;
			break;
		}
		if (fb && try_fallback(out, fb, &ip, &il))
			continue;
		put_fffd(out);
		bad++;
		skip = unit < il ? unit : il;
		ip += skip;
		il -= skip;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	dx_buf_grow(out, 16);
	op = out->ptr + out->len;
	ol = out->cap - out->len - 1;
	iconv(cd, NULL, NULL, &op, &ol);
	out->len = (size_t)(op - out->ptr);
	out->ptr[out->len] = '\0';
	return bad;
}

/* Rewrite ISO-2022-JP as EUC-JP bytes: JIS X 0208 (ESC $ @, ESC $ B;
 * JIS X 0213 plane 1 is read as 0208) → two bytes | 0x80, JIS X 0212
 * (ESC $ ( D) → 0x8F + two bytes, katakana (ESC ( I) → 0x8E + byte,
 * ASCII and JIS-Roman (ESC ( B, ESC ( J) as is.  Anything else becomes
 * 0xFF, which the EUC-JP converter turns into U+FFFD. */
static void iso2022_to_euc(dx_buf *b, const unsigned char *s, size_t n)
{
	enum { ASCII, J0208, J0212, KANA } st = ASCII;
	size_t i = 0;

	dx_buf_grow(b, n + n / 2);
	while (i < n) {
		unsigned c = s[i];

		if (c == 0x1B) {
			const char *e = (const char *)s + i + 1;
			size_t left = n - i - 1;

#define ESC_IS(lit) (left >= sizeof(lit) - 1 && !memcmp(e, lit, sizeof(lit) - 1))
			if (ESC_IS("(B") || ESC_IS("(J")) {
				st = ASCII;
				i += 3;
			} else if (ESC_IS("(I")) {
				st = KANA;
				i += 3;
			} else if (ESC_IS("$@") || ESC_IS("$B")) {
				st = J0208;
				i += 3;
			} else if (ESC_IS("$(B") || ESC_IS("$(O") ||
			           ESC_IS("$(Q")) {
				st = J0208;
				i += 4;
			} else if (ESC_IS("$(D")) {
				st = J0212;
				i += 4;
			} else if (ESC_IS("&@")) {   /* JIS X 0208-1990 */
				i += 3;
			} else {
				dx_buf_putc(b, (char)0xFF);
				i++;
			}
#undef ESC_IS
			continue;
		}
		if (c >= 0x80) {
			dx_buf_putc(b, (char)0xFF);
			i++;
		} else if (st == ASCII || c <= 0x20) {
			/* controls and spaces pass in any mode */
			dx_buf_putc(b, (char)c);
			i++;
		} else if (st == KANA) {
			dx_buf_putc(b, c <= 0x5F ? (char)0x8E : (char)0xFF);
			if (c <= 0x5F)
				dx_buf_putc(b, (char)(c | 0x80));
			i++;
		} else if (c < 0x7F && i + 1 < n && s[i + 1] > 0x20 &&
		           s[i + 1] < 0x7F) {
			if (st == J0212)
				dx_buf_putc(b, (char)0x8F);
			dx_buf_putc(b, (char)(c | 0x80));
			dx_buf_putc(b, (char)(s[i + 1] | 0x80));
			i += 2;
		} else {
			dx_buf_putc(b, (char)0xFF);
			i++;
		}
	}
}

/* glibc's EUC-JP reads the bytes 0x80-0x8D and 0x90-0x9F as C1
 * controls; the EUC-JP of the web (WHATWG) and every other decoder here
 * call them invalid.  Turn the C1 controls of b[from..] into U+FFFD and
 * return how many. */
static size_t c1_to_fffd(dx_buf *b, size_t from)
{
	dx_buf fixed = DX_BUF_INIT;
	size_t i, n = 0, start = from;

	for (i = from; i + 1 < b->len; i++) {
		if ((unsigned char)b->ptr[i] != 0xC2 ||
		    (unsigned char)b->ptr[i + 1] > 0x9F)
			continue;
		dx_buf_put(&fixed, b->ptr + start, i - start);
		put_fffd(&fixed);
		start = i + 2;
		n++;
		i++;
	}
	if (n > 0) {
		dx_buf_put(&fixed, b->ptr + start, b->len - start);
		b->len = from;
		dx_buf_put(b, fixed.ptr, fixed.len);
	}
	dx_buf_free(&fixed);
	return n;
}

/* Replace the NUL bytes of b[from..] with spaces. */
static void nul_to_space(dx_buf *b, size_t from)
{
	char *p = b->ptr ? b->ptr + from : NULL, *end = p + (b->len - from);

	while (p && (p = memchr(p, '\0', (size_t)(end - p))) != NULL)
		*p++ = ' ';
}

/* Append s[0..n) decoded as `enc` to out; *bad gets the replacements.
 * Fails (DX_ERROR, nothing appended) only if iconv_open() does. */
static int convert_as(dx_buf *out, enc_id enc, const char *s, size_t n,
                      size_t *bad)
{
	iconv_t cd, fb = (iconv_t)-1;
	dx_buf tmp = DX_BUF_INIT;
	size_t from = out->len, unit = 1;
	const char *name = "EUC-JP";

	if (enc == ENC_UTF8 || enc == ENC_UTF8_BOM) {
		*bad = dx_utf8_repair(out, s, n);
		dx_buf_grow(out, 0);   /* NUL-terminated even when empty */
		out->ptr[out->len] = '\0';
		return DX_OK;
	}
	if (enc == ENC_UTF16LE || enc == ENC_UTF16BE) {
		name = enc_names[enc];
		unit = 2;
	} else if (enc == ENC_CP932) {
		name = "CP932";
	}
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1 ||
	    ((enc == ENC_EUCJP || enc == ENC_ISO2022JP) &&
	     (fb = iconv_open("UTF-8", "EUC-JP-MS")) == (iconv_t)-1)) {
		int e = errno;

		if (cd != (iconv_t)-1)
			iconv_close(cd);
		return dx_error_set(DX_ERROR, "[decode] iconv cannot convert "
		                    "from %s: %s", enc_names[enc], strerror(e));
	}
	if (enc == ENC_ISO2022JP) {
		iso2022_to_euc(&tmp, (const unsigned char *)s, n);
		s = dx_buf_cstr(&tmp);
		n = tmp.len;
	}
	*bad = convert(out, cd, fb == (iconv_t)-1 ? NULL : fb, s, n, unit);
	if (enc == ENC_EUCJP || enc == ENC_ISO2022JP)
		*bad += c1_to_fffd(out, from);
	nul_to_space(out, from);
	iconv_close(cd);
	if (fb != (iconv_t)-1)
		iconv_close(fb);
	dx_buf_free(&tmp);
	return DX_OK;
}

int dx_decode(dx_buf *out, const char *bytes, size_t len, const char *hint,
              dx_decode_info *info)
{
	const unsigned char *s = (const unsigned char *)bytes;
	enc_id h = hint ? label_id(hint, strlen(hint)) : ENC_NONE, enc;
	dx_decode_info local;
	size_t from = out->len, skip = 0, bad = 0;
	int error;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	if (!bytes) {
		bytes = "";
		s = (const unsigned char *)bytes;
		len = 0;
	}

	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		enc = ENC_UTF8_BOM;
		skip = 3;
	} else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		enc = ENC_UTF16LE;
		skip = 2;
	} else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		enc = ENC_UTF16BE;
		skip = 2;
	} else if (h != ENC_NONE) {
		/* The hint decides when the data fits it; otherwise the
		 * sniffed encoding wins if it has fewer invalid sequences. */
		if ((error = convert_as(out, h, bytes, len, &bad)) < 0)
			return error;
		enc = h;
		if (bad > 0 && (enc = sniff(s, len)) != h) {
			dx_buf alt = DX_BUF_INIT;
			size_t alt_bad = 0;

			if (convert_as(&alt, enc, bytes, len, &alt_bad) == DX_OK &&
			    alt_bad < bad) {
				out->len = from;
				dx_buf_put(out, dx_buf_cstr(&alt), alt.len);
				bad = alt_bad;
			} else {
				enc = h;
			}
			dx_buf_free(&alt);
			dx_error_clear();
		}
		info->encoding = enc_names[enc];
		info->invalid = bad;
		info->from_hint = enc == h;
		return DX_OK;
	} else {
		enc = sniff(s, len);
	}
	if ((error = convert_as(out, enc, bytes + skip, len - skip, &bad)) < 0)
		return error;
	info->encoding = enc_names[enc];
	info->invalid = bad;
	return DX_OK;
}

int dx_decode_document(dx_buf *out, const char *bytes, size_t len, int html,
                       dx_decode_info *info)
{
	return dx_decode(out, bytes, len,
	                 html ? dx_decode_html_charset(bytes, len) : NULL,
	                 info);
}

int dx_decode_is_binary(const char *bytes, size_t len)
{
	const unsigned char *s = (const unsigned char *)bytes;

	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	                 (s[0] == 0xFE && s[1] == 0xFF)))
		return 0;
	return len > 0 && memchr(bytes, '\0', len) != NULL;
}
