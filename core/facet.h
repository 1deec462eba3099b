/*
 * facet.h -- the article metadata that queries filter and sort on, in
 * the one form the writer indexes and the searcher asks for:
 *
 *   section  D<folders>: one boolean term per run of consecutive folder
 *            names of the stored path ("a/b/c/x.md" gives a, a/b,
 *            a/b/c, b, b/c and c), so path:b/c matches wherever the
 *            index was rooted; normalized (NFKC + case fold), "." and
 *            empty names dropped, the first DX_SECTION_MAX_DEPTH
 *            folders only
 *   tag      T<tag>: the tag normalized (NFKC + case fold), runs of
 *            spaces made one
 *   date     value DX_SLOT_DATE: "YYYYMMDD", "00" for an unknown month
 *            or day, so that dates sort and compare as strings
 * Terms longer than DX_KEY_MAX bytes are hashed as article keys are
 * (dx_article_key), the same on both sides.
 *
 * Ownership: terms are appended to caller-owned dx_bufs; the tag array
 * of dx_facet_get_tags() is the caller's (dx_facet_tags_free()).
 */
#ifndef DX_FACET_H
#define DX_FACET_H

#include <stddef.h>

#include "buf.h"
#include "xdb.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DX_SECTION_MAX_DEPTH 12

/* Parse a date as written in front matter, a <meta> tag or a query:
 * YYYY, YYYY-MM or YYYY-MM-DD ('-', '/' or '.' between; one- or
 * two-digit month and day), or 2023年4月1日 / 2023年4月 / 2023年; a
 * full date may be followed by a time ("T10:00:00+09:00", " 10:00").
 * Surrounding spaces are ignored; the month and day must exist.  Writes
 * the 8-digit value (NUL-terminated) to out and returns how many parts
 * were given (1-3), or 0 when s is not such a date. */
int  dx_date_parse(const char *s, size_t len, char out[9]);

/* The value of a date as text for people: "YYYY-MM-DD", "YYYY-MM" or
 * "YYYY".  Returns 0 (and out "") when v is not an 8-digit value. */
int  dx_date_format(const char *v, size_t len, char out[11]);

/* Append the tag term of `tag` to b; returns 0 (b unchanged) when the
 * tag is empty once normalized, else 1.  DX_EINVAL (< 0) on a
 * normalizer failure. */
int  dx_tag_term(dx_buf *b, const char *tag, size_t len);

/* Append the section term of a folder path given in a query
 * ("kurashi/gomi", "/kurashi/"; leading, trailing and doubled slashes
 * and "." ignored) to b; returns 0 (b unchanged) when no folder name is
 * left, else 1; < 0 on a normalizer failure. */
int  dx_section_term(dx_buf *b, const char *section, size_t len);

/* Writer: add the section and tag terms and the date value of an
 * article (stored path, front matter date or NULL, tags) to doc. */
int  dx_facet_add(dx_xdoc *doc, const char *path, const char *date,
                  char *const *tags, size_t ntags);

/* The tags as one field of the stored record (record.h), and back:
 * *out gets *n NUL-terminated copies (NULL when there are none). */
void dx_facet_put_tags(dx_buf *data, char *const *tags, size_t ntags);
int  dx_facet_get_tags(const char *field, size_t len, char ***out,
                       size_t *n);
void dx_facet_tags_free(char **tags, size_t n);

#ifdef __cplusplus
}
#endif

#endif
