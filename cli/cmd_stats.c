/* cmd_stats.c -- dxsearch stats [--db DIR] [--json]: what the index holds.
 * Reads the index without loading the analyzer: works on a stale one. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dxsearch.h"

static void help(FILE *out)
{
	fputs("usage: dxsearch stats [--db DIR] [--json]\n"
	      "\n"
	      "Show the index's articles, passages, distinct terms, size on\n"
	      "disk, time of the last update, schema, dictionary and the\n"
	      "number of articles per detected source encoding.\n"
	      "\n"
	      "  --db DIR  the index (default $DXSEARCH_DB or ./dxsearch.db)\n"
	      "  --json    one JSON object\n", out);
}

static void human_size(char *buf, size_t n, unsigned long long b)
{
	if (b >= 1024ULL * 1024 * 1024)
		snprintf(buf, n, "%.1f GB", b / (1024.0 * 1024 * 1024));
	else if (b >= 1024ULL * 1024)
		snprintf(buf, n, "%.1f MB", b / (1024.0 * 1024));
	else
		snprintf(buf, n, "%.1f KB", b / 1024.0);
}

/* enc: "NAME COUNT\n" lines (dx_index_stats); as JSON members or as
 * "NAME COUNT, ..." ("none" when empty). */
static void print_encodings(const char *enc, int json)
{
	const char *line = enc, *nl, *sp;
	int first = 1;

	for (; *line && (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		if (!(sp = memchr(line, ' ', (size_t)(nl - line))))
			continue;
		fputs(first ? "" : ", ", stdout);
		first = 0;
		if (json) {
			char *name = strndup(line, (size_t)(sp - line));

			cli_json_string(stdout, name ? name : "");
			free(name);
			printf(": %.*s", (int)(nl - sp - 1), sp + 1);
		} else {
			fwrite(line, 1, (size_t)(nl - line), stdout);
		}
	}
	if (first && !json)
		fputs("none", stdout);
}

int cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	dx_index_stats st;
	const char *db = NULL;
	char *dict = NULL;
	char size[32];
	int c, json = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': json = 1; break;
		case 'h': help(stdout); return DX_EXIT_OK;
		default:
			cli_error("stats: %s '%s' (try 'dxsearch stats --help')",
			          c == ':' ? "missing value for" : "unknown option",
			          argv[optind - 1]);
			return DX_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("stats: unexpected argument '%s' (try 'dxsearch stats "
		          "--help')", argv[optind]);
		return DX_EXIT_USAGE;
	}
	db = cli_db_path(db);
	if (dx_index_stats_read(&st, db) < 0 ||
	    dx_index_dict_read(db, &dict) < 0) {
		cli_error("%s", dx_error_last());
		dx_index_stats_free(&st);
		return DX_EXIT_ERROR;
	}
	if (json) {
		fputs("{\"db\": ", stdout);
		cli_json_string(stdout, db);
		printf(", \"articles\": %llu, \"passages\": %llu, "
		       "\"terms\": %llu, \"size_bytes\": %llu, \"updated\": ",
		       (unsigned long long)st.articles,
		       (unsigned long long)st.passages,
		       (unsigned long long)st.terms,
		       (unsigned long long)st.size_bytes);
		if (*st.updated)
			cli_json_string(stdout, st.updated);
		else
			fputs("null", stdout);
		fputs(", \"schema\": ", stdout);
		cli_json_string(stdout, st.schema);
		fputs(", \"dict\": ", stdout);
		cli_json_string(stdout, dict);
		fputs(", \"dictionary\": ", stdout);
		cli_json_string(stdout, st.dictionary);
		fputs(", \"encodings\": {", stdout);
		print_encodings(st.encodings, 1);
		fputs("}}\n", stdout);
	} else {
		human_size(size, sizeof(size), st.size_bytes);
		printf("index       %s\n"
		       "articles    %llu\n"
		       "passages    %llu\n"
		       "terms       %llu\n"
		       "size        %s (%llu bytes)\n"
		       "updated     %s\n"
		       "schema      %s\n"
		       "dict        %s\n"
		       "dictionary  %s\n"
		       "encodings   ", db,
		       (unsigned long long)st.articles,
		       (unsigned long long)st.passages,
		       (unsigned long long)st.terms, size,
		       (unsigned long long)st.size_bytes,
		       *st.updated ? st.updated : "unknown",
		       *st.schema ? st.schema : "none", dict,
		       *st.dictionary ? st.dictionary : "none");
		print_encodings(st.encodings, 0);
		putchar('\n');
	}
	dx_index_stats_free(&st);
	dx_free(dict);
	return DX_EXIT_OK;
}
