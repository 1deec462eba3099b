#!/usr/bin/env bash
# Grid search of the ranking knobs on the relevance sets (see README,
# "Search quality"): the sample set (tests/relevance) and, when
# bench/data exists (bench/corpus-build.sh), the debian set
# (tests/relevance/debian_set.py, --scope $DEBIAN_SCOPE: subset, as in
# ctest, or all).  Prints one line per setting, best last, ranked by the
# mean of the sets' nDCG@10 so that no set decides alone:
#   mean  sample: MRR nDCG R@10  debian: MRR nDCG R@10  knobs
#   scripts/tune.sh [BUILD_DIR]
#   GRID=signals scripts/tune.sh      # proximity and article knobs
# GRID=bm25 (default): k1, b, title, heading; GRID=signals: near,
# near_slack, near_pool, art, art_pool; a knob outside the grid keeps its
# default.  Each knob's values can be set: K1S, BS, TITLES, HEADINGS,
# NEARS, SLACKS, POOLS, ARTS, ART_POOLS (space-separated).  The knobs
# reach the searcher through DXSEARCH_TUNE (query/search.c).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
GRID=${GRID:-bm25}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=${DX_BENCH_DATA:-bench/data}

sets=(sample)
if [ -d "$DATA/corpus/debian-reference-ja" ]; then
  python3 tests/relevance/debian_set.py --data "$DATA" --out "$WORK/debian" \
    --scope "${DEBIAN_SCOPE:-subset}" > "$WORK/debian.log" 2>&1
  sets+=(debian)
fi
# One set with one setting: "MRR nDCG R@10".
score() {
  local c q j
  case $2 in
    sample) c=corpus q=tests/relevance/queries.tsv
            j=tests/relevance/judgments.tsv ;;
    debian) c=$WORK/debian/corpus q=$WORK/debian/queries.tsv
            j=$WORK/debian/judgments.tsv ;;
  esac
  DXSEARCH_TUNE=$1 "$B/tests/dx_releval" --corpus "$c" --queries "$q" \
    --judgments "$j" --db "$WORK/$2.db" $3 |
    awk '/^queries=/ { for (i = 2; i <= 4; i++) { split($i, v, "=");
                       printf "%s ", v[2] } }'
}
run() {
  local s line="" sum=0 n=0 x
  for s in "${sets[@]}"; do
    x=$(score "$1" "$s" "${2:---no-index}")
    line+=" $s: $x"
    sum=$(awk -v a="$sum" -v b="$(echo "$x" | cut -d' ' -f2)" \
          'BEGIN { print a + b }')
    n=$((n + 1))
  done
  awk -v s="$sum" -v n="$n" -v l="$line" -v t="$1" \
    'BEGIN { printf "%.4f %s %s\n", s / n, l, t }'
}
for s in "${sets[@]}"; do score "" "$s" "" > /dev/null; done  # index once

# The grid: each knob's list, "-" = the default.
if [ "$GRID" = signals ]; then
  K1S=${K1S:--}; BS=${BS:--}; TITLES=${TITLES:--}; HEADINGS=${HEADINGS:--}
  NEARS=${NEARS:-0 0.5 1 1.5}; SLACKS=${SLACKS:-4 8 12 20}
  POOLS=${POOLS:-0 10 30}; ARTS=${ARTS:-0 0.1 0.3}
  ART_POOLS=${ART_POOLS:-30}
else
  K1S=${K1S:-0.9 1.2 1.6 2.0}; BS=${BS:-0.2 0.3 0.5 0.75}
  TITLES=${TITLES:-0.1 0.2 0.5}; HEADINGS=${HEADINGS:-0.1 0.3 0.5}
  NEARS=${NEARS:--}; SLACKS=${SLACKS:--}; POOLS=${POOLS:--}
  ARTS=${ARTS:--}; ART_POOLS=${ART_POOLS:--}
fi
knob() { [ "$2" = - ] || printf ',%s=%s' "$1" "$2"; }
for k1 in $K1S; do for b in $BS; do for t in $TITLES; do for h in $HEADINGS; do
for n in $NEARS; do for sl in $SLACKS; do for p in $POOLS; do
for a in $ARTS; do for ap in $ART_POOLS; do
  tune=$(knob k1 "$k1")$(knob b "$b")$(knob title "$t")$(knob heading "$h")
  tune+=$(knob near "$n")$(knob near_slack "$sl")$(knob near_pool "$p")
  tune+=$(knob art "$a")$(knob art_pool "$ap")
  run "${tune#,}"
done; done; done; done; done; done; done; done; done | sort -n | tail -"${TOP:-15}"
