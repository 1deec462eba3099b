#!/usr/bin/env python3
"""Relevance benchmark (issue 4): dxsearch, Groonga and SQLite FTS5 on the
same passages, the same queries and the same judgments.

    bench/relevance.sh [OPTIONS]     # installs what it needs, runs this
    relevance.py [--sets sample,debian] [--engines LIST]
                 [--dx LABEL=BIN[:DICT]]...
                 [--work DIR] [--write RESULTS.md] [--verbose]

Sets (see tests/relevance/README.md):
  sample  tests/relevance/{queries,judgments}.tsv over corpus/ (written for
          this project; judged by marker: a verbatim piece of the passage).
  debian  built by tests/relevance/debian_set.py from bench/data (the bench
          corpus, bench/corpus-build.sh): section headings of
          debian-reference-ja and kicad-doc-ja as queries over a copy of
          the whole bench corpus with those headings removed, judged by
          section anchor, plus hand-written questions.

Engines (--engines, default all but fts5-wakati):
  dxsearch        every --dx LABEL=BIN (default: build-release/cli/dxsearch):
                  `dxsearch index` of the set's corpus, then
                  `dxsearch query --limit 100 --batch` (its JSON).
                  LABEL=BIN:DICT indexes with `--dict DICT` (unidic, a
                  folder); without it dxsearch uses its own default, the
                  pinned IPADIC.
  groonga-mecab   Groonga (Debian's groonga-bin), TokenMecab (IPADIC UTF-8
                  pinned through MECABRC) + NormalizerAuto
  groonga-bigram  Groonga, TokenBigram + NormalizerAuto
  fts5-trigram    SQLite FTS5, trigram tokenizer (bench/relevance_fts5.py)
  fts5-wakati     SQLite FTS5, unicode61 over `mecab -Owakati`

The unit is dxsearch's passage for every engine: the passages of the first
--dx index are read back from it (python3-xapian: path, title, heading,
anchor, text) and loaded into Groonga and FTS5 as rows with a body, a
heading and a title column.  So all engines rank the same text, and a
result counts the same way for all: results are collapsed to the best
passage per article, the top 100 articles kept; a passage is relevant to
a judgment when its path matches and it holds the marker (in its text or
heading) or, for a "#id" marker, lies in that section (its anchor).  The
baselines get dxsearch's query language reduced to words, phrases,
-exclusions and OR, and two tiers like dxsearch: passages with every word
first (each word a phrase), then passages with any token of any word (the
engine's own tokenizer: Groonga's `tokenize`, trigrams, MeCab) by score.
Groonga scores with scorer_tf_idf, body x5, heading and title x1: the
best of the four settings tried on the sample set (plain TF, TF-IDF, each
with the body x1 or x5), so that the baseline is not handicapped.

Metrics as tests/relevance/releval.c: MRR@10, nDCG@10 (gain 2^g - 1, the
ideal from the best grade per judged article), Recall@10 and Recall@100
over judged articles, per set and per category, and the queries without
any result -- split into those where some passage contains a query word
(or one of its MeCab pieces of two or more characters) and those where
none does.  Per-query results go to WORK/SET/ENGINE.tsv.
"""

import argparse
import datetime
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, HERE)
import relevance_fts5 as fts5  # noqa: E402

K, KR = 10, 100
IPADIC = "/var/lib/mecab/dic/ipadic-utf8"
GROONGA_MATCH = ("scorer_tf_idf(body) * 5 || scorer_tf_idf(heading) || "
                 "scorer_tf_idf(title)")
ENGINES = ["dxsearch", "groonga-mecab", "groonga-bigram", "fts5-trigram"]
NAMES = {"groonga-mecab": "Groonga TokenMecab",
         "groonga-bigram": "Groonga TokenBigram",
         "fts5-trigram": "SQLite FTS5 trigram",
         "fts5-wakati": "SQLite FTS5 wakati"}


def log(*a):
    print("relevance:", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- sets

def load_set(qfile, jfile):
    qs, order = {}, []
    for f in (qfile, jfile):
        for line in open(f, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            x = line.rstrip("\n").split("\t")
            if f == qfile and len(x) >= 2 and x[0] not in qs:
                qs[x[0]] = {"id": x[0], "query": x[1],
                            "cat": x[2] if len(x) > 2 else "", "j": []}
                order.append(x[0])
            elif f == jfile and len(x) >= 3:
                qs[x[0]]["j"].append((x[1], int(x[2]),
                                      x[3] if len(x) > 3 else ""))
    return [qs[i] for i in order]


def set_files(name, work, data):
    """(corpus dir, queries.tsv, judgments.tsv) of a set."""
    rel = os.path.join(ROOT, "tests", "relevance")
    if name == "sample":
        return (os.path.join(ROOT, "corpus"),
                os.path.join(rel, "queries.tsv"),
                os.path.join(rel, "judgments.tsv"))
    out = os.path.join(work, "debian-set")
    subprocess.run([sys.executable, os.path.join(rel, "debian_set.py"),
                    "--data", data, "--out", out, "--scope", "all"],
                   check=True)
    return (os.path.join(out, "corpus"), os.path.join(out, "queries.tsv"),
            os.path.join(out, "judgments.tsv"))


# ---------------------------------------------------------------- dxsearch

def dx_spec(spec):
    """(binary, dictionary or None) of a --dx BIN[:DICT]."""
    b, _, d = spec.partition(":")
    return b, d or None


def dx_index(dx, corpus, db):
    dx, dic = dx_spec(dx)
    shutil.rmtree(db, ignore_errors=True)
    t = time.time()
    subprocess.run([dx, "index", "--db", db] +
                   (["--dict", dic] if dic else []) + [corpus], check=True,
                   stdout=subprocess.DEVNULL)
    return time.time() - t


def dx_search(dx, db, corpus, queries, qfile):
    dx = dx_spec(dx)[0]
    with open(qfile, "w", encoding="utf-8") as fh:
        for q in queries:
            fh.write(q["query"].replace("\n", " ") + "\n")
    out = subprocess.run([dx, "query", "--db", db, "--limit", str(KR),
                          "--batch", qfile], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    if len(out) != len(queries):
        raise SystemExit("relevance: dxsearch gave %d answers to %d queries"
                         % (len(out), len(queries)))
    res = []
    for line in out:
        r = json.loads(line)
        res.append([{"path": os.path.relpath(h["path"], corpus),
                     "text": h["text"], "heading": h.get("heading") or "",
                     "anchor": h.get("anchor") or ""}
                    for h in r.get("results", [])])
    return res


def parse_record(data):
    """The fields of a dxsearch document record ("dx1;" then len:bytes)."""
    if not data.startswith(b"dx1;"):
        raise ValueError("not a dxsearch record")
    pos, out = 4, []
    while pos < len(data):
        colon = data.index(b":", pos)
        n = int(data[pos:colon])
        out.append(data[colon + 1:colon + 1 + n].decode("utf-8", "replace"))
        pos = colon + 1 + n
    return out


def export_passages(db, corpus):
    """Every passage of a dxsearch index, in path and passage order."""
    import xapian
    x = xapian.Database(db)
    ps = []
    for p in x.postlist(""):
        f = parse_record(x.get_document(p.docid).get_data())
        path, _url, title, heading, anchor, num, text = f[:7]
        ps.append({"path": os.path.relpath(path, corpus), "title": title,
                   "heading": heading, "anchor": anchor, "num": int(num),
                   "text": text})
    ps.sort(key=lambda p: (p["path"], p["num"]))
    return ps


# ---------------------------------------------------------------- Groonga

def grn_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def grn_arg(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Groonga:
    """Groonga over the passages, through the groonga CLI (one process per
    batch of commands, JSON answers one per line)."""

    def __init__(self, tokenizer, passages, work):
        self.tok, self.work = tokenizer, work
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        self.env = dict(os.environ, MECABRC=os.path.join(work, "mecabrc"))
        with open(self.env["MECABRC"], "w") as fh:
            fh.write("dicdir = %s\n" % IPADIC)
        self.db = os.path.join(work, "db")
        load = os.path.join(work, "load.grn")
        with open(load, "w", encoding="utf-8") as o:
            o.write("table_create Passages TABLE_NO_KEY\n")
            for c, t in (("body", "LongText"), ("heading", "Text"),
                         ("title", "Text")):
                o.write("column_create Passages %s COLUMN_SCALAR %s\n" % (c, t))
            o.write("load --table Passages\n[\n")
            o.write(",\n".join(json.dumps(
                {"body": p["text"], "heading": p["heading"],
                 "title": p["title"]}, ensure_ascii=False) for p in passages))
            o.write("\n]\n")
            o.write("table_create Terms TABLE_PAT_KEY ShortText "
                    "--default_tokenizer %s --normalizer NormalizerAuto\n"
                    % tokenizer)
            o.write("column_create Terms idx COLUMN_INDEX|WITH_POSITION|"
                    "WITH_SECTION Passages body,heading,title\n")
        self._run(["-n", self.db], load)

    def _run(self, args, infile):
        with open(infile, encoding="utf-8") as fh:
            out = subprocess.run(["groonga"] + args, stdin=fh, env=self.env,
                                 capture_output=True, text=True, check=True)
        res = []
        for line in out.stdout.splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            h = r[0] if isinstance(r, list) else r.get("header", {})
            rc = h[0] if isinstance(h, list) else h.get("return_code", 0)
            if rc != 0:
                raise SystemExit("relevance: groonga error: " + line[:300])
            res.append(r)
        return res

    def _batch(self, cmds, name):
        f = os.path.join(self.work, name)
        with open(f, "w", encoding="utf-8") as o:
            o.write("".join(c + "\n" for c in cmds))
        out = self._run([self.db], f)
        if len(out) != len(cmds):
            raise SystemExit("relevance: groonga answered %d of %d commands"
                             % (len(out), len(cmds)))
        return out

    def search_all(self, queries):
        parsed = [fts5.parse_query(q["query"]) for q in queries]
        words = sorted({t for items in parsed for k, t in items if k == "+"})
        toks = self._batch(
            ["tokenize %s %s NormalizerAuto --command_version 3"
             % (self.tok, grn_str(w)) for w in words], "tokenize.grn")
        pieces = {w: [t["value"] for t in r["body"]
                      if re.search(r"\w", t["value"])]
                  for w, r in zip(words, toks)}
        cmds = []
        for items in parsed:
            strict, neg = [], []
            for k, t in items:
                if k == "OR" and strict:
                    strict.append("OR")
                elif k == "+":
                    strict.append(grn_str(t))
                elif k == "-":
                    neg.append("- " + grn_str(t))
            while strict and strict[-1] == "OR":
                strict.pop()
            loose = list(dict.fromkeys(
                p for k, t in items if k == "+" for p in pieces[t]))
            for q in (" ".join(strict + neg) if strict else "",
                      " OR ".join(grn_str(p) for p in loose) +
                      (" " + " ".join(neg) if neg and loose else "")):
                cmds.append(
                    "select Passages --match_columns %s --query %s "
                    "--sort_keys -_score,_id --limit %d --output_columns _id "
                    "--command_version 3" % (grn_arg(GROONGA_MATCH),
                                              grn_arg(q), 2000) if q else
                    "select Passages --filter false --limit 0 "
                    "--output_columns _id --command_version 3")
        out = self._batch(cmds, "select.grn")
        res = []
        for i in range(len(queries)):
            ids = []
            for r in out[2 * i:2 * i + 2]:
                ids += [row[0] - 1 for row in r["body"]["records"]]
            res.append(list(dict.fromkeys(ids)))
        return res


# ---------------------------------------------------------------- scoring

def collapse(ids, passages):
    """Best passage per article, top KR articles, as result dicts."""
    seen, out = set(), []
    for i in ids:
        p = passages[i]
        if p["path"] not in seen:
            seen.add(p["path"])
            out.append(p)
            if len(out) == KR:
                break
    return out


def gain(q, hit):
    g = 0
    for path, grade, mk in q["j"]:
        if path != hit["path"]:
            continue
        if mk.startswith("#"):
            if hit["anchor"] != mk[1:]:
                continue
        elif mk and mk not in hit["text"] and mk not in hit["heading"]:
            continue
        g = max(g, grade)
    return g


def metrics(q, hits):
    best = {}
    for path, g, _ in q["j"]:
        best[path] = max(best.get(path, 0), g)
    ideal = sorted((g for g in best.values() if g > 0), reverse=True)
    first, f10, f100, dcg = 0, 0, 0, 0.0
    for r, h in enumerate(hits[:KR]):
        g = gain(q, h)
        if g and r < K:
            first = first or r + 1
            f10 += 1
            dcg += (2 ** g - 1) / math.log2(r + 2)
        f100 += g > 0
    idcg = sum((2 ** g - 1) / math.log2(r + 2)
               for r, g in enumerate(ideal[:K]))
    n = len(ideal)
    return {"mrr": 1.0 / first if first else 0.0,
            "ndcg": dcg / idcg if idcg else 0.0,
            "r10": f10 / n if n else 0.0, "r100": f100 / n if n else 0.0,
            "zero": 0 if hits else 1}


class WordIndex:
    """Does any passage contain a query word, or one of its MeCab pieces of
    two or more characters?  (For the zero-result check.)"""

    def __init__(self, passages):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE w USING fts5(t, "
                        "tokenize='trigram')")
        self.db.executemany("INSERT INTO w(t) VALUES (?)", [
            (fts5.norm("%s\n%s\n%s" % (p["title"], p["heading"], p["text"])),)
            for p in passages])

    def has(self, s):
        if len(s) >= 3:
            return self.db.execute("SELECT 1 FROM w WHERE w MATCH ? LIMIT 1",
                                   (fts5.fts_string(s),)).fetchone()
        return self.db.execute("SELECT 1 FROM w WHERE instr(t, ?) > 0 "
                               "LIMIT 1", (s,)).fetchone()

    def any_word(self, query):
        words = [t for k, t in fts5.parse_query(query) if k == "+"]
        pieces = [p for w in words for p in fts5.wakati([w])[0].split()
                  if len(p) >= 2]
        return any(self.has(w) for w in words + pieces)


def score(queries, results, words, dump):
    tot = {"mrr": 0.0, "ndcg": 0.0, "r10": 0.0, "r100": 0.0, "zero": 0}
    cats, unjust = {}, []
    with open(dump, "w", encoding="utf-8") as fh:
        fh.write("id\tcategory\tquery\trr\tndcg10\trecall10\trecall100\t"
                 "top3\n")
        for q, hits in zip(queries, results):
            m = metrics(q, hits)
            c = cats.setdefault(q["cat"], dict.fromkeys(tot, 0.0))
            c["n"] = c.get("n", 0) + 1
            for k in tot:
                tot[k] += m[k]
                c[k] += m[k]
            if m["zero"] and words.any_word(q["query"]):
                unjust.append(q["query"])
            fh.write("%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%s\n" % (
                q["id"], q["cat"], q["query"], m["mrr"], m["ndcg"], m["r10"],
                m["r100"], " ".join(
                    h["path"].rsplit("/", 1)[-1] +
                    ("#" + h["anchor"] if h["anchor"] else "")
                    for h in hits[:3])))
    n = len(queries)
    out = {k: (v / n if k != "zero" else int(v)) for k, v in tot.items()}
    out["unjust"] = unjust
    out["cats"] = {c: {k: (v / d["n"] if k not in ("n", "zero") else int(v))
                       for k, v in d.items()} for c, d in cats.items()}
    return out


# ---------------------------------------------------------------- report

def fmt_row(name, s):
    z = "%d" % s["zero"]
    if s["unjust"]:
        z += " (%d with a query word)" % len(s["unjust"])
    return "| %s | %.4f | %.4f | %.4f | %.4f | %s |" % (
        name, s["mrr"], s["ndcg"], s["r10"], s["r100"], z)


def section(report, meta, dxs):
    md = ["## Relevance (issue 4)", "",
          "Written by `bench/relevance.sh` on %s (load %s); dxsearch %s, "
          "Groonga %s, SQLite %s, MeCab IPADIC %s. Every engine ranks "
          "dxsearch's passages (read back from its index), collapsed to the "
          "best passage per article; MRR@10, nDCG@10, Recall@10 and "
          "Recall@100 over judged articles as `dx_releval` computes them; "
          "*zero*: queries without any result (and of those, how many had a "
          "query word, or a MeCab piece of one, in some passage). Method, "
          "query translation and Groonga's scorer: the docstring of "
          "`bench/relevance.py`; the sets: `tests/relevance/README.md`."
          % (meta["date"], meta["load"], meta["dx"], meta["groonga"],
             sqlite3.sqlite_version, meta["ipadic"]), "",
          "```sh",
          "bench/corpus-build.sh   # once: bench/data (the debian set needs it)",
          "bench/relevance.sh      # both sets, all engines; writes this section",
          "bench/relevance.sh --dx before=/path/to/old/dxsearch "
          "--dx after=build-release/cli/dxsearch",
          "```"]
    labels = [l for l, _ in dxs]
    for name, rep in report.items():
        md += ["", "### %s set: %d queries, %s" % (
            name, rep["n"], rep["desc"]), "",
            "| engine | MRR@10 | nDCG@10 | Recall@10 | Recall@100 | zero |",
            "| --- | --- | --- | --- | --- | --- |"]
        main = {e: s for e, s in rep["scores"].items()
                if e not in labels[1:]}
        for eng, s in main.items():
            md.append(fmt_row(eng, s))
        engines = list(main)
        cats = sorted({c for s in rep["scores"].values() for c in s["cats"]})
        md += ["", "nDCG@10 (MRR@10) per category; **bold**: the best:", "",
               "| category | n | " + " | ".join(engines) + " |",
               "| --- | --- | " + " | ".join("---" for _ in engines) + " |"]
        for c in cats:
            vals = [rep["scores"][e]["cats"].get(c) for e in engines]
            top = max(v["ndcg"] for v in vals if v)
            cells = []
            for v in vals:
                if not v:
                    cells.append("–")
                    continue
                t = "%.3f (%.3f)" % (v["ndcg"], v["mrr"])
                cells.append("**%s**" % t if v["ndcg"] == top else t)
            md.append("| %s | %d | %s |" % (
                c, next(v["n"] for v in vals if v), " | ".join(cells)))
        lost = losses(main)
        md += ["", "dxsearch behind a baseline (overall: any metric; per "
               "category: nDCG@10): " +
               ("; ".join(lost) if lost else "nowhere") + "."]
        for eng, s in main.items():
            if s["unjust"]:
                md.append("Zero results with a query word in the text (%s): "
                          "%s." % (eng, ", ".join(
                              "`%s`" % u for u in s["unjust"][:12]) +
                              (" …" if len(s["unjust"]) > 12 else "")))
    if len(labels) > 1:
        md += by_feature(report, labels[1:] + labels[:1])
    return "\n".join(md) + "\n"


def by_feature(report, labels):
    """dxsearch binary by binary (--dx order): overall scores per set, and
    the sample set's nDCG@10 per category."""
    sets = list(report)
    md = ["", "### dxsearch feature by feature", "",
          "Each `--dx` binary indexes and searches each set itself (the "
          "baselines above rank the passages of the first, the last row "
          "here).", "",
          "| dxsearch | " + " | ".join(
              "%s MRR@10 | %s nDCG@10 | %s Recall@100 | %s zero" % ((n,) * 4)
              for n in sets) + " |",
          "| --- | " + " | ".join("--- | --- | --- | ---" for _ in sets) +
          " |"]
    for l in labels:
        cells = []
        for n in sets:
            v = report[n]["scores"].get(l)
            cells.append("%.4f | %.4f | %.4f | %d" % (
                v["mrr"], v["ndcg"], v["r100"], v["zero"]) if v else
                "– | – | – | –")
        md.append("| %s | %s |" % (l, " | ".join(cells)))
    first = report[sets[0]]["scores"]
    cats = sorted({c for l in labels if l in first for c in first[l]["cats"]})
    md += ["", "%s set, nDCG@10 per category:" % sets[0], "",
           "| dxsearch | " + " | ".join(cats) + " |",
           "| --- | " + " | ".join("---" for _ in cats) + " |"]
    for l in labels:
        if l in first:
            md.append("| %s | %s |" % (l, " | ".join(
                "%.3f" % first[l]["cats"][c]["ndcg"]
                if c in first[l]["cats"] else "–" for c in cats)))
    return md


def losses(scores):
    """Where a baseline beats the first dxsearch row: overall on MRR@10,
    nDCG@10 or Recall@100, per category on nDCG@10."""
    base = [e for e in scores if e in NAMES.values()]
    dx = next((e for e in scores if e not in base), None)
    if dx is None or not base:
        return []
    out = []
    for m, label in (("mrr", "MRR@10"), ("ndcg", "nDCG@10"),
                     ("r100", "Recall@100")):
        best = max(base, key=lambda e: scores[e][m])
        if scores[best][m] > scores[dx][m] + 1e-9:
            out.append("all %s %.3f vs %.3f (%s)" % (
                label, scores[dx][m], scores[best][m], best))
    for c, v in sorted(scores[dx]["cats"].items()):
        have = [e for e in base if c in scores[e]["cats"]]
        if not have:
            continue
        best = max(have, key=lambda e: scores[e]["cats"][c]["ndcg"])
        b = scores[best]["cats"][c]["ndcg"]
        if b > v["ndcg"] + 1e-9:
            out.append("%s %.3f vs %.3f (%s)" % (c, v["ndcg"], b, best))
    return out


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="sample,debian")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--dx", action="append", default=[],
                    help="LABEL=BIN[:DICT]: a dxsearch binary to score, "
                    "indexing with --dict DICT if given (repeat)")
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--write", help="RESULTS.md: write the Relevance section")
    ap.add_argument("--rewrite", action="store_true",
                    help="only rewrite the section from WORK/report.json")
    a = ap.parse_args()
    work = os.path.abspath(a.work or os.path.join(a.data, "relevance"))
    os.makedirs(work, exist_ok=True)
    dxs = [d.split("=", 1) for d in a.dx] or [
        ["dxsearch", os.path.join(ROOT, "build-release", "cli", "dxsearch")]]
    engines = a.engines.split(",")
    saved = os.path.join(work, "report.json")
    if a.rewrite:
        with open(saved, encoding="utf-8") as fh:
            r = json.load(fh)
        write(a.write, r["report"], r["meta"], r["dxs"])
        return
    report = {}
    for name in a.sets.split(","):
        corpus, qf, jf = set_files(name, work, os.path.abspath(a.data))
        corpus = os.path.abspath(corpus)
        queries = load_set(qf, jf)
        sw = os.path.join(work, name)
        os.makedirs(sw, exist_ok=True)
        scores, passages = {}, None
        for label, dx in dxs:
            slug = re.sub(r"[^\w.-]+", "_", label)
            db = os.path.join(sw, "dx-%s.db" % slug)
            secs = dx_index(os.path.abspath(dx), corpus, db)
            if passages is None:
                passages = export_passages(db, corpus)
                words = WordIndex(passages)
                log("%s: %d queries, %d passages of %d articles" % (
                    name, len(queries), len(passages),
                    len({p["path"] for p in passages})))
            if "dxsearch" in engines:
                res = dx_search(os.path.abspath(dx), db, corpus, queries,
                                os.path.join(sw, "queries.txt"))
                scores[label] = score(queries, res, words, os.path.join(
                    sw, "dx-%s.tsv" % slug))
                log("%s: %s indexed in %.1f s" % (name, label, secs))
        for eng in engines:
            if eng == "dxsearch":
                continue
            t = time.time()
            if eng.startswith("groonga"):
                g = Groonga("TokenMecab" if eng == "groonga-mecab"
                            else "TokenBigram", passages,
                            os.path.join(sw, eng))
                ids = g.search_all(queries)
            else:
                e = fts5.Engine(eng.split("-", 1)[1], passages)
                ids = [e.search(q["query"]) for q in queries]
            res = [collapse(i, passages) for i in ids]
            scores[NAMES[eng]] = score(queries, res, words,
                                       os.path.join(sw, eng + ".tsv"))
            log("%s: %s in %.1f s" % (name, eng, time.time() - t))
        for eng, s in scores.items():
            print("%-7s %-22s MRR@10=%.4f nDCG@10=%.4f Recall@10=%.4f "
                  "Recall@100=%.4f zero=%d/%d" % (
                      name, eng, s["mrr"], s["ndcg"], s["r10"], s["r100"],
                      s["zero"], len(s["unjust"])))
        desc = ("hand-judged, over corpus/ (%d articles)" if name == "sample"
                else "headings and questions, over the bench corpus "
                "(%d pages)") % len({p["path"] for p in passages})
        report[name] = {"n": len(queries), "scores": scores, "desc": desc}
    meta = {"date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
            "load": open("/proc/loadavg").read().split()[0],
            "dx": "%s = %s" % (dxs[0][0], version(dx_spec(dxs[0][1])[0])),
            "groonga": pkg("groonga-bin"),
            "ipadic": pkg("mecab-ipadic-utf8")}
    with open(saved, "w", encoding="utf-8") as fh:
        json.dump({"report": report, "meta": meta, "dxs": dxs}, fh,
                  ensure_ascii=False, indent=1)
    write(a.write, report, meta, dxs)


def write(results, report, meta, dxs):
    if not results:
        return
    subprocess.run([sys.executable, os.path.join(HERE, "results_section.py"),
                    results, "## Relevance (issue 4)"],
                   input=section(report, meta, dxs), text=True, check=True)
    log("wrote the Relevance section of", results)


def pkg(name):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name],
                          capture_output=True, text=True).stdout or "?"


def version(dx):
    """The binary's path, and the tree's commit when it is this tree's."""
    path = os.path.abspath(dx)
    if not path.startswith(ROOT + os.sep):
        return "`%s`" % path
    rev = subprocess.run(["git", "-C", ROOT, "describe", "--always",
                          "--dirty"], capture_output=True, text=True)
    return "`%s` (tree at %s)" % (os.path.relpath(path, ROOT),
                                  rev.stdout.strip() or "?")


if __name__ == "__main__":
    main()
