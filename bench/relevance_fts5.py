#!/usr/bin/env python3
"""Score SQLite FTS5 on the relevance set of tests/relevance/ (issue 4 hook).

    relevance_fts5.py [--corpus corpus] [--queries Q.tsv] [--judgments J.tsv]
                      [--verbose]

The same metrics and judgment semantics as tests/relevance/releval.c:
results are articles, one passage each (the best-ranked), top 10; a result
is relevant to a judgment when the path matches and the marker occurs in
the passage text; gain 2^g - 1; MRR@10, nDCG@10 (ideal from the best grade
per judged article) and Recall@10 over judged articles.

Passages are built here, independently of dxsearch: each article's body is
split at blank lines (Markdown and text; Markdown markup and front matter
removed) or at block elements (HTML, only <main> when the page has one),
a heading (a short one-line block without a sentence end) joined to the
block after it, and the article title is a second, lightly weighted column.  Both text and
queries are NFKC-normalised and case-folded (Python's unicodedata, the same
idea as dxsearch's normaliser, without its long-vowel rules).

Two baselines, each with dxsearch's query syntax reduced to words, "quoted
phrases", -exclusions and OR, and two tiers like dxsearch's: articles
matching every word first, then articles matching any piece of any word
(its morphemes, or its trigrams), by bm25:

  trigram  FTS5 with the trigram tokenizer: a word of three or more
           characters is a substring match through the index; a shorter
           one (共創, DX) cannot use a trigram index and is checked with
           instr() instead.  Ranked by bm25(); when every word is short,
           by the number of occurrences.
  wakati   FTS5 unicode61 over MeCab-segmented text (`mecab -Owakati`,
           IPADIC UTF-8 by path): the morphological baseline.  Each query
           word is segmented the same way and matched as a phrase.  No base
           forms, readings or synonyms.
"""

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_extract import TextOf  # noqa: E402

K = 10
IPADIC = "/var/lib/mecab/dic/ipadic-utf8"
TITLE_WEIGHT = 0.2


def norm(s):
    return unicodedata.normalize("NFKC", s).casefold()


def md_passages(text):
    title = ""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            m = re.search(r"^title:\s*(.+)$", text[4:end], re.M)
            if m:
                title = m.group(1).strip().strip("\"'")
            text = text[end + 4:]
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = []
        for line in block.split("\n"):
            line = re.sub(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "",
                          line)
            line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
            line = re.sub(r"(\*\*|__|\*|`)", "", line)
            if line.strip() and not re.fullmatch(r"\s*[-=|: ]{3,}\s*", line):
                lines.append(line.rstrip())
        if lines:
            out.append("\n".join(lines))
    return title, out


class Title(HTMLParser):
    def __init__(self):
        super().__init__()
        self.on = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        self.on = tag == "title"

    def handle_endtag(self, tag):
        self.on = False

    def handle_data(self, data):
        if self.on:
            self.title += data


def html_passages(text):
    t = Title()
    t.feed(text)
    m = re.search(r"<main[\s>].*?</main>", text, re.S | re.I)
    p = TextOf()
    p.feed(m.group(0) if m else text)
    p.close()
    return t.title.strip(), [l for l in p.text().split("\n") if l.strip()]


def is_heading(block):
    """A short one-line block without a sentence end: a heading."""
    return ("\n" not in block and len(block) <= 40
            and not re.search(r"[。．！？!?]$", block.strip()))


def merge_headings(ps):
    """Prefix each heading block to the block after it (releval.c counts a
    marker found in a passage's heading, and dxsearch's passages start at
    headings), so that a bare heading is never a passage of its own."""
    out, head = [], []
    for b in ps:
        if is_heading(b):
            head.append(b)
            continue
        out.append("\n".join(head + [b]))
        head = []
    if head:
        out.append("\n".join(head))
    return out


def load_corpus(corpus):
    arts = []
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        ext = os.path.splitext(name)[1].lower()
        if ext not in (".md", ".markdown", ".html", ".htm", ".txt", ".text"):
            continue
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        if ext in (".html", ".htm"):
            title, ps = html_passages(text)
        elif ext in (".md", ".markdown"):
            title, ps = md_passages(text)
        else:
            ps = [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
            title = ps[0].split("\n")[0] if ps else ""
        arts.append((name, title, merge_headings(ps)))
    return arts


def wakati(lines):
    """Segment each line with MeCab; one output line per input line."""
    if not lines:
        return []
    src = "".join(l.replace("\n", " ") + "\n" for l in lines)
    out = subprocess.run(
        ["mecab", "-r", "/dev/null", "-d", IPADIC, "-b", "1048576",
         "-Owakati"], input=src, capture_output=True, text=True, check=True)
    res = out.stdout.split("\n")[:len(lines)]
    return [r.strip() for r in res]


def parse_query(q):
    """[(kind, text)] with kind '+' (word/phrase), '-' (excluded), 'OR'."""
    items = []
    for m in re.finditer(r'-?"[^"]*"|-?「[^」]*」|-?“[^”]*”|\S+', q.replace("\u3000", " ")):
        tok = m.group(0)
        neg = tok.startswith("-") and len(tok) > 1
        if neg:
            tok = tok[1:]
        if tok == "OR":
            items.append(("OR", ""))
            continue
        if tok[:1] in "\"「“" and len(tok) >= 2:
            tok = tok[1:-1]
        tok = norm(tok).strip()
        if tok:
            items.append(("-" if neg else "+", tok))
    return items


def fts_string(s):
    return '"' + s.replace('"', '""') + '"'


class Engine:
    def __init__(self, kind, arts):
        self.kind = kind
        self.db = sqlite3.connect(":memory:")
        tok = ("trigram" if kind == "trigram"
               else "unicode61 remove_diacritics 0")
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(body, title, "
                        "art UNINDEXED, text UNINDEXED, norm UNINDEXED, "
                        "tokenize='%s')" % tok)
        rows = []
        for name, title, ps in arts:
            for text in ps:
                rows.append((name, title, text))
        bodies = [norm(r[2]) for r in rows]
        titles = [norm(r[1]) for r in rows]
        if kind == "wakati":
            bodies_idx, titles_idx = wakati(bodies), wakati(titles)
        else:
            bodies_idx, titles_idx = bodies, titles
        self.db.executemany(
            "INSERT INTO p(body, title, art, text, norm) VALUES (?,?,?,?,?)",
            [(bodies_idx[i], titles_idx[i], rows[i][0], rows[i][2], bodies[i])
             for i in range(len(rows))])

    def _term(self, s):
        """(fts5 expression or None, instr string or None) for one word."""
        if self.kind == "wakati":
            w = wakati([s])[0]
            return (fts_string(w) if w else None), None
        if len(s) >= 3:
            return fts_string(s), None
        return None, s

    def _run(self, pos, neg):
        """Passages matching all of pos and none of neg, best first."""
        match, instr, neg_match, neg_instr = [], [], [], []
        for s in pos:
            m, i = self._term(s)
            if m:
                match.append(m)
            elif i:
                instr.append(i)
        for s in neg:
            m, i = self._term(s)
            if m and match:
                neg_match.append(m)  # FTS5's NOT is binary: needs a left side
            else:
                neg_instr.append(s)
        where, args = [], []
        if match:
            where.append("p MATCH ?")
            args.append(" AND ".join(match) +
                        "".join(" NOT " + m for m in neg_match))
        for s in instr:
            where.append("instr(norm, ?) > 0")
            args.append(s)
        for s in neg_instr:
            where.append("instr(norm, ?) = 0")
            args.append(s)
        if not where:
            return []
        if match:
            order = "bm25(p, 1.0, %g)" % TITLE_WEIGHT
        elif instr:
            s = instr[0].replace("'", "''")
            order = ("-(length(norm) - length(replace(norm, '%s', ''))) "
                     "/ %d" % (s, len(instr[0])))
        else:
            order = "rowid"
        sql = ("SELECT art, text FROM p WHERE %s ORDER BY %s LIMIT 2000"
               % (" AND ".join(where), order))
        return self.db.execute(sql, args).fetchall()

    def search(self, q):
        """Top K (article, passage text), one passage per article."""
        items = parse_query(q)
        neg = [t for k, t in items if k == "-"]
        # OR groups: words joined by OR are alternatives of one group.
        groups, cur = [], []
        for i, (k, t) in enumerate(items):
            if k == "+":
                if cur and not (i > 0 and items[i - 1][0] == "OR"):
                    groups.append(cur)
                    cur = []
                cur.append(t)
        if cur:
            groups.append(cur)
        seen, out = set(), []

        def add(rows):
            for art, text in rows:
                if art not in seen and len(out) < K:
                    seen.add(art)
                    out.append((art, text))

        def expand(gs):
            # every choice of one alternative per group (small here)
            combos = [[]]
            for g in gs:
                combos = [c + [t] for c in combos for t in g]
            return combos[:16]

        for combo in expand(groups):
            add(self._run(combo, neg))
        if len(out) < K:
            add(self._relaxed([t for g in groups for t in g], neg))
        return out

    def _relaxed(self, words, neg):
        """Second tier: passages with any piece of any word, by bm25: the
        morphemes of each word (wakati) or its trigrams (trigram)."""
        pieces = []
        for w in words:
            if self.kind == "wakati":
                pieces += wakati([w])[0].split()
            else:
                pieces += [w[i:i + 3] for i in range(len(w) - 2)]
        pieces = list(dict.fromkeys(p for p in pieces if p))
        if not pieces:
            return []
        where, args = ["p MATCH ?"], [" OR ".join(fts_string(p) for p in pieces)]
        for s in neg:
            where.append("instr(norm, ?) = 0")
            args.append(s)
        sql = ("SELECT art, text FROM p WHERE %s ORDER BY bm25(p, 1.0, %g) "
               "LIMIT 2000" % (" AND ".join(where), TITLE_WEIGHT))
        return self.db.execute(sql, args).fetchall()


def load_set(qfile, jfile):
    qs, order = {}, []
    for line in open(qfile, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 2:
            continue
        qs[f[0]] = {"query": f[1], "cat": f[2] if len(f) > 2 else "",
                    "j": []}
        order.append(f[0])
    for line in open(jfile, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) >= 3:
            qs[f[0]]["j"].append((f[1], int(f[2]), f[3] if len(f) > 3 else ""))
    return [dict(id=i, **qs[i]) for i in order]


def score(engine, queries, verbose):
    import math
    tot = {"mrr": 0.0, "ndcg": 0.0, "recall": 0.0}
    cats = {}
    for q in queries:
        res = engine.search(q["query"])
        best = {}
        for path, g, _ in q["j"]:
            best[path] = max(best.get(path, 0), g)
        ideal = sorted((g for g in best.values() if g > 0), reverse=True)
        first, found, dcg = 0, 0, 0.0
        for r, (art, text) in enumerate(res[:K]):
            g = max([gr for path, gr, mk in q["j"]
                     if path == art and (not mk or mk in text)] or [0])
            if g > 0:
                first = first or r + 1
                found += 1
                dcg += (2 ** g - 1) / math.log2(r + 2)
        idcg = sum((2 ** g - 1) / math.log2(r + 2)
                   for r, g in enumerate(ideal[:K]))
        m = {"mrr": 1.0 / first if first else 0.0,
             "ndcg": dcg / idcg if idcg else 0.0,
             "recall": found / len(ideal) if ideal else 0.0}
        c = cats.setdefault(q["cat"], {"n": 0, "mrr": 0.0, "ndcg": 0.0,
                                       "recall": 0.0})
        c["n"] += 1
        for k in tot:
            tot[k] += m[k]
            c[k] += m[k]
        if verbose or (ideal and not first):
            print("%s%-6s %-28s rr=%.2f ndcg=%.2f found=%d/%d  top: %s" % (
                "" if first else "MISS ", q["id"], q["query"], m["mrr"],
                m["ndcg"], found, len(ideal),
                " ".join(a for a, _ in res[:3])))
    n = len(queries)
    return {k: v / n for k, v in tot.items()}, {
        c: {k: (v / d["n"] if k != "n" else v) for k, v in d.items()}
        for c, d in cats.items()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(root, "corpus"))
    ap.add_argument("--queries",
                    default=os.path.join(root, "tests/relevance/queries.tsv"))
    ap.add_argument("--judgments",
                    default=os.path.join(root, "tests/relevance/judgments.tsv"))
    ap.add_argument("--engines", default="trigram,wakati")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--releval", help="dx_releval binary: score dxsearch too")
    ap.add_argument("--write", help="RESULTS.md: write the Relevance section")
    a = ap.parse_args()
    arts = load_corpus(a.corpus)
    queries = load_set(a.queries, a.judgments)
    table = {}
    for kind in a.engines.split(","):
        e = Engine(kind, arts)
        tot, cats = score(e, queries, a.verbose)
        for c in sorted(cats):
            v = cats[c]
            print("  %-10s n=%-3d MRR@10=%.4f nDCG@10=%.4f Recall@10=%.4f" % (
                c, v["n"], v["mrr"], v["ndcg"], v["recall"]))
        print("fts5-%s queries=%d MRR@10=%.4f nDCG@10=%.4f Recall@10=%.4f" % (
            kind, len(queries), tot["mrr"], tot["ndcg"], tot["recall"]))
        table["SQLite FTS5 " + kind] = (tot, cats)
    if a.releval:
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [a.releval, "--corpus", a.corpus, "--queries", a.queries,
                 "--judgments", a.judgments, "--db", tmp + "/db"],
                capture_output=True, text=True).stdout
        tot, cats = {}, {}
        for line in out.splitlines():
            m = re.search(r"^\s*(\S+)\s+n=(\d+)\s+MRR@10=([\d.]+) "
                          r"nDCG@10=([\d.]+) Recall@10=([\d.]+)", line)
            if m:
                cats[m.group(1)] = {"n": int(m.group(2)),
                                    "mrr": float(m.group(3)),
                                    "ndcg": float(m.group(4)),
                                    "recall": float(m.group(5))}
            m = re.search(r"^queries=\d+ MRR@10=([\d.]+) nDCG@10=([\d.]+) "
                          r"Recall@10=([\d.]+)", line)
            if m:
                tot = {"mrr": float(m.group(1)), "ndcg": float(m.group(2)),
                       "recall": float(m.group(3))}
        if tot:
            print("dxsearch queries=%d MRR@10=%.4f nDCG@10=%.4f "
                  "Recall@10=%.4f" % (len(queries), tot["mrr"], tot["ndcg"],
                                      tot["recall"]))
            table = dict([("dxsearch", (tot, cats))] + list(table.items()))
    if a.write:
        write_section(a.write, table, len(queries))


def write_section(path, table, nq):
    import datetime
    here = os.path.dirname(os.path.abspath(__file__))
    md = ["## Relevance baseline: SQLite FTS5 (issue 4 hook)", "",
          "Written by `bench/relevance_fts5.py --write` on %s, SQLite %s. "
          "The %d queries of `tests/relevance/` over `corpus/`, scored as "
          "`dx_releval` does (top 10 articles, one passage each; a hit counts "
          "when its passage holds the judgment's marker). FTS5 indexes the "
          "articles' paragraphs (blank-line / block splits, a heading joined "
          "to the paragraph after it), NFKC + case fold; *trigram*: FTS5 "
          "trigram tokenizer (words under 3 characters via instr()); "
          "*wakati*: unicode61 over `mecab -Owakati` (IPADIC). Both: every "
          "word first, then any of its trigrams / morphemes, by bm25 "
          "(title column weight %.1f). See the script's docstring." % (
              datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
              sqlite3.sqlite_version, nq, TITLE_WEIGHT), "",
          "```sh",
          "python3 bench/relevance_fts5.py --releval build/tests/dx_releval "
          "--write bench/RESULTS.md",
          "```", "",
          "| engine | MRR@10 | nDCG@10 | Recall@10 |",
          "| --- | --- | --- | --- |"]
    for name, (tot, _) in table.items():
        md.append("| %s | %.4f | %.4f | %.4f |" % (
            name, tot["mrr"], tot["ndcg"], tot["recall"]))
    cats = sorted({c for _, cs in table.values() for c in cs})
    md += ["", "nDCG@10 per category:", "",
           "| category | n | " + " | ".join(table) + " |",
           "| --- | --- | " + " | ".join("---" for _ in table) + " |"]
    for c in cats:
        n = next(cs[c]["n"] for _, cs in table.values() if c in cs)
        md.append("| %s | %d | %s |" % (c, n, " | ".join(
            "%.4f" % cs[c]["ndcg"] if c in cs else "–"
            for _, cs in table.values())))
    subprocess.run([sys.executable, os.path.join(here, "results_section.py"),
                    path, md[0]], input="\n".join(md) + "\n", text=True,
                   check=True)


if __name__ == "__main__":
    main()
