#!/usr/bin/env python3
"""SQLite FTS5 baselines for the relevance benchmark (bench/relevance.py).

The engines index the passages that dxsearch made (exported from its
index by bench/relevance.py), so every engine ranks the same units: text,
heading and the article's title, with path and anchor.  Text and queries
are NFKC-normalised and case-folded (Python's unicodedata, the same idea as
dxsearch's normaliser, without its long-vowel rules).

Each engine reduces dxsearch's query syntax to words, "quoted phrases",
-exclusions and OR, and ranks in two tiers like dxsearch: passages matching
every word first, then passages matching any piece of any word (its
morphemes, or its trigrams), by bm25 (heading and title columns weighted
0.2):

  trigram  FTS5 with the trigram tokenizer: a word of three or more
           characters is a substring match through the index; a shorter
           one (共創, DX) cannot use a trigram index and is checked with
           instr() instead.  Ranked by bm25(); when every word is short,
           by the number of occurrences.
  wakati   FTS5 unicode61 over MeCab-segmented text (`mecab -Owakati`,
           IPADIC UTF-8 by path): the morphological baseline.  Each query
           word is segmented the same way and matched as a phrase.  No base
           forms, readings or synonyms.

Search results are passages, best first (up to 2,000 a tier); collapsing
them to one per article is the caller's job.
"""

import re
import sqlite3
import subprocess
import unicodedata

IPADIC = "/var/lib/mecab/dic/ipadic-utf8"
FIELD_WEIGHT = 0.2
LIMIT = 2000


def norm(s):
    return unicodedata.normalize("NFKC", s).casefold()


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
    for m in re.finditer(r'-?"[^"]*"|-?「[^」]*」|-?“[^”]*”|\S+',
                         q.replace("\u3000", " ")):
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


def or_groups(items):
    """The positive items as groups of alternatives (words joined by OR)."""
    groups, cur = [], []
    for i, (k, t) in enumerate(items):
        if k == "+":
            if cur and not (i > 0 and items[i - 1][0] == "OR"):
                groups.append(cur)
                cur = []
            cur.append(t)
    if cur:
        groups.append(cur)
    return groups


def fts_string(s):
    return '"' + s.replace('"', '""') + '"'


class Engine:
    """An FTS5 index over `passages` (dicts with text, heading, title)."""

    def __init__(self, kind, passages):
        self.kind = kind
        self.db = sqlite3.connect(":memory:")
        tok = ("trigram" if kind == "trigram"
               else "unicode61 remove_diacritics 0")
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(body, heading, "
                        "title, norm UNINDEXED, tokenize='%s')" % tok)
        cols = [[norm(p[c]) for p in passages]
                for c in ("text", "heading", "title")]
        plain = ["%s\n%s\n%s" % (h, b, t) for b, h, t in zip(*cols)]
        if kind == "wakati":
            cols = [wakati(c) for c in cols]
        self.db.executemany(
            "INSERT INTO p(rowid, body, heading, title, norm) "
            "VALUES (?,?,?,?,?)",
            [(i + 1, cols[0][i], cols[1][i], cols[2][i], plain[i])
             for i in range(len(passages))])
        self.rank = "bm25(p, 1.0, %g, %g)" % (FIELD_WEIGHT, FIELD_WEIGHT)

    def _term(self, s):
        """(fts5 expression or None, instr string or None) for one word."""
        if self.kind == "wakati":
            w = wakati([s])[0]
            return (fts_string(w) if w else None), None
        if len(s) >= 3:
            return fts_string(s), None
        return None, s

    def _rows(self, where, args, order):
        sql = ("SELECT rowid - 1 FROM p WHERE %s ORDER BY %s, rowid LIMIT %d"
               % (" AND ".join(where), order, LIMIT))
        return [r[0] for r in self.db.execute(sql, args)]

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
            order = self.rank
        elif instr:
            s = instr[0].replace("'", "''")
            order = ("-(length(norm) - length(replace(norm, '%s', ''))) "
                     "/ %d" % (s, len(instr[0])))
        else:
            order = "rowid"
        return self._rows(where, args, order)

    def search(self, q):
        """Passage numbers (0-based, in the order given), best first: every
        word (each choice of OR alternatives) first, then the relaxed tier."""
        items = parse_query(q)
        neg = [t for k, t in items if k == "-"]
        groups = or_groups(items)
        combos = [[]]
        for g in groups:
            combos = [c + [t] for c in combos for t in g]
        out = []
        for combo in combos[:16] if groups else []:
            out += self._run(combo, neg)
        out += self._relaxed([t for g in groups for t in g], neg)
        return list(dict.fromkeys(out))

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
        where = ["p MATCH ?"]
        args = [" OR ".join(fts_string(p) for p in pieces)]
        for s in neg:
            where.append("instr(norm, ?) = 0")
            args.append(s)
        return self._rows(where, args, self.rank)
