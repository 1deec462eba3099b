#!/usr/bin/env python3
"""Summarise a bench/index.sh run: print a table and write the
"## Indexing (issue 3)" section of bench/RESULTS.md.

    index_report.py TIMES.tsv CORPUS-STATS.json ENV.tsv PACKAGES.txt OUT.md

TIMES.tsv has one row per timed command (run, step, wall_s, user_s, sys_s,
maxrss_kb); Groonga's two processes (groonga-load, groonga-index) are
added up per run into "groonga" (wall and CPU summed, RSS the larger).
Each figure is the median over runs; the spread is (max - min) / median.
"""

import json
import re
import statistics
import sys

TARGET_GROONGA = 1.0      # dxsearch / Groonga throughput
TARGET_MECAB = 0.7        # dxsearch / single-thread raw mecab throughput
TARGET_RSS_MB = 400
TARGET_AGAIN_S = 2.0


def load_times(path):
    runs = {}
    with open(path) as fh:
        next(fh)
        for line in fh:
            run, step, wall, user, sys_, rss = line.rstrip("\n").split("\t")
            r = runs.setdefault(step, {})
            r[int(run)] = {"wall": float(wall),
                           "cpu": float(user) + float(sys_),
                           "rss": int(rss) / 1024.0}
    if "groonga-load" in runs and "groonga-index" in runs:
        g = {}
        for run, a in runs["groonga-load"].items():
            b = runs["groonga-index"][run]
            g[run] = {"wall": a["wall"] + b["wall"], "cpu": a["cpu"] + b["cpu"],
                      "rss": max(a["rss"], b["rss"])}
        runs["groonga"] = g
    return runs


def summary(per_run):
    walls = [v["wall"] for v in per_run.values()]
    med = statistics.median(walls)
    return {"wall": med, "min": min(walls), "max": max(walls),
            "spread": (max(walls) - min(walls)) / med if med else 0.0,
            "cpu": statistics.median(v["cpu"] for v in per_run.values()),
            "rss": max(v["rss"] for v in per_run.values()),
            "n": len(walls)}


def load_env(path):
    env = {"load": [], "pkg": []}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            k, _, v = line.rstrip("\n").partition("\t")
            if k in ("load", "pkg"):
                env[k].append(v)
            else:
                env[k] = v
    return env


def main():
    times, stats_path, env_path, pkgs_path, out = sys.argv[1:6]
    runs = load_times(times)
    stats = json.load(open(stats_path))
    env = load_env(env_path)
    pkgs = [l.split() for l in open(pkgs_path) if l.strip()]
    text_mb = stats["text_bytes"] / 1e6
    html_mb = stats["html_bytes"] / 1e6
    s = {k: summary(v) for k, v in runs.items()}
    mb = 1e6

    def mbs(step, size):
        return size / s[step]["wall"] if s[step]["wall"] > 0 else float("inf")

    rows = [
        ("raw mecab, 1 thread (plain.txt)", "mecab", True, None),
        ("dxsearch index, fresh", "dx", True, int(env["dx_db_bytes"]) / mb),
        ("dxsearch index, again (nothing changed)", "dx-again", True, None),
        ("dxsearch index --jobs 1, fresh (information)", "dx-j1", True, None),
        ("Groonga load + index", "groonga", False,
         int(env["groonga_db_bytes"]) / mb),
        ("  Groonga load (groonga -n, `load`)", "groonga-load", False, None),
        ("  Groonga index (`column_create` COLUMN_INDEX)", "groonga-index",
         False, None),
    ]
    table = ["| step | wall s, median (min–max) | spread | CPU s | "
             "MB/s text | MB/s HTML | peak RSS MB | index MB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label, step, _, size in rows:
        if step not in s:
            continue
        v = s[step]
        html = "%.2f" % mbs(step, html_mb) if step.startswith("dx") else "–"
        text = "%.2f" % mbs(step, text_mb)
        if step == "dx-again":   # reads nothing new: no throughput
            html = text = "–"
        table.append("| %s | %.2f (%.2f–%.2f) | %.0f%% | %.2f | %s | %s | "
                     "%.0f | %s |" % (
                         label, v["wall"], v["min"], v["max"],
                         100 * v["spread"], v["cpu"], text,
                         html, v["rss"], "%.1f" % size if size else "–"))

    r_groonga = s["groonga"]["wall"] / s["dx"]["wall"]
    r_mecab = s["mecab"]["wall"] / s["dx"]["wall"]
    rss = max(s["dx"]["rss"], s["dx-again"]["rss"])
    again = s["dx-again"]["wall"]

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    targets = [
        "| target | measured | |",
        "| --- | --- | --- |",
        "| dxsearch ÷ Groonga throughput ≥ %.1f | %.2f (%.2f vs %.2f MB/s) | %s |"
        % (TARGET_GROONGA, r_groonga, mbs("dx", text_mb),
           mbs("groonga", text_mb), verdict(r_groonga >= TARGET_GROONGA)),
        "| dxsearch ÷ raw mecab (1 thread) ≥ %.1f | %.2f (%.2f vs %.2f MB/s) | %s |"
        % (TARGET_MECAB, r_mecab, mbs("dx", text_mb), mbs("mecab", text_mb),
           verdict(r_mecab >= TARGET_MECAB)),
        "| peak RSS < %d MB | %.0f MB | %s |"
        % (TARGET_RSS_MB, rss, verdict(rss < TARGET_RSS_MB)),
        "| re-run, nothing changed, < %.0f s | %.2f s | %s |"
        % (TARGET_AGAIN_S, again, verdict(again < TARGET_AGAIN_S)),
    ]

    n = s["dx"]["n"]
    dirty = env.get("dirty", "0")
    rev = env.get("dxsearch", "?") + (
        " + %s uncommitted files" % dirty if dirty not in ("", "0") else "")
    cpu_dx = s["dx"]["cpu"] / s["dx"]["wall"] if s["dx"]["wall"] else 0
    md = []
    md.append("## Indexing (issue 3)")
    md.append("")
    md.append("Written by `bench/index.sh` on %s. Machine: %s, %s cores, %s, "
              "%s. Load average (1/5/15 min) at the start of each run: %s; "
              "after: %s." % (env["date"], env["cpu"], env["cores"],
                              env["mem"], env["os"], "; ".join(env["load"]),
                              env["load_after"]))
    md.append("")
    md.append("Versions: dxsearch %s (the tree when the run started), %s "
              "build; Debian packages %s." % (
        rev, env.get("build_type", "?"), ", ".join(env["pkg"])))
    md.append("")
    md.append(
        "Corpus: %d Japanese HTML pages, **%.1f MB of HTML, %.1f MB of "
        "extracted text** (UTF-8; MB = 10^6 bytes), from Debian 12's %s. "
        "`bench/corpus-build.sh` keeps the pages whose kana make up at least "
        "%d%% of their non-blank characters (untranslated pages fall below), "
        "and drops byte- or text-duplicates and LilyPond's one-page copies "
        "of its manuals (%s). %d page(s) were not UTF-8." % (
            stats["kept"], html_mb, text_mb,
            ", ".join("%s %s" % (p[0], p[1]) for p in pkgs),
            round(100 * stats["min_kana"]),
            ", ".join("%s: %d" % kv for kv in sorted(stats["dropped"].items())),
            stats["non_utf8"]))
    md.append("")
    md.append("### Reproduce")
    md.append("")
    md.append("```sh")
    md.append("bench/corpus-build.sh   # apt-get download + dpkg-deb -x of the "
              "doc packages -> bench/data/")
    md.append("bench/index.sh          # builds dxsearch (Release), times "
              "everything %d times, rewrites this section" % n)
    md.append("```")
    md.append("")
    md.append("Timed, in this order in each run, from `bench/data/` "
              "(`run/` is scratch):")
    md.append("")
    md.append("```sh")
    md.append("mecab -r /dev/null -d /var/lib/mecab/dic/ipadic-utf8 "
              "-b 1048576 -Owakati -o /dev/null plain.txt")
    md.append("rm -rf run/dx.db; dxsearch index --db run/dx.db corpus  "
              "# fresh")
    md.append("dxsearch index --db run/dx.db corpus                    "
              "# again, nothing changed")
    if "dx-j1" in s:
        md.append("rm -rf run/dx-j1.db; dxsearch index --jobs 1 --db "
                  "run/dx-j1.db corpus  # one analysis thread")
    md.append("MECABRC=run/mecabrc groonga -n run/groonga/db < run/load.grn  "
              "# Docs table, `load` of path/title/body")
    md.append("MECABRC=run/mecabrc groonga run/groonga/db < run/index.grn    "
              "# Terms: TokenMecab, NormalizerAuto; COLUMN_INDEX|WITH_POSITION|"
              "WITH_SECTION on title,body")
    md.append("```")
    md.append("")
    md.append("`run/mecabrc` pins IPADIC UTF-8 for Groonga's TokenMecab (the "
              "dictionary dxsearch uses). Each command runs under "
              "`/usr/bin/time -f '%e %U %S %M'`.")
    md.append("")
    md.append("### Results (median of %d runs)" % n)
    md.append("")
    md.extend(table)
    md.append("")
    md.append(
        "MB/s text = the %.1f MB of extracted text over wall time, for every "
        "tool (dxsearch reads the %.1f MB of HTML and extracts the text "
        "itself, inside its timing; Groonga and mecab get the text ready-made). "
        "CPU s = user + system; per wall second dxsearch used %.2f CPU s "
        "(its default: one analysis thread per core, plus the writer), mecab "
        "%.2f and Groonga %.2f (single-threaded); the targets compare wall "
        "times, so dxsearch's threads count for it. "
        "Spread = (max − min) / median of the wall times. Index MB = `du -sb`. "
        "dxsearch's summary: `%s`; again: `%s`." % (
            text_mb, html_mb, cpu_dx,
            s["mecab"]["cpu"] / s["mecab"]["wall"],
            s["groonga"]["cpu"] / s["groonga"]["wall"],
            env.get("dx_summary", ""),
            env.get("dx_again_summary", "")))
    md.append("")
    m = re.search(r"\((\d+) passages\)", env.get("dx_summary", ""))
    npass = m.group(1) + " passages" if m else "see its summary"
    md.append("Not the same work: Groonga indexes %d records (whole pages) "
              "from text extracted beforehand, dxsearch parses the HTML and "
              "writes one Xapian document per passage (%s), with the "
              "passage text stored in each; both keep positions. Raw mecab "
              "only segments." % (stats["kept"], npass))
    md.append("")
    md.append("### Targets")
    md.append("")
    md.extend(targets)
    md.append("")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(md))

    print("corpus: %d pages, %.1f MB HTML, %.1f MB text" % (
        stats["kept"], html_mb, text_mb))
    print("%-28s %8s %15s %6s %7s %9s %9s %7s" % (
        "step", "wall s", "min-max", "sprd", "CPU s", "MB/s txt",
        "MB/s HTML", "RSS MB"))
    for label, step, _, _ in rows:
        if step not in s:
            continue
        v = s[step]
        no_mbs = step == "dx-again"
        print("%-28s %8.2f %7.2f-%-7.2f %5.0f%% %7.2f %9s %9s %7.0f" % (
            step, v["wall"], v["min"], v["max"], 100 * v["spread"], v["cpu"],
            "-" if no_mbs else "%.2f" % mbs(step, text_mb),
            "%.2f" % mbs(step, html_mb)
            if step.startswith("dx") and not no_mbs else "-",
            v["rss"]))
    print("index size: dxsearch %.1f MB, Groonga %.1f MB" % (
        int(env["dx_db_bytes"]) / mb, int(env["groonga_db_bytes"]) / mb))
    print("ratios: dxsearch/Groonga %.2f (target >= %.1f %s), "
          "dxsearch/mecab %.2f (target >= %.1f %s)" % (
              r_groonga, TARGET_GROONGA,
              "met" if r_groonga >= TARGET_GROONGA else "NOT met",
              r_mecab, TARGET_MECAB,
              "met" if r_mecab >= TARGET_MECAB else "NOT met"))
    print("peak RSS %.0f MB (target < %d %s); re-run %.2f s (target < %.0f %s)"
          % (rss, TARGET_RSS_MB, "met" if rss < TARGET_RSS_MB else "NOT met",
             again, TARGET_AGAIN_S,
             "met" if again < TARGET_AGAIN_S else "NOT met"))


if __name__ == "__main__":
    main()
