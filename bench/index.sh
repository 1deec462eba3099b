#!/usr/bin/env bash
# Indexing benchmark (issue 3): dxsearch vs raw MeCab vs Groonga 13 on the
# Japanese corpus of bench/corpus-build.sh, in one run.
#
#   bench/index.sh                      # build (Release), measure, write RESULTS.md
#   DXSEARCH=/path/to/dxsearch bench/index.sh
#   BENCH_RUNS=5 bench/index.sh         # repetitions (median is reported)
#   BENCH_WRITE=0 bench/index.sh        # print only, leave RESULTS.md alone
#
# Each repetition times, one after another (so that drift in the machine's
# load hits all tools alike):
#   mecab    raw MeCab, single thread, over data/plain.txt (the extracted
#            text): the tokenizer's own speed (-b 1048576: a few lines are
#            longer than MeCab's default 8 KiB input buffer, which would
#            split them with a warning)
#   dx       `dxsearch index` of data/corpus/ (HTML) into a fresh index
#   dx-again the same command again, nothing changed
#   dx-j1    `dxsearch index --jobs 1` into a fresh index (when the binary
#            has --jobs): dxsearch's single-thread speed, for information
#   groonga  Groonga 13 (Debian), TokenMecab + NormalizerAuto: load the same
#            pages' text into a table (`groonga -n`), then build the index
#            column over title and body (static indexing, Groonga's fastest)
# with /usr/bin/time (wall, CPU, max RSS).  MeCab and Groonga read IPADIC
# UTF-8 by path, the dictionary dxsearch pins.  Throughput is the extracted
# text's MB (10^6 bytes) over wall time for every tool; dxsearch's HTML MB/s
# is given as well.  The report is bench/index_report.py.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
DATA=${DX_BENCH_DATA:-$BENCH/data}
WORK=$DATA/run
RUNS=${BENCH_RUNS:-3}
RESULTS=${BENCH_RESULTS:-$BENCH/RESULTS.md}
MAX_LOAD=${BENCH_MAX_LOAD:-0.7}   # wait (up to BENCH_WAIT s) for a calmer machine
WAIT=${BENCH_WAIT:-300}
IPADIC=/var/lib/mecab/dic/ipadic-utf8

PACKAGES=(time python3 mecab mecab-ipadic-utf8 groonga-bin groonga-tokenizer-mecab)
. "$BENCH/packages.sh"
bench_install "${PACKAGES[@]}"

if [ -z "${DXSEARCH:-}" ]; then
  # setup.sh installs the build dependencies; no tests needed here.
  BUILD_DIR=build-release BUILD_TYPE=Release CMAKE_ARGS=-DBUILD_TESTING=OFF \
    "$ROOT/scripts/setup.sh" >/dev/null
  DXSEARCH=$ROOT/build-release/cli/dxsearch
fi
DXSEARCH=$(realpath "$DXSEARCH")
[ -x "$DXSEARCH" ] || { echo "bench: no dxsearch at $DXSEARCH" >&2; exit 1; }
[ -s "$DATA/plain.txt" ] && [ -d "$DATA/corpus" ] || "$BENCH/corpus-build.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
TIMES=$WORK/times.tsv
printf 'run\tstep\twall_s\tuser_s\tsys_s\tmaxrss_kb\n' > "$TIMES"

# Groonga: MeCab reads $MECABRC; pin IPADIC UTF-8 there.
printf 'dicdir = %s\n' "$IPADIC" > "$WORK/mecabrc"
python3 - "$DATA/docs.jsonl" "$WORK/load.grn" "$WORK/index.grn" <<'EOF'
import json, sys
src, load, index = sys.argv[1:4]
with open(load, "w", encoding="utf-8") as o:
    o.write("table_create Docs TABLE_HASH_KEY ShortText\n"
            "column_create Docs title COLUMN_SCALAR ShortText\n"
            "column_create Docs body COLUMN_SCALAR LongText\n"
            "load --table Docs\n[\n")
    sep = ""
    for line in open(src, encoding="utf-8"):
        d = json.loads(line)
        o.write(sep + json.dumps({"_key": d["path"], "title": d["title"],
                                  "body": d["text"]}, ensure_ascii=False))
        sep = ",\n"
    o.write("\n]\n")
with open(index, "w") as o:
    o.write("table_create Terms TABLE_PAT_KEY ShortText "
            "--default_tokenizer TokenMecab --normalizer NormalizerAuto\n"
            "column_create Terms docs_index "
            "COLUMN_INDEX|WITH_POSITION|WITH_SECTION Docs title,body\n")
EOF

# timed RUN STEP OUT CMD... : run CMD under /usr/bin/time with stdout and
# stderr to OUT, append a row to $TIMES.
timed() {
  local run=$1 step=$2 out=$3; shift 3
  local t=$WORK/time.$$
  if ! /usr/bin/time -f '%e\t%U\t%S\t%M' -o "$t" "$@" > "$out" 2>&1; then
    echo "bench: $step failed (run $run): $*" >&2
    tail -n 5 "$out" "$t" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\n' "$run" "$step" "$(tail -n 1 "$t")" >> "$TIMES"
}

# Groonga answers every command with [[rc, ...]]; rc < 0 is an error.
groonga_ok() {
  if grep -q '^\[\[-' "$1"; then
    echo "bench: groonga error:" >&2
    grep '^\[\[-' "$1" | head -3 >&2
    exit 1
  fi
}

wait_quiet() {
  local waited=0 load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    python3 -c "import sys; sys.exit(0 if $load < $MAX_LOAD else 1)" && return 0
    if ((waited >= WAIT)); then
      echo "bench: load $load still >= $MAX_LOAD after ${WAIT}s; measuring anyway" >&2
      return 0
    fi
    sleep 10
    waited=$((waited + 10))
  done
}

# Page cache: every tool reads its input from memory.
cat "$DATA/plain.txt" "$WORK/load.grn" > /dev/null
find "$DATA/corpus" -type f -exec cat {} + > /dev/null

# The tree as the run starts (the binary may be older: DXSEARCH=...).
REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
DIRTY=$(git -C "$ROOT" --no-optional-locks status --porcelain 2>/dev/null | grep -vc '^??' || true)

HAS_JOBS=0
"$DXSEARCH" index --help 2>&1 | grep -q -- '--jobs' && HAS_JOBS=1

LOADS=()
for run in $(seq 1 "$RUNS"); do
  wait_quiet
  LOADS+=("$(cut -d' ' -f1-3 /proc/loadavg)")
  echo "bench: run $run/$RUNS (load ${LOADS[-1]})" >&2

  timed "$run" mecab "$WORK/mecab.out" mecab -r /dev/null -d "$IPADIC" \
    -b 1048576 -Owakati -o /dev/null "$DATA/plain.txt"

  rm -rf "$WORK/dx.db"
  (cd "$DATA" && timed "$run" dx "$WORK/dx.out" \
     "$DXSEARCH" index --db "$WORK/dx.db" corpus)
  (cd "$DATA" && timed "$run" dx-again "$WORK/dx-again.out" \
     "$DXSEARCH" index --db "$WORK/dx.db" corpus)

  if ((HAS_JOBS)); then
    rm -rf "$WORK/dx-j1.db"
    (cd "$DATA" && timed "$run" dx-j1 "$WORK/dx-j1.out" \
       "$DXSEARCH" index --jobs 1 --db "$WORK/dx-j1.db" corpus)
    rm -rf "$WORK/dx-j1.db"
  fi

  rm -rf "$WORK/groonga"
  mkdir -p "$WORK/groonga"
  MECABRC=$WORK/mecabrc timed "$run" groonga-load "$WORK/groonga-load.out" \
    groonga -n "$WORK/groonga/db" < "$WORK/load.grn"
  groonga_ok "$WORK/groonga-load.out"
  MECABRC=$WORK/mecabrc timed "$run" groonga-index "$WORK/groonga-index.out" \
    groonga "$WORK/groonga/db" < "$WORK/index.grn"
  groonga_ok "$WORK/groonga-index.out"
done

rm -f "$WORK"/time.*

# Facts for the report.
pkgver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo '?'; }
ENV=$WORK/env.tsv
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' \
  "$(dirname "$(dirname "$DXSEARCH")")/CMakeCache.txt" 2>/dev/null || true)
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'cpu\t%s\n' "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
  printf 'cores\t%s\n' "$(nproc)"
  printf 'mem\t%s\n' "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  printf 'os\tDebian %s, Linux %s\n' "$(cat /etc/debian_version)" "$(uname -r)"
  for l in "${LOADS[@]}"; do printf 'load\t%s\n' "$l"; done
  printf 'load_after\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'dxsearch\t%s\n' "$REV"
  printf 'dirty\t%s\n' "$DIRTY"
  printf 'build_type\t%s\n' "${build_type:-?}"
  printf 'dxsearch_bin\t%s\n' "$DXSEARCH"
  for p in mecab mecab-ipadic-utf8 libxapian30 groonga-bin groonga-tokenizer-mecab; do
    printf 'pkg\t%s %s\n' "$p" "$(pkgver "$p")"
  done
  printf 'dx_db_bytes\t%s\n' "$(du -sb "$WORK/dx.db" | cut -f1)"
  printf 'groonga_db_bytes\t%s\n' "$(du -sb "$WORK/groonga" | cut -f1)"
  printf 'dx_summary\t%s\n' "$(tail -n 1 "$WORK/dx.out")"
  printf 'dx_again_summary\t%s\n' "$(tail -n 1 "$WORK/dx-again.out")"
} > "$ENV"

python3 "$BENCH/index_report.py" "$TIMES" "$DATA/corpus-stats.json" "$ENV" \
  "$DATA/packages.txt" "$WORK/section.md"
if [ "${BENCH_WRITE:-1}" = 1 ]; then
  python3 "$BENCH/results_section.py" "$RESULTS" "## Indexing (issue 3)" \
    < "$WORK/section.md"
  echo "bench: wrote the Indexing section of $RESULTS" >&2
fi
