"""cache_http.py WORK -- the server's result cache (run by cache.sh).

Indexes a small folder into WORK/db, serves it, and checks: the second
of two equal requests is a cache hit (/healthz counts) with the same
body but its own took_ms; other parameters (limit, offset, per_article,
sort, romaji) give other answers; after `dxsearch index` commits changed
text, and after `dxsearch remove`, the next answer is the new one, also
while threads keep asking (--max-stale 0); with the default --max-stale
(1000 ms) the answer from before a commit is served, marked stale, until
the background refresh replaces it, and never once the commit is older
than that; --cache-size 0 turns the cache off.
"""
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dxhttp import DX, Checks, Server  # noqa: E402

WORK = sys.argv[1]
DB = os.path.join(WORK, "db")
DOCS = os.path.join(WORK, "docs")
T = Checks()


def write(name, text):
    with open(os.path.join(DOCS, name), "w", encoding="utf-8") as f:
        f.write(text)


def index():
    subprocess.run([DX, "index", "--db", DB, "-q", DOCS], check=True)


def api(srv, query, **params):
    st, _, body = api_headers(srv, query, **params)
    return st, body


def api_headers(srv, query, **params):
    qs = "q=" + urllib.parse.quote(query) + "".join(
        "&%s=%s" % (k, v) for k, v in params.items())
    return srv.request("/api/search?" + qs)


def cache(srv):
    return json.loads(srv.request("/healthz")[2])["cache"]


def untimed(body):
    d = json.loads(body)
    d.pop("took_ms")
    return d


def texts(body):
    return [r["text"] for r in json.loads(body)["results"]]


os.makedirs(DOCS)
write("bridge.md", "# 橋の工事\n\nポンポコ橋の工事は四月に終わります。\n\n"
      "通行止めの間は迂回路をご利用ください。\n")
write("river.md", "# 川の清掃\n\nポンポコ川の清掃を四月に行います。"
      "ポンポコ橋の下も清掃します。\n")
write("park.md", "# 公園\n\nポンポコ公園の遊具を新しくしました。\n")
index()

# --max-stale 0: nothing from before a commit once the server saw it
srv = Server(DB, "--max-stale", "0")
try:
    c0 = cache(srv)
    T.ok(c0["capacity"] == 1024 and c0["entries"] == 0 and
         c0["max_stale_ms"] == 0,
         "cache on by default, empty: %s" % c0)
    st, b1 = api(srv, "ポンポコ橋")
    st2, b2 = api(srv, "ポンポコ橋")
    c1 = cache(srv)
    T.ok(st == 200 and st2 == 200, "searches answer 200")
    T.ok(c1["hits"] == c0["hits"] + 1 and c1["misses"] == c0["misses"] + 1,
         "the second equal request is a hit: %s" % c1)
    T.ok(untimed(b1) == untimed(b2), "the cached body is the searched one")
    T.ok(b2.startswith(b'{"query":"') and b'"took_ms":' in b2 and
         isinstance(json.loads(b2)["took_ms"], (int, float)),
         "a cached answer has a took_ms of its own")
    T.ok(any("四月" in t for t in texts(b1)), "the text as indexed")
    st, b = api(srv, "ポンポコ公園")
    T.ok(any(r["path"].endswith("park.md") for r in json.loads(b)["results"]),
         "park.md found (and cached) before it is removed")

    # every parameter that changes the body changes the key
    seen = {}
    for params in ({}, {"limit": 1}, {"limit": 2}, {"offset": 1},
                   {"per_article": 0}, {"sort": "date"}):
        st, b = api(srv, "ポンポコ", **params)
        st_again, b_again = api(srv, "ポンポコ", **params)
        d = json.loads(b)
        T.ok(st == 200 and untimed(b) == untimed(b_again),
             "repeatable: %s" % params)
        seen[json.dumps(params)] = d
    T.ok(len(seen["{}"]["results"]) == 3 and
         len(seen['{"limit": 1}']["results"]) == 1 and
         len(seen['{"limit": 2}']["results"]) == 2,
         "limit is part of the key")
    T.ok(seen['{"offset": 1}']["results"][0]["rank"] == 2,
         "offset is part of the key")
    T.ok(len(seen['{"per_article": 0}']["results"]) >
         len(seen["{}"]["results"]) or
         seen['{"per_article": 0}'] != seen["{}"],
         "per_article is part of the key")
    st, kana = api(srv, "ぽんぽこ")
    st, romaji = api(srv, "ponpoko", romaji=1)
    T.ok(json.loads(romaji)["query"] == "ぽんぽこ" and
         untimed(romaji) == untimed(kana), "romaji=1 answers as its kana")
    st, plain = api(srv, "ponpoko")
    T.ok(json.loads(plain)["query"] == "ponpoko", "romaji is in the key")

    # a commit with changed text: the next answer is the new one
    write("bridge.md", "# 橋の工事\n\nポンポコ橋の工事は九月に終わります。\n\n"
          "通行止めの間は迂回路をご利用ください。\n")
    index()
    st, b3 = api(srv, "ポンポコ橋")
    T.ok(st == 200 and any("九月" in t for t in texts(b3)) and
         not any("工事は四月" in t for t in texts(b3)),
         "after re-indexing: the changed text, not the cached one")
    c3 = cache(srv)
    T.ok(c3["misses"] > c1["misses"], "a new revision misses: %s" % c3)

    # a removed article is gone from the next answer
    subprocess.run([DX, "remove", "--db", DB, "-q",
                    os.path.join(DOCS, "park.md")], check=True)
    st, b4 = api(srv, "ポンポコ公園")
    T.ok(st == 200 and not any(r["path"].endswith("park.md")
                               for r in json.loads(b4)["results"]),
         "after remove: the article is gone (%s)" % b4[:120])

    # while threads ask the same question, commits change the answer
    errors, stop = [], threading.Event()

    def hammer():
        while not stop.is_set():
            st, b = api(srv, "ポンポコ橋")
            if st != 200:
                errors.append(st)

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for w in workers:
        w.start()
    for month in ("十月", "十一月", "十二月"):
        write("bridge.md", "# 橋の工事\n\nポンポコ橋の工事は%sに終わります。\n"
              % month)
        index()
        st, b = api(srv, "ポンポコ橋")
        T.ok(st == 200 and any(month in t for t in texts(b)),
             "answer right after the commit of %s" % month)
    stop.set()
    for w in workers:
        w.join()
    T.ok(not errors, "no errors while indexing: %s" % errors[:5])
    T.ok(cache(srv)["entries"] <= 1024, "bounded")
finally:
    T.ok(srv.stop() == 0, "server stops cleanly")

# The default --max-stale (1000 ms): after a commit, the answer from
# before it while it is searched again in the background.
srv = Server(DB, log=os.path.join(WORK, "stale"))
try:
    T.ok(cache(srv)["max_stale_ms"] == 1000, "max_stale_ms 1000 by default")
    st, h, b = api_headers(srv, "ポンポコ橋")
    T.ok(st == 200 and h.get("x-cache") == "miss", "first: a miss (%s)" % h)
    st, h, b = api_headers(srv, "ポンポコ橋")
    T.ok(h.get("x-cache") == "hit", "then a hit")
    api(srv, "ポンポコ川")
    write("bridge.md", "# 橋の工事\n\nポンポコ橋の工事は一月に終わります。\n")
    index()
    st, h, b = api_headers(srv, "ポンポコ橋")
    T.ok(st == 200 and h.get("x-cache") == "stale" and
         any("十二月" in t for t in texts(b)),
         "right after the commit: the answer from before it, marked "
         "stale (%s)" % h.get("x-cache"))
    deadline, fresh = time.time() + 5, None
    while time.time() < deadline:
        st, h, b = api_headers(srv, "ポンポコ橋")
        if any("一月" in t for t in texts(b)):
            fresh = h.get("x-cache")
            break
        time.sleep(0.02)
    # from the cache, not searched by this request: a hit, or stale
    # again if the commit's term list came in after the refresh
    T.ok(fresh in ("hit", "stale"), "the background refresh brings the "
         "new answer, served from the cache (%s)" % fresh)
    c = cache(srv)
    T.ok(c["stale"] >= 1 and c["refreshes"] >= 1 and
         0 <= c["stale_max_ms"] <= 1000, "counted: %s" % c)
    # ポンポコ川 was cached before that commit, and not asked since:
    # 1.5 s after the next one it is searched again, never stale
    write("river.md", "# 川の清掃\n\nポンポコ川の清掃を五月に行います。\n")
    index()
    time.sleep(1.5)
    st, h, b = api_headers(srv, "ポンポコ川")
    T.ok(st == 200 and h.get("x-cache") == "miss" and
         any("五月" in t for t in texts(b)),
         "past --max-stale: the new answer (%s, %s)" %
         (h.get("x-cache"), texts(b)[:1]))
finally:
    T.ok(srv.stop() == 0, "server stops cleanly")

# --cache-size 0: no cache
srv = Server(DB, "--cache-size", "0", log=os.path.join(WORK, "nocache"))
try:
    api(srv, "ポンポコ橋")
    api(srv, "ポンポコ橋")
    c = cache(srv)
    T.ok(c == {"capacity": 0, "entries": 0, "bytes": 0, "hits": 0,
               "misses": 0, "stale": 0, "refreshes": 0,
               "stale_max_ms": 0, "max_stale_ms": 0}, "--cache-size 0: off (%s)" % c)
finally:
    T.ok(srv.stop() == 0, "server stops cleanly")
sys.exit(T.finish())
