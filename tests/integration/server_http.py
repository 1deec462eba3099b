"""server_http.py WORK -- `dxsearch serve` end to end (run by server.sh).

WORK/db holds the sample corpus plus the hostile articles of server.sh.
Checks the HTTP contract of DESIGN.md: /api/search (the CLI's JSON),
/healthz, the page, the assets, 400/404/405/413 JSON errors, parameter
limits, security headers, CORS, HTML escaping of hostile documents and
queries, index updates seen without a restart while serving, the access
log, connection limits and timeouts, and a graceful SIGTERM.
"""
import html.parser
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dxhttp import DX, Checks, Server  # noqa: E402

WORK = sys.argv[1]
DB = os.path.join(WORK, "db")
T = Checks()
Q = urllib.parse.quote


def api(srv, query, **params):
    qs = "q=" + Q(query) + "".join("&%s=%s" % (k, v) for k, v in params.items())
    st, h, body = srv.request("/api/search?" + qs)
    return st, h, json.loads(body) if body else None


class PageScan(html.parser.HTMLParser):
    """Collects tags, attributes and text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)

    def handle_data(self, data):
        self.text.append(data)


PAGE_TAGS = {"html", "head", "meta", "title", "link", "body", "header",
             "form", "label", "div", "input", "button", "main", "p", "ol",
             "li", "h2", "a", "mark", "nav", "ul", "span", "footer"}


def page_is_clean(body, what):
    """Only the page's own tags and attributes; links are http(s) or
    relative; no script, no event handler."""
    s = body.decode("utf-8")
    p = PageScan()
    p.feed(s)
    bad_tags = set(p.tags) - PAGE_TAGS
    T.ok(not bad_tags, "%s: unexpected tags %s" % (what, bad_tags))
    T.ok(not any(k.startswith("on") for _, k, _ in p.attrs),
         "%s: event handler attribute" % what)
    for tag, k, v in p.attrs:
        if k == "href" and tag == "a":
            T.ok(v.startswith(("http://", "https://", "?")),
                 "%s: unsafe href %r" % (what, v))
    T.ok("<script" not in s.lower(), "%s: raw <script" % what)
    return p


def main():
    srv = Server(DB, "--allow-origin", "http://site.example",
                 "--access-log", os.path.join(WORK, "access.log"),
                 log=os.path.join(WORK, "serve"))
    try:
        run(srv)
    finally:
        rc = srv.stop()
    T.ok(rc == 0, "SIGTERM: exit %s, want 0 (%s)" % (rc, srv.stderr()[-2000:]))
    T.ok("shutting down" in srv.stderr(), "SIGTERM: shutdown message")
    limits()
    startup_errors()
    return T.finish()


def run(srv):
    # /healthz
    st, h, body = srv.request("/healthz")
    d = json.loads(body)
    T.ok(st == 200 and d["status"] == "ok" and d["documents"] > 30,
         "healthz: %s %s" % (st, body))
    T.ok(h["content-type"] == "application/json; charset=utf-8",
         "healthz content type")

    # /api/search gives the CLI's JSON.
    st, h, d = api(srv, "共創")
    T.ok(st == 200, "api 共創: status %s" % st)
    T.ok(h.get("content-type") == "application/json; charset=utf-8",
         "api content type")
    T.ok(h.get("x-content-type-options") == "nosniff", "api nosniff")
    cli = json.loads(subprocess.run(
        [DX, "query", "--db", DB, "--json", "共創"], check=True,
        capture_output=True).stdout)
    for x in (d, cli):
        x.pop("took_ms")
    T.ok(d == cli, "api JSON equals the CLI's JSON")
    T.ok(len(d["results"]) >= 3 and "<mark>共創</mark>" in d["results"][0]["snippet"],
         "api results marked")

    st, _, d = api(srv, "共創", limit=2, offset=1, per_article=2)
    cli = json.loads(subprocess.run(
        [DX, "query", "--db", DB, "--json", "--limit", "2", "--offset", "1",
         "--per-article", "2", "共創"], check=True, capture_output=True).stdout)
    T.ok(st == 200 and [r["path"] for r in d["results"]] ==
         [r["path"] for r in cli["results"]] and len(d["results"]) == 2,
         "limit/offset/per_article as the CLI")
    st, _, d = api(srv, "共創", limit=100)
    T.ok(st == 200, "limit=100 accepted")
    # explain=1: the same explain object as `query --json --explain`.
    st, _, d = api(srv, "外部人材", explain=1)
    cli = json.loads(subprocess.run(
        [DX, "query", "--db", DB, "--json", "--explain", "外部人材"],
        check=True, capture_output=True).stdout)
    T.ok(st == 200 and "explain" in d and d["explain"] == cli["explain"],
         "explain=1 gives the CLI's explain object")
    st, _, d = api(srv, "外部人材")
    T.ok(st == 200 and "explain" not in d, "no explain by default")
    # romaji=1: the query is romaji, searched by reading as --romaji.
    st, _, d = api(srv, "kyousou", romaji=1)
    cli = json.loads(subprocess.run(
        [DX, "query", "--db", DB, "--json", "--romaji", "kyousou"],
        check=True, capture_output=True).stdout)
    T.ok(st == 200 and d["query"] == "きょうそう" and d["results"] and
         [r["path"] for r in d["results"]] ==
         [r["path"] for r in cli["results"]], "romaji=1 as --romaji")
    # '+' is a space, as forms send it; %20 too.
    a = srv.request("/api/search?q=" + Q("外部") + "+" + Q("人材"))
    b = srv.request("/api/search?q=" + Q("外部 人材"))
    da, db_ = json.loads(a[2]), json.loads(b[2])
    T.ok(da["query"] == "外部 人材" and [r["path"] for r in da["results"]] ==
         [r["path"] for r in db_["results"]], "'+' decodes to a space")
    # 256 characters is the longest query.
    st, _, _ = api(srv, "あ" * 256)
    T.ok(st == 200, "256-character query accepted (%s)" % st)

    # Bad parameters: 400 with a JSON error.
    for qs, code in [("", "invalid_query"), ("q=", "invalid_query"),
                     ("q=%20%20", "invalid_query"),
                     ("q=" + Q("あ" * 257), "invalid_query"),
                     ("q=a%00b", "invalid_query"), ("q=%FF%FE", "invalid_query"),
                     ("q=" + Q("共創") + "&limit=0", "invalid_argument"),
                     ("q=" + Q("共創") + "&limit=101", "invalid_argument"),
                     ("q=" + Q("共創") + "&limit=abc", "invalid_argument"),
                     ("q=" + Q("共創") + "&limit=", "invalid_argument"),
                     ("q=" + Q("共創") + "&limit=99999999999999", "invalid_argument"),
                     ("q=" + Q("共創") + "&offset=-1", "invalid_argument"),
                     ("q=" + Q("共創") + "&offset=1001", "invalid_argument"),
                     ("q=" + Q("共創") + "&per_article=x", "invalid_argument"),
                     ("q=" + Q("共創") + "&explain=2", "invalid_argument"),
                     ("q=qqq&romaji=1", "invalid_query"),
                     ("q=kyousou&romaji=2", "invalid_argument")]:
        st, h, body = srv.request("/api/search?" + qs)
        try:
            e = json.loads(body)["error"]
        except (ValueError, KeyError):
            e = {}
        T.ok(st == 400 and e.get("code") == code and e.get("message"),
             "400 for %r: %s %s" % (qs, st, body[:200]))
        T.ok(h.get("content-type") == "application/json; charset=utf-8",
             "400 content type for %r" % qs)

    # Nothing outside the built-in assets; methods; bodies.
    for path in ["/etc/passwd", "/../../etc/passwd", "/%2e%2e/etc/passwd",
                 "/api/search/", "/widget.js/..", "/index.html", "/favicon.ico",
                 "/server.c", "//etc/passwd"]:
        st, h, body = srv.request(path)
        T.ok(st == 404 and json.loads(body)["error"]["code"] == "not_found",
             "404 for %s: %s" % (path, st))
    st, h, body = srv.request("/api/search?q=x", method="POST", body=b"q=x",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    T.ok(st == 405 and h.get("allow") == "GET, HEAD", "POST: 405 (%s)" % st)
    st, h, body = srv.request("/api/search?q=x", method="GET", body=b"x" * 100)
    T.ok(st == 413, "GET with a body: 413 (%s)" % st)
    st, h, body = srv.request("/api/search?q=" + Q("共創"), method="HEAD")
    T.ok(st == 200 and body == b"", "HEAD: 200 without body")

    # Assets.
    st, h, body = srv.request("/widget.js")
    T.ok(st == 200 and h["content-type"] == "text/javascript; charset=utf-8"
         and b"compositionend" in body, "widget.js served")
    T.ok(len(body) < 15 * 1024, "widget.js under 15 kB (%d bytes)" % len(body))
    with open(os.path.join(os.environ["DX_SOURCE_DIR"], "server", "assets",
                           "widget.js"), "rb") as f:
        T.ok(f.read() == body, "widget.js is the embedded file")
    st, h, body = srv.request("/style.css")
    T.ok(st == 200 and h["content-type"] == "text/css; charset=utf-8",
         "style.css served")

    # CORS: only for --allow-origin origins.
    st, h, _ = srv.request("/api/search?q=" + Q("共創"),
                           headers={"Origin": "http://site.example"})
    T.ok(h.get("access-control-allow-origin") == "http://site.example"
         and "Origin" in h.get("vary", ""), "CORS for an allowed origin")
    st, h, _ = srv.request("/api/search?q=" + Q("共創"),
                           headers={"Origin": "http://evil.example"})
    T.ok(st == 200 and "access-control-allow-origin" not in h,
         "no CORS for another origin")
    st, h, _ = srv.request("/", headers={"Origin": "http://site.example"})
    T.ok("access-control-allow-origin" not in h, "no CORS on the page")
    st, h, _ = srv.request("/api/search", method="OPTIONS",
                           headers={"Origin": "http://site.example",
                                    "Access-Control-Request-Method": "GET"})
    T.ok(st == 204 and h.get("access-control-allow-origin") == "http://site.example"
         and "GET" in h.get("access-control-allow-methods", ""),
         "preflight for an allowed origin (%s)" % st)

    # The page: works without JavaScript.
    st, h, body = srv.request("/")
    T.ok(st == 200 and h["content-type"] == "text/html; charset=utf-8",
         "page: status and type")
    csp = h.get("content-security-policy", "")
    T.ok("default-src 'none'" in csp and "script-src" not in csp and
         "frame-ancestors 'none'" in csp, "page: CSP (%s)" % csp)
    T.ok(h.get("x-content-type-options") == "nosniff", "page nosniff")
    s = body.decode()
    T.ok('<label for="dxs-q">' in s and 'id="dxs-q"' in s and
         'role="search"' in s and 'name="viewport"' in s,
         "page: labelled search box, viewport")
    page_is_clean(body, "empty page")

    st, h, body = srv.request("/?q=" + Q("共創"))
    s = body.decode()
    p = page_is_clean(body, "page 共創")
    T.ok(st == 200 and "<mark>共創</mark>" in s and 'class="dxs-hit"' in s,
         "page: highlighted results")
    T.ok("約" in s and "ミリ秒" in s, "page: result count and time")
    st, h, body = srv.request("/?q=" + Q("市"))
    s = body.decode()
    T.ok('rel="next"' in s and 'page=2' in s, "page: pagination link")
    st, h, body2 = srv.request("/?q=" + Q("市") + "&page=2")
    s2 = body2.decode()
    T.ok(st == 200 and 'start="11"' in s2 and 'rel="prev"' in s2 and
         'aria-current="page">2<' in s2, "page 2")
    st, h, body = srv.request("/?q=" + Q("共創") + "&page=0")
    T.ok(st == 400 and "dxs-error" in body.decode(), "page=0: 400 page")
    page_is_clean(body, "page=0")
    st, h, body = srv.request("/?q=" + Q("zzqxjvw"))
    T.ok(st == 200 and "見つかりませんでした" in body.decode(), "page: no results")

    # Hostile documents: escaped on the page, in snippets and the JSON.
    st, _, d = api(srv, "ズンドコ", limit=10)
    T.ok(st == 200 and len(d["results"]) >= 3, "hostile articles found (%d)" %
         len(d["results"]))
    for r in d["results"]:
        rest = r["snippet"].replace("<mark>", "").replace("</mark>", "")
        T.ok("<" not in rest and ">" not in rest,
             "snippet escaped: %r" % r["snippet"])
    st, h, body = srv.request("/?q=" + Q("ズンドコ"))
    s = body.decode()
    p = page_is_clean(body, "hostile page")
    texts = "".join(p.text)
    T.ok('<script>alert("t")</script>' in texts or "<script>" in texts,
         "hostile title shown as text")
    T.ok("&lt;script&gt;" in s and "&quot;&gt;&lt;img" in s,
         "hostile strings escaped as entities")
    T.ok("&amp;amp;" in s, "an entity in a document stays literal text")
    T.ok("javascript:" not in [v[:11] for t, k, v in p.attrs if k == "href"],
         "javascript: URL not linked")
    T.ok('href="https://example.jp/a?x=1&amp;y=&quot;&gt;&lt;svg/onload=alert(5)&gt;' in s,
         "attribute breaker in a URL escaped")
    T.ok('href="https://www.city.example.jp/bousai/kunren.html#' in s,
         "title linked to url#anchor")

    # Hostile queries: echoed escaped.
    for q in ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
              "'><svg onload=alert(1)>", "&amp; &lt;"]:
        st, h, body = srv.request("/?q=" + Q(q))
        s = body.decode()
        page_is_clean(body, "query %r" % q)
        T.ok(st == 200 and "<img" not in s and "<svg" not in s,
             "query %r not injected" % q)
        st, h, body = srv.request("/api/search?q=" + Q(q))
        T.ok(st == 200 and b"<" not in body.replace(b"<mark>", b"").replace(b"</mark>", b""),
             "api JSON escapes < for %r" % q)
    st, h, body = srv.request("/?q=" + Q("&amp; &lt;"))
    T.ok('value="&amp;amp; &amp;lt;"' in body.decode(), "entities in the query stay literal")

    # Index commits are seen without a restart, while serving.
    new = os.path.join(WORK, "extra")
    os.makedirs(new, exist_ok=True)
    with open(os.path.join(new, "fresh.md"), "w") as f:
        f.write("# 新着のお知らせ\n\nピカピカポンチョの配布を始めました。\n")
    st, _, d = api(srv, "ピカピカポンチョ")
    T.ok(st == 200 and d["total"] == 0, "new word absent before indexing")
    errors = []
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            st, _, _ = srv.request("/api/search?q=" + Q("共創"))
            if st != 200:
                errors.append(st)

    workers = [threading.Thread(target=hammer) for _ in range(3)]
    for w in workers:
        w.start()
    n0 = int(json.loads(srv.request("/healthz")[2])["documents"])
    for _ in range(3):
        subprocess.run([DX, "index", "--db", DB, "-q", new,
                        os.path.join(os.environ["DX_SOURCE_DIR"], "corpus")],
                       check=True)
    stop.set()
    for w in workers:
        w.join()
    T.ok(not errors, "no errors while indexing runs: %s" % errors[:5])
    # (the answer cached before the commit may be served for up to
    # --max-stale, 1 s by default, while it is searched again)
    deadline = time.time() + 3
    while True:
        st, _, d = api(srv, "ピカピカポンチョ")
        if st != 200 or d["total"] >= 1 or time.time() > deadline:
            break
        time.sleep(0.05)
    T.ok(st == 200 and d["total"] >= 1, "new article found without restart")
    n1 = int(json.loads(srv.request("/healthz")[2])["documents"])
    T.ok(n1 > n0, "healthz count follows the index (%d -> %d)" % (n0, n1))

    # The access log: one line per request, no queries, no forged lines.
    st, _, _ = srv.request("/x%0a2026-01-01T00:00:00Z%20forged%22%5c")
    T.ok(st == 404, "path with a newline: 404")
    with open(os.path.join(WORK, "access.log")) as f:
        log = f.read()
    import re
    line_re = re.compile(r'^\d{4}-\d\d-\d\dT[\d:]+Z \S+ "[A-Z]+ [^"\s]*( [^"]*)?" '
                         r'\d{3} \d+ [\d.]+ms$')
    bad = [l for l in log.splitlines() if not line_re.match(l)]
    T.ok(not bad, "access log lines well-formed: %r" % bad[:3])
    T.ok("forged" in log and "\\x0a" in log, "control bytes escaped in the log")
    T.ok('"GET /api/search" 200' in log and '"GET /healthz" 200' in log,
         "access log lines")
    T.ok("共創" not in log and "q=" not in log, "access log keeps queries out")


def limits():
    """Connection limit, idle timeout, oversized requests."""
    srv = Server(DB, "--max-connections", "4", "--timeout", "1",
                 log=os.path.join(WORK, "serve2"))
    try:
        socks = []
        for _ in range(8):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            socks.append(s)
        time.sleep(0.3)
        closed = 0
        for s in socks:
            s.settimeout(0.5)
            try:
                if s.recv(1) == b"":
                    closed += 1
            except socket.timeout:
                pass
            except ConnectionError:
                closed += 1
        T.ok(closed >= 4, "connections past --max-connections closed (%d)" % closed)
        time.sleep(1.8)
        idle_closed = 0
        for s in socks:
            try:
                s.settimeout(1.5)
                if s.recv(1) == b"":
                    idle_closed += 1
            except (socket.timeout, ConnectionError):
                idle_closed += 1
            s.close()
        T.ok(idle_closed == 8, "idle connections time out (%d of 8)" % idle_closed)
        st, _, _ = srv.request("/healthz")
        T.ok(st == 200, "server still answers after the flood")
        st, _, _ = srv.request("/api/search?q=" + "a" * 40000)
        T.ok(st in (414, 431), "oversized request line refused (%s)" % st)
        st, _, _ = srv.request("/healthz", headers={"X-Big": "b" * 40000})
        T.ok(st in (413, 431), "oversized headers refused (%s)" % st)
        st, _, _ = srv.request("/healthz")
        T.ok(st == 200, "server answers after oversized requests")
    finally:
        rc = srv.stop()
    T.ok(rc == 0, "limits server: exit %s (%s)" % (rc, srv.stderr()[-2000:]))


def startup_errors():
    def run(*args):
        p = subprocess.run([DX, "serve", *args], capture_output=True, text=True,
                           timeout=30)
        return p.returncode, p.stderr

    rc, err = run("--db", os.path.join(WORK, "nothing-here"),
                  "--listen", "127.0.0.1:0")
    T.ok(rc == 1 and err.startswith("dxsearch: ") and "no index" in err,
         "missing index: exit 1 (%s, %r)" % (rc, err))
    rc, err = run("--db", DB, "--bogus")
    T.ok(rc == 2 and err.startswith("dxsearch: "), "unknown option: exit 2")
    rc, err = run("--db", DB, "--listen", "localhost")
    T.ok(rc == 2 and "--listen" in err, "bad --listen: exit 2 (%s)" % rc)
    rc, err = run("--db", DB, "--allow-origin", "site.example")
    T.ok(rc == 2, "bad --allow-origin: exit 2")
    rc, err = run("--db", DB, "--limit", "3")
    T.ok(rc == 2, "query option on serve: exit 2")
    rc, out = run("--help")
    T.ok(rc == 0, "--help")
    # Without --listen: 127.0.0.1:8080 (skipped when that port is taken).
    import signal as _sig
    p = subprocess.Popen([DX, "serve", "--db", DB], stderr=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, text=True)
    try:
        line = ""
        for line in p.stderr:
            if "listening on" in line or "dxsearch: serve: cannot" in line:
                break
        if "listening on" in line:
            with open("/proc/net/tcp") as f:
                tcp = f.read()
            T.ok("http://127.0.0.1:8080/" in line and
                 " 0100007F:1F90 00000000:0000 0A " in tcp,
                 "default bind is 127.0.0.1:8080 (%r)" % line)
    finally:
        p.send_signal(_sig.SIGTERM)
        p.wait(timeout=15)
        p.stderr.close()
    # Two servers on one port: the second fails with exit 1.
    srv = Server(DB, log=os.path.join(WORK, "serve3"))
    try:
        rc, err = run("--db", DB, "--listen", "127.0.0.1:%d" % srv.port)
        T.ok(rc == 1 and "cannot listen" in err, "port in use: exit 1 (%r)" % err)
    finally:
        srv.stop()


if __name__ == "__main__":
    sys.exit(main())
