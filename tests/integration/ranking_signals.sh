# The ranking signals beyond BM25 (README, "Ranking"): the proximity
# bonus (query words close together), the article signal (other passages
# of the article match too), how --explain reports them, and pages that
# stay consistent although both reorder hits.
. "$(dirname "$0")/lib.bash"
DB=$WORK/db
C=$WORK/c
mkdir -p "$C"

# Filler without the query words, long enough to keep two words apart.
F='市の図書館では本の貸し出しのほかに、子ども向けの読み聞かせや大人向けの講座も開かれており、多くの市民が週末に利用している。'
G='公園の花壇では季節の花が咲いている。'
# The same words, together in the longer passage, apart in the shorter
# one: by BM25 alone the shorter would come first.
printf '# 近い\n\n町内会は防災訓練を毎年行う。%s%s町内会は毎年考える。\n' "$F" "$F" > "$C/near.md"
printf '# 遠い\n\n町内会は防災を考える。%s%s訓練も毎年行う。\n' "$F" "$F" > "$C/far.md"
# 除雪 in three (longer) passages of one article, in one passage of the
# other: again BM25 alone would put the other first.
P='冬の朝には除雪車が幹線道路から順に出動する。'
{ printf '# 雪の多い町\n\n'
  for s in 一 二 三; do printf '## 地区%s\n\n%s%s%s%s\n\n' "$s" "$P" "$F" "$F" "$G"; done
} > "$C/many.md"
{ printf '# 雪の少ない町\n\n## 地区一\n\n%s%s%s\n\n' "$P" "$F" "$F"
  for s in 二 三; do printf '## 地区%s\n\n%s%s\n\n' "$s" "$F" "$F"; done
} > "$C/one.md"
check "index" "$DX" index --db "$DB" -q "$C"

q() { "$DX" query --db "$DB" --json --explain "$@"; }
# The score of hit i is the sum of what --explain lists for it (each
# printed with 6 significant digits).
adds_up='all(abs(r["score"] - sum(t["weight"] for t in h["terms"]) - sum(s["weight"] for s in h["signals"])) < 1e-4 * r["score"] for r, h in zip(d["results"], d["explain"]["hits"]))'

q 防災 訓練 > "$WORK/near.json"
check "proximity: the words together rank first" \
  pyjson 'd["results"][0]["path"].endswith("near.md") and len(d["results"]) == 2' < "$WORK/near.json"
check "proximity: --explain shows it for the close pair only" \
  pyjson '[[s["signal"] for s in h["signals"]] for h in d["explain"]["hits"]] == [["proximity"], []]' < "$WORK/near.json"
check "proximity: the score adds up" pyjson "$adds_up" < "$WORK/near.json"
check "proximity: the tier query has NEAR" \
  pyjson '"NEAR" in d["explain"]["queries"]["tier1"]' < "$WORK/near.json"
DXSEARCH_TUNE=near=0 q 防災 訓練 > "$WORK/near0.json"
check "proximity: off with near=0, BM25 puts the shorter passage first" \
  pyjson 'd["results"][0]["path"].endswith("far.md") and all(not h["signals"] for h in d["explain"]["hits"]) and "NEAR" not in d["explain"]["queries"]["tier1"]' < "$WORK/near0.json"
q 防災 > "$WORK/one_word.json"
check "proximity: not for one word" \
  pyjson '"NEAR" not in d["explain"]["queries"]["tier1"]' < "$WORK/one_word.json"
# Tier 3 (some words missing): only the top passages of a first pass
# can gain it, and the pool shows in the tier's query.
q 防災 訓練 ゾウガメ > "$WORK/t3.json"
check "proximity on tier 3: the close pair still first" \
  pyjson 'd["results"][0]["path"].endswith("near.md") and d["explain"]["hits"][0]["tier"] == 3 and [s["signal"] for s in d["explain"]["hits"][0]["signals"]] == ["proximity"]' < "$WORK/t3.json"
check "proximity on tier 3: the score adds up" pyjson "$adds_up" < "$WORK/t3.json"

q 除雪 > "$WORK/art.json"
check "article: the article with three matching passages first" \
  pyjson '[r["path"].rsplit("/",1)[1] for r in d["results"]] == ["many.md", "one.md"]' < "$WORK/art.json"
check "article: --explain counts its passages" \
  pyjson '[[(s["signal"], s.get("passages")) for s in h["signals"]] for h in d["explain"]["hits"]] == [[("article", 3)], []]' < "$WORK/art.json"
check "article: the score adds up" pyjson "$adds_up" < "$WORK/art.json"
DXSEARCH_TUNE=art=0 q 除雪 > "$WORK/art0.json"
check "article: off with art=0, BM25 puts the other article first" \
  pyjson 'd["results"][0]["path"].endswith("one.md") and all(not h["signals"] for h in d["explain"]["hits"])' < "$WORK/art0.json"
"$DX" query --db "$DB" --json --explain --per-article 0 除雪 > "$WORK/art_all.json"
check "article: not without collapsing (--per-article 0)" \
  pyjson 'len(d["results"]) == 4 and all(not h["signals"] for h in d["explain"]["hits"])' < "$WORK/art_all.json"

# Pages: both signals reorder hits, only among the top ones, so the
# pages of a query are the slices of its long list.
DB2=$WORK/db2
check "index the sample corpus" "$DX" index --db "$DB2" -q "$SRC/corpus"
for query in '共創' '避難所 混雑 スマホ 確認' 'オープンデータ API 民間'; do
  "$DX" query --db "$DB2" --json --limit 40 "$query" > "$WORK/all.json"
  for off in 0 3 6 9 12 15 18 21 24 27 30 33 36; do
    "$DX" query --db "$DB2" --json --limit 3 --offset $off "$query"
  done > "$WORK/pages.jsonl"
  python3 - "$WORK/all.json" "$WORK/pages.jsonl" <<'PY' && pass || fail "pages of '$query'"
import json, sys
full = [(r["path"], r["passage"]) for r in json.load(open(sys.argv[1]))["results"]]
paged = [(r["path"], r["passage"]) for l in open(sys.argv[2])
         for r in json.loads(l)["results"]]
assert paged == full[:len(paged)] and len(paged) == min(len(full), 39), (full, paged)
PY
done
finish
