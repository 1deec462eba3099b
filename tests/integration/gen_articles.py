"""gen_articles.py SRC OUT N -- write N small Markdown articles (a title,
three paragraphs drawn from the sample corpus SRC, and a unique word
"k<number>") into OUT/dNN/aNNNNN.md, deterministically.  Used by the
crash and concurrency tests (not a test itself)."""
import glob
import os
import random
import sys

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
paras = []
for p in sorted(glob.glob(os.path.join(src, "*.md")) +
                glob.glob(os.path.join(src, "*.txt"))):
    for b in open(p, encoding="utf-8").read().split("\n\n"):
        b = b.strip()
        if len(b) > 40 and not b.startswith(("#", "---", "-", "|", "!")):
            paras.append(b)
rnd = random.Random(42)
for i in range(n):
    d = os.path.join(out, "d%02d" % (i % 30))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "a%05d.md" % i), "w", encoding="utf-8") as f:
        f.write("# 記事 %d\n\n" % i)
        for _ in range(3):
            f.write(rnd.choice(paras) + "\n\n")
        f.write("番号 k%05d の記事。\n" % i)
