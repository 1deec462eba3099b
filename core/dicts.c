/* dicts.c -- named MeCab dictionaries and the index's own; see dicts.h. */
#define _XOPEN_SOURCE 700   /* realpath() */
#include "dicts.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "errors.h"
#include "schema.h"

const char *dx_dict_dir(const char *name)
{
	if (!name || !*name || !strcmp(name, DX_DICT_IPADIC))
		return DX_DICT_DIR_DEFAULT;
	if (!strcmp(name, DX_DICT_UNIDIC))
		return DX_DICT_DIR_UNIDIC;
	return name;
}

const char *dx_dict_package(const char *dir)
{
	return !strcmp(dir, DX_DICT_DIR_UNIDIC) ? "unidic-mecab" :
	       "mecab-ipadic-utf8";
}

/* Whether folders a and b are the same (both resolve to one path). */
static int same_folder(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

/* A requested dictionary as the index records it. */
static void normalize(const char *requested, dx_buf *dict)
{
	static const char *const names[] = { DX_DICT_IPADIC, DX_DICT_UNIDIC };
	char real[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(requested, names[i]) ||
		    same_folder(requested, dx_dict_dir(names[i]))) {
			dx_buf_puts(dict, names[i]);
			return;
		}
	/* a folder that does not resolve stays as given: the analyzer
	 * says it is missing */
	dx_buf_puts(dict, realpath(requested, real) ? real : requested);
}

int dx_dict_choose(dx_xdb *db, const char *requested, dx_buf *dict,
                   dx_buf *recorded)
{
	int error;

	dx_buf_clear(dict);
	dx_buf_clear(recorded);
	if ((error = dx_xdb_get_metadata(db, DX_META_DICT, recorded)) < 0)
		return error;
	if (requested && *requested)
		normalize(requested, dict);
	else if (recorded->len)
		dx_buf_put(dict, recorded->ptr, recorded->len);
	else
		dx_buf_puts(dict, DX_DICT_IPADIC);
	return DX_OK;
}

int dx_dict_mismatch(const char *stored, const char *current,
                     const char *recorded, const char *requested,
                     const char *chosen, const char *where)
{
	const char *at = where ? " at " : "", *path = where ? where : "";
	int asked = requested && *requested;

	if (!dx_fingerprint_dict_differs(stored, current))
		return DX_OK;
	/* an index from before dictionaries were recorded */
	if (!recorded || !*recorded)
		return dx_error_set(DX_ESTALE, "the index%s%s was built with "
			"another dictionary than %s: re-index with 'dxsearch "
			"index --rebuild%s%s'", at, path, chosen,
			asked ? " --dict " : "", asked ? chosen : "");
	if (strcmp(recorded, chosen) != 0)
		return dx_error_set(DX_ESTALE, "the index%s%s was built with "
			"the dictionary %s, not %s: to change it, re-index "
			"with 'dxsearch index --rebuild --dict %s'", at, path,
			recorded, chosen, chosen);
	return dx_error_set(DX_ESTALE, "the dictionary %s changed since the "
		"index%s%s was built: re-index with 'dxsearch index "
		"--rebuild'", chosen, at, path);
}
