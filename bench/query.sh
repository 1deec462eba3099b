#!/usr/bin/env bash
# Query latency: dxsearch (`query --batch`, one process) vs Groonga 13
# (`select`, one process) over bench/queries.txt, on the indexes that
# bench/index.sh leaves in bench/data/run/ (built here if missing).
#
#   bench/query.sh                 # measure, write the Query section of RESULTS.md
#   BENCH_PASSES=5 bench/query.sh  # timed passes over the list (default 3)
#   BENCH_WRITE=0 bench/query.sh   # print only
#
# Latency per query is what each engine reports for the search itself:
# dxsearch's `took_ms`, Groonga's elapsed time in each response header.
# One untimed warm-up pass runs first.  Both return the top 10 with a
# highlighted snippet: dxsearch its passages (one per article), Groonga
# `snippet_html(body)` of whole pages sorted by score, matching
# `title * 2 || body` with TokenMecab/NormalizerAuto.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
DATA=${DX_BENCH_DATA:-$BENCH/data}
WORK=$DATA/run
PASSES=${BENCH_PASSES:-3}
RESULTS=${BENCH_RESULTS:-$BENCH/RESULTS.md}
QUERIES=${BENCH_QUERIES:-$BENCH/queries.txt}

if [ -z "${DXSEARCH:-}" ]; then
  if [ ! -x "$ROOT/build-release/cli/dxsearch" ]; then
    BUILD_DIR=build-release BUILD_TYPE=Release CMAKE_ARGS=-DBUILD_TESTING=OFF \
      "$ROOT/scripts/setup.sh" >/dev/null
  fi
  DXSEARCH=$ROOT/build-release/cli/dxsearch
fi
DXSEARCH=$(realpath "$DXSEARCH")
export DXSEARCH
if [ ! -d "$WORK/dx.db" ] || [ ! -e "$WORK/groonga/db" ]; then
  echo "bench: no indexes in $WORK; running bench/index.sh once" >&2
  BENCH_RUNS=1 BENCH_WRITE=0 BENCH_MAX_LOAD=99 "$BENCH/index.sh" >/dev/null
fi

# Each process starts with one untimed query (the first of the list again):
# MeCab's model is loaded at the first query, not at open, in Groonga.
Q=$WORK/queries.txt
grep -v -e '^#' -e '^[[:space:]]*$' "$QUERIES" > "$WORK/queries.list"
{ head -n 1 "$WORK/queries.list"; cat "$WORK/queries.list"; } > "$Q"
python3 - "$Q" "$WORK/select.grn" <<'EOF'
import sys
with open(sys.argv[2], "w", encoding="utf-8") as o:
    for q in open(sys.argv[1], encoding="utf-8"):
        q = q.strip().replace("\\", "\\\\").replace("'", "\\'")
        o.write("select Docs --match_columns 'title * 2 || body' "
                "--query '%s' --sort_keys -_score --limit 10 "
                "--output_columns '_key, _score, snippet_html(body)' "
                "--command_version 3\n" % q)
EOF

run_dx() {
  (cd "$DATA" && "$DXSEARCH" query --db "$WORK/dx.db" --limit 10 --batch "$Q")
}
run_groonga() {
  MECABRC=$WORK/mecabrc groonga "$WORK/groonga/db" < "$WORK/select.grn"
}

run_dx > /dev/null
run_groonga > /dev/null
: > "$WORK/dx-query.jsonl"
: > "$WORK/groonga-query.jsonl"
for pass in $(seq 1 "$PASSES"); do
  s=$(date +%s.%N)
  run_dx >> "$WORK/dx-query.jsonl"
  e=$(date +%s.%N)
  echo "dx $pass $s $e" >> "$WORK/query-walls.txt.$$"
  s=$(date +%s.%N)
  run_groonga >> "$WORK/groonga-query.jsonl"
  e=$(date +%s.%N)
  echo "groonga $pass $s $e" >> "$WORK/query-walls.txt.$$"
done
mv "$WORK/query-walls.txt.$$" "$WORK/query-walls.txt"

python3 - "$Q" "$WORK" "$PASSES" "$WORK/query-section.md" <<'EOF'
import json, subprocess, sys, time
qfile, work, passes, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
queries = [l.strip() for l in open(qfile, encoding="utf-8")][1:]
per = len(queries) + 1  # responses per process: warm-up + the list

def pct(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]

dx, dx_zero, dx_err = [], set(), []
for i, line in enumerate(open(work + "/dx-query.jsonl", encoding="utf-8")):
    if i % per == 0:
        continue
    r = json.loads(line)
    q = queries[i % per - 1]
    if "error" in r:
        dx_err.append(q)
        continue
    dx.append(r["took_ms"])
    if not r["results"]:
        dx_zero.add(q)

gr, gr_zero, gr_err = [], set(), []
for i, line in enumerate(open(work + "/groonga-query.jsonl", encoding="utf-8")):
    if i % per == 0:
        continue
    r = json.loads(line)
    q = queries[i % per - 1]
    h = r.get("header", {})
    if h.get("return_code", 0) != 0:
        gr_err.append(q)
        continue
    gr.append(h["elapsed_time"] * 1000.0)
    if not r["body"]["n_hits"]:
        gr_zero.add(q)

walls = {}
for line in open(work + "/query-walls.txt"):
    who, _, s, e = line.split()
    walls.setdefault(who, []).append(float(e) - float(s))

rows = []
for name, xs, zero, err in (("dxsearch", dx, dx_zero, dx_err),
                            ("Groonga", gr, gr_zero, gr_err)):
    w = walls["dx" if name == "dxsearch" else "groonga"]
    rows.append((name, len(xs), pct(xs, 50), pct(xs, 90), pct(xs, 99),
                 max(xs), sum(xs) / len(xs),
                 sorted(w)[len(w) // 2] / per * 1000.0,
                 sorted(zero), sorted(set(err))))

print("%-9s %5s %8s %8s %8s %8s %8s %12s" % (
    "engine", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms",
    "wall/query"))
for r in rows:
    print("%-9s %5d %8.2f %8.2f %8.2f %8.2f %8.2f %9.2f ms" % r[:8])
    if r[8]:
        print("  no hits: " + ", ".join(r[8]))
    if r[9]:
        print("  errors: " + ", ".join(r[9]))
print("p50/p99 ratio dxsearch/Groonga: %.2f / %.2f" % (
    rows[0][2] / rows[1][2], rows[0][4] / rows[1][4]))

env = subprocess.run(["bash", "-c",
    "echo \"$(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), "
    "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)\""],
    capture_output=True, text=True).stdout.strip()
md = ["## Query latency (issue 3)", "",
      "Written by `bench/query.sh` on %s. %d queries (`bench/queries.txt`: "
      "words, compounds, multi-word, quoted phrases and inflected phrases "
      "about the manuals in the corpus), %d timed passes after one warm-up "
      "pass, over the indexes that `bench/index.sh` built (see Indexing). "
      "Latency is each engine's own search time per query (dxsearch "
      "`took_ms` from `query --batch`, Groonga's elapsed time from "
      "`select`); each process answers one untimed query first (Groonga "
      "loads MeCab's model at its first query). Wall per query is a whole "
      "pass (one process: start-up, index open, output) over its number "
      "of queries." % (
          env, len(queries), passes), "",
      "```sh",
      "bench/query.sh   # after bench/corpus-build.sh and bench/index.sh",
      "(cd bench/data && dxsearch query --db run/dx.db --limit 10 "
      "--batch run/queries.txt)",
      "MECABRC=run/mecabrc groonga run/groonga/db < run/select.grn   "
      "# select … --match_columns 'title * 2 || body' --sort_keys -_score "
      "--limit 10 --output_columns '_key, _score, snippet_html(body)'",
      "```", "",
      "| engine | queries timed | p50 ms | p90 ms | p99 ms | max ms | "
      "mean ms | wall per query ms |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |"]
for r in rows:
    md.append("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |" % r[:8])
md.append("")
for r in rows:
    if r[8]:
        md.append("%s found nothing for: %s." % (r[0], ", ".join(
            "`%s`" % q for q in r[8])))
    if r[9]:
        md.append("%s errors for: %s." % (r[0], ", ".join(
            "`%s`" % q for q in r[9])))
md.append("")
md.append("Not quite the same clock: dxsearch's `took_ms` is the search "
          "itself (DESIGN.md), without highlighting, snippets and JSON, while "
          "Groonga's elapsed time includes `snippet_html()` and its output; "
          "the wall-per-query column covers everything for both. The work "
          "differs too: dxsearch runs a relaxed second tier and collapses "
          "passages per article; Groonga ranks whole pages.")
with open(out, "w", encoding="utf-8") as fh:
    fh.write("\n".join(md) + "\n")
EOF
if [ "${BENCH_WRITE:-1}" = 1 ]; then
  python3 "$BENCH/results_section.py" "$RESULTS" "## Query latency (issue 3)" \
    < "$WORK/query-section.md"
  echo "bench: wrote the Query latency section of $RESULTS" >&2
fi
