/*
 * manifest.c -- the file manifest in the index's metadata (manifest.h).
 */
#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "schema.h"

uint64_t dx_content_hash(const void *data, size_t len)
{
	return (uint64_t)XXH3_64bits(data, len);
}

void dx_manifest_key(dx_buf *b, const char *path)
{
	dx_buf_puts(b, DX_META_MANIFEST);
	dx_article_key(b, path, strlen(path));
}

/* The encoding is one word: "UTF-8 (BOM)" is stored "UTF-8_(BOM)". */
void dx_manifest_format(dx_buf *b, const dx_manifest *m, const char *path)
{
	size_t i;

	dx_buf_printf(b, "%" PRIu64 " %" PRId64 " %016" PRIx64 " ",
	              m->size, m->mtime_ns, m->hash);
	for (i = 0; m->encoding[i] && i < sizeof(m->encoding); i++)
		dx_buf_putc(b, m->encoding[i] == ' ' ? '_' : m->encoding[i]);
	if (i == 0)
		dx_buf_putc(b, '-');
	dx_buf_printf(b, " %s", path);
}

/* Parse an unsigned decimal or (hex) number ending at a space. */
static int parse_u64(const char **p, const char *end, int hex, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	unsigned int d;

	if (s >= end || *s == ' ')
		return -1;
	for (; s < end && *s != ' '; s++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (hex && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / (hex ? 16 : 10))
			return -1;
		v = v * (hex ? 16 : 10) + d;
	}
	if (s >= end)
		return -1;
	*p = s + 1;
	*out = v;
	return 0;
}

int dx_manifest_parse(const char *val, size_t len, dx_manifest *m,
                      const char **path, size_t *plen)
{
	const char *p = val, *end = val + len;
	const char *enc;
	uint64_t size, hash, mt;
	size_t elen;
	int neg = 0;

	if (!val || len == 0 || parse_u64(&p, end, 0, &size) < 0)
		return -1;
	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (parse_u64(&p, end, 0, &mt) < 0 || mt > (uint64_t)INT64_MAX ||
	    parse_u64(&p, end, 1, &hash) < 0 || p >= end)
		return -1;
	for (enc = p; p < end && *p != ' '; p++)
		;
	elen = (size_t)(p - enc);
	if (p + 1 >= end || elen == 0 || elen >= sizeof(m->encoding))
		return -1;   /* no path after the encoding */
	p++;
	for (size_t i = 0; i < elen; i++)
		m->encoding[i] = enc[i] == '_' ? ' ' : enc[i];
	m->encoding[elen] = '\0';
	if (elen == 1 && enc[0] == '-')
		m->encoding[0] = '\0';
	m->size = size;
	m->mtime_ns = neg ? -(int64_t)mt : (int64_t)mt;
	m->hash = hash;
	if (path)
		*path = p;
	if (plen)
		*plen = (size_t)(end - p);
	return 0;
}

int dx_manifest_get(dx_xdb *db, const char *path, dx_manifest *m)
{
	dx_buf key = DX_BUF_INIT, val = DX_BUF_INIT;
	const char *p;
	size_t plen;
	int error;

	dx_manifest_key(&key, path);
	error = dx_xdb_get_metadata(db, key.ptr, &val);
	if (error == DX_OK)
		/* A hashed key could collide: the path must match too. */
		error = dx_manifest_parse(val.ptr, val.len, m, &p, &plen) == 0 &&
		        plen == strlen(path) && memcmp(p, path, plen) == 0;
	dx_buf_free(&key);
	dx_buf_free(&val);
	return error;
}

int dx_manifest_put(dx_xdb *db, const char *path, const dx_manifest *m)
{
	dx_buf key = DX_BUF_INIT, val = DX_BUF_INIT;
	int error;

	dx_manifest_key(&key, path);
	if (m)
		dx_manifest_format(&val, m, path);
	error = dx_xdb_set_metadata(db, key.ptr, val.ptr, val.len);
	dx_buf_free(&key);
	dx_buf_free(&val);
	return error;
}

typedef struct {
	dx_xdb      *db;
	const char  *prefix;
	size_t       plen;
	int        (*cb)(void *payload, const char *path);
	void        *payload;
	int          hashed;   /* walking the "m:#" keys */
	dx_buf       val, path;
} each_ctx;

static int on_key(void *payload, const char *key, size_t len)
{
	each_ctx *c = payload;
	const char *p;
	size_t plen;
	dx_manifest m;
	int error;

	if (!c->hashed) {
		/* A verbatim path key: it is the path (no value read). */
		size_t skip = strlen(DX_META_MANIFEST);

		if (len > skip && key[skip] == '#')
			return 0;   /* the second walk's */
		dx_buf_clear(&c->path);
		dx_buf_put(&c->path, key + skip, len - skip);
		return c->cb(c->payload, c->path.ptr);
	}
	dx_buf_clear(&c->path);
	dx_buf_put(&c->path, key, len);
	if ((error = dx_xdb_get_metadata(c->db, c->path.ptr, &c->val)) < 0)
		return error;
	if (dx_manifest_parse(c->val.ptr, c->val.len, &m, &p, &plen) < 0 ||
	    plen < c->plen || memcmp(p, c->prefix, c->plen) != 0)
		return 0;
	dx_buf_clear(&c->path);
	dx_buf_put(&c->path, p, plen);
	return c->cb(c->payload, c->path.ptr);
}

int dx_manifest_each(dx_xdb *db, const char *prefix,
                     int (*cb)(void *payload, const char *path),
                     void *payload)
{
	each_ctx c = { db, prefix, strlen(prefix), cb, payload, 0,
	               DX_BUF_INIT, DX_BUF_INIT };
	dx_buf key = DX_BUF_INIT;
	int error = DX_OK;

	/* Verbatim keys under the prefix; a "#" at the start of a prefix
	 * would also match hashed keys, which the second walk covers. */
	if (prefix[0] != '#') {
		dx_buf_puts(&key, DX_META_MANIFEST);
		dx_buf_puts(&key, prefix);
		error = dx_xdb_metadata_keys(db, key.ptr, key.len, on_key, &c);
	}
	if (error == DX_OK) {
		c.hashed = 1;
		dx_buf_clear(&key);
		dx_buf_puts(&key, DX_META_MANIFEST "#");
		error = dx_xdb_metadata_keys(db, key.ptr, key.len, on_key, &c);
	}
	dx_buf_free(&key);
	dx_buf_free(&c.val);
	dx_buf_free(&c.path);
	return error;
}
