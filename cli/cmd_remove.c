/* cmd_remove.c -- dxsearch remove [--db DIR] [--wait] [-q] PATH...
 *
 * PATH is a path as stored (as `dxsearch query` shows it): one article,
 * or a folder, whose articles are all removed.  A PATH not in the index
 * is an error (exit 1) after the others are removed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dxsearch.h"

static void help(FILE *out)
{
	fputs("usage: dxsearch remove [--db DIR] [--wait] [-q] PATH...\n"
	      "\n"
	      "Remove articles from the index: PATH as stored (as shown by\n"
	      "'dxsearch query'), an article or a folder of them.  The files\n"
	      "themselves are not touched.\n"
	      "\n"
	      "  --db DIR     the index (default $DXSEARCH_DB or ./dxsearch.db)\n"
	      "  --wait       wait for a running indexer instead of failing\n"
	      "  -q, --quiet  no summary\n", out);
}

int cmd_remove(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "wait", no_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	dx_writer_options wo = DX_WRITER_OPTIONS_INIT;
	const char *db = NULL;
	dx_writer *w = NULL;
	size_t removed = 0, n;
	int c, i, quiet = 0, status = DX_EXIT_OK, error;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'w': wo.wait = 1; break;
		case 'q': quiet = 1; break;
		case 'h': help(stdout); return DX_EXIT_OK;
		default:
			cli_error("remove: %s '%s' (try 'dxsearch remove --help')",
			          c == ':' ? "missing value for" : "unknown option",
			          argv[optind - 1]);
			return DX_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("remove: no PATH given (try 'dxsearch remove "
		          "corpus/old.md')");
		return DX_EXIT_USAGE;
	}
	db = cli_db_path(db);
	wo.no_create = 1;
	if ((error = dx_writer_open(&w, db, &wo)) < 0) {
		if (error == DX_ELOCKED)
			cli_error("%s: %s (or use --wait)", db, dx_error_last());
		else
			cli_error("%s: %s", db, dx_error_last());
		return DX_EXIT_ERROR;
	}
	for (i = optind; i < argc; i++) {
		char *path = strdup(argv[i]);
		size_t len = strlen(path);

		if (!path) {
			cli_error("out of memory");
			status = DX_EXIT_ERROR;
			break;
		}
		while (len > 1 && path[len - 1] == '/')
			path[--len] = '\0';
		error = dx_writer_remove(w, path);
		if (error == DX_OK) {
			removed++;
		} else if (error == DX_ENOTFOUND) {
			/* Not an article: maybe a folder of them. */
			error = dx_writer_remove_under(w, path, &n);
			removed += n;
			if (error == DX_OK && n == 0) {
				cli_error("%s: not in the index", path);
				status = DX_EXIT_ERROR;
			}
		}
		free(path);
		if (error < 0) {
			cli_error("%s", dx_error_last());
			status = DX_EXIT_ERROR;
			break;
		}
	}
	if (dx_writer_close(w) < 0 && status == DX_EXIT_OK) {
		cli_error("%s: %s", db, dx_error_last());
		status = DX_EXIT_ERROR;
	}
	if (!quiet)
		fprintf(stderr, "removed %zu article%s -> %s\n", removed,
		        removed == 1 ? "" : "s", db);
	return status;
}
