/*
 * server.h -- dxsearch's HTTP server (libmicrohttpd): the HTTP contract
 * of DESIGN.md.
 *
 *   GET /api/search?q=&limit=&offset=&per_article=   result JSON
 *   GET /            search page (server-rendered, no JavaScript needed)
 *   GET /widget.js   embeddable instant-search box;  GET /style.css
 *   GET /healthz     {"status":"ok","documents":N,"version":…,
 *                     "cache":{"capacity","entries","bytes","hits",
 *                     "misses","stale","refreshes","stale_max_ms",
 *                     "max_stale_ms"}}
 *
 * Parameters: q is required, valid UTF-8, at most DX_SERVER_MAX_QUERY
 * characters; limit 1..100 (default 10); offset 0..1000 (default 0);
 * per_article 0..100 (default 1; 0: no collapsing); on the page, page
 * 1..101.  A bad value is a 400 with {"error":{"code","message"}}.
 *
 * Threads: a pool of worker threads, each with its own dx_index opened
 * lazily on its first request (a dx_index is one thread at a time).
 * dx_search() reopens the Xapian database on every call, so commits of a
 * running `dxsearch index` are seen without a restart.  /api/search
 * answers a request it answered before on the same index revision from
 * the result cache (cache.h), with its own took_ms; after a commit, for
 * up to max_stale_ms, with the answer from before it while one
 * background thread (the refresher) searches it again.  The refresher
 * also looks for new commits a few times a second, so that the time
 * counts from the commit, not from the next request.  The header
 * X-Cache tells which: hit, stale or miss.
 *
 * Ownership: dx_server_start() returns a server the caller stops (and
 * frees) with dx_server_stop().  The configuration's strings and FILE
 * must outlive the server.
 */
#ifndef DX_SERVER_H
#define DX_SERVER_H

#include <stddef.h>
#include <stdio.h>

#define DX_SERVER_MAX_QUERY   256    /* characters in q */
#define DX_SERVER_MAX_LIMIT   100
#define DX_SERVER_MAX_OFFSET  1000

typedef struct dx_server dx_server;

typedef struct {
	const char         *db;              /* index path (required) */
	const char         *listen;          /* "HOST:PORT"; NULL: 127.0.0.1:8080 */
	unsigned int        threads;         /* workers; 0: 2 per CPU, >= 4 */
	unsigned int        max_connections; /* 0: 512 */
	unsigned int        timeout_s;       /* idle timeout; 0: 15 s */
	const char *const  *allow_origins;   /* CORS origins; "*": any */
	size_t              n_allow_origins;
	FILE               *access_log;      /* one line per request; NULL: off */
	const char         *base_url;        /* link for hits without a url:
	                                        base_url + path; NULL: none */
	size_t              cache_entries;   /* result cache (cache.h): bodies
	                                        at most, and
	                                        DX_SERVER_CACHE_ENTRY_BYTES
	                                        each on average; 0: none */
	unsigned int        max_stale_ms;    /* after a commit, a cached answer
	                                        from before it is served for
	                                        up to this long while a
	                                        background thread searches it
	                                        again; 0: never */
} dx_server_config;

#define DX_SERVER_CACHE_DEFAULT     1024         /* dxsearch serve's */
#define DX_SERVER_CACHE_ENTRY_BYTES (64 * 1024)
#define DX_SERVER_MAX_STALE_DEFAULT 1000         /* ms, dxsearch serve's */

/*
 * Bind and start serving.  Returns 0, or -1 with a one-line reason in
 * err (e.g. "cannot listen on 127.0.0.1:8080: address in use").
 */
int dx_server_start(dx_server **out, const dx_server_config *cfg,
                    char *err, size_t errlen);

/* The port actually bound (useful with port 0). */
unsigned int dx_server_port(const dx_server *s);

/*
 * Graceful stop: stop accepting, let requests in flight finish (up to
 * grace_ms; responses meanwhile carry "Connection: close"), then close
 * everything and free `s`.  NULL: no-op.
 */
void dx_server_stop(dx_server *s, unsigned int grace_ms);

#endif
