# Bad input: binary, empty, oversized and unreadable files, broken links,
# link loops, non-UTF-8 names, FIFOs, links to folders: each is skipped
# with a one-line reason and counted in the --json summary; the run
# exits 0 unless nothing at all could be indexed.  Then a 10 MB one-line
# minified HTML file indexes in bounded memory and time.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
mkdir -p "$C/sub" "$WORK/elsewhere"
chmod 755 "$WORK"

printf '# 良い記事\n\n市はアザラシ観察会を開いた。\n' > "$C/good.md"
ln -s good.md "$C/alias.md"                       # a link to a file: followed
printf 'bin\0ary\n' > "$C/bin.txt"                # NUL bytes
: > "$C/empty.md"
head -c 3000 /dev/zero | tr '\0' 'a' > "$C/big.md" # over --max-file-size 1K
printf '# 秘密\n\n読めない。\n' > "$C/secret.md"
chmod 000 "$C/secret.md"
printf '# 中\n\n中の記事。\n' > "$C/sub/inner.md"
chmod 000 "$C/sub"
ln -s nowhere.md "$C/broken.md"
ln -s loop2.md "$C/loop1.md"
ln -s loop1.md "$C/loop2.md"
ln -s .. "$C/up"                                  # folder that contains it
ln -s "$WORK/elsewhere" "$C/dirlink"              # folder: not followed
printf '# 名前\n\n壊れた名前。\n' > "$C/$(printf 'caf\351.md')"
mkfifo "$C/fifo.md"
printf '\xff\xfe' > "$C/utf16.txt"                # UTF-16LE with a BOM
printf '題名\n\nラッコの記事。\n' | iconv -f UTF-8 -t UTF-16LE >> "$C/utf16.txt"
printf '# 隠し\n' > "$C/.hidden.md"               # ignored
printf 'PNG' > "$C/image.png"                     # not an article

# Root reads anything: drop to nobody for the unreadable cases.
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null &&
     setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
     setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$DX"; then
    RUN=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
    mkdir -m 777 "$WORK/dbdir"
  else
    echo "note: cannot drop root privileges: unreadable cases not checked"
    chmod 755 "$C/sub"; chmod 644 "$C/secret.md"
    rm "$C/secret.md"; rm -r "$C/sub"
  fi
else
  mkdir "$WORK/dbdir"
fi
UNREADABLE=0
[ -e "$C/secret.md" ] && UNREADABLE=2
DB=$WORK/dbdir/db

rc=0
timeout 60 "${RUN[@]}" "$DX" index --db "$DB" --json --max-file-size 1K "$C" \
  > "$WORK/sum.json" 2> "$WORK/err.txt" || rc=$?
check "exit 0 when some files were indexed" test "$rc" -eq 0
cat "$WORK/err.txt" >&2
check "indexed: good, alias, utf16" pyjson 'd["indexed"] == 3' < "$WORK/sum.json"
python3 - "$WORK/sum.json" "$UNREADABLE" <<'PY' && pass || fail "skip counts"
import json, sys
d = json.load(open(sys.argv[1])); u = int(sys.argv[2])
want = {"binary": 1, "empty": 1, "too_large": 1, "unreadable": u,
        "broken_link": 1, "link_loop": 3, "bad_name": 1, "not_regular": 2,
        "failed": 0}
assert d["skipped_by"] == want, d["skipped_by"]
assert d["skipped"] == sum(want.values()), d
PY
check "one line per skip" test "$(grep -c '^dxsearch: skipped ' "$WORK/err.txt")" -eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["skipped"])' "$WORK/sum.json")"
check "only skip lines on stderr" test "$(grep -vc '^dxsearch: skipped ' "$WORK/err.txt")" -eq 0
reason() { grep -qF "dxsearch: skipped $C/$1: $2" "$WORK/err.txt" || { echo "missing: $1: $2" >&2; return 1; }; }
check "binary reason" reason bin.txt "binary file (NUL bytes)"
check "empty reason" reason empty.md "empty file"
check "too large reason" reason big.md "file too large (3000 bytes, limit 1024)"
check "broken link reason" reason broken.md "broken symbolic link"
check "loop reason" reason loop1.md "symbolic link loop"
check "loop to a parent folder" reason up "symbolic link to a folder that contains it"
check "folder link reason" reason dirlink "symbolic link to a folder (not followed)"
check "FIFO reason" reason fifo.md "not a regular file"
check "bad name reason" reason "caf�.md" "file name is not valid UTF-8"
if [ "$UNREADABLE" -gt 0 ]; then
  check "unreadable file reason" reason secret.md "cannot read: Permission denied"
  check "unreadable folder reason" reason sub "Permission denied"
fi
"$DX" query --db "$DB" --json ラッコ > "$WORK/q.json"
check "UTF-16 file with a BOM is text" pyjson 'len(d["results"]) == 1' < "$WORK/q.json"
"$DX" query --db "$DB" --json --per-article 0 アザラシ > "$WORK/q.json"
check "a link to a file is indexed under its own name" pyjson 'sorted(r["path"].rsplit("/",1)[1] for r in d["results"]) == ["alias.md", "good.md"]' < "$WORK/q.json"

# A second run: the skipped ones are skipped again, the rest unchanged.
timeout 60 "${RUN[@]}" "$DX" index --db "$DB" --json --max-file-size 1K "$C" \
  > "$WORK/sum2.json" 2>/dev/null
check "re-run: unchanged" pyjson 'd["unchanged"] == 3 and d["indexed"] == 0' < "$WORK/sum2.json"
# A file that becomes binary leaves the index.
printf 'x\0y' > "$C/good.md"
timeout 60 "${RUN[@]}" "$DX" index --db "$DB" --json --max-file-size 1K "$C" \
  > "$WORK/sum3.json" 2>/dev/null
check "file turned binary: pruned (and its alias)" pyjson 'd["removed"] == 2 and d["skipped_by"]["binary"] == 3' < "$WORK/sum3.json"
chmod 755 "$C/sub" 2>/dev/null; chmod 644 "$C/secret.md" 2>/dev/null

# Default limit is 20 MB (a sparse 21 MB file is never read).
mkdir "$WORK/huge"
truncate -s 21M "$WORK/huge/huge.txt"
printf '# ok\n\n本文。\n' > "$WORK/huge/ok.md"
"$DX" index --db "$WORK/db-huge" --json "$WORK/huge" > "$WORK/h.json" 2>/dev/null
check "21 MB file over the default limit" pyjson 'd["skipped_by"]["too_large"] == 1 and d["indexed"] == 1' < "$WORK/h.json"

# Nothing readable: exit 1 with a summary line.
mkdir "$WORK/allbad"
: > "$WORK/allbad/a.md"
printf '\0' > "$WORK/allbad/b.txt"
rc=0
"$DX" index --db "$WORK/db-bad" "$WORK/allbad" 2> "$WORK/bad.txt" || rc=$?
check "nothing indexed: exit 1" test "$rc" -eq 1
check "nothing indexed: message" grep -q '^dxsearch: nothing could be indexed (2 files skipped)$' "$WORK/bad.txt"
"$DX" index --db "$WORK/db-bad" --json "$WORK/allbad" > "$WORK/bad.json" 2>/dev/null || true
check "nothing indexed: JSON error" pyjson 'd["error"]["message"] == "nothing could be indexed"' < "$WORK/bad.json"
mkdir "$WORK/none"
expect_exit 0 "an empty folder is not an error" "$DX" index --db "$WORK/db-none" "$WORK/none"

# 10 MB of minified HTML on one line: bounded memory, reasonable time.
mkdir "$WORK/min"
python3 - "$WORK/min/min.html" <<'PY'
import sys
para = ('<div class="c"><p>市はオープンデータの公開を進め、窓口の待ち時間を'
        '減らした。職員は研修で業務改善の手法を学んだ。</p><span>DX</span></div>')
n = 10 * 1024 * 1024 // len(para.encode())
with open(sys.argv[1], "w") as f:
    f.write('<!doctype html><html><head><title>一行</title></head><body>')
    f.write(para * n)
    f.write('<p>最後の段落にだけシロクマが出てくる。</p></body></html>')
PY
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f '%M %e' -o "$WORK/time.txt")
start=$(date +%s)
"${TIME[@]}" "$DX" index --db "$WORK/db-min" --json "$WORK/min" > "$WORK/min.json"
secs=$(( $(date +%s) - start ))
check "minified HTML indexed" pyjson 'd["indexed"] == 1 and d["passages"] > 1000' < "$WORK/min.json"
check "minified HTML in under 120 s ($secs s)" test "$secs" -lt 120
if ldd "$DX" 2>/dev/null | grep -q libasan; then
  echo "note: sanitizer build: RSS not checked (shadow memory)"
elif [ -s "$WORK/time.txt" ]; then
  read -r rss _ < "$WORK/time.txt"
  echo "10 MB minified HTML: ${secs} s, peak RSS $((rss / 1024)) MB"
  check "minified HTML: peak RSS under 400 MB ($((rss / 1024)) MB)" test "$rss" -lt 409600
else
  echo "note: /usr/bin/time missing: RSS not checked"
fi
"$DX" query --db "$WORK/db-min" --json シロクマ > "$WORK/q.json"
check "the end of the one line is indexed" pyjson 'len(d["results"]) == 1' < "$WORK/q.json"
finish
