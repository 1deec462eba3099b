#!/usr/bin/env python3
"""Pick the Japanese HTML pages out of unpacked Debian doc packages.

Used by bench/corpus-build.sh; independent of dxsearch on purpose (the
baselines must not see text through dxsearch's own extractor).

    corpus_extract.py SRC OUT_CORPUS OUT_PLAIN OUT_DOCS OUT_STATS

SRC holds one folder per package (SRC/<package>/...), as unpacked by
`dpkg-deb -x` (and jars unzipped inside it).  Every .html/.htm/.xhtml
page is decoded (UTF-8, else the charset its <meta> declares, else
EUC-JP / Shift_JIS), its text extracted with html.parser (script and
style dropped, a line break at each block element), and the page is kept
when

  - its kana (hiragana + katakana) make up at least MIN_KANA of its
    non-blank characters (untranslated English pages with a Japanese
    menu fall below; default 0.10, env DX_BENCH_MIN_KANA),
  - it is not a "-big-page" (LilyPond's one-page copies of manuals that
    are also shipped split into pages), and
  - neither its bytes nor its extracted text duplicate a page kept before
    (pages are visited in sorted path order, so the choice is stable).

Kept pages are copied unchanged to OUT_CORPUS/<package>/<path> with the
suffix .html (dxsearch parses the HTML itself).  A page that is not
UTF-8 is copied as it is, for dxsearch's own decoding; its text goes to
OUT_PLAIN as UTF-8.  OUT_PLAIN gets the text of every kept page, one
block per line and a blank line between pages: the input of raw `mecab`
and of the baselines.  OUT_DOCS is JSON Lines, one page a line:
{"path", "title", "text"} with the path relative to OUT_CORPUS's parent
(as dxsearch reports it when indexing that folder) and the same text.
OUT_STATS is JSON: counts and bytes in total and
per package, and why pages were dropped.
"""

import hashlib
import json
import os
import re
import sys
from html.parser import HTMLParser

BLOCK = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd",
    "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
    "title", "tr", "ul",
}
SKIP = {"script", "style", "noscript", "template"}
KANA = re.compile("[\u3041-\u309f\u30a0-\u30ff]")
BLANK = re.compile(r"\s+")
META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""")


class TextOf(HTMLParser):
    """Collect the visible text of a page, one line per block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self.cur = []
        self.skip = 0
        self.in_title = False
        self.title = []

    def _flush(self):
        line = BLANK.sub(" ", "".join(self.cur)).strip()
        if line:
            self.lines.append(line)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif tag in BLOCK:
            self._flush()
        self.in_title = tag == "title" and not self.title

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self._flush()
        self.in_title = False

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)
            if self.in_title:
                self.title.append(data)

    def text(self):
        self._flush()
        return "\n".join(self.lines)


def decode(raw):
    """Return (text, encoding name) of an HTML page's bytes."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = META_CHARSET.search(raw[:4096]) or XML_ENCODING.search(raw[:512])
    tries = [m.group(1).decode("ascii").lower()] if m else []
    for enc in tries + ["euc_jp", "cp932", "iso2022_jp"]:
        try:
            return raw.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", "replace"), "utf-8-repaired"


def out_name(pkg, rel):
    """corpus path for a page: drop the usual usr/share[/doc] prefix."""
    rel = re.sub(r"^usr/share/(doc/)?", "", rel)
    base, _ = os.path.splitext(rel)
    return os.path.join(pkg, base + ".html")


def main():
    src, out_corpus, out_plain, out_docs, out_stats = sys.argv[1:6]
    top = os.path.dirname(os.path.abspath(out_corpus))
    min_kana = float(os.environ.get("DX_BENCH_MIN_KANA", "0.10"))
    seen_raw, seen_text = set(), set()
    stats = {"min_kana": min_kana, "kept": 0, "html_bytes": 0,
             "text_bytes": 0, "non_utf8": 0, "dropped": {},
             "packages": {}}

    def drop(why):
        stats["dropped"][why] = stats["dropped"].get(why, 0) + 1

    with open(out_plain, "w", encoding="utf-8") as plain, \
            open(out_docs, "w", encoding="utf-8") as docs:
        for pkg in sorted(os.listdir(src)):
            root = os.path.join(src, pkg)
            pages = []
            for d, dirs, files in os.walk(root):
                dirs.sort()
                for f in files:
                    if re.search(r"\.(html?|xhtml)$", f, re.I):
                        pages.append(os.path.join(d, f))
            for path in sorted(pages):
                rel = os.path.relpath(path, root)
                if "-big-page" in rel:
                    drop("big-page copy")
                    continue
                with open(path, "rb") as fh:
                    raw = fh.read()
                h = hashlib.sha256(raw).digest()
                if h in seen_raw:
                    drop("duplicate bytes")
                    continue
                seen_raw.add(h)
                html, enc = decode(raw)
                p = TextOf()
                p.feed(html)
                p.close()
                text = p.text()
                chars = len(text) - text.count(" ") - text.count("\n")
                if chars == 0 or len(KANA.findall(text)) < min_kana * chars:
                    drop("kana share below %.2f" % min_kana)
                    continue
                t = hashlib.sha256(text.encode("utf-8")).digest()
                if t in seen_text:
                    drop("duplicate text")
                    continue
                seen_text.add(t)
                dest = os.path.join(out_corpus, out_name(pkg, rel))
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                with open(dest, "wb") as fh:
                    fh.write(raw)
                body = text.encode("utf-8")
                plain.write(text)
                plain.write("\n\n")
                title = BLANK.sub(" ", "".join(p.title)).strip()
                docs.write(json.dumps(
                    {"path": os.path.relpath(os.path.abspath(dest), top),
                     "title": title, "text": text},
                    ensure_ascii=False))
                docs.write("\n")
                ps = stats["packages"].setdefault(
                    pkg, {"pages": 0, "html_bytes": 0, "text_bytes": 0})
                ps["pages"] += 1
                ps["html_bytes"] += len(raw)
                ps["text_bytes"] += len(body) + 2
                stats["kept"] += 1
                stats["html_bytes"] += len(raw)
                stats["text_bytes"] += len(body) + 2
                if enc != "utf-8":
                    stats["non_utf8"] += 1
    with open(out_stats, "w", encoding="utf-8") as fh:
        json.dump(stats, fh, indent=1, sort_keys=True)
        fh.write("\n")


if __name__ == "__main__":
    main()
