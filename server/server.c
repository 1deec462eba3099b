/*
 * server.c -- the HTTP layer: libmicrohttpd daemon, routing, parameter
 * checks, security headers, CORS, the access log and graceful stop.  See
 * server.h for the contract.
 *
 * Request handling runs on libmicrohttpd's worker threads (a thread pool
 * over epoll/poll).  Each worker keeps its own dx_index in a pthread key,
 * opened on the thread's first search and freed by the key's destructor
 * when the thread ends; a worker whose index failed in a way a reopen may
 * cure (anything but a bad query) drops it and opens a fresh one on its
 * next request.
 *
 * Only GET and HEAD (and OPTIONS for CORS preflight) are accepted; the
 * access handler's first call (headers only) refuses other methods (405)
 * and any request with a body (413) at once, so no upload data is ever
 * buffered; the others are answered on the second call, when the request
 * is complete, which keeps the connection alive for the next one.
 * Request line and headers are bounded by the connection memory limit
 * (libmicrohttpd answers 414/431 past it).
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include <dxsearch.h>

#include "assets.h"
#include "cache.h"
#include "page.h"
#include "text.h"

#define CONN_MEMORY_LIMIT (32 * 1024)   /* request line + headers */

struct dx_server {
	struct MHD_Daemon *mhd;
	dx_server_config   cfg;
	pthread_key_t      idx_key;       /* this worker's dx_index */
	pthread_mutex_t    log_lock;      /* access log lines */
	atomic_int         stopping;      /* 1: answer with Connection: close */
	unsigned int       port;
	dx_cache          *cache;         /* /api/search bodies; NULL: off */
	/* the refresher: searches stale answers again (route_api() queues
	 * them) and looks for commits; only with a cache that serves stale
	 * answers */
	pthread_t          refresher;
	int                refresher_on;
	pthread_mutex_t    jobs_lock;
	pthread_cond_t     jobs_cond;
	struct job        *jobs, *jobs_tail;
	size_t             njobs;
	int                jobs_stop;
};

/* A stale answer to search again: the request as route_api() searched
 * it, and the claim's state. */
typedef struct job {
	struct job        *next;
	dx_search_options  so;
	char              *q;             /* romaji already as kana */
	char              *key;
	size_t             klen;
	dx_cache_at        at;            /* at.uuid points to uuid */
	char               uuid[64];
} job;

#define MAX_JOBS 1024     /* queued refreshes at most: more are dropped */

/* What one request produced, for the response and the access log. */
typedef struct {
	unsigned int status;
	const char  *type;       /* Content-Type */
	char        *body;       /* malloc'ed, or NULL with `fixed` */
	const void  *fixed;      /* static body (assets) */
	size_t       len;
	int          page;       /* 1: HTML page (gets the CSP) */
	int          cors;       /* 1: CORS headers allowed on this route */
	const char  *cache;      /* Cache-Control */
	const char  *xcache;     /* X-Cache: hit, stale or miss; or NULL */
	char         msg[512];   /* the error message, as plain text */
} reply;

/* ---- small helpers ------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* {"error":{"code":…,"message":…}} */
static void set_error(reply *r, unsigned int status, const char *code,
                      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_error(reply *r, unsigned int status, const char *code,
                      const char *fmt, ...)
{
	dx_sb b = DX_SB_INIT;
	char *msg = r->msg;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	/* A message cut inside a UTF-8 sequence would make invalid JSON. */
	{
		size_t n = strlen(msg), i = n;
		unsigned char lead;

		while (i > 0 && ((unsigned char)msg[i - 1] & 0xC0) == 0x80)
			i--;
		if (i > 0 && (lead = (unsigned char)msg[i - 1]) >= 0xC0 &&
		    n - (i - 1) < (lead >= 0xF0 ? 4u : lead >= 0xE0 ? 3u : 2u))
			msg[i - 1] = '\0';
	}
	dx_sb_puts(&b, "{\"error\":{\"code\":");
	dx_sb_json(&b, code);
	dx_sb_puts(&b, ",\"message\":");
	dx_sb_json(&b, msg);
	dx_sb_puts(&b, "}}");
	free(r->body);
	r->status = status;
	r->type = "application/json; charset=utf-8";
	r->len = b.len;
	r->body = dx_sb_detach(&b);
	r->fixed = NULL;
	r->page = 0;
}

/*
 * Query-string unescaping for libmicrohttpd: "%HH" and "+" (a space, as
 * HTML forms send it).  Never lengthens `s`; may leave NUL bytes, which
 * the parameter checks reject.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s;
	const char *r = s;

	(void)cls;
	(void)c;
	while (*r) {
		if (*r == '+') {
			*w++ = ' ';
			r++;
		} else if (r[0] == '%' && r[1] && r[2] &&
		           strchr("0123456789abcdefABCDEF", r[1]) &&
		           strchr("0123456789abcdefABCDEF", r[2])) {
			char hex[3] = { r[1], r[2], 0 };
			*w++ = (char)strtol(hex, NULL, 16);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("dxsearch: serve: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (!*fmt || fmt[strlen(fmt) - 1] != '\n')
		fputc('\n', stderr);
}

/* The dx_index of this worker thread, opened on first use. */
static dx_index *thread_index(dx_server *s, int *error)
{
	dx_index *idx = pthread_getspecific(s->idx_key);

	*error = DX_OK;
	if (idx)
		return idx;
	if ((*error = dx_index_open(&idx, s->cfg.db, NULL)) < 0)
		return NULL;
	pthread_setspecific(s->idx_key, idx);
	return idx;
}

/* Forget this worker's index after a failure a reopen may cure. */
static void drop_thread_index(dx_server *s)
{
	dx_index *idx = pthread_getspecific(s->idx_key);

	pthread_setspecific(s->idx_key, NULL);
	dx_index_free(idx);
}

static void free_index(void *p)
{
	dx_index_free(p);
}

/* ---- parameters ---------------------------------------------------- */

/*
 * Look up query parameter `name`.  Returns 1 and sets *out and *len when it
 * is present (a bare "?name" gives ""), 0 when absent.
 */
static int param(struct MHD_Connection *c, const char *name,
                 const char **out, size_t *len)
{
	const char *v = NULL;
	size_t n = 0;

	if (MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, name,
	                                  strlen(name), &v, &n) != MHD_YES)
		return 0;
	*out = v ? v : "";
	*len = v ? n : 0;
	return 1;
}

/* An optional integer parameter in [lo, hi]; 0 on success, else -1
 * with `r` set to a 400. */
static int num_param(struct MHD_Connection *c, reply *r, const char *name,
                     unsigned long lo, unsigned long hi, unsigned long *out)
{
	const char *v;
	size_t n, i;
	unsigned long x = 0;

	if (!param(c, name, &v, &n))
		return 0;                    /* absent: keep the default */
	if (n == 0 || n > 9)
		goto bad;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			goto bad;
		x = x * 10 + (unsigned long)(v[i] - '0');
	}
	if (x < lo || x > hi)
		goto bad;
	*out = x;
	return 0;
bad:
	set_error(r, 400, "invalid_argument",
	          "%s: expected a whole number from %lu to %lu", name, lo, hi);
	return -1;
}

/* The optional sort parameter: "relevance" (the default) or "date";
 * 0 on success, else -1 with `r` set to a 400. */
static int sort_param(struct MHD_Connection *c, reply *r, int *out)
{
	const char *v;
	size_t n;

	if (!param(c, "sort", &v, &n))
		return 0;
	if (n == 9 && !memcmp(v, "relevance", 9))
		*out = DX_SORT_RELEVANCE;
	else if (n == 4 && !memcmp(v, "date", 4))
		*out = DX_SORT_DATE;
	else {
		set_error(r, 400, "invalid_argument",
		          "sort: expected 'relevance' or 'date'");
		return -1;
	}
	return 0;
}

/*
 * The q parameter: present, valid UTF-8 without control characters, not
 * blank, at most DX_SERVER_MAX_QUERY characters.  Returns 1 (q set),
 * 0 when it is absent or empty (if `required`, r is a 400), -1 when it
 * is invalid (r is a 400).
 */
static int query_param(struct MHD_Connection *c, reply *r, int required,
                       const char **q)
{
	const char *v;
	size_t n, i, chars;

	if (!param(c, "q", &v, &n))
		n = 0, v = "";
	for (i = 0; i < n && (v[i] == ' ' || v[i] == '\t'); i++)
		;
	if (i == n) {
		if (required)
			set_error(r, 400, "invalid_query",
			          "q: the query is missing or empty");
		return required ? -1 : 0;
	}
	if (strlen(v) != n || !dx_text_valid(v, n)) {
		set_error(r, 400, "invalid_query",
		          "q: not valid UTF-8 text (control characters or "
		          "bad bytes)");
		return -1;
	}
	chars = dx_text_chars(v, n);
	if (chars > DX_SERVER_MAX_QUERY) {
		set_error(r, 400, "invalid_query",
		          "q: too long (%zu characters; at most %d)", chars,
		          DX_SERVER_MAX_QUERY);
		return -1;
	}
	*q = v;
	return 1;
}

/*
 * Run a search on this worker's index.  DX_EMODIFIED (the index moved
 * on twice under the reader, which the shim already retried once) is
 * retried here; other failures except a bad query drop the worker's
 * index so the next request starts from a fresh open.  On failure the
 * library's message is copied to msg (before the index is dropped).
 */
static int run_search(dx_server *s, dx_result **res, const char *q,
                      const dx_search_options *so, char *msg, size_t cap)
{
	int error = DX_OK, attempt;

	for (attempt = 0; attempt < 3; attempt++) {
		dx_index *idx = thread_index(s, &error);

		if (!idx)
			break;
		error = dx_search(res, idx, q, strlen(q), so);
		if (error != DX_EMODIFIED)
			break;
	}
	if (error < 0) {
		snprintf(msg, cap, "%s", dx_error_last());
		if (error != DX_EQUERY && error != DX_EINVAL)
			drop_thread_index(s);
	}
	return error;
}

/* ---- the result cache (cache.h) ------------------------------------ */

/* The state of the index this thread searches, to cache under (into
 * at, its UUID into uuid): its UUID and revision and the revision of
 * the term list its next search uses (older for a moment after a
 * commit: its results are cached apart).  1, or 0: no cache, no index,
 * or an index of shards with no one revision. */
static int cache_state(dx_server *s, dx_cache_at *at, char *uuid,
                       size_t cap)
{
	dx_index *idx;
	int error;

	memset(at, 0, sizeof(*at));
	at->uuid = uuid;
	uuid[0] = '\0';
	if (!s->cache || !(idx = thread_index(s, &error)) ||
	    dx_index_revision(idx, &at->rev, uuid, cap) != DX_OK ||
	    dx_index_term_list_revision(idx, &at->terms) != DX_OK)
		return 0;
	/* the time the state was read: after a slow reopen, not before it
	 * (a stale answer's age would be short by the reopen) */
	at->now_ms = now_ms();
	return 1;
}

/* Search and render the body to cache under `at`, as route_api() does. */
static int search_body(dx_server *s, const char *q,
                       const dx_search_options *so, char **body,
                       size_t *len, char *msg, size_t cap)
{
	dx_result *res = NULL;
	int error = run_search(s, &res, q, so, msg, cap);

	*body = NULL;
	*len = 0;
	if (error == DX_OK) {
		*body = dx_result_json(res, q);
		*len = strlen(*body);
	}
	dx_result_free(res);
	return error;
}

/* Cache a body searched at state `at` if it is of that state: no commit
 * came in meanwhile and the search did not move to a newer term list;
 * else end the claim. */
static void cache_body(dx_server *s, const dx_cache_at *at,
                       const char *key, size_t klen, const char *body,
                       size_t len)
{
	dx_cache_at now;
	char uuid[64];

	if (!cache_state(s, &now, uuid, sizeof(uuid))) {
		dx_cache_release(s->cache, at, key, klen);
		return;
	}
	if (body && now.rev == at->rev && now.terms == at->terms &&
	    !strcmp(now.uuid, at->uuid)) {
		dx_cache_put(s->cache, at, key, klen, body, len);
		return;
	}
	dx_cache_release(s->cache, at, key, klen);
	dx_cache_note(s->cache, &now);     /* a commit came in: say so now */
}

/* ---- the refresher ------------------------------------------------- */

static void job_free(job *j)
{
	if (j) {
		free(j->q);
		free(j->key);
		free(j);
	}
}

/* Queue a refresh of key (route_api() got DX_CACHE_REFRESH); 0, or -1
 * when it cannot be queued (then the caller ends the claim). */
static int queue_refresh(dx_server *s, const char *q,
                         const dx_search_options *so, const char *key,
                         size_t klen, const dx_cache_at *at)
{
	job *j = calloc(1, sizeof(*j));
	int queued = 0;

	if (!j || !(j->q = strdup(q)) || !(j->key = malloc(klen))) {
		job_free(j);
		return -1;
	}
	memcpy(j->key, key, klen);
	j->klen = klen;
	j->so = *so;
	j->at = *at;
	snprintf(j->uuid, sizeof(j->uuid), "%s", at->uuid);
	j->at.uuid = j->uuid;
	pthread_mutex_lock(&s->jobs_lock);
	if (s->refresher_on && !s->jobs_stop && s->njobs < MAX_JOBS) {
		if (s->jobs_tail)
			s->jobs_tail->next = j;
		else
			s->jobs = j;
		s->jobs_tail = j;
		s->njobs++;
		queued = 1;
		pthread_cond_signal(&s->jobs_cond);
	}
	pthread_mutex_unlock(&s->jobs_lock);
	if (!queued)
		job_free(j);
	return queued ? 0 : -1;
}

/* Search a queued key again at the latest commit and cache the body
 * (or end its claim). */
static void refresh(dx_server *s, job *j)
{
	dx_cache_at at;
	char uuid[64], msg[512], *body = NULL;
	size_t len;

	/* Not if its stale answer may no longer be served (the refresher
	 * is behind: a request searches it itself), nor if a request's miss
	 * has already brought it up to date. */
	if (!cache_state(s, &at, uuid, sizeof(uuid)) ||
	    at.now_ms - j->at.now_ms > s->cfg.max_stale_ms ||
	    dx_cache_is_current(s->cache, &at, j->key, j->klen) ||
	    search_body(s, j->q, &j->so, &body, &len, msg, sizeof(msg)) < 0) {
		dx_cache_release(s->cache, &j->at, j->key, j->klen);
	} else {
		/* the claim was taken at j->at, at most this state */
		cache_body(s, &at, j->key, j->klen, body, len);
		dx_cache_release(s->cache, &j->at, j->key, j->klen);
	}
	free(body);
}

/* The refresher thread: queued refreshes in order; when idle, a look at
 * the index every quarter of max_stale (50..250 ms), so that a stale
 * answer's time counts from about the commit, not from the next
 * request after it. */
static void *refresher(void *p)
{
	dx_server *s = p;
	unsigned int ms = s->cfg.max_stale_ms / 4;

	ms = ms < 50 ? 50 : ms > 250 ? 250 : ms;
	pthread_mutex_lock(&s->jobs_lock);
	while (!s->jobs_stop) {
		job *j = s->jobs;

		if (!j) {
			struct timespec until;
			dx_cache_at at;
			char uuid[64];
			int idle;

			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_nsec += (long)ms * 1000000L;
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
			idle = pthread_cond_timedwait(&s->jobs_cond, &s->jobs_lock,
			                              &until) != 0;
			if (idle && !s->jobs_stop) {
				pthread_mutex_unlock(&s->jobs_lock);
				if (cache_state(s, &at, uuid, sizeof(uuid)))
					dx_cache_note(s->cache, &at);
				pthread_mutex_lock(&s->jobs_lock);
			}
			continue;
		}
		s->jobs = j->next;
		if (!s->jobs)
			s->jobs_tail = NULL;
		s->njobs--;
		pthread_mutex_unlock(&s->jobs_lock);
		refresh(s, j);
		job_free(j);
		pthread_mutex_lock(&s->jobs_lock);
	}
	pthread_mutex_unlock(&s->jobs_lock);
	return NULL;
}

/* A cached body with its took_ms replaced by `ms`: the time this answer
 * took (dx_result_json() writes "took_ms" right after "total", and a
 * JSON string never holds ,"took_ms": with an unescaped quote). */
static char *retime(const char *body, size_t len, double ms, size_t *out)
{
	static const char field[] = ",\"took_ms\":";
	const char *at = strstr(body, field), *end;
	dx_sb b = DX_SB_INIT;

	if (!at || !(end = strchr(at + sizeof(field) - 1, ','))) {
		dx_sb_put(&b, body, len);
	} else {
		dx_sb_put(&b, body, (size_t)(at - body) + sizeof(field) - 1);
		dx_sb_printf(&b, "%.6g", ms);
		dx_sb_put(&b, end, len - (size_t)(end - body));
	}
	*out = b.len;
	return dx_sb_detach(&b);
}

/* Map a library failure to a JSON error reply (STYLE.md §9). */
static void search_failed(reply *r, int error, const char *msg)
{
	if (error == DX_EQUERY || error == DX_EINVAL) {
		set_error(r, 400, dx_code_name(error), "%s", msg);
		return;
	}
	fprintf(stderr, "dxsearch: serve: %s\n", msg);
	if (error == DX_ENOTFOUND)
		set_error(r, 404, dx_code_name(error), "no index to search");
	else
		set_error(r, 500, dx_code_name(error),
		          "the search failed (%s); details are in the server "
		          "log", dx_strerror(error));
}

/* ---- routes -------------------------------------------------------- */

static void route_api(dx_server *s, struct MHD_Connection *c, reply *r)
{
	dx_search_options so = DX_SEARCH_OPTIONS_INIT;
	unsigned long limit = 10, offset = 0, per_article = 1, explain = 0,
	              romaji = 0;
	const char *q = NULL;
	char msg[512], *kana = NULL, uuid[64], *hit;
	dx_sb key = DX_SB_INIT;
	dx_cache_at at;
	double t0 = now_ms();
	size_t len;
	int error, cached, answer = DX_CACHE_MISS;

	r->cors = 1;
	if (query_param(c, r, 1, &q) < 0 ||
	    num_param(c, r, "limit", 1, DX_SERVER_MAX_LIMIT, &limit) < 0 ||
	    num_param(c, r, "offset", 0, DX_SERVER_MAX_OFFSET, &offset) < 0 ||
	    num_param(c, r, "per_article", 0, 100, &per_article) < 0 ||
	    num_param(c, r, "explain", 0, 1, &explain) < 0 ||
	    num_param(c, r, "romaji", 0, 1, &romaji) < 0 ||
	    sort_param(c, r, &so.sort) < 0)
		return;
	/* romaji=1: q is romaji, searched (and echoed) as hiragana */
	if (romaji && (error = dx_romaji_to_kana(q, &kana)) < 0) {
		set_error(r, 400, dx_code_name(error), "q: %s", dx_error_last());
		return;
	}
	if (kana)
		q = kana;
	so.limit = limit;
	so.offset = offset;
	so.per_article = (unsigned int)per_article;
	so.explain = (int)explain;
	r->status = 200;
	r->type = "application/json; charset=utf-8";
	/* The key: everything the body depends on but the index's state
	 * (the cache keeps that apart). */
	cached = cache_state(s, &at, uuid, sizeof(uuid));
	dx_sb_printf(&key, "%lu %lu %lu %d %lu %lu ", limit, offset,
	             per_article, so.sort, explain, romaji);
	dx_sb_put(&key, q, strlen(q));
	if (cached)
		answer = dx_cache_get(s->cache, &at, key.ptr, key.len, &hit,
		                      &len);
	if (answer != DX_CACHE_MISS) {
		r->body = retime(hit, len, now_ms() - t0, &r->len);
		r->xcache = answer == DX_CACHE_HIT ? "hit" : "stale";
		free(hit);
		/* one of the stale hits searches it again, in the background */
		if (answer == DX_CACHE_REFRESH &&
		    queue_refresh(s, q, &so, key.ptr, key.len, &at) < 0)
			dx_cache_release(s->cache, &at, key.ptr, key.len);
		goto done;
	}
	/* a miss: this request has the key's claim (cache.h) */
	if ((error = search_body(s, q, &so, &r->body, &r->len, msg,
	                         sizeof(msg))) < 0)
		search_failed(r, error, msg);
	if (cached) {
		r->xcache = "miss";
		cache_body(s, &at, key.ptr, key.len,
		           error == DX_OK ? r->body : NULL, r->len);
	}
done:
	dx_free(kana);
	dx_sb_free(&key);
}

static void route_page(dx_server *s, struct MHD_Connection *c, reply *r)
{
	dx_search_options so = DX_SEARCH_OPTIONS_INIT;
	unsigned long page = 1;
	dx_page p;
	dx_result *res = NULL;
	dx_sb b = DX_SB_INIT;
	const char *q = NULL;
	char msg[512];
	int have, error;

	memset(&p, 0, sizeof(p));
	r->status = 200;
	have = query_param(c, r, 0, &q);
	if (have >= 0 &&
	    (num_param(c, r, "page", 1, DX_SERVER_MAX_OFFSET / DX_PAGE_SIZE + 1,
	               &page) < 0 || sort_param(c, r, &so.sort) < 0))
		have = -1;
	p.sort = so.sort;
	if (have < 0) {
		/* Show the error on the page; echo the query only if clean. */
		const char *v;
		size_t n;

		free(r->body);
		r->body = NULL;
		p.error = r->msg;
		if (param(c, "q", &v, &n) && strlen(v) == n &&
		    dx_text_valid(v, n) && dx_text_chars(v, n) <= DX_SERVER_MAX_QUERY)
			p.q = v;
	} else if (have > 0) {
		so.limit = DX_PAGE_SIZE;
		so.offset = (page - 1) * DX_PAGE_SIZE;
		p.q = q;
		p.page = (unsigned int)page;
		if ((error = run_search(s, &res, q, &so, msg, sizeof(msg))) < 0) {
			search_failed(r, error, msg);
			free(r->body);
			r->body = NULL;
			p.error = r->status == 400 ? r->msg
			                           : "検索できませんでした。"
			                             "しばらくしてからもう一度"
			                             "お試しください。";
		}
		p.res = res;
	}
	p.base_url = s->cfg.base_url;
	dx_page_render(&b, &p);
	dx_result_free(res);
	r->type = "text/html; charset=utf-8";
	r->page = 1;
	r->cache = "no-cache";
	r->len = b.len;
	r->body = dx_sb_detach(&b);
}

static void route_health(dx_server *s, reply *r)
{
	dx_index *idx;
	uint64_t n = 0;
	int error;
	dx_sb b = DX_SB_INIT;

	r->cors = 1;
	idx = thread_index(s, &error);
	if (idx && (error = dx_index_passage_count(idx, &n)) < 0)
		drop_thread_index(s);
	if (error < 0) {
		fprintf(stderr, "dxsearch: serve: healthz: %s\n", dx_error_last());
		dx_sb_puts(&b, "{\"status\":\"unavailable\",\"error\":{\"code\":");
		dx_sb_json(&b, dx_code_name(error));
		dx_sb_puts(&b, ",\"message\":");
		dx_sb_json(&b, dx_strerror(error));
		dx_sb_puts(&b, "}}");
		r->status = 503;
	} else {
		dx_cache_stats cs;

		dx_cache_stats_get(s->cache, &cs);
		dx_sb_printf(&b, "{\"status\":\"ok\",\"documents\":%llu,"
		             "\"version\":", (unsigned long long)n);
		dx_sb_json(&b, dx_version());
		dx_sb_printf(&b, ",\"cache\":{\"capacity\":%zu,"
		             "\"entries\":%zu,\"bytes\":%zu,\"hits\":%llu,"
		             "\"misses\":%llu,\"stale\":%llu,\"refreshes\":%llu,"
		             "\"stale_max_ms\":%.1f,\"max_stale_ms\":%u}}",
		             cs.capacity, cs.entries,
		             cs.bytes, (unsigned long long)cs.hits,
		             (unsigned long long)cs.misses,
		             (unsigned long long)cs.stale,
		             (unsigned long long)cs.refreshes, cs.stale_max_ms,
		             s->cache ? s->cfg.max_stale_ms : 0u);
		r->status = 200;
	}
	r->type = "application/json; charset=utf-8";
	r->len = b.len;
	r->body = dx_sb_detach(&b);
}

static void route_asset(reply *r, const unsigned char *data, size_t len,
                        const char *type)
{
	r->status = 200;
	r->type = type;
	r->fixed = data;
	r->len = len;
	r->cache = "public, max-age=300";
}

/* ---- responses ----------------------------------------------------- */

/* The CORS origin to allow for this request, or NULL. */
static const char *cors_origin(dx_server *s, struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                                 "Origin");
	size_t i;

	for (i = 0; i < s->cfg.n_allow_origins; i++) {
		if (!strcmp(s->cfg.allow_origins[i], "*"))
			return "*";
		if (origin && !strcmp(s->cfg.allow_origins[i], origin))
			return origin;
	}
	return NULL;
}

/* `s` for a log line: control bytes, quotes and backslashes as \xHH,
 * so that a request cannot forge lines; at most 200 bytes. */
static void log_clean(char *out, size_t cap, const char *s)
{
	size_t n = 0;

	for (; *s && n + 5 < cap && n < 200; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\')
			n += (size_t)snprintf(out + n, cap - n, "\\x%02x", ch);
		else
			out[n++] = (char)ch;
	}
	out[n] = '\0';
}

static void access_log(dx_server *s, struct MHD_Connection *c,
                       const char *method, const char *url,
                       unsigned int status, size_t len, double ms)
{
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "-", when[32], m[64], path[256];
	struct tm tm;
	time_t t = time(NULL);

	if (!s->cfg.access_log)
		return;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			          (const void *)sa)->sin_addr, addr, sizeof(addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
			          (const void *)sa)->sin6_addr, addr, sizeof(addr));
	}
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* The path only: queries stay out of the log (privacy). */
	pthread_mutex_lock(&s->log_lock);
	log_clean(m, sizeof(m), method);
	log_clean(path, sizeof(path), url);
	fprintf(s->cfg.access_log, "%s %s \"%s %s\" %u %zu %.2fms\n", when,
	        addr, m, path, status, len, ms);
	fflush(s->cfg.access_log);
	pthread_mutex_unlock(&s->log_lock);
}

static enum MHD_Result send_reply(dx_server *s, struct MHD_Connection *c,
                                  reply *r, int preflight)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;
	const char *origin;

	if (r->fixed)
		resp = MHD_create_response_from_buffer(r->len, (void *)r->fixed,
		                                       MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer_with_free_callback(
			r->len, r->body ? r->body : (void *)"", r->body ? free : NULL);
	if (!resp) {
		free(r->body);
		return MHD_NO;
	}
	r->body = NULL;              /* owned by the response now */
	if (r->type)
		MHD_add_response_header(resp, "Content-Type", r->type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy",
	                        "strict-origin-when-cross-origin");
	MHD_add_response_header(resp, "Cache-Control",
	                        r->cache ? r->cache : "no-store");
	if (r->xcache)
		MHD_add_response_header(resp, "X-Cache", r->xcache);
	if (r->page)
		MHD_add_response_header(resp, "Content-Security-Policy",
			"default-src 'none'; style-src 'self'; img-src 'self'; "
			"form-action 'self'; base-uri 'none'; "
			"frame-ancestors 'none'");
	else if (!r->fixed)
		MHD_add_response_header(resp, "Content-Security-Policy",
		                        "default-src 'none'; "
		                        "frame-ancestors 'none'");
	if (r->cors && s->cfg.n_allow_origins &&
	    (origin = cors_origin(s, c))) {
		MHD_add_response_header(resp, "Access-Control-Allow-Origin",
		                        origin);
		if (preflight) {
			MHD_add_response_header(resp, "Access-Control-Allow-Methods",
			                        "GET, HEAD");
			MHD_add_response_header(resp, "Access-Control-Max-Age",
			                        "600");
		}
	}
	if (r->cors && s->cfg.n_allow_origins)
		MHD_add_response_header(resp, "Vary", "Origin");
	if (preflight)
		MHD_add_response_header(resp, "Allow", "GET, HEAD, OPTIONS");
	else if (r->status == 405)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	if (atomic_load(&s->stopping) || r->status == 413)
		MHD_add_response_header(resp, "Connection", "close");
	ok = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* Request states kept in *req_cls between the handler's calls. */
static int pending, answered;

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
	dx_server *s = cls;
	reply r;
	double t0 = now_ms();
	int get = !strcmp(method, "GET"), head = !strcmp(method, "HEAD");
	int preflight = !strcmp(method, "OPTIONS");
	const char *cl, *te;
	enum MHD_Result ok;

	(void)version;
	(void)upload_data;
	memset(&r, 0, sizeof(r));
	if (*req_cls == &answered) {
		/* A body arriving after an early refusal: drop it
		 * (libmicrohttpd closes the connection after the reply). */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!*req_cls) {
		/* First call, headers only.  Refuse at once what we never
		 * serve; otherwise answer on the next call, once the request
		 * is complete, so that the connection can be kept alive. */
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                 "Content-Length");
		te = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                 "Transfer-Encoding");
		if (!get && !head && !preflight)
			set_error(&r, 405, "method_not_allowed",
			          "only GET and HEAD are served");
		else if (te || (cl && strcmp(cl, "0")))
			set_error(&r, 413, "payload_too_large",
			          "request bodies are not accepted");
		else {
			*req_cls = &pending;
			return MHD_YES;
		}
		*req_cls = &answered;
	} else if (*upload_data_size) {
		*upload_data_size = 0;       /* unreachable: no body announced */
		return MHD_YES;
	} else if (preflight) {
		if (strcmp(url, "/api/search") && strcmp(url, "/healthz"))
			set_error(&r, 404, "not_found", "no such resource");
		else
			r.status = 204, r.cors = 1;
	} else if (!strcmp(url, "/api/search")) {
		route_api(s, c, &r);
	} else if (!strcmp(url, "/")) {
		route_page(s, c, &r);
	} else if (!strcmp(url, "/healthz")) {
		route_health(s, &r);
	} else if (!strcmp(url, "/widget.js")) {
		route_asset(&r, dx_asset_widget_js, dx_asset_widget_js_len,
		            "text/javascript; charset=utf-8");
	} else if (!strcmp(url, "/style.css")) {
		route_asset(&r, dx_asset_style_css, dx_asset_style_css_len,
		            "text/css; charset=utf-8");
	} else {
		set_error(&r, 404, "not_found", "no such resource");
	}
	access_log(s, c, method, url, r.status, r.len, now_ms() - t0);
	ok = send_reply(s, c, &r, preflight);
	free(r.body);
	return ok;
}

/* ---- start and stop ------------------------------------------------ */

/* "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss,
                        socklen_t *sslen, char *err, size_t errlen)
{
	char host[256];
	const char *colon = strrchr(listen, ':'), *port;
	struct addrinfo hints, *ai = NULL;
	size_t n;
	int rc;

	if (!colon || colon == listen || !colon[1])
		goto bad;
	port = colon + 1;
	n = (size_t)(colon - listen);
	if (listen[0] == '[') {
		if (n < 3 || listen[n - 1] != ']')
			goto bad;
		listen++;
		n -= 2;
	}
	if (n >= sizeof(host) || strspn(port, "0123456789") != strlen(port) ||
	    atol(port) > 65535)
		goto bad;
	memcpy(host, listen, n);
	host[n] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
		snprintf(err, errlen, "--listen %s: %s", listen, gai_strerror(rc));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
bad:
	snprintf(err, errlen, "--listen %s: expected HOST:PORT, e.g. "
	         "127.0.0.1:8080 or [::1]:8080", listen);
	return -1;
}

/* Stop and join the refresher; drop what it had yet to do. */
static void stop_refresher(dx_server *s)
{
	job *j;

	pthread_mutex_lock(&s->jobs_lock);
	s->jobs_stop = 1;
	pthread_cond_broadcast(&s->jobs_cond);
	pthread_mutex_unlock(&s->jobs_lock);
	if (s->refresher_on)
		pthread_join(s->refresher, NULL);
	while ((j = s->jobs)) {
		s->jobs = j->next;
		job_free(j);
	}
	s->jobs_tail = NULL;
	pthread_cond_destroy(&s->jobs_cond);
	pthread_mutex_destroy(&s->jobs_lock);
}

int dx_server_start(dx_server **out, const dx_server_config *cfg,
                    char *err, size_t errlen)
{
	dx_server *s;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	const union MHD_DaemonInfo *info;
	unsigned int flags, threads;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	*out = NULL;
	if (!(s = calloc(1, sizeof(*s)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->cfg = *cfg;
	if (!s->cfg.listen)
		s->cfg.listen = "127.0.0.1:8080";
	if (parse_listen(s->cfg.listen, &ss, &sslen, err, errlen) < 0) {
		free(s);
		return -1;
	}
	/* Two workers per CPU: measured on 2 cores (bench/load.sh), 4 workers
	 * serve ~1.7x the requests of 2 at a lower p99; a worker also waits
	 * on index reads and the network. */
	threads = cfg->threads ? cfg->threads
	                       : (unsigned int)(ncpu > 2 ? 2 * ncpu : 4);
	pthread_key_create(&s->idx_key, free_index);
	pthread_mutex_init(&s->log_lock, NULL);
	s->cache = dx_cache_new(cfg->cache_entries,
	                        cfg->cache_entries <= SIZE_MAX /
	                        DX_SERVER_CACHE_ENTRY_BYTES ?
	                        cfg->cache_entries * DX_SERVER_CACHE_ENTRY_BYTES
	                        : SIZE_MAX, cfg->max_stale_ms);
	pthread_mutex_init(&s->jobs_lock, NULL);
	{       /* the refresher's timed waits: a monotonic clock */
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&s->jobs_cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	s->refresher_on = s->cache && cfg->max_stale_ms &&
	                  pthread_create(&s->refresher, NULL, refresher, s) == 0;
	atomic_init(&s->stopping, 0);
	flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->mhd = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,   /* first: see MHD */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT,
		cfg->max_connections ? cfg->max_connections : 512u,
		MHD_OPTION_CONNECTION_TIMEOUT,
		cfg->timeout_s ? cfg->timeout_s : 15u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY_LIMIT,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
	if (!s->mhd) {
		snprintf(err, errlen, "cannot listen on %s: %s", s->cfg.listen,
		         errno ? strerror(errno) : "libmicrohttpd failed");
		stop_refresher(s);
		dx_cache_free(s->cache);
		pthread_key_delete(s->idx_key);
		pthread_mutex_destroy(&s->log_lock);
		free(s);
		return -1;
	}
	info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	*out = s;
	return 0;
}

unsigned int dx_server_port(const dx_server *s)
{
	return s ? s->port : 0;
}

void dx_server_stop(dx_server *s, unsigned int grace_ms)
{
	MHD_socket fd;
	double deadline = now_ms() + grace_ms;
	struct timespec nap = { 0, 20 * 1000 * 1000 };

	if (!s)
		return;
	atomic_store(&s->stopping, 1);
	fd = MHD_quiesce_daemon(s->mhd);       /* stop accepting */
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	while (now_ms() < deadline) {
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->mhd,
			MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			break;
		nanosleep(&nap, NULL);
	}
	MHD_stop_daemon(s->mhd);                /* joins the workers */
	stop_refresher(s);
	dx_cache_free(s->cache);
	pthread_key_delete(s->idx_key);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
}
