#!/usr/bin/env bash
# Build the benchmark corpus: Japanese HTML manuals from Debian 12's doc
# packages, in bench/data/ (gitignored).
#
#   bench/corpus-build.sh          # build (re-uses downloaded .debs)
#   DX_BENCH_DATA=/tmp/d bench/corpus-build.sh
#
# Output:
#   data/corpus/<package>/...html  the Japanese pages, unchanged
#   data/plain.txt                 their text (html.parser), for raw mecab
#                                  and the baselines
#   data/docs.jsonl                {"path","title","text"} per page
#   data/corpus-stats.json         counts, bytes, dropped pages and why
#   data/packages.txt              package name and version used
#
# The packages are fetched with `apt-get download` and unpacked with
# `dpkg-deb -x` into data/, not installed: installing them would pull
# ~250 MB of dependencies (lilypond-doc-html, gimp-help-common, scilab-doc,
# a web browser) into the system for nothing.  Page selection (kana share,
# de-duplication) is in bench/corpus_extract.py.
set -euo pipefail
cd "$(dirname "$0")"
DATA=${DX_BENCH_DATA:-$PWD/data}
MIN_MB=${DX_BENCH_MIN_MB:-20}

# Japanese documentation in Debian 12 (bookworm).  scilab-doc-ja is one
# JavaHelp jar of HTML pages; debian-edu-doc-ja's manuals are one page each.
DOC_PACKAGES=(
  lilypond-doc-html-ja scilab-doc-ja gimp-help-ja debian-reference-ja
  kicad-doc-ja debian-edu-doc-ja debian-policy-ja aptitude-doc-ja
)
TOOLS=(python3 unzip)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
apt_quiet() { $SUDO env DEBIAN_FRONTEND=noninteractive "$@"; }

missing=()
for p in "${TOOLS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
if ! apt-cache policy "${DOC_PACKAGES[0]}" 2>/dev/null | grep -q 'Candidate: [0-9]' \
   || ((${#missing[@]})); then
  apt_quiet apt-get update -qq
fi
if ((${#missing[@]})); then
  echo "corpus-build: installing ${missing[*]}" >&2
  apt_quiet apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$DATA/debs"
(
  cd "$DATA/debs"
  need=()
  for p in "${DOC_PACKAGES[@]}"; do
    v=$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then
      echo "corpus-build: $p is not in the apt lists; skipped" >&2
      continue
    fi
    ls "${p}"_*.deb >/dev/null 2>&1 || need+=("$p")
  done
  if ((${#need[@]})); then
    echo "corpus-build: downloading ${need[*]}" >&2
    # apt-get download warns when the _apt user cannot write here; harmless.
    apt-get download "${need[@]}" 2>&1 | grep -v -e '^Get:' -e 'unsandboxed' >&2 || true
  fi
)

rm -rf "$DATA/unpacked" "$DATA/corpus"
mkdir -p "$DATA/unpacked" "$DATA/corpus"
: > "$DATA/packages.txt"
for deb in "$DATA"/debs/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  printf '%s %s\n' "$pkg" "$(dpkg-deb -f "$deb" Version)" >> "$DATA/packages.txt"
  dpkg-deb -x "$deb" "$DATA/unpacked/$pkg"
  # JavaHelp jars (scilab) are zip files of HTML pages in one folder.
  while IFS= read -r -d '' jar; do
    unzip -q -o "$jar" '*.htm' '*.html' -d "$(dirname "$jar")" 2>/dev/null || true
  done < <(find "$DATA/unpacked/$pkg" -name '*.jar' -print0)
done

python3 corpus_extract.py "$DATA/unpacked" "$DATA/corpus" "$DATA/plain.txt" \
  "$DATA/docs.jsonl" "$DATA/corpus-stats.json"
rm -rf "$DATA/unpacked"

python3 - "$DATA/corpus-stats.json" "$MIN_MB" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print("corpus: %d pages, %.1f MB HTML, %.1f MB text (UTF-8), %d not UTF-8"
      % (s["kept"], s["html_bytes"] / 1e6, s["text_bytes"] / 1e6, s["non_utf8"]))
for p, v in sorted(s["packages"].items()):
    print("  %-22s %5d pages %6.1f MB HTML %6.1f MB text"
          % (p, v["pages"], v["html_bytes"] / 1e6, v["text_bytes"] / 1e6))
print("dropped: " + ", ".join("%s %d" % kv for kv in sorted(s["dropped"].items())))
if s["html_bytes"] < float(sys.argv[2]) * 1e6:
    sys.exit("corpus-build: only %.1f MB of Japanese HTML, want %s MB"
             % (s["html_bytes"] / 1e6, sys.argv[2]))
EOF
