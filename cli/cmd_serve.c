/*
 * cmd_serve.c -- dxsearch serve [--db DIR] [--listen HOST:PORT]
 *                [--allow-origin ORIGIN]... [--access-log FILE|-]
 *                [--base-url URL] [--threads N] [--max-connections N]
 *                [--timeout SECONDS] [--cache-size N] [--max-stale MS]
 *
 * Opens the index once to fail early (exit 1) when it is missing or
 * stale, starts the HTTP server (server/server.h) and waits for SIGTERM
 * or SIGINT, then stops gracefully: no new connections, requests in
 * flight finish (up to 5 s).  The signals are blocked before the server
 * starts, so its threads inherit the mask and only sigwait() sees them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "dxsearch.h"
#include "server.h"

#define MAX_ORIGINS 32

static void help(FILE *out)
{
	fputs("usage: dxsearch serve [--db DIR] [--listen HOST:PORT] [options]\n"
	      "\n"
	      "Serve search over HTTP: /api/search?q=… (JSON), / (search page),\n"
	      "/widget.js (instant search for a site's own search box),\n"
	      "/healthz.  Stops gracefully on SIGTERM or Ctrl-C.\n"
	      "\n"
	      "  --listen HOST:PORT     address (default 127.0.0.1:8080; port 0:\n"
	      "                         any free port)\n"
	      "  --allow-origin ORIGIN  allow the API to be called from this site\n"
	      "                         (CORS), e.g. https://www.city.example.jp;\n"
	      "                         repeatable; '*' allows any site\n"
	      "  --access-log FILE|-    one line per request (no queries logged)\n"
	      "  --base-url URL         link hits without a url to URL + path\n"
	      "  --threads N            worker threads (default: 2 per CPU, at least 4)\n"
	      "  --max-connections N    open connections at most (default 512)\n"
	      "  --timeout SECONDS      idle connection timeout (default 15)\n"
	      "  --cache-size N         keep the last N /api/search answers\n"
	      "                         (default 1024; 0: off)\n"
	      "  --max-stale MS         after a commit, answer a cached query from\n"
	      "                         before it for up to MS milliseconds while it\n"
	      "                         is searched again in the background (default\n"
	      "                         1000; 0: never, search it at once)\n",
	      out);
}

/* "scheme://host[:port]" with no path: what browsers send as Origin. */
static int valid_origin(const char *o)
{
	const char *host;

	if (!strcmp(o, "*"))
		return 1;
	if (!strncasecmp(o, "https://", 8))
		host = o + 8;
	else if (!strncasecmp(o, "http://", 7))
		host = o + 7;
	else
		return 0;
	return *host && !strpbrk(host, "/?# \t");
}

int cmd_serve(int argc, char **argv)
{
	dx_server_config cfg;
	const char *origins[MAX_ORIGINS];
	const char *log_path = NULL;
	dx_server *srv = NULL;
	dx_index *idx = NULL;
	FILE *log = NULL;
	sigset_t set;
	char err[512];
	int i, sig = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.allow_origins = origins;
	cfg.cache_entries = DX_SERVER_CACHE_DEFAULT;
	cfg.max_stale_ms = DX_SERVER_MAX_STALE_DEFAULT;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = NULL, *v;
		size_t n;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			help(stdout);
			return DX_EXIT_OK;
		}
		if (strncmp(a, "--", 2)) {
			cli_error("serve: unexpected argument '%s' (try "
			          "'dxsearch serve --help')", a);
			return DX_EXIT_USAGE;
		}
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a) : strlen(a);
#define IS(name) (n == strlen(name) && !strncmp(a, name, n))
		if (!IS("--db") && !IS("--listen") && !IS("--allow-origin") &&
		    !IS("--access-log") && !IS("--base-url") &&
		    !IS("--threads") && !IS("--max-connections") &&
		    !IS("--timeout") && !IS("--cache-size") &&
		    !IS("--max-stale")) {
			cli_error("serve: unknown option '%s' (try 'dxsearch "
			          "serve --help')", a);
			return DX_EXIT_USAGE;
		}
		if (eq)
			v = eq + 1;
		else if (i + 1 < argc)
			v = argv[++i];
		else {
			cli_error("serve: %s needs a value", a);
			return DX_EXIT_USAGE;
		}
		if (IS("--db")) {
			cfg.db = v;
		} else if (IS("--listen")) {
			cfg.listen = v;
		} else if (IS("--allow-origin")) {
			if (!valid_origin(v)) {
				cli_error("serve: --allow-origin %s: expected '*' or "
				          "an origin such as https://www.example.jp", v);
				return DX_EXIT_USAGE;
			}
			if (cfg.n_allow_origins == MAX_ORIGINS) {
				cli_error("serve: at most %d --allow-origin",
				          MAX_ORIGINS);
				return DX_EXIT_USAGE;
			}
			origins[cfg.n_allow_origins++] = v;
		} else if (IS("--access-log")) {
			log_path = v;
		} else if (IS("--base-url")) {
			if (strncasecmp(v, "http://", 7) &&
			    strncasecmp(v, "https://", 8) && v[0] != '/') {
				cli_error("serve: --base-url %s: expected an http(s) "
				          "URL or a path starting with /", v);
				return DX_EXIT_USAGE;
			}
			cfg.base_url = v;
		} else if (IS("--threads")) {
			cfg.threads = (unsigned int)cli_number("--threads", v, 256);
		} else if (IS("--max-connections")) {
			cfg.max_connections = (unsigned int)cli_number(
				"--max-connections", v, 100000);
		} else if (IS("--cache-size")) {
			cfg.cache_entries = cli_number("--cache-size", v, 1000000);
		} else if (IS("--max-stale")) {
			cfg.max_stale_ms = (unsigned int)cli_number("--max-stale",
			                                            v, 3600000);
		} else {
			cfg.timeout_s = (unsigned int)cli_number("--timeout", v,
			                                         3600);
		}
#undef IS
	}
	cfg.db = cli_db_path(cfg.db);

	/* Fail now, not on the first request, if the index is unusable. */
	if (dx_index_open(&idx, cfg.db, NULL) < 0) {
		cli_error("%s", dx_error_last());
		return DX_EXIT_ERROR;
	}
	dx_index_free(idx);

	if (log_path) {
		log = strcmp(log_path, "-") ? fopen(log_path, "a") : stdout;
		if (!log) {
			cli_error("serve: --access-log %s: cannot open", log_path);
			return DX_EXIT_ERROR;
		}
		cfg.access_log = log;
	}

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (dx_server_start(&srv, &cfg, err, sizeof(err)) < 0) {
		cli_error("serve: %s", err);
		if (log && log != stdout)
			fclose(log);
		return strncmp(err, "--listen", 8) ? DX_EXIT_ERROR
		                                   : DX_EXIT_USAGE;
	}
	{
		const char *l = cfg.listen ? cfg.listen : "127.0.0.1:8080";
		const char *colon = strrchr(l, ':');
		fprintf(stderr, "dxsearch serve: listening on http://%.*s:%u/ "
		        "(index %s)\n", (int)(colon - l), l,
		        dx_server_port(srv), cfg.db);
	}
	if (sigwait(&set, &sig) != 0)
		sig = SIGTERM;
	fprintf(stderr, "dxsearch serve: %s: shutting down\n",
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	dx_server_stop(srv, 5000);
	if (log && log != stdout)
		fclose(log);
	return DX_EXIT_OK;
}
