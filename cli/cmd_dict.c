/* cmd_dict.c -- dxsearch dict add|build|path: the user dictionary of
 * domain words (see dx_userdic_add() in dxsearch.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dxsearch.h"

static void help(FILE *out)
{
	fputs("usage: dxsearch dict add [--dict-dir DIR] WORD [READING]\n"
	      "       dxsearch dict build [--dict-dir DIR]\n"
	      "       dxsearch dict path\n"
	      "\n"
	      "The user dictionary: domain words MeCab keeps whole.\n"
	      "  add    add WORD as a noun (READING in kana; default: from\n"
	      "         IPADIC) to DIR/user.csv and recompile DIR/user.dic\n"
	      "  build  recompile DIR/user.dic from DIR/user.csv (after\n"
	      "         editing it by hand)\n"
	      "  path   print the folder in use\n"
	      "\n"
	      "  --dict-dir DIR  the dictionary folder (default\n"
	      "                  $DXSEARCH_USERDIC, else the one in use);\n"
	      "                  index and query use it only with\n"
	      "                  DXSEARCH_USERDIC=DIR\n"
	      "\n"
	      "A changed dictionary makes existing indexes stale: re-index\n"
	      "them with 'dxsearch index --rebuild'.\n", out);
}

/* After a failure to write `dir`: the error, and how to use a copy. */
static int write_failed(const char *what)
{
	cli_error("dict %s: %s", what, dx_error_last());
	if (dx_error_last() && strstr(dx_error_last(), "ermission"))
		cli_error("dict %s: use a copy of your own: --dict-dir DIR and "
		          "DXSEARCH_USERDIC=DIR", what);
	return DX_EXIT_ERROR;
}

static int stale_note(const char *dir)
{
	const char *env = getenv("DXSEARCH_USERDIC");
	char *in_use = NULL;

	dx_userdic_dir(&in_use);
	if (!in_use || strcmp(in_use, dir) != 0)
		fprintf(stderr, "dxsearch: note: index and query use %s, not "
		        "%s: set DXSEARCH_USERDIC=%s\n",
		        in_use && *in_use ? in_use :
		        env && *env ? env : "no user dictionary", dir, dir);
	else
		fputs("Indexes built before are now stale: re-index them "
		      "with 'dxsearch index --rebuild'.\n", stdout);
	dx_free(in_use);
	return DX_EXIT_OK;
}

int cmd_dict(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dict-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *opt_dir = NULL, *verb;
	char *dir = NULL, *line = NULL;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt_dir = optarg; break;
		case 'h': help(stdout); return DX_EXIT_OK;
		default:
			cli_error("dict: %s '%s' (try 'dxsearch dict --help')",
			          c == ':' ? "missing value for" : "unknown option",
			          argv[optind - 1]);
			return DX_EXIT_USAGE;
		}
	}
	verb = optind < argc ? argv[optind++] : "";
	if (opt_dir && *opt_dir)
		dir = strdup(opt_dir);
	else
		dx_userdic_dir(&dir);
	if (!strcmp(verb, "path") && optind == argc) {
		printf("%s\n", dir && *dir ? dir : "(none)");
		rc = DX_EXIT_OK;
	} else if (!strcmp(verb, "build") && optind == argc) {
		rc = dx_userdic_build(dir && *dir ? dir : NULL) < 0 ?
		     write_failed("build") : stale_note(dir);
	} else if (!strcmp(verb, "add") && (argc - optind == 1 ||
	                                    argc - optind == 2)) {
		if (dx_userdic_add(dir && *dir ? dir : NULL, argv[optind],
		                   argc - optind == 2 ? argv[optind + 1] : NULL,
		                   &line) < 0)
			rc = write_failed("add");
		else if (!line) {
			printf("'%s' is already in %s/user.csv\n", argv[optind],
			       dir);
			rc = DX_EXIT_OK;
		} else {
			printf("added to %s/user.csv: %s\n", dir, line);
			rc = stale_note(dir);
		}
	} else {
		cli_error("dict: expected 'add WORD [READING]', 'build' or "
		          "'path' (try 'dxsearch dict --help')");
		rc = DX_EXIT_USAGE;
	}
	dx_free(line);
	free(dir);
	return rc;
}
