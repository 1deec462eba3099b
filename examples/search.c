/*
 * search.c -- the smallest use of libdxsearch: search an index and print
 * the best passages with their matches in [brackets].
 *
 *   dxsearch index --db ./db corpus/
 *   cc search.c $(pkg-config --cflags --libs dxsearch) -o search
 *   ./search ./db 共創
 *
 * Ownership: the dx_index and dx_result belong to us and are freed with
 * their *_free(); a dx_hit and its strings are borrowed from the result.
 */
#include <stdio.h>
#include <string.h>

#include <dxsearch.h>

/* The passage text with each highlighted range between [ and ]. */
static void print_marked(const dx_hit *h)
{
	size_t i, k = 0;

	for (i = 0; i < h->text_len; i++) {
		if (k < h->n_highlights && h->highlights[k].start == i)
			putchar('[');
		putchar(h->text[i] == '\n' ? ' ' : h->text[i]);
		if (k < h->n_highlights && h->highlights[k].end == i + 1) {
			putchar(']');
			k++;
		}
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	dx_search_options so = DX_SEARCH_OPTIONS_INIT;
	dx_index *idx = NULL;
	dx_result *res = NULL;
	size_t i;
	int error;

	if (argc != 3) {
		fprintf(stderr, "usage: %s INDEX QUERY\n", argv[0]);
		return 2;
	}
	/* Every fallible call returns a dx_code; the message is thread-local. */
	if ((error = dx_index_open(&idx, argv[1], NULL)) < 0) {
		fprintf(stderr, "search: %s (%s)\n", dx_error_last(),
		        dx_code_name(error));
		return 1;
	}
	so.limit = 5;
	if ((error = dx_search(&res, idx, argv[2], strlen(argv[2]), &so)) < 0) {
		fprintf(stderr, "search: %s (%s)\n", dx_error_last(),
		        dx_code_name(error));
		dx_index_free(idx);
		return 1;
	}
	printf("about %llu results (%.2f ms), libdxsearch %s\n",
	       (unsigned long long)dx_result_total(res),
	       dx_result_took_ms(res), dx_version());
	for (i = 0; i < dx_result_count(res); i++) {
		const dx_hit *h = dx_result_hit(res, i);

		printf("%u. %s\n   %s%s%s\n   ", h->rank,
		       *h->title ? h->title : h->path, h->path,
		       *h->heading ? " > " : "", h->heading);
		print_marked(h);
	}
	dx_result_free(res);
	dx_index_free(idx);
	return 0;
}
