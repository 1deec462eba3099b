# Query semantics on a small corpus written here: AND ranking with
# relaxation, phrases, exclusion, OR, compounds, base forms, width and
# case variants, per-article collapsing, removal of deleted files.
. "$(dirname "$0")/lib.bash"
C=$WORK/c
DB=$WORK/db
mkdir -p "$C"
cat > "$C/a.md" <<'MD'
# 窓口改革の記録

## 外部人材の登用

市は外部人材を採用し、窓口の業務改善に取り組んでいる。担当課は申請書類の削減を進めた。

## 予算

市は来年度の予算で電子申請の拡充を見込む。
MD
cat > "$C/b.md" <<'MD'
# 人材育成の方針

## 研修

外部の講師を招き、職員の人材育成を行う。デジタル研修は毎月開かれる。
MD
cat > "$C/c.txt" <<'TXT'
ＤＸ推進計画

【計画の概要】

本市のＤＸ推進計画は、行政手続きのオンライン化を柱とする。サーバー更新も含む。
TXT
cat > "$C/d.html" <<'HTML'
<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>防災アプリの公開</title></head>
<body><nav>ホーム 外部人材 お知らせ</nav><main><h1>防災アプリの公開</h1>
<h2 id="overview">概要</h2><p>市は防災アプリを公開した。避難所の混雑状況が分かる。</p>
<h2 id="dx">dxの取組</h2><p>dx担当の職員がアプリを設計した。取り組む内容は今後も広がる。</p></main>
<footer>著作権 外部人材</footer></body></html>
HTML
check "index" "$DX" index --db "$DB" -q "$C"

q() { "$DX" query --db "$DB" --json --limit 20 "$@"; }
paths() { python3 -c 'import json,sys; print(" ".join(r["path"].rsplit("/",1)[-1] for r in json.load(sys.stdin)["results"]))'; }

# Compound as a phrase: 外部人材 ranks a.md (exact compound) first; b.md
# has 外部 and 人材 apart and comes only after it (if at all).
r=$(q 外部人材 | paths)
check "外部人材: a.md first ($r)" test "${r%% *}" = a.md
check "nav/footer text is not indexed ($r)" bash -c "! grep -q d.html <<< '$r'"
# Exact phrase in quotes.
r=$(q '"外部の講師"' | paths)
check "phrase 外部の講師 ($r)" test "$r" = b.md
# A phrase found nowhere: its words instead, and the result says so.
j=$(q '"外部の人材"')
r=$(paths <<< "$j")
check "phrase with no exact match gives its words ($r)" test -n "$r"
check "... marked unquoted" bash -c "grep -q '\"unquoted\":true' <<< '$j'"
j=$(q '"外部の講師"')
check "a phrase that matches is not marked" bash -c "! grep -q unquoted <<< '$j'"
r=$(q '"外部の人材" -人材' | paths)
check "unquoting keeps exclusions ($r)" test -z "$r"
# Exclusion.
r=$(q 人材 -研修 | paths)
check "人材 -研修 ($r)" test "$r" = a.md
# OR.
r=$(q 防災アプリ OR 予算 | paths)
check "防災アプリ OR 予算 ($r)" bash -c "grep -q a.md <<< '$r' && grep -q d.html <<< '$r' && ! grep -q b.md <<< '$r'"
# AND first, then relaxed: both words in a.md; only one in others.
r=$(q 人材 電子申請 | paths)
check "all-words passage first ($r)" test "${r%% *}" = a.md
r=$(q 人材 存在しない語句 | paths)
check "a missing word does not empty the result ($r)" test -n "$r"
# Base forms: 取り組む finds 取り組んで and the reverse.
r=$(q 取り組む | paths)
check "取り組む finds 取り組んで and 取り組む ($r)" bash -c "grep -q a.md <<< '$r' && grep -q d.html <<< '$r'"
r=$(q 取り組んで | paths)
check "取り組んで finds 取り組む ($r)" bash -c "grep -q a.md <<< '$r' && grep -q d.html <<< '$r'"
# Width and case: ＤＸ, dx and DX are one term.
for v in DX dx ＤＸ; do
  r=$(q "$v" | paths)
  check "$v finds c.txt and d.html ($r)" bash -c "grep -q c.txt <<< '$r' && grep -q d.html <<< '$r'"
done
# Half-width katakana query.
r=$(q 'ｻｰﾊﾞｰ' | paths)
check "ｻｰﾊﾞｰ finds サーバー ($r)" test "$r" = c.txt
r=$(q 'サーバ' | paths)
check "サーバ finds サーバー ($r)" test "$r" = c.txt
# A query word inside a longer indexed word (IPADIC keeps 関西国際空港 as
# one token): found, weaker than the word itself, and highlighted.
printf '# 移動\n\n関西国際空港から本市への直行バスを検討する。\n' > "$C/f.md"
printf '# 交通\n\n市内の空港の発着便が増えた。空港の利用者も多い。\n' > "$C/g.md"
check "index f.md g.md" "$DX" index --db "$DB" -q "$C"
r=$(q 空港 | paths)
check "空港 finds 関西国際空港, after the exact word ($r)" test "$r" = "g.md f.md"
q 空港 | pyjson 'any(r["path"].endswith("f.md") and "<mark>関西国際空港</mark>" in r["snippet"] for r in d["results"])' \
  && pass || fail "the longer word is highlighted"
r=$(q '"空港"' | paths)
check "a quoted word matches only itself ($r)" test "$r" = g.md
# Kana-only queries also match by reading, with rendaku (所 is ショ in
# IPADIC, ジョ in 避難所): ひなんじょ finds 避難所, highlighted.
printf '# 防災\n\n市は避難所の開設を急いだ。\n' > "$C/h.md"
check "index h.md" "$DX" index --db "$DB" -q "$C"
q ひなんじょ | pyjson 'sorted(r["path"].rsplit("/",1)[-1] for r in d["results"]) == ["d.html", "h.md"] and all("<mark>避難所</mark>" in r["snippet"] for r in d["results"])' \
  && pass || fail "ひなんじょ finds and marks 避難所 (d.html, h.md)"
r=$(q ヒナンジョ | paths)
check "katakana reading too ($r)" bash -c "grep -q h.md <<< '$r' && grep -q d.html <<< '$r'"
# Variant kanji of names: 髙橋 and 高橋 are one word.
printf '# 人事\n\n髙橋さんが課長に就いた。\n' > "$C/i.md"
check "index i.md" "$DX" index --db "$DB" -q "$C"
r=$(q 高橋 | paths)
check "高橋 finds 髙橋 ($r)" test "$r" = i.md
q 高橋 | pyjson '"<mark>髙橋</mark>" in d["results"][0]["snippet"]' && pass || fail "髙橋 marked on the original"
# Fields: title:WORD and heading:WORD restrict to that field.
r=$(q 'title:防災アプリ' | paths)
check "title:防災アプリ ($r)" test "$r" = d.html
r=$(q 'heading:概要' | paths | tr ' ' '\n' | sort | tr '\n' ' ')
check "heading:概要: the 概要 and 計画の概要 headings ($r)" test "$r" = "c.txt d.html "
r=$(q 'heading:"計画の概要"' | paths)
check "heading:\"計画の概要\" ($r)" test "$r" = c.txt
r=$(q 市 -title:窓口改革 | paths)
check "-title: excludes by title ($r)" bash -c "! grep -q a.md <<< '$r' && test -n '$r'"
# prefix*: words starting so, without MeCab; marked whole.
q 'サー*' | pyjson '[r["path"].rsplit("/",1)[-1] for r in d["results"]] == ["c.txt"] and "<mark>サーバー</mark>" in d["results"][0]["snippet"]' \
  && pass || fail "サー* finds and marks サーバー"
q 'dx推*' | pyjson 'len(d["results"]) == 0' && pass || fail "a prefix is one word: dx推* matches no single term"
# Stray quotes and brackets are text, never an error.
for s in '"外部人材' '(外部人材' '外部人材)' '「外部人材' '-' '--' 'OR' '"'; do
  check "stray syntax: $s" bash -c "'$DX' query --db '$DB' --json -- '$s' > /dev/null"
done
# Highlights: the compound is marked whole, and map to original bytes.
q ＤＸ推進 | pyjson 'any(r["text"].encode()[a:b].decode() == "ＤＸ推進" for r in d["results"] for a,b in r["highlights"])' \
  && pass || fail "ＤＸ推進 highlighted on the original full-width text"
# HTML anchor from the heading id.
q 混雑状況 | pyjson 'd["results"][0]["anchor"] == "overview" and d["results"][0]["heading"] == "概要"' \
  && pass || fail "anchor and heading of an HTML passage"
# Titles: the text title is the first line.
q 行政手続き | pyjson 'd["results"][0]["title"] == "ＤＸ推進計画"' \
  && pass || fail "text title"
# Per-article collapsing: a.md has two passages about 人材/申請.
n=$(q --per-article 0 市 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))')
m=$(q 市 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))')
check "collapsing: $m articles < $n passages" test "$m" -lt "$n"
# Deleting a file and re-indexing removes its passages.
rm "$C/b.md"
check "re-index after delete" "$DX" index --db "$DB" -q "$C"
r=$(q 講師 | paths)
check "deleted file is gone ($r)" test -z "$r"
# Re-indexing a changed file replaces its passages.
sed -i 's/電子申請/窓口予約/' "$C/a.md"
check "re-index after edit" "$DX" index --db "$DB" -q "$C"
# (電子 and 申請 apart may still match, in the partial tier: not the run)
r=$(q 電子申請 | python3 -c 'import json,sys; print(" ".join(x["path"] for x in json.load(sys.stdin)["results"] if "電子申請" in x["text"]))')
check "old text is gone ($r)" test -z "$r"
r=$(q 窓口予約 | paths)
check "new text is found ($r)" test "$r" = a.md
# Synonyms (dict/synonyms.tsv): 在宅勤務 = テレワーク; a user file adds sets.
printf '# 説明\n本市の在宅勤務の制度。\n' > "$C/e.txt"
check "index e.txt" "$DX" index --db "$DB" -q "$C"
r=$(q テレワーク | paths)
check "テレワーク finds 在宅勤務 through the default synonyms ($r)" test "$r" = e.txt
q リモートワーク | pyjson 'd["results"][0]["text"].encode()[d["results"][0]["highlights"][0][0]:d["results"][0]["highlights"][0][1]].decode() == "在宅勤務"' \
  && pass || fail "synonym match is highlighted"
printf '防災アプリ\t災害アプリ\n' > "$WORK/syn.tsv"
r=$(DXSEARCH_SYNONYMS=$WORK/syn.tsv q 災害アプリ | paths)
check "a user synonym file ($r)" test "$r" = d.html
expect_exit 1 "a missing DXSEARCH_SYNONYMS file" env DXSEARCH_SYNONYMS=$WORK/none.tsv "$DX" query --db "$DB" 防災
# A compound whose words only occur apart still finds them (the partial
# tier), below a passage with the compound itself; an identifier that
# MeCab cuts (k01234 → k 01234) is not split into its pieces.
cat > "$C/e.md" <<'MD'
# 研修の報告

職員の育成には、庁内の研修と外部の講座を組み合わせる。
MD
cat > "$C/f.md" <<'MD'
# 研修計画

研修講座の一覧を毎年公開する。型番はk01234とする。
MD
check "index e, f" "$DX" index --db "$DB" -q "$C"
r=$(q 研修講座 | paths | tr '\n' ' ')
check "compound first, then its words apart ($r)" test "${r%% *}" = f.md -a "$(echo $r | wc -w)" -ge 2
check "the words apart are found ($r)" grep -q e.md <<< "$r"
r=$(q k01234 | paths | tr '\n' ' ')
check "an identifier stays whole ($r)" test "$r" = "f.md "
finish
