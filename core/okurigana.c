/* okurigana.c -- one key for okurigana spellings; see okurigana.h. */
#include "okurigana.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define MIN_KANJI 2

size_t dx_okurigana_key(const char *t, size_t len, char *out, int *had_kana)
{
	size_t i = 0, start, n = 0, kanji = 0;
	int kana = 0;
	int32_t cp;

	while (i < len) {
		start = i;
		cp = dx_utf8_next(t, len, &i);
		if (cp >= 0x3041 && cp <= 0x3096) {          /* hiragana */
			kana = 1;
			continue;
		}
		if (!dx_utf8_is_kanji(cp))
			return 0;
		memcpy(out + n, t + start, i - start);
		n += i - start;
		kanji++;
	}
	if (kanji < MIN_KANJI)
		return 0;
	if (had_kana)
		*had_kana = kana;
	return n;
}
