# A full disk and a read-only index directory, on a small tmpfs: a clear
# one-line error, exit 1, and the index committed before still opens,
# passes xapian-check and answers; with room again, a re-run completes.
# Needs mount (root or CAP_SYS_ADMIN): skipped (77) otherwise.
. "$(dirname "$0")/lib.bash"
MNT=$WORK/mnt
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=3m dxsearch-test "$MNT" 2>/dev/null; then
  echo "skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"
  exit 77
fi
trap 'umount "$MNT" 2>/dev/null; rm -rf "$WORK"' EXIT
DB=$MNT/db

# Enough articles to overflow 3 MB of index.
python3 - "$SRC/corpus" "$WORK/big" <<'PY'
import glob, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(src, "*.md")))]
for i in range(400):
    with open(os.path.join(out, "b%04d.md" % i), "w", encoding="utf-8") as f:
        f.write(texts[i % len(texts)] + "\n\n記事番号 x%04d。\n" % i)
PY

expect_exit 0 "index the sample corpus on a 3 MB tmpfs" "$DX" index --db "$DB" -q "$SRC/corpus"
BEFORE=$("$DX" stats --db "$DB" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["articles"], d["passages"])')

rc=0
"$DX" index --db "$DB" "$WORK/big" > /dev/null 2> "$WORK/full.txt" || rc=$?
cat "$WORK/full.txt"
check "disk full: exit 1" test "$rc" -eq 1
check "disk full: one line" test "$(wc -l < "$WORK/full.txt")" -eq 1
check "disk full: says so" grep -q '^dxsearch: cannot write the index (the last commit is kept): .*No space left on device' "$WORK/full.txt"
check "disk full: xapian-check" sh -c "xapian-check '$DB' | grep -q 'No errors found'"
check "disk full: the last commit is intact" test "$("$DX" stats --db "$DB" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["articles"], d["passages"])')" = "$BEFORE"
"$DX" query --db "$DB" --json 共創 > "$WORK/q.json"
check "disk full: the index answers" pyjson 'len(d["results"]) >= 3' < "$WORK/q.json"
"$DX" index --db "$DB" --json "$WORK/big" > "$WORK/full.json" 2>/dev/null || true
check "disk full: JSON error" pyjson 'd["error"]["code"] == "io_error" and "No space left" in d["error"]["message"]' < "$WORK/full.json"

# Room again: a re-run completes the job.
mount -o remount,size=256m "$MNT"
"$DX" index --db "$DB" --json "$WORK/big" > "$WORK/after.json"
check "with room again, the re-run indexes everything" pyjson 'd["indexed"] == 400 and d["error"] is None' < "$WORK/after.json"

# Read-only: the writer cannot even take its lock.
mount -o remount,ro "$MNT"
rc=0
"$DX" index --db "$DB" "$SRC/corpus" 2> "$WORK/ro.txt" || rc=$?
cat "$WORK/ro.txt"
check "read-only: exit 1" test "$rc" -eq 1
check "read-only: says so" grep -q "^dxsearch: $DB: cannot open the index for writing: .*Read-only file system" "$WORK/ro.txt"
check "read-only: not reported as locked" sh -c "! grep -q 'locked by another' '$WORK/ro.txt'"
expect_exit 1 "read-only: remove fails cleanly" "$DX" remove --db "$DB" "$SRC/corpus/kyoso-lab.md"
expect_exit 1 "read-only: a new index cannot be created" "$DX" index --db "$MNT/new" "$SRC/corpus"
"$DX" query --db "$DB" --json 共創 > "$WORK/q.json"
check "read-only: queries still work" pyjson 'len(d["results"]) >= 3' < "$WORK/q.json"
check "read-only: stats still work" sh -c "'$DX' stats --db '$DB' > /dev/null"
finish
