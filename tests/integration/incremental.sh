# Incremental indexing from the command line: unchanged files are not
# read (and nothing is committed), a touched file with the same content
# is not re-indexed, changed and new files are, deleted ones are pruned;
# `dxsearch remove` and `dxsearch stats`; --json summaries; the same
# results with 1 or 2 threads; --rebuild; long paths; several roots.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
cp -r "$SRC/corpus" "$C"
N=$(ls "$C" | grep -cE '\.(md|html|txt)$')

js() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
rev() { xapian-delve "$DB" | sed -n 's/^revision = //p'; }

"$DX" index --db "$DB" --json "$C" > "$WORK/1.json"
check "first run indexes every file" test "$(js 'd["indexed"]' < "$WORK/1.json")" -eq "$N"
check "first run: nothing unchanged or skipped" pyjson 'd["unchanged"] == 0 and d["skipped"] == 0 and d["error"] is None' < "$WORK/1.json"
check "--json has every skip reason" pyjson 'set(d["skipped_by"]) == {"binary","empty","too_large","unreadable","broken_link","link_loop","bad_name","not_regular","failed"}' < "$WORK/1.json"
PASSAGES=$(js 'd["passages"]' < "$WORK/1.json")

R1=$(rev)
"$DX" index --db "$DB" --json "$C" > "$WORK/2.json"
check "re-run: all unchanged" test "$(js 'd["unchanged"]' < "$WORK/2.json")" -eq "$N"
check "re-run: nothing indexed" pyjson 'd["indexed"] == 0 and d["removed"] == 0' < "$WORK/2.json"
check "re-run commits nothing (same revision)" test "$(rev)" = "$R1"

# Same content, new mtime: the hash matches, only the manifest changes.
touch -d '2001-01-01 00:00:00' "$C/kyoso-lab.md"
"$DX" index --db "$DB" --json "$C" > "$WORK/3.json"
check "touched file is not re-indexed" pyjson 'd["indexed"] == 0 and d["unchanged"] == '"$N" < "$WORK/3.json"

# Changed content, a new file, a deleted file.
printf '\n## 追記\n\nくすのき市はペンギン型ロボットの実証を始めた。\n' >> "$C/kyoso-lab.md"
printf '# 新着\n\n市はカピバラ相談窓口を開いた。\n' > "$C/new.md"
rm "$C/toshokan.txt"
"$DX" index --db "$DB" --json "$C" > "$WORK/4.json"
check "changed + new indexed" pyjson 'd["indexed"] == 2 and d["removed"] == 1 and d["unchanged"] == '"$((N - 2))" < "$WORK/4.json"
"$DX" query --db "$DB" --json ペンギン型ロボット > "$WORK/q.json"
check "changed file's new text is found" pyjson 'd["results"] and d["results"][0]["path"].endswith("kyoso-lab.md")' < "$WORK/q.json"
"$DX" query --db "$DB" --json カピバラ > "$WORK/q.json"
check "new file is found" pyjson 'd["results"][0]["path"].endswith("new.md")' < "$WORK/q.json"
"$DX" query --db "$DB" --json --limit 100 --per-article 0 図書館 > "$WORK/q.json"
check "deleted file's passages are gone" pyjson 'not any(r["path"].endswith("toshokan.txt") for r in d["results"])' < "$WORK/q.json"

# The human summary line keeps its shape.
"$DX" index --db "$DB" "$C" 2> "$WORK/human.txt"
check "human summary line" grep -qE "^indexed 0 files \(0 passages\), unchanged $N, skipped 0, removed 0, in [0-9.]+ s -> $DB\$" "$WORK/human.txt"

# stats
"$DX" stats --db "$DB" --json > "$WORK/s.json"
check "stats: articles" pyjson 'd["articles"] == '"$N" < "$WORK/s.json"
check "stats: fields" pyjson 'd["passages"] > d["articles"] and d["terms"] > 1000 and d["size_bytes"] > 0 and d["schema"] and d["dictionary"].find("ipadic") >= 0' < "$WORK/s.json"
check "stats: updated is UTC ISO 8601" pyjson '__import__("re").fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["updated"])' < "$WORK/s.json"
"$DX" stats --db "$DB" > "$WORK/s.txt"
check "stats: human lines" grep -qE '^articles +'"$N"'$' "$WORK/s.txt"
check "stats: dictionary line" grep -q '^dictionary .*ipadic' "$WORK/s.txt"
expect_exit 1 "stats: missing index" "$DX" stats --db "$WORK/nope"
expect_exit 2 "stats: unknown option" "$DX" stats --db "$DB" --frob

# remove: one article, a folder, errors
expect_exit 0 "remove an article" "$DX" remove --db "$DB" "$C/new.md"
"$DX" query --db "$DB" --json カピバラ > "$WORK/q.json"
check "removed article is gone" pyjson 'd["results"] == []' < "$WORK/q.json"
check "stats after remove" test "$("$DX" stats --db "$DB" --json | js 'd["articles"]')" -eq $((N - 1))
expect_exit 1 "remove: not in the index" "$DX" remove --db "$DB" "$C/new.md"
"$DX" remove --db "$DB" "$C/nope.md" 2> "$WORK/rm.txt" || true
check "remove: message" grep -q "^dxsearch: $C/nope.md: not in the index\$" "$WORK/rm.txt"
expect_exit 1 "remove: missing index is not created" "$DX" remove --db "$WORK/nope" x
check "remove: no index created" test ! -e "$WORK/nope"
expect_exit 2 "remove: no PATH" "$DX" remove --db "$DB"
# the file still exists: the next run indexes it again
"$DX" index --db "$DB" --json "$C" > "$WORK/5.json"
check "removed file comes back on re-index" pyjson 'd["indexed"] == 1' < "$WORK/5.json"
expect_exit 0 "remove a folder" "$DX" remove --db "$DB" "$C/"
check "folder removed" test "$("$DX" stats --db "$DB" --json | js 'd["articles"]')" -eq 0

# Threads: the same index with 1 and 2 jobs.
"$DX" index --db "$WORK/j1" -q -j 1 "$SRC/corpus"
"$DX" index --db "$WORK/j2" -q --jobs 2 "$SRC/corpus"
cut -f2 "$SRC/tests/relevance/queries.tsv" | grep -v '^#' | head -40 > "$WORK/qs.txt"
for j in j1 j2; do
  "$DX" query --db "$WORK/$j" --per-article 0 --limit 30 --batch "$WORK/qs.txt" |
    sed 's/"took_ms":[0-9.e+-]*//' > "$WORK/$j.out"
done
check "same results with 1 and 2 threads" cmp -s "$WORK/j1.out" "$WORK/j2.out"
expect_exit 2 "bad --jobs" "$DX" index --db "$WORK/j1" --jobs x "$SRC/corpus"
expect_exit 2 "bad --max-file-size" "$DX" index --db "$WORK/j1" --max-file-size 12Q "$SRC/corpus"

# --rebuild reads everything again.
"$DX" index --db "$WORK/j1" --rebuild --json "$SRC/corpus" > "$WORK/rb.json"
check "--rebuild re-indexes every file" pyjson 'd["indexed"] == '"$(ls "$SRC/corpus" | grep -cE '\.(md|html|txt)$')"' and d["unchanged"] == 0' < "$WORK/rb.json"

# Long paths (hashed keys) and two roots in one index.
L=$WORK/r1/$(printf 'd%.0s' $(seq 1 120))/$(printf 'e%.0s' $(seq 1 100))
mkdir -p "$L" "$WORK/r2"
printf '# 長い\n\n長いパスの記事。イルカ。\n' > "$L/long.md"
printf '# 別\n\n別の根の記事。ラッコ。\n' > "$WORK/r2/other.md"
DB2=$WORK/db2
"$DX" index --db "$DB2" -q "$WORK/r1" "$WORK/r2"
"$DX" index --db "$DB2" --json "$WORK/r1" > "$WORK/l.json"
check "long path unchanged" pyjson 'd["unchanged"] == 1 and d["indexed"] == 0' < "$WORK/l.json"
rm "$L/long.md"
"$DX" index --db "$DB2" --json "$WORK/r1" > "$WORK/l.json"
check "long path pruned" pyjson 'd["removed"] == 1' < "$WORK/l.json"
"$DX" query --db "$DB2" --json ラッコ > "$WORK/q.json"
check "other root untouched" pyjson 'len(d["results"]) == 1' < "$WORK/q.json"
"$DX" query --db "$DB2" --json イルカ > "$WORK/q.json"
check "pruned long path gone" pyjson 'd["results"] == []' < "$WORK/q.json"
finish
