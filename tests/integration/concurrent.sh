# One writer at a time, readers always: while an indexer runs, a second
# one gets "index is locked by another indexer" (exit 1), one with
# --wait waits and then finds everything unchanged, and queries keep
# answering from the last commit; afterwards they see the new commit.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
python3 "$(dirname "$0")/gen_articles.py" "$SRC/corpus" "$C" 3000
"$DX" index --db "$DB" -q "$SRC/corpus"

"$DX" index --db "$DB" -q "$C" &
A=$!
# Wait until A holds the lock: its first batch commit shows in stats (a
# second writer started earlier could take the lock first, and then A
# would be the one refused).
for _ in $(seq 1 600); do
  n=$("$DX" stats --db "$DB" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])' 2>/dev/null || echo 0)
  [ "$n" -gt 32 ] && break
  kill -0 "$A" 2>/dev/null || break
  sleep 0.05
done
# A second writer while A holds the lock.
seen=0
for _ in $(seq 1 200); do
  rc=0
  "$DX" index --db "$DB" -q "$SRC/corpus" 2> "$WORK/b.txt" || rc=$?
  if [ "$rc" -eq 1 ] && grep -q 'locked' "$WORK/b.txt"; then seen=1; break; fi
  kill -0 "$A" 2>/dev/null || break
  sleep 0.02
done
check "second writer refused while the first runs" test "$seen" -eq 1
check "lock message" grep -qx "dxsearch: $DB: index is locked by another indexer (or use --wait)" "$WORK/b.txt"
check "lock message is one line" test "$(wc -l < "$WORK/b.txt")" -eq 1

# --wait: blocks until A is done, then has nothing left to do.
"$DX" index --db "$DB" --wait --json "$C" > "$WORK/w.json" 2> "$WORK/w.txt" &
W=$!

# Readers during indexing: every query answers (from the last commit).
bad=0
n=0
while kill -0 "$A" 2>/dev/null && [ "$n" -lt 200 ]; do
  "$DX" query --db "$DB" --json 共創 > "$WORK/q.json" 2> "$WORK/q.err" || { bad=1; cat "$WORK/q.err" >&2; }
  pyjson 'len(d["results"]) >= 3' < "$WORK/q.json" || bad=1
  n=$((n + 1))
done
echo "$n queries during indexing"
check "queries answer during indexing" test "$bad" -eq 0
check "at least one query ran during indexing" test "$n" -gt 0

rcA=0; wait "$A" || rcA=$?
rcW=0; wait "$W" || rcW=$?
check "first indexer succeeded" test "$rcA" -eq 0
check "--wait indexer succeeded" test "$rcW" -eq 0
check "--wait said it was waiting" grep -q 'index is locked by another indexer; waiting' "$WORK/w.txt"
check "--wait found the work done" pyjson 'd["unchanged"] == 3000 and d["indexed"] == 0' < "$WORK/w.json"
"$DX" query --db "$DB" --json k01234 > "$WORK/q.json"
check "queries see the new commit afterwards" pyjson 'len(d["results"]) == 1' < "$WORK/q.json"
finish
