# The sample corpus end to end: index, query 共創, JSON, batch, re-index,
# error exits.
. "$(dirname "$0")/lib.bash"
DB=$WORK/db

check "index corpus" "$DX" index --db "$DB" -q "$SRC/corpus"
"$DX" query --db "$DB" --json 共創 > "$WORK/q.json"
check "共創: results" pyjson 'len(d["results"]) >= 3' < "$WORK/q.json"
check "共創: first passage contains 共創" \
  pyjson '"共創" in d["results"][0]["text"]' < "$WORK/q.json"
check "共創: top 5 passages all contain 共創" \
  pyjson 'all("共創" in r["text"] for r in d["results"][:5])' < "$WORK/q.json"
check "共創: highlight covers 共創" pyjson 'all(r["text"].encode()[a:b].decode()=="共創" for r in d["results"][:5] for a,b in r["highlights"])' < "$WORK/q.json"
check "共創: snippet marks" pyjson '"<mark>共創</mark>" in d["results"][0]["snippet"]' < "$WORK/q.json"
check "one passage per article by default" \
  pyjson 'len({r["path"] for r in d["results"]}) == len(d["results"])' < "$WORK/q.json"
check "paths as reached from the indexed root" \
  pyjson 'all(r["path"].startswith("'"$SRC/corpus/"'") for r in d["results"])' < "$WORK/q.json"
check "JSON contract fields" pyjson 'set(d) >= {"query","total","took_ms","results"} and all(set(r) >= {"rank","score","path","url","title","heading","passage","text","snippet","highlights"} for r in d["results"])' < "$WORK/q.json"
check "passage numbers are small integers" pyjson 'all(0 <= r["passage"] < 100 for r in d["results"])' < "$WORK/q.json"
check "ranks ascend" pyjson '[r["rank"] for r in d["results"]] == list(range(1, len(d["results"])+1))' < "$WORK/q.json"

"$DX" query --db "$DB" --json --per-article 0 --limit 50 共創 > "$WORK/all.json"
check "--per-article 0 gives several passages of one article" \
  pyjson 'len({r["path"] for r in d["results"]}) < len(d["results"])' < "$WORK/all.json"
"$DX" query --db "$DB" --json --limit 2 --offset 1 共創 > "$WORK/page.json"
python3 - "$WORK/q.json" "$WORK/page.json" <<'PY' && pass || fail "--offset/--limit page"
import json, sys
a = json.load(open(sys.argv[1]))["results"]; b = json.load(open(sys.argv[2]))["results"]
assert [r["path"] for r in b] == [r["path"] for r in a[1:3]], (a, b)
assert [r["rank"] for r in b] == [2, 3]
PY

# --explain: the analyzed query, the Xapian queries, per-term weights.
"$DX" query --db "$DB" --json --explain 外部人材 > "$WORK/ex.json"
check "--explain JSON: groups and tier queries" pyjson '[p for g in d["explain"]["items"][0]["groups"] for p in g["positions"]] == [["外部"],["人材"]] and "PHRASE" in d["explain"]["queries"]["tier1"]' < "$WORK/ex.json"
check "--explain JSON: each hit's matching terms have weights" pyjson 'all(t["weight"] > 0 for h in d["explain"]["hits"] for t in h["terms"] if t["field"] == "text") and len(d["explain"]["hits"]) == len(d["results"])' < "$WORK/ex.json"
"$DX" query --db "$DB" --explain 外部人材 > "$WORK/ex.txt"
check "--explain text" grep -q 'groups: \[外部 人材\]' "$WORK/ex.txt"
check "no explain without the option" pyjson '"explain" not in d' < "$WORK/q.json"

# Human output: plain markers when piped.
"$DX" query --db "$DB" 共創 > "$WORK/human.txt"
check "human output has rank 1 and a marked match" \
  grep -q '^1\. ' "$WORK/human.txt"
check "piped output marks matches with **" grep -q '\*\*共創\*\*' "$WORK/human.txt"

# Batch: one line per query, in order, errors inline.
printf '共創\n\nオープンデータ\n"unclosed\n' > "$WORK/batch.txt"
"$DX" query --db "$DB" --batch "$WORK/batch.txt" > "$WORK/batch.out"
check "batch: 4 lines" test "$(wc -l < "$WORK/batch.out")" -eq 4
python3 - "$WORK/batch.out" <<'PY' && pass || fail "batch content"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0]["query"] == "共創" and lines[0]["results"]
assert lines[1]["error"]["code"] == "invalid_query"
assert lines[2]["query"] == "オープンデータ" and lines[2]["results"]
assert "results" in lines[3]
PY
printf '共創\n' | "$DX" query --db "$DB" --batch - > "$WORK/stdin.out"
check "batch from stdin" test "$(wc -l < "$WORK/stdin.out")" -eq 1

# Re-indexing does not duplicate.
"$DX" query --db "$DB" --json --per-article 0 --limit 1000 共創 > "$WORK/before.json"
check "re-index" "$DX" index --db "$DB" -q "$SRC/corpus"
"$DX" query --db "$DB" --json --per-article 0 --limit 1000 共創 > "$WORK/after.json"
python3 - "$WORK/before.json" "$WORK/after.json" <<'PY' && pass || fail "re-index duplicates"
import json, sys
a = json.load(open(sys.argv[1]))["results"]; b = json.load(open(sys.argv[2]))["results"]
key = lambda r: (r["path"], r["passage"])
assert len(b) == len(a) and len({key(r) for r in b}) == len(b), (len(a), len(b))
PY

# Errors: one line, documented exit codes.
expect_exit 1 "missing index" "$DX" query --db "$WORK/nope" 共創
expect_exit 2 "empty query" "$DX" query --db "$DB" ""
expect_exit 2 "no query" "$DX" query --db "$DB"
expect_exit 2 "unknown option" "$DX" query --db "$DB" --frobnicate 共創
expect_exit 2 "bad number" "$DX" query --db "$DB" --limit abc 共創
expect_exit 2 "unknown command" "$DX" frobnicate
expect_exit 1 "index a missing path" "$DX" index --db "$WORK/db2" "$WORK/missing"
expect_exit 0 "symbols-only query is not an error" "$DX" query --db "$DB" '(((""'
DXSEARCH_DB=$DB "$DX" query --json 共創 > "$WORK/env.json"
check "\$DXSEARCH_DB" pyjson 'len(d["results"]) > 0' < "$WORK/env.json"
finish
