/*
 * schema.h -- the index's data model, shared by the writer and the
 * searcher.  One Xapian document per passage:
 *   terms     unprefixed: passage morphemes (surface + base form, and
 *             the parts of user dictionary words) with positions;
 *             V: okurigana keys of words spelled with hiragana (申込 for
 *             申し込み, okurigana.h), same positions; S: title
 *             morphemes; H: heading morphemes (each with SV / HV keys)
 *   synonyms  R<reading> -> the passage words read so (katakana), for
 *             kana-only queries; no postings of their own
 *   boolean   Q<key>#<n>: the passage (unique); A<key>: its article;
 *             P<path>: the article's path (for pruning, when it fits);
 *             D<folders>: its sections, T<tag>: its tags (facet.h)
 *   values    DX_SLOT_ARTICLE: path (collapse key); DX_SLOT_PASSAGE;
 *             DX_SLOT_DATE: the article's date, YYYYMMDD (facet.h)
 *   data      record.h fields, in the order of enum dx_field
 *   metadata  DX_META_SCHEMA, DX_META_ANALYZER (fingerprint),
 *             DX_META_DICT (the dictionary's name or folder, dicts.h),
 *             DX_META_UPDATED (time of the last commit with changes),
 *             DX_META_MANIFEST + <key>: one entry per article, written
 *             in the article's transaction: "<size> <mtime_ns> <hash>
 *             <encoding> <path>" (decimal, decimal, 16 hex digits of
 *             XXH3-64 of the file's bytes, the detected encoding or
 *             "-", the stored path; "0 0 0… - path" when the article
 *             did not come from a file)
 * Body terms are case-folded, so they never start with an uppercase
 * ASCII prefix letter.
 */
#ifndef DX_SCHEMA_H
#define DX_SCHEMA_H

#include <stddef.h>

#include "buf.h"

#define DX_SCHEMA_VERSION "4"
#define DX_META_SCHEMA    "dx.schema"
#define DX_META_ANALYZER  "dx.analyzer"
#define DX_META_UPDATED   "dx.updated"
#define DX_META_DICT      "dx.dict"     /* dicts.h */
#define DX_META_MANIFEST  "m:"

#define DX_SLOT_ARTICLE 0
#define DX_SLOT_PASSAGE 1
#define DX_SLOT_DATE    2

#define DX_PREFIX_TITLE   "S"
#define DX_PREFIX_HEADING "H"
#define DX_PREFIX_UNIQUE  "Q"
#define DX_PREFIX_ARTICLE "A"
#define DX_PREFIX_PATH    "P"
#define DX_PREFIX_READING "R"   /* synonym key: katakana reading */
#define DX_PREFIX_SECTION "D"   /* a run of folder names of the path */
#define DX_PREFIX_TAG     "T"   /* a tag of the article */
#define DX_PREFIX_VARIANT "V"   /* okurigana key, after S/H in fields */

/* Longest path kept verbatim in A/Q/P terms; longer paths are hashed. */
#define DX_KEY_MAX 180

enum dx_field {
	DX_FIELD_PATH, DX_FIELD_URL, DX_FIELD_TITLE, DX_FIELD_HEADING,
	DX_FIELD_ANCHOR, DX_FIELD_PASSAGE, DX_FIELD_TEXT,
	DX_FIELD_TAGS,   /* the article's tags, as written (facet.h) */
	DX_FIELD_COUNT
};

/* Append the article key of `path` (the path itself, or "#" and a hex
 * hash when longer than DX_KEY_MAX) to b. */
void dx_article_key(dx_buf *b, const char *path, size_t len);

#endif
