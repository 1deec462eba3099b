# hostile.bash -- sourced by the server tests (not a test itself).
# write_hostile DIR: articles that try to inject markup through every
# field (title, heading, text, url), plus two with real URLs; all contain
# the word ズンドコ, which the sample corpus does not.
write_hostile() {
  local H=$1
  mkdir -p "$H"
  cat > "$H/xss.md" <<'MD'
---
title: <script>alert("t")</script> ズンドコ"><img src=x onerror=alert(1)> &amp; 通知
url: javascript:alert(document.domain)
---
# <script>alert("h")</script>ズンドコ見出し"><img src=x onerror=alert(2)>

ズンドコ祭りのお知らせ <script>alert("body")</script> と "><img src=x onerror=alert(3)> と &amp;amp; と 'quote' の文字列。
MD
  cat > "$H/xss.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ズンドコ案内 &amp;amp;</title></head>
<body><h1 id="a&quot;b">ズンドコ&lt;/h1&gt;</h1>
<p>ズンドコ会場 &lt;script&gt;alert(1)&lt;/script&gt; "&gt;&lt;img src=x onerror=alert(4)&gt; &amp;amp; 'single'</p>
</body></html>
HTML
  cat > "$H/link.md" <<'MD'
---
title: ズンドコ訓練の手引き
url: https://example.jp/a?x=1&y="><svg/onload=alert(5)>
---
# 手引き

ズンドコ訓練の手順を説明します。
MD
  cat > "$H/kunren.md" <<'MD'
---
title: 防災ズンドコ訓練
url: https://www.city.example.jp/bousai/kunren.html
---
# 防災ズンドコ訓練

## 参加の申し込み

ズンドコ訓練への参加は、市役所の窓口で申し込めます。
MD

}
