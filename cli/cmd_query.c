/*
 * cmd_query.c -- dxsearch query [--db DIR] [--limit N] [--offset N]
 *                [--per-article N] [--sort relevance|date] [--json]
 *                [--batch FILE|-] [--romaji] QUERY...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dxsearch.h"

typedef struct {
	int json;
	int bold;            /* terminal bold vs plain ** markers */
	int romaji;          /* --romaji: convert the query to hiragana */
	dx_search_options so;
} query_ctx;

static void help(FILE *out)
{
	fputs("usage: dxsearch query [--db DIR] [--limit N] [--offset N]\n"
	      "                      [--per-article N] [--sort relevance|date]\n"
	      "                      [--json] [--explain] [--batch FILE|-]\n"
	      "                      [--romaji] QUERY...\n"
	      "\n"
	      "Print the best passages for QUERY: words (all should match;\n"
	      "passages with every word come first), \"exact phrase\",\n"
	      "-excluded, a OR b, title:WORD, prefix*, and the filters\n"
	      "path:FOLDER, tag:TAG, date:2023-01..2024-03 (also -tag:TAG).\n"
	      "\n"
	      "  --limit N        results to print (default 10, at most 1000)\n"
	      "  --offset N       results to skip (default 0)\n"
	      "  --per-article N  passages per article (default 1; 0: all)\n"
	      "  --sort ORDER     relevance (default) or date: newest first\n"
	      "  --json           one JSON object (see DESIGN.md)\n"
	      "  --explain        show the analyzed query, the Xapian query\n"
	      "                   and the weight of each matching term\n"
	      "  --batch FILE|-   one query per line in, one JSON line out\n"
	      "  --romaji         the query is romaji (kyousou, shimbun):\n"
	      "                   search its hiragana, by reading\n", out);
}

/* Up to `width` characters of the passage around its first highlight,
 * the highlights in bold (terminal) or between ** (pipe). */
static void print_excerpt(const dx_hit *h, int bold, size_t width)
{
	const char *on = bold ? "\033[1m" : "**", *off = bold ? "\033[0m" : "**";
	size_t from = 0, to, i, k = 0, chars = 0, back = 0;

	if (h->n_highlights > 0) {
		/* Start up to width/4 characters before the first match. */
		for (i = h->highlights[0].start; i > 0 && back < width / 4; back++) {
			i--;
			while (i > 0 && ((unsigned char)h->text[i] & 0xC0) == 0x80)
				i--;
		}
		from = i;
	}
	for (to = from; to < h->text_len && chars < width; chars++) {
		to++;
		while (to < h->text_len &&
		       ((unsigned char)h->text[to] & 0xC0) == 0x80)
			to++;
	}
	fputs("   ", stdout);
	if (from > 0)
		fputs("…", stdout);
	for (i = from; i < to; i++) {
		while (k < h->n_highlights && h->highlights[k].end <= i)
			k++;
		if (k < h->n_highlights && h->highlights[k].start == i)
			fputs(on, stdout);
		putchar(h->text[i] == '\n' ? ' ' : h->text[i]);
		if (k < h->n_highlights && h->highlights[k].end == i + 1)
			fputs(off, stdout);
	}
	if (k < h->n_highlights && h->highlights[k].start < to &&
	    h->highlights[k].end > to)
		fputs(off, stdout);
	if (to < h->text_len)
		fputs("…", stdout);
	putchar('\n');
}

static void print_human(const dx_result *res, int bold)
{
	size_t i, n = dx_result_count(res);

	if (n == 0) {
		printf("no results (%.2f ms)\n", dx_result_took_ms(res));
		return;
	}
	if (dx_result_unquoted(res))
		printf("no result holds the quoted phrase as written; "
		       "results for its words:\n\n");
	for (i = 0; i < n; i++) {
		const dx_hit *h = dx_result_hit(res, i);

		printf("%u. %s%s%s\n", h->rank, bold ? "\033[1m" : "",
		       *h->title ? h->title : h->path, bold ? "\033[0m" : "");
		printf("   %s%s%s", h->url ? h->url : h->path,
		       *h->anchor ? "#" : "", h->anchor);
		if (*h->heading)
			printf("  ▸ %s", h->heading);
		if (h->date)
			printf("  (%s)", h->date);
		putchar('\n');
		print_excerpt(h, bold, 120);
		putchar('\n');
	}
	printf("%zu of about %llu results (%.2f ms)\n", n,
	       (unsigned long long)dx_result_total(res),
	       dx_result_took_ms(res));
}

/* Run one query; print it (human or JSON).  Returns the dx_code. */
static int run_one(dx_index *idx, const query_ctx *c, const char *q,
                   int batch)
{
	dx_result *res = NULL;
	char *json, *kana = NULL;
	int error = c->romaji ? dx_romaji_to_kana(q, &kana) : DX_OK;

	if (kana)
		q = kana;                   /* searched and echoed as kana */
	if (error == DX_OK)
		error = dx_search(&res, idx, q, strlen(q), &c->so);
	if (error < 0) {
		if (batch) {
			json = dx_error_json(q, error, dx_error_last());
			puts(json);
			dx_free(json);
		}
		dx_free(kana);
		return error;
	}
	if (c->json || batch) {
		json = dx_result_json(res, q);
		puts(json);
		dx_free(json);
	} else {
		print_human(res, c->bold);
		if (dx_result_explain_text(res))
			fputs(dx_result_explain_text(res), stdout);
	}
	dx_result_free(res);
	dx_free(kana);
	return DX_OK;
}

static int run_batch(dx_index *idx, const query_ctx *c, const char *file)
{
	FILE *in = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!in) {
		cli_error("--batch %s: cannot open", file);
		return DX_EXIT_ERROR;
	}
	while ((n = getline(&line, &cap, in)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		run_one(idx, c, line, 1);
		fflush(stdout);
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return DX_EXIT_OK;
}

/* The value of option argv[*i] ("--opt=V" or "--opt V"); NULL (and a
 * usage message) when it is missing. */
static const char *opt_value(int argc, char **argv, int *i, const char *eq)
{
	if (eq)
		return eq + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	cli_error("query: %s needs a value", argv[*i]);
	return NULL;
}

/*
 * Options are "--name" or "--name=value" (and -h).  Any other argument,
 * including one that starts with a single '-', is a query word: "-研修"
 * excludes, it is not an option.  "--" ends the options.
 */
int cmd_query(int argc, char **argv)
{
	query_ctx qc;
	const char *db = NULL, *batch = NULL;
	dx_index *idx = NULL;
	char *q = NULL;
	size_t qlen = 0;
	int i, rc, only_words = 0;

	memset(&qc, 0, sizeof(qc));
	qc.so = (dx_search_options)DX_SEARCH_OPTIONS_INIT;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq, *v;
		size_t n;

		if (!only_words && !strcmp(a, "--")) {
			only_words = 1;
			continue;
		}
		if (!only_words && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			help(stdout);
			free(q);
			return DX_EXIT_OK;
		}
		if (!only_words && !strncmp(a, "--", 2)) {
			eq = strchr(a, '=');
			n = eq ? (size_t)(eq - a) : strlen(a);
#define IS(name) (n == strlen(name) && !strncmp(a, name, n))
			if (IS("--json") && !eq) {
				qc.json = 1;
				continue;
			}
			if (IS("--explain") && !eq) {
				qc.so.explain = 1;
				continue;
			}
			if (IS("--romaji") && !eq) {
				qc.romaji = 1;
				continue;
			}
			if (!IS("--db") && !IS("--limit") && !IS("--offset") &&
			    !IS("--per-article") && !IS("--batch") &&
			    !IS("--sort")) {
				cli_error("query: unknown option '%s' (try "
				          "'dxsearch query --help')", a);
				free(q);
				return DX_EXIT_USAGE;
			}
			if (!(v = opt_value(argc, argv, &i, eq))) {
				free(q);
				return DX_EXIT_USAGE;
			}
			if (IS("--db"))
				db = v;
			else if (IS("--batch"))
				batch = v;
			else if (IS("--limit"))
				qc.so.limit = cli_number("--limit", v, 1000);
			else if (IS("--offset"))
				qc.so.offset = cli_number("--offset", v, 100000);
			else if (IS("--sort") && (!strcmp(v, "relevance") ||
			                          !strcmp(v, "date")))
				qc.so.sort = !strcmp(v, "date") ? DX_SORT_DATE
				                                : DX_SORT_RELEVANCE;
			else if (IS("--sort")) {
				cli_error("query: --sort: '%s' is not "
				          "'relevance' or 'date'", v);
				free(q);
				return DX_EXIT_USAGE;
			}
			else
				qc.so.per_article = (unsigned int)cli_number(
					"--per-article", v, 1000);
#undef IS
			continue;
		}
		n = strlen(a);
		q = realloc(q, qlen + n + 2);
		if (!q) {
			cli_error("out of memory");
			return DX_EXIT_ERROR;
		}
		if (qlen)
			q[qlen++] = ' ';
		memcpy(q + qlen, a, n);
		qlen += n;
		q[qlen] = '\0';
	}
	if (batch && q) {
		cli_error("query: give either --batch or a QUERY, not both");
		free(q);
		return DX_EXIT_USAGE;
	}
	if (!batch) {
		size_t k;
		for (k = 0; k < qlen && (q[k] == ' ' || q[k] == '\t'); k++)
			;
		if (k == qlen) {
			cli_error(q ? "query: the query is empty"
			            : "query: no QUERY given (try 'dxsearch "
			              "query 共創')");
			free(q);
			return DX_EXIT_USAGE;
		}
	}
	qc.bold = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");

	db = cli_db_path(db);
	if (dx_index_open(&idx, db, NULL) < 0) {
		cli_error("%s", dx_error_last());
		free(q);
		return DX_EXIT_ERROR;
	}
	if (batch) {
		rc = run_batch(idx, &qc, batch);
	} else if ((rc = run_one(idx, &qc, q, 0)) < 0) {
		cli_error("query: %s", dx_error_last());
		/* romaji that is not: a usage error, like an empty query */
		rc = qc.romaji && rc == DX_EQUERY ? DX_EXIT_USAGE
		                                  : DX_EXIT_ERROR;
	} else {
		rc = DX_EXIT_OK;
	}
	dx_index_free(idx);
	free(q);
	return rc;
}
