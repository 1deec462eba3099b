#!/usr/bin/env bash
# Relevance benchmark (issue 4): dxsearch vs Groonga (TokenMecab,
# TokenBigram) and SQLite FTS5 (trigram) on the two relevance sets, by one
# script (bench/relevance.py; see its docstring for the method).
#
#   bench/relevance.sh                    # both sets; writes RESULTS.md
#   bench/relevance.sh --sets sample      # only the hand-judged set
#   bench/relevance.sh --dx old=/path/to/dxsearch --dx new=build-release/cli/dxsearch
#   bench/relevance.sh --dx ipadic=build-release/cli/dxsearch \
#                      --dx unidic=build-release/cli/dxsearch:unidic
#   BENCH_WRITE=0 bench/relevance.sh      # print only
#
# The first --dx binary (default build-release/cli/dxsearch, built here by
# scripts/setup.sh when missing) also provides the passages that the other
# engines index.  The debian set needs bench/data (bench/corpus-build.sh,
# run here when missing).  Work files: bench/data/relevance/.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
DATA=${DX_BENCH_DATA:-$BENCH/data}
RESULTS=${BENCH_RESULTS:-$BENCH/RESULTS.md}

# Debian's python3 (python3-xapian reads dxsearch's index back), Groonga,
# MeCab with IPADIC UTF-8.
PACKAGES=(python3 python3-xapian mecab mecab-ipadic-utf8 groonga-bin
          groonga-tokenizer-mecab)
. "$BENCH/packages.sh"
bench_install "${PACKAGES[@]}"

args=("$@")
if [[ " $* " != *" --dx "* ]]; then
  if [ -z "${DXSEARCH:-}" ]; then
    if [ ! -x "$ROOT/build-release/cli/dxsearch" ]; then
      BUILD_DIR=build-release BUILD_TYPE=Release CMAKE_ARGS=-DBUILD_TESTING=OFF \
        "$ROOT/scripts/setup.sh" >/dev/null
    fi
    DXSEARCH=$ROOT/build-release/cli/dxsearch
  fi
  args+=(--dx "dxsearch=$DXSEARCH")
fi
if [[ " $* " != *" --sets sample "* ]] && [ ! -d "$DATA/corpus" ]; then
  DX_BENCH_DATA=$DATA "$BENCH/corpus-build.sh"
fi
[ "${BENCH_WRITE:-1}" = 1 ] && args+=(--write "$RESULTS")
cd "$ROOT"
exec /usr/bin/python3 "$BENCH/relevance.py" --data "$DATA" "${args[@]}"
