#!/usr/bin/env bash
# Grid search of the ranking knobs on the relevance set (see README,
# "Search quality").  Prints one line per setting, by nDCG@10, best last:
#   scripts/tune.sh [BUILD_DIR]
# The knobs reach the searcher through DXSEARCH_TUNE (query/search.c).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
DB=$(mktemp -d)/tune.db
trap 'rm -rf "$(dirname "$DB")"' EXIT
run() {
  DXSEARCH_TUNE=$1 "$B/tests/dx_releval" --corpus corpus \
    --queries tests/relevance/queries.tsv \
    --judgments tests/relevance/judgments.tsv --db "$DB" $2 |
    awk -v t="$1" '/^queries=/ { split($3, n, "="); print n[2], t, $0 }'
}
run "k1=1.2" "" > /dev/null    # build the index once
for k1 in ${K1S:-0.6 0.9 1.2 1.6}; do
  for b in ${BS:-0.3 0.5 0.75 0.9}; do
    for t in ${TITLES:-0.1 0.2 0.5}; do
      for h in ${HEADINGS:-0.1 0.3 0.5 1.0}; do
        run "k1=$k1,b=$b,title=$t,heading=$h" --no-index
      done
    done
  done
done | sort -n | tail -${TOP:-15}
