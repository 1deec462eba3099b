# Encodings end to end: UTF-8 sources written here are converted with
# iconv(1) into every supported encoding; each variant is indexed into
# its own index and must answer queries exactly as the UTF-8 original
# does (same passages, text, highlights and scores), `index -v` names
# each file's encoding, and invalid bytes give one warning per file.
. "$(dirname "$0")/lib.bash"
command -v iconv >/dev/null || { echo "skipped: no iconv"; exit 77; }

SRCDIR=$WORK/src
mkdir -p "$SRCDIR"
cat > "$SRCDIR/kyoso.md" <<'EOF'
# 官民共創で進める自治体DX

## 外部人材との共創

市は外部人材を「デジタル推進員」として受け入れ、行政サービスの
デジタル化を進めている。受付は9時〜17時、ＤＸ相談窓口は２階にある。

## オープンデータ

防災情報や施設一覧をオープンデータとして公開した。取り組んでいる
自治体は年々増えている。
EOF
cat > "$SRCDIR/bousai.txt" <<'EOF'
防災アプリの使い方

避難所の開設状況は、防災アプリと市のホームページで確認できる。
大雨の際は、早めの避難を心がけてほしい。
EOF
cat > "$SRCDIR/page.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>電子申請のご案内</title></head>
<body><main><h1>電子申請のご案内</h1>
<p>住民票の写しは電子申請で請求できます。マイナンバーカードが必要です。</p>
<h2 id="fee">手数料</h2><p>手数料はキャッシュレス決済で支払えます。</p>
</main></body></html>
EOF
cat > "$SRCDIR/legacy.html" <<'EOF'
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>庁内テレワークの記録</title></head>
<body><p>テレワークの日も電子決裁で業務を進めている。</p></body></html>
EOF
# Characters only CP932 and EUC-JP-MS have (NEC and IBM extensions), and
# half-width katakana (not in ISO-2022-JP).
cat > "$SRCDIR/ext.txt" <<'EOF'
拡張文字の記事

①申請書を提出する。㈱髙島屋との協定はⅢ期目。
ﾃﾞｼﾞﾀﾙ化の説明会を開いた。
EOF

# variant NAME ICONV-TARGET BOM-HEX HTML-LABEL [ext]: every source in
# that encoding; without "ext", ext.txt stays UTF-8 (so that every index
# holds the same articles and the scores compare too).
variant() {
  local name=$1 to=$2 bom=$3 label=$4 ext=${5:-} f
  mkdir -p "$WORK/v/$name"
  for f in kyoso.md bousai.txt page.html legacy.html ${ext:+ext.txt}; do
    {
      [ -n "$bom" ] && printf "$bom"
      sed "s/charset=\"utf-8\"/charset=\"$label\"/; s/charset=utf-8/charset=$label/" \
        "$SRCDIR/$f" | iconv -f UTF-8 -t "$to"
    } > "$WORK/v/$name/$f" || fail "iconv $name $f"
  done
  [ -n "$ext" ] || cp "$SRCDIR/ext.txt" "$WORK/v/$name/ext.txt"
}
variant utf8      UTF-8       ''            utf-8       ext
variant utf8bom   UTF-8       '\xef\xbb\xbf' utf-8      ext
variant utf16le   UTF-16LE    '\xff\xfe'    utf-16      ext
variant utf16be   UTF-16BE    '\xfe\xff'    utf-16      ext
variant cp932     CP932       ''            shift_jis   ext
variant eucjp     EUC-JP-MS   ''            euc-jp      ext
variant iso2022jp ISO-2022-JP ''            iso-2022-jp

check "fixtures differ from UTF-8" \
  bash -c "! cmp -s '$WORK/v/utf8/kyoso.md' '$WORK/v/cp932/kyoso.md'"

declare -A ENC=( [utf8]="UTF-8" [utf8bom]="UTF-8 (BOM)" [utf16le]="UTF-16LE"
  [utf16be]="UTF-16BE" [cp932]="CP932" [eucjp]="EUC-JP"
  [iso2022jp]="ISO-2022-JP" )
QUERIES=(共創 外部人材 デジタル 防災アプリ 避難 電子申請 手数料 キャッシュレス
  テレワーク 取り組む 住民票 DX 17時 髙島屋 申請書 株 デジタル化 説明会)

for name in utf8 utf8bom utf16le utf16be cp932 eucjp iso2022jp; do
  (cd "$WORK/v/$name" && "$DX" index --db "$WORK/db-$name" -v .) \
    > "$WORK/out-$name" 2> "$WORK/err-$name"
  check "$name: index exits 0" test $? -eq 0
  for f in kyoso.md bousai.txt page.html legacy.html; do
    check "$name: -v shows $f (${ENC[$name]})" \
      grep -qxF "indexed $f (${ENC[$name]})" "$WORK/err-$name"
  done
  ext_enc=${ENC[$name]}
  [ "$name" = iso2022jp ] && ext_enc=UTF-8
  check "$name: -v shows ext.txt ($ext_enc)" \
    grep -qxF "indexed ext.txt ($ext_enc)" "$WORK/err-$name"
  check "$name: no warnings" bash -c "! grep -q '^dxsearch:' '$WORK/err-$name'"
  for q in "${QUERIES[@]}"; do
    "$DX" query --db "$WORK/db-$name" --json --per-article 0 --limit 100 "$q" \
      > "$WORK/q-$name-$q.json"
  done
done

# Every variant answers exactly like UTF-8: same passages, ranks, scores,
# highlights and text -- up to the look-alikes that CP932 and EUC-JP-MS
# decode to (0x8160 is ～ U+FF5E there, 〜 U+301C in JIS), which the
# analyzer folds together.
python3 - "$WORK" "${QUERIES[@]}" <<'PY' && pass || fail "variants answer like UTF-8"
import json, sys
work, queries = sys.argv[1], sys.argv[2:]
names = ["utf8bom", "utf16le", "utf16be", "cp932", "eucjp", "iso2022jp"]
twins = str.maketrans({"\uff5e": "\u301c"})
bad = 0
def load(name, q):
    d = json.load(open(f"{work}/q-{name}-{q}.json"))
    for r in d["results"]:
        r["score"] = round(r["score"], 6)
        r["text"] = r["text"].translate(twins)
        r["snippet"] = r["snippet"].translate(twins)
    return d["results"]
for q in queries:
    want = load("utf8", q)
    if not want:
        print(f"no UTF-8 results for {q}"); bad += 1
    for n in names:
        got = load(n, q)
        if got != want:
            print(f"{n}: {q}: {json.dumps(got, ensure_ascii=False)[:300]}"
                  f" != {json.dumps(want, ensure_ascii=False)[:300]}")
            bad += 1
sys.exit(1 if bad else 0)
PY

check "extension characters found in CP932" pyjson \
  'any("髙島屋" in r["text"] and "①" in r["text"] for r in d["results"])' \
  < "$WORK/q-cp932-髙島屋.json"
check "HTML title from a Shift_JIS page" pyjson \
  'any(r["title"] == "電子申請のご案内" for r in d["results"])' \
  < "$WORK/q-cp932-電子申請.json"

# Mislabeled: the page says EUC-JP but is Shift_JIS.
mkdir -p "$WORK/mis"
sed 's/charset="utf-8"/charset="euc-jp"/' "$SRCDIR/page.html" |
  iconv -f UTF-8 -t CP932 > "$WORK/mis/page.html"
"$DX" index --db "$WORK/db-mis" -v "$WORK/mis" 2> "$WORK/err-mis" >/dev/null
check "mislabeled page detected as CP932" \
  grep -qxF "indexed $WORK/mis/page.html (CP932)" "$WORK/err-mis"

# Invalid bytes: indexed, one warning per file, U+FFFD in the text.
mkdir -p "$WORK/bad"
{ printf '壊れた文字を含む記事\n\n' | iconv -f UTF-8 -t CP932
  printf '\x80\xff'; printf '共創の事例を紹介する。\n' | iconv -f UTF-8 -t CP932
  printf '\xfd'; } > "$WORK/bad/broken.txt"
{ printf '途中で切れた記事の本文です。' | iconv -f UTF-8 -t EUC-JP; printf '\xa4'; } \
  > "$WORK/bad/cut.txt"
printf 'text\0with NUL\n' > "$WORK/bad/binary.txt"
"$DX" index --db "$WORK/db-bad" -v "$WORK/bad" 2> "$WORK/err-bad" >/dev/null
check "index with invalid bytes exits 0" test $? -eq 0
check "broken.txt indexed as CP932" \
  grep -qxF "indexed $WORK/bad/broken.txt (CP932)" "$WORK/err-bad"
check "one warning for broken.txt" test "$(grep -c "broken.txt: .*U+FFFD" "$WORK/err-bad")" -eq 1
check "warning text" grep -qF \
  "dxsearch: $WORK/bad/broken.txt: 3 invalid byte sequences replaced with U+FFFD" \
  "$WORK/err-bad"
check "cut.txt indexed as EUC-JP" \
  grep -qxF "indexed $WORK/bad/cut.txt (EUC-JP)" "$WORK/err-bad"
check "one warning for cut.txt" grep -qF \
  "dxsearch: $WORK/bad/cut.txt: 1 invalid byte sequence replaced with U+FFFD" \
  "$WORK/err-bad"
check "binary file still skipped" grep -q "skipped $WORK/bad/binary.txt" "$WORK/err-bad"
"$DX" query --db "$WORK/db-bad" --json 共創 > "$WORK/bad.json"
check "text around invalid bytes is searchable" \
  pyjson 'any("共創" in r["text"] and "\ufffd" in r["text"] for r in d["results"])' \
  < "$WORK/bad.json"
"$DX" index --db "$WORK/db-bad-q" -q "$WORK/bad" 2> "$WORK/err-bad-q" >/dev/null
check "-q silences the warnings" test ! -s "$WORK/err-bad-q"

# The detected encoding is stored per article: stats counts them, and an
# unchanged re-run (mtime touched) keeps them.
"$DX" stats --db "$WORK/db-bad" --json > "$WORK/stats-bad.json"
check "stats: encodings stored per article" \
  pyjson 'd["encodings"] == {"CP932": 1, "EUC-JP": 1}' < "$WORK/stats-bad.json"
touch "$WORK/bad/broken.txt" "$WORK/bad/cut.txt"
"$DX" index --db "$WORK/db-bad" -q "$WORK/bad" 2>/dev/null >/dev/null
"$DX" stats --db "$WORK/db-bad" --json > "$WORK/stats-bad2.json"
check "stats: encodings kept by an unchanged re-run" \
  pyjson 'd["encodings"] == {"CP932": 1, "EUC-JP": 1}' < "$WORK/stats-bad2.json"
"$DX" stats --db "$WORK/db-bad" > "$WORK/stats-bad.txt"
check "stats: encodings line" grep -qxF "encodings   CP932 1, EUC-JP 1" "$WORK/stats-bad.txt"

finish
