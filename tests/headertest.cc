/*
 * headertest.cc -- <dxsearch.h> compiles as C++17 (extern "C" guards,
 * no C-only constructs) with -Wall -Wextra -pedantic -Werror, and links
 * against libdxsearch.so with C linkage.
 */
#include <dxsearch.h>

#include <cstdio>
#include <cstring>

extern "C" int dx_headertest_c(void);

int main()
{
	dx_search_options so = DX_SEARCH_OPTIONS_INIT;
	dx_options o = DX_OPTIONS_INIT;
	dx_index *idx = nullptr;
	int error = dx_index_open(&idx, "/nonexistent/dxsearch-headertest", &o);
	bool ok = error == DX_ENOTFOUND && idx == nullptr &&
	          std::strcmp(dx_code_name(DX_EQUERY), "invalid_query") == 0 &&
	          so.limit == 10 && dx_headertest_c() == 0;

	std::printf("%d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
	return ok ? 0 : 1;
}
