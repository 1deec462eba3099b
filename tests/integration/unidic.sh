# UniDic end to end (Debian's unidic-mecab; skipped without it): the
# sample corpus indexed with --dict unidic is searched with UniDic without
# repeating --dict (query, incremental index, stats), a kana query finds
# its kanji word by UniDic's readings, another --dict is refused with a
# clear message until --rebuild.
. "$(dirname "$0")/lib.bash"
UNIDIC=/var/lib/mecab/dic/unidic
if [ ! -f "$UNIDIC/sys.dic" ]; then
  echo "skipped: UniDic is not installed ($UNIDIC; apt-get install unidic-mecab)"
  exit 77
fi
DB=$WORK/db
paths() { python3 -c 'import json,sys; print(" ".join(sorted({r["path"].rsplit("/",1)[-1] for r in json.load(sys.stdin)["results"]})))'; }

err=$("$DX" index --db "$DB" --dict unidic "$SRC/corpus" 2>&1 >/dev/null); rc=$?
check "index --dict unidic (exit $rc: $err)" test "$rc" = 0
r=$("$DX" stats --db "$DB" --json)
check "stats names the dictionary ($r)" pyjson 'd["dict"] == "unidic" and ";unidic;" in d["dictionary"] and d["passages"] > 100' <<< "$r"
check "stats (text) shows it" grep -q '^dict  *unidic$' <<< "$("$DX" stats --db "$DB")"

# query opens UniDic by itself: IPADIC would make the index stale
r=$("$DX" query --db "$DB" --json 共創 | paths)
check "共創 finds the 共創 articles ($r)" bash -c "grep -q kyoso-lab.md <<< '$r' && grep -q shimin-kyoso.md <<< '$r'"
r=$("$DX" query --db "$DB" --json --explain 取り組んで)
check "取り組んで searches 取り組ん and its base form 取り組む" pyjson 'any(p == ["取り組ん", "取り組む"] for g in d["explain"]["items"][0]["groups"] for p in g["positions"]) and d["total"] > 0' <<< "$r"
r=$("$DX" query --db "$DB" --json きょうそう | paths)
check "the kana query きょうそう finds 共創 by its reading ($r)" grep -q kyoso-lab.md <<< "$r"
r=$("$DX" query --db "$DB" --json kintone | paths)
check "an ASCII word stays one term (kintone: $r)" test -n "$r"

# later runs keep the index's dictionary
err=$("$DX" index --db "$DB" "$SRC/corpus" 2>&1 >/dev/null); rc=$?
check "index again without --dict (exit $rc: $err)" test "$rc" = 0
check "nothing to re-read ($err)" grep -q 'unchanged 35' <<< "$err"
check "the same dictionary by its folder" "$DX" index --db "$DB" -q --dict "$UNIDIC/" "$SRC/corpus"

# another dictionary: refused, then switched with --rebuild
err=$("$DX" index --db "$DB" -q --dict ipadic "$SRC/corpus" 2>&1 >/dev/null); rc=$?
check "index --dict ipadic on a UniDic index fails (exit $rc)" test "$rc" = 1
check "and says how to change it ($err)" grep -q "^dxsearch: .*built with the dictionary unidic, not ipadic: .*--rebuild --dict ipadic" <<< "$err"
r=$("$DX" query --db "$DB" --json 共創 | paths)
check "the index is left as it was ($r)" grep -q kyoso-lab.md <<< "$r"
check "index --rebuild --dict ipadic" "$DX" index --db "$DB" -q --rebuild --dict ipadic "$SRC/corpus"
r=$("$DX" stats --db "$DB" --json)
check "stats: now IPADIC" pyjson 'd["dict"] == "ipadic" and ";ipadic;" in d["dictionary"]' <<< "$r"
r=$("$DX" query --db "$DB" --json 共創 | paths)
check "共創 still found with IPADIC ($r)" grep -q kyoso-lab.md <<< "$r"

expect_exit 1 "--dict naming a missing folder" "$DX" index --db "$WORK/db2" --dict "$WORK/nodict" "$SRC/corpus"
err=$("$DX" index --db "$WORK/db2" --dict "$WORK/nodict" "$SRC/corpus" 2>&1 >/dev/null)
check "which says the dictionary is not found ($err)" grep -q "dictionary not found at $WORK/nodict" <<< "$err"
finish
