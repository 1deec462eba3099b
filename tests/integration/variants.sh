# Okurigana variants end to end: 申し込み, 申込み and 申込 find each other
# (also in a compound and in highlighting); dakuten still matter.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
mkdir -p "$C"
printf '# 一\n\n講座の申し込みは窓口で受け付けます。\n' > "$C/a.md"
printf '# 二\n\n講座への申込みは電子申請でもできます。\n' > "$C/b.md"
printf '# 三\n\n申込書を窓口に出してください。受付は平日です。\n' > "$C/c.md"
printf '# 四\n\n市営バスの路線図。\n' > "$C/d.md"
printf '# 五\n\n池のハスが咲いた。\n' > "$C/e.md"
check "index" "$DX" index --db "$DB" -q "$C"
paths() { python3 -c 'import json,sys; print(" ".join(sorted(r["path"].rsplit("/",1)[-1] for r in json.load(sys.stdin)["results"])))'; }
q() { "$DX" query --db "$DB" --json --limit 20 "$@"; }
for w in 申し込み 申込み 申込; do
  r=$(q "$w" | paths)
  check "$w finds all three spellings ($r)" test "$r" = "a.md b.md c.md"
done
r=$(q 受け付け | paths)
check "受け付け finds 受け付けます and 受付 ($r)" test "$r" = "a.md c.md"
q 申し込み > "$WORK/q.json"
check "the other spellings are highlighted" pyjson 'sorted(r["text"].encode()[a:b].decode() for r in d["results"] for a, b in r["highlights"]) == ["申し込み", "申込", "申込み"]' < "$WORK/q.json"
r=$(q バス | paths)
check "バス does not find ハス ($r)" test "$r" = d.md
r=$(q ハス | paths)
check "ハス does not find バス ($r)" test "$r" = e.md
finish
