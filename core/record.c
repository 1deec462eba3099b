/* record.c -- length-prefixed fields; see record.h. */
#include "record.h"

#include <string.h>

void dx_record_put(dx_buf *b, const char *s, size_t len)
{
	dx_buf_printf(b, "%zu:", len);
	dx_buf_put(b, s, len);
}

void dx_record_puts(dx_buf *b, const char *s)
{
	dx_record_put(b, s ? s : "", s ? strlen(s) : 0);
}

int dx_record_get(const char *data, size_t len, size_t *pos,
                  const char **s, size_t *slen)
{
	size_t i = *pos, n = 0;

	if (i >= len || data[i] < '0' || data[i] > '9')
		return -1;
	while (i < len && data[i] >= '0' && data[i] <= '9') {
		if (n > (len - i))   /* cannot possibly fit: malformed */
			return -1;
		n = n * 10 + (size_t)(data[i] - '0');
		i++;
	}
	if (i >= len || data[i] != ':' || n > len - i - 1)
		return -1;
	i++;
	*s = data + i;
	*slen = n;
	*pos = i + n;
	return 0;
}

#include "hash.h"
#include "schema.h"

void dx_article_key(dx_buf *b, const char *path, size_t len)
{
	if (len <= DX_KEY_MAX) {
		dx_buf_put(b, path, len);
		return;
	}
	dx_buf_printf(b, "#%016llx%016llx",
	              /* two seeds: a 128-bit key for long paths */
	              (unsigned long long)dx_fnv1a(DX_FNV1A_INIT, path, len),
	              (unsigned long long)dx_fnv1a(0x9e3779b97f4a7c15ULL, path,
	                                           len));
}
