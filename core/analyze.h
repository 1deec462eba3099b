/*
 * analyze.h -- the one analyzer: normalize + MeCab (IPADIC, or UniDic)
 * + term rules.
 *
 * Documents and queries both go through dx_analyze(), so the same text
 * always gives the same terms.
 *
 * Ownership and threads: a dx_analyzer holds the MeCab model (shared,
 * read-only after open); a dx_session holds one tagger and one lattice
 * and must be used by one thread at a time.  Free sessions before their
 * analyzer.
 */
#ifndef DX_ANALYZE_H
#define DX_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "dxsearch.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The pinned dictionary: Debian's mecab-ipadic-utf8 (dicts.h names the
 * others). */
#define DX_DICT_DIR_DEFAULT "/var/lib/mecab/dic/ipadic-utf8"

/* Longest term emitted, in bytes (Xapian's limit is 245). */
#define DX_TERM_MAX 200

typedef struct dx_analyzer dx_analyzer;
typedef struct dx_session  dx_session;

/* Part-of-speech classes the query side needs (from IPADIC's pos1/pos2;
 * UniDic's are mapped onto them, see analyze.c). */
typedef enum {
	DX_POS_NOUN = 1,     /* 名詞 (not 接尾/非自立), unknown words, numbers */
	DX_POS_PREFIX,       /* 接頭詞 */
	DX_POS_SUFFIX,       /* 名詞,接尾 */
	DX_POS_VERB,         /* 動詞 */
	DX_POS_ADJ,          /* 形容詞, 形容動詞語幹 */
	DX_POS_PARTICLE,     /* 助詞 */
	DX_POS_AUX,          /* 助動詞, 動詞/名詞 非自立 */
	DX_POS_OTHER         /* 副詞, 連体詞, 接続詞, 感動詞, フィラー, ... */
} dx_pos_class;

/* Token flags. */
#define DX_TOKEN_BASE    0x1  /* base form of the surface token, same pos */
#define DX_TOKEN_READING 0x2  /* its reading in katakana (IPADIC's
                                 reading, UniDic's lForm), same pos; only
                                 with dx_session_set_readings() */
#define DX_TOKEN_PART    0x4  /* a part of a user dictionary word (官民 and
                                 共創 of 官民共創), its own span; parts
                                 take consecutive positions from the
                                 word's, and with DX_TOKEN_BASE it is the
                                 word again at the last part's position
                                 (not a new occurrence); only with
                                 dx_session_set_parts() */
#define DX_TOKEN_VARIANT 0x8  /* the okurigana key (okurigana.h) of a word
                                 spelled with hiragana: 申込 for 申し込み,
                                 same pos and span; only with
                                 dx_session_set_variants() */

typedef struct {
	const char  *term;      /* normalized form, not NUL-terminated */
	size_t       term_len;  /* 1..DX_TERM_MAX bytes */
	size_t       start;     /* byte span in the ORIGINAL text */
	size_t       end;
	uint32_t     pos;       /* position: +1 per token, bigger jumps at
	                           symbols and sentence ends */
	unsigned int flags;     /* DX_TOKEN_* */
	dx_pos_class pclass;
} dx_token;

/* Called for each token, in text order; the base-form, reading and part
 * tokens of a word come right after its surface token.  The token is valid during the call only.
 * Return 0 to go on, > 0 to stop (dx_analyze then returns DX_OK), < 0 to
 * fail (dx_analyze returns that code). */
typedef int (*dx_token_cb)(void *payload, const dx_token *tok);

/* Load the MeCab model of `dict_dir` (a folder, or a name of dicts.h;
 * NULL: DX_DICT_DIR_DEFAULT), never reading /etc/mecabrc.  DX_EDICT if
 * it is missing, not UTF-8, or has neither the IPADIC nor the UniDic
 * feature layout (found by parsing a known word, not from the path). */
int  dx_analyzer_open(dx_analyzer **out, const char *dict_dir);
void dx_analyzer_free(dx_analyzer *a);

/* dx_analyzer_open() with a user dictionary (userdic.h): `userdic` names
 * a compiled one, "" none, NULL the one dx_userdic_find() finds when
 * dict_dir is the pinned IPADIC (it is compiled against it), else none:
 * what dx_analyzer_open() loads.  DX_EDICT if MeCab refuses it (one
 * compiled against another system dictionary: "incompatible"). */
int  dx_analyzer_open_user(dx_analyzer **out, const char *dict_dir,
                           const char *userdic);

/* The compiled user dictionary loaded, or NULL; borrowed. */
const char *dx_analyzer_userdic(const dx_analyzer *a);

/* Nonzero if two fingerprints differ only in their user dictionary, so
 * that a stale index can say so. */
int  dx_fingerprint_userdic_differs(const char *stored, const char *current);

/* Nonzero if two fingerprints differ in their system dictionary (layout,
 * charset, version, sizes, file hash), whatever else differs. */
int  dx_fingerprint_dict_differs(const char *stored, const char *current);

/* A string naming everything that decides the terms: normalizer version,
 * term rules version (with the MeCab options), the dictionary's feature
 * layout ("ipadic" or "unidic"), charset,
 * version, sizes and a hash of the heads and tails of its files (sys.dic,
 * matrix.bin, char.bin, unk.dic, dicrc), and the user dictionary's
 * entry count and content hash (or "none").  Not their paths: the same
 * dictionary copied elsewhere gives the same string.  Stored in the
 * index; borrowed from the analyzer. */
const char *dx_analyzer_fingerprint(const dx_analyzer *a);

int  dx_session_new(dx_session **out, dx_analyzer *a);
void dx_session_free(dx_session *s);

/* Also emit each known word's reading (DX_TOKEN_READING, after its
 * surface and base tokens) until turned off.  Off by default. */
void dx_session_set_readings(dx_session *s, int on);

/* Also emit the parts of user dictionary words (DX_TOKEN_PART, after the
 * word's other tokens; the next token's position comes after the last
 * part's) until turned off: the indexer does, so that the parts stay
 * searchable, also in phrases; queries do not (the whole word is one
 * term).  Off by default. */
void dx_session_set_parts(dx_session *s, int on);

/* Also emit okurigana keys (DX_TOKEN_VARIANT, after the word's reading)
 * until turned off: the indexer does; queries look the key up
 * themselves (dx_okurigana_key).  Off by default. */
void dx_session_set_variants(dx_session *s, int on);

/* Nonzero if word[0..wlen) is one user dictionary word of which
 * part[0..plen) is a part (官民共創 and 共創): the index has the part at
 * that place already, so a search for the part need not look for the
 * word as a longer word containing it. */
int  dx_session_word_has_part(dx_session *s, const char *word, size_t wlen,
                              const char *part, size_t plen);

/* Analyze text[0..len) (valid UTF-8).  Symbols and whitespace give no
 * tokens.  Long input is split at sentence ends (。 ! ? and line ends,
 * after normalization) and into chunks of at most 8 KB, so any length
 * works in bounded memory.  Positions start at 1 and go up by 1 per
 * token, plus 1 per skipped symbol token and 2 once across a sentence or
 * chunk boundary, so phrases never bridge sentences. */
int dx_analyze(dx_session *s, const char *text, size_t len,
               dx_token_cb cb, void *payload);

/* Base forms follow their surface (the highlighter's prefilter relies
 * on it).  A dictionary entry keeps base forms when its base form term
 * (DX_TOKEN_BASE) is its surface term's first characters, then at most
 * DX_BASE_TAIL characters of hiragana (書い → 書く, 取り組ん → 取り組む),
 * and, when it shares no first character with the surface, begins with
 * one of DX_BASE_SHIFTS (き → くる, し → する, な → だ).  So where a base
 * form holds a string, the string's first characters are in the surface
 * too: all but the last DX_BASE_TAIL, and at least up to the end of its
 * last character that is not hiragana.  Every entry of the pinned
 * IPADIC keeps them (tests/unit/test_prefilter.c checks its source,
 * package mecab-ipadic); a user dictionary is checked when it is
 * loaded. */
#define DX_BASE_TAIL   2
#define DX_BASE_SHIFTS "きくすただつなぬりる"

/* Whether an entry of surface[0..slen) (as in normalized text) and base
 * form column base[0..blen) keeps base forms, its terms made as
 * dx_analyze() makes them. */
int dx_entry_keeps_base(const char *surface, size_t slen, const char *base,
                        size_t blen);

/* Nonzero if the analyzer's dictionaries keep base forms: the pinned
 * IPADIC, with no user dictionary or one that keeps them. */
int dx_analyzer_keeps_bases(const dx_analyzer *a);

/* Whether dx_analyze_filtered() should analyze a chunk: norm[0..len) is
 * its normalized text, one sentence as MeCab gets it.  Nonzero: yes. */
typedef int (*dx_chunk_cb)(void *payload, const char *norm, size_t len);

/* dx_analyze() that runs MeCab only on the chunks `keep` accepts (keep
 * may rely on the base form rule above), when the analyzer keeps base
 * forms; otherwise on every chunk, without asking.  A skipped chunk
 * gives no tokens.  An accepted one gives the tokens dx_analyze() gives
 * it (terms, flags, spans) at the positions of the chunk analyzed alone
 * (from 1), moved to 3 past the last position before: within a chunk
 * the same distances, across chunks never adjacent.  Its tokens are
 * remembered in the sentence memo (memo.h), so the same chunk (same
 * text, analyzer and switches) is not analyzed twice in a process; with
 * a `keep`, the normalized text is remembered in the passage memo. */
int dx_analyze_filtered(dx_session *s, const char *text, size_t len,
                        dx_chunk_cb keep, void *kp,
                        dx_token_cb cb, void *payload);

#ifdef __cplusplus
}
#endif

#endif
