# Queries that must not come back empty when their words are in the text
# (issue 4), with real MeCab and Xapian: a glued katakana compound that
# MeCab keeps as one unknown token (ダッシュボードウィジェットレイアウト)
# finds the article with its words apart, ranked by how many it has, and
# marks them; a kana query finds a municipal word of the user dictionary
# by its reading (けんしん → 健診, which IPADIC reads 健 + 診る).  And the
# other side: a glued query whose words are not all in the text, or whose
# pieces would be fragments (アイ + ドル), still finds nothing.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
mkdir -p "$C"
cat > "$C/a.md" <<'MD'
# 庁内ポータルの改修

新しいダッシュボードでは、ウィジェットの配置を職員が選べる。レイアウトは部署ごとに保存される。
MD
cat > "$C/b.md" <<'MD'
# 広報紙の編集

紙面のレイアウトを見直し、文字を大きくした。
MD
cat > "$C/c.md" <<'MD'
# 子育て支援

乳幼児健診の日程は、母子手帳アプリでも確かめられる。為替が1ドル150円でもアイデアは変わらない。
MD
unset DXSEARCH_USERDIC
check "index" "$DX" index --db "$DB" -q "$C"
q() { "$DX" query --db "$DB" --json "$@"; }
paths() { python3 -c 'import json,sys; print(" ".join(r["path"].rsplit("/",1)[-1] for r in json.load(sys.stdin)["results"]))'; }
tokens() { "$DX" query --db "$DB" --json --explain "$1" | python3 -c 'import json,sys; print(" ".join(t["term"] for t in json.load(sys.stdin)["explain"]["items"][0]["tokens"]))'; }

# The premise: MeCab keeps the glued query as one token.
r=$(tokens ダッシュボードウィジェットレイアウト)
check "one query token ($r)" test "$r" = ダッシュボードウィジェットレイアウト
# Its words apart: a.md (all three) before b.md (レイアウト alone).
r=$(q ダッシュボードウィジェットレイアウト | paths)
check "glued words find a.md first, then b.md ($r)" test "$r" = "a.md b.md"
q ダッシュボードウィジェットレイアウト | pyjson 'all("<mark>" + w + "</mark>" in d["results"][0]["snippet"] for w in ("ダッシュボード", "ウィジェット", "レイアウト"))' \
  && pass || fail "the words apart are highlighted"
# Not every word in the text, or fragments: nothing, not junk.
r=$(tokens ダッシュボードクロノスフィア)
check "one query token ($r)" test "$r" = ダッシュボードクロノスフィア
r=$(q ダッシュボードクロノスフィア | paths)
check "a glued query with a word not in the text finds nothing ($r)" test -z "$r"
r=$(q ホログラムテレポーテーション | paths)
check "no word in the text: nothing ($r)" test -z "$r"
r=$(q アイドル | paths)
check "アイドル is not アイ + ドル ($r)" test -z "$r"
# A quoted phrase stays exact: found nowhere, its words are searched
# instead and the result says so (query_semantics.sh).
j=$(q '"ダッシュボードウィジェットレイアウト"')
check "a quoted glued word found nowhere is marked unquoted" \
  bash -c "grep -q '\"unquoted\":true' <<< '$j'"

# The user dictionary's reading: けんしん finds 健診 and marks it.
q けんしん | pyjson '[r["path"].rsplit("/",1)[-1] for r in d["results"]] == ["c.md"] and "<mark>健診</mark>" in d["results"][0]["snippet"]' \
  && pass || fail "けんしん finds and marks 健診"
r=$(q 健診 | paths)
check "健診 finds c.md ($r)" test "$r" = c.md
finish
