/* cmd_index.c -- dxsearch index [--db DIR] [options] PATH...
 *
 * Skips and warnings go to stderr one line each; progress too, on a
 * terminal only; the summary is one line on stderr, or one JSON object on
 * stdout with --json.  Exit 1 when the index fails or when no file at all
 * could be indexed (every file found was skipped). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "dxsearch.h"

typedef struct {
	int    verbose, quiet, tty;
	int    drawn;          /* a progress line is on the screen */
	double start, last;    /* seconds: run start, last progress draw */
} report_ctx;

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void clear_progress(report_ctx *c)
{
	if (c->drawn) {
		fputs("\r\033[K", stderr);
		c->drawn = 0;
	}
}

static void on_report(void *payload, const char *path, int code,
                      const char *message)
{
	report_ctx *c = payload;

	if (c->quiet || (code >= 0 && code != DX_REPORT_WARNING &&
	                 !c->verbose))
		return;
	clear_progress(c);
	if (code < 0)
		fprintf(stderr, "dxsearch: skipped %s: %s\n", path, message);
	else if (code == DX_REPORT_WARNING)
		fprintf(stderr, "dxsearch: %s: %s\n", path, message);
	else if (message)
		fprintf(stderr, "indexed %s (%s)\n", path, message);
	else
		fprintf(stderr, "indexed %s\n", path);
}

/* files, MB, MB/s, ETA; at most 5 times a second. */
static void on_progress(void *payload, const dx_index_progress *p)
{
	report_ctx *c = payload;
	double t = now_s(), el = t - c->start, rate, eta;

	if (!c->tty || c->quiet || p->files_total == 0)
		return;
	if (t - c->last < 0.2 && p->files_done < p->files_total)
		return;
	c->last = t;
	rate = el > 0 ? p->bytes_done / el : 0;
	fprintf(stderr, "\rindexing %zu/%zu files, %.1f/%.1f MB, %.1f MB/s",
	        p->files_done, p->files_total, p->bytes_done / 1048576.0,
	        p->bytes_total / 1048576.0, rate / 1048576.0);
	if (p->bytes_done > 0 && rate > 0) {
		eta = (p->bytes_total - p->bytes_done) / rate;
		fprintf(stderr, ", ETA %d:%02d", (int)eta / 60, (int)eta % 60);
	}
	fputs("\033[K", stderr);
	fflush(stderr);
	c->drawn = 1;
}

/* "20M", "512k", "1G", "1000": bytes (K, M, G are powers of 1024). */
static uint64_t parse_size(const char *arg)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	if (!arg || *arg < '0' || *arg > '9')
		goto bad;
	v = strtoull(arg, &end, 10);
	switch (*end) {
	case 'k': case 'K': mul = 1024; end++; break;
	case 'm': case 'M': mul = 1024 * 1024; end++; break;
	case 'g': case 'G': mul = 1024 * 1024 * 1024; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v == 0 || v > UINT64_MAX / mul)
		goto bad;
	return v * mul;
bad:
	cli_error("--max-file-size: expected a size such as 20M, 512K or "
	          "1000000, got '%s'", arg ? arg : "");
	exit(DX_EXIT_USAGE);
}

static void help(FILE *out)
{
	fputs("usage: dxsearch index [--db DIR] [--rebuild] [--dict NAME|DIR]\n"
	      "                      [--jobs N] [--max-file-size SIZE] [--wait]\n"
	      "                      [--json] [-v] [-q] PATH...\n"
	      "\n"
	      "Index the .md, .html and .txt files under each PATH (a file\n"
	      "or a folder).  Only files changed since the last run are read\n"
	      "(size and modification time, then a content hash); articles\n"
	      "whose files are gone from an indexed folder are removed.\n"
	      "Binary, empty, oversized and unreadable files, broken links\n"
	      "and names that are not UTF-8 are skipped with a reason.\n"
	      "\n"
	      "  --db DIR     the index (default $DXSEARCH_DB or ./dxsearch.db)\n"
	      "  --rebuild    drop every article first (needed after an\n"
	      "               analyzer or dictionary change)\n"
	      "  --dict NAME|DIR  the MeCab dictionary: ipadic (the default,\n"
	      "               mecab-ipadic-utf8), unidic (unidic-mecab) or a\n"
	      "               folder; the index keeps it for later runs and\n"
	      "               queries; another one needs --rebuild\n"
	      "  -j, --jobs N analysis threads (default: one per core)\n"
	      "  --max-file-size SIZE  skip larger files (default 20M)\n"
	      "  --wait       wait for another indexer to finish instead of\n"
	      "               failing\n"
	      "  --json       print the summary as one JSON object on stdout\n"
	      "  -v, --verbose  list each file indexed, with its encoding\n"
	      "  -q, --quiet    no summary, no progress, no skip messages\n",
	      out);
}

/* With --dict: one line when the dictionary is not IPADIC while there is
 * a user dictionary: it is compiled against IPADIC, so it is left out. */
static void userdic_note(const dx_writer *w)
{
	const char *dict = dx_writer_dict(w);
	char *udic = NULL;

	if (strcmp(dict, "ipadic") != 0 && dx_userdic_dir(&udic) == DX_OK &&
	    *udic)
		fprintf(stderr, "dxsearch: note: the user dictionary %s is for "
		        "IPADIC: not used with the dictionary %s\n", udic, dict);
	dx_free(udic);
}

static void add_summary(dx_index_summary *t, const dx_index_summary *s)
{
	size_t i;

	t->indexed += s->indexed;
	t->skipped += s->skipped;
	t->removed += s->removed;
	t->passages += s->passages;
	t->unchanged += s->unchanged;
	t->bytes += s->bytes;
	for (i = 0; i < DX_SKIP_COUNT; i++)
		t->skipped_by[i] += s->skipped_by[i];
}

static void print_json(const dx_index_summary *t, const char *db,
                       double secs, int code, const char *message)
{
	size_t i;

	fputs("{\"db\": ", stdout);
	cli_json_string(stdout, db);
	printf(", \"indexed\": %zu, \"unchanged\": %zu, \"removed\": %zu, "
	       "\"skipped\": %zu, \"skipped_by\": {", t->indexed, t->unchanged,
	       t->removed, t->skipped);
	for (i = 0; i < DX_SKIP_COUNT; i++)
		printf("%s\"%s\": %zu", i ? ", " : "", dx_skip_reason_name((int)i),
		       t->skipped_by[i]);
	printf("}, \"passages\": %zu, \"bytes\": %llu, \"seconds\": %.3f, "
	       "\"error\": ", t->passages, (unsigned long long)t->bytes, secs);
	if (code < 0) {
		fputs("{\"code\": ", stdout);
		cli_json_string(stdout, dx_code_name(code));
		fputs(", \"message\": ", stdout);
		cli_json_string(stdout, message);
		fputs("}}\n", stdout);
	} else {
		fputs("null}\n", stdout);
	}
	fflush(stdout);
}

static void print_human(const dx_index_summary *t, const char *db,
                        double secs)
{
	size_t i;
	int first = 1;

	fprintf(stderr, "indexed %zu files (%zu passages), unchanged %zu, "
	        "skipped %zu", t->indexed, t->passages, t->unchanged,
	        t->skipped);
	for (i = 0; i < DX_SKIP_COUNT; i++) {
		if (!t->skipped_by[i])
			continue;
		fprintf(stderr, "%s%s %zu", first ? " (" : ", ",
		        dx_skip_reason_name((int)i), t->skipped_by[i]);
		first = 0;
	}
	fprintf(stderr, "%s, removed %zu, in %.2f s -> %s\n", first ? "" : ")",
	        t->removed, secs, db);
}

int cmd_index(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rebuild", no_argument, NULL, 'r' },
		{ "dict", required_argument, NULL, 'D' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "max-file-size", required_argument, NULL, 'm' },
		{ "wait", no_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'J' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	dx_writer_options wo = DX_WRITER_OPTIONS_INIT;
	dx_index_summary total, sum;
	report_ctx rc;
	const char *db = NULL;
	dx_writer *w = NULL;
	int c, i, json = 0, wait = 0, nothing, error = DX_OK;
	double secs;

	memset(&rc, 0, sizeof(rc));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":j:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': wo.rebuild = 1; break;
		case 'D': wo.dict_dir = optarg; break;
		case 'j':
			wo.jobs = (unsigned int)cli_number("--jobs", optarg, 256);
			break;
		case 'm': wo.max_file_size = parse_size(optarg); break;
		case 'w': wait = 1; break;
		case 'J': json = 1; break;
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
	rc.tty = isatty(2);
	rc.start = now_s();

	/* Try without waiting first, so that --wait can say it waits. */
	error = dx_writer_open(&w, db, &wo);
	if (error == DX_ELOCKED && wait) {
		if (!rc.quiet)
			fprintf(stderr, "dxsearch: %s: index is locked by another "
			        "indexer; waiting\n", db);
		wo.wait = 1;
		error = dx_writer_open(&w, db, &wo);
	}
	if (error < 0) {
		if (error == DX_ELOCKED)
			cli_error("%s: %s (or use --wait)", db, dx_error_last());
		else
			cli_error("%s: %s", db, dx_error_last());
		if (json) {
			memset(&total, 0, sizeof(total));
			print_json(&total, db, now_s() - rc.start, error,
			           dx_error_last());
		}
		return DX_EXIT_ERROR;
	}
	if (wo.dict_dir && !rc.quiet)
		userdic_note(w);
	dx_writer_set_progress(w, on_progress, &rc);
	memset(&total, 0, sizeof(total));
	for (i = optind; i < argc; i++) {
		error = dx_writer_add_path(w, argv[i], &sum, on_report, &rc);
		add_summary(&total, &sum);
		if (error < 0) {
			clear_progress(&rc);
			cli_error("%s", dx_error_last());
			break;
		}
	}
	clear_progress(&rc);
	if (dx_writer_close(w) < 0 && error == DX_OK) {
		error = DX_ERROR;
		cli_error("%s: %s", db, dx_error_last());
	}
	secs = now_s() - rc.start;
	nothing = error == DX_OK && total.indexed + total.unchanged == 0 &&
	          total.skipped > 0;
	if (json)
		print_json(&total, db, secs, nothing ? DX_ERROR : error,
		           nothing ? "nothing could be indexed" : dx_error_last());
	else if (!rc.quiet && error == DX_OK)   /* else: not committed */
		print_human(&total, db, secs);
	if (nothing)
		cli_error("nothing could be indexed (%zu file%s skipped)",
		          total.skipped, total.skipped > 1 ? "s" : "");
	return error < 0 || nothing ? DX_EXIT_ERROR : DX_EXIT_OK;
}
