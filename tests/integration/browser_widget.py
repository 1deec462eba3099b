"""browser_widget.py WORK ARTIFACTS -- widget.js and the search page in
headless Chromium (run by browser.sh).

A site page on another origin (python's http.server) embeds widget.js
with one <script> tag; `dxsearch serve --allow-origin` that site.
Chromium is driven through chromedriver's W3C WebDriver HTTP API with
urllib.  Checks: real typing of a Japanese query gives results with
<mark> highlights in the DOM, debounced (one request for several
keystrokes); an IME-like composition sequence (compositionstart,
compositionupdate + input with isComposing, compositionend) searches
nothing while composing and searches once after compositionend; arrow
keys and Escape; hostile documents render no markup; the page works with
JavaScript off.  Screenshots (desktop and phone) go to ARTIFACTS.
"""
import base64
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dxhttp import Checks, Server  # noqa: E402

WORK, ART = sys.argv[1], sys.argv[2]
T = Checks()
ELEM = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Driver:
    """A chromedriver process and one headless Chromium session."""

    def __init__(self, width, height, javascript=True):
        self.port = free_port()
        self.log = open(os.path.join(WORK, "chromedriver.log"), "a")
        self.proc = subprocess.Popen(
            [shutil.which("chromedriver"), "--port=%d" % self.port],
            stdout=self.log, stderr=self.log)
        self.profile = tempfile.mkdtemp(prefix="chromium.", dir=WORK)
        self.base = "http://127.0.0.1:%d" % self.port
        deadline = time.time() + 30
        while True:
            try:
                self.call("GET", "/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars",
                "--lang=ja", "--user-data-dir=" + self.profile,
                "--window-size=%d,%d" % (width, height)]
        opts = {"binary": shutil.which("chromium"), "args": args}
        if width < 500:
            # Headless windows are at least 500 px wide: emulate a phone.
            opts["mobileEmulation"] = {"deviceMetrics": {
                "width": width, "height": height, "pixelRatio": 2.0}}
        if not javascript:
            opts["prefs"] = {"profile.managed_default_content_settings.javascript": 2}
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": opts}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError("webdriver %s %s: %s" % (method, path,
                                                        e.read()[:500]))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.sid, path), body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait(self, script, timeout=10, *args):
        deadline = time.time() + timeout
        while time.time() < deadline:
            v = self.js(script, *args)
            if v:
                return v
            time.sleep(0.05)
        return None

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEM]

    def type(self, eid, text):
        self.s("POST", "/element/%s/value" % eid, {"text": text})

    def screenshot(self, name):
        os.makedirs(ART, exist_ok=True)
        path = os.path.join(ART, name)
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))
        return path

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


SITE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>高瀬市公式ウェブサイト</title>
<style>
body {{ margin: 0; font-family: "Noto Sans CJK JP", sans-serif; }}
header {{ background: #0b5394; color: #fff; padding: 12px 16px; display: flex;
          flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; }}
header h1 {{ font-size: 20px; margin: 0; }}
header input {{ font-size: 16px; padding: 6px 8px; width: 260px; max-width: 60vw; }}
main {{ padding: 16px; max-width: 760px; }}
</style></head>
<body>
<header><h1>高瀬市</h1>
<form action="{dx}/" method="get" role="search">
<label for="site-q" style="position:absolute;left:-9999px">サイト内検索</label>
<input type="search" id="site-q" name="q" placeholder="サイト内検索">
<button>検索</button></form></header>
<main><h2>お知らせ</h2><p>市からのお知らせを掲載しています。</p></main>
<script src="{dx}/widget.js" data-dxsearch="#site-q" data-dxsearch-delay="300" defer></script>
</body></html>
"""

# Wrap fetch to record the widget's requests, and alert to catch XSS.
SPY = """
window.__calls = [];
window.__xss = 0;
window.alert = function () { window.__xss++; };
if (!window.__realFetch) window.__realFetch = window.fetch;
window.fetch = function (u, o) { window.__calls.push(String(u)); return window.__realFetch(u, o); };
document.getElementById('site-q').addEventListener('dxsearch:results',
  function (e) { window.__last = e.detail; });
return true;
"""

PANEL = "document.querySelector('.dxs-panel')"


def queries(drv):
    calls = drv.js("return window.__calls;") or []
    return [urllib.parse.parse_qs(urllib.parse.urlparse(u).query).get("q", [""])[0]
            for u in calls]


def compose(drv, steps, pause):
    """An IME-like sequence: compositionstart, then for each step value a
    compositionupdate and an input event with isComposing, a pause
    between steps, and no compositionend."""
    drv.js("""
      var i = document.getElementById('site-q');
      i.focus(); i.value = '';
      i.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''}));
      return true;""")
    for v in steps:
        drv.js("""
          var i = document.getElementById('site-q'), v = arguments[0];
          i.value = v;
          i.dispatchEvent(new CompositionEvent('compositionupdate', {bubbles: true, data: v}));
          i.dispatchEvent(new InputEvent('input', {bubbles: true, data: v,
            inputType: 'insertCompositionText', isComposing: true}));
          return true;""", v)
        time.sleep(pause)


def end_composition(drv, value):
    drv.js("""
      var i = document.getElementById('site-q'), v = arguments[0];
      i.value = v;
      i.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: v}));
      return true;""", value)


def widget_tests(dx_port, site_port, width, height, tag):
    drv = Driver(width, height)
    try:
        drv.go("http://127.0.0.1:%d/index.html" % site_port)
        T.ok(drv.wait("return document.getElementById('site-q').getAttribute('role') === 'combobox';"),
             "%s: widget attached to the site's box" % tag)
        drv.js(SPY)
        box = drv.find("#site-q")

        # Real typing (WebDriver key input), several keystrokes.
        drv.type(box, "防災訓練")
        shown = drv.wait("var p = %s; return p && !p.hidden && p.querySelectorAll('.dxs-item').length;" % PANEL)
        T.ok(shown, "%s: typing 防災訓練 shows results" % tag)
        marks = drv.js("return Array.from(%s.querySelectorAll('.dxs-item-snippet mark')).map(function (m) { return m.textContent; });" % PANEL) or []
        T.ok(any("防災" in m or "訓練" in m for m in marks),
             "%s: highlights in the DOM (%s)" % (tag, marks[:5]))
        time.sleep(0.6)
        qs = queries(drv)
        T.ok(qs == ["防災訓練"], "%s: debounced: one request for 4 characters (%s)" % (tag, qs))
        T.ok(drv.js("return window.__last && window.__last.count > 0;"),
             "%s: dxsearch:results event" % tag)
        if tag == "desktop":
            drv.screenshot("widget-typed-desktop.png")

        # Keyboard: ArrowDown selects the first option, Escape closes.
        drv.type(box, "\ue015")
        sel = drv.js("""var i = document.getElementById('site-q');
          var a = i.getAttribute('aria-activedescendant');
          return a && document.getElementById(a).getAttribute('aria-selected');""")
        T.ok(sel == "true", "%s: ArrowDown selects an option (%s)" % (tag, sel))
        drv.type(box, "\ue00c")
        T.ok(drv.wait("return %s.hidden;" % PANEL, 3), "%s: Escape closes" % tag)

        # IME composition: きょうそう → 共創, no search until compositionend.
        drv.js("window.__calls = []; return true;")
        # Pauses longer than the debounce (300 ms): a widget that searched
        # on composing input events would search here.
        compose(drv, ["き", "きょ", "きょう", "きょうそ", "きょうそう", "共創"], 0.5)
        time.sleep(0.8)
        T.ok(queries(drv) == [], "%s: no search while composing (%s)" % (tag, queries(drv)))
        end_composition(drv, "共創")
        shown = drv.wait("""var p = %s; return !p.hidden && Array.from(
            p.querySelectorAll('.dxs-item-snippet mark')).some(function (m) {
            return m.textContent === '共創'; });""" % PANEL)
        T.ok(shown, "%s: results for 共創 after compositionend" % tag)
        time.sleep(0.6)
        T.ok(queries(drv) == ["共創"], "%s: exactly one search, after compositionend (%s)"
             % (tag, queries(drv)))
        T.ok(drv.js("return document.getElementById('site-q').getAttribute('aria-expanded');") == "true",
             "%s: aria-expanded" % tag)
        drv.screenshot("widget-ime-%s.png" % tag)

        # A cancelled composition that ends on the same text as before:
        # no second request for the same query.
        compose(drv, ["きょ"], 0.1)
        end_composition(drv, "共創")
        time.sleep(0.8)
        T.ok(queries(drv) == ["共創"], "%s: same query not searched twice" % tag)

        # Hostile documents through the widget.
        drv.js("var i = document.getElementById('site-q'); i.value = 'ズンドコ';"
               "i.dispatchEvent(new InputEvent('input', {bubbles: true})); return true;")
        drv.wait("var p = %s; return !p.hidden && p.textContent.indexOf('ズンドコ') >= 0;" % PANEL)
        bad = drv.js("""var p = %s;
          var els = Array.from(p.querySelectorAll('*'));
          var tags = els.map(function (e) { return e.tagName; }).filter(function (t) {
            return ['A', 'DIV', 'SPAN', 'MARK'].indexOf(t) < 0; });
          var attrs = [];
          els.forEach(function (e) { Array.from(e.attributes).forEach(function (a) {
            if (/^on/i.test(a.name)) attrs.push(a.name); }); });
          var hrefs = Array.from(p.querySelectorAll('a')).map(function (a) {
            return a.getAttribute('href'); }).filter(function (h) {
            return !/^https?:/i.test(h); });
          return {tags: tags, attrs: attrs, hrefs: hrefs,
                  text: p.textContent.indexOf('<script>') >= 0};""" % PANEL)
        T.ok(bad and not bad["tags"] and not bad["attrs"] and not bad["hrefs"],
             "%s: hostile documents render no markup (%s)" % (tag, bad))
        T.ok(bad and bad["text"], "%s: hostile markup shown as text" % tag)
        time.sleep(0.3)
        T.ok(drv.js("return window.__xss;") == 0, "%s: no script ran" % tag)
    finally:
        drv.quit()


def page_tests(dx_port, width, height, tag):
    """The server-rendered page, with JavaScript off."""
    drv = Driver(width, height, javascript=False)
    try:
        drv.go("http://127.0.0.1:%d/" % dx_port)
        box = drv.find("#dxs-q")
        drv.type(box, "共創")
        drv.type(box, "\ue007")      # Enter submits the form
        ok = drv.wait("return document.querySelectorAll('.dxs-hit').length;")
        T.ok(ok, "%s page: Enter submits, results without JavaScript" % tag)
        url = drv.s("GET", "/url")
        T.ok("q=%E5%85%B1%E5%89%B5" in url, "%s page: query in the URL (%s)" % (tag, url))
        T.ok(drv.js("return document.querySelector('.dxs-snippet mark').textContent;") == "共創",
             "%s page: highlight" % tag)
        T.ok(drv.js("return document.getElementById('dxs-q').value;") == "共創",
             "%s page: box keeps the query" % tag)
        # Readable on a phone: nothing wider than the viewport.
        T.ok(drv.js("return document.documentElement.scrollWidth <= window.innerWidth;"),
             "%s page: no horizontal scrolling" % tag)
        drv.screenshot("page-%s.png" % tag)
        drv.go("http://127.0.0.1:%d/?q=%s" % (dx_port, urllib.parse.quote("市")))
        # (A JavaScript-free page, but chromedriver's element click hangs
        # under mobile emulation: follow the link's href instead.)
        drv.go(drv.s("GET", "/element/%s/property/href" % drv.find("a[rel=next]")))
        T.ok(drv.wait("return document.querySelector('.dxs-results') && "
                      "document.querySelector('.dxs-results').start === 11;"),
             "%s page: next page link" % tag)
    finally:
        drv.quit()


def main():
    site_dir = os.path.join(WORK, "site")
    os.makedirs(site_dir, exist_ok=True)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=site_dir)
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site_port = site.server_address[1]
    threading.Thread(target=site.serve_forever, daemon=True).start()
    srv = Server(os.path.join(WORK, "db"), "--allow-origin",
                 "http://127.0.0.1:%d" % site_port,
                 log=os.path.join(WORK, "serve"))
    with open(os.path.join(site_dir, "index.html"), "w") as f:
        f.write(SITE.format(dx="http://127.0.0.1:%d" % srv.port))
    try:
        widget_tests(srv.port, site_port, 1280, 860, "desktop")
        widget_tests(srv.port, site_port, 390, 844, "phone")
        page_tests(srv.port, 1280, 900, "desktop")
        page_tests(srv.port, 390, 844, "phone")
    finally:
        rc = srv.stop()
        site.shutdown()
    T.ok(rc == 0, "server exit %s (%s)" % (rc, srv.stderr()[-2000:]))
    return T.finish()


if __name__ == "__main__":
    sys.exit(main())
