/* test_passage_memo.c -- the passage memo's parts (analyze.c keeps the
 * highlighter's normalized passages in it): a normalized text packed and
 * unpacked is the same text with the same offset maps, also into buffers
 * that held another text, and the passage memo and the sentence memo
 * keep the same key apart. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "memo.h"
#include "normalize.h"

/* Normalize s, pack it, unpack it into buffers that held `other`: the
 * same text and maps as normalizing s. */
static void round_trip(const char *s, const char *other)
{
	dx_norm want = DX_NORM_INIT, got = DX_NORM_INIT;
	dx_buf rec = DX_BUF_INIT;
	size_t i, same = 1;

	OK(dx_normalize(&want, s, strlen(s)) == DX_OK);
	OK(dx_normalize__reuse(&got, other, strlen(other)) == DX_OK);
	dx_norm__pack(&want, &rec);
	INT_EQ(rec.len, dx_norm__packed_size(want.len));
	OK(dx_norm__unpack(&got, rec.ptr, rec.len));
	INT_EQ(got.len, want.len);
	STR_EQ(got.text, want.text);
	for (i = 0; i <= want.len && got.len == want.len; i++)
		same &= got.ostart[i] == want.ostart[i] &&
		        got.oend[i] == want.oend[i];
	OK(same);
	OK(!dx_norm__unpack(&got, rec.ptr, rec.len - 1));   /* not one */
	dx_buf_free(&rec);
	dx_norm_free(&got);
	dx_norm_free(&want);
}

static void memos_apart(void)
{
	static const char key[] = "ﾃｽﾄの文です。";
	dx_buf out = DX_BUF_INIT;

	dx_memo_put(DX_MEMO_PASSAGES, key, sizeof(key) - 1, "passage", 7);
	dx_memo_put(DX_MEMO_SENTENCES, key, sizeof(key) - 1, "sentence", 8);
	OK(dx_memo_get(DX_MEMO_PASSAGES, key, sizeof(key) - 1, &out));
	OK(out.len == 7 && memcmp(out.ptr, "passage", 7) == 0);
	dx_buf_clear(&out);
	OK(dx_memo_get(DX_MEMO_SENTENCES, key, sizeof(key) - 1, &out));
	OK(out.len == 8 && memcmp(out.ptr, "sentence", 8) == 0);
	dx_buf_clear(&out);
	OK(!dx_memo_get(DX_MEMO_PASSAGES, key, sizeof(key) - 2, &out));
	dx_buf_free(&out);
}

int main(void)
{
	round_trip("ＤＸの取り組み　ﾊﾞｽ\r\n髙橋さん。", "a much longer text "
	           "than the first, so that the buffers are bigger");
	round_trip("", "ｶ");
	round_trip("佐佐木〜ー", "");
	memos_apart();
	return dx_test_finish();
}
