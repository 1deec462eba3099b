# Kana queries and readings (issue 4), real MeCab and Xapian.  A hiragana
# query is also read as kanji (いと finds 意図), and so is a katakana word
# that no passage holds as a word (イト).  But a katakana word that the
# passages do hold (アルバイト) is that word, not every way to read it;
# and a reading cut into kana words and a kanji word (ある|ば|意図 for
# あるばいと) is a phrase, never its okurigana key (意図 alone), which
# would match every passage with 意図.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
mkdir -p "$C"
cat > "$C/a.md" <<'MD'
# 窓口の人員

繁忙期に向けてアルバイトの募集を始めた。
MD
cat > "$C/b.md" <<'MD'
# 計画の見直し

この計画の背景にある意図を説明した。早く出せば間に合う。
MD
check "index" "$DX" index --db "$DB" -q "$C"
q() { "$DX" query --db "$DB" --json "$@"; }
paths() { python3 -c 'import json,sys; print(" ".join(sorted(r["path"].rsplit("/",1)[-1] for r in json.load(sys.stdin)["results"])))'; }
r=$(q アルバイト | paths)
check "アルバイト finds the word only ($r)" test "$r" = a.md
r=$(q あるばいと | paths)
check "あるばいと does not find 意図 alone ($r)" bash -c "! grep -q b.md <<< '$r'"
r=$(q いと | paths)
check "いと finds 意図 by reading ($r)" test "$r" = b.md
# (and アルバイト, which holds the string イト: the substring layer)
r=$(q イト | paths)
check "イト (no such word) finds 意図 by reading ($r)" bash -c "grep -q b.md <<< '$r'"
finish
