# Filters and date order (issue 4): path:, tag:, date:, their
# combinations with words, OR and exclusion, queries of filters only,
# malformed filters, --sort date; the same over HTTP (/api/search and
# the page's order switch and pagination).
. "$(dirname "$0")/lib.bash"
S=$WORK/site
DB=$WORK/db
mkdir -p "$S/kurashi/gomi" "$S/kurashi/bousai" "$S/jigyosha" "$S/misc"
cat > "$S/kurashi/gomi/bunbetsu.md" <<'MD'
---
title: ごみ分別アプリ
date: 2024-03-10
tags: [ごみ, 分別, Code  for]
---
# ごみ分別アプリ

お知らせ：ごみ分別アプリの提供を始めました。
MD
cat > "$S/kurashi/bousai/hinan.md" <<'MD'
---
title: 避難所の案内
date: 2023-06-01
tags:
  - 防災
  - 避難所
---
# 避難所の案内

お知らせ：避難所の一覧を更新しました。お知らせは随時追加します。
MD
cat > "$S/kurashi/bousai/old.md" <<'MD'
---
title: 防災訓練
date: 2022-11
tags: [防災]
---
# 防災訓練

お知らせ：防災訓練を実施しました。
MD
cat > "$S/jigyosha/nyusatsu.html" <<'HTML'
<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>電子入札の開始</title>
<meta property="article:published_time" content="2024-01-15T10:00:00+09:00">
<meta name="keywords" content="入札, 電子申請"></head>
<body><main><h1>電子入札の開始</h1><p>お知らせ：電子入札を始めます。</p></main></body></html>
HTML
cat > "$S/jigyosha/info.html" <<'HTML'
<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>事業者向け説明会</title></head>
<body><main><h1>事業者向け説明会</h1><p><time datetime="2025-02-01">2025年2月1日</time>
お知らせ：説明会を開きます。</p></main></body></html>
HTML
printf 'メモ\n\n2024-12-24 お知らせ：ファイルの日付は公開日ではない。\n' > "$S/misc/notes.txt"
for i in 01 02 03 04 05 06 07 08 09 10; do
  printf '雑記%s\n\nお知らせ：その他の連絡%s。\n' "$i" "$i" > "$S/misc/filler$i.txt"
done
check "index" "$DX" index --db "$DB" -q "$S"

q() { "$DX" query --db "$DB" --json --limit 50 "$@"; }
# File names of the results, in order.
names() { python3 -c 'import json,sys; print(" ".join(r["path"].rsplit("/",1)[-1] for r in json.load(sys.stdin)["results"]))'; }
is() { local want=$1; shift; local got; got=$(q "$@" | names); check "$* -> '$got', want '$want'" test "$got" = "$want"; }

# path: any run of folder names of the stored path, newest first when
# the query has no words; case and width folded; not a file name.
is "bunbetsu.md hinan.md old.md" path:kurashi
is "bunbetsu.md hinan.md old.md" path:site/kurashi
is "bunbetsu.md hinan.md old.md" path:/KURASHI/
is "hinan.md old.md" path:kurashi/bousai
is "hinan.md old.md" path:bousai
is "hinan.md old.md" お知らせ path:bousai --sort date
is "" path:kura
is "bunbetsu.md hinan.md old.md" 'path:kura*'
is "" path:bunbetsu.md
is "info.html nyusatsu.html" path:jigyosha
# tag: front matter (inline and "- item" lists) and HTML keywords.
is "hinan.md old.md" tag:防災
is "bunbetsu.md" 'tag:"code for"'
is "bunbetsu.md" tag:ＧＯＭＩ OR tag:ごみ
is "nyusatsu.html" tag:入札
is "bunbetsu.md nyusatsu.html hinan.md old.md" tag:防災 OR tag:入札 OR tag:分別
is "" tag:防
is "hinan.md old.md" 'tag:防*'
# date: inclusive ranges at year, month and day granularity; articles
# without a date (plain text, a file's mtime is no date) never match.
is "bunbetsu.md nyusatsu.html" date:2024
is "bunbetsu.md nyusatsu.html hinan.md" date:2023-01..2024-03
is "nyusatsu.html" date:2024-01-15
is "hinan.md" date:2023-06-01..2023-06-30
is "old.md" date:2022-11
is "" date:2022-11-05
is "hinan.md old.md" date:..2023
is "info.html" date:2025-01-01..
is "bunbetsu.md nyusatsu.html hinan.md" date:2024-03..2023-01
is "info.html bunbetsu.md nyusatsu.html hinan.md old.md" date:1000..9999
is "info.html" date:２０２５
# Filters with words: restrict without changing scores; exclusion.
is "hinan.md" お知らせ tag:防災 date:2023
is "bunbetsu.md" お知らせ path:kurashi -tag:防災
is "hinan.md old.md" お知らせ -path:jigyosha -path:misc -path:gomi
r=$(q お知らせ -tag:防災 | names)
check "-tag:防災 removes both ($r)" bash -c "! grep -qE 'hinan|old.md' <<< '$r' && grep -q bunbetsu <<< '$r'"
q お知らせ > "$WORK/all.json"
q お知らせ tag:防災 > "$WORK/some.json"
python3 - "$WORK/all.json" "$WORK/some.json" <<'PY' && pass || fail "a filter leaves scores as they are"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sa = {r["path"]: r["score"] for r in a["results"]}
assert b["results"] and all(sa[r["path"]] == r["score"] for r in b["results"])
PY
# A query of exclusions only lists what is left, newest first.
is "info.html nyusatsu.html" -tag:防災 -path:misc -path:gomi
# Malformed filters restrict nothing and say so in --explain.
q お知らせ | names > "$WORK/plain.txt"
q お知らせ date:abc | names > "$WORK/bad.txt"
check "date:abc is ignored" cmp -s "$WORK/plain.txt" "$WORK/bad.txt"
q --explain お知らせ date:2023-02-30 path:/ > "$WORK/ex.json"
check "--explain: ignored filters" pyjson '[f["field"] for f in d["explain"]["filters"] if "ignored" in f] == ["date", "path"]' < "$WORK/ex.json"
q --explain 'tag:防災 OR tag:入札' -date:2024 > "$WORK/ex2.json"
check "--explain: filter terms" pyjson 'd["explain"]["filters"] == [{"field":"tag","value":"防災","exclude":False,"or":False,"query":"T防災"},{"field":"tag","value":"入札","exclude":False,"or":True,"query":"T入札"},{"field":"date","value":"2024","exclude":True,"or":False,"query":"20240000..20249999"}]' < "$WORK/ex2.json"
check "--explain: tag OR, date excluded" pyjson '[r["path"].rsplit("/",1)[-1] for r in d["results"]] == ["hinan.md", "old.md"]' < "$WORK/ex2.json"
"$DX" query --db "$DB" --explain お知らせ date:abc > "$WORK/ex.txt"
check "--explain text: ignored" grep -q 'filter: date:abc ignored (not a date' "$WORK/ex.txt"
expect_exit 0 "only a malformed filter: no results, no error" "$DX" query --db "$DB" date:abc
is "" date:abc
# --sort date: newest first, undated last; relevance stays the default.
q --sort date お知らせ > "$WORK/sorted.json"
python3 - "$WORK/sorted.json" <<'PY' && pass || fail "--sort date order"
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
names = [r["path"].rsplit("/", 1)[-1] for r in rs]
assert names[:5] == ["info.html", "bunbetsu.md", "nyusatsu.html", "hinan.md", "old.md"], names
assert all(r["date"] is None for r in rs[5:]) and len(rs) == 16, rs
PY
check "date and tags in the JSON" pyjson '[(r["date"], r["tags"]) for r in d["results"][:5]] == [("2025-02-01", []), ("2024-03-10", ["ごみ", "分別", "Code  for"]), ("2024-01-15", ["入札", "電子申請"]), ("2023-06-01", ["防災", "避難所"]), ("2022-11", ["防災"])]' < "$WORK/sorted.json"
r=$(q お知らせ | names)
check "default order is relevance: hinan.md (お知らせ twice) first ($r)" test "${r%% *}" = hinan.md
r=$(q --sort relevance お知らせ | names)
check "--sort relevance ($r)" test "${r%% *}" = hinan.md
r=$(q --sort date --per-article 0 --limit 3 --offset 1 お知らせ | names)
check "--sort date with offset ($r)" test "$r" = "bunbetsu.md nyusatsu.html hinan.md"
expect_exit 2 "--sort bogus" "$DX" query --db "$DB" --sort bogus お知らせ
"$DX" query --db "$DB" --sort date お知らせ > "$WORK/human.txt"
check "human output shows the date" grep -q '(2025-02-01)' "$WORK/human.txt"
printf 'tag:防災\ndate:abc\nお知らせ path:gomi\n' | "$DX" query --db "$DB" --batch - > "$WORK/batch.out"
check "batch with filters" python3 -c '
import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
assert [len(x["results"]) for x in l] == [2, 0, 1], l' "$WORK/batch.out"

# The sample corpus: Markdown front matter dates and tags.
"$DX" index --db "$WORK/corpus.db" -q "$SRC/corpus"
r=$("$DX" query --db "$WORK/corpus.db" --json 'tag:共創' | names)
check "corpus: tag:共創 newest first ($r)" test "$r" = "sangaku-kyoso.html shimin-kyoso.md startup-kyoso.md"
r=$("$DX" query --db "$WORK/corpus.db" --json --sort date 共創 date:2024 | names)
check "corpus: 共創 date:2024 --sort date ($r)" test "$r" = "startup-kyoso.md kyoso-lab.md"

# HTTP: the same over /api/search, and the page keeps the order.
python3 - "$DB" <<'PY' && pass || fail "HTTP filters and sort"
import json, os, sys, urllib.parse
sys.path.insert(0, os.path.join(os.environ["DX_SOURCE_DIR"], "tests", "integration"))
from dxhttp import DX, Checks, Server
import subprocess
T = Checks()
Q = urllib.parse.quote
srv = Server(sys.argv[1])
try:
    def api(qs):
        st, _, body = srv.request("/api/search?" + qs)
        return st, json.loads(body)
    st, d = api("q=" + Q("お知らせ") + "&sort=date&limit=20")
    cli = json.loads(subprocess.run([DX, "query", "--db", sys.argv[1], "--json",
                                     "--sort", "date", "--limit", "20", "お知らせ"],
                                    check=True, capture_output=True).stdout)
    for x in (d, cli):
        x.pop("took_ms")
    T.ok(st == 200 and d == cli, "api sort=date equals the CLI's --sort date")
    T.ok(d["results"][0]["date"] == "2025-02-01", "api: newest first")
    st, d = api("q=" + Q("tag:防災"))
    T.ok(st == 200 and [r["title"] for r in d["results"]] == ["避難所の案内", "防災訓練"],
         "api: a query of filters only")
    st, d = api("q=" + Q("お知らせ") + "&sort=bogus")
    T.ok(st == 400 and d["error"]["code"] == "invalid_argument", "api: sort=bogus is a 400")
    st, d = api("q=" + Q("お知らせ date:abc"))
    T.ok(st == 200 and len(d["results"]) == 10, "api: a malformed filter is no error")
    st, _, body = srv.request("/?q=" + Q("お知らせ") + "&sort=date")
    s = body.decode()
    T.ok(st == 200 and 'name="sort" value="date"' in s, "page: the form keeps sort=date")
    T.ok("page=2&amp;sort=date" in s, "page: pagination keeps sort=date")
    T.ok('class="dxs-date">2025-02-01<' in s, "page: the date of a hit")
    T.ok('<span aria-current="true">新しい順</span>' in s and
         'href="?q=' + Q("お知らせ") + '">関連度順</a>' in s, "page: the order switch")
    st, _, body = srv.request("/?q=" + Q("お知らせ") + "&sort=date&page=2")
    T.ok(st == 200 and "雑記" in body.decode() and "2025-02-01" not in body.decode(),
         "page 2 in date order: the undated articles")
    st, _, body = srv.request("/?q=" + Q("お知らせ") + "&sort=x")
    T.ok(st == 400 and "dxs-error" in body.decode(), "page: sort=x is a 400 page")
finally:
    srv.stop()
sys.exit(T.finish())
PY
finish
