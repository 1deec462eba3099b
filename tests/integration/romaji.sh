# --romaji (CLI) and romaji=1 (HTTP API is in server.sh's style, here
# the CLI only): romaji becomes hiragana and searches by reading.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
mkdir -p "$C"
printf '# 共創の場\n\n市は大学と共創の場をつくった。避難所の地図も公開した。\n' > "$C/a.md"
printf '# 研修\n\n職員研修の記録。\n' > "$C/b.md"
check "index" "$DX" index --db "$DB" -q "$C"
paths() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["query"], " ".join(r["path"].rsplit("/",1)[-1] for r in d["results"]))'; }
r=$("$DX" query --db "$DB" --json --romaji kyousou | paths)
check "--romaji kyousou finds 共創 ($r)" test "$r" = "きょうそう a.md"
r=$("$DX" query --db "$DB" --json --romaji hinanjo | paths)
check "--romaji hinanjo finds 避難所 ($r)" test "$r" = "ひなんじょ a.md"
r=$("$DX" query --db "$DB" --json kyousou | paths)
check "without --romaji it is a word ($r)" test "$r" = "kyousou "
expect_exit 2 "--romaji with a word that is not romaji" "$DX" query --db "$DB" --romaji qqq
r=$(printf 'kenshuu\nqqq\n' | "$DX" query --db "$DB" --romaji --batch - | python3 -c 'import json,sys; print(" ".join(str(json.loads(l).get("error", {}).get("code", json.loads(l)["query"])) for l in sys.stdin))')
check "--romaji --batch: per line, errors as JSON ($r)" test "$r" = "けんしゅう invalid_query"
finish
