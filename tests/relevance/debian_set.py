#!/usr/bin/env python3
"""Build the second relevance set ("debian") from the bench corpus.

    debian_set.py [--data bench/data] --out DIR [--scope all|subset]

Real Japanese text that nobody on this project wrote: the Japanese
manuals of Debian 12's doc packages that bench/corpus-build.sh extracts
into bench/data/corpus/.  Two kinds of queries over one modified copy of
that corpus (DIR/corpus, same layout):

  heading   The section headings (h2-h4) of debian-reference-ja and
            kicad-doc-ja, as queries.  In the copy each of these headings
            keeps only its number ("3.2.1."), and every link to it (tables
            of contents, cross-references) keeps only the number too, so
            the words of the heading are gone from the indexed text; the
            answer is the section: its own passages (grade 3) and those of
            its subsections (grade 2).  Judged by anchor ("#id"): the copy
            puts each heading's id on the heading element itself (DocBook
            puts it on an <a> inside), so that the indexer's passages carry
            it.  Kept: headings with Japanese in them, at least 3
            characters long after the number, with some text of their own,
            not generic (概要, はじめに, ...) and not repeated within the
            subset.
  question  Hand-written natural-language questions about the same
            manuals, with hand-located answers (debian_questions.tsv and
            debian_judgments.tsv beside this script; markers are verbatim
            text of the copy, or "#id" for a whole section).

--scope all copies the whole corpus (the bench's haystack: 2,270 pages of
eight manuals; unchanged files are hard-linked); --scope subset copies only
the two manuals (for the ctest).  Writes DIR/corpus/, DIR/queries.tsv,
DIR/judgments.tsv and DIR/headings.tsv (what was removed, for reading).
The output depends only on the input files: sorted walks, no randomness.
"""

import argparse
import html
import os
import re
import shutil
import sys
import unicodedata

SUBSET = ("debian-reference-ja", "kicad-doc-ja")
GENERIC = {
    "概要", "はじめに", "序文", "まえがき", "導入", "紹介", "例", "例示", "参考",
    "参照", "注意", "注意事項", "要約", "まとめ", "その他", "その他の情報",
    "ヒント", "基本", "基礎", "前提", "用語", "用語集", "付録", "索引",
    "概論", "一般", "設定", "使い方", "説明", "詳細", "目次", "はじめの一歩",
}
HEADING = re.compile(r"<h([2-4])((?:\s[^>]*)?)>(.*?)</h\1\s*>", re.S | re.I)
ANCHOR_IN = re.compile(r"<a\s[^>]*?(?:id|name)=\"([^\"]+)\"[^>]*?/?>(?:</a>)?",
                       re.I)
ID_ATTR = re.compile(r"\sid=\"([^\"]+)\"", re.I)
LINK = re.compile(r"<a(\s[^>]*?)href=\"([^\"#]*)#([^\"]+)\"([^>]*)>(.*?)</a>",
                  re.S | re.I)
NUMBER = re.compile(r"^\s*((?:[0-9A-Z]+\.)+[0-9]*\.?|[0-9]+)\s+")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def text_of(fragment):
    t = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    return re.sub(r"\s+", " ", t).strip()


def split_number(t):
    m = NUMBER.match(t)
    return (m.group(1), t[m.end():].strip()) if m else ("", t)


def key(t):
    return unicodedata.normalize("NFKC", t).casefold()


def scan(path):
    """[(level, id, number, title, start, end, own_text_chars)] of a page."""
    src = open(path, encoding="utf-8", errors="replace").read()
    hs = []
    for m in HEADING.finditer(src):
        inner, attrs = m.group(3), m.group(2)
        hid = ID_ATTR.search(attrs)
        hid = hid.group(1) if hid else None
        if not hid:
            a = ANCHOR_IN.search(inner)
            hid = a.group(1) if a else None
        num, title = split_number(text_of(inner))
        hs.append([int(m.group(1)), hid, num, title, m.start(), m.end(), 0])
    for i, h in enumerate(hs):
        nxt = hs[i + 1][4] if i + 1 < len(hs) else len(src)
        own = src[h[5]:nxt]
        own = re.sub(r"<(script|style)\b.*?</\1>", "", own, flags=re.S | re.I)
        h[6] = len(re.sub(r"\s", "", text_of(own)))
    return src, hs


def rewrite(src, hs, removed, here, links):
    """The page with every heading's id on the heading element, removed
    headings cut to their number, and links to removed headings likewise."""
    out, pos = [], 0
    for level, hid, num, title, s, e, _ in hs:
        m = HEADING.match(src, s)
        attrs, inner = m.group(2), m.group(3)
        attrs = ID_ATTR.sub("", attrs)
        if hid and (here, hid) in removed:
            inner = num
        else:
            inner = ANCHOR_IN.sub("", inner, count=1) if hid and \
                not ID_ATTR.search(m.group(2)) else inner
        idattr = ' id="%s"' % hid if hid else ""
        out.append(src[pos:s])
        out.append("<h%d%s%s>%s</h%d>" % (level, attrs, idattr, inner, level))
        pos = e
    out.append(src[pos:])
    page = "".join(out)

    def link(m):
        target = os.path.normpath(os.path.join(os.path.dirname(here),
                                               m.group(2))) \
            if m.group(2) else here
        num = links.get((target, m.group(3)))
        if num is None:
            return m.group(0)
        return "<a%shref=\"%s#%s\"%s>%s</a>" % (m.group(1), m.group(2),
                                              m.group(3), m.group(4), num)
    return LINK.sub(link, page)


def pages(corpus, top):
    for root, dirs, files in os.walk(os.path.join(corpus, top)):
        dirs.sort()
        for f in sorted(files):
            if f.lower().endswith((".html", ".htm")):
                yield os.path.relpath(os.path.join(root, f), corpus)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(root, "bench", "data"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--scope", choices=("all", "subset"), default="all")
    a = ap.parse_args()
    corpus = os.path.join(a.data, "corpus")
    if not all(os.path.isdir(os.path.join(corpus, s)) for s in SUBSET):
        print("debian_set: no %s/{%s}: run bench/corpus-build.sh" % (
            corpus, ",".join(SUBSET)), file=sys.stderr)
        return 2

    scanned, cands = {}, []
    for top in SUBSET:
        for rel in pages(corpus, top):
            src, hs = scan(os.path.join(corpus, rel))
            scanned[rel] = (src, hs)
            for i, h in enumerate(hs):
                cands.append((rel, i, h))
    count = {}
    for rel, i, h in cands:
        count[key(h[3])] = count.get(key(h[3]), 0) + 1
    removed, links, rows = set(), {}, []
    for rel, i, h in cands:
        level, hid, num, title, _, _, own = h
        if not hid or not num or not JAPANESE.search(title) or \
                len(title) < 3 or key(title) in GENERIC or \
                count[key(title)] > 1 or own < 40:
            continue
        removed.add((rel, hid))
        links[(rel, hid)] = num
        # descendants: the following headings of a deeper level
        subs = []
        for h2 in scanned[rel][1][i + 1:]:
            if h2[0] <= level:
                break
            if h2[1]:
                subs.append(h2[1])
        rows.append((rel, hid, num, title, subs))

    out = os.path.abspath(a.out)
    dst = os.path.join(out, "corpus")
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    tops = sorted(os.listdir(corpus)) if a.scope == "all" else SUBSET
    for top in tops:
        for rootdir, dirs, files in os.walk(os.path.join(corpus, top)):
            dirs.sort()
            for f in sorted(files):
                s = os.path.join(rootdir, f)
                rel = os.path.relpath(s, corpus)
                d = os.path.join(dst, rel)
                os.makedirs(os.path.dirname(d), exist_ok=True)
                if rel in scanned:
                    src, hs = scanned[rel]
                    with open(d, "w", encoding="utf-8") as fh:
                        fh.write(rewrite(src, hs, removed, rel, links))
                else:
                    try:
                        os.link(s, d)
                    except OSError:
                        shutil.copy2(s, d)

    with open(os.path.join(out, "headings.tsv"), "w", encoding="utf-8") as h, \
            open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as q, \
            open(os.path.join(out, "judgments.tsv"), "w",
                 encoding="utf-8") as j:
        q.write("# generated by tests/relevance/debian_set.py --scope %s\n"
                % a.scope)
        j.write("# generated by tests/relevance/debian_set.py\n")
        h.write("# id\tpath\tanchor\tnumber\theading\n")
        for n, (rel, hid, num, title, subs) in enumerate(rows, 1):
            qid = "h%03d" % n
            query = re.sub(r"[\"*]", " ", title)
            query = re.sub(r"\s+", " ", query).strip()
            h.write("%s\t%s\t%s\t%s\t%s\n" % (qid, rel, hid, num, title))
            q.write("%s\t%s\theading\n" % (qid, query))
            j.write("%s\t%s\t3\t#%s\n" % (qid, rel, hid))
            for s in subs:
                j.write("%s\t%s\t2\t#%s\n" % (qid, rel, s))
        for name, dst_fh in (("debian_questions.tsv", q),
                             ("debian_judgments.tsv", j)):
            for line in open(os.path.join(here, name), encoding="utf-8"):
                if line.strip() and not line.startswith("#"):
                    dst_fh.write(line)
    print("debian_set: %d heading queries, corpus copy in %s (%s)" % (
        len(rows), dst, a.scope), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
