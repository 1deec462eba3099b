/*
 * headertest.c -- <dxsearch.h> compiles as C11 on its own, first, with
 * -Wall -Wextra -pedantic -Werror; its initializer macros fit its structs.
 * headertest.cc does the same as C++ and holds main().
 */
#include <dxsearch.h>
#include <dxsearch.h>   /* include guard */

int dx_headertest_c(void);

int dx_headertest_c(void)
{
	dx_options o = DX_OPTIONS_INIT;
	dx_search_options so = DX_SEARCH_OPTIONS_INIT;
	dx_writer_options wo = DX_WRITER_OPTIONS_INIT;
	dx_index *idx = NULL;
	int error = dx_index_open(&idx, "/nonexistent/dxsearch-headertest", &o);

	/* A failed constructor sets *out = NULL and returns a dx_code. */
	if (error != DX_ENOTFOUND || idx != NULL || !*dx_error_last())
		return 1;
	dx_index_free(NULL);
	dx_result_free(NULL);
	dx_free(NULL);
	return so.version == DX_SEARCH_OPTIONS_VERSION &&
	       wo.version == DX_WRITER_OPTIONS_VERSION &&
	       *dx_version() && *dx_strerror(DX_EQUERY) ? 0 : 1;
}
