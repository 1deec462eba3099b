/* romaji.c -- romaji (Hepburn, kunrei and the usual IME spellings) to
 * hiragana, for `dxsearch query --romaji`; see dx_romaji_to_kana() in
 * dxsearch.h. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dxsearch.h"
#include "errors.h"

/* Syllables, in any order: the longest spelling that matches wins (see
 * match()). */
static const struct {
	const char *r, *k;
} syllables[] = {
	{ "a", "あ" }, { "i", "い" }, { "u", "う" }, { "e", "え" }, { "o", "お" },
	{ "ka", "か" }, { "ki", "き" }, { "ku", "く" }, { "ke", "け" },
	{ "ko", "こ" }, { "kya", "きゃ" }, { "kyu", "きゅ" }, { "kyo", "きょ" },
	{ "ca", "か" }, { "cu", "く" }, { "co", "こ" },
	{ "ga", "が" }, { "gi", "ぎ" }, { "gu", "ぐ" }, { "ge", "げ" },
	{ "go", "ご" }, { "gya", "ぎゃ" }, { "gyu", "ぎゅ" }, { "gyo", "ぎょ" },
	{ "sa", "さ" }, { "si", "し" }, { "shi", "し" }, { "su", "す" },
	{ "se", "せ" }, { "so", "そ" }, { "sha", "しゃ" }, { "shu", "しゅ" },
	{ "she", "しぇ" }, { "sho", "しょ" }, { "sya", "しゃ" },
	{ "syu", "しゅ" }, { "syo", "しょ" },
	{ "za", "ざ" }, { "zi", "じ" }, { "ji", "じ" }, { "zu", "ず" },
	{ "ze", "ぜ" }, { "zo", "ぞ" }, { "ja", "じゃ" }, { "ju", "じゅ" },
	{ "je", "じぇ" }, { "jo", "じょ" }, { "zya", "じゃ" }, { "zyu", "じゅ" },
	{ "zyo", "じょ" }, { "jya", "じゃ" }, { "jyu", "じゅ" }, { "jyo", "じょ" },
	{ "ta", "た" }, { "ti", "ち" }, { "chi", "ち" }, { "tu", "つ" },
	{ "tsu", "つ" }, { "te", "て" }, { "to", "と" }, { "cha", "ちゃ" },
	{ "chu", "ちゅ" }, { "che", "ちぇ" }, { "cho", "ちょ" },
	{ "tya", "ちゃ" }, { "tyu", "ちゅ" }, { "tyo", "ちょ" },
	{ "cya", "ちゃ" }, { "cyu", "ちゅ" }, { "cyo", "ちょ" },
	{ "thi", "てぃ" }, { "dhi", "でぃ" }, { "twu", "とぅ" },
	{ "da", "だ" }, { "di", "ぢ" }, { "du", "づ" }, { "de", "で" },
	{ "do", "ど" }, { "dya", "ぢゃ" }, { "dyu", "ぢゅ" }, { "dyo", "ぢょ" },
	{ "na", "な" }, { "ni", "に" }, { "nu", "ぬ" }, { "ne", "ね" },
	{ "no", "の" }, { "nya", "にゃ" }, { "nyu", "にゅ" }, { "nyo", "にょ" },
	{ "ha", "は" }, { "hi", "ひ" }, { "hu", "ふ" }, { "fu", "ふ" },
	{ "he", "へ" }, { "ho", "ほ" }, { "hya", "ひゃ" }, { "hyu", "ひゅ" },
	{ "hyo", "ひょ" }, { "fa", "ふぁ" }, { "fi", "ふぃ" }, { "fe", "ふぇ" },
	{ "fo", "ふぉ" },
	{ "ba", "ば" }, { "bi", "び" }, { "bu", "ぶ" }, { "be", "べ" },
	{ "bo", "ぼ" }, { "bya", "びゃ" }, { "byu", "びゅ" }, { "byo", "びょ" },
	{ "pa", "ぱ" }, { "pi", "ぴ" }, { "pu", "ぷ" }, { "pe", "ぺ" },
	{ "po", "ぽ" }, { "pya", "ぴゃ" }, { "pyu", "ぴゅ" }, { "pyo", "ぴょ" },
	{ "ma", "ま" }, { "mi", "み" }, { "mu", "む" }, { "me", "め" },
	{ "mo", "も" }, { "mya", "みゃ" }, { "myu", "みゅ" }, { "myo", "みょ" },
	{ "ya", "や" }, { "yu", "ゆ" }, { "ye", "いぇ" }, { "yo", "よ" },
	{ "ra", "ら" }, { "ri", "り" }, { "ru", "る" }, { "re", "れ" },
	{ "ro", "ろ" }, { "rya", "りゃ" }, { "ryu", "りゅ" }, { "ryo", "りょ" },
	{ "wa", "わ" }, { "wi", "うぃ" }, { "we", "うぇ" }, { "wo", "を" },
	{ "va", "ゔぁ" }, { "vi", "ゔぃ" }, { "vu", "ゔ" }, { "ve", "ゔぇ" },
	{ "vo", "ゔぉ" },
	/* small kana, as IMEs type them */
	{ "xa", "ぁ" }, { "xi", "ぃ" }, { "xu", "ぅ" }, { "xe", "ぇ" },
	{ "xo", "ぉ" }, { "la", "ぁ" }, { "li", "ぃ" }, { "lu", "ぅ" },
	{ "le", "ぇ" }, { "lo", "ぉ" }, { "xya", "ゃ" }, { "xyu", "ゅ" },
	{ "xyo", "ょ" }, { "lya", "ゃ" }, { "lyu", "ゅ" }, { "lyo", "ょ" },
	{ "xtu", "っ" }, { "ltu", "っ" }, { "xtsu", "っ" }, { "ltsu", "っ" },
	{ "xwa", "ゎ" }, { "nn", "ん" }, { "n'", "ん" },
};

/* Vowels with a macron or circumflex (Tōkyō, Kyôto): the long vowel as
 * Hepburn means it. */
static const struct {
	const char *utf8, *ascii;
} marked[] = {
	{ "ā", "aa" }, { "ī", "ii" }, { "ū", "uu" }, { "ē", "ee" }, { "ō", "ou" },
	{ "â", "aa" }, { "î", "ii" }, { "û", "uu" }, { "ê", "ee" }, { "ô", "ou" },
	{ "Ā", "aa" }, { "Ī", "ii" }, { "Ū", "uu" }, { "Ē", "ee" }, { "Ō", "ou" },
};

static int is_vowel(char c)
{
	return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
}

static int is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

/* The longest syllable at s[i..n): its kana, *len its letters. */
static const char *match(const char *s, size_t n, size_t i, size_t *len)
{
	const char *best = NULL;
	size_t k, l, bl = 0;

	for (k = 0; k < sizeof(syllables) / sizeof(syllables[0]); k++) {
		l = strlen(syllables[k].r);
		if (l > bl && i + l <= n && memcmp(s + i, syllables[k].r, l) == 0) {
			best = syllables[k].k;
			bl = l;
		}
	}
	*len = bl;
	return best;
}

/* Convert one run of romaji letters (lowercase ASCII, and ' after n) to
 * hiragana; 0 if some letters spell nothing. */
static int convert_run(dx_buf *out, const char *s, size_t n)
{
	size_t i = 0, len;
	const char *k;

	while (i < n) {
		char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';

		/* sokuon: a doubled consonant (kk, ss, tch; not nn or mm) */
		if (is_letter(c) && !is_vowel(c) && c != 'n' && c != 'm' &&
		    (d == c || (c == 't' && d == 'c'))) {
			dx_buf_puts(out, "っ");
			i++;
			continue;
		}
		/* n (or Hepburn's m before b, m, p) that starts no syllable */
		if ((c == 'n' && d != 'n' && d != '\'' && d != 'y' &&
		     !is_vowel(d)) ||
		    (c == 'm' && (d == 'b' || d == 'm' || d == 'p'))) {
			dx_buf_puts(out, "ん");
			i++;
			continue;
		}
		if (!(k = match(s, n, i, &len)))
			return 0;
		/* "nn" before a vowel is ん + n...: kan'i vs kanni */
		if (!strcmp(k, "ん") && len == 2 && s[i + 1] == 'n' &&
		    i + 2 < n && (is_vowel(s[i + 2]) || s[i + 2] == 'y')) {
			dx_buf_puts(out, "ん");
			i++;
			continue;
		}
		dx_buf_puts(out, k);
		i += len;
	}
	return 1;
}

/* Copy s[0..n) with marked vowels spelled out and ASCII letters in
 * lowercase; returns 0 if it holds other non-ASCII text. */
static int fold(dx_buf *out, const char *s, size_t n)
{
	size_t i = 0, k, l;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			dx_buf_putc(out, (char)(c >= 'A' && c <= 'Z' ?
			                        c + 32 : c));
			i++;
			continue;
		}
		for (k = 0; k < sizeof(marked) / sizeof(marked[0]); k++) {
			l = strlen(marked[k].utf8);
			if (i + l <= n && !memcmp(s + i, marked[k].utf8, l))
				break;
		}
		if (k == sizeof(marked) / sizeof(marked[0]))
			return 0;
		dx_buf_puts(out, marked[k].ascii);
		i += l;
	}
	return 1;
}

/* One query word: OR stays, a field name ("title:") and leading
 * operators and quotes stay, letters are converted. */
static int convert_word(dx_buf *out, const char *w, size_t n)
{
	dx_buf low = DX_BUF_INIT;
	const char *colon;
	size_t i = 0, j;
	int ok = 1;

	if (n == 2 && !memcmp(w, "OR", 2)) {
		dx_buf_put(out, w, n);
		return 1;
	}
	if ((colon = memchr(w, ':', n)) != NULL) {   /* title:, heading: */
		dx_buf_put(out, w, (size_t)(colon - w) + 1);
		i = (size_t)(colon - w) + 1;
	}
	if (!fold(&low, w + i, n - i)) {
		dx_buf_free(&low);
		return 0;
	}
	for (i = 0; i < low.len && ok;) {
		if (!is_letter(low.ptr[i])) {
			/* '-' is a long vowel inside a word, an operator
			 * before it */
			if (low.ptr[i] == '-' && i > 0 &&
			    is_letter(low.ptr[i - 1])) {
				dx_buf_puts(out, "ー");
			} else {
				dx_buf_putc(out, low.ptr[i]);
			}
			i++;
			continue;
		}
		for (j = i; j < low.len && (is_letter(low.ptr[j]) ||
		     (low.ptr[j] == '\'' && j > i && low.ptr[j - 1] == 'n'));
		     j++)
			;
		ok = convert_run(out, low.ptr + i, j - i);
		i = j;
	}
	dx_buf_free(&low);
	return ok;
}

int dx_romaji_to_kana(const char *in, char **out)
{
	dx_buf b = DX_BUF_INIT;
	size_t i = 0, j, n;

	*out = NULL;
	if (!in)
		return dx_error_set(DX_EINVAL, "no romaji given");
	n = strlen(in);
	while (i < n) {
		if (in[i] == ' ' || in[i] == '\t') {
			dx_buf_putc(&b, in[i++]);
			continue;
		}
		for (j = i; j < n && in[j] != ' ' && in[j] != '\t'; j++)
			;
		if (!convert_word(&b, in + i, j - i)) {
			dx_buf_free(&b);
			return dx_error_set(DX_EQUERY, "'%.*s' is not romaji",
			                    (int)(j - i), in + i);
		}
		i = j;
	}
	*out = dx_buf_detach(&b);
	return DX_OK;
}
