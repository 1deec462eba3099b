/*
 * cli.h -- shared bits of the dxsearch command line.  The CLI uses only
 * the public API (dxsearch.h).
 */
#ifndef DX_CLI_H
#define DX_CLI_H

#include <stdio.h>

#define DX_EXIT_OK    0
#define DX_EXIT_ERROR 1
#define DX_EXIT_USAGE 2

/* "dxsearch: <fmt>\n" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --db, else $DXSEARCH_DB, else ./dxsearch.db */
const char *cli_db_path(const char *opt);

/* Parse a non-negative integer option; exits with DX_EXIT_USAGE on junk. */
unsigned long cli_number(const char *opt, const char *arg,
                         unsigned long max);

/* Write s (UTF-8; NULL: "") as a JSON string literal. */
void cli_json_string(FILE *f, const char *s);

int cmd_index(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_dict(int argc, char **argv);

#endif
