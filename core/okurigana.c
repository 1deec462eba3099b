/* okurigana.c -- one key for okurigana spellings; see okurigana.h. */
#include "okurigana.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define MIN_KANJI 2

static int is_kanji(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||    /* CJK unified */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||    /* extension A */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||    /* compatibility */
	       (cp >= 0x20000 && cp <= 0x3FFFF) ||  /* extensions B-H */
	       cp == 0x3005;                        /* 々 */
}

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
		if (!is_kanji(cp))
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
