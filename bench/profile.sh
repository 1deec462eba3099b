#!/usr/bin/env bash
# Where `dxsearch index` spends its time on the bench corpus: perf with
# DWARF call graphs, summarised per thread and per stage.
#
#   bench/profile.sh                     # Release build from index.sh
#   DXSEARCH=/path/to/dxsearch bench/profile.sh [extra index options]
#
# Prints each thread's share of the CPU samples, then the inclusive share
# ("children") of the main stages: extraction, analysis (MeCab), Xapian
# document writes (and zlib inside them), commits.  Shares are of all CPU
# samples of the run; a stage missing from the binary prints 0.  The raw
# data stays in bench/data/run/perf.data for `perf report -i`.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
DATA=${DX_BENCH_DATA:-$BENCH/data}
WORK=$DATA/run
FREQ=${PERF_FREQ:-299}

command -v perf >/dev/null || {
  echo "bench: perf is missing (Debian: linux-perf)" >&2; exit 1; }
DXSEARCH=${DXSEARCH:-$ROOT/build-release/cli/dxsearch}
[ -x "$DXSEARCH" ] || { echo "bench: build first (bench/index.sh) or set DXSEARCH" >&2; exit 1; }
DXSEARCH=$(realpath "$DXSEARCH")
[ -d "$DATA/corpus" ] || "$BENCH/corpus-build.sh"
mkdir -p "$WORK"
rm -rf "$WORK/profile.db" "$WORK/perf.data" "$WORK/perf.data.old"
(cd "$DATA" && /usr/bin/time -f 'with perf: %e s wall, %U s user, %S s sys, %M KB max RSS' \
  perf record -q -F "$FREQ" --call-graph dwarf,32768 -o "$WORK/perf.data" -- \
  "$DXSEARCH" index -q "$@" --db "$WORK/profile.db" corpus)
rm -rf "$WORK/profile.db"

echo "CPU samples per thread:"
perf report -i "$WORK/perf.data" --no-children --sort pid --stdio -g none \
  2>/dev/null | grep -E '^ +[0-9]' | head -n 8

perf report -i "$WORK/perf.data" --children --sort sym --stdio -g none \
  2>/dev/null | grep -E '^ +[0-9]' > "$WORK/perf-children.txt"
echo "Inclusive share of all samples:"
while IFS='|' read -r sym what; do
  pct=$(awk -v s="$sym" '$NF == s || $(NF) ~ "^"s"$" {print $1; exit}' \
    "$WORK/perf-children.txt")
  printf '  %-8s %-34s %s\n' "${pct:-0%}" "$sym" "$what"
done <<'EOF'
dx_decode|encoding detection and conversion
dx_utf8_repair|UTF-8 validation/repair
dx_extract|HTML/Markdown/text extraction
htmlParseDocument|  of which libxml2's parser
dx_passages|passage splitting
dx_analyze|analysis: normalize, MeCab, terms
mecab_parse_lattice|  of which MeCab
dx_xdb_add|Xapian document writes (add_document, new articles)
dx_xdb_replace|Xapian document writes (replace_document, changed articles)
deflate|  zlib inside Xapian (doc data, termlists)
dx_xdb_commit|Xapian commits
dx_writer__begin|  writer: start of an article (commits included)
EOF
