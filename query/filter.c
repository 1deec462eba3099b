/* filter.c -- path:, tag: and date: items as Xapian filters; see
 * filter.h. */
#include "filter.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"
#include "facet.h"
#include "normalize.h"
#include "schema.h"

/* The upper bound of a date value with `parts` parts given. */
static void upper(char v[9], int parts)
{
	if (parts < 3)
		memcpy(v + 6, "99", 2);
	if (parts < 2)
		memcpy(v + 4, "99", 2);
}

int dx_date_range(const char *s, size_t len, char lo[9], char hi[9])
{
	dx_norm n = DX_NORM_INIT;
	const char *dots = NULL;
	char a[9], b[9];
	int pa = 1, pb = 1, ok = -1;
	size_t i;

	if (dx_normalize(&n, s, len) < 0) {
		dx_error_clear();
		return -1;
	}
	for (i = 0; i + 1 < n.len && !dots; i++)
		if (n.text[i] == '.' && n.text[i + 1] == '.')
			dots = n.text + i;
	if (!dots) {
		if ((pa = dx_date_parse(n.text, n.len, a)) > 0) {
			memcpy(b, a, 9);
			pb = pa;
			ok = 0;
		}
	} else {
		size_t la = (size_t)(dots - n.text), lb = n.len - la - 2;

		memcpy(a, "00000000", 9);
		memcpy(b, "99999999", 9);
		ok = la + lb > 0 &&
		     (la == 0 || (pa = dx_date_parse(n.text, la, a)) > 0) &&
		     (lb == 0 || (pb = dx_date_parse(dots + 2, lb, b)) > 0) ? 0 : -1;
		if (ok == 0 && la && lb && strcmp(a, b) > 0) {
			char t[9];
			int pt = pa;   /* reversed: swap the bounds */

			memcpy(t, a, 9);
			memcpy(a, b, 9);
			memcpy(b, t, 9);
			pa = pb;
			pb = pt;
		}
		if (lb == 0)
			pb = 3;   /* "99999999" is already an upper bound */
	}
	dx_norm_free(&n);
	if (ok < 0)
		return -1;
	upper(b, pb);
	memcpy(lo, a, 9);
	memcpy(hi, b, 9);
	return 0;
}

static const char *field_name(dx_qfield f)
{
	return f == DX_QFIELD_PATH ? "path" : f == DX_QFIELD_TAG ? "tag"
	                                                        : "date";
}

/* The query of one filter item; *out stays NULL when the item is
 * malformed (and *why says how). */
static int filter_query(dx_xq **out, const dx_qitem *it, dx_buf *desc,
                        const char **why)
{
	dx_buf t = DX_BUF_INIT;
	char lo[9], hi[9];
	int error = DX_OK, have;

	*out = NULL;
	*why = NULL;
	if (it->field == DX_QFIELD_DATE) {
		if (dx_date_range(it->text, it->len, lo, hi) < 0) {
			*why = "not a date: use YYYY, YYYY-MM or YYYY-MM-DD, "
			       "or a range A..B, A.. or ..B";
			return DX_OK;
		}
		dx_buf_printf(desc, "%s..%s", lo, hi);
		return dx_xq_value_range(out, DX_SLOT_DATE, lo, 8, hi, 8);
	}
	have = it->field == DX_QFIELD_PATH
	       ? dx_section_term(&t, it->text, it->len)
	       : dx_tag_term(&t, it->text, it->len);
	if (have < 0) {
		error = have;
	} else if (have == 0) {
		*why = it->field == DX_QFIELD_PATH ? "no folder name"
		                                   : "an empty tag";
	} else if (it->prefix) {
		dx_buf_put(desc, t.ptr, t.len);
		dx_buf_putc(desc, '*');
		error = dx_xq_wildcard(out, t.ptr, t.len, DX_FILTER_EXPANSION);
	} else {
		dx_buf_put(desc, t.ptr, t.len);
		error = dx_xq_term(out, t.ptr, t.len, 1, 0);
	}
	dx_buf_free(&t);
	return error;
}

/* *acc = *acc op q (just q when *acc is NULL); takes q and the old
 * *acc. */
static int join(dx_xq **acc, dx_xq_op op, dx_xq *q)
{
	dx_xq *pair[2], *out = NULL;
	int error;

	if (!*acc) {
		*acc = q;
		return DX_OK;
	}
	pair[0] = *acc;
	pair[1] = q;
	error = dx_xq_combine(&out, op, pair, 2, 0);
	dx_xq_free(*acc);
	dx_xq_free(q);
	*acc = out;
	return error;
}

int dx_filters_build(dx_xq **filter, dx_xq **exclude, const dx_qitem *items,
                     size_t n, dx_explain *ex)
{
	dx_xq *group = NULL;   /* the OR group being read */
	dx_buf desc = DX_BUF_INIT;
	size_t i;
	int error = DX_OK, used = 0, prev_positive = 0;

	*filter = *exclude = NULL;
	for (i = 0; i < n && error == DX_OK; i++) {
		const dx_qitem *it = &items[i];
		const char *why;
		dx_xq *q = NULL;

		if (!dx_qitem_is_filter(it)) {
			prev_positive = 0;
			continue;
		}
		dx_buf_clear(&desc);
		if ((error = filter_query(&q, it, &desc, &why)) < 0)
			break;
		if (ex)
			dx_explain_filter(ex, field_name(it->field), it->text,
			                  it->len, it->negate, it->or_prev,
			                  q ? dx_buf_cstr(&desc) : NULL, why);
		/* A filter not joined by OR to the one before ends the group:
		 * the groups are ANDed. */
		if (!(it->or_prev && prev_positive) && group) {
			error = join(filter, DX_XQ_AND, group);
			group = NULL;
		}
		prev_positive = !it->negate;
		if (!q)
			continue;
		used++;
		if (error < 0)
			dx_xq_free(q);
		else
			error = join(it->negate ? exclude : &group, DX_XQ_OR, q);
	}
	if (error == DX_OK && group) {
		error = join(filter, DX_XQ_AND, group);
		group = NULL;
	}
	dx_xq_free(group);
	dx_buf_free(&desc);
	if (error < 0) {
		dx_xq_free(*filter);
		dx_xq_free(*exclude);
		*filter = *exclude = NULL;
		return error;
	}
	return used;
}
