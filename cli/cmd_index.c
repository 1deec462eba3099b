/* cmd_index.c -- dxsearch index [--db DIR] [--rebuild] [-v] [-q] PATH... */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "dxsearch.h"

typedef struct {
	int verbose, quiet;
} report_ctx;

static void on_report(void *payload, const char *path, int code,
                      const char *message)
{
	report_ctx *c = payload;

	if (code < 0 && !c->quiet)
		fprintf(stderr, "dxsearch: skipped %s: %s\n", path, message);
	else if (code == 0 && c->verbose)
		fprintf(stderr, "indexed %s\n", path);
}

static void help(FILE *out)
{
	fputs("usage: dxsearch index [--db DIR] [--rebuild] [-v] [-q] PATH...\n"
	      "\n"
	      "Index the .md, .html and .txt files under each PATH (a file\n"
	      "or a folder).  Re-indexing a file replaces its passages;\n"
	      "articles whose files are gone from an indexed folder are\n"
	      "removed.\n"
	      "\n"
	      "  --db DIR     the index (default $DXSEARCH_DB or ./dxsearch.db)\n"
	      "  --rebuild    drop every article first (needed after an\n"
	      "               analyzer or dictionary change)\n"
	      "  -v, --verbose  list each file indexed\n"
	      "  -q, --quiet    no summary, no skip messages\n", out);
}

int cmd_index(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rebuild", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	dx_writer_options wo = DX_WRITER_OPTIONS_INIT;
	dx_index_summary total, sum;
	report_ctx rc = { 0, 0 };
	const char *db = NULL;
	dx_writer *w = NULL;
	struct timespec t0, t1;
	int c, i, error = DX_OK;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': wo.rebuild = 1; break;
		case 'v': rc.verbose = 1; break;
		case 'q': rc.quiet = 1; break;
		case 'h': help(stdout); return DX_EXIT_OK;
		default:
			cli_error("index: %s '%s' (try 'dxsearch index --help')",
			          c == ':' ? "missing value for" : "unknown option",
			          argv[optind - 1]);
			return DX_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("index: no PATH given (try 'dxsearch index corpus/')");
		return DX_EXIT_USAGE;
	}
	db = cli_db_path(db);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((error = dx_writer_open(&w, db, &wo)) < 0) {
		cli_error("%s: %s", db, dx_error_last());
		return DX_EXIT_ERROR;
	}
	memset(&total, 0, sizeof(total));
	for (i = optind; i < argc; i++) {
		error = dx_writer_add_path(w, argv[i], &sum, on_report, &rc);
		total.indexed += sum.indexed;
		total.skipped += sum.skipped;
		total.removed += sum.removed;
		total.passages += sum.passages;
		if (error < 0) {
			cli_error("%s", dx_error_last());
			break;
		}
	}
	if (dx_writer_close(w) < 0 && error == DX_OK) {
		cli_error("%s: %s", db, dx_error_last());
		error = DX_ERROR;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!rc.quiet)
		fprintf(stderr,
		        "indexed %zu files (%zu passages), skipped %zu, "
		        "removed %zu, in %.2f s -> %s\n",
		        total.indexed, total.passages, total.skipped,
		        total.removed,
		        (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		        db);
	return error < 0 ? DX_EXIT_ERROR : DX_EXIT_OK;
}
