/*
 * userdic.h -- the user dictionary of domain words (官民共創, kintone):
 * where it is, compiling it, adding words.  The public calls
 * (dx_userdic_dir, dx_userdic_build, dx_userdic_add) are declared in
 * dxsearch.h; this header has what the analyzer needs.
 *
 * A user dictionary is a folder holding DX_USERDIC_CSV (MeCab's CSV, the
 * source, surfaces in normalized form) and DX_USERDIC_DIC (compiled from
 * it by mecab-dict-index against the pinned IPADIC).
 *
 * Ownership: the dx_buf arguments are the caller's.  Thread safety:
 * reads the environment; no global state.
 */
#ifndef DX_USERDIC_H
#define DX_USERDIC_H

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DX_USERDIC_ENV  "DXSEARCH_USERDIC"
#define DX_USERDIC_CSV  "user.csv"
#define DX_USERDIC_DIC  "user.dic"
#define DX_USERDIC_NONE "none"

/* The folder of the user dictionary in use into *dir (cleared first):
 * $DXSEARCH_USERDIC (DX_USERDIC_NONE: no user dictionary), else the
 * installed folder if it holds a compiled dictionary, else the build
 * tree's, else none (dir left empty).  *explicit_ is set to 1 when the
 * environment named it (then a missing user.dic is an error).  Returns
 * DX_OK. */
int dx_userdic_locate(dx_buf *dir, int *explicit_);

/* The compiled dictionary the analyzer should load into *dic (cleared
 * first; empty: none).  DX_EDICT when $DXSEARCH_USERDIC names a folder
 * without a compiled dictionary. */
int dx_userdic_find(dx_buf *dic);

/* Compile `csv` into `dic` against the system dictionary `sysdic` (NULL:
 * the pinned IPADIC) with mecab-dict-index, through a temporary file
 * beside `dic` that replaces it only when complete.  DX_EDICT with the
 * compiler's own message when it fails. */
int dx_userdic_compile(const char *csv, const char *dic, const char *sysdic);

/* Whether every entry of the compiled user dictionary `dic` keeps base
 * forms (analyze.h: dx_entry_keeps_base), as its source DX_USERDIC_CSV
 * beside it says (IPADIC's columns: surface first, base form
 * eleventh); 0 when that cannot be read or quotes a column. */
int dx_userdic_keeps_bases(const char *dic);

#ifdef __cplusplus
}
#endif

#endif
