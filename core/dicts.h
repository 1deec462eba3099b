/*
 * dicts.h -- the MeCab dictionaries dxsearch knows by name, and the one
 * an index is analyzed with.
 *
 * DX_DICT_IPADIC names Debian's mecab-ipadic-utf8 (the default),
 * DX_DICT_UNIDIC Debian's unidic-mecab; any other string is a dictionary
 * folder.  An index records the dictionary it was built with under
 * DX_META_DICT (schema.h), as a name or an absolute folder, so that
 * searching and later indexing runs load the same one without being
 * told; an index without the record was built with IPADIC.
 *
 * Ownership: dx_dict_dir() returns a static string or its argument; the
 * dx_buf arguments are the caller's.  No global state.
 */
#ifndef DX_DICTS_H
#define DX_DICTS_H

#include "buf.h"
#include "xdb.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DX_DICT_IPADIC     "ipadic"
#define DX_DICT_UNIDIC     "unidic"
/* Where Debian's unidic-mecab puts the dictionary MeCab loads. */
#define DX_DICT_DIR_UNIDIC "/var/lib/mecab/dic/unidic"

/* The folder of dictionary `name`: the pinned IPADIC for NULL, "" and
 * DX_DICT_IPADIC, DX_DICT_DIR_UNIDIC for DX_DICT_UNIDIC, else `name`. */
const char *dx_dict_dir(const char *name);

/* The Debian package that provides the folder `dir`, for messages:
 * "unidic-mecab" for DX_DICT_DIR_UNIDIC, else "mecab-ipadic-utf8". */
const char *dx_dict_package(const char *dir);

/* The dictionary for the index `db` into *dict (cleared first):
 * `requested` when given, as a name (a folder that is one of the named
 * dictionaries becomes its name) or else an absolute folder; else the
 * one the index records; else DX_DICT_IPADIC.  *recorded (cleared first)
 * gets what the index records ("" if nothing).  DX_OK or the metadata
 * read's error. */
int dx_dict_choose(dx_xdb *db, const char *requested, dx_buf *dict,
                   dx_buf *recorded);

/* DX_ESTALE with a message when the fingerprints `stored` (in the index)
 * and `current` (the analyzer's) differ in their dictionary: "built with
 * the dictionary X, not Y" when the dictionary `chosen` is another than
 * the one `recorded`, else "the dictionary X changed"; `requested` (NULL:
 * none) is what was asked for, `where` the index path (NULL: not
 * named).  DX_OK when the dictionaries agree (other differences are the
 * caller's). */
int dx_dict_mismatch(const char *stored, const char *current,
                     const char *recorded, const char *requested,
                     const char *chosen, const char *where);

#ifdef __cplusplus
}
#endif

#endif
