# Crash safety, for real: a few thousand small articles, `dxsearch index`
# killed with SIGKILL after random delays.  After each kill the index
# must pass xapian-check and answer `stats` and `query`; a re-run must
# complete the job, to exactly the passages and terms of a clean run.
# The same again while re-indexing a modified corpus (replacements and
# deletions in flight).
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
command -v xapian-check >/dev/null || { echo "xapian-check missing (xapian-tools)"; exit 77; }

# 3000 articles of three paragraphs each, from the sample corpus.
python3 "$(dirname "$0")/gen_articles.py" "$SRC/corpus" "$C" 3000

stat_of() { "$DX" stats --db "$1" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["articles"], d["passages"], d["terms"])'; }
totals() {  # per-query totals: the same matches, whatever the docids
  printf '%s\n' 共創 窓口 オープンデータ 研修 k01234 防災 |
    "$DX" query --db "$1" --batch - --limit 0 |
    python3 -c 'import json,sys; print([json.loads(l)["total"] for l in sys.stdin])'
}

# One kill: start, wait a random 0.2-2.0 s, SIGKILL, then check.
kill_once() {
  local delay rc=0
  delay=$(python3 -c 'import random; print(round(random.uniform(0.2, 2.0), 2))')
  "$DX" index --db "$DB" -q "$C" & local pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" || rc=$?
  echo "killed after ${delay} s (exit $rc)"
  if [ ! -e "$DB/iamglass" ]; then
    pass   # killed before the first commit: nothing to check
    return
  fi
  check "xapian-check after kill at ${delay} s" sh -c "xapian-check '$DB' > '$WORK/check.txt' 2>&1"
  grep -q 'No errors found' "$WORK/check.txt" || { fail "xapian-check output"; cat "$WORK/check.txt" >&2; }
  check "stats after kill" sh -c "'$DX' stats --db '$DB' --json > /dev/null"
  check "query after kill" sh -c "'$DX' query --db '$DB' 共創 > /dev/null"
}

"$DX" index --db "$WORK/clean" -q "$C"
CLEAN=$(stat_of "$WORK/clean")
CLEAN_T=$(totals "$WORK/clean")
for i in 1 2 3; do kill_once; done
"$DX" index --db "$DB" --json "$C" > "$WORK/rerun.json"
check "re-run after kills covers every file" pyjson 'd["indexed"] + d["unchanged"] == 3000 and d["skipped"] == 0' < "$WORK/rerun.json"
check "re-run gives the clean run's articles, passages, terms" test "$(stat_of "$DB")" = "$CLEAN"
check "re-run gives the clean run's matches" test "$(totals "$DB")" = "$CLEAN_T"
check "xapian-check after the re-run" sh -c "xapian-check '$DB' | grep -q 'No errors found'"

# Modify 600 files, delete 150, add 50; kill the re-index, re-run.
python3 - "$C" <<'PY'
import glob, os, sys
files = sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.md")))
for i, p in enumerate(files):
    if i % 5 == 0:
        with open(p, "a", encoding="utf-8") as f:
            f.write("\n## 追記\n\n改訂 r%05d で窓口の記述を更新した。\n" % i)
    elif i % 20 == 1:
        os.remove(p)
os.makedirs(os.path.join(sys.argv[1], "new"), exist_ok=True)
for i in range(50):
    with open(os.path.join(sys.argv[1], "new", "n%02d.md" % i), "w", encoding="utf-8") as f:
        f.write("# 新規 %d\n\n新しい記事 z%02d の本文。\n" % (i, i))
PY
rm -rf "$WORK/clean"
"$DX" index --db "$WORK/clean" -q "$C"
CLEAN=$(stat_of "$WORK/clean")
CLEAN_T=$(totals "$WORK/clean")
for i in 1 2; do kill_once; done
"$DX" index --db "$DB" -q "$C"
check "modified corpus: re-run equals a clean run" test "$(stat_of "$DB")" = "$CLEAN"
check "modified corpus: same matches" test "$(totals "$DB")" = "$CLEAN_T"
"$DX" query --db "$DB" --json --limit 0 改訂 > "$WORK/q.json"
check "modified text is searchable" pyjson 'd["total"] > 0' < "$WORK/q.json"
finish
