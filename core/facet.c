/* facet.c -- section, tag and date facets; see facet.h. */
#include "facet.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "normalize.h"
#include "record.h"
#include "schema.h"

/* ---- dates ---------------------------------------------------------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Read 1..max digits at s[*i] into *v; returns the count (0: none). */
static size_t digits(const char *s, size_t len, size_t *i, size_t max,
                     int *v)
{
	size_t n = 0;

	*v = 0;
	while (*i < len && n < max && is_digit(s[*i])) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	return (*i < len && is_digit(s[*i])) ? 0 : n;   /* too many digits */
}

static int days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	                           30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* s[*i] starts with the UTF-8 text `k`: skip it. */
static int skip(const char *s, size_t len, size_t *i, const char *k)
{
	size_t n = strlen(k);

	if (*i + n > len || memcmp(s + *i, k, n) != 0)
		return 0;
	*i += n;
	return 1;
}

int dx_date_parse(const char *s, size_t len, char out[9])
{
	size_t i = 0;
	int y = 0, m = 0, d = 0, parts = 1;
	char sep = 0;

	out[0] = '\0';
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (digits(s, len, &i, 4, &y) != 4 || y == 0)
		return 0;
	if (skip(s, len, &i, "年")) {
		if (i < len) {                            /* 2023年4月1日 */
			if (!digits(s, len, &i, 2, &m) || !skip(s, len, &i, "月"))
				return 0;
			parts = 2;
			if (i < len) {
				if (!digits(s, len, &i, 2, &d) ||
				    !skip(s, len, &i, "日"))
					return 0;
				parts = 3;
			}
		}
	} else if (i < len && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
		sep = s[i++];                             /* 2023-04-01 */
		if (!digits(s, len, &i, 2, &m))
			return 0;
		parts = 2;
		if (i < len && s[i] == sep) {
			i++;
			if (!digits(s, len, &i, 2, &d))
				return 0;
			parts = 3;
		}
	}
	/* What may follow: nothing, or a time after a full date. */
	if (i < len && !(parts == 3 && (s[i] == 'T' || s[i] == 't' ||
	                                s[i] == ' ' || s[i] == '\t')))
		return 0;
	if (parts >= 2 && (m < 1 || m > 12))
		return 0;
	if (parts == 3 && (d < 1 || d > days_in(y, m)))
		return 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = (char)('0' + m / 10);
	out[5] = (char)('0' + m % 10);
	out[6] = (char)('0' + d / 10);
	out[7] = (char)('0' + d % 10);
	out[8] = '\0';
	return parts;
}

int dx_date_format(const char *v, size_t len, char out[11])
{
	size_t i;

	out[0] = '\0';
	if (len != 8)
		return 0;
	for (i = 0; i < 8; i++)
		if (!is_digit(v[i]))
			return 0;
	memcpy(out, v, 4);
	out[4] = '\0';
	if (memcmp(v + 4, "00", 2) != 0) {
		out[4] = '-';
		memcpy(out + 5, v + 4, 2);
		out[7] = '\0';
		if (memcmp(v + 6, "00", 2) != 0) {
			out[7] = '-';
			memcpy(out + 8, v + 6, 2);
			out[10] = '\0';
		}
	}
	return 1;
}

/* ---- terms ---------------------------------------------------------- */

/* Append prefix and the key of s (hashed when long) to b. */
static void put_term(dx_buf *b, const char *prefix, const char *s,
                     size_t len)
{
	dx_buf_puts(b, prefix);
	dx_article_key(b, s, len);
}

int dx_tag_term(dx_buf *b, const char *tag, size_t len)
{
	dx_norm n = DX_NORM_INIT;
	dx_buf t = DX_BUF_INIT;
	size_t i;
	int error;

	if ((error = dx_normalize(&n, tag, len)) < 0)
		return error;
	for (i = 0; i < n.len; i++) {
		if (n.text[i] == ' ' || n.text[i] == '\n') {
			if (t.len && t.ptr[t.len - 1] != ' ')
				dx_buf_putc(&t, ' ');
		} else {
			dx_buf_putc(&t, n.text[i]);
		}
	}
	if (t.len && t.ptr[t.len - 1] == ' ')
		t.len--;
	if (t.len)
		put_term(b, DX_PREFIX_TAG, t.ptr, t.len);
	error = t.len ? 1 : 0;
	dx_buf_free(&t);
	dx_norm_free(&n);
	return error;
}

/* The folder names of a normalized path, as offsets into it. */
typedef struct {
	size_t start[DX_SECTION_MAX_DEPTH], len[DX_SECTION_MAX_DEPTH];
	size_t n;
} folders;

/* Split s at '/'; with `file`, the last name is a file, not a folder. */
static void split_folders(folders *f, const char *s, size_t len, int file)
{
	size_t i = 0, from;

	f->n = 0;
	while (i < len && f->n < DX_SECTION_MAX_DEPTH) {
		from = i;
		while (i < len && s[i] != '/')
			i++;
		if (file && i == len)
			break;                      /* the file name */
		if (i > from && !(i - from == 1 && s[from] == '.')) {
			f->start[f->n] = from;
			f->len[f->n++] = i - from;
		}
		i++;
	}
}

/* Folders [a, b) of f joined with '/' into t (cleared first). */
static void join_folders(dx_buf *t, const folders *f, const char *s,
                         size_t a, size_t b)
{
	size_t k;

	dx_buf_clear(t);
	for (k = a; k < b; k++) {
		if (k > a)
			dx_buf_putc(t, '/');
		dx_buf_put(t, s + f->start[k], f->len[k]);
	}
}

int dx_section_term(dx_buf *b, const char *section, size_t len)
{
	dx_norm n = DX_NORM_INIT;
	dx_buf t = DX_BUF_INIT;
	folders f;
	int error;

	if ((error = dx_normalize(&n, section, len)) < 0)
		return error;
	split_folders(&f, n.text, n.len, 0);
	if (f.n) {
		join_folders(&t, &f, n.text, 0, f.n);
		put_term(b, DX_PREFIX_SECTION, t.ptr, t.len);
	}
	error = f.n ? 1 : 0;
	dx_buf_free(&t);
	dx_norm_free(&n);
	return error;
}

int dx_facet_add(dx_xdoc *doc, const char *path, const char *date,
                 char *const *tags, size_t ntags)
{
	dx_norm n = DX_NORM_INIT;
	dx_buf t = DX_BUF_INIT, term = DX_BUF_INIT;
	folders f;
	size_t a, b;
	char v[9];
	int error;

	if ((error = dx_normalize(&n, path, strlen(path))) < 0)
		return error;
	split_folders(&f, n.text, n.len, 1);
	for (a = 0; a < f.n && error == DX_OK; a++)
		for (b = a + 1; b <= f.n && error == DX_OK; b++) {
			join_folders(&t, &f, n.text, a, b);
			dx_buf_clear(&term);
			put_term(&term, DX_PREFIX_SECTION, t.ptr, t.len);
			error = dx_xdoc_add_boolean(doc, term.ptr, term.len);
		}
	for (a = 0; a < ntags && error == DX_OK; a++) {
		dx_buf_clear(&term);
		error = dx_tag_term(&term, tags[a], strlen(tags[a]));
		if (error > 0)
			error = dx_xdoc_add_boolean(doc, term.ptr, term.len);
	}
	if (error == DX_OK && date && dx_date_parse(date, strlen(date), v))
		error = dx_xdoc_set_value(doc, DX_SLOT_DATE, v, 8);
	dx_buf_free(&t);
	dx_buf_free(&term);
	dx_norm_free(&n);
	return error;
}

/* ---- tags in the stored record -------------------------------------- */

void dx_facet_put_tags(dx_buf *data, char *const *tags, size_t ntags)
{
	dx_buf field = DX_BUF_INIT;
	size_t i;

	for (i = 0; i < ntags; i++)
		dx_record_puts(&field, tags[i]);
	dx_record_put(data, field.ptr ? field.ptr : "", field.len);
	dx_buf_free(&field);
}

int dx_facet_get_tags(const char *field, size_t len, char ***out, size_t *n)
{
	const char *s;
	size_t pos = 0, slen;

	*out = NULL;
	*n = 0;
	while (pos < len) {
		if (dx_record_get(field, len, &pos, &s, &slen) < 0) {
			dx_facet_tags_free(*out, *n);
			*out = NULL;
			*n = 0;
			return dx_error_set(DX_ECORRUPT,
			                    "passage data: malformed tags");
		}
		*out = dx_xrealloc(*out, (*n + 1) * sizeof(char *));
		(*out)[(*n)++] = dx_xstrndup(s, slen);
	}
	return DX_OK;
}

void dx_facet_tags_free(char **tags, size_t n)
{
	size_t i;

	for (i = 0; tags && i < n; i++)
		free(tags[i]);
	free(tags);
}
