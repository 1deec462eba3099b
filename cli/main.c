/* main.c -- dxsearch: dispatch a subcommand.  Nothing else lives here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dxsearch.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "index", cmd_index, "add or update articles (files or folders)" },
	{ "query", cmd_query, "search and print ranked passages" },
	{ "remove", cmd_remove, "remove articles (paths as stored)" },
	{ "stats", cmd_stats, "show what the index holds" },
	{ "serve", cmd_serve, "serve search over HTTP (API, page, widget)" },
	{ "dict", cmd_dict, "add words to the user dictionary" },
};

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("dxsearch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *cli_db_path(const char *opt)
{
	const char *env = getenv("DXSEARCH_DB");

	if (opt && *opt)
		return opt;
	return env && *env ? env : "./dxsearch.db";
}

unsigned long cli_number(const char *opt, const char *arg,
                         unsigned long max)
{
	char *end;
	unsigned long v;

	if (!arg || !*arg || *arg == '-')
		goto bad;
	v = strtoul(arg, &end, 10);
	if (*end || v > max)
		goto bad;
	return v;
bad:
	cli_error("%s: expected a number from 0 to %lu, got '%s'", opt, max,
	          arg ? arg : "");
	exit(DX_EXIT_USAGE);
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: dxsearch <command> [options]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name,
		        commands[i].summary);
	fprintf(out, "\n'dxsearch <command> --help' shows a command's options."
	        "\nThe index is --db DIR, else $DXSEARCH_DB, else "
	        "./dxsearch.db.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return DX_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return DX_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("dxsearch %s\n", dx_version());
		return DX_EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	cli_error("unknown command '%s' (try 'dxsearch --help')", argv[1]);
	return DX_EXIT_USAGE;
}
