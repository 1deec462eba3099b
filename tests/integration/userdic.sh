# The user dictionary end to end: the shipped one keeps 官民共創 as one
# query term while its parts stay searchable; 'dict add' on a copy makes
# the index stale with a clear message on query and index; --rebuild
# re-analyzes everything with the new word.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
UD=$WORK/userdic
mkdir -p "$C"
cat > "$C/a.md" <<'MD'
# くすのき官民共創ラボ

市は官民共創ラボを開設し、企業と共創の場をつくった。もぐら川流域会議も始まった。
MD
cat > "$C/b.md" <<'MD'
# 研修

職員向けの研修で、官民の連携と共創の事例を学んだ。
MD
unset DXSEARCH_USERDIC
check "index with the shipped dictionary" "$DX" index --db "$DB" -q "$C"
q() { "$DX" query --db "$DB" --json --explain "$@"; }
terms() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("/".join(p) for g in d["explain"]["items"][0]["groups"] for p in g["positions"]))'; }
paths() { python3 -c 'import json,sys; print(" ".join(r["path"].rsplit("/",1)[-1] for r in json.load(sys.stdin)["results"]))'; }

# 官民共創 is one term (IPADIC alone splits it into 官民 共 創).
r=$(q 官民共創 | terms)
check "官民共創 is a single query term ($r)" test "$r" = 官民共創
r=$(q 官民共創 | paths)
check "官民共創 finds a.md only ($r)" test "$r" = a.md
# Its parts stay searchable, also in a phrase with the next word.
r=$(q 共創 | paths)
check "共創 finds both ($r)" bash -c "grep -q a.md <<< '$r' && grep -q b.md <<< '$r'"
r=$(q '"共創ラボ"' | paths)
check "\"共創ラボ\" matches inside 官民共創ラボ ($r)" test "$r" = a.md
r=$(DXSEARCH_USERDIC=none "$DX" dict path)
check "DXSEARCH_USERDIC=none: no user dictionary ($r)" test "$r" = "(none)"

# A user's own copy: dict add seeds it with the shipped words.
r=$("$DX" dict add --dict-dir "$UD" もぐら川流域会議 2>/dev/null)
check "dict add prints the entry ($r)" grep -q '^added to .*もぐら川流域会議,' <<< "$r"
check "the copy holds the shipped words" grep -q '^官民共創,' "$UD/user.csv"
check "the copy is compiled" test -s "$UD/user.dic"
r=$("$DX" dict add --dict-dir "$UD" もぐら川流域会議 2>/dev/null)
check "adding twice changes nothing ($r)" grep -q 'already' <<< "$r"
expect_exit 2 "dict add without a word" "$DX" dict add
expect_exit 1 "dict add of a word with a comma" "$DX" dict add --dict-dir "$UD" 'a,b'

export DXSEARCH_USERDIC=$UD
r=$("$DX" dict path)
check "dict path follows DXSEARCH_USERDIC ($r)" test "$r" = "$UD"
err=$("$DX" query --db "$DB" 官民共創 2>&1 >/dev/null); rc=$?
check "query on the stale index fails (exit $rc)" test "$rc" = 1
check "the message names the user dictionary ($err)" grep -q 'user dictionary changed.*--rebuild' <<< "$err"
err=$("$DX" index --db "$DB" -q "$C" 2>&1 >/dev/null); rc=$?
check "index without --rebuild fails (exit $rc)" test "$rc" = 1
check "index says the same ($err)" grep -q 'user dictionary changed.*--rebuild' <<< "$err"
check "index --rebuild" "$DX" index --db "$DB" --rebuild -q "$C"
r=$(q もぐら川流域会議 | terms)
check "the new word is one term after --rebuild ($r)" test "$r" = もぐら川流域会議
r=$(q もぐら川流域会議 | paths)
check "and finds a.md ($r)" test "$r" = a.md
r=$(q 流域 | paths)
check "its parts stay searchable ($r)" test "$r" = a.md
r=$("$DX" stats --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["dictionary"])')
check "stats shows the user dictionary in the fingerprint ($r)" grep -q ';userdic=[0-9]*:' <<< "$r"

# dict build after editing the CSV by hand: a broken line is refused
# with the compiler's message, and the compiled dictionary stays.
cp "$UD/user.dic" "$WORK/before.dic"
echo '壊れた行,1' >> "$UD/user.csv"
expect_exit 1 "dict build of a broken CSV" "$DX" dict build
check "the old user.dic stays" cmp -s "$UD/user.dic" "$WORK/before.dic"
finish
