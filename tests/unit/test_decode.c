/* test_decode.c -- encoding detection and conversion (core/decode.c).
 *
 * Every fixture is made here, at test time, by converting UTF-8 sources
 * with iconv(3); decoding must give back the source (or, where an
 * encoding maps a character to a twin such as 〜 → ～, the same terms
 * from the analyzer).
 */
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "buf.h"
#include "decode.h"
#include "extract.h"
#include "harness.h"
#include "utf8.h"

/* Sources.  PLAIN converts to every encoding unchanged; EXT needs the
 * NEC/IBM extensions (CP932, EUC-JP-MS); TWINS has characters some
 * encodings map to a look-alike; HWKANA has half-width katakana (not
 * in ISO-2022-JP). */
static const char PLAIN[] =
	"官民共創で進める自治体DXについて\n"
	"外部人材との共創により、行政サービスのデジタル化を進めます。"
	"ＡＢＣ１２３とabc123、カタカナとひらがな、漢字。\n"
	"「防災情報」の配信は2024年4月から始まりました。\n";
static const char EXT[] =
	"①申請書を提出する。㈱髙島屋と№1の協定、Ⅲ期計画。";
static const char TWINS[] =
	"受付は9時〜17時です。価格は¢と£、¬記号、−5度。";
static const char HWKANA[] = "ﾃﾞｼﾞﾀﾙ化とｶﾀｶﾅの検索。";

/* Short texts (titles) that detection must get right on their own. */
static const char *const SHORT[] = {
	"自治体DXの推進", "防災アプリの使い方", "官民共創で進める",
	"オープンデータ", "電子申請のご案内", "キャッシュレス決済",
	"令和6年度の予算", "地域企業のDX支援", "ＧＩＧＡスクール構想",
	"外部人材の活用", "ひらがな", "カタカナ", "情報公開",
};

/* Convert src (UTF-8) to `to` with iconv; fails the test if it cannot. */
static void encode(dx_buf *out, const char *to, const char *src, size_t n)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	char *ip = (char *)src, *op;
	size_t il = n, ol, r;

	OK(cd != (iconv_t)-1);
	if (cd == (iconv_t)-1)
		return;
	dx_buf_grow(out, n * 4 + 16);
	op = out->ptr + out->len;
	ol = out->cap - out->len - 1;
	r = iconv(cd, &ip, &il, &op, &ol);
	OK(r != (size_t)-1);
	iconv(cd, NULL, NULL, &op, &ol);
	out->len = (size_t)(op - out->ptr);
	out->ptr[out->len] = '\0';
	iconv_close(cd);
}

/* Encode src as `to` (prefixing `bom`), decode it; check the encoding
 * found, no invalid sequences and the text coming back. */
static void roundtrip(const char *to, const char *bom, const char *want_enc,
                      const char *src)
{
	dx_buf in = DX_BUF_INIT, out = DX_BUF_INIT;
	dx_decode_info info;

	dx_buf_puts(&in, bom);
	encode(&in, to, src, strlen(src));
	INT_EQ(dx_decode(&out, in.ptr, in.len, NULL, &info), DX_OK);
	STR_EQ(info.encoding, want_enc);
	INT_EQ(info.invalid, 0);
	INT_EQ(info.from_hint, 0);
	STR_EQ(dx_buf_cstr(&out), src);
	dx_buf_free(&in);
	dx_buf_free(&out);
}

static void test_roundtrips(void)
{
	const char *srcs[] = { PLAIN, EXT, HWKANA };
	size_t i;

	roundtrip("UTF-8", "", DX_ENC_UTF8, PLAIN);
	roundtrip("UTF-8", "\xEF\xBB\xBF", DX_ENC_UTF8_BOM, PLAIN);
	roundtrip("UTF-16LE", "\xFF\xFE", DX_ENC_UTF16LE, PLAIN);
	roundtrip("UTF-16BE", "\xFE\xFF", DX_ENC_UTF16BE, PLAIN);
	roundtrip("UTF-16LE", "\xFF\xFE", DX_ENC_UTF16LE, "😀 𠮷野家");
	roundtrip("ISO-2022-JP", "", DX_ENC_ISO2022JP, PLAIN);
	roundtrip("EUC-JP", "", DX_ENC_EUCJP, PLAIN);
	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		roundtrip("CP932", "", DX_ENC_CP932, srcs[i]);
		roundtrip("EUC-JP-MS", "", DX_ENC_EUCJP, srcs[i]);
	}
	roundtrip("EUC-JP", "", DX_ENC_EUCJP, HWKANA);
}

/* ①, ㈱, 髙 one by one: their bytes in CP932 and EUC-JP-MS. */
static void test_extensions(void)
{
	static const struct {
		const char *bytes, *enc, *utf8;
	} cases[] = {
		{ "\x87\x40", DX_ENC_CP932, "①" },
		{ "\x87\x8A", DX_ENC_CP932, "㈱" },
		{ "\xFB\xFC", DX_ENC_CP932, "髙" },
		{ "\xED\x40", DX_ENC_CP932, "纊" },   /* NEC-selected IBM */
		{ "\x81\x60", DX_ENC_CP932, "～" },   /* wave dash: CP932 */
		{ "\x5C", DX_ENC_UTF8, "\\" },        /* not ¥ */
		{ "\xAD\xA1\xA4\xA2", DX_ENC_EUCJP, "①あ" },
		{ "\xAD\xEA\xA4\xA2", DX_ENC_EUCJP, "㈱あ" },
		{ "\x8F\xF4\xFB\xA4\xA2", DX_ENC_EUCJP, "髙あ" },
		{ "\xA1\xC1\xA4\xA2", DX_ENC_EUCJP, "〜あ" }, /* JIS mapping */
		{ "\x8F\xB0\xA1\xA4\xA2", DX_ENC_EUCJP, "丂あ" }, /* X 0212 */
		{ "\x8E\xB1\xA4\xA2", DX_ENC_EUCJP, "ｱあ" },
		/* ISO-2022-JP as Microsoft writes it: NEC row 13 */
		{ "\x1B$B-!-j\x1B(B", DX_ENC_ISO2022JP, "①㈱" },
		{ "\x1B$B$\"\x1B(J\\\x1B(I12\x1B(B", DX_ENC_ISO2022JP,
		  "あ\\ｱｲ" },
		{ "\x1B$(D0!\x1B(B", DX_ENC_ISO2022JP, "丂" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dx_buf out = DX_BUF_INIT;
		dx_decode_info info;

		INT_EQ(dx_decode(&out, cases[i].bytes, strlen(cases[i].bytes),
		                 NULL, &info), DX_OK);
		STR_EQ(info.encoding, cases[i].enc);
		INT_EQ(info.invalid, 0);
		STR_EQ(dx_buf_cstr(&out), cases[i].utf8);
		dx_buf_free(&out);
	}
}

/* Short texts, alone, in each legacy encoding. */
static void test_short_texts(void)
{
	static const struct {
		const char *to, *enc;
	} encs[] = {
		{ "UTF-8", DX_ENC_UTF8 }, { "CP932", DX_ENC_CP932 },
		{ "EUC-JP", DX_ENC_EUCJP }, { "ISO-2022-JP", DX_ENC_ISO2022JP },
	};
	size_t i, k;

	for (k = 0; k < sizeof(encs) / sizeof(encs[0]); k++)
		for (i = 0; i < sizeof(SHORT) / sizeof(SHORT[0]); i++)
			roundtrip(encs[k].to, "", encs[k].enc, SHORT[i]);
	/* one or two characters */
	roundtrip("CP932", "", DX_ENC_CP932, "あ");
	roundtrip("EUC-JP", "", DX_ENC_EUCJP, "あ");
	roundtrip("CP932", "", DX_ENC_CP932, "日本");
	roundtrip("EUC-JP", "", DX_ENC_EUCJP, "日本");
	roundtrip("EUC-JP", "", DX_ENC_EUCJP, "2024年");  /* valid UTF-8 */
	roundtrip("CP932", "", DX_ENC_CP932, "2024年");
	/* …but text that is really UTF-8 stays UTF-8 */
	roundtrip("UTF-8", "", DX_ENC_UTF8, "café");
	roundtrip("UTF-8", "", DX_ENC_UTF8, "10Ω");
	roundtrip("UTF-8", "", DX_ENC_UTF8, "Łódź");
}

/* Decode raw bytes; check the encoding, count of U+FFFD and text. */
static void bad(const char *bytes, size_t len, const char *hint,
                const char *enc, size_t invalid, const char *want)
{
	dx_buf out = DX_BUF_INIT;
	dx_decode_info info;

	INT_EQ(dx_decode(&out, bytes, len, hint, &info), DX_OK);
	STR_EQ(info.encoding, enc);
	INT_EQ(info.invalid, invalid);
	STR_EQ(dx_buf_cstr(&out), want);
	OK(dx_utf8_valid(out.ptr ? out.ptr : "", out.len));
	dx_buf_free(&out);
}
#define BAD(lit, hint, enc, n, want) bad(lit, sizeof(lit) - 1, hint, enc, n, want)

static void test_invalid(void)
{
	/* empty, ASCII, NUL */
	bad(NULL, 0, NULL, DX_ENC_UTF8, 0, "");
	BAD("", NULL, DX_ENC_UTF8, 0, "");
	BAD("plain ASCII text", NULL, DX_ENC_UTF8, 0, "plain ASCII text");
	BAD("a\0b", NULL, DX_ENC_UTF8, 0, "a b");
	/* stray bytes: one U+FFFD each, decoding goes on */
	BAD("\x82\xA0\x80\x82\xA2\xFD\x82\xA0", NULL, DX_ENC_CP932, 2,
	    "あ\xEF\xBF\xBDい\xEF\xBF\xBDあ");
	BAD("\x82\xA0\x82 x", NULL, DX_ENC_CP932, 1, "あ\xEF\xBF\xBD x");
	BAD("\xA4\xA2\xA4\xA4\x80\xA4\xA6", NULL, DX_ENC_EUCJP, 1,
	    "あい\xEF\xBF\xBDう");
	BAD("日本語\xFFのテキスト", NULL, DX_ENC_UTF8, 1,
	    "日本語\xEF\xBF\xBDのテキスト");
	/* truncated multibyte at the end */
	BAD("\x82\xA0\x82\xA2\x82", NULL, DX_ENC_CP932, 1,
	    "あい\xEF\xBF\xBD");
	BAD("\xA4\xA2\xA4\xA4\xA4", NULL, DX_ENC_EUCJP, 1,
	    "あい\xEF\xBF\xBD");
	BAD("\xA4\xA2\xA4\xA4\x8F\xB0", NULL, DX_ENC_EUCJP, 1,
	    "あい\xEF\xBF\xBD");
	BAD("\xEF\xBB\xBF" "abc\xE3\x81", NULL, DX_ENC_UTF8_BOM, 1,
	    "abc\xEF\xBF\xBD");
	BAD("日本語のテキスト\xE3\x81", NULL, DX_ENC_UTF8, 1,
	    "日本語のテキスト\xEF\xBF\xBD");
	/* UTF-16: odd length, lone surrogates, BOM only, NUL */
	BAD("\xFF\xFE" "A\0B", NULL, DX_ENC_UTF16LE, 1, "A\xEF\xBF\xBD");
	BAD("\xFF\xFE" "A\0\x00\xD8" "B\0", NULL, DX_ENC_UTF16LE, 1,
	    "A\xEF\xBF\xBD" "B");
	BAD("\xFF\xFE" "A\0\x00\xD8", NULL, DX_ENC_UTF16LE, 1,
	    "A\xEF\xBF\xBD");
	BAD("\xFE\xFF\0A\xDC\0\0B", NULL, DX_ENC_UTF16BE, 1,
	    "A\xEF\xBF\xBD" "B");
	BAD("\xFF\xFE", NULL, DX_ENC_UTF16LE, 0, "");
	BAD("\xFF\xFE" "a\0\0\0b\0", NULL, DX_ENC_UTF16LE, 0, "a b");
	/* ISO-2022-JP: odd byte in a two-byte run, unknown escape */
	BAD("\x1B$B$\"$\x1B(B", NULL, DX_ENC_ISO2022JP, 1,
	    "あ\xEF\xBF\xBD");
	BAD("\x1B$B$\"\x1B(B\x1BZ!", NULL, DX_ENC_ISO2022JP, 1,
	    "あ\xEF\xBF\xBDZ!");
}

/* Random bytes, with and without hints: never a crash, always valid
 * UTF-8, and each U+FFFD accounted for. */
static void test_garbage(void)
{
	const char *hints[] = { NULL, "shift_jis", "euc-jp", "iso-2022-jp",
	                        "utf-8" };
	unsigned long seed = 12345;
	char in[300];
	size_t round, i, h, bad_total = 0;

	for (round = 0; round < 400; round++) {
		size_t n = round % 300;

		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ul + 1442695040888963407ul;
			in[i] = (char)(seed >> 56);
			if (round % 3 == 0 && i == 0)
				in[i] = round % 2 ? '\xFF' : '\xFE';
			if (round % 5 == 0)
				in[i] &= 0x7F;   /* ISO-2022-JP-ish */
			if (round % 5 == 0 && i % 7 == 0)
				in[i] = 0x1B;
		}
		for (h = 0; h < sizeof(hints) / sizeof(hints[0]); h++) {
			dx_buf out = DX_BUF_INIT;
			dx_decode_info info;
			int ok;

			ok = dx_decode(&out, in, n, hints[h], &info) == DX_OK &&
			     info.encoding != NULL &&
			     dx_utf8_valid(out.ptr ? out.ptr : "", out.len);
			if (!ok)
				OK(ok);
			bad_total += info.invalid;
			dx_buf_free(&out);
		}
	}
	OK(bad_total > 0);
}

static void test_hints(void)
{
	dx_buf sj = DX_BUF_INIT, eu = DX_BUF_INIT, out = DX_BUF_INIT;
	dx_decode_info info;

	encode(&sj, "CP932", PLAIN, strlen(PLAIN));
	encode(&eu, "EUC-JP", PLAIN, strlen(PLAIN));
	/* a hint that fits decides */
	INT_EQ(dx_decode(&out, sj.ptr, sj.len, "Shift_JIS", &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_CP932);
	INT_EQ(info.from_hint, 1);
	STR_EQ(dx_buf_cstr(&out), PLAIN);
	/* half-width katakana only: sniffing alone would say EUC-JP */
	dx_buf_clear(&out);
	INT_EQ(dx_decode(&out, "\xB6\xC0\xB6\xC5", 4, "sjis", &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_CP932);
	STR_EQ(dx_buf_cstr(&out), "ｶﾀｶﾅ");
	/* a hint that does not fit loses to sniffing */
	dx_buf_clear(&out);
	INT_EQ(dx_decode(&out, sj.ptr, sj.len, "utf-8", &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_CP932);
	INT_EQ(info.from_hint, 0);
	INT_EQ(info.invalid, 0);
	STR_EQ(dx_buf_cstr(&out), PLAIN);
	dx_buf_clear(&out);
	INT_EQ(dx_decode(&out, eu.ptr, eu.len, "x-sjis", &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_EUCJP);
	STR_EQ(dx_buf_cstr(&out), PLAIN);
	dx_buf_clear(&out);
	INT_EQ(dx_decode(&out, PLAIN, strlen(PLAIN), "euc-jp", &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_UTF8);
	STR_EQ(dx_buf_cstr(&out), PLAIN);
	/* an unknown label is ignored; a BOM beats the hint */
	dx_buf_clear(&out);
	INT_EQ(dx_decode(&out, sj.ptr, sj.len, "klingon", &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_CP932);
	INT_EQ(info.from_hint, 0);
	dx_buf_clear(&out);
	INT_EQ(dx_decode(&out, "\xEF\xBB\xBF\xE3\x81\x82", 6, "shift_jis",
	                 &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_UTF8_BOM);
	STR_EQ(dx_buf_cstr(&out), "あ");
	/* a hint that fits badly, when nothing fits better, stays */
	dx_buf_clear(&out);
	INT_EQ(dx_decode(&out, "\x82\xA0\xFF", 3, "shift_jis", &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_CP932);
	INT_EQ(info.invalid, 1);
	INT_EQ(info.from_hint, 1);
	dx_buf_free(&sj);
	dx_buf_free(&eu);
	dx_buf_free(&out);
}

static void test_labels(void)
{
	const char *sj[] = { "shift_jis", "Shift_JIS", " SJIS ", "x-sjis",
	                     "windows-31j", "CP932", "MS_Kanji", "csShiftJIS" };
	size_t i;

	for (i = 0; i < sizeof(sj) / sizeof(sj[0]); i++)
		STR_EQ(dx_decode_label(sj[i], strlen(sj[i])), DX_ENC_CP932);
	STR_EQ(dx_decode_label("EUC-JP", 6), DX_ENC_EUCJP);
	STR_EQ(dx_decode_label("x-euc-jp", 8), DX_ENC_EUCJP);
	STR_EQ(dx_decode_label("ISO-2022-JP", 11), DX_ENC_ISO2022JP);
	STR_EQ(dx_decode_label("csISO2022JP", 11), DX_ENC_ISO2022JP);
	STR_EQ(dx_decode_label("utf8", 4), DX_ENC_UTF8);
	STR_EQ(dx_decode_label("UTF-16", 6), DX_ENC_UTF8);
	OK(dx_decode_label("iso-8859-1", 10) == NULL);
	OK(dx_decode_label("", 0) == NULL);
	OK(dx_decode_label("shift_jisx", 10) == NULL);
}

static void html_is(const char *html, const char *want)
{
	const char *got = dx_decode_html_charset(html, strlen(html));

	if (!want)
		OK(got == NULL);
	else
		STR_EQ(got ? got : "(null)", want);
}

static void test_html_charset(void)
{
	html_is("<html><head><meta charset=\"shift_jis\">", DX_ENC_CP932);
	html_is("<META CHARSET='EUC-JP'>", DX_ENC_EUCJP);
	html_is("<meta charset=utf-8>", DX_ENC_UTF8);
	html_is("<meta charset = \" Windows-31J \" />", DX_ENC_CP932);
	html_is("<meta http-equiv=\"Content-Type\" "
	        "content=\"text/html; charset=EUC-JP\">", DX_ENC_EUCJP);
	html_is("<meta content='text/html;charset=\"x-sjis\"' "
	        "http-equiv='content-type'>", DX_ENC_CP932);
	html_is("<meta http-equiv=\"refresh\" content=\"0; charset=euc-jp\">",
	        NULL);
	html_is("<!-- <meta charset=\"euc-jp\"> --><meta charset=\"sjis\">",
	        DX_ENC_CP932);
	html_is("<meta name=\"x\"><meta charset=\"klingon\">"
	        "<meta charset=\"iso-2022-jp\">", DX_ENC_ISO2022JP);
	html_is("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<html>",
	        DX_ENC_CP932);
	html_is("\xEF\xBB\xBF<meta charset=\"euc-jp\">", DX_ENC_EUCJP);
	html_is("<metadata charset=\"euc-jp\">", NULL);
	html_is("<p>no declaration</p>", NULL);
	html_is("<meta charset=\"", NULL);
	html_is("", NULL);
	{
		/* only the first 1024 bytes count */
		dx_buf b = DX_BUF_INIT;
		size_t i;

		for (i = 0; i < 1100; i++)
			dx_buf_putc(&b, ' ');
		dx_buf_puts(&b, "<meta charset=\"euc-jp\">");
		html_is(dx_buf_cstr(&b), NULL);
		dx_buf_free(&b);
	}
}

/* Shift_JIS HTML that says so: decoded to UTF-8, then given to libxml2
 * as UTF-8 (its <meta> ignored), it extracts like the UTF-8 page. */
static void test_html_extract(void)
{
	static const char page[] =
		"<html><head><meta charset=\"shift_jis\">"
		"<title>官民共創のテスト</title></head><body>"
		"<h1>見出し①</h1><p>外部人材との共創を進めます。"
		"ﾃﾞｼﾞﾀﾙ化</p></body></html>";
	dx_buf sj = DX_BUF_INIT, out = DX_BUF_INIT;
	dx_decode_info info;
	dx_article a, b;
	size_t i;

	encode(&sj, "CP932", page, strlen(page));
	INT_EQ(dx_decode_document(&out, sj.ptr, sj.len, 1, &info), DX_OK);
	STR_EQ(info.encoding, DX_ENC_CP932);
	INT_EQ(info.from_hint, 1);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	INT_EQ(dx_extract(&a, DX_FMT_HTML, out.ptr, out.len), DX_OK);
	INT_EQ(dx_extract(&b, DX_FMT_HTML, page, strlen(page)), DX_OK);
	STR_EQ(a.title, "官民共創のテスト");
	INT_EQ(a.nblocks, b.nblocks);
	for (i = 0; i < a.nblocks && i < b.nblocks; i++)
		STR_EQ(a.blocks[i].text, b.blocks[i].text);
	dx_article_free(&a);
	dx_article_free(&b);
	dx_buf_free(&sj);
	dx_buf_free(&out);
}

static void test_is_binary(void)
{
	OK(!dx_decode_is_binary("", 0));
	OK(!dx_decode_is_binary("text", 4));
	OK(dx_decode_is_binary("te\0xt", 5));
	OK(!dx_decode_is_binary("\xFF\xFEt\0", 4));
	OK(!dx_decode_is_binary("\xFE\xFF\0t", 4));
}

/* ---- detection accuracy on short strings ------------------------------ */

/* Encode src as `to`; 0 if iconv cannot (a character it lacks). */
static int try_encode(dx_buf *out, const char *to, const char *src, size_t n)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	char *ip = (char *)src, *op;
	size_t il = n, ol, r;

	if (cd == (iconv_t)-1)
		return 0;
	dx_buf_clear(out);
	dx_buf_grow(out, n * 4 + 16);
	op = out->ptr;
	ol = out->cap - 1;
	r = iconv(cd, &ip, &il, &op, &ol);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &op, &ol);
	out->len = (size_t)(op - out->ptr);
	iconv_close(cd);
	return r != (size_t)-1;
}

/* Append the text of corpus/'s articles to b, one line per line. */
static void corpus_text(dx_buf *b)
{
	const char *dir = DX_SOURCE_DIR "/corpus";
	struct dirent *e;
	DIR *d = opendir(dir);

	OK(d != NULL);
	while (d && (e = readdir(d)) != NULL) {
		char path[1024];
		FILE *f;
		char line[4096];

		if (!strchr(e->d_name, '.') || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!(f = fopen(path, "rb")))
			continue;
		while (fgets(line, sizeof(line), f))
			dx_buf_puts(b, line);
		fclose(f);
	}
	if (d)
		closedir(d);
}

/*
 * Cut N-character strings (with at least one non-ASCII character) from
 * the corpus' lines, every 7th character, encode each in CP932, EUC-JP
 * and UTF-8, and count how often detection names the right encoding.
 * Measured on corpus/ (a sample of Debian's Japanese documentation
 * gave the same picture):
 *   N       1      2      3      5      10     20
 *   UTF-8   100%   100%   100%   100%   100%   100%
 *   CP932   100%   99.96  99.96  99.98  100%   100%
 *   EUC-JP  97.9%  99.93  99.87  99.94  99.95  99.99
 * The misses are one- or two-kanji EUC-JP strings that are also valid
 * UTF-8 (町 = C4 AE = "Į") and runs of half-width katakana.  Floors
 * below catch a regression.
 */
static void test_accuracy(void)
{
	static const struct {
		const char *to, *enc;
	} encs[] = {
		{ "UTF-8", DX_ENC_UTF8 }, { "CP932", DX_ENC_CP932 },
		{ "EUC-JP", DX_ENC_EUCJP },
	};
	static const size_t lens[] = { 1, 2, 3, 5, 10, 20 };
	/* floors in per mille, per length, per encoding */
	static const int floor_pm[][3] = {
		{ 1000, 990, 950 }, { 1000, 990, 985 }, { 1000, 990, 985 },
		{ 1000, 995, 995 }, { 1000, 999, 999 }, { 1000, 999, 999 },
	};
	dx_buf text = DX_BUF_INIT, enc = DX_BUF_INIT, out = DX_BUF_INIT;
	size_t *starts = NULL, nstarts, L, k, i, j;

	corpus_text(&text);
	starts = malloc((text.len + 1) * sizeof(size_t));
	for (L = 0; L < sizeof(lens) / sizeof(lens[0]); L++) {
		for (k = 0; k < sizeof(encs) / sizeof(encs[0]); k++) {
			size_t tot = 0, ok = 0, line = 0;

			/* char starts of each line, then windows of lens[L] */
			while (line < text.len) {
				size_t end = line, p;

				while (end < text.len && text.ptr[end] != '\n')
					end++;
				nstarts = 0;
				for (p = line; p < end;) {
					starts[nstarts++] = p;
					dx_utf8_next(text.ptr, end, &p);
				}
				starts[nstarts] = end;
				for (i = 0; i + lens[L] <= nstarts; i += 7) {
					const char *sub = text.ptr + starts[i];
					size_t n = starts[i + lens[L]] - starts[i];
					dx_decode_info info;
					int high = 0;

					for (j = 0; j < n; j++)
						high |= (unsigned char)sub[j] >= 0x80;
					if (!high ||
					    !try_encode(&enc, encs[k].to, sub, n))
						continue;
					dx_buf_clear(&out);
					dx_decode(&out, enc.ptr, enc.len, NULL, &info);
					tot++;
					ok += strcmp(info.encoding, encs[k].enc) == 0;
				}
				line = end + 1;
			}
			printf("accuracy: %2zu chars %-6s %5zu/%5zu = %5.1f%%\n",
			       lens[L], encs[k].enc, ok, tot,
			       tot ? 100.0 * ok / tot : 0.0);
			OK(tot > 500);
			OK(ok * 1000 >= tot * (size_t)floor_pm[L][k]);
		}
	}
	free(starts);
	dx_buf_free(&text);
	dx_buf_free(&enc);
	dx_buf_free(&out);
}

/* ---- same terms ------------------------------------------------------ */

static dx_session *ss;

static int collect(void *payload, const dx_token *t)
{
	dx_buf *b = payload;

	dx_buf_put(b, t->term, t->term_len);
	dx_buf_printf(b, "@%u/%u\n", (unsigned)t->pos, t->flags);
	return 0;
}

static void terms_of(dx_buf *out, const char *text, size_t len)
{
	INT_EQ(dx_analyze(ss, text, len, collect, out), DX_OK);
}

/* src through `to` and back gives exactly the terms of src. */
static void same_terms(const char *to, const char *bom, const char *src)
{
	dx_buf in = DX_BUF_INIT, dec = DX_BUF_INIT, t1 = DX_BUF_INIT,
	       t2 = DX_BUF_INIT;

	dx_buf_puts(&in, bom);
	encode(&in, to, src, strlen(src));
	INT_EQ(dx_decode(&dec, in.ptr, in.len, NULL, NULL), DX_OK);
	terms_of(&t1, src, strlen(src));
	terms_of(&t2, dec.ptr, dec.len);
	OK(t1.len > 0);
	STR_EQ(dx_buf_cstr(&t2), dx_buf_cstr(&t1));
	dx_buf_free(&in);
	dx_buf_free(&dec);
	dx_buf_free(&t1);
	dx_buf_free(&t2);
}

static void test_same_terms(void)
{
	dx_analyzer *an = NULL;
	struct stat st;

	if (stat(DX_DICT_DIR_DEFAULT "/sys.dic", &st) != 0) {
		fprintf(stderr, "same terms: skipped, no %s\n",
		        DX_DICT_DIR_DEFAULT);
		return;
	}
	if (dx_analyzer_open(&an, NULL) != DX_OK ||
	    dx_session_new(&ss, an) != DX_OK) {
		OK(!"analyzer opens");
		dx_analyzer_free(an);
		return;
	}
	same_terms("UTF-8", "\xEF\xBB\xBF", PLAIN);
	same_terms("UTF-16LE", "\xFF\xFE", PLAIN);
	same_terms("UTF-16BE", "\xFE\xFF", PLAIN);
	same_terms("ISO-2022-JP", "", PLAIN);
	same_terms("ISO-2022-JP", "", TWINS);
	same_terms("EUC-JP", "", PLAIN);
	same_terms("EUC-JP", "", TWINS);
	same_terms("EUC-JP", "", HWKANA);
	same_terms("EUC-JP-MS", "", EXT);
	same_terms("EUC-JP-MS", "", TWINS);
	same_terms("CP932", "", PLAIN);
	same_terms("CP932", "", EXT);
	same_terms("CP932", "", TWINS);   /* 〜 → ～, − → －, ¢ → ￠ */
	same_terms("CP932", "", HWKANA);
	dx_session_free(ss);
	dx_analyzer_free(an);
}

int main(void)
{
	test_roundtrips();
	test_extensions();
	test_short_texts();
	test_invalid();
	test_garbage();
	test_hints();
	test_labels();
	test_html_charset();
	test_html_extract();
	test_is_binary();
	test_accuracy();
	test_same_terms();
	return dx_test_finish();
}
