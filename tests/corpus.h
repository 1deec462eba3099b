/*
 * corpus.h -- the sample corpus (DX_SOURCE_DIR/corpus) for the unit
 * tests that need every passage of it: its articles indexed, in name
 * order, and each passage handed to the test as the writer cut it.
 */
#ifndef DX_TEST_CORPUS_H
#define DX_TEST_CORPUS_H

#include <stddef.h>

/* Called for each passage: the article's stored path, the passage's
 * number in it, its text (valid during the call). */
typedef void (*dx_test_passage_cb)(void *payload, const char *stored,
                                   unsigned number, const char *text,
                                   size_t len);

/* Index the corpus into a new index at db (each article stored as
 * "aNNN/<name>" when `folders`, NNN its place in name order, else as
 * its name) and call f on every passage.  Returns the articles indexed;
 * failures are counted as failed checks. */
size_t dx_test_corpus(const char *db, int folders, dx_test_passage_cb f,
                      void *payload);

/* The whole file at path, NUL-terminated (*len bytes without the NUL),
 * or NULL; the caller frees it. */
char *dx_test_read_file(const char *path, size_t *len);

#endif
